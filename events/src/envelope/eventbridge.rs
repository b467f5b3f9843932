//! EventBridge: the `detail` of an event is its payload.

use std::borrow::Cow;

use serde_json::Value;

use super::{Envelope, PayloadError, RawPayload};
use crate::eventbridge::EventBridgeEvent;

/// The one payload is `detail`, whether it arrives as a JSON object (as EventBridge rules deliver
/// it) or as a string holding JSON (as some integrations forward it): a string is decoded as the
/// JSON text it contains.
impl Envelope for EventBridgeEvent {
    fn payload_count(&self) -> usize {
        1
    }

    fn payload_location(&self, _index: usize) -> String {
        "detail".to_owned()
    }

    fn raw_payload(&self, _index: usize) -> Result<RawPayload<'_>, PayloadError> {
        Ok(match &self.detail {
            Value::String(text) => RawPayload::Text(Cow::Borrowed(text)),
            other => RawPayload::Json(Cow::Borrowed(other)),
        })
    }

    fn payload_location_all(&self) -> String {
        "detail".to_owned()
    }
}
