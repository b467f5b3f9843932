//! [`AnyEvent`]: one type for a function wired to several triggers. The event source is detected
//! from the payload, and the payload decoded into the matching generated type.
//!
//! ```
//! # #[cfg(all(feature = "sqs", feature = "eventbridge"))]
//! # fn main() -> Result<(), typed_lambda_events::DecodeError> {
//! use typed_lambda_events::AnyEvent;
//!
//! let event = AnyEvent::from_slice(br#"{"version": "0", "id": "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa",
//!     "detail-type": "Scheduled Event", "source": "aws.events", "account": "123456789012",
//!     "time": "2015-10-08T16:53:06Z", "region": "us-east-1",
//!     "resources": ["arn:aws:events:us-east-1:123456789012:rule/nightly"], "detail": {}}"#)?;
//! match &event {
//!     AnyEvent::EventBridgeScheduledEvent(tick) => assert_eq!(tick.region, "us-east-1"),
//!     AnyEvent::SqsEvent(batch) => println!("{} messages", batch.records.len()),
//!     other => println!("not for me: {}", other.kind()),
//! }
//! assert_eq!((event.kind(), event.type_name()), ("eventbridge", "EventBridgeScheduledEvent"));
//! assert_eq!(event.event_kind(), typed_lambda_events::AnyEventKind::EventBridgeScheduledEvent);
//!
//! // what cannot be placed is kept as it came, never an error
//! let odd = AnyEvent::from_slice(br#"{"hello": "world"}"#)?;
//! assert!(odd.is_unknown());
//! assert_eq!(serde_json::to_string(&odd).unwrap(), r#"{"hello": "world"}"#);
//! // only bytes that are not JSON at all are an error
//! assert!(AnyEvent::from_slice(b"{\"hello\"").is_err());
//! # Ok(())
//! # }
//! # #[cfg(not(all(feature = "sqs", feature = "eventbridge")))]
//! # fn main() {}
//! ```
//!
//! # Detection
//!
//! Each event type that a trigger sends carries its rule in its schema (`"x-detect"` in
//! `schemas/*.json`); the generator turns them into the table of [`AnyEvent`]'s docs, where
//! every rule is listed in the order it is tried, and into [`AnyEventKind`]. In short:
//! record batches by the first record's `eventSource`; EventBridge events by `source` and
//! `detail-type` (any other envelope is the generic `eventbridge::EventBridgeEvent`, `... via
//! CloudTrail` a CloudTrail event); direct invocations by their keys; HTTP shapes (REST, HTTP API,
//! WebSocket, ALB, function URLs, VPC Lattice, authorizers) by their request context; a bare
//! CloudTrail record last.
//!
//! **Fallback.** The rules are tried in order; a rule whose test holds but whose type does not
//! decode the payload (a required field missing, a wrong type) does not end detection: the
//! next matching rule is tried. Family-level catches come after the specific rules, so a
//! Cognito user pool trigger with a `triggerSource` this version does not know (or one that
//! does not decode as its typed event) is still a [`cognito::CognitoUserPoolTriggerEvent`]
//! (typed on what every trigger has), and any EventBridge event an `eventbridge::EventBridgeEvent`.
//! Only when no rule places the payload is it [`AnyEvent::Unknown`]. Types of features that are
//! not enabled are never produced: their rules are skipped.
//!
//! [`cognito::CognitoUserPoolTriggerEvent`]: crate::cognito::CognitoUserPoolTriggerEvent
//!
//! # Never placed: the invocation-only rule
//!
//! `AnyEvent` holds only what a function is *invoked* with. The crate models other shapes too,
//! and these are deliberately never placed: they have no variant, no rule produces them, and
//! their samples come out [`AnyEvent::Unknown`] (the fixture table test,
//! `tests/tests/any_event.rs`, asserts it for every sample of these types):
//!
//! - **responses** a function returns: every `...Response` type (`SqsBatchResponse`,
//!   `ApiGatewayProxyResponse`, `S3BatchJobResponse`, ...). No trigger sends them, and several
//!   look like requests of the same family, so placing them could only misplace events;
//! - **identities**, parts of an event and never a whole one: `AppSyncCognitoIdentity`,
//!   `AppSyncIamIdentity`, `AppSyncIdentity`;
//! - **inner payloads** found inside other events (often as a JSON string): `SnsMessage` (an SNS
//!   notification in an SQS body), `CloudWatchLogsData` (the decoded `awslogs.data`),
//!   `ConfigInvokingEvent` (Config's `invokingEvent` string), `CloudWatchAlarmSnsPayload` (an
//!   alarm's SNS `Message`), `DynamoDbEventRecord` (one record of a stream batch), `IamPolicy` and
//!   `IamPolicyDocument`;
//! - **API replies**: `SqsApiEvent`, the reply of the SQS `ReceiveMessage` API. Lambda's SQS
//!   trigger delivers an `SqsEvent`; a `{"Messages": [...]}` object is what code that called the
//!   API got back, so it is `Unknown` here.
//!
//! Decode those with their own type, e.g. `serde_json::from_slice::<sqs::SqsApiEvent>(bytes)`.
//!
//! # Serializing
//!
//! Serializing an `AnyEvent` writes the decoded event, so the shape is the original one (keys the
//! models do not know are kept only with the `catch-all-fields` feature); `Unknown` writes the
//! original JSON text back verbatim.
//!
//! # Round trip
//!
//! Detection reads only what the type it picks keeps, so serializing a placed event and
//! detecting the result again gives the same type, with or without `catch-all-fields`:
//! `AnyEvent::from_slice(&serde_json::to_vec(&event)?)?.type_name() == event.type_name()`. The
//! `any_event` fuzz target asserts this for every input it accepts, and the fixture tests for
//! every fixture (there the re-decoded event is also equal to the first).

