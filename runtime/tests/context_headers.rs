//! Runtime API headers and environment → Context, and `_X_AMZN_TRACE_ID` per invocation.
//! One test per process (this file) because the test sets and reads process environment.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use typed_lambda::testing::{FakeRuntimeApi, Invoke};
use typed_lambda::{Context, Error, TRACE_ID_VAR};

fn describe(_: Value, ctx: &Context) -> Result<Value, Error> {
    Ok(json!({
        "requestId": ctx.request_id(),
        "arn": ctx.invoked_function_arn(),
        "name": ctx.function_name(),
        "version": ctx.function_version(),
        "memory": ctx.memory_limit_mb(),
        "group": ctx.log_group_name(),
        "stream": ctx.log_stream_name(),
        "trace": ctx.xray_trace_id(),
        "traceEnv": std::env::var(TRACE_ID_VAR).ok(),
        "identity": ctx.identity(),
        "client": ctx.client_context(),
        "tenant": ctx.tenant_id(),
        "remainingMs": ctx.remaining_time().as_millis() as u64,
        "deadlineMs": ctx.deadline().duration_since(UNIX_EPOCH).unwrap().as_millis() as u64,
    }))
}

#[test]
fn headers_and_environment_reach_the_context() {
    std::env::set_var("AWS_LAMBDA_FUNCTION_NAME", "orders");
    std::env::set_var("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    std::env::set_var("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
    std::env::set_var("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/orders");
    std::env::set_var("AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/25/[$LATEST]abc");
    let fake = FakeRuntimeApi::start();
    let _f = fake.spawn(describe);

    let pending = fake.enqueue(
        Invoke::new("{}")
            .timeout(Duration::from_secs(5))
            .trace_id("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")
            .cognito_identity(r#"{"cognitoIdentityId":"us-east-1:id","cognitoIdentityPoolId":"us-east-1:pool"}"#)
            .client_context(r#"{"client":{"installation_id":"inst","app_title":"Shop","app_version_name":"1.0","app_version_code":"1","app_package_name":"com.shop"},"custom":{"tier":"gold"},"env":{"locale":"en_US"}}"#)
            .header("Lambda-Runtime-Aws-Tenant-Id", "tenant-9"),
    );
    let request_id = pending.request_id.clone();
    let started = SystemTime::now();
    let out = fake.wait(pending, Duration::from_secs(10)).json();

    assert_eq!(out["requestId"], json!(request_id));
    assert_eq!(
        out["arn"],
        "arn:aws:lambda:us-east-1:123456789012:function:typed-lambda-test"
    );
    assert_eq!(out["name"], "orders");
    assert_eq!(out["version"], "$LATEST");
    assert_eq!(out["memory"], 512);
    assert_eq!(out["group"], "/aws/lambda/orders");
    assert_eq!(out["stream"], "2026/11/25/[$LATEST]abc");
    let trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    assert_eq!(out["trace"], trace);
    assert_eq!(out["traceEnv"], trace);
    assert_eq!(
        out["identity"],
        json!({"cognitoIdentityId":"us-east-1:id","cognitoIdentityPoolId":"us-east-1:pool"})
    );
    assert_eq!(out["client"]["client"]["app_title"], "Shop");
    assert_eq!(out["client"]["custom"]["tier"], "gold");
    assert_eq!(out["client"]["env"]["locale"], "en_US");
    assert_eq!(out["tenant"], "tenant-9");
    let remaining = out["remainingMs"].as_u64().unwrap();
    assert!(remaining <= 5_000 && remaining > 3_000, "{remaining}");
    let deadline = out["deadlineMs"].as_u64().unwrap();
    let started_ms = started.duration_since(UNIX_EPOCH).unwrap().as_millis() as u64;
    assert!(deadline >= started_ms + 4_000 && deadline <= started_ms + 6_000);

    // Each invocation exports its own trace id, and none when Lambda sends none.
    let out = fake
        .invoke_with(
            Invoke::new("{}").trace_id("Root=1-00000000-000000000000000000000002;Sampled=0"),
        )
        .json();
    assert_eq!(
        out["traceEnv"],
        "Root=1-00000000-000000000000000000000002;Sampled=0"
    );
    let out = fake
        .invoke_with(Invoke::new("{}").header("Lambda-Runtime-Trace-Id", ""))
        .json();
    assert_eq!(out["trace"], Value::Null);
    assert_eq!(out["traceEnv"], Value::Null);

    // An emulator-style constant deadline does not underflow; garbage headers are ignored.
    let out = fake
        .invoke_with(
            Invoke::new("{}")
                .header("Lambda-Runtime-Deadline-Ms", "600000")
                .cognito_identity("{broken")
                .client_context("not json"),
        )
        .json();
    let remaining = out["remainingMs"].as_u64().unwrap();
    assert!(remaining > 590_000 && remaining <= 600_000, "{remaining}");
    assert_eq!(out["identity"], Value::Null);
    assert_eq!(out["client"], Value::Null);

    // No deadline and no ARN header at all: served, with Lambda's longest timeout (15 minutes)
    // from when the invocation arrived, and an empty ARN.
    let pending = fake.enqueue(
        Invoke::new("{}")
            .without_header("Lambda-Runtime-Deadline-Ms")
            .without_header("lambda-runtime-invoked-function-arn"),
    );
    let request_id = pending.request_id.clone();
    let out = fake.wait(pending, Duration::from_secs(10)).json();
    assert_eq!(out["requestId"], json!(request_id));
    let remaining = out["remainingMs"].as_u64().unwrap();
    assert!(remaining > 890_000 && remaining <= 900_000, "{remaining}");
    assert_eq!(out["arn"], "");
}
