//! S3 uploads fanned out through SNS to an SQS queue: the queue's message body is the SNS
//! notification JSON, whose `Message` is the S3 event. Two calls unwrap it:
//! `sqs.payloads::<SnsMessage>()` (here done by `process_batch`) and `message.payload::<S3Event>()`.
//!
//! SNS spells the certificate and unsubscribe links `SigningCertURL` / `UnsubscribeURL` in the
//! queue body and `SigningCertUrl` / `UnsubscribeUrl` in a Lambda event; `SnsMessage` takes both.
//! S3 also publishes an `s3:TestEvent` message when the notification is configured; it is not an
//! `S3Event`, so it is recognised and skipped rather than failed (a failed message would be
//! retried until it lands in the dead-letter queue).
//!
//! Run locally: `cargo run -p typed-lambda --example sns_in_sqs_s3 -- runtime/examples/events/sns_in_sqs_s3.json`
//! (logs the two uploads, skips the test message, prints `{"batchItemFailures": []}`).

use serde::Deserialize;
use typed_lambda::events::batch::process_batch;
use typed_lambda::events::s3::S3Event;
use typed_lambda::events::sns::SnsMessage;
use typed_lambda::events::sqs::{SqsBatchResponse, SqsEvent, SqsMessage};
use typed_lambda::events::{Envelope, PayloadError};
use typed_lambda::{handle_func, Context, Error};

/// What S3 publishes once to check the destination (not an `S3Event`).
#[derive(Deserialize)]
struct S3TestEvent {
    #[serde(rename = "Event")]
    event: String,
    #[serde(rename = "Bucket")]
    bucket: String,
}

fn on_notification(message: SnsMessage, record: &SqsMessage) -> Result<(), PayloadError> {
    let s3: S3Event = match message.payload() {
        Ok(s3) => s3,
        Err(not_s3) => {
            return match message.payload::<S3TestEvent>() {
                Ok(test) if test.event == "s3:TestEvent" => {
                    tracing::info!(bucket = %test.bucket, "S3 test message skipped");
                    Ok(())
                }
                _ => Err(not_s3),
            };
        }
    };
    for upload in &s3.records {
        let object = &upload.s3.object;
        // keys arrive form-URL encoded (`dog+in+snow.png`)
        let key = object.decoded_key().unwrap_or_else(|_| object.key.clone());
        tracing::info!(
            bucket = %upload.s3.bucket.name,
            key = %key,
            size = object.size.unwrap_or_default(),
            event = %upload.event_name,
            sqs_message = %record.message_id,
            sns_message = %message.message_id,
            "upload"
        );
    }
    Ok(())
}

fn handler(event: SqsEvent, _ctx: &Context) -> Result<SqsBatchResponse, Error> {
    Ok(process_batch(&event, on_notification).into_response())
}

fn main() {
    handle_func(handler)
}