use std::fmt;

use serde::de::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::generated::detection::{decode_as, RULES};
#[doc(inline)]
pub use crate::generated::detection::{AnyEvent, AnyEventKind};

/// The payload is not JSON, so not even `AnyEvent::Unknown` can hold it.
#[derive(Debug)]
pub struct DecodeError(serde_json::Error);

impl DecodeError {
    /// The underlying JSON syntax error (with line and column).
    pub fn json_error(&self) -> &serde_json::Error {
        &self.0
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "decode AnyEvent: {}", self.0)
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

/// Where the typed decode reads from: the original bytes, or an already parsed value.
pub(crate) trait DecodeInput: Copy {
    /// Whether this is the original text (which a decode can reject where the parsed value
    /// passes: a duplicate key).
    const IS_TEXT: bool;

    #[allow(dead_code)]
    fn decode<T: serde::de::DeserializeOwned>(self) -> Option<T>;
}

impl DecodeInput for &[u8] {
    const IS_TEXT: bool = true;

    fn decode<T: serde::de::DeserializeOwned>(self) -> Option<T> {
        serde_json::from_slice(self).ok()
    }
}

impl DecodeInput for &Value {
    const IS_TEXT: bool = false;
    fn decode<T: serde::de::DeserializeOwned>(self) -> Option<T> {
        T::deserialize(self).ok()
    }
}

/// Rule test: the value at `pointer` is there and not `null`.
pub(crate) fn present(value: &Value, pointer: &str) -> bool {
    value.pointer(pointer).is_some_and(|v| !v.is_null())
}

/// Rule test: the string at `pointer`.
pub(crate) fn text<'a>(value: &'a Value, pointer: &str) -> Option<&'a str> {
    value.pointer(pointer).and_then(Value::as_str)
}

