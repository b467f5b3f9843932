//! SNS: one record per notification; log it and return what was received.
//!
//! SNS invokes functions asynchronously and ignores the result, so the summary returned here is
//! only for you (local runs, tests). `Subject` is `None` when the publisher gave none; `Message`
//! is the payload exactly as published (parse it yourself when it is JSON).
//!
//! Run locally: `cargo run -p typed-lambda --example sns -- runtime/examples/events/sns.json`

use serde::Serialize;
use typed_lambda::events::sns::SnsEvent;
use typed_lambda::{handle_func, Context, Error};

/// What the function saw, one entry per notification.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Received {
    message_id: String,
    topic_arn: String,
    subject: Option<String>,
    /// RFC 3339, as SNS sent it.
    published_at: String,
    /// Message attribute names with their SNS data types, e.g. `priority: Number`.
    attributes: Vec<String>,
    message: String,
}

fn sns(event: SnsEvent, _ctx: &Context) -> Result<Vec<Received>, Error> {
    let received = event
        .records
        .into_iter()
        .map(|record| {
            let sns = record.sns;
            tracing::info!(
                message_id = %sns.message_id,
                topic = %sns.topic_arn,
                subject = sns.subject.as_deref().unwrap_or("(none)"),
                "notification"
            );
            Received {
                attributes: sns
                    .message_attributes
                    .iter()
                    .map(|(name, attribute)| format!("{name}: {}", attribute.type_))
                    .collect(),
                published_at: sns.timestamp.to_string(),
                message_id: sns.message_id,
                topic_arn: sns.topic_arn,
                subject: sns.subject,
                message: sns.message,
            }
        })
        .collect();
    Ok(received)
}

fn main() {
    handle_func(sns)
}
