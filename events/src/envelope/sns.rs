//! SNS: each notification's `Message` is a payload.

use std::borrow::Cow;

use super::{Envelope, PayloadError, RawPayload};
use crate::sns::{SnsEvent, SnsMessage, SnsRecord};

/// One payload per record: `Sns.Message` (JSON text). SNS sends one record per invocation, so
/// [`payload`](Envelope::payload) fits.
impl Envelope for SnsEvent {
    fn payload_count(&self) -> usize {
        self.records.len()
    }

    fn payload_location(&self, index: usize) -> String {
        format!("Records[{index}].Sns.Message")
    }

    fn raw_payload(&self, index: usize) -> Result<RawPayload<'_>, PayloadError> {
        Ok(RawPayload::Text(Cow::Borrowed(
            &self.records[index].sns.message,
        )))
    }
}

/// One record: its `Sns.Message`.
impl Envelope for SnsRecord {
    fn payload_count(&self) -> usize {
        1
    }

    fn payload_location(&self, _index: usize) -> String {
        "Sns.Message".to_owned()
    }

    fn raw_payload(&self, _index: usize) -> Result<RawPayload<'_>, PayloadError> {
        Ok(RawPayload::Text(Cow::Borrowed(&self.sns.message)))
    }

    fn payload_location_all(&self) -> String {
        "Sns.Message".to_owned()
    }
}

/// The notification object, wherever it came from (an [`SnsEvent`] record, or an SQS body when
/// SNS delivers to a queue): its `Message`. S3 notifications fanned out through SNS decode as
/// `s3::S3Event` here; note that S3 first sends an `s3:TestEvent` message,
/// which is not an `S3Event` and fails to decode.
impl Envelope for SnsMessage {
    fn payload_count(&self) -> usize {
        1
    }

    fn payload_location(&self, _index: usize) -> String {
        "Message".to_owned()
    }

    fn raw_payload(&self, _index: usize) -> Result<RawPayload<'_>, PayloadError> {
        Ok(RawPayload::Text(Cow::Borrowed(&self.message)))
    }

    fn payload_location_all(&self) -> String {
        "Message".to_owned()
    }
}
