//! Kafka (Amazon MSK, self-managed Kafka): each record's `value` (base64, decoded by the model)
//! is a payload; keys decode on request.

use serde::de::DeserializeOwned;

use super::{base64_payload, Envelope, PayloadError, RawPayload};
use crate::kafka::{KafkaEvent, KafkaRecord};

impl KafkaEvent {
    /// Every record with its `topic-partition` key, in payload order: partitions sorted by key
    /// (`orders-0`, `orders-1`, `orders-10`, `orders-2`), records in offset order within each.
    pub fn all_records(&self) -> impl Iterator<Item = (&str, &KafkaRecord)> + '_ {
        self.records
            .iter()
            .flat_map(|(partition, records)| records.iter().map(move |r| (partition.as_str(), r)))
    }

    /// Payload `index` as (`topic-partition`, position in that list, record).
    fn locate(&self, index: usize) -> (&str, usize, &KafkaRecord) {
        let mut rest = index;
        for (partition, records) in &self.records {
            if rest < records.len() {
                return (partition, rest, &records[rest]);
            }
            rest -= records.len();
        }
        panic!(
            "payload index {index} out of range ({} records)",
            self.payload_count()
        )
    }
}

/// One payload per record, over all partitions (order as in [`KafkaEvent::all_records`]):
/// the record's `value` (already base64-decoded) as JSON. A record without a value (a
/// tombstone) is a `Missing` error. Values in Avro or Protobuf (schema registry) are bytes you
/// decode yourself: [`raw_payload`](Envelope::raw_payload) hands them over.
impl Envelope for KafkaEvent {
    fn payload_count(&self) -> usize {
        self.records.values().map(Vec::len).sum()
    }

    fn payload_location(&self, index: usize) -> String {
        let (partition, position, _) = self.locate(index);
        format!("records[\"{partition}\"][{position}].value")
    }

    fn raw_payload(&self, index: usize) -> Result<RawPayload<'_>, PayloadError> {
        let (_, _, record) = self.locate(index);
        match &record.value {
            Some(value) => base64_payload(value, index, || self.payload_location(index)),
            None => Err(PayloadError::missing(
                index,
                self.payload_location(index),
                "the record has no value (a tombstone)",
            )),
        }
    }
}

/// A single record: its `value`.
impl Envelope for KafkaRecord {
    fn payload_count(&self) -> usize {
        1
    }

    fn payload_location(&self, _index: usize) -> String {
        "value".to_owned()
    }

    fn raw_payload(&self, _index: usize) -> Result<RawPayload<'_>, PayloadError> {
        match &self.value {
            Some(value) => base64_payload(value, 0, || "value".to_owned()),
            None => Err(PayloadError::missing(
                0,
                "value",
                "the record has no value (a tombstone)",
            )),
        }
    }

    fn payload_location_all(&self) -> String {
        "value".to_owned()
    }
}

impl KafkaRecord {
    /// The record's `key` (already base64-decoded) as JSON `T`; a record without a key is a
    /// `Missing` error. For plain-text keys use `String::from_utf8_lossy(&key)` on `self.key`.
    pub fn decode_key<T: DeserializeOwned>(&self) -> Result<T, PayloadError> {
        let key = self
            .key
            .as_ref()
            .ok_or_else(|| PayloadError::missing(0, "key", "the record has no key"))?;
        base64_payload(key, 0, || "key".to_owned())?
            .decode()
            .map_err(|(path, e)| PayloadError::json::<T>(0, "key".to_owned(), path, e))
    }
}
