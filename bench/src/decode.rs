//! Scenario 1, decode: our typed decode (the runtime's `decode_event`) vs `aws_lambda_events`
//! vs the parse floor (`serde::de::IgnoredAny`), same bytes, same process; then the decode
//! levers on lean hand-written models.

use std::hint::black_box;

use compact_str::CompactString;
use serde::de::IgnoredAny;
use serde::Deserialize;

use crate::lean::{self, BStr};
use crate::report::{per_sec, ratio, Table};
use crate::timing::{measure, Contender, Plan};
use crate::Options;

/// A sample event of `bench/events/`.
pub struct Sample {
    /// Row label.
    pub name: &'static str,
    /// The minified JSON.
    pub bytes: &'static [u8],
    /// Whether the issue's ≥ 1.8× target applies (S3, SNS, SQS).
    pub fast_target: bool,
}

/// Every sample, in table order.
pub fn samples() -> Vec<Sample> {
    let trim = |s: &'static str| s.trim_end().as_bytes();
    vec![
        Sample {
            name: "s3-put",
            bytes: trim(include_str!("../events/s3-put.json")),
            fast_target: true,
        },
        Sample {
            name: "sns",
            bytes: trim(include_str!("../events/sns.json")),
            fast_target: true,
        },
        Sample {
            name: "sqs-1",
            bytes: trim(include_str!("../events/sqs-1.json")),
            fast_target: true,
        },
        Sample {
            name: "sqs-10",
            bytes: trim(include_str!("../events/sqs-10.json")),
            fast_target: true,
        },
        Sample {
            name: "dynamodb-stream",
            bytes: trim(include_str!("../events/dynamodb-stream.json")),
            fast_target: false,
        },
        Sample {
            name: "apigw-v2",
            bytes: trim(include_str!("../events/apigw-v2.json")),
            fast_target: false,
        },
        Sample {
            name: "cognito-pre-sign-up",
            bytes: trim(include_str!("../events/cognito-pre-sign-up.json")),
            fast_target: false,
        },
    ]
}

/// Decodes with the runtime's own decode step (what a handler's event goes through).
fn ours<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> T {
    match typed_lambda::decode_event::<T>(bytes) {
        Ok(v) => v,
        Err(e) => panic!(
            "typed-lambda decode of a bench sample failed: {}",
            e.message()
        ),
    }
}

fn theirs<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> T {
    match serde_json::from_slice::<T>(bytes) {
        Ok(v) => v,
        Err(e) => panic!("aws_lambda_events decode of a bench sample failed: {e}"),
    }
}

fn floor(bytes: &[u8]) -> usize {
    serde_json::from_slice::<IgnoredAny>(bytes).map_or(0, |_| 1)
}

/// Our decode of `sample` (records or 1), `None` where we have no model yet.
fn ours_for(name: &str) -> Option<fn(&[u8]) -> usize> {
    use typed_lambda::events as ev;
    Some(match name {
        "s3-put" => |b| ours::<ev::s3::S3Event>(b).records.len(),
        "sns" => |b| ours::<ev::sns::SnsEvent>(b).records.len(),
        "sqs-1" | "sqs-10" => |b| ours::<ev::sqs::SqsEvent>(b).records.len(),
        "dynamodb-stream" => |b| ours::<ev::dynamodb::DynamoDbEvent>(b).records.len(),
        "apigw-v2" => |b| {
            ours::<ev::apigw_v2::ApiGatewayV2HttpRequest>(b)
                .raw_path
                .len()
        },
        "cognito-pre-sign-up" => |b| ours::<ev::cognito::PreSignUpEvent>(b).user_name.len(),
        _ => return None,
    })
}

fn theirs_for(name: &str) -> fn(&[u8]) -> usize {
    use aws_lambda_events::event as ale;
    match name {
        "s3-put" => |b| theirs::<ale::s3::S3Event>(b).records.len(),
        "sns" => |b| theirs::<ale::sns::SnsEvent>(b).records.len(),
        "sqs-1" | "sqs-10" => |b| theirs::<ale::sqs::SqsEvent>(b).records.len(),
        "dynamodb-stream" => |b| theirs::<ale::dynamodb::Event>(b).records.len(),
        "apigw-v2" => |b| {
            theirs::<ale::apigw::ApiGatewayV2httpRequest>(b)
                .raw_path
                .map_or(0, |p| p.len())
        },
        "cognito-pre-sign-up" => |b| {
            theirs::<ale::cognito::CognitoEventUserPoolsPreSignup>(b)
                .cognito_event_user_pools_header
                .user_name
                .map_or(0, |n| n.len())
        },
        other => panic!("no aws_lambda_events model for sample {other}"),
    }
}

