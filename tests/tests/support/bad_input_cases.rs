//! The bad-input matrix, shared by every transport that runs it: `tests/bad_input.rs` (our fake
//! Runtime API, `typed_lambda::testing::FakeRuntimeApi`) and `tests/cargo_lambda.rs`
//! (cargo-lambda's emulator invoking the `bad_input` example, `tests/examples/bad_input.rs`, which
//! includes this file for its handlers). One list of cases, so the transports cannot drift apart.
//!
//! Each [`Table`] names the handler its cases go to, a good event with its exact answer (sent
//! after every case: the next invocation must be served), and the cases: a body and either the
//! `Runtime.UnmarshalError` message start it must produce (the JSON path first), the error a
//! handler returns for a payload it cannot read (base64 that is fine but holds no JSON, gzip
//! garbage in CloudWatch Logs data), or a check of the answer where AWS's forward compatibility
//! demands that it decodes.

use std::io::Write;

use serde_json::{json, Value};
use typed_lambda::events::envelope::MAX_DECOMPRESSED_BYTES;
use typed_lambda::events::{cloudwatch_logs, dynamodb, firehose, kinesis, s3, sqs};
use typed_lambda::events::{Base64Text, Envelope};
use typed_lambda::{Context, Error};

/// One handler's share of the matrix.
pub struct Table {
    /// The handler the cases go to (one of [`handler_names`]).
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
                                "keyLen": 7, "size": 1024, "millis": 1795599000123u64, "timeError": null}),
            cases: s3_cases(),
        },
        Table {
            handler: "sqs",
            good: sqs_event(|_| {}),
            good_answer: json!({"sent": 1545082649183u64, "bin": "hello", "binError": null}),
            cases: sqs_cases(),
        },
        Table {
            handler: "value",
            good: b"[[1],{}]".to_vec(),
            good_answer: json!(8),
            cases: value_cases(),
        },
        Table {
            handler: "kinesis",
            good: kinesis_event(|_| {}),
            good_answer: json!({"records": 1, "payload": {"order": 1}, "millis": 1480641523477u64}),
            cases: kinesis_cases(),
        },
        Table {
            handler: "firehose",
            good: firehose_event(|_| {}),
            good_answer: json!({"records": 1, "payload": {"page": "/cart"}, "millis": 1700000000123u64,
                                "arrival": 1700000000123u64}),
            cases: firehose_cases(),
        },
        Table {
            handler: "dynamodb",
            good: dynamodb_event(|_| {}),
            good_answer: json!({"event": "INSERT", "millis": 1480642020000u64, "image": {"id": "k1", "n": 42}}),
            cases: dynamodb_cases(),
        },
        Table {
            handler: "cloudwatch_logs",
            good: logs_event(&logs_data(|_| {})),
            good_answer: json!({"logGroup": "/aws/lambda/checkout", "type": "DATA_MESSAGE", "events": 2,
                                "jsonMessages": 1, "firstMillis": 1700000000123u64}),
            cases: logs_cases(),
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
pub fn handler_names() -> [&'static str; 7] {
    [
        "s3",
        "sqs",
        "value",
        "kinesis",
        "firehose",
        "dynamodb",
        "cloudwatch_logs",
    ]
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
        "millis": r.event_time.to_datetime().ok().map(|t| t.timestamp_millis()),
        "timeError": r.event_time.to_datetime().err().map(|e| e.to_string()),
    }))
}

