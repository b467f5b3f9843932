//! An EventBridge rule delivering your own events: the envelope (`source`, `detail-type`, `time`,
//! ...) is `EventBridgeEvent`, and `event.payload::<OrderPlaced>()` decodes its `detail` into your
//! type, whether EventBridge passes `detail` as a JSON object or as a string holding JSON. A
//! `detail` that does not fit is an error naming the path inside it (`items[1].quantity`), which
//! the runtime reports as the invocation's error.
//!
//! Run locally: `cargo run -p typed-lambda --example eventbridge_detail -- runtime/examples/events/eventbridge_detail.json`
//! (`eventbridge_detail-invalid.json` shows the error for a `detail` that does not fit).

use serde::{Deserialize, Serialize};
use typed_lambda::events::eventbridge::EventBridgeEvent;
use typed_lambda::events::Envelope;
use typed_lambda::{handle_func, Context, Error};

/// The `detail` of `com.example.orders` / `Order Placed`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct OrderPlaced {
    order_id: String,
    customer: Customer,
    items: Vec<Item>,
}

#[derive(Debug, Deserialize)]
struct Customer {
    id: String,
}

#[derive(Debug, Deserialize)]
struct Item {
    quantity: u32,
    price: f64,
}

/// What the function returns (for local runs and tests; EventBridge ignores it).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Invoice {
    event_id: String,
    order_id: String,
    customer_id: String,
    total: f64,
}

fn handler(event: EventBridgeEvent, _ctx: &Context) -> Result<Invoice, Error> {
    if event.detail_type != "Order Placed" {
        return Err(Error::new(
            "UnexpectedEvent",
            format!("detail-type {:?} from {}", event.detail_type, event.source),
        ));
    }
    let order: OrderPlaced = event
        .payload()
        .map_err(|e| Error::new("InvalidDetail", e.to_string()))?;
    let total = order
        .items
        .iter()
        .map(|item| f64::from(item.quantity) * item.price)
        .sum();
    Ok(Invoice {
        event_id: event.id,
        order_id: order.order_id,
        customer_id: order.customer.id,
        total,
    })
}

fn main() {
    handle_func(handler)
}
