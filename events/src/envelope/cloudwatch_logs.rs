//! CloudWatch Logs subscriptions: `awslogs.data` is gzip-compressed JSON (base64 on the wire,
//! decoded by the model); inside, each log event's `message` may itself be JSON.

use std::borrow::Cow;
use std::io::Read;

use flate2::read::GzDecoder;

use super::{Envelope, PayloadError, RawPayload};
use crate::cloudwatch_logs::{CloudWatchLogsData, CloudWatchLogsEvent, CloudWatchLogsLogEvent};

/// Decompressed data above this size is refused (CloudWatch Logs batches are at most 1 MB
/// compressed; this guards against a decompression bomb, not real traffic).
pub const MAX_DECOMPRESSED_BYTES: u64 = 64 * 1024 * 1024;

/// `awslogs.data` gunzipped: the JSON text of the [`CloudWatchLogsData`].
fn gunzip(event: &CloudWatchLogsEvent) -> Result<Vec<u8>, PayloadError> {
    let mut out = Vec::new();
    GzDecoder::new(event.awslogs.data.as_bytes())
        .take(MAX_DECOMPRESSED_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| PayloadError::encoding(0, "awslogs.data", format!("invalid gzip: {e}")))?;
    if out.len() as u64 > MAX_DECOMPRESSED_BYTES {
        return Err(PayloadError::encoding(
            0,
            "awslogs.data",
            format!("decompresses to more than {MAX_DECOMPRESSED_BYTES} bytes"),
        ));
    }
    Ok(out)
}

/// The one payload is `awslogs.data`, gunzipped: `event.payload::<CloudWatchLogsData>()` is
/// [`CloudWatchLogsEvent::decode`] with a [`PayloadError`] (and a size limit,
/// [`MAX_DECOMPRESSED_BYTES`]); then the log messages are payloads of the
/// [`CloudWatchLogsData`]. Broken gzip is an `Encoding` error.
impl Envelope for CloudWatchLogsEvent {
    fn payload_count(&self) -> usize {
        1
    }

    fn payload_location(&self, _index: usize) -> String {
        "awslogs.data".to_owned()
    }

    fn raw_payload(&self, _index: usize) -> Result<RawPayload<'_>, PayloadError> {
        Ok(RawPayload::Bytes(Cow::Owned(gunzip(self)?)))
    }

    fn payload_location_all(&self) -> String {
        "awslogs.data".to_owned()
    }
}

/// One payload per log event: its `message`, as JSON (structured logs, such as Lambda's JSON
/// log format). Plain-text messages are `Syntax` errors; read `log_events[i].message` for those.
impl Envelope for CloudWatchLogsData {
    fn payload_count(&self) -> usize {
        self.log_events.len()
    }

    fn payload_location(&self, index: usize) -> String {
        format!("logEvents[{index}].message")
    }

    fn raw_payload(&self, index: usize) -> Result<RawPayload<'_>, PayloadError> {
        Ok(RawPayload::Text(Cow::Borrowed(
            &self.log_events[index].message,
        )))
    }
}

/// A single log event: its `message`.
impl Envelope for CloudWatchLogsLogEvent {
    fn payload_count(&self) -> usize {
        1
    }

    fn payload_location(&self, _index: usize) -> String {
        "message".to_owned()
    }

    fn raw_payload(&self, _index: usize) -> Result<RawPayload<'_>, PayloadError> {
        Ok(RawPayload::Text(Cow::Borrowed(&self.message)))
    }

    fn payload_location_all(&self) -> String {
        "message".to_owned()
    }
}
