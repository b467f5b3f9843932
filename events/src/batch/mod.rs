//! Partial batch processing: run a closure per record of an SQS, Kinesis or DynamoDB stream
//! event and get back the `batchItemFailures` response Lambda understands.
//!
//! With `ReportBatchItemFailures` on the event source mapping, a function that returns the
//! failed records' identifiers has only those retried, instead of the whole batch.
//! [`process_batch`] decodes each record's payload as `T` (see [`Envelope`]), calls your
//! closure with it and the record, and collects the failures:
//!
//! - a payload that does not decode as `T` counts as failed (the closure is not called);
//! - a closure that returns `Err` marks its record failed;
//! - in an ordered batch (FIFO queue, Kinesis or DynamoDB stream) processing stops at the first
//!   failure and every later record is reported failed too, unprocessed, so that nothing runs
//!   out of order and nothing after the failure runs twice when Lambda retries.
//!
//! Every failure is kept with its reason in [`BatchOutcome::failures`] and logged at `WARN`
//! through `tracing` (the `typed-lambda` runtime's log lines, with the request id).
//!
//! ```
//! # #[cfg(feature = "sqs")]
//! # fn main() {
//! use serde::Deserialize;
//! use typed_lambda_events::batch::process_batch;
//! use typed_lambda_events::sqs::{SqsBatchResponse, SqsEvent, SqsMessage};
//!
//! #[derive(Deserialize)]
//! struct Order {
//!     id: String,
//!     quantity: u32,
//! }
//!
//! fn handler(event: SqsEvent) -> SqsBatchResponse {
//!     process_batch(&event, |order: Order, _message: &SqsMessage| {
//!         if order.quantity == 0 {
//!             return Err(format!("order {} has no items", order.id));
//!         }
//!         Ok(())
//!     })
//!     .into_response()
//! }
//! # let record = |id: &str, body: &str| serde_json::json!({
//! #     "messageId": id, "receiptHandle": "h", "body": body,
//! #     "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "1545082649183",
//! #                    "SenderId": "AIDAEXAMPLE", "ApproximateFirstReceiveTimestamp": "1545082649185"},
//! #     "messageAttributes": {}, "md5OfBody": "0", "eventSource": "aws:sqs",
//! #     "eventSourceARN": "arn:aws:sqs:us-east-2:123456789012:orders", "awsRegion": "us-east-2"});
//! # let event: SqsEvent = serde_json::from_value(serde_json::json!({"Records": [
//! #     record("m-1", r#"{"id": "o-1", "quantity": 2}"#),
//! #     record("m-2", r#"{"id": "o-2", "quantity": 0}"#),
//! #     record("m-3", "not json")]})).unwrap();
//! let response = handler(event);
//! let failed: Vec<&str> = response
//!     .batch_item_failures
//!     .iter()
//!     .map(|f| f.item_identifier.as_str())
//!     .collect();
//! assert_eq!(failed, ["m-2", "m-3"]);
//! # }
//! # #[cfg(not(feature = "sqs"))]
//! # fn main() {}
//! ```
//!
//! Async closures (AWS SDK calls) use [`process_batch_async`]; it awaits one record at a time
//! and needs no particular async runtime. [`process_records`] and [`process_records_async`]
//! skip the decoding and hand you each raw record.
//!
//! # DynamoDB streams: deletes have no `NewImage`
//!
//! **Do not use [`process_batch`] on a DynamoDB stream whose table deletes items** (by
//! `DeleteItem` or by Time to Live) or whose stream view type is `KEYS_ONLY` or `OLD_IMAGE`.
//! The payload of a DynamoDB record is its `NewImage`, and a `REMOVE` record has none: it fails
//! to decode, and as a stream shard is ordered, processing stops there and that record and every
//! later one are reported failed. Lambda retries the batch from the delete, which fails the same
//! way every time, so the shard makes no progress until the retry limit of the event source
//! mapping (or the 24-hour retention of the stream) drops the records.
//!
//! Use [`process_records`] (or [`process_records_async`]) instead and pick what to read per
//! record: `DynamoDbEventRecord::new_image` for `INSERT` and `MODIFY`, `old_image` or `keys`
//! for `REMOVE`:
//!
//! ```
//! # #[cfg(feature = "dynamodb")]
//! # fn main() {
//! use serde::Deserialize;
//! use typed_lambda_events::batch::process_records;
//! use typed_lambda_events::dynamodb::{
//!     DynamoDbBatchResponse, DynamoDbEvent, DynamoDbEventRecord, DynamoDbOperationType,
//! };
//! use typed_lambda_events::PayloadError;
//!
//! #[derive(Deserialize)]
//! struct Session {
//!     pk: String,
//!     user: String,
//! }
//!
//! #[derive(Deserialize)]
//! struct SessionKey {
//!     pk: String,
//! }
//!
//! fn on_change(record: &DynamoDbEventRecord) -> Result<(), PayloadError> {
//!     match record.event_name {
//!         DynamoDbOperationType::Remove => {
//!             let key: SessionKey = record.keys()?;
//!             println!("session {} ended", key.pk);
//!         }
//!         _ => {
//!             let session: Session = record.new_image()?;
//!             println!("session {} of {}", session.pk, session.user);
//!         }
//!     }
//!     Ok(())
//! }
//!
//! fn handler(event: DynamoDbEvent) -> DynamoDbBatchResponse {
//!     process_records(&event, on_change).into_response()
//! }
//! # let record = |name: &str, seq: &str, new_image: serde_json::Value| serde_json::json!({
//! #     "eventID": seq, "eventName": name, "eventVersion": "1.1",
//! #     "eventSource": "aws:dynamodb", "awsRegion": "eu-west-1",
//! #     "eventSourceARN": "arn:aws:dynamodb:eu-west-1:123456789012:table/s/stream/2024",
//! #     "dynamodb": {"Keys": {"pk": {"S": "s#1"}}, "NewImage": new_image,
//! #                  "SequenceNumber": seq, "SizeBytes": 10, "StreamViewType": "NEW_IMAGE"}});
//! # let event: DynamoDbEvent = serde_json::from_value(serde_json::json!({"Records": [
//! #     record("INSERT", "100", serde_json::json!({"pk": {"S": "s#1"}, "user": {"S": "ana"}})),
//! #     record("REMOVE", "200", serde_json::json!({}))]})).unwrap();
//! // the REMOVE is processed from its keys; process_batch would have failed it
//! assert!(handler(event.clone()).batch_item_failures.is_empty());
//! let outcome = typed_lambda_events::batch::process_batch(
//!     &event,
//!     |_: serde_json::Value, _: &DynamoDbEventRecord| Ok::<(), String>(()),
//! );
//! assert_eq!(outcome.response.batch_item_failures[0].item_identifier, "200");
//! # }
//! # #[cfg(not(feature = "dynamodb"))]
//! # fn main() {}
//! ```
//!
//! [`process_batch`] fits DynamoDB streams only when every record carries a `NewImage`: a
//! `NEW_IMAGE` or `NEW_AND_OLD_IMAGES` stream on a table that never deletes, or a stream whose
//! event source mapping filters `REMOVE` records out.

