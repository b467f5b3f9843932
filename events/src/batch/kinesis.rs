//! Kinesis streams: failures are reported by sequence number; a shard is ordered.

use super::BatchEvent;
use crate::kinesis::{
    KinesisBatchItemFailure, KinesisBatchResponse, KinesisEvent, KinesisEventRecord,
};

fn response(failed: Vec<String>) -> KinesisBatchResponse {
    KinesisBatchResponse {
        batch_item_failures: failed
            .into_iter()
            .map(|item_identifier| KinesisBatchItemFailure {
                item_identifier,
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}

impl BatchEvent for KinesisEvent {
    type Record = KinesisEventRecord;
    type Response = KinesisBatchResponse;

    fn record(&self, index: usize) -> &KinesisEventRecord {
        &self.records[index]
    }

    fn item_identifier(&self, index: usize) -> &str {
        &self.records[index].kinesis.sequence_number
    }

    /// Always: Lambda checkpoints at the lowest failed sequence number and retries from there,
    /// so records after a failure would run again anyway.
    fn is_ordered(&self) -> bool {
        true
    }

    fn batch_response(failed: Vec<String>) -> KinesisBatchResponse {
        response(failed)
    }
}
