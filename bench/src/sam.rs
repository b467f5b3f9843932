//! Scenario 6, `sam`: decode speed on the samples AWS's own tool generates
//! (`sam local generate-event s3 put`, `sns notification`, `sqs receive-message`, the files of
//! `tests/fixtures/corpus/sam/`, whitespace removed as Lambda delivers them), in two columns:
//!
//! - **bare models**: `serde_json::from_slice` into our type vs into aws_lambda_events' type (how
//!   envelopes and users decode a payload themselves);
//! - **runtime path**: each runtime's own decode step, `typed_lambda::decode_event` vs what
//!   lambda_runtime 1.5 does with every event (`serde_path_to_error::deserialize` over a
//!   `serde_json::Deserializer::from_slice`, its private `deserializer::deserialize`) into
//!   aws_lambda_events' type.
//!
//! Targets (issue 15): bare ≥ 1.2× aws_lambda_events, runtime path ≥ 1.8× lambda_runtime.

use std::hint::black_box;

use serde::de::DeserializeOwned;

use crate::report::{per_sec, ratio, Table};
use crate::timing::{measure, Contender, Plan};
use crate::Options;

/// `name`, the SAM template's bytes.
fn samples() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        (
            "s3 put",
            minify(include_bytes!(
                "../../tests/fixtures/corpus/sam/s3__put.json"
            )),
        ),
        (
            "sns notification",
            minify(include_bytes!(
                "../../tests/fixtures/corpus/sam/sns__notification.json"
            )),
        ),
        (
            "sqs receive-message",
            minify(include_bytes!(
                "../../tests/fixtures/corpus/sam/sqs__receive-message.json"
            )),
        ),
    ]
}

/// `json` without the whitespace between tokens (strings kept byte for byte, key order kept).
fn minify(json: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for &b in json {
        if in_string {
            out.push(b);
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
        } else if !b.is_ascii_whitespace() {
            in_string = b == b'"';
            out.push(b);
        }
    }
    out
}

fn bare<T: DeserializeOwned>(bytes: &[u8]) -> T {
    serde_json::from_slice(bytes).expect("a SAM sample decodes")
}

fn ours_runtime<T: DeserializeOwned>(bytes: &[u8]) -> T {
    match typed_lambda::decode_event::<T>(bytes) {
        Ok(v) => v,
        Err(e) => panic!(
            "typed-lambda decode of a SAM sample failed: {}",
            e.message()
        ),
    }
}

/// lambda_runtime 1.5's decode of every event (src/deserializer.rs).
fn lambda_runtime_path<T: DeserializeOwned>(bytes: &[u8]) -> T {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).expect("a SAM sample decodes")
}

type Work = fn(&[u8]) -> usize;

/// (ours bare, theirs bare, ours runtime, theirs runtime) for sample `name`; each returns the
/// record count, so both sides are checked to agree.
fn decoders(name: &str) -> [Work; 4] {
    use aws_lambda_events::event as ale;
    use typed_lambda::events as ev;
    match name {
        "s3 put" => [
            |b| bare::<ev::s3::S3Event>(b).records.len(),
            |b| bare::<ale::s3::S3Event>(b).records.len(),
            |b| ours_runtime::<ev::s3::S3Event>(b).records.len(),
            |b| lambda_runtime_path::<ale::s3::S3Event>(b).records.len(),
        ],
        "sns notification" => [
            |b| bare::<ev::sns::SnsEvent>(b).records.len(),
            |b| bare::<ale::sns::SnsEvent>(b).records.len(),
            |b| ours_runtime::<ev::sns::SnsEvent>(b).records.len(),
            |b| lambda_runtime_path::<ale::sns::SnsEvent>(b).records.len(),
        ],
        "sqs receive-message" => [
            |b| bare::<ev::sqs::SqsEvent>(b).records.len(),
            |b| bare::<ale::sqs::SqsEvent>(b).records.len(),
            |b| ours_runtime::<ev::sqs::SqsEvent>(b).records.len(),
            |b| lambda_runtime_path::<ale::sqs::SqsEvent>(b).records.len(),
        ],
        other => panic!("no decoders for {other}"),
    }
}

/// Runs the scenario and returns its table.
pub fn run(opts: &Options) -> Vec<Table> {
    let plan = if opts.smoke {
        Plan {
            sample: std::time::Duration::from_millis(2),
            rounds: 1,
        }
    } else {
        Plan {
            sample: std::time::Duration::from_millis(30),
            rounds: 21,
        }
    };
    let mut table = Table::new(
        "6. SAM samples (`sam local generate-event`): bare models and runtime path (events/s)",
        &[
            "event",
            "bytes",
            "ours bare",
            "aws_lambda_events bare",
            "bare ratio",
            "ours decode_event",
            "lambda_runtime path",
            "runtime ratio",
        ],
    );
    for (name, bytes) in samples() {
        let work = decoders(name);
        let n = work[1](&bytes);
        for w in &work {
            assert_eq!(w(&bytes), n, "{name}: the decoders disagree");
        }
        let bytes = &bytes;
        let mut contenders: Vec<Contender<'_>> = work
            .iter()
            .map(|w| {
                let w = *w;
                Contender::new(move || w(black_box(bytes)))
            })
            .collect();
        let r = measure(&mut contenders, plan);
        table.row(vec![
            name.to_owned(),
            bytes.len().to_string(),
            per_sec(r[0]),
            per_sec(r[1]),
            ratio(r[0], r[1]),
            per_sec(r[2]),
            per_sec(r[3]),
            ratio(r[2], r[3]),
        ]);
        table.target(
            format!("{name}: bare ≥ 1.2× aws_lambda_events"),
            ratio(r[0], r[1]),
            Some(r[0] >= 1.2 * r[1]),
        );
        table.target(
            format!("{name}: runtime path ≥ 1.8× lambda_runtime"),
            ratio(r[2], r[3]),
            Some(r[2] >= 1.8 * r[3]),
        );
    }
    table.note(
        "The machine is shared and loaded: compare the ratios within one run, not the absolute rates.",
    );
    vec![table]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minify_keeps_strings_and_drops_whitespace() {
        let json = b"{ \"a b\": [1, \"x \\\" y\" ],\n \"c\" : {} }";
        assert_eq!(
            minify(json),
            b"{\"a b\":[1,\"x \\\" y\"],\"c\":{}}".to_vec()
        );
        for (name, bytes) in samples() {
            let a: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            let b: serde_json::Value = serde_json::from_slice(&minify(&bytes)).unwrap();
            assert_eq!(a, b, "{name}");
            assert!(!bytes.contains(&b'\n'), "{name}");
        }
    }

    #[test]
    fn every_decoder_agrees_on_every_sample() {
        for (name, bytes) in samples() {
            let counts: Vec<usize> = decoders(name).iter().map(|w| w(&bytes)).collect();
            assert!(
                counts.iter().all(|&c| c == counts[0] && c > 0),
                "{name}: {counts:?}"
            );
        }
    }
}
