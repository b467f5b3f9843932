//! Unknown JSON keys: ignored by default, kept and written back with `catch-all-fields`.
#![cfg(feature = "s3")]

use serde_json::{json, Value};
use typed_lambda_events::s3::{S3Bucket, S3Event};

fn event_with_extras() -> Value {
    json!({"Records": [{
        "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1",
        "eventTime": "2024-01-02T03:04:05.678Z", "eventName": "ObjectCreated:Put",
        "futureTopLevel": {"nested": [1, 2]},
        "s3": {"s3SchemaVersion": "1.0",
               "bucket": {"name": "photos", "futureBucketField": "x"},
               "object": {"key": "cat.jpg"}}
    }]})
}

#[cfg(not(feature = "catch-all-fields"))]
#[test]
fn unknown_keys_are_ignored_by_default() {
    let event: S3Event = serde_json::from_value(event_with_extras()).unwrap();
    assert!(event.records[0].unknown_fields.is_empty());
    assert!(event.records[0].s3.bucket.unknown_fields.is_empty());
    let out = serde_json::to_value(&event).unwrap();
    assert!(out["Records"][0].get("futureTopLevel").is_none());
    assert!(out["Records"][0]["s3"]["bucket"]
        .get("futureBucketField")
        .is_none());
    assert!(out["Records"][0].get("unknown_fields").is_none());
}

#[cfg(feature = "catch-all-fields")]
#[test]
fn unknown_keys_are_kept_and_written_back() {
    let input = event_with_extras();
    let event: S3Event = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(
        event.records[0].unknown_fields.get("futureTopLevel"),
        Some(&json!({"nested": [1, 2]}))
    );
    assert_eq!(
        event.records[0]
            .s3
            .bucket
            .unknown_fields
            .get("futureBucketField"),
        Some(&json!("x"))
    );
    let out = serde_json::to_value(&event).unwrap();
    assert_eq!(
        out["Records"][0]["futureTopLevel"],
        input["Records"][0]["futureTopLevel"]
    );
    assert_eq!(out["Records"][0]["s3"]["bucket"]["futureBucketField"], "x");
}

#[test]
fn struct_literals_compile_with_and_without_the_feature() {
    let bucket = S3Bucket {
        name: "photos".into(),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&bucket).unwrap(),
        json!({"name": "photos"})
    );
}