#[cfg(feature = "dynamodb")]
mod dynamodb;
#[cfg(feature = "kinesis")]
mod kinesis;
#[cfg(feature = "sqs")]
mod sqs;

use std::fmt;
use std::future::Future;

use serde::de::DeserializeOwned;

use crate::envelope::{Envelope, PayloadError};

/// A batch event Lambda accepts a partial failure response for: SQS, Kinesis and DynamoDB
/// streams.
pub trait BatchEvent: Envelope {
    /// One record of the batch (`SqsMessage`, ...), as the closure sees it.
    type Record;
    /// The response listing failed records (`SqsBatchResponse`, ...).
    type Response;

    /// Record `index`. Records and payloads are numbered alike.
    ///
    /// # Panics
    ///
    /// When `index >= self.payload_count()`.
    fn record(&self, index: usize) -> &Self::Record;

    /// The identifier Lambda expects for record `index` in `batchItemFailures`: the SQS
    /// `messageId`, the stream record's sequence number.
    fn item_identifier(&self, index: usize) -> &str;

    /// Whether records must be processed in order, stopping at the first failure (FIFO queues
    /// and streams).
    fn is_ordered(&self) -> bool;

    /// The response reporting the given item identifiers as failed (empty: all succeeded).
    fn batch_response(failed: Vec<String>) -> Self::Response;
}

