//! Typed payloads inside envelope events: one trait, [`Envelope`], for every event whose real
//! content is the user's data carried inside it (an SQS body, an SNS `Message`, an EventBridge
//! `detail`, ...).
//!
//! ```
//! # #[cfg(feature = "sqs")]
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use serde::Deserialize;
//! use typed_lambda_events::sqs::SqsEvent;
//! use typed_lambda_events::Envelope;
//!
//! #[derive(Debug, Deserialize)]
//! struct Order {
//!     id: String,
//!     quantity: u32,
//! }
//!
//! let event: SqsEvent = serde_json::from_value(serde_json::json!({"Records": [
//!     {"messageId": "m-1", "receiptHandle": "h", "body": "{\"id\": \"o-1\", \"quantity\": 2}",
//!      "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "1545082649183",
//!                     "SenderId": "AIDAEXAMPLE", "ApproximateFirstReceiveTimestamp": "1545082649185"},
//!      "messageAttributes": {}, "md5OfBody": "0", "eventSource": "aws:sqs",
//!      "eventSourceARN": "arn:aws:sqs:us-east-2:123456789012:orders", "awsRegion": "us-east-2"},
//!     {"messageId": "m-2", "receiptHandle": "h", "body": "{\"id\": \"o-2\"}",
//!      "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "1545082649183",
//!                     "SenderId": "AIDAEXAMPLE", "ApproximateFirstReceiveTimestamp": "1545082649185"},
//!      "messageAttributes": {}, "md5OfBody": "0", "eventSource": "aws:sqs",
//!      "eventSourceARN": "arn:aws:sqs:us-east-2:123456789012:orders", "awsRegion": "us-east-2"}
//! ]}))?;
//!
//! let mut orders = event.payloads::<Order>();
//! let first = orders.next().unwrap()?;
//! assert_eq!((first.id.as_str(), first.quantity), ("o-1", 2));
//! // the second body lacks `quantity`: the error names the record and where it looked
//! let err = orders.next().unwrap().unwrap_err();
//! assert_eq!(err.index(), 1);
//! assert_eq!(err.location(), "Records[1].body");
//! assert!(err.to_string().starts_with("decode Records[1].body as Order: missing field `quantity`"));
//! # Ok(())
//! # }
//! # #[cfg(not(feature = "sqs"))]
//! # fn main() {}
//! ```
//!
//! Envelopes nest: an S3 notification sent to an SNS topic that delivers to an SQS queue is
//! `sqs.payloads::<SnsMessage>()`, then `message.payload::<S3Event>()` on each message.
//!
//! Payloads are JSON. The raw text or bytes stay available through [`Envelope::raw_payload`]
//! (and, of course, through the event's own fields).
//!
//! | event (feature) | payloads, numbered from 0 | single record / message |
//! |---|---|---|
//! | `sqs::SqsEvent` | each `Records[i].body`; `payloads_with_ids()` pairs each with its `messageId` | `SqsMessage`: `body` |
//! | `sns::SnsEvent` | each `Records[i].Sns.Message` | `SnsRecord`, `SnsMessage` (either key spelling, also as an SQS body; `signing_cert_url()` and `unsubscribe_url()` read either): `Message` |
//! | `eventbridge::EventBridgeEvent` | `detail` (an object, or a string holding JSON) | |
//! | `kinesis::KinesisEvent`, `KinesisTimeWindowEvent` | each `Records[i].kinesis.data`, base64-decoded | `KinesisEventRecord` |
//! | `firehose::FirehoseEvent` | each `records[i].data`, base64-decoded; `transform()` builds the response | `FirehoseEventRecord` |
//! | `dynamodb::DynamoDbEvent` | each `Records[i].dynamodb.NewImage`, from attribute values | `DynamoDbEventRecord`: also `old_image()`, `keys()` |
//! | `kafka::KafkaEvent` | each record's `value` over all partitions, base64-decoded | `KafkaRecord`: also `decode_key()` |
//! | `cloudwatch_logs::CloudWatchLogsEvent` | `awslogs.data`, gunzipped (a `CloudWatchLogsData`) | |
//! | `cloudwatch_logs::CloudWatchLogsData` | each `logEvents[i].message` | `CloudWatchLogsLogEvent` |
//! | `activemq::ActiveMqEvent` | each `messages[i].data`, base64-decoded | |
//! | `rabbitmq::RabbitMqEvent` | each message's `data` over all queues, base64-decoded | |
//! | `documentdb::DocumentDbEvent` | each `events[i].event.fullDocument` | |
//! | `apigw::ApiGatewayProxyRequest`, `apigw_v2::ApiGatewayV2HttpRequest`, `apigw_websocket::ApiGatewayWebsocketProxyRequest`, `alb::AlbTargetGroupRequest`, `lambda_function_urls::LambdaFunctionUrlRequest` | `body`, base64-decoded when `isBase64Encoded` | |
//!
//! Common nestings: S3 notifications sent to SQS directly (`sqs.payloads::<S3Event>()`), through
//! SNS (`SnsMessage`, then `S3Event`), EventBridge events delivered to SQS
//! (`sqs.payloads::<EventBridgeEvent>()`, then `detail`), DynamoDB changes streamed to Kinesis
//! (`kinesis.payloads::<DynamoDbEventRecord>()`, then `new_image()`).

