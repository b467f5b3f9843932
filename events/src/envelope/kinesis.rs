//! Kinesis Data Streams: each record's `kinesis.data` (base64, decoded on access) is a payload.

use super::{base64_payload, Envelope, PayloadError, RawPayload};
use crate::kinesis::{KinesisEvent, KinesisEventRecord, KinesisTimeWindowEvent};

/// One payload per record: the bytes of `kinesis.data` (base64-decoded here; bad base64 is an `Encoding` error of that record only), decoded as
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
        base64_payload(&self.records[index].kinesis.data, index, || {
            self.payload_location(index)
        })
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
        base64_payload(&self.records[index].kinesis.data, index, || {
            self.payload_location(index)
        })
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
        base64_payload(&self.kinesis.data, 0, || "kinesis.data".to_owned())
    }

    fn payload_location_all(&self) -> String {
        "kinesis.data".to_owned()
    }
}
