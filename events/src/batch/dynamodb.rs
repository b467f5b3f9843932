//! DynamoDB streams: failures are reported by sequence number; a shard is ordered.

use super::BatchEvent;
use crate::dynamodb::{
    DynamoDbBatchItemFailure, DynamoDbBatchResponse, DynamoDbEvent, DynamoDbEventRecord,
};

/// Records are reported by sequence number; the batch is ordered. The payload
/// [`process_batch`](super::process_batch) decodes is each record's `NewImage`, which deletes
/// lack: see [DynamoDB streams](super#dynamodb-streams-deletes-have-no-newimage) in the module
/// docs before using it on a table that deletes items.
impl BatchEvent for DynamoDbEvent {
    type Record = DynamoDbEventRecord;
    type Response = DynamoDbBatchResponse;

    fn record(&self, index: usize) -> &DynamoDbEventRecord {
        &self.records[index]
    }

    /// `dynamodb.SequenceNumber` (Lambda always sends it for stream records; empty if absent).
    fn item_identifier(&self, index: usize) -> &str {
        self.records[index]
            .dynamodb
            .sequence_number
            .as_deref()
            .unwrap_or_default()
    }

    /// Always: Lambda checkpoints at the lowest failed sequence number and retries from there.
    fn is_ordered(&self) -> bool {
        true
    }

    fn batch_response(failed: Vec<String>) -> DynamoDbBatchResponse {
        DynamoDbBatchResponse {
            batch_item_failures: failed
                .into_iter()
                .map(|item_identifier| DynamoDbBatchItemFailure {
                    item_identifier,
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }
}
