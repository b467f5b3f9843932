//! The bad-input matrix, shared by every transport that runs it: `tests/bad_input.rs` (our fake
//! Runtime API, `typed_lambda::testing::FakeRuntimeApi`) and `tests/cargo_lambda.rs`
//! (cargo-lambda's emulator invoking the `bad_input` example, `tests/examples/bad_input.rs`, which
//! includes this file for its handlers). One list of cases, so the transports cannot drift apart.
//!
//! Each [`Table`] names the handler its cases go to, a good event with its exact answer (sent
//! after every case: the next invocation must be served), and the cases: a body and either the
//! `Runtime.UnmarshalError` message start it must produce (the JSON path first) or a check of
//! the answer where AWS's forward compatibility demands that it decodes.

use serde_json::{json, Value};
use typed_lambda::events::{s3, sqs};
use typed_lambda::{Context, Error};

/// One handler's share of the matrix.
pub struct Table {
    /// The handler the cases go to: `s3`, `sqs` or `value` (see [`handler_names`]).
    pub handler: &'static str,
    /// A good event, sent after every case.
    pub good: Vec<u8>,
    /// The exact answer to [`Table::good`].
    pub good_answer: Value,
    /// The cases, in order.
    pub cases: Vec<Case>,
}

/// Every table of the matrix.
pub fn tables() -> Vec<Table> {
    vec![
        Table {
            handler: "s3",
            good: serde_json::to_vec(&s3_put()).unwrap(),
            good_answer: json!({"records": 1, "eventName": "ObjectCreated:Put", "known": true,
                                "keyLen": 7, "size": 1024, "millis": 1795599000123u64}),
            cases: s3_cases(),
        },
        Table {
            handler: "sqs",
            good: sqs_event(|_| {}),
            good_answer: json!({"sent": 1545082649183u64, "bin": "hello"}),
            cases: sqs_cases(),
        },
        Table {
            handler: "value",
            good: b"[[1],{}]".to_vec(),
            good_answer: json!(8),
            cases: value_cases(),
        },
    ]
}

/// The table for `handler`.
pub fn table(handler: &str) -> Table {
    tables()
        .into_iter()
        .find(|t| t.handler == handler)
        .unwrap_or_else(|| panic!("no bad-input table for handler `{handler}`"))
}

/// The handler names [`Table::handler`] uses.
pub fn handler_names() -> [&'static str; 3] {
    ["s3", "sqs", "value"]
}

/// A real S3 put notification, the base most cases mutate.
pub fn s3_put() -> Value {
    json!({"Records": [{
        "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1",
        "eventTime": "2026-11-25T09:30:00.123Z", "eventName": "ObjectCreated:Put",
        "userIdentity": {"principalId": "AWS:AIDAEXAMPLE"},
        "requestParameters": {"sourceIPAddress": "203.0.113.10"},
        "responseElements": {"x-amz-request-id": "C3D13FE58DE4C810", "x-amz-id-2": "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"},
        "s3": {"s3SchemaVersion": "1.0", "configurationId": "c",
               "bucket": {"name": "photos", "ownerIdentity": {"principalId": "A3NL1KOZZKExample"}, "arn": "arn:aws:s3:::photos"},
               "object": {"key": "cat.jpg", "size": 1024, "eTag": "d41d8cd98f00b204e9800998ecf8427e", "sequencer": "0055AED6DCD90281E5"}}
    }]})
}

pub fn s3_summary(event: s3::S3Event, _ctx: &Context) -> Result<Value, Error> {
    let r = &event.records[0];
    Ok(json!({
        "records": event.records.len(),
        "eventName": r.event_name.as_str(),
        "known": !matches!(r.event_name, s3::S3EventName::Unknown(_)),
        "keyLen": r.s3.object.key.len(),
        "size": r.s3.object.size,
        "millis": r.event_time.as_datetime().timestamp_millis(),
    }))
}

