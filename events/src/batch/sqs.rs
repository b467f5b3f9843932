//! SQS: failures are reported by `messageId`; FIFO queues are ordered.

use super::BatchEvent;
use crate::sqs::{SqsBatchItemFailure, SqsBatchResponse, SqsEvent, SqsMessage};

impl BatchEvent for SqsEvent {
    type Record = SqsMessage;
    type Response = SqsBatchResponse;

    fn record(&self, index: usize) -> &SqsMessage {
        &self.records[index]
    }

    fn item_identifier(&self, index: usize) -> &str {
        &self.records[index].message_id
    }

    /// A batch from a FIFO queue: the queue name (last part of `eventSourceARN`) ends in
    /// `.fifo`, which SQS requires of every FIFO queue. `MessageGroupId` is no test: standard
    /// (fair) queues may carry one too.
    fn is_ordered(&self) -> bool {
        self.records
            .first()
            .is_some_and(|r| r.event_source_arn.ends_with(".fifo"))
    }

    fn batch_response(failed: Vec<String>) -> SqsBatchResponse {
        SqsBatchResponse {
            batch_item_failures: failed
                .into_iter()
                .map(|item_identifier| SqsBatchItemFailure {
                    item_identifier,
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }
}
