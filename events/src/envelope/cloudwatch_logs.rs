//! CloudWatch Logs subscriptions: `awslogs.data` is gzip-compressed JSON (base64 on the wire,
//! decoded on access); inside, each log event's `message` may itself be JSON.

use std::borrow::Cow;

use super::{Envelope, PayloadError, RawPayload};
use crate::cloudwatch_logs::{CloudWatchLogsData, CloudWatchLogsEvent, CloudWatchLogsLogEvent};

pub use crate::cloudwatch_logs_decode::MAX_DECOMPRESSED_BYTES;

/// `awslogs.data` gunzipped: the JSON text of the [`CloudWatchLogsData`].
fn gunzip(event: &CloudWatchLogsEvent) -> Result<Vec<u8>, PayloadError> {
    use crate::LogsDecodeError;
    let gzip = event
        .awslogs
        .data
        .decode()
        .map_err(|e| PayloadError::encoding(0, "awslogs.data", e))?;
    crate::cloudwatch_logs_decode::inflate(&gzip).map_err(|e| {
        let message = match e {
            LogsDecodeError::TooLarge => {
                format!("decompresses to more than {MAX_DECOMPRESSED_BYTES} bytes")
            }
            LogsDecodeError::Gzip(e) => format!("invalid gzip: {e}"),
            // `inflate` neither decodes base64 nor parses JSON.
            LogsDecodeError::Json(e) => e.to_string(),
            LogsDecodeError::Base64(e) => e.to_string(),
        };
        PayloadError::encoding(0, "awslogs.data", message)
    })
}

/// The one payload is `awslogs.data`, gunzipped: `event.payload::<CloudWatchLogsData>()` is
/// [`CloudWatchLogsEvent::decode`] with a [`PayloadError`] (both refuse data that inflates past
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