#[cfg(any(feature = "activemq", feature = "rabbitmq", feature = "documentdb"))]
mod brokers;
#[cfg(feature = "cloudwatch_logs")]
mod cloudwatch_logs;
#[cfg(feature = "dynamodb")]
mod dynamodb;
mod error;
#[cfg(feature = "eventbridge")]
mod eventbridge;
#[cfg(feature = "firehose")]
mod firehose;
#[cfg(any(
    feature = "apigw",
    feature = "apigw_v2",
    feature = "apigw_websocket",
    feature = "alb",
    feature = "lambda_function_urls"
))]
mod http;
#[cfg(feature = "kafka")]
mod kafka;
#[cfg(feature = "kinesis")]
mod kinesis;
#[cfg(feature = "sns")]
mod sns;
#[cfg(feature = "sqs")]
mod sqs;

use std::borrow::Cow;
use std::iter::FusedIterator;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde_json::Value;

#[cfg(feature = "cloudwatch_logs")]
pub use cloudwatch_logs::MAX_DECOMPRESSED_BYTES;
#[doc(inline)]
pub use error::{PayloadError, PayloadErrorKind};

/// An event (or one record of it) that carries user payloads, numbered from 0.
///
/// Implementors say how many payloads there are, where each sits in the event and how to get at
/// its raw form; the provided methods decode them as any `T: DeserializeOwned`. Errors carry the
/// payload's index and location (`Records[3].body`) and the path inside the payload where
/// decoding failed.
pub trait Envelope {
    /// Number of payloads in this envelope (the number of records for batch events; 1 for a
    /// single message).
    fn payload_count(&self) -> usize;

    /// Where payload `index` sits in the event, as a JSON path (`Records[3].body`, `detail`).
    /// Only called to build error messages.
    fn payload_location(&self, index: usize) -> String;

    /// Payload `index` before JSON decoding: text, bytes (after base64 and decompression) or an
    /// already parsed JSON value. Fails when the transport encoding itself is broken (bad base64,
    /// bad gzip) or the record carries no payload.
    ///
    /// # Panics
    ///
    /// When `index >= self.payload_count()`.
    fn raw_payload(&self, index: usize) -> Result<RawPayload<'_>, PayloadError>;

    /// Every payload decoded as `T`, one `Result` per record, in record order. A payload that
    /// does not decode is an `Err` for that record only; the others still decode.
    fn payloads<T: DeserializeOwned>(&self) -> Payloads<'_, Self, T>
    where
        Self: Sized,
    {
        Payloads {
            envelope: self,
            front: 0,
            back: self.payload_count(),
            target: PhantomData,
        }
    }

