//! SQS with partial batch responses: each message body is a JSON order; orders that do not
//! decode or that the business rule rejects are reported back, so Lambda retries only those.
//!
//! `process_batch` decodes every body as `Order` (a body that is not an `Order` counts as
//! failed and is logged with the reason: record index, `Records[i].body`, path inside the
//! body), calls `place` with the ones that decode, and builds the `batchItemFailures` response.
//! On a FIFO queue (`.fifo`) it stops at the first failure and reports the rest as failed, as
//! Lambda requires. The event source mapping needs `ReportBatchItemFailures` turned on.
//!
//! Run locally: `cargo run -p typed-lambda --example sqs_batch -- runtime/examples/events/sqs_batch.json`
//! (prints `{"batchItemFailures": [...]}` naming messages 2 and 3).

use serde::Deserialize;
use typed_lambda::events::batch::process_batch;
use typed_lambda::events::sqs::{SqsBatchResponse, SqsEvent, SqsMessage};
use typed_lambda::{handle_func, Context, Error};

/// The body the producers send.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Order {
    order_id: String,
    items: Vec<Item>,
}

#[derive(Debug, Deserialize)]
struct Item {
    sku: String,
    quantity: u32,
}

/// The per-message work. An `Err` marks this message failed; the others are unaffected.
fn place(order: Order, message: &SqsMessage) -> Result<(), String> {
    if order.items.is_empty() {
        return Err(format!("order {} has no items", order.order_id));
    }
    let units: u32 = order.items.iter().map(|item| item.quantity).sum();
    let skus: Vec<&str> = order.items.iter().map(|item| item.sku.as_str()).collect();
    tracing::info!(
        order = %order.order_id,
        message_id = %message.message_id,
        units,
        skus = ?skus,
        "order placed"
    );
    Ok(())
}

fn handler(event: SqsEvent, _ctx: &Context) -> Result<SqsBatchResponse, Error> {
    let outcome = process_batch(&event, place);
    tracing::info!(
        succeeded = outcome.succeeded,
        failed = outcome.failures.len(),
        "batch done"
    );
    Ok(outcome.into_response())
}

fn main() {
    handle_func(handler)
}
