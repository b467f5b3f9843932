//! Handlers for the Python shim tests: the same shapes as the native examples.
//!
//! - `handler.handle`: the typed greeting plus error modes (`{"mode": ...}`), and an event
//!   (`{"explosive": ...}`) whose `Deserialize` panics.
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
    /// Never built: decoding it panics (a user's `Deserialize` may).
    Explosive { explosive: Explosive },
}

/// A value whose `Deserialize` and `Serialize` both panic.
#[derive(Debug)]
struct Explosive;

impl<'de> Deserialize<'de> for Explosive {
    fn deserialize<D: serde::Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
        panic!("explosive event")
    }
}

impl Serialize for Explosive {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        panic!("explosive result")
    }
}

/// What `typed` returns: JSON, or a result whose `Serialize` panics.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum Reply {
    Json(Value),
    Explosive(Explosive),
}

impl From<Value> for Reply {
    fn from(value: Value) -> Self {
        Reply::Json(value)
    }
}

#[derive(Debug, Serialize)]
struct Greeting {
    message: String,
}

fn typed(request: Request, ctx: &Context) -> Result<Reply, Error> {
    match request {
        Request::Person {
            first_name,
            last_name,
        } => {
            tracing::info!("greeting {first_name}");
            Ok(serde_json::to_value(Greeting {
                message: format!("Hello, {first_name} {last_name}!"),
            })
            .unwrap()
            .into())
        }
        Request::Explosive { explosive } => Ok(Reply::Explosive(explosive)),
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
                "tenantId": ctx.tenant_id(),
            })
            .into()),
            "custom" => Err(Error::new("ValidationError", "mode custom rejected")),
            "string" => Err(String::from("plain string error").into()),
            "panic" => panic!("boom"),
            "count" => Ok(json!({ "count": count }).into()),
            "explosive-result" => Ok(Reply::Explosive(Explosive)),
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
// One library copied under three module names (scripts/build-python-shim.sh): the copies opt
// out of the check that the module has the library's name.
typed_lambda::python_module!(@any_name raw_handler, echo);
typed_lambda::python_module!(@any_name order_handler, order);