    /// The payload of a single-payload envelope (one SNS message, one EventBridge event, one
    /// SQS record) decoded as `T`. An envelope holding zero or several payloads is an error of
    /// kind [`PayloadErrorKind::Count`]: use [`payloads`](Envelope::payloads) for batches.
    fn payload<T: DeserializeOwned>(&self) -> Result<T, PayloadError>
    where
        Self: Sized,
    {
        match self.payload_count() {
            1 => self.decode_payload(0),
            n => Err(PayloadError::count::<T>(self.payload_location_all(), n)),
        }
    }

    /// Payload `index` decoded as `T`.
    ///
    /// # Panics
    ///
    /// When `index >= self.payload_count()`.
    fn decode_payload<T: DeserializeOwned>(&self, index: usize) -> Result<T, PayloadError>
    where
        Self: Sized,
    {
        let raw = self.raw_payload(index)?;
        raw.decode::<T>().map_err(|(path, error)| {
            PayloadError::json::<T>(index, self.payload_location(index), path, error)
        })
    }

    /// What [`payload`](Envelope::payload) names when the count is wrong: the records array
    /// (`Records`) of a batch event, or the payload field of a single message.
    fn payload_location_all(&self) -> String {
        "Records".to_owned()
    }
}

/// A payload before JSON decoding (see [`Envelope::raw_payload`]).
#[derive(Debug, Clone, PartialEq)]
pub enum RawPayload<'a> {
    /// JSON text: an SQS body, an SNS `Message`, an API request body, a `detail` sent as a string.
    Text(Cow<'a, str>),
    /// Bytes holding JSON: Kinesis or Kafka data after base64 decoding, decompressed log data.
    Bytes(Cow<'a, [u8]>),
    /// JSON that arrived already parsed: an EventBridge `detail` object, a DynamoDB image
    /// converted from its attribute-value form.
    Json(Cow<'a, Value>),
}

/// The bytes of a base64 field as a payload: decoded here, on access (the model keeps the text,
/// so one bad record does not sink its batch); bad base64 is an `Encoding` error at `location`.
#[allow(dead_code)] // with only some of the base64 families enabled
pub(crate) fn base64_payload(
    text: &crate::Base64Text,
    index: usize,
    location: impl FnOnce() -> String,
) -> Result<RawPayload<'static>, PayloadError> {
    text.decode()
        .map(|bytes| RawPayload::Bytes(Cow::Owned(bytes)))
        .map_err(|e| PayloadError::encoding(index, location(), e))
}

impl RawPayload<'_> {
    /// The payload's bytes as they would be decoded (JSON text as UTF-8, a JSON value
    /// serialized).
    pub fn to_bytes(&self) -> Cow<'_, [u8]> {
        match self {
            RawPayload::Text(text) => Cow::Borrowed(text.as_bytes()),
            RawPayload::Bytes(bytes) => Cow::Borrowed(bytes.as_ref()),
            // serializing a Value cannot fail
            RawPayload::Json(value) => Cow::Owned(serde_json::to_vec(value).unwrap_or_default()),
        }
    }

    /// Decodes as `T`; on failure the path inside the payload (`""` at the root) and the error.
    pub(crate) fn decode<T: DeserializeOwned>(&self) -> Result<T, (String, serde_json::Error)> {
        fn path_of<E>(e: &serde_path_to_error::Error<E>) -> String {
            let path = e.path().to_string();
            if path == "." {
                String::new()
            } else {
                path
            }
        }
        match self {
            RawPayload::Text(text) => {
                let mut de = serde_json::Deserializer::from_str(text);
                let value = serde_path_to_error::deserialize(&mut de)
                    .map_err(|e| (path_of(&e), e.into_inner()))?;
                de.end().map_err(|e| (String::new(), e))?;
                Ok(value)
            }
            RawPayload::Bytes(bytes) => {
                let mut de = serde_json::Deserializer::from_slice(bytes);
                let value = serde_path_to_error::deserialize(&mut de)
                    .map_err(|e| (path_of(&e), e.into_inner()))?;
                de.end().map_err(|e| (String::new(), e))?;
                Ok(value)
            }
            RawPayload::Json(value) => serde_path_to_error::deserialize(value.as_ref())
                .map_err(|e| (path_of(&e), e.into_inner())),
        }
    }
}

