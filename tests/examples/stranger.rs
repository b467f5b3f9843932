//! A function written the way a stranger would, against only the public API that issue 2 names:
//! `typed_lambda::handle_func`, `typed_lambda::Context`, `typed_lambda::Error::new`, and
//! `serde_json::Value` / `Box<serde_json::value::RawValue>` events, plus the `log` facade that
//! issue 2 says the runtime's logging honours. Nothing from the runtime's internals, no test
//! helpers. `tests/tests/cargo_lambda.rs` runs it under cargo-lambda.
//!
//! `STRANGER_HANDLER` picks the handler, the way one binary could serve several functions:
//! - unset or `order`: typed `Order` → `Receipt`; an order without items is a custom error
//!   (`EmptyOrder`). Logs each order (INFO) and big coupons (WARN) through the `log` facade.
//! - `value`: any JSON as `serde_json::Value` → a summary of its shape; `null` is an error.
//! - `raw`: the event as untouched bytes (`Box<RawValue>`), answered with a `Box<RawValue>`
//!   built by hand that embeds them.
//!
//! Locally: `cargo run -p typed-lambda-tests --example stranger -- event.json`.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;
use typed_lambda::{handle_func, Context, Error};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Order {
    order_id: String,
    items: Vec<Item>,
    #[serde(default)]
    coupon_percent: Option<u8>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Item {
    #[allow(dead_code)]
    sku: String,
    quantity: u32,
    unit_price_cents: u64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Receipt {
    order_id: String,
    item_count: u32,
    total_cents: u64,
    request_id: String,
    function_name: String,
    remaining_ms: u128,
}

fn order(order: Order, ctx: &Context) -> Result<Receipt, Error> {
    // Plain `log` facade calls, as in code that predates `tracing`: the runtime bridges them.
    log::info!("order {} with {} items", order.order_id, order.items.len());
    if order.coupon_percent.unwrap_or(0) > 50 {
        log::warn!("order {} uses a coupon over 50%", order.order_id);
    }
    if order.items.is_empty() {
        return Err(Error::new(
            "EmptyOrder",
            format!("order {} has no items", order.order_id),
        ));
    }
    let gross: u64 = order
        .items
        .iter()
        .map(|item| u64::from(item.quantity) * item.unit_price_cents)
        .sum();
    let discount = gross * u64::from(order.coupon_percent.unwrap_or(0)) / 100;
    Ok(Receipt {
        order_id: order.order_id,
        item_count: order.items.iter().map(|item| item.quantity).sum(),
        total_cents: gross - discount,
        request_id: ctx.request_id().to_owned(),
        function_name: ctx.function_name().to_owned(),
        remaining_ms: ctx.remaining_time().as_millis(),
    })
}

fn value(event: Value, _ctx: &Context) -> Result<Value, Error> {
    let summary = match &event {
        Value::Null => return Err(Error::new("NullEvent", "the event is null")),
        Value::Object(map) => {
            let keys: Vec<&String> = map.keys().collect();
            serde_json::json!({ "kind": "object", "keys": keys })
        }
        Value::Array(items) => serde_json::json!({ "kind": "array", "len": items.len() }),
        Value::String(s) => serde_json::json!({ "kind": "string", "len": s.chars().count() }),
        Value::Number(_) => serde_json::json!({ "kind": "number" }),
        Value::Bool(_) => serde_json::json!({ "kind": "bool" }),
    };
    Ok(summary)
}

// The runtime hands raw events over as `Box<RawValue>` (unsized `RawValue` needs the box).
#[allow(clippy::boxed_local)]
fn raw(event: Box<RawValue>, ctx: &Context) -> Result<Box<RawValue>, Error> {
    let text = format!(
        "{{\"bytes\":{},\"requestId\":{},\"event\":{}}}",
        event.get().len(),
        serde_json::to_string(ctx.request_id()).expect("a string serializes"),
        event.get()
    );
    RawValue::from_string(text).map_err(|e| Error::new("RawResponseError", e.to_string()))
}

fn main() {
    match std::env::var("STRANGER_HANDLER").as_deref() {
        Ok("value") => handle_func(value),
        Ok("raw") => handle_func(raw),
        _ => handle_func(order),
    }
}
