//! Handlers for the Python shim tests: the same shapes as the native examples.
//!
//! - `handler.handle`: the typed greeting plus error modes (`{"mode": ...}`).
//! - `raw_handler.handle`: `Box<RawValue>` echo (the same library, loaded under another name).

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{json, Value};
use typed_lambda::{Context, Error};

/// Either a greeting request or a mode switch.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Request {
    Person {
        #[serde(rename = "FirstName")]
        first_name: String,
        #[serde(rename = "LastName")]
        last_name: String,
    },
    Mode {
        mode: String,
        #[serde(default)]
        count: Option<u32>,
    },
}

#[derive(Debug, Serialize)]
struct Greeting {
    message: String,
}

fn typed(request: Request, ctx: &Context) -> Result<Value, Error> {
    match request {
        Request::Person {
            first_name,
            last_name,
        } => {
            tracing::info!("greeting {first_name}");
            Ok(serde_json::to_value(Greeting {
                message: format!("Hello, {first_name} {last_name}!"),
            })
            .unwrap())
        }
        Request::Mode { mode, count } => match mode.as_str() {
            "context" => Ok(json!({
                "requestId": ctx.request_id(),
                "functionName": ctx.function_name(),
                "functionVersion": ctx.function_version(),
                "invokedFunctionArn": ctx.invoked_function_arn(),
                "memoryLimitMb": ctx.memory_limit_mb(),
                "logGroupName": ctx.log_group_name(),
                "logStreamName": ctx.log_stream_name(),
                "remainingMs": ctx.remaining_time().as_millis() as u64,
                "xrayTraceId": ctx.xray_trace_id(),
                "identity": ctx.identity(),
                "clientContext": ctx.client_context(),
            })),
            "custom" => Err(Error::new("ValidationError", "mode custom rejected")),
            "string" => Err(String::from("plain string error").into()),
            "panic" => panic!("boom"),
            "count" => Ok(json!({ "count": count })),
            other => Err(Error::new("UnknownMode", format!("unknown mode {other:?}"))),
        },
    }
}

/// A strictly typed event, to check decode failures name the path.
#[derive(Debug, Deserialize)]
struct Order {
    items: Vec<Item>,
}

#[derive(Debug, Deserialize)]
struct Item {
    qty: u32,
}

fn order(order: Order, _ctx: &Context) -> Result<u32, Error> {
    Ok(order.items.iter().map(|i| i.qty).sum())
}

fn echo(event: Box<RawValue>, _ctx: &Context) -> Result<Box<RawValue>, Error> {
    Ok(event)
}

typed_lambda::python_module!(handler, typed);
typed_lambda::python_module!(raw_handler, echo);
typed_lambda::python_module!(order_handler, order);
