//! Your own EventBridge events, typed from your schemas.
//!
//! `custom_eventbridge/schemas/` holds two schemas as the EventBridge Schema Registry exports
//! them: `order_placed.json` (OpenAPI 3) and `shipment_dispatched.json` (JSON Schema draft-04).
//! `typed-lambda-codegen` turned them into the modules in `custom_eventbridge/generated/`
//! (checked in; a test fails when they are stale):
//!
//! ```sh
//! cargo run -p typed-lambda-codegen -- generate --open-enums all \
//!     --schemas runtime/examples/custom_eventbridge/schemas \
//!     --out runtime/examples/custom_eventbridge/generated
//! ```
//!
//! The registry's `AWSEvent` wrapper became `OrderPlacedEvent` / `ShipmentDispatchedEvent`: the
//! EventBridge envelope (`id`, `source`, `time`, ...) with a typed `detail`. With
//! `--open-enums all` every string enum keeps values the schema does not list (`channel` is
//! `"kiosk"` in the order sample, a channel added after the schema was exported).
//!
//! Run locally:
//! `cargo run -p typed-lambda --example custom_eventbridge -- runtime/examples/events/custom_eventbridge-order-placed.json`
//! (or `...-shipment-dispatched.json`).

#[path = "custom_eventbridge/generated/mod.rs"]
mod models;

use models::order_placed::OrderPlacedEvent;
use models::shipment_dispatched::ShipmentDispatchedEvent;
use serde::{Deserialize, Serialize};
use typed_lambda::{handle_func, Context, Error};

/// The events of the shop's bus this function subscribes to. The two `detail` shapes have
/// different required keys, so an untagged enum tells them apart; a function per rule (one
/// event type each) needs no enum at all.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum ShopEvent {
    OrderPlaced(Box<OrderPlacedEvent>),
    ShipmentDispatched(Box<ShipmentDispatchedEvent>),
}

/// What the function did, for the caller (and the tests).
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
enum Outcome {
    #[serde(rename_all = "camelCase")]
    Order {
        order_id: String,
        customer_id: String,
        items: u32,
        total: String,
        channel: String,
        /// `true` when the channel is one the schema did not list.
        new_channel: bool,
        /// Milliseconds between placing the order and the event's `time`.
        delay_ms: i64,
    },
    #[serde(rename_all = "camelCase")]
    Shipment {
        shipment_id: String,
        order_id: String,
        carrier: String,
        tracking_numbers: Vec<String>,
    },
}

fn handle(event: ShopEvent, _ctx: &Context) -> Result<Outcome, Error> {
    Ok(match event {
        ShopEvent::OrderPlaced(event) => {
            let order = event.detail;
            tracing::info!(order = %order.order_id, source = %event.source, "order placed");
            Outcome::Order {
                items: order.line_items.iter().map(|i| i.quantity.get()).sum(),
                total: format!("{:.2} {}", order.total.amount, order.total.currency),
                new_channel: order.channel.is_unknown(),
                channel: order.channel.to_string(),
                // times keep their text; an unparsable one is this handler's error (ParseError)
                delay_ms: (event.time.to_datetime()? - order.placed_at.to_datetime()?)
                    .num_milliseconds(),
                customer_id: order.customer.customer_id,
                order_id: order.order_id,
            }
        }
        ShopEvent::ShipmentDispatched(event) => {
            let shipment = event.detail;
            Outcome::Shipment {
                shipment_id: shipment.shipment_id,
                order_id: shipment.order_id,
                carrier: shipment.carrier.to_string(),
                tracking_numbers: shipment
                    .parcels
                    .into_iter()
                    .map(|p| p.tracking_number)
                    .collect(),
            }
        }
    })
}

fn main() {
    handle_func(handle)
}
