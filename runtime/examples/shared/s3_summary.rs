// The S3 handler shared by the native example (`runtime/examples/s3.rs`) and the Python-runtime
// example (`examples/python-s3`): the very same function runs on both runtimes.

use serde::Serialize;
use typed_lambda::events::s3::S3Event;
use typed_lambda::{Context, Error};

/// What the function returns: one line per object, and the total size.
#[derive(Debug, Serialize)]
pub struct Summary {
    pub objects: Vec<ObjectSummary>,
    #[serde(rename = "totalBytes")]
    pub total_bytes: u64,
}

/// One S3 notification record, summarised.
#[derive(Debug, Serialize)]
pub struct ObjectSummary {
    pub event: String,
    pub bucket: String,
    pub key: String,
    pub size: Option<u64>,
    #[serde(rename = "eventTime")]
    pub event_time: String,
}

/// Summarises every record of an S3 event notification.
pub fn summarize(event: S3Event, ctx: &Context) -> Result<Summary, Error> {
    let mut objects = Vec::with_capacity(event.records.len());
    for record in event.records {
        tracing::info!(
            bucket = %record.s3.bucket.name,
            key = %record.s3.object.key,
            "{}",
            record.event_name.as_str()
        );
        objects.push(ObjectSummary {
            event: record.event_name.as_str().to_owned(),
            bucket: record.s3.bucket.name,
            key: record.s3.object.key,
            size: record.s3.object.size,
            event_time: record.event_time.to_string(),
        });
    }
    let total_bytes = objects.iter().filter_map(|o| o.size).sum();
    tracing::info!(remaining = ?ctx.remaining_time(), "summarised {} objects", objects.len());
    Ok(Summary {
        objects,
        total_bytes,
    })
}