/// What one case must end in.
pub enum Expect {
    /// A `Runtime.UnmarshalError` whose message starts with this (path first).
    Error(&'static str),
    /// Success, with the response checked by the closure.
    Ok(fn(&Value)),
}

/// One bad (or odd but valid) event body and what it must end in.
pub struct Case {
    /// Names the case in failure messages and in lists of cases a transport cannot deliver.
    pub name: &'static str,
    /// The event body, byte for byte.
    pub body: Vec<u8>,
    /// The outcome.
    pub expect: Expect,
}

fn with(f: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut v = s3_put();
    f(&mut v);
    serde_json::to_vec(&v).unwrap()
}

fn text_with(from: &str, to: &str) -> Vec<u8> {
    let text = serde_json::to_string(&s3_put()).unwrap();
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1).into_bytes()
}

fn rec(v: &mut Value) -> &mut Value {
    &mut v["Records"][0]
}

fn s3_cases() -> Vec<Case> {
    use Expect::*;
    let deep = format!("{}1{}", "[".repeat(200_000), "]".repeat(200_000));
    vec![
        Case { name: "empty body", body: vec![], expect: Error("(root): EOF while parsing a value") },
        Case { name: "null", body: b"null".to_vec(), expect: Error("(root): invalid type: null, expected struct S3Event") },
        Case { name: "bare string", body: br#""hello""#.to_vec(), expect: Error(r#"(root): invalid type: string "hello", expected struct S3Event"#) },
        Case { name: "bare number", body: b"42".to_vec(), expect: Error("(root): invalid type: integer `42`, expected struct S3Event") },
        Case { name: "bare array", body: b"[]".to_vec(), expect: Error("(root): invalid length 0, expected struct S3Event") },
        Case { name: "object where array expected", body: br#"{"Records": {}}"#.to_vec(), expect: Error("Records: invalid type: map, expected a sequence") },
        Case { name: "truncated JSON", body: serde_json::to_vec(&s3_put()).unwrap()[..200].to_vec(), expect: Error("Records[0]") },
        Case { name: "trailing garbage", body: [serde_json::to_vec(&s3_put()).unwrap(), b" }x".to_vec()].concat(), expect: Error("(root): trailing characters") },
        Case { name: "invalid UTF-8 in a string", body: text_with("cat.jpg", "cat\u{0}jpg").into_iter().map(|b| if b == 0 { 0xff } else { b }).collect(), expect: Error("Records[0].s3.object.key: invalid unicode code point") },
        Case { name: "lone surrogate escape", body: text_with("cat.jpg", "cat\\ud800\\u0041.jpg"), expect: Error("Records[0].s3.object.key: lone leading surrogate in hex escape") },
        Case { name: "unescaped control character", body: text_with("cat.jpg", "cat\n.jpg"), expect: Error("Records[0].s3.object.key: control character (\\u0000-\\u001F) found while parsing a string") },
        Case { name: "byte order mark", body: [b"\xEF\xBB\xBF".to_vec(), serde_json::to_vec(&s3_put()).unwrap()].concat(), expect: Error("(root): expected value") },
        Case { name: "duplicate keys", body: text_with(r#""size":1024"#, r#""size":1024,"size":2048"#), expect: Error("Records[0].s3.object: duplicate field `size`") },
        Case { name: "required field missing", body: with(|v| { rec(v)["s3"].as_object_mut().unwrap().remove("bucket"); }), expect: Error("Records[0].s3: missing field `bucket`") },
        Case { name: "wrong type deep inside an array", body: with(|v| { let r = rec(v).clone(); v["Records"].as_array_mut().unwrap().push(r); v["Records"][1]["s3"]["object"]["size"] = json!("x"); }), expect: Error(r#"Records[1].s3.object.size: invalid type: string "x", expected u64"#) },
        Case { name: "number as a string", body: with(|v| rec(v)["s3"]["object"]["size"] = json!("1024")), expect: Error(r#"Records[0].s3.object.size: invalid type: string "1024", expected u64"#) },
        Case { name: "u64 overflow", body: text_with(r#""size":1024"#, r#""size":18446744073709551616"#), expect: Error("Records[0].s3.object.size: invalid type: floating point `1.8446744073709552e+19`, expected u64") },
        Case { name: "negative size", body: with(|v| rec(v)["s3"]["object"]["size"] = json!(-1)), expect: Error("Records[0].s3.object.size: invalid value: integer `-1`, expected u64") },
        Case { name: "fraction for an integer", body: with(|v| rec(v)["s3"]["object"]["size"] = json!(1.5)), expect: Error("Records[0].s3.object.size: invalid type: floating point `1.5`, expected u64") },
        Case { name: "1e400", body: text_with(r#""size":1024"#, r#""size":1e400"#), expect: Error("Records[0].s3.object.size: number out of range") },
        Case { name: "deep nesting in an unknown field is skipped (iteratively, no stack overflow)", body: with(|v| rec(v)["extra"] = json!("DEEP")).pipe_replace(b"\"DEEP\"", deep.as_bytes()), expect: Ok(|r| assert_eq!(r["records"], 1)) },
        Case { name: "deep nesting where a string is expected", body: with(|v| rec(v)["s3"]["object"]["key"] = json!("DEEP")).pipe_replace(b"\"DEEP\"", deep.as_bytes()), expect: Error("Records[0].s3.object.key: invalid type: sequence, expected a string") },
        Case { name: "malformed timestamp", body: with(|v| rec(v)["eventTime"] = json!("2026-13-45T99:00:00Z")), expect: Error("Records[0].eventTime: ") },
        Case { name: "timestamp without zone", body: with(|v| rec(v)["eventTime"] = json!("2026-11-25T09:30:00")), expect: Error("Records[0].eventTime: ") },
        Case { name: "timestamp as a number", body: with(|v| rec(v)["eventTime"] = json!(1764063000)), expect: Error("Records[0].eventTime: invalid type: integer `1764063000`") },
        Case { name: "unknown enum value decodes", body: with(|v| rec(v)["eventName"] = json!("ObjectCreated:Teleport")), expect: Ok(|r| { assert_eq!(r["eventName"], "ObjectCreated:Teleport"); assert_eq!(r["known"], false); }) },
        Case { name: "extra unknown fields decode", body: with(|v| { rec(v)["futureField"] = json!({"a": [1, 2]}); v["topLevelNew"] = json!(true); }), expect: Ok(|r| assert_eq!(r["records"], 1)) },
        Case { name: "timestamp without fraction", body: with(|v| rec(v)["eventTime"] = json!("2026-11-25T09:30:00Z")), expect: Ok(|r| assert_eq!(r["millis"], 1795599000000u64)) },
        Case { name: "timestamp with offset", body: with(|v| rec(v)["eventTime"] = json!("2026-11-25T10:30:00.5+01:00")), expect: Ok(|r| assert_eq!(r["millis"], 1795599000500u64)) },
        Case { name: "timestamp with microseconds", body: with(|v| rec(v)["eventTime"] = json!("2026-11-25T09:30:00.123456Z")), expect: Ok(|r| assert_eq!(r["millis"], 1795599000123u64)) },
        Case { name: "very long key (1 MB)", body: with(|v| rec(v)["s3"]["object"]["key"] = json!("k".repeat(1 << 20))), expect: Ok(|r| assert_eq!(r["keyLen"], 1 << 20)) },
        Case { name: "6 MB event", body: with(|v| rec(v)["s3"]["object"]["key"] = json!("x".repeat(6 * 1024 * 1024 - 1024))), expect: Ok(|r| assert_eq!(r["keyLen"], 6 * 1024 * 1024 - 1024)) },
        Case { name: "delete without size", body: with(|v| { rec(v)["eventName"] = json!("ObjectRemoved:Delete"); rec(v)["s3"]["object"].as_object_mut().unwrap().remove("size"); }), expect: Ok(|r| assert_eq!(r["size"], Value::Null)) },
    ]
}

trait PipeReplace {
    fn pipe_replace(self, from: &[u8], to: &[u8]) -> Vec<u8>;
}

impl PipeReplace for Vec<u8> {
    fn pipe_replace(self, from: &[u8], to: &[u8]) -> Vec<u8> {
        let i = self
            .windows(from.len())
            .position(|w| w == from)
            .expect("marker present");
        [&self[..i], to, &self[i + from.len()..]].concat()
    }
}

/// A real SQS message batch of one record, mutated by `f`.
pub fn sqs_event(f: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut record = json!({
        "messageId": "059f36b4-87a3-44ab-83d2-661975830a7d", "receiptHandle": "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a",
        "body": "{\"order\": 1}", "md5OfBody": "e4e68fb7bd0e697a0ae8f1bb342846b3",
        "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "1545082649183", "SenderId": "AIDAIENQZJOLO23YVJ4VO", "ApproximateFirstReceiveTimestamp": "1545082649185"},
        "messageAttributes": {"bin": {"binaryValue": "aGVsbG8=", "stringListValues": [], "binaryListValues": [], "dataType": "Binary"}},
        "eventSource": "aws:sqs", "eventSourceARN": "arn:aws:sqs:us-east-2:123456789012:my-queue", "awsRegion": "us-east-2"
    });
    f(&mut record);
    serde_json::to_vec(&json!({ "Records": [record] })).unwrap()
}

/// The `sqs` handler: the first record's sent time and binary attribute.
pub fn sqs_summary(event: sqs::SqsEvent, _ctx: &Context) -> Result<Value, Error> {
    let r = &event.records[0];
    Ok(json!({
        "sent": r.attributes.sent_timestamp.millis(),
        "bin": r.message_attributes.get("bin").and_then(|a| a.binary_value.as_ref()).map(|b| String::from_utf8_lossy(b.as_ref()).into_owned()),
    }))
}

fn sqs_cases() -> Vec<Case> {
    use Expect::*;
    vec![
        Case {
            name: "epoch millis not a number",
            body: sqs_event(|r| r["attributes"]["SentTimestamp"] = json!("yesterday")),
            expect: Error("Records[0].attributes.SentTimestamp: "),
        },
        Case {
            name: "epoch millis as a JSON number",
            body: sqs_event(|r| r["attributes"]["SentTimestamp"] = json!(1545082649183u64)),
            expect: Error("Records[0].attributes.SentTimestamp: invalid type"),
        },
        Case {
            name: "base64 with bad padding",
            body: sqs_event(|r| r["messageAttributes"]["bin"]["binaryValue"] = json!("aGVsbG8")),
            expect: Error("Records[0].messageAttributes.bin.binaryValue: "),
        },
        Case {
            name: "base64 with bad characters",
            body: sqs_event(|r| r["messageAttributes"]["bin"]["binaryValue"] = json!("!!!!")),
            expect: Error("Records[0].messageAttributes.bin.binaryValue: "),
        },
    ]
}

/// The message start for nesting past serde_json's recursion limit of 128: the path of the
/// innermost array it entered (127 `[0]`s), then the reason.
fn recursion_limit_message() -> &'static str {
    // Leaked once per table: the cases hold `&'static str`s.
    Box::leak(
        format!(
            "{}: recursion limit exceeded at line 1 column 128",
            "[0]".repeat(127)
        )
        .into_boxed_str(),
    )
}

/// The `value` handler: any JSON as a `serde_json::Value`, answered with its compact length.
pub fn value_size(event: Value, _ctx: &Context) -> Result<usize, Error> {
    Ok(event.to_string().len())
}

fn value_cases() -> Vec<Case> {
    use Expect::*;
    vec![
        Case {
            name: "nesting past the recursion limit into a Value",
            body: format!("{}{}", "[".repeat(1_000_000), "]".repeat(1_000_000)).into_bytes(),
            expect: Error(recursion_limit_message()),
        },
        Case {
            name: "nesting under the recursion limit into a Value",
            body: format!("{}{}", "[".repeat(100), "]".repeat(100)).into_bytes(),
            expect: Ok(|r| assert_eq!(r, &json!(200))),
        },
    ]
}
