//! The bad-input matrix: every case goes through the real invocation loop (the faithful fake
//! Runtime API and our runtime), must end in a clear error response naming what was wrong and
//! where (a JSON path), or decode where AWS's forward-compatibility demands it, and the next
//! invocation must still be served.
//!
//! The cases live in `support/bad_input_cases.rs`; `tests/cargo_lambda.rs` runs the same list
//! through cargo-lambda's emulator. What only a fake can send (header values) is tested here
//! alone.

use std::time::Duration;

use serde_json::{json, Value};
use typed_lambda::events::cognito;
use typed_lambda::testing::{FakeRuntimeApi, Invoke, Outcome};
use typed_lambda::{Context, Error};

#[path = "support/bad_input_cases.rs"]
mod bad_input_cases;

use bad_input_cases::{Case, Expect, Table};

fn check(fake: &FakeRuntimeApi, table: &Table, case: &Case) {
    let outcome = fake.wait(
        fake.enqueue(Invoke::new(case.body.clone())),
        Duration::from_secs(30),
    );
    match (&case.expect, &outcome) {
        (Expect::Error(start), Outcome::Error { .. }) => {
            let (kind, message) = outcome.error().unwrap();
            assert_eq!(kind, "Runtime.UnmarshalError", "{}: {message}", case.name);
            assert!(
                message.starts_with(start),
                "{}: {message:?} does not start with {start:?}",
                case.name
            );
        }
        (Expect::HandlerError(error_type, start), Outcome::Error { .. }) => {
            let (kind, message) = outcome.error().unwrap();
            assert_eq!(kind, *error_type, "{}: {message}", case.name);
            assert!(
                message.starts_with(start),
                "{}: {message:?} does not start with {start:?}",
                case.name
            );
        }
        (Expect::Ok(check), Outcome::Response(_)) => check(&outcome.json()),
        _ => panic!(
            "{}: unexpected {:?}",
            case.name,
            outcome
                .error()
                .or(Some(("response".into(), outcome.json().to_string())))
        ),
    }
    // The next invocation is served.
    assert_eq!(
        fake.invoke(table.good.clone()).json(),
        table.good_answer,
        "after {}",
        case.name
    );
}

/// Runs `table` through a fresh fake with its handler polling it.
fn run(table: &Table) {
    let fake = FakeRuntimeApi::start();
    let _f = match table.handler {
        "s3" => fake.spawn(bad_input_cases::s3_summary),
        "sqs" => fake.spawn(bad_input_cases::sqs_summary),
        "value" => fake.spawn(bad_input_cases::value_size),
        "kinesis" => fake.spawn(bad_input_cases::kinesis_summary),
        "firehose" => fake.spawn(bad_input_cases::firehose_summary),
        "dynamodb" => fake.spawn(bad_input_cases::dynamodb_summary),
        "cloudwatch_logs" => fake.spawn(bad_input_cases::logs_summary),
        other => panic!("no handler `{other}`"),
    };
    // The good event alone first: a table whose good answer is wrong fails here, not later.
    assert_eq!(fake.invoke(table.good.clone()).json(), table.good_answer);
    for case in &table.cases {
        check(&fake, table, case);
    }
}

#[test]
fn the_matrix_has_at_least_30_cases_and_unique_names() {
    let tables = bad_input_cases::tables();
    let names: Vec<&str> = tables
        .iter()
        .flat_map(|t| t.cases.iter().map(|c| c.name))
        .collect();
    assert!(names.len() >= 30, "{}", names.len());
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "duplicate case names");
    let handlers: Vec<&str> = tables.iter().map(|t| t.handler).collect();
    assert_eq!(handlers, bad_input_cases::handler_names());
}

#[test]
fn s3_matrix_through_the_loop() {
    run(&bad_input_cases::table("s3"));
}

#[test]
fn sqs_odd_encodings_are_checked_with_their_path() {
    run(&bad_input_cases::table("sqs"));
}

#[test]
fn deep_nesting_into_a_value_event_is_an_error_not_a_stack_overflow() {
    run(&bad_input_cases::table("value"));
}

#[test]
fn kinesis_bad_base64_data_and_arrival_times_through_the_loop() {
    run(&bad_input_cases::table("kinesis"));
}

#[test]
fn firehose_bad_base64_data_and_arrival_times_through_the_loop() {
    run(&bad_input_cases::table("firehose"));
}

#[test]
fn dynamodb_creation_times_and_bad_attributes_through_the_loop() {
    run(&bad_input_cases::table("dynamodb"));
}

#[test]
fn cloudwatch_logs_gzip_garbage_is_a_clear_handler_error() {
    run(&bad_input_cases::table("cloudwatch_logs"));
}

#[test]
fn cognito_unknown_trigger_source_decodes_and_bad_headers_are_survived() {
    let fake = FakeRuntimeApi::start();
    let _f = fake.spawn(|e: cognito::PreSignUpEvent, ctx: &Context| -> Result<Value, Error> {
        Ok(json!({"source": e.trigger_source.as_str(), "identity": ctx.identity(), "client": ctx.client_context(), "arn": ctx.invoked_function_arn()}))
    });
    let event = json!({
        "version": "1", "region": "us-east-1", "userPoolId": "us-east-1_EXAMPLE", "userName": "jane",
        "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "client"},
        "triggerSource": "PreSignUp_FutureFlow",
        "request": {"userAttributes": {"email": "jane@example.com"}}, "response": {}
    })
    .to_string();
    let out = fake
        .invoke_with(
            Invoke::new(event.clone())
                .cognito_identity("{not json")
                .client_context("[\"wrong shape\"]")
                .header("Lambda-Runtime-Deadline-Ms", "not-a-number"),
        )
        .json();
    assert_eq!(out["source"], "PreSignUp_FutureFlow");
    assert_eq!(out["identity"], Value::Null);
    assert_eq!(out["client"], Value::Null);
    let out = fake
        .invoke_with(Invoke::new(event).header("Lambda-Runtime-Invoked-Function-Arn", ""))
        .json();
    assert_eq!(out["arn"], "");
}