/// Why a record of a batch failed (see [`BatchFailure`]).
#[derive(Debug)]
pub enum FailureReason<Err> {
    /// Its payload did not decode as the requested type; the closure was not called.
    Payload(PayloadError),
    /// The closure returned this error.
    Handler(Err),
    /// Not processed: an earlier record of this ordered batch failed.
    NotProcessed,
}

impl<Err: fmt::Display> fmt::Display for FailureReason<Err> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FailureReason::Payload(e) => e.fmt(f),
            FailureReason::Handler(e) => e.fmt(f),
            FailureReason::NotProcessed => {
                f.write_str("not processed: an earlier record of this ordered batch failed")
            }
        }
    }
}

/// One failed record of a batch.
#[derive(Debug)]
pub struct BatchFailure<Err> {
    /// Index of the record in the event, from 0.
    pub index: usize,
    /// The identifier reported to Lambda (`messageId`, sequence number).
    pub item_identifier: String,
    /// Why it failed.
    pub reason: FailureReason<Err>,
}

impl<Err: fmt::Display> fmt::Display for BatchFailure<Err> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "record {} ({}) failed: {}",
            self.index, self.item_identifier, self.reason
        )
    }
}

/// The result of processing a batch: the response to return to Lambda, and what failed and why.
#[derive(Debug)]
pub struct BatchOutcome<R, Err> {
    /// The partial batch response listing every failed record; return it from the handler.
    pub response: R,
    /// The failed records in record order, each with its reason.
    pub failures: Vec<BatchFailure<Err>>,
    /// How many records the closure processed successfully.
    pub succeeded: usize,
}

impl<R, Err> BatchOutcome<R, Err> {
    /// The response for Lambda, dropping the failure details.
    pub fn into_response(self) -> R {
        self.response
    }

