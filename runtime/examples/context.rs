//! Logs every field of the [`Context`] and returns them as JSON.
//!
//! Run locally: `cargo run -p typed-lambda --example context -- runtime/examples/events/context.json`

use serde_json::{json, Value};
use typed_lambda::{handle_func, Context, Error};

fn describe(_event: Value, ctx: &Context) -> Result<Value, Error> {
    let remaining_ms = ctx.remaining_time().as_millis() as u64;
    let deadline_ms = ctx
        .deadline()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0);
    let fields = json!({
        "requestId": ctx.request_id(),
        "deadlineMs": deadline_ms,
        "remainingTimeMs": remaining_ms,
        "invokedFunctionArn": ctx.invoked_function_arn(),
        "functionName": ctx.function_name(),
        "functionVersion": ctx.function_version(),
        "memoryLimitMb": ctx.memory_limit_mb(),
        "logGroupName": ctx.log_group_name(),
        "logStreamName": ctx.log_stream_name(),
        "identity": ctx.identity(),
        "clientContext": ctx.client_context(),
        "xrayTraceId": ctx.xray_trace_id(),
        "traceIdEnv": std::env::var(typed_lambda::TRACE_ID_VAR).ok(),
        "tenantId": ctx.tenant_id(),
    });
    tracing::info!(context = %fields, "invocation context");
    Ok(fields)
}

fn main() {
    handle_func(describe)
}
