//! SQS: each message `body` is a payload.

use std::borrow::Cow;

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