/// Iterator over the decoded payloads of an [`Envelope`], from [`Envelope::payloads`].
///
/// Yields one `Result<T, PayloadError>` per record, in record order; it knows its length and
/// runs from both ends.
pub struct Payloads<'a, E, T> {
    envelope: &'a E,
    front: usize,
    back: usize,
    target: PhantomData<fn() -> T>,
}

impl<E: Envelope, T: DeserializeOwned> Iterator for Payloads<'_, E, T> {
    type Item = Result<T, PayloadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.front >= self.back {
            return None;
        }
        let index = self.front;
        self.front += 1;
        Some(self.envelope.decode_payload(index))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
        (n, Some(n))
    }
}

impl<E: Envelope, T: DeserializeOwned> DoubleEndedIterator for Payloads<'_, E, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.front >= self.back {
            return None;
        }
        self.back -= 1;
        Some(self.envelope.decode_payload(self.back))
    }
}

impl<E: Envelope, T: DeserializeOwned> ExactSizeIterator for Payloads<'_, E, T> {}

impl<E: Envelope, T: DeserializeOwned> FusedIterator for Payloads<'_, E, T> {}

impl<E, T> std::fmt::Debug for Payloads<'_, E, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Payloads")
            .field("front", &self.front)
            .field("back", &self.back)
            .field("target", &std::any::type_name::<T>())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Item {
        sku: String,
        qty: u32,
    }

    #[test]
    fn raw_payloads_decode_from_text_bytes_and_values() {
        let text = RawPayload::Text(r#"{"sku": "a", "qty": 1}"#.into());
        let bytes = RawPayload::Bytes(Cow::Borrowed(br#"{"sku": "b", "qty": 2}"#));
        let value = RawPayload::Json(Cow::Owned(serde_json::json!({"sku": "c", "qty": 3})));
        let decoded: Vec<Item> = [text, bytes, value]
            .iter()
            .map(|raw| raw.decode().unwrap())
            .collect();
        assert_eq!(
            decoded.iter().map(|i| i.qty).collect::<Vec<_>>(),
            vec![1, 2, 3]
        );
    }

    #[test]
    fn decode_reports_the_path_inside_the_payload() {
        let raw = RawPayload::Text(r#"{"sku": "a", "qty": "many"}"#.into());
        let (path, error) = raw.decode::<Item>().unwrap_err();
        assert_eq!(path, "qty");
        assert!(error.to_string().contains("invalid type"), "{error}");

        let value = RawPayload::Json(Cow::Owned(serde_json::json!([{"sku": 1, "qty": 1}])));
        let (path, _) = value.decode::<Vec<Item>>().unwrap_err();
        assert_eq!(path, "[0].sku");
    }

    #[test]
    fn trailing_text_is_an_error_at_the_root() {
        let raw = RawPayload::Text(r#"{"sku": "a", "qty": 1} extra"#.into());
        let (path, error) = raw.decode::<Item>().unwrap_err();
        assert_eq!(path, "");
        assert!(error.is_syntax(), "{error}");
    }

    #[test]
    fn to_bytes_gives_the_json_text() {
        let value = RawPayload::Json(Cow::Owned(serde_json::json!({"a": 1})));
        assert_eq!(value.to_bytes().as_ref(), br#"{"a":1}"#);
        assert_eq!(RawPayload::Text("x".into()).to_bytes().as_ref(), b"x");
    }
}
