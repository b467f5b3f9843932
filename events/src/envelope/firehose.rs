//! Data Firehose transformation: each record's `data` is a payload, and the response builder.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::{base64_payload, Envelope, PayloadError, RawPayload};
use crate::firehose::{
    FirehoseEvent, FirehoseEventRecord, FirehoseResponse, FirehoseResponseRecord,
    FirehoseTransformationResult,
};
use crate::Base64Text;

/// One payload per record: the bytes of `data` (already base64-decoded), decoded as JSON.
impl Envelope for FirehoseEvent {
    fn payload_count(&self) -> usize {
        self.records.len()
    }

    fn payload_location(&self, index: usize) -> String {
        format!("records[{index}].data")
    }

    fn raw_payload(&self, index: usize) -> Result<RawPayload<'_>, PayloadError> {
        base64_payload(&self.records[index].data, index, || {
            self.payload_location(index)
        })
    }
}

/// A single record: its `data`.
impl Envelope for FirehoseEventRecord {
    fn payload_count(&self) -> usize {
        1
    }

    fn payload_location(&self, _index: usize) -> String {
        "data".to_owned()
    }

    fn raw_payload(&self, _index: usize) -> Result<RawPayload<'_>, PayloadError> {
        base64_payload(&self.data, 0, || "data".to_owned())
    }

    fn payload_location_all(&self) -> String {
        "data".to_owned()
    }
}

impl FirehoseResponseRecord {
    /// Transformed: deliver `data` (raw bytes; base64-encoded on the wire) for `record_id`.
    pub fn ok(record_id: impl Into<String>, data: impl Into<Vec<u8>>) -> Self {
        FirehoseResponseRecord {
            record_id: record_id.into(),
            result: FirehoseTransformationResult::Ok,
            data: Base64Text::encode(data.into()),
            ..Default::default()
        }
    }

    /// Transformed: deliver `value` as one line of JSON (serialized, then a `\n`, since
    /// Firehose concatenates records and newline-delimited JSON is what S3 readers such as
    /// Athena expect).
    pub fn ok_json<T: Serialize + ?Sized>(
        record_id: impl Into<String>,
        value: &T,
    ) -> Result<Self, serde_json::Error> {
        let mut data = serde_json::to_vec(value)?;
        data.push(b'\n');
        Ok(Self::ok(record_id, data))
    }

    /// Dropped on purpose: Firehose counts it as processed and delivers nothing.
    pub fn dropped(record_id: impl Into<String>) -> Self {
        FirehoseResponseRecord {
            record_id: record_id.into(),
            result: FirehoseTransformationResult::Dropped,
            ..Default::default()
        }
    }

    /// Could not be transformed: Firehose delivers `original` (the record's data as received)
    /// to the error output of the destination.
    pub fn failed(record_id: impl Into<String>, original: impl Into<Vec<u8>>) -> Self {
        Self::failed_text(record_id, Base64Text::encode(original.into()))
    }

    /// Like [`failed`](Self::failed), with the record's `data` exactly as it came (its base64
    /// text, even when that does not decode): what [`FirehoseEvent::transform`] returns for a
    /// record it could not read.
    pub fn failed_text(record_id: impl Into<String>, original: Base64Text) -> Self {
        FirehoseResponseRecord {
            record_id: record_id.into(),
            result: FirehoseTransformationResult::ProcessingFailed,
            data: original,
            ..Default::default()
        }
    }
}

impl FirehoseEvent {
    /// Runs `transform` on every record's payload decoded as `T` and builds the response
    /// Firehose expects (one entry per record, same `recordId`s, same order):
    ///
    /// - `Ok(Some(value))`: `Ok`, with `value` as one line of JSON
    ///   ([`FirehoseResponseRecord::ok_json`]);
    /// - `Ok(None)`: `Dropped`;
    /// - `Err(_)`, a payload that does not decode as `T`, or a `value` that does not serialize:
    ///   `ProcessingFailed` with the original data (logged at `WARN` with the `tracing` feature).
    ///
    /// For other output formats, build [`FirehoseResponseRecord`]s yourself with
    /// [`ok`](FirehoseResponseRecord::ok), [`dropped`](FirehoseResponseRecord::dropped) and
    /// [`failed`](FirehoseResponseRecord::failed).
    pub fn transform<T, U, F, Err>(&self, mut transform: F) -> FirehoseResponse
    where
        T: DeserializeOwned,
        U: Serialize,
        F: FnMut(T, &FirehoseEventRecord) -> Result<Option<U>, Err>,
        Err: fmt::Display,
    {
        let records = self
            .records
            .iter()
            .enumerate()
            .map(|(index, record)| {
                let outcome = match self.decode_payload::<T>(index) {
                    Ok(payload) => match transform(payload, record) {
                        Ok(Some(value)) => {
                            FirehoseResponseRecord::ok_json(&record.record_id, &value)
                                .map_err(|e| format!("serialize the transformed record: {e}"))
                        }
                        Ok(None) => Ok(FirehoseResponseRecord::dropped(&record.record_id)),
                        Err(e) => Err(e.to_string()),
                    },
                    Err(e) => Err(e.to_string()),
                };
                outcome.unwrap_or_else(|reason| {
                    log_failure(index, &record.record_id, &reason);
                    FirehoseResponseRecord::failed_text(&record.record_id, record.data.clone())
                })
            })
            .collect();
        FirehoseResponse {
            records,
            ..Default::default()
        }
    }
}

fn log_failure(index: usize, record_id: &str, reason: &str) {
    tracing::warn!(index, record_id, reason, "firehose record failed");
}