/// What one case must end in.
pub enum Expect {
    /// A `Runtime.UnmarshalError` whose message starts with this (path first, or `the event is
    /// not valid JSON:` for a body that is not JSON).
    Error(&'static str),
    /// The event decodes, and the handler returns an error of this errorType whose message
    /// starts with the second string (a payload inside the event that cannot be read).
    HandlerError(&'static str, &'static str),
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
        Case { name: "empty body", body: vec![], expect: Error("the event is not valid JSON: EOF while parsing a value") },
        Case { name: "null", body: b"null".to_vec(), expect: Error("(root): invalid type: null, expected struct S3Event") },
        Case { name: "bare string", body: br#""hello""#.to_vec(), expect: Error(r#"(root): invalid type: string "hello", expected struct S3Event"#) },
        Case { name: "bare number", body: b"42".to_vec(), expect: Error("(root): invalid type: integer `42`, expected struct S3Event") },
        Case { name: "bare array", body: b"[]".to_vec(), expect: Error("(root): invalid length 0, expected struct S3Event") },
        Case { name: "object where array expected", body: br#"{"Records": {}}"#.to_vec(), expect: Error("Records: invalid type: map, expected a sequence") },
        Case { name: "truncated JSON", body: serde_json::to_vec(&s3_put()).unwrap()[..200].to_vec(), expect: Error("Records[0]") },
        Case { name: "trailing garbage", body: [serde_json::to_vec(&s3_put()).unwrap(), b" }x".to_vec()].concat(), expect: Error("the event is not valid JSON: trailing characters") },
        Case { name: "invalid UTF-8 in a string", body: text_with("cat.jpg", "cat\u{0}jpg").into_iter().map(|b| if b == 0 { 0xff } else { b }).collect(), expect: Error("Records[0].s3.object.key: invalid unicode code point") },
        Case { name: "lone surrogate escape", body: text_with("cat.jpg", "cat\\ud800\\u0041.jpg"), expect: Error("Records[0].s3.object.key: lone leading surrogate in hex escape") },
        Case { name: "unescaped control character", body: text_with("cat.jpg", "cat\n.jpg"), expect: Error("Records[0].s3.object.key: control character (\\u0000-\\u001F) found while parsing a string") },
        Case { name: "byte order mark", body: [b"\xEF\xBB\xBF".to_vec(), serde_json::to_vec(&s3_put()).unwrap()].concat(), expect: Error("the event is not valid JSON: expected value") },
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
        // a timestamp keeps its text: an odd one decodes, and is the error of the code reading it
        Case { name: "malformed timestamp", body: with(|v| rec(v)["eventTime"] = json!("2026-13-45T99:00:00Z")), expect: Ok(|r| assert_eq!((&r["millis"], &r["timeError"]), (&Value::Null, &json!("input is out of range")))) },
        Case { name: "timestamp without zone", body: with(|v| rec(v)["eventTime"] = json!("2026-11-25T09:30:00")), expect: Ok(|r| assert_eq!((&r["millis"], &r["timeError"]), (&Value::Null, &json!("premature end of input")))) },
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

/// The `sqs` handler: the first record's sent time and binary attribute (decoded here: a value
/// that is not base64 is this handler's to report, the batch still decodes).
pub fn sqs_summary(event: sqs::SqsEvent, _ctx: &Context) -> Result<Value, Error> {
    let r = &event.records[0];
    let bin = r
        .message_attributes
        .get("bin")
        .and_then(|a| a.binary_value.as_ref())
        .map(Base64Text::decode);
    Ok(json!({
        "sent": r.attributes.sent_timestamp.millis(),
        "bin": bin.as_ref().and_then(|b| b.as_ref().ok()).map(|b| String::from_utf8_lossy(b).into_owned()),
        "binError": bin.and_then(|b| b.err()).map(|e| e.to_string()),
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
            name: "base64 with bad padding: the batch decodes, the reader gets the error",
            body: sqs_event(|r| r["messageAttributes"]["bin"]["binaryValue"] = json!("aGVsbG8")),
            expect: Ok(|r| {
                assert_eq!(r["bin"], Value::Null);
                assert!(r["binError"].as_str().unwrap().starts_with("invalid base64"), "{r}");
            }),
        },
        Case {
            name: "base64 with bad characters: the batch decodes, the reader gets the error",
            body: sqs_event(|r| r["messageAttributes"]["bin"]["binaryValue"] = json!("!!!!")),
            expect: Ok(|r| assert!(r["binError"].as_str().unwrap().starts_with("invalid base64"), "{r}")),
        },
        Case {
            name: "binaryValue a number instead of base64",
            body: sqs_event(|r| r["messageAttributes"]["bin"]["binaryValue"] = json!(7)),
            expect: Error("Records[0].messageAttributes.bin.binaryValue: invalid type: integer `7`, expected a base64 string"),
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

/// `bytes` as standard padded base64, the way AWS sends binary data.
fn b64(bytes: &[u8]) -> String {
    match serde_json::to_value(Base64Text::encode(bytes)).unwrap() {
        Value::String(s) => s,
        other => panic!("base64 of {bytes:?} is {other}"),
    }
}

/// A leaked message start: the cases hold `&'static str`s.
fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

/// A Kinesis Data Streams batch of one record, whose data is `{"order":1}`, mutated by `f`.
pub fn kinesis_event(f: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut record = json!({
        "kinesis": {"kinesisSchemaVersion": "1.0", "partitionKey": "s1",
                    "sequenceNumber": "49568167373333333333333333333333333333333333333333333333",
                    "data": b64(br#"{"order":1}"#), "approximateArrivalTimestamp": 1480641523.477},
        "eventSource": "aws:kinesis", "eventVersion": "1.0",
        "eventID": "shardId-000000000000:49568167373333333333333333333333333333333333333333333333",
        "eventName": "aws:kinesis:record", "invokeIdentityArn": "arn:aws:iam::123456789012:role/LambdaRole",
        "awsRegion": "us-east-1", "eventSourceARN": "arn:aws:kinesis:us-east-1:123456789012:stream/simple-stream"
    });
    f(&mut record);
    serde_json::to_vec(&json!({ "Records": [record] })).unwrap()
}

/// The `kinesis` handler: the first record's data as JSON (through the envelope) and its
/// arrival time (epoch seconds, a JSON number) in milliseconds, `null` outside chrono's range.
pub fn kinesis_summary(event: kinesis::KinesisEvent, _ctx: &Context) -> Result<Value, Error> {
    let payload: Value = event.decode_payload(0)?;
    let arrival = event.records[0].kinesis.approximate_arrival_timestamp;
    Ok(json!({
        "records": event.records.len(),
        "payload": payload,
        "millis": arrival.to_datetime().map(|t| t.timestamp_millis()),
    }))
}

fn kinesis_cases() -> Vec<Case> {
    use Expect::*;
    let data = |v: Value| kinesis_event(move |r| r["kinesis"]["data"] = v);
    let arrival =
        |v: Value| kinesis_event(move |r| r["kinesis"]["approximateArrivalTimestamp"] = v);
    let padded = b64(br#"{"order":1}"#);
    assert!(padded.ends_with('='), "{padded}");
    vec![
        Case {
            name: "kinesis data: base64 with bad padding",
            body: data(json!(padded.trim_end_matches('='))),
            expect: HandlerError(
                "PayloadError",
                "decode Records[0].kinesis.data: invalid base64",
            ),
        },
        Case {
            name: "kinesis data: base64 with a character outside the alphabet",
            body: data(json!(format!("*{}", &padded[1..]))),
            expect: HandlerError(
                "PayloadError",
                "decode Records[0].kinesis.data: invalid base64",
            ),
        },
        Case {
            name: "kinesis data: a number instead of base64",
            body: data(json!(42)),
            expect: Error(
                "Records[0].kinesis.data: invalid type: integer `42`, expected a base64 string",
            ),
        },
        Case {
            name: "kinesis data: base64 of text that is not JSON",
            body: data(json!(b64(b"not json"))),
            expect: HandlerError(
                "PayloadError",
                "decode Records[0].kinesis.data as Value: expected ident",
            ),
        },
        Case {
            name: "kinesis data: empty",
            body: data(json!("")),
            expect: HandlerError(
                "PayloadError",
                "decode Records[0].kinesis.data as Value: EOF while parsing a value",
            ),
        },
        Case {
            name: "kinesis arrival: whole epoch seconds",
            body: arrival(json!(1480641523)),
            expect: Ok(|r| assert_eq!(r["millis"], 1480641523000u64)),
        },
        Case {
            name: "kinesis arrival: epoch seconds with microseconds",
            body: arrival(json!(1480641523.477123)),
            expect: Ok(|r| assert_eq!(r["millis"], 1480641523477u64)),
        },
        Case {
            name: "kinesis arrival: epoch seconds as a string",
            body: arrival(json!("1480641523.477")),
            expect: Error(
                r#"Records[0].kinesis.approximateArrivalTimestamp: invalid type: string "1480641523.477", expected f64"#,
            ),
        },
        Case {
            name: "kinesis arrival: RFC 3339 instead of epoch seconds",
            body: arrival(json!("2016-12-02T01:18:43.477Z")),
            expect: Error(
                r#"Records[0].kinesis.approximateArrivalTimestamp: invalid type: string "2016-12-02T01:18:43.477Z", expected f64"#,
            ),
        },
        Case {
            name: "kinesis arrival: null",
            body: arrival(Value::Null),
            expect: Error(
                "Records[0].kinesis.approximateArrivalTimestamp: invalid type: null, expected f64",
            ),
        },
        Case {
            name: "kinesis arrival: 1e400",
            body: kinesis_event(|_| {}).pipe_replace(b"1480641523.477", b"1e400"),
            expect: Error("Records[0].kinesis.approximateArrivalTimestamp: number out of range"),
        },
        Case {
            name: "kinesis arrival: beyond any date (1e300 seconds) decodes, without an instant",
            body: arrival(json!(1e300)),
            expect: Ok(|r| assert_eq!(r["millis"], Value::Null)),
        },
    ]
}

/// A Firehose transformation request of one record, whose data is `{"page":"/cart"}`, mutated
/// by `f`.
pub fn firehose_event(f: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut record = json!({
        "recordId": "49546986683135544286507457936321625675700192471156785154",
        "approximateArrivalTimestamp": 1700000000123u64,
        "data": b64(br#"{"page":"/cart"}"#)
    });
    f(&mut record);
    serde_json::to_vec(&json!({
        "invocationId": "00540a87-5050-496a-84e4-e7d92bbaf5e2",
        "deliveryStreamArn": "arn:aws:firehose:us-east-1:123456789012:deliverystream/clickstream",
        "region": "us-east-1",
        "records": [record]
    }))
    .unwrap()
}

/// The `firehose` handler: the first record's data as JSON (through the envelope) and its
/// arrival time (epoch milliseconds, a JSON number; tolerant: read with `as_i64`, and as it came).
pub fn firehose_summary(event: firehose::FirehoseEvent, _ctx: &Context) -> Result<Value, Error> {
    let payload: Value = event.decode_payload(0)?;
    let arrival = &event.records[0].approximate_arrival_timestamp;
    Ok(json!({
        "records": event.records.len(),
        "payload": payload,
        "millis": arrival.as_i64(),
        "arrival": arrival,
    }))
}

fn firehose_cases() -> Vec<Case> {
    use Expect::*;
    let data = |v: Value| firehose_event(move |r| r["data"] = v);
    let arrival = |v: Value| firehose_event(move |r| r["approximateArrivalTimestamp"] = v);
    let padded = b64(br#"{"page":"/cart"}"#);
    assert!(padded.ends_with('='), "{padded}");
    vec![
        Case { name: "firehose data: base64 with bad padding", body: data(json!(padded.trim_end_matches('='))), expect: HandlerError("PayloadError", "decode records[0].data: invalid base64") },
        Case { name: "firehose data: base64 with too much padding", body: data(json!(format!("{padded}=="))), expect: HandlerError("PayloadError", "decode records[0].data: invalid base64") },
        Case { name: "firehose data: url-safe base64 alphabet", body: data(json!(b64(&[0xfb, 0xff]).replace('+', "-").replace('/', "_"))), expect: HandlerError("PayloadError", "decode records[0].data: invalid base64") },
        Case { name: "firehose data: a number instead of base64", body: data(json!(42)), expect: Error("records[0].data: invalid type: integer `42`, expected a base64 string") },
        Case { name: "firehose data: base64 of text that is not JSON", body: data(json!(b64(b"page=/cart"))), expect: HandlerError("PayloadError", "decode records[0].data as Value: expected value") },
        // tolerant (SAM's templates send an RFC 3339 time here): decoded, kept as it came
        Case { name: "firehose arrival: epoch millis as a string", body: arrival(json!("1700000000123")), expect: Ok(|r| assert_eq!((&r["millis"], &r["arrival"]), (&json!(1700000000123u64), &json!("1700000000123")))) },
        Case { name: "firehose arrival: epoch millis with a fraction", body: arrival(json!(1700000000123.5)), expect: Ok(|r| assert_eq!((&r["millis"], &r["arrival"]), (&Value::Null, &json!(1700000000123.5)))) },
        Case { name: "firehose arrival: past i64", body: arrival(json!(u64::MAX)), expect: Ok(|r| assert_eq!((&r["millis"], &r["arrival"]), (&Value::Null, &json!(u64::MAX)))) },
        Case { name: "firehose arrival: RFC 3339 instead of epoch millis", body: arrival(json!("2023-11-14T22:13:20.123Z")), expect: Ok(|r| assert_eq!((&r["millis"], &r["arrival"]), (&Value::Null, &json!("2023-11-14T22:13:20.123Z")))) },
        Case { name: "firehose arrival: an object", body: arrival(json!({"ms": 1})), expect: Error("records[0].approximateArrivalTimestamp: invalid type: map, expected a string, number or boolean") },
        Case { name: "firehose arrival: null for a required field", body: arrival(Value::Null), expect: Error("records[0].approximateArrivalTimestamp: invalid type: null, expected a string, number or boolean") },
    ]
}

/// A DynamoDB Streams batch of one `INSERT` record, mutated by `f` (given the record).
pub fn dynamodb_event(f: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut record = json!({
        "eventID": "f07f8ca4b0b26cb9c4e5e77e69f274ee", "eventName": "INSERT", "eventVersion": "1.1",
        "eventSource": "aws:dynamodb", "awsRegion": "us-east-1",
        "dynamodb": {
            "ApproximateCreationDateTime": 1480642020,
            "Keys": {"id": {"S": "k1"}},
            "NewImage": {"id": {"S": "k1"}, "n": {"N": "42"}},
            "SequenceNumber": "1405400000000002063282832", "SizeBytes": 54,
            "StreamViewType": "NEW_AND_OLD_IMAGES"
        },
        "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/Example-Table/stream/2016-12-01T00:00:00.000"
    });
    f(&mut record);
    serde_json::to_vec(&json!({ "Records": [record] })).unwrap()
}

/// The `dynamodb` handler: the first record's operation, its creation time in milliseconds
/// (scaled as `ApproximateCreationDateTimePrecision` says: seconds when absent; `null` when
/// absent or in a precision this handler does not know) and its new image as JSON.
pub fn dynamodb_summary(event: dynamodb::DynamoDbEvent, _ctx: &Context) -> Result<Value, Error> {
    use dynamodb::DynamoDbTimestampPrecision as P;
    let image: Value = event.decode_payload(0)?;
    let record = &event.records[0].dynamodb;
    let millis = record.approximate_creation_date_time.and_then(|t| {
        let per_milli = match &record.approximate_creation_date_time_precision {
            None => 1e-3,
            Some(P::Millisecond) => 1.0,
            Some(P::Microsecond) => 1e3,
            Some(P::Unknown(_)) => return None,
        };
        Some((t.seconds() / per_milli).floor() as i64)
    });
    Ok(json!({"event": event.records[0].event_name.as_str(), "millis": millis, "image": image}))
}

fn dynamodb_cases() -> Vec<Case> {
    use Expect::*;
    let created =
        |v: Value| dynamodb_event(move |r| r["dynamodb"]["ApproximateCreationDateTime"] = v);
    vec![
        Case { name: "dynamodb created: epoch seconds with a fraction", body: created(json!(1480642020.5)), expect: Ok(|r| assert_eq!(r["millis"], 1480642020500u64)) },
        Case { name: "dynamodb created: epoch millis with their precision", body: dynamodb_event(|r| { r["dynamodb"]["ApproximateCreationDateTime"] = json!(1480642020123u64); r["dynamodb"]["ApproximateCreationDateTimePrecision"] = json!("MILLISECOND"); }), expect: Ok(|r| assert_eq!(r["millis"], 1480642020123u64)) },
        Case { name: "dynamodb created: epoch micros with their precision", body: dynamodb_event(|r| { r["dynamodb"]["ApproximateCreationDateTime"] = json!(1480642020123456u64); r["dynamodb"]["ApproximateCreationDateTimePrecision"] = json!("MICROSECOND"); }), expect: Ok(|r| assert_eq!(r["millis"], 1480642020123u64)) },
        Case { name: "dynamodb created: unknown precision decodes", body: dynamodb_event(|r| r["dynamodb"]["ApproximateCreationDateTimePrecision"] = json!("NANOSECOND")), expect: Ok(|r| { assert_eq!(r["millis"], Value::Null); assert_eq!(r["image"]["id"], "k1"); }) },
        Case { name: "dynamodb created: absent", body: dynamodb_event(|r| { r["dynamodb"].as_object_mut().unwrap().remove("ApproximateCreationDateTime"); }), expect: Ok(|r| assert_eq!(r["millis"], Value::Null)) },
        Case { name: "dynamodb created: epoch seconds as a string", body: created(json!("1480642020")), expect: Error(r#"Records[0].dynamodb.ApproximateCreationDateTime: invalid type: string "1480642020", expected f64"#) },
        Case { name: "dynamodb created: RFC 3339 instead of epoch seconds", body: created(json!("2016-12-02T01:27:00Z")), expect: Error(r#"Records[0].dynamodb.ApproximateCreationDateTime: invalid type: string "2016-12-02T01:27:00Z", expected f64"#) },
        Case { name: "dynamodb created: a boolean", body: created(json!(true)), expect: Error("Records[0].dynamodb.ApproximateCreationDateTime: invalid type: boolean `true`, expected f64") },
        Case { name: "dynamodb binary attribute: base64 with bad padding", body: dynamodb_event(|r| r["dynamodb"]["NewImage"]["bin"] = json!({"B": "aGVsbG8"})), expect: HandlerError("PayloadError", "decode Records[0].dynamodb.NewImage as Value: invalid base64 (7 characters): Invalid padding at bin") },
        Case { name: "dynamodb binary attribute: a number instead of base64", body: dynamodb_event(|r| r["dynamodb"]["NewImage"]["bin"] = json!({"B": 7})), expect: Error("Records[0].dynamodb.NewImage.bin.B: invalid type: integer `7`, expected a base64 string") },
        Case { name: "dynamodb attribute of an unknown type", body: dynamodb_event(|r| r["dynamodb"]["NewImage"]["n"] = json!({"X": "42"})), expect: Error("Records[0].dynamodb.NewImage.n: unknown variant `X`") },
        Case { name: "dynamodb number attribute that is not a number", body: dynamodb_event(|r| r["dynamodb"]["NewImage"]["n"] = json!({"N": "forty-two"})), expect: HandlerError("PayloadError", r#"decode Records[0].dynamodb.NewImage as Value: invalid DynamoDB number "forty-two" at n"#) },
        Case { name: "dynamodb REMOVE record has no new image", body: dynamodb_event(|r| { r["eventName"] = json!("REMOVE"); r["dynamodb"].as_object_mut().unwrap().remove("NewImage"); }), expect: HandlerError("PayloadError", "decode Records[0].dynamodb.NewImage: no NewImage in this REMOVE record") },
    ]
}

/// CloudWatch Logs data with a JSON message and a plain-text one, mutated by `f`.
pub fn logs_data(f: impl FnOnce(&mut Value)) -> Value {
    let mut data = json!({
        "messageType": "DATA_MESSAGE", "owner": "123456789012", "logGroup": "/aws/lambda/checkout",
        "logStream": "2023/11/14/[$LATEST]4f1b6d2a9c8e4b7f8a1d2c3e4f5a6b7c",
        "subscriptionFilters": ["errors-to-lambda"],
        "logEvents": [
            {"id": "37899138743238584962350232349234659398213954618745389056", "timestamp": 1700000000123u64,
             "message": "{\"level\":\"ERROR\",\"message\":\"payment declined\"}"},
            {"id": "37899138743238584962350232349234659398213954618745389057", "timestamp": 1700000000456u64,
             "message": "2023-11-14T22:13:20.456Z\tERROR\tretrying\n"}
        ]
    });
    f(&mut data);
    data
}

/// `bytes` gzip-compressed, as CloudWatch Logs compresses its data.
fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// A subscription event whose `awslogs.data` is the base64 of these (compressed) bytes.
fn logs_event_raw(compressed: &[u8]) -> Vec<u8> {
    serde_json::to_vec(&json!({"awslogs": {"data": b64(compressed)}})).unwrap()
}

/// A subscription event carrying `data`, compressed as CloudWatch Logs does.
pub fn logs_event(data: &Value) -> Vec<u8> {
    logs_event_raw(&gzip(&serde_json::to_vec(data).unwrap()))
}

/// A gzip stream that inflates to more than the envelope's limit ([`MAX_DECOMPRESSED_BYTES`])
/// from about 70 kB: one deflate block of 1 MiB of zeros, repeated (a block that is not the last
/// one may follow itself, and its back references only ever see zeros). It stops before a final
/// block and the trailer: a reader that honours the limit stops earlier.
fn gzip_bomb() -> Vec<u8> {
    let mut deflate = flate2::Compress::new(flate2::Compression::best(), false);
    let mut block = Vec::with_capacity(64 * 1024);
    deflate
        .compress_vec(&vec![0u8; 1 << 20], &mut block, flate2::FlushCompress::Sync)
        .unwrap();
    assert!(block.len() < 8 * 1024, "{}", block.len());
    let blocks = MAX_DECOMPRESSED_BYTES as usize / (1 << 20) + 2;
    let header = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    [header.to_vec(), block.repeat(blocks)].concat()
}

/// The `cloudwatch_logs` handler: the subscription data decoded through the envelope (gunzip,
/// then JSON), how many log messages are JSON, and the first log event's time.
pub fn logs_summary(
    event: cloudwatch_logs::CloudWatchLogsEvent,
    _ctx: &Context,
) -> Result<Value, Error> {
    let data: cloudwatch_logs::CloudWatchLogsData = event.payload()?;
    Ok(json!({
        "logGroup": data.log_group,
        "type": data.message_type.as_str(),
        "events": data.log_events.len(),
        "jsonMessages": data.payloads::<Value>().filter(Result::is_ok).count(),
        "firstMillis": data.log_events.first().map(|e| e.timestamp),
    }))
}

fn logs_cases() -> Vec<Case> {
    use Expect::*;
    let good = gzip(&serde_json::to_vec(&logs_data(|_| {})).unwrap());
    let padded = b64(&good);
    let mut bad_crc = good.clone();
    let crc_at = bad_crc.len() - 8;
    bad_crc[crc_at] ^= 0xff;
    vec![
        Case {
            name: "logs data: base64 with bad padding",
            body: serde_json::to_vec(&json!({"awslogs": {"data": format!("{padded}=")}})).unwrap(),
            expect: HandlerError("PayloadError", "decode awslogs.data: invalid base64"),
        },
        Case {
            name: "logs data: gzip garbage (not a gzip stream)",
            body: logs_event_raw(b"this is not gzip at all"),
            expect: HandlerError(
                "PayloadError",
                "decode awslogs.data: invalid gzip: invalid gzip header",
            ),
        },
        Case {
            name: "logs data: truncated gzip stream",
            body: logs_event_raw(&good[..good.len() / 2]),
            expect: HandlerError("PayloadError", "decode awslogs.data: invalid gzip: "),
        },
        Case {
            name: "logs data: gzip with a wrong checksum",
            body: logs_event_raw(&bad_crc),
            expect: HandlerError("PayloadError", "decode awslogs.data: invalid gzip: "),
        },
        Case {
            name: "logs data: empty",
            body: logs_event_raw(b""),
            expect: HandlerError("PayloadError", "decode awslogs.data: invalid gzip: "),
        },
        Case {
            name: "logs data: a decompression bomb is refused",
            body: logs_event_raw(&gzip_bomb()),
            expect: HandlerError(
                "PayloadError",
                leak(format!(
                    "decode awslogs.data: decompresses to more than {MAX_DECOMPRESSED_BYTES} bytes"
                )),
            ),
        },
        Case {
            name: "logs data: gzip of text that is not JSON",
            body: logs_event_raw(&gzip(b"ERROR payment declined")),
            expect: HandlerError(
                "PayloadError",
                "decode awslogs.data as CloudWatchLogsData: expected value",
            ),
        },
        Case {
            name: "logs data: required field missing inside the gzip",
            body: logs_event(&logs_data(|d| {
                d.as_object_mut().unwrap().remove("logGroup");
            })),
            expect: HandlerError(
                "PayloadError",
                "decode awslogs.data as CloudWatchLogsData: missing field `logGroup`",
            ),
        },
        Case {
            name: "logs data: log timestamp as RFC 3339 instead of epoch millis",
            body: logs_event(&logs_data(|d| {
                d["logEvents"][1]["timestamp"] = json!("2023-11-14T22:13:20.456Z")
            })),
            expect: HandlerError(
                "PayloadError",
                r#"decode awslogs.data as CloudWatchLogsData: invalid type: string "2023-11-14T22:13:20.456Z", expected i64 at logEvents[1].timestamp"#,
            ),
        },
        Case {
            name: "logs data: unknown message type decodes",
            body: logs_event(&logs_data(|d| d["messageType"] = json!("FUTURE_MESSAGE"))),
            expect: Ok(|r| assert_eq!(r["type"], "FUTURE_MESSAGE")),
        },
        Case {
            name: "logs data: control message without log events",
            body: logs_event(&logs_data(|d| {
                d["messageType"] = json!("CONTROL_MESSAGE");
                d["logEvents"] = json!([]);
            })),
            expect: Ok(|r| {
                assert_eq!(r["events"], 0);
                assert_eq!(r["firstMillis"], Value::Null);
            }),
        },
        Case {
            name: "logs data: awslogs missing",
            body: br#"{"awslogs": {}}"#.to_vec(),
            expect: Error("awslogs: missing field `data`"),
        },
    ]
}
