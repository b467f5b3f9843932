//! Inflating the payload of CloudWatch Logs subscription events.
//!
//! The wire shape (`awslogs.data`, base64 of a gzip stream) is generated from the schema; this
//! file only adds the step from those bytes to [`CloudWatchLogsData`] and back.

use std::fmt;
use std::io::{Read, Write};

use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;

use crate::cloudwatch_logs::{CloudWatchLogsData, CloudWatchLogsEvent, CloudWatchLogsRawData};
use crate::{Base64Error, Base64Text};

/// Why `awslogs.data` could not be turned into [`CloudWatchLogsData`].
#[derive(Debug)]
pub enum LogsDecodeError {
    /// `awslogs.data` is not valid base64.
    Base64(Base64Error),
    /// The bytes are not a valid gzip stream.
    Gzip(std::io::Error),
    /// The bytes inflate to more than [`MAX_DECOMPRESSED_BYTES`] (a decompression bomb).
    TooLarge,
    /// The inflated bytes are not a `CloudWatchLogsData` JSON document.
    Json(serde_json::Error),
}

impl fmt::Display for LogsDecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Base64(e) => write!(f, "decode awslogs.data: {e}"),
            Self::Gzip(e) => write!(f, "inflate awslogs.data: {e}"),
            Self::TooLarge => write!(
                f,
                "inflate awslogs.data: decompresses to more than {MAX_DECOMPRESSED_BYTES} bytes"
            ),
            Self::Json(e) => write!(f, "decode CloudWatchLogsData from awslogs.data: {e}"),
        }
    }
}

impl std::error::Error for LogsDecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Base64(e) => Some(e),
            Self::Gzip(e) => Some(e),
            Self::Json(e) => Some(e),
            Self::TooLarge => None,
        }
    }
}

/// Inflated data above this size is refused (CloudWatch Logs batches are at most 1 MB
/// compressed; this guards against a decompression bomb, not real traffic).
pub const MAX_DECOMPRESSED_BYTES: u64 = 64 * 1024 * 1024;

