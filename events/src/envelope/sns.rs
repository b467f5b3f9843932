//! SNS: each notification's `Message` is a payload.

use std::borrow::Cow;

use super::{Envelope, PayloadError, RawPayload};
use crate::sns::{SnsEvent, SnsMessage, SnsRecord};

/// One payload per record: `Sns.Message` (JSON text). SNS sends one record per invocation, so
/// [`payload`](Envelope::payload) fits.
impl Envelope for SnsEvent {
    fn payload_count(&self) -> usize {
        self.records.len()
    }

    fn payload_location(&self, index: usize) -> String {
        format!("Records[{index}].Sns.Message")
    }

    fn raw_payload(&self, index: usize) -> Result<RawPayload<'_>, PayloadError> {
        Ok(RawPayload::Text(Cow::Borrowed(
            &self.records[index].sns.message,
        )))
    }
}

/// One record: its `Sns.Message`.
impl Envelope for SnsRecord {
    fn payload_count(&self) -> usize {
        1
    }

    fn payload_location(&self, _index: usize) -> String {
        "Sns.Message".to_owned()
    }

    fn raw_payload(&self, _index: usize) -> Result<RawPayload<'_>, PayloadError> {
        Ok(RawPayload::Text(Cow::Borrowed(&self.sns.message)))
    }

    fn payload_location_all(&self) -> String {
        "Sns.Message".to_owned()
    }
}

/// The notification object, wherever it came from (an [`SnsEvent`] record, or an SQS body when
/// SNS delivers to a queue): its `Message`. S3 notifications fanned out through SNS decode as
/// `s3::S3Event` here; note that S3 first sends an `s3:TestEvent` message,
/// which is not an `S3Event` and fails to decode.
impl Envelope for SnsMessage {
    fn payload_count(&self) -> usize {
        1
    }

    fn payload_location(&self, _index: usize) -> String {
        "Message".to_owned()
    }

    fn raw_payload(&self, _index: usize) -> Result<RawPayload<'_>, PayloadError> {
        Ok(RawPayload::Text(Cow::Borrowed(&self.message)))
    }

    fn payload_location_all(&self) -> String {
        "Message".to_owned()
    }
}

/// The two links SNS spells differently by delivery path: `SigningCertUrl` / `UnsubscribeUrl`
/// in a Lambda event, `SigningCertURL` / `UnsubscribeURL` in the JSON body SNS sends to SQS
/// queues and HTTP endpoints. The model keeps each spelling in its own field (so a round trip
/// writes back what came in); these accessors read whichever is set.
///
/// ```
/// # #[cfg(feature = "sns")]
/// # fn main() -> Result<(), serde_json::Error> {
/// use typed_lambda_events::sns::SnsMessage;
///
/// // the SQS-body spelling
/// let from_queue: SnsMessage = serde_json::from_value(serde_json::json!({
///     "Type": "Notification", "MessageId": "m-1", "Message": "hi",
///     "TopicArn": "arn:aws:sns:us-east-2:123456789012:orders",
///     "Timestamp": "2024-05-01T12:00:00.000Z", "SignatureVersion": "1", "Signature": "c2ln",
///     "SigningCertURL": "https://sns.us-east-2.amazonaws.com/cert.pem",
///     "UnsubscribeURL": "https://sns.us-east-2.amazonaws.com/?Action=Unsubscribe"}))?;
/// assert_eq!(from_queue.signing_cert_url, None); // the Lambda-spelling field
/// assert_eq!(
///     from_queue.signing_cert_url(),
///     Some("https://sns.us-east-2.amazonaws.com/cert.pem")
/// );
/// assert_eq!(
///     from_queue.unsubscribe_url(),
///     Some("https://sns.us-east-2.amazonaws.com/?Action=Unsubscribe")
/// );
/// # Ok(())
/// # }
/// # #[cfg(not(feature = "sns"))]
/// # fn main() {}
/// ```
impl SnsMessage {
    /// URL of the certificate that signed the message, in whichever spelling it arrived
    /// (`SigningCertUrl`, or `SigningCertURL` in an SQS body); the Lambda spelling wins if both
    /// are set. `None` when neither is.
    pub fn signing_cert_url(&self) -> Option<&str> {
        self.signing_cert_url
            .as_deref()
            .or(self.signing_cert_url_caps.as_deref())
    }

    /// URL that removes this subscription, in whichever spelling it arrived (`UnsubscribeUrl`,
    /// or `UnsubscribeURL` in an SQS body); the Lambda spelling wins if both are set. `None`
    /// when neither is.
    pub fn unsubscribe_url(&self) -> Option<&str> {
        self.unsubscribe_url
            .as_deref()
            .or(self.unsubscribe_url_caps.as_deref())
    }
}
