//! Kinesis Data Streams: each record's `kinesis.data` (base64, decoded by the model) is a payload.

use std::borrow::Cow;

use super::{Envelope, PayloadError, RawPayload};
use crate::kinesis::{KinesisEvent, KinesisEventRecord, KinesisTimeWindowEvent};

/// One payload per record: the bytes of `kinesis.data` (already base64-decoded), decoded as
/// JSON. Producers that write other formats (CSV, protobuf, ...) read `record.kinesis.data`
/// directly, or [`raw_payload`](Envelope::raw_payload).
impl Envelope for KinesisEvent {
    fn payload_count(&self) -> usize {
        self.records.len()
    }

    fn payload_location(&self, index: usize) -> String {
        format!("Records[{index}].kinesis.data")
    }

    fn raw_payload(&self, index: usize) -> Result<RawPayload<'_>, PayloadError> {
        Ok(RawPayload::Bytes(Cow::Borrowed(
            self.records[index].kinesis.data.as_bytes(),
        )))
    }
}

/// A tumbling-window invocation: the same records as [`KinesisEvent`].
impl Envelope for KinesisTimeWindowEvent {
    fn payload_count(&self) -> usize {
        self.records.len()
    }

    fn payload_location(&self, index: usize) -> String {
        format!("Records[{index}].kinesis.data")
    }

    fn raw_payload(&self, index: usize) -> Result<RawPayload<'_>, PayloadError> {
        Ok(RawPayload::Bytes(Cow::Borrowed(
            self.records[index].kinesis.data.as_bytes(),
        )))
    }
}

/// A single record: its `kinesis.data`.
impl Envelope for KinesisEventRecord {
    fn payload_count(&self) -> usize {
        1
    }

    fn payload_location(&self, _index: usize) -> String {
        "kinesis.data".to_owned()
    }

    fn raw_payload(&self, _index: usize) -> Result<RawPayload<'_>, PayloadError> {
        Ok(RawPayload::Bytes(Cow::Borrowed(
            self.kinesis.data.as_bytes(),
        )))
    }

    fn payload_location_all(&self) -> String {
        "kinesis.data".to_owned()
    }
}
