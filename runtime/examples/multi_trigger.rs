//! One function wired to several triggers: it takes `AnyEvent`, which detects the event source
//! from the payload, and matches on it.
//!
//! SQS batches, S3 notifications and EventBridge events (EC2 instance state changes with their
//! typed detail, any other source as the generic event, and schedules) are handled. Any other event the crate models (SNS, DynamoDB streams, ...) and payloads no rule
//! places (`AnyEvent::Unknown`, kept as the original JSON) are acknowledged without work. The
//! summary returned says what was detected (`AnyEvent::kind` and `type_name`) and what was done.
//! Detection rules: the `typed_lambda::events::any_event` module docs.
//!
//! Run locally (each file is a different trigger):
//! `cargo run -p typed-lambda --example multi_trigger -- runtime/examples/events/multi_trigger-sqs.json`
//! (or `multi_trigger-eventbridge.json`, `s3-put.json`, `sns.json`, `hello.json`).

use serde::Serialize;
use typed_lambda::events::AnyEvent;
use typed_lambda::{handle_func, Context, Error};

/// What the function did with one invocation.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Handled {
    /// The family `AnyEvent` detected (`"sqs"`, `"s3"`, `"eventbridge"`, ..., or `"unknown"`).
    kind: &'static str,
    /// The generated type the payload was decoded into (`"SqsEvent"`, ..., or `"Unknown"`).
    type_name: &'static str,
    /// Whether this function acts on that kind of event.
    handled: bool,
    /// One line per thing handled: SQS messages, S3 objects, the EventBridge event.
    items: Vec<String>,
}

fn multi_trigger(event: AnyEvent, _ctx: &Context) -> Result<Handled, Error> {
    let (kind, type_name) = (event.kind(), event.type_name());
    let items: Option<Vec<String>> = match event {
        AnyEvent::SqsEvent(batch) => Some(
            batch
                .records
                .into_iter()
                .map(|message| format!("message {}: {}", message.message_id, message.body))
                .collect(),
        ),
        AnyEvent::S3Event(notification) => Some(
            notification
                .records
                .into_iter()
                .map(|record| {
                    format!(
                        "{} s3://{}/{}",
                        record.event_name, record.s3.bucket.name, record.s3.object.key
                    )
                })
                .collect(),
        ),
        // AWS service events with a family of their own arrive typed
        AnyEvent::Ec2InstanceStateChangeEvent(change) => Some(vec![format!(
            "instance {} is {}",
            change.detail.instance_id, change.detail.state
        )]),
        AnyEvent::EventBridgeEvent(event) => Some(vec![format!(
            "{} {} on {}",
            event.source,
            event.detail_type,
            event.resources.join(", ")
        )]),
        AnyEvent::EventBridgeScheduledEvent(tick) => {
            Some(vec![format!("schedule {}", tick.resources.join(", "))])
        }
        AnyEvent::Unknown(raw) => {
            tracing::warn!(bytes = raw.get().len(), "payload of no known event source");
            None
        }
        _ => {
            tracing::info!(kind, type_name, "not an event this function acts on");
            None
        }
    };
    Ok(Handled {
        kind,
        type_name,
        handled: items.is_some(),
        items: items.unwrap_or_default(),
    })
}

fn main() {
    handle_func(multi_trigger)
}