/// Decodes sample `name` `n` times with `who` (`ours`, `ale` or `floor`): a loop to run under
/// `valgrind --tool=callgrind` or `perf record` (the profiles in bench/RESULTS.md).
pub fn decode_loop(name: &str, who: &str, n: u64) -> Result<(), String> {
    let sample = samples()
        .into_iter()
        .find(|s| s.name == name)
        .ok_or_else(|| format!("no sample `{name}`"))?;
    let work: fn(&[u8]) -> usize = match who {
        "ours" => ours_for(name).ok_or_else(|| format!("no typed-lambda model for `{name}`"))?,
        "ale" => theirs_for(name),
        "floor" => floor,
        other => return Err(format!("unknown decoder `{other}` (ours, ale, floor)")),
    };
    let mut total = 0;
    for _ in 0..n {
        total += work(black_box(sample.bytes));
    }
    eprintln!("decoded {name} {n} times with {who} ({total} records)");
    Ok(())
}

/// Runs the scenario and returns its tables.
pub fn run(opts: &Options) -> Vec<Table> {
    let plan = if opts.smoke {
        Plan {
            sample: std::time::Duration::from_millis(2),
            rounds: 1,
        }
    } else {
        Plan {
            sample: std::time::Duration::from_millis(30),
            rounds: 9,
        }
    };
    let mut table = Table::new(
        "1. Decode (events/s, median of interleaved samples)",
        &[
            "event",
            "bytes",
            "typed-lambda",
            "aws_lambda_events",
            "floor (IgnoredAny)",
            "ours / ale",
            "ours / floor",
            "ale / floor",
        ],
    );
    let mut missing = Vec::new();
    for sample in samples() {
        let bytes = sample.bytes;
        let their = theirs_for(sample.name);
        let our = ours_for(sample.name);
        // Same answer from both before timing anything.
        if let Some(our) = our {
            assert_eq!(
                our(bytes),
                their(bytes),
                "{}: ours and aws_lambda_events disagree",
                sample.name
            );
        }
        let mut contenders = vec![
            Contender::new(|| their(black_box(bytes))),
            Contender::new(|| floor(black_box(bytes))),
        ];
        if let Some(our) = our {
            contenders.push(Contender::new(move || our(black_box(bytes))));
        }
        let rates = measure(&mut contenders, plan);
        let (ale, fl) = (rates[0], rates[1]);
        let mine = rates.get(2).copied();
        let cell = |x: Option<f64>| x.map_or("no model yet".to_owned(), per_sec);
        table.row(vec![
            sample.name.to_owned(),
            bytes.len().to_string(),
            cell(mine),
            per_sec(ale),
            per_sec(fl),
            mine.map_or("–".into(), |m| ratio(m, ale)),
            mine.map_or("–".into(), |m| ratio(m, fl)),
            ratio(ale, fl),
        ]);
        match mine {
            Some(m) if sample.fast_target => table.target(
                format!("{}: ≥ 1.8× aws_lambda_events", sample.name),
                ratio(m, ale),
                Some(m >= 1.8 * ale),
            ),
            Some(m) => table.target(
                format!("{}: never slower than aws_lambda_events", sample.name),
                ratio(m, ale),
                Some(m >= ale),
            ),
            None => missing.push(sample.name),
        }
    }
    for name in &missing {
        table.target(
            format!("{name}: never slower than aws_lambda_events"),
            "no typed-lambda model yet",
            None,
        );
    }
    vec![table, levers(plan)]
}