/// Gunzips `awslogs.data`, refusing more than [`MAX_DECOMPRESSED_BYTES`] of output, so a small
/// hostile event cannot make the function run out of memory. The only errors are `Gzip` and
/// `TooLarge`.
pub(crate) fn inflate(gzip: &[u8]) -> Result<Vec<u8>, LogsDecodeError> {
    let mut out = Vec::new();
    GzDecoder::new(gzip)
        .take(MAX_DECOMPRESSED_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(LogsDecodeError::Gzip)?;
    if out.len() as u64 > MAX_DECOMPRESSED_BYTES {
        return Err(LogsDecodeError::TooLarge);
    }
    Ok(out)
}

impl CloudWatchLogsRawData {
    /// Inflates and parses the log data. Data that inflates to more than
    /// [`MAX_DECOMPRESSED_BYTES`] is refused ([`LogsDecodeError::TooLarge`]).
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use typed_lambda_events::cloudwatch_logs::CloudWatchLogsEvent;
    ///
    /// let event: CloudWatchLogsEvent = serde_json::from_str(r#"{"awslogs": {"data":
    ///     "H4sIAAAAAAAAAHWPwQqCQBCGX0Xm7EFtK+smZBEUgXoLCdMhFtKV3akI8d0bLYmibvPPN3wz00CJxmQnTO41whwWQRIctmEcB6sQbFC3CjW3XW8kxpOpP+OC22d1Wml1qZkQGtoMsScxaczKN3plG8zlaHIta5KqWsozoTYw3/djzwhpLwivWFGHGpAFe7DL68JlBUk+l7KSN7tCOEJ4M3/qOI49vMHj+zCKdlFqLaU2ZHV2a4Ct/an0/ivdX8oYc1UVX860fQDQiMdxRQEAAA=="}}"#)?;
    /// let data = event.awslogs.decode()?;
    /// assert_eq!(data.log_group, "testLogGroup");
    /// assert_eq!(data.log_events[0].message, "[ERROR] First test message");
    /// # Ok(())
    /// # }
    /// ```
    pub fn decode(&self) -> Result<CloudWatchLogsData, LogsDecodeError> {
        let gzip = self.data.decode().map_err(LogsDecodeError::Base64)?;
        let json = inflate(&gzip)?;
        serde_json::from_slice(&json).map_err(LogsDecodeError::Json)
    }

    /// Serializes and compresses `data` the way CloudWatch Logs does (to build test events).
    pub fn encode(data: &CloudWatchLogsData) -> Self {
        let json = serde_json::to_vec(data).expect("CloudWatchLogsData serializes to JSON");
        let mut gz = GzEncoder::new(Vec::new(), Compression::default());
        gz.write_all(&json).expect("writing to a Vec cannot fail");
        let bytes = gz.finish().expect("writing to a Vec cannot fail");
        Self {
            data: Base64Text::encode(bytes),
            unknown_fields: Default::default(),
        }
    }
}

impl CloudWatchLogsEvent {
    /// Inflates and parses `awslogs.data`; see [`CloudWatchLogsRawData::decode`].
    pub fn decode(&self) -> Result<CloudWatchLogsData, LogsDecodeError> {
        self.awslogs.decode()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloudwatch_logs::{CloudWatchLogsLogEvent, CloudWatchLogsMessageType};

    #[test]
    fn encode_then_decode_gives_the_data_back() {
        let data = CloudWatchLogsData {
            message_type: CloudWatchLogsMessageType::DataMessage,
            owner: "123456789012".into(),
            log_group: "/aws/lambda/f".into(),
            log_stream: "s".into(),
            subscription_filters: vec!["all".into()],
            log_events: vec![CloudWatchLogsLogEvent {
                id: "1".into(),
                timestamp: 1_700_000_000_000,
                message: "hello".into(),
                ..Default::default()
            }],
            policy_level: None,
            unknown_fields: Default::default(),
        };
        let raw = CloudWatchLogsRawData::encode(&data);
        assert_eq!(&raw.data.decode().unwrap()[..2], [0x1f, 0x8b], "gzip magic");
        assert_eq!(raw.decode().unwrap(), data);
    }

    #[test]
    fn errors_say_which_step_failed() {
        let raw = CloudWatchLogsRawData {
            data: Base64Text::encode(b"plain text"),
            unknown_fields: Default::default(),
        };
        let err = raw.decode().unwrap_err();
        assert!(matches!(err, LogsDecodeError::Gzip(_)));
        assert!(
            err.to_string().starts_with("inflate awslogs.data: "),
            "{err}"
        );

        let mut gz = GzEncoder::new(Vec::new(), Compression::default());
        gz.write_all(b"{\"messageType\": 1}").unwrap();
        let raw = CloudWatchLogsRawData {
            data: Base64Text::encode(gz.finish().unwrap()),
            unknown_fields: Default::default(),
        };
        let err = raw.decode().unwrap_err();
        assert!(matches!(err, LogsDecodeError::Json(_)));
        assert!(
            err.to_string()
                .starts_with("decode CloudWatchLogsData from awslogs.data: "),
            "{err}"
        );

        let raw = CloudWatchLogsRawData {
            data: Base64Text::new("not base64!"),
            unknown_fields: Default::default(),
        };
        let err = raw.decode().unwrap_err();
        assert!(matches!(err, LogsDecodeError::Base64(_)), "{err:?}");
        assert!(
            err.to_string()
                .starts_with("decode awslogs.data: invalid base64"),
            "{err}"
        );
    }

    #[test]
    fn data_that_inflates_past_the_limit_is_refused() {
        // One deflate block of 1 MiB of zeros (a few hundred bytes), repeated past the limit
        // after a gzip header: compressing 64 MiB for real would be slow in a debug build.
        let mut deflate = flate2::Compress::new(Compression::best(), false);
        let mut block = Vec::with_capacity(64 * 1024);
        deflate
            .compress_vec(&[0u8; 1 << 20], &mut block, flate2::FlushCompress::Sync)
            .unwrap();
        let blocks = MAX_DECOMPRESSED_BYTES as usize / (1 << 20) + 2;
        let header = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
        let raw = CloudWatchLogsRawData {
            data: Base64Text::encode([header.to_vec(), block.repeat(blocks)].concat()),
            unknown_fields: Default::default(),
        };
        let err = raw.decode().unwrap_err();
        assert!(matches!(err, LogsDecodeError::TooLarge), "{err:?}");
        assert_eq!(
            err.to_string(),
            format!(
                "inflate awslogs.data: decompresses to more than {MAX_DECOMPRESSED_BYTES} bytes"
            )
        );
    }
}
