//! Kinesis Data Streams with partial batch responses: each record's `data` (base64 on the wire)
//! is a JSON page view; the function totals time per page and reports the first record it cannot
//! handle.
//!
//! `process_batch` decodes `data` as `PageView` and calls `record_view` in stream order. A shard is
//! ordered, so at the first failure it stops and reports that record and every later one by
//! sequence number: Lambda resumes the shard from the lowest one, and nothing after the failure
//! runs twice. The event source mapping needs `ReportBatchItemFailures` turned on.
//!
//! Run locally: `cargo run -p typed-lambda --example kinesis -- runtime/examples/events/kinesis.json`
//! (the third view has a negative duration: it and the fourth are reported).

use std::collections::BTreeMap;

use serde::Deserialize;
use typed_lambda::events::batch::process_batch;
use typed_lambda::events::kinesis::{KinesisBatchResponse, KinesisEvent, KinesisEventRecord};
use typed_lambda::{handle_func, Context, Error};

/// What the producers put on the stream.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PageView {
    session_id: String,
    page: String,
    duration_ms: i64,
}

fn handler(event: KinesisEvent, _ctx: &Context) -> Result<KinesisBatchResponse, Error> {
    let mut time_per_page: BTreeMap<String, i64> = BTreeMap::new();
    let record_view = |view: PageView, record: &KinesisEventRecord| {
        if view.duration_ms < 0 {
            return Err(format!(
                "negative duration {} ms in session {}",
                view.duration_ms, view.session_id
            ));
        }
        *time_per_page.entry(view.page).or_default() += view.duration_ms;
        tracing::debug!(sequence = %record.kinesis.sequence_number, "view counted");
        Ok(())
    };
    let outcome = process_batch(&event, record_view);
    tracing::info!(
        pages = ?time_per_page,
        succeeded = outcome.succeeded,
        failed = outcome.failures.len(),
        "batch done"
    );
    Ok(outcome.into_response())
}

fn main() {
    handle_func(handler)
}