/// The decode levers, on S3 and SQS with 10 records.
fn levers(plan: Plan) -> Table {
    use aws_lambda_events::event as ale;
    use typed_lambda::events as ev;
    let mut table = Table::new(
        "1b. Decode levers (events/s; ratio to aws_lambda_events with serde_json)",
        &["variant", "s3-put", "ratio", "sqs-10", "ratio"],
    );
    let s3 = samples()[0].bytes;
    let sqs = samples()[3].bytes;
    type Work = fn(&[u8]) -> usize;
    let variants: Vec<(&str, Work, Work)> = vec![
        (
            "aws_lambda_events, serde_json",
            |b| theirs::<ale::s3::S3Event>(b).records.len(),
            |b| theirs::<ale::sqs::SqsEvent>(b).records.len(),
        ),
        (
            "typed-lambda (generated), decode_event",
            |b| ours::<ev::s3::S3Event>(b).records.len(),
            |b| ours::<ev::sqs::SqsEvent>(b).records.len(),
        ),
        (
            "typed-lambda (generated), serde_json::from_slice",
            |b| theirs::<ev::s3::S3Event>(b).records.len(),
            |b| theirs::<ev::sqs::SqsEvent>(b).records.len(),
        ),
        (
            "aws_lambda_events, from_str after one UTF-8 check",
            |b| utf8_first::<ale::s3::S3Event>(b).records.len(),
            |b| utf8_first::<ale::sqs::SqsEvent>(b).records.len(),
        ),
        (
            "aws_lambda_events, sonic-rs",
            |b| sonic::<ale::s3::S3Event>(b).records.len(),
            |b| sonic::<ale::sqs::SqsEvent>(b).records.len(),
        ),
        (
            "typed-lambda (generated), sonic-rs",
            |b| sonic::<ev::s3::S3Event>(b).records.len(),
            |b| sonic::<ev::sqs::SqsEvent>(b).records.len(),
        ),
        (
            "lean String, serde_json",
            |b| theirs::<lean::S3Event<String>>(b).records.len(),
            |b| theirs::<lean::SqsEvent<String>>(b).records.len(),
        ),
        (
            "lean CompactString, serde_json",
            |b| theirs::<lean::S3Event<CompactString>>(b).records.len(),
            |b| theirs::<lean::SqsEvent<CompactString>>(b).records.len(),
        ),
        (
            "lean borrowed Cow<str>, serde_json",
            |b| theirs::<lean::S3Event<BStr<'_>>>(b).records.len(),
            |b| theirs::<lean::SqsEvent<BStr<'_>>>(b).records.len(),
        ),
        (
            "lean String, sonic-rs",
            |b| sonic::<lean::S3Event<String>>(b).records.len(),
            |b| sonic::<lean::SqsEvent<String>>(b).records.len(),
        ),
        (
            "lean CompactString, sonic-rs",
            |b| sonic::<lean::S3Event<CompactString>>(b).records.len(),
            |b| sonic::<lean::SqsEvent<CompactString>>(b).records.len(),
        ),
        (
            "lean borrowed Cow<str>, sonic-rs",
            |b| sonic::<lean::S3Event<BStr<'_>>>(b).records.len(),
            |b| sonic::<lean::SqsEvent<BStr<'_>>>(b).records.len(),
        ),
        ("floor IgnoredAny, serde_json", floor, floor),
        (
            "floor IgnoredAny, sonic-rs",
            |b| {
                sonic::<IgnoredAny>(b);
                1
            },
            |b| {
                sonic::<IgnoredAny>(b);
                1
            },
        ),
    ];
    let mut contenders = Vec::new();
    for (name, on_s3, on_sqs) in &variants {
        assert_eq!(on_s3(s3), 1, "{name} on s3-put");
        let n = on_sqs(sqs);
        assert!(
            n == 10 || (n == 1 && name.starts_with("floor")),
            "{name} on sqs-10: {n}"
        );
        contenders.push(Contender::new(move || on_s3(black_box(s3))));
        contenders.push(Contender::new(move || on_sqs(black_box(sqs))));
    }
    let rates = measure(&mut contenders, plan);
    let (base_s3, base_sqs) = (rates[0], rates[1]);
    for (i, (name, _, _)) in variants.iter().enumerate() {
        let (a, b) = (rates[2 * i], rates[2 * i + 1]);
        table.row(vec![
            (*name).to_owned(),
            per_sec(a),
            ratio(a, base_s3),
            per_sec(b),
            ratio(b, base_sqs),
        ]);
    }
    table
}

/// What `decode_event` does on its fast path: validate UTF-8 once, then parse as `str`.
fn utf8_first<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> T {
    let text = std::str::from_utf8(bytes).expect("bench samples are UTF-8");
    match serde_json::from_str::<T>(text) {
        Ok(v) => v,
        Err(e) => panic!("decode of a bench sample failed: {e}"),
    }
}

fn sonic<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> T {
    match sonic_rs::from_slice::<T>(bytes) {
        Ok(v) => v,
        Err(e) => panic!("sonic-rs decode of a bench sample failed: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_decodes_with_every_model_we_have() {
        for sample in samples() {
            let n = theirs_for(sample.name)(sample.bytes);
            assert!(n > 0, "{}", sample.name);
            if let Some(our) = ours_for(sample.name) {
                assert_eq!(our(sample.bytes), n, "{}", sample.name);
            }
            assert_eq!(floor(sample.bytes), 1);
        }
    }

    #[test]
    fn samples_are_minified_json() {
        for sample in samples() {
            let value: serde_json::Value = serde_json::from_slice(sample.bytes).unwrap();
            assert_eq!(
                serde_json::to_vec(&value).unwrap().len(),
                sample.bytes.len(),
                "{}",
                sample.name
            );
        }
    }
}