    /// Whether every record succeeded.
    pub fn all_succeeded(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Runs `handler` on every record's payload decoded as `T`, and returns the partial batch
/// response with the failed records (see the [module docs](self) for the rules).
pub fn process_batch<E, T, F, Err>(event: &E, mut handler: F) -> BatchOutcome<E::Response, Err>
where
    E: BatchEvent,
    T: DeserializeOwned,
    F: FnMut(T, &E::Record) -> Result<(), Err>,
    Err: fmt::Display,
{
    let mut run = Run::new(event);
    for index in 0..event.payload_count() {
        if run.stopped {
            run.fail(index, FailureReason::NotProcessed);
            continue;
        }
        let result = match event.decode_payload::<T>(index) {
            Ok(payload) => handler(payload, event.record(index)).map_err(FailureReason::Handler),
            Err(e) => Err(FailureReason::Payload(e)),
        };
        run.record(index, result);
    }
    run.finish()
}

/// [`process_batch`] for an async closure: awaits each record in turn (in record order), on
/// whatever executor polls the returned future.
pub async fn process_batch_async<'a, E, T, F, Fut, Err>(
    event: &'a E,
    mut handler: F,
) -> BatchOutcome<E::Response, Err>
where
    E: BatchEvent,
    T: DeserializeOwned,
    F: FnMut(T, &'a E::Record) -> Fut,
    Fut: Future<Output = Result<(), Err>>,
    Err: fmt::Display,
{
    let mut run = Run::new(event);
    for index in 0..event.payload_count() {
        if run.stopped {
            run.fail(index, FailureReason::NotProcessed);
            continue;
        }
        let result = match event.decode_payload::<T>(index) {
            Ok(payload) => handler(payload, event.record(index))
                .await
                .map_err(FailureReason::Handler),
            Err(e) => Err(FailureReason::Payload(e)),
        };
        run.record(index, result);
    }
    run.finish()
}

/// Like [`process_batch`], without decoding: `handler` gets each raw record.
pub fn process_records<E, F, Err>(event: &E, mut handler: F) -> BatchOutcome<E::Response, Err>
where
    E: BatchEvent,
    F: FnMut(&E::Record) -> Result<(), Err>,
    Err: fmt::Display,
{
    let mut run = Run::new(event);
    for index in 0..event.payload_count() {
        if run.stopped {
            run.fail(index, FailureReason::NotProcessed);
            continue;
        }
        let result = handler(event.record(index)).map_err(FailureReason::Handler);
        run.record(index, result);
    }
    run.finish()
}

/// [`process_records`] for an async closure, one record at a time.
pub async fn process_records_async<'a, E, F, Fut, Err>(
    event: &'a E,
    mut handler: F,
) -> BatchOutcome<E::Response, Err>
where
    E: BatchEvent,
    F: FnMut(&'a E::Record) -> Fut,
    Fut: Future<Output = Result<(), Err>>,
    Err: fmt::Display,
{
    let mut run = Run::new(event);
    for index in 0..event.payload_count() {
        if run.stopped {
            run.fail(index, FailureReason::NotProcessed);
            continue;
        }
        let result = handler(event.record(index))
            .await
            .map_err(FailureReason::Handler);
        run.record(index, result);
    }
    run.finish()
}

/// Bookkeeping shared by the sync and async loops.
struct Run<'a, E: BatchEvent, Err> {
    event: &'a E,
    ordered: bool,
    stopped: bool,
    failures: Vec<BatchFailure<Err>>,
    succeeded: usize,
}

impl<'a, E: BatchEvent, Err: fmt::Display> Run<'a, E, Err> {
    fn new(event: &'a E) -> Self {
        Run {
            event,
            ordered: event.is_ordered(),
            stopped: false,
            failures: Vec::new(),
            succeeded: 0,
        }
    }

    fn record(&mut self, index: usize, result: Result<(), FailureReason<Err>>) {
        match result {
            Ok(()) => self.succeeded += 1,
            Err(reason) => {
                self.fail(index, reason);
                self.stopped = self.ordered;
            }
        }
    }

    fn fail(&mut self, index: usize, reason: FailureReason<Err>) {
        let failure = BatchFailure {
            index,
            item_identifier: self.event.item_identifier(index).to_owned(),
            reason,
        };
        log_failure(&failure);
        self.failures.push(failure);
    }

    fn finish(self) -> BatchOutcome<E::Response, Err> {
        let failed = self
            .failures
            .iter()
            .map(|f| f.item_identifier.clone())
            .collect();
        BatchOutcome {
            response: E::batch_response(failed),
            failures: self.failures,
            succeeded: self.succeeded,
        }
    }
}

fn log_failure<Err: fmt::Display>(failure: &BatchFailure<Err>) {
    match &failure.reason {
        // one line for the first failure is enough; the skipped ones are listed at debug
        FailureReason::NotProcessed => tracing::debug!(
            index = failure.index,
            item_identifier = %failure.item_identifier,
            "batch record not processed after an earlier failure"
        ),
        reason => tracing::warn!(
            index = failure.index,
            item_identifier = %failure.item_identifier,
            reason = %reason,
            "batch record failed"
        ),
    }
}
