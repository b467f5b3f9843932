//! SQS: each message `body` is a payload.

use std::borrow::Cow;
use std::iter::FusedIterator;

use serde::de::DeserializeOwned;

use super::{Envelope, PayloadError, RawPayload};
use crate::sqs::{SqsEvent, SqsMessage};

/// One payload per record: its `body` (JSON text). An SNS notification delivered to the queue
/// decodes as `sns::SnsMessage` (both key spellings are accepted), an
/// EventBridge event as `eventbridge::EventBridgeEvent`; both are
/// envelopes in turn.
impl Envelope for SqsEvent {
    fn payload_count(&self) -> usize {
        self.records.len()
    }

    fn payload_location(&self, index: usize) -> String {
        format!("Records[{index}].body")
    }

    fn raw_payload(&self, index: usize) -> Result<RawPayload<'_>, PayloadError> {
        Ok(RawPayload::Text(Cow::Borrowed(&self.records[index].body)))
    }
}

/// A single message: its `body` is the one payload (handy inside a batch handler).
impl Envelope for SqsMessage {
    fn payload_count(&self) -> usize {
        1
    }

    fn payload_location(&self, _index: usize) -> String {
        "body".to_owned()
    }

    fn raw_payload(&self, _index: usize) -> Result<RawPayload<'_>, PayloadError> {
        Ok(RawPayload::Text(Cow::Borrowed(&self.body)))
    }

    fn payload_location_all(&self) -> String {
        "body".to_owned()
    }
}

impl SqsEvent {
    /// Every body decoded as `T`, each with its record's `messageId`, in record order: the
    /// pairing a hand-built partial batch response needs (a failed message is reported by its
    /// id). [`process_batch`](crate::batch::process_batch) does that bookkeeping for you; use
    /// this when you want the loop yourself, e.g. to process the payloads concurrently.
    ///
    /// ```
    /// # #[cfg(feature = "sqs")]
    /// # fn main() -> Result<(), serde_json::Error> {
    /// use serde::Deserialize;
    /// use typed_lambda_events::sqs::{SqsBatchItemFailure, SqsBatchResponse, SqsEvent};
    ///
    /// #[derive(Deserialize)]
    /// struct Order {
    ///     id: String,
    /// }
    ///
    /// # let record = |id: &str, body: &str| serde_json::json!({
    /// #     "messageId": id, "receiptHandle": "h", "body": body,
    /// #     "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "1545082649183",
    /// #                    "SenderId": "AIDAEXAMPLE", "ApproximateFirstReceiveTimestamp": "1545082649185"},
    /// #     "messageAttributes": {}, "md5OfBody": "0", "eventSource": "aws:sqs",
    /// #     "eventSourceARN": "arn:aws:sqs:us-east-2:123456789012:orders", "awsRegion": "us-east-2"});
    /// # let event: SqsEvent = serde_json::from_value(serde_json::json!({"Records": [
    /// #     record("m-1", r#"{"id": "o-1"}"#), record("m-2", "not json")]}))?;
    /// let mut failures = Vec::new();
    /// for (message_id, order) in event.payloads_with_ids::<Order>() {
    ///     match order {
    ///         Ok(order) => println!("order {} from message {message_id}", order.id),
    ///         Err(e) => {
    ///             eprintln!("{e}");
    ///             failures.push(SqsBatchItemFailure {
    ///                 item_identifier: message_id.to_owned(),
    ///                 ..Default::default()
    ///             });
    ///         }
    ///     }
    /// }
    /// let response = SqsBatchResponse {
    ///     batch_item_failures: failures,
    ///     ..Default::default()
    /// };
    /// assert_eq!(response.batch_item_failures[0].item_identifier, "m-2");
    /// # Ok(())
    /// # }
    /// # #[cfg(not(feature = "sqs"))]
    /// # fn main() {}
    /// ```
    pub fn payloads_with_ids<T: DeserializeOwned>(
        &self,
    ) -> impl DoubleEndedIterator<Item = (&str, Result<T, PayloadError>)>
           + ExactSizeIterator
           + FusedIterator {
        self.records
            .iter()
            .map(|record| record.message_id.as_str())
            .zip(self.payloads::<T>())
    }
}
