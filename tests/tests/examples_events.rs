//! The event examples (`runtime/examples/s3.rs`, `sns.rs`, `cognito_pre_signup.rs`,
//! `multi_trigger.rs`) run locally on their bundled sample events and do what their docs say.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{json, Value};
use typed_lambda_tests::{example_bin, repo_root};

/// Runs example `name` locally (no `AWS_LAMBDA_RUNTIME_API`) on `runtime/examples/events/<event>`.
fn run_local(name: &str, event: &str) -> (Option<i32>, Value) {
    let event_path = repo_root().join("runtime/examples/events").join(event);
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(example_bin(name))
        .arg(Path::new(&event_path))
        .env_remove("AWS_LAMBDA_RUNTIME_API")
        .output()
        .unwrap_or_else(|e| panic!("run example {name}: {e}"));
    let stdout = String::from_utf8_lossy(&stdout);
    let json = serde_json::from_str(stdout.trim()).unwrap_or_else(|e| {
        panic!(
            "{name} on {event}: stdout is not JSON ({e}):\n{stdout}\nstderr:\n{}",
            String::from_utf8_lossy(&stderr)
        )
    });
    (status.code(), json)
}

#[test]
fn cognito_pre_signup_confirms_the_trusted_domain_and_returns_the_whole_event() {
    let (code, output) = run_local("cognito_pre_signup", "cognito_pre_signup.json");
    assert_eq!(code, Some(0), "{output}");
    let input: Value = serde_json::from_str(
        &std::fs::read_to_string(
            repo_root().join("runtime/examples/events/cognito_pre_signup.json"),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        output["response"],
        json!({"autoConfirmUser": true, "autoVerifyEmail": true})
    );
    for key in [
        "version",
        "triggerSource",
        "region",
        "userPoolId",
        "userName",
        "callerContext",
    ] {
        assert_eq!(output[key], input[key], "{key} is returned unchanged");
    }
    assert_eq!(
        output["request"]["userAttributes"],
        input["request"]["userAttributes"]
    );
}

#[test]
fn cognito_pre_signup_rejects_the_blocked_domain_with_its_error_type() {
    let (code, output) = run_local("cognito_pre_signup", "cognito_pre_signup-blocked.json");
    assert_eq!(code, Some(1), "{output}");
    assert_eq!(output["errorType"], "SignUpRejected");
    assert_eq!(
        output["errorMessage"],
        "sign-ups from @spam.example are not accepted"
    );
}

#[test]
fn sns_summarizes_each_notification() {
    let (code, output) = run_local("sns", "sns.json");
    assert_eq!(code, Some(0), "{output}");
    assert_eq!(
        output,
        json!([{
            "messageId": "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
            "topicArn": "arn:aws:sns:us-east-2:123456789012:orders",
            "subject": null,
            "publishedAt": "2019-01-02T12:45:07.000Z",
            "attributes": ["priority: Number"],
            "message": "{\"orderId\":\"o-1\",\"status\":\"shipped\"}"
        }])
    );
}

#[test]
fn s3_summarizes_each_object_and_the_total_size() {
    let (code, output) = run_local("s3", "s3-put.json");
    assert_eq!(code, Some(0), "{output}");
    // the delete marker has no size: `null`, and it does not count in the total
    assert_eq!(
        output,
        json!({
            "objects": [
                {
                    "event": "ObjectCreated:Put",
                    "bucket": "photos-example",
                    "key": "cats/tabby.jpg",
                    "size": 1024,
                    "eventTime": "2026-11-25T09:30:00.123Z"
                },
                {
                    "event": "ObjectRemoved:DeleteMarkerCreated",
                    "bucket": "photos-example",
                    "key": "cats/old.jpg",
                    "size": null,
                    "eventTime": "2026-11-25T09:31:00.000Z"
                }
            ],
            "totalBytes": 1024
        })
    );
}

fn bundled_event(name: &str) -> Value {
    let path = repo_root().join("runtime/examples/events").join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn multi_trigger_handles_an_sqs_batch_message_by_message() {
    let (code, output) = run_local("multi_trigger", "multi_trigger-sqs.json");
    assert_eq!(code, Some(0), "{output}");
    let input = bundled_event("multi_trigger-sqs.json");
    let expected_items: Vec<String> = input["Records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "message {}: {}",
                r["messageId"].as_str().unwrap(),
                r["body"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(expected_items.len(), 2);
    assert_eq!(
        output,
        json!({"kind": "sqs", "typeName": "SqsEvent", "handled": true, "items": expected_items})
    );
}

#[test]
fn multi_trigger_handles_eventbridge_and_s3_events() {
    let (code, output) = run_local("multi_trigger", "multi_trigger-eventbridge.json");
    assert_eq!(code, Some(0), "{output}");
    assert_eq!(
        output,
        json!({
            "kind": "ec2",
            "typeName": "Ec2InstanceStateChangeEvent",
            "handled": true,
            "items": ["instance i-0abcd1234ef567890 is stopped"]
        })
    );

    // a source without a family of its own: the generic event
    let (code, output) = run_local("multi_trigger", "eventbridge_detail.json");
    assert_eq!(code, Some(0), "{output}");
    assert_eq!(
        output,
        json!({
            "kind": "eventbridge",
            "typeName": "EventBridgeEvent",
            "handled": true,
            "items": ["com.example.orders Order Placed on "]
        })
    );

    let (code, output) = run_local("multi_trigger", "s3-put.json");
    assert_eq!(code, Some(0), "{output}");
    assert_eq!(
        output,
        json!({
            "kind": "s3",
            "typeName": "S3Event",
            "handled": true,
            "items": [
                "ObjectCreated:Put s3://photos-example/cats/tabby.jpg",
                "ObjectRemoved:DeleteMarkerCreated s3://photos-example/cats/old.jpg"
            ]
        })
    );
}

#[test]
fn multi_trigger_acknowledges_other_events_and_unknown_payloads() {
    // a known family this function does not act on
    let (code, output) = run_local("multi_trigger", "sns.json");
    assert_eq!(code, Some(0), "{output}");
    assert_eq!(
        output,
        json!({"kind": "sns", "typeName": "SnsEvent", "handled": false, "items": []})
    );
    // a payload no detection rule places: Unknown, not an error
    let (code, output) = run_local("multi_trigger", "hello.json");
    assert_eq!(code, Some(0), "{output}");
    assert_eq!(
        output,
        json!({"kind": "unknown", "typeName": "Unknown", "handled": false, "items": []})
    );
}