/// Tries every rule whose test holds on `value`, in order, and returns the first that decodes.
///
/// Text that a type rejects only as text (a duplicate key: the parsed value keeps the last one
/// and decodes) is not handed to a looser rule but stays `Unknown`: serialized, it would decode
/// as the stricter type, and detection must give the same type again after a round trip.
fn place<I: DecodeInput>(value: &Value, input: I) -> Option<AnyEvent> {
    for (kind, test) in RULES {
        if !kind.is_enabled() || !test(value) {
            continue;
        }
        if let Some(event) = decode_as(*kind, input) {
            return Some(event);
        }
        if I::IS_TEXT && decode_as(*kind, value).is_some() {
            return None;
        }
    }
    None
}

impl AnyEvent {
    /// Detects and decodes the event in `bytes`. Fails only when `bytes` is not JSON; a payload
    /// no rule places (or that no matching rule's type decodes) is [`AnyEvent::Unknown`]
    /// holding the original text.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, DecodeError> {
        let value: Value = serde_json::from_slice(bytes).map_err(DecodeError)?;
        if let Some(event) = place(&value, bytes) {
            return Ok(event);
        }
        // valid JSON, hence valid UTF-8
        let text = std::str::from_utf8(bytes)
            .expect("JSON text is UTF-8")
            .trim();
        let raw = RawValue::from_string(text.to_owned()).map_err(DecodeError)?;
        Ok(Self::Unknown(raw))
    }

    /// [`AnyEvent::from_slice`] for a string.
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(text: &str) -> Result<Self, DecodeError> {
        Self::from_slice(text.as_bytes())
    }

    /// Detects and decodes an already parsed payload (never fails; see [`AnyEvent::from_slice`]).
    /// `Unknown` holds the value written out compactly.
    pub fn from_value(value: &Value) -> Self {
        place(value, value).unwrap_or_else(|| {
            let raw = RawValue::from_string(value.to_string())
                .expect("a serde_json::Value writes valid JSON");
            Self::Unknown(raw)
        })
    }

    /// Whether no rule placed the payload.
    pub fn is_unknown(&self) -> bool {
        matches!(self, Self::Unknown(_))
    }

    /// The family of the event: the module and cargo feature name (`"s3"`, `"eventbridge"`,
    /// `"codebuild"`, ...), or `"unknown"`. The same as `self.event_kind().family()`.
    pub fn kind(&self) -> &'static str {
        self.event_kind().family()
    }

    /// The name of the generated type held (`"S3Event"`, ...), or `"Unknown"`. The same as
    /// `self.event_kind().type_name()`.
    pub fn type_name(&self) -> &'static str {
        self.event_kind().type_name()
    }

    /// Every type name `AnyEvent` can produce with the enabled features (besides `"Unknown"`).
    pub fn type_names() -> Vec<&'static str> {
        AnyEventKind::ALL
            .iter()
            .filter(|k| k.is_enabled())
            .map(|k| k.type_name())
            .collect()
    }

    /// The type name of the first rule whose test holds on `value` (whether or not its feature
    /// is enabled or the payload decodes), or `None` when no rule applies. Useful to see why a
    /// payload ends up `Unknown`; [`AnyEvent::detect_all`] lists every rule that holds.
    pub fn detect(value: &Value) -> Option<&'static str> {
        Self::detect_all(value).first().map(|k| k.type_name())
    }

    /// Every kind whose rule holds on `value`, in the order `AnyEvent` tries them (the first
    /// that is enabled and decodes wins).
    pub fn detect_all(value: &Value) -> Vec<AnyEventKind> {
        RULES
            .iter()
            .filter(|(_, test)| test(value))
            .map(|(kind, _)| *kind)
            .collect()
    }
}

/// Decodes through a [`serde_json::Value`], so it works with any deserializer (the Python shim's
/// too); with `serde_json`, [`AnyEvent::from_slice`] is cheaper and keeps `Unknown` byte for byte.
impl<'de> Deserialize<'de> for AnyEvent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Ok(Self::from_value(&value))
    }
}
