//! Event bytes → the handler's event type, and result → response bytes.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::error::Category;

use crate::error::{Error, MARSHAL_ERROR, UNMARSHAL_ERROR};

/// Lambda's limit for a buffered (non-streaming) response: 6 MB.
pub const MAX_RESPONSE_BYTES: usize = 6 * 1024 * 1024;

/// Decodes an event. The fast path is plain `serde_json`; only when it fails is the input read a
/// second time with `serde_path_to_error` to name where it went wrong, so that well-formed
/// events pay nothing for the error path.
///
/// ```
/// #[derive(serde::Deserialize, Debug)]
/// struct Order { items: Vec<Item> }
/// #[derive(serde::Deserialize, Debug)]
/// struct Item { qty: u32 }
///
/// let err = typed_lambda::decode_event::<Order>(br#"{"items":[{"qty":1},{"qty":"2"}]}"#)
///     .unwrap_err();
/// assert_eq!(err.error_type(), "Runtime.UnmarshalError");
/// assert!(err.message().starts_with(r#"items[1].qty: invalid type: string "2", expected u32"#));
///
/// // a body that is not JSON at all says so
/// let err = typed_lambda::decode_event::<Order>(b"items=1").unwrap_err();
/// assert_eq!(err.message(), "the event is not valid JSON: expected value at line 1 column 1");
/// ```
///
/// With the `events` feature, an event that fails to decode but is recognised as another kind
/// of AWS event (by [`AnyEvent`](crate::events::AnyEvent)'s detection) gets a hint naming the
/// type that would take it: `...; this looks like an AWS event of type `S3Event` (in
/// `typed_lambda::events`)`.
pub fn decode_event<E: DeserializeOwned>(body: &[u8]) -> Result<E, Error> {
    // One UTF-8 check of the whole body (word-at-a-time over ASCII) lets serde_json read it as
    // `str` and skip validating each string it copies out, which was a fifth of the instructions
    // of an S3 event decode (callgrind, bench/RESULTS.md). A body that is not UTF-8 is refused; the byte
    // path only serves to name where a typed field went wrong.
    match std::str::from_utf8(body) {
        Ok(text) => serde_json::from_str(text).map_err(|fast_error| {
            Error::new(
                UNMARSHAL_ERROR,
                describe::<E>(body, Some(fast_error), Position::Shown)
                    .expect("an error to report is given"),
            )
        }),
        // JSON text is UTF-8 (RFC 8259): a body that is not is refused, with the path of a typed
        // error if there is one, else the position of the first bad byte (invalid bytes in a
        // field the type ignores are refused too, instead of slipping through). Told apart by
        // the slow path `describe` takes anyway, not by a third decode of `E` (one less copy of
        // every model's deserializer in each binary).
        Err(utf8) => Err(Error::new(
            UNMARSHAL_ERROR,
            describe::<E>(body, None, Position::Shown).unwrap_or_else(|| {
                format!(
                    "(root): the event is not valid UTF-8 (byte {})",
                    utf8.valid_up_to()
                )
            }),
        )),
    }
}

/// Whether a decode error cites serde_json's `line N column M`: not for JSON text the user never
/// saw (the Python shim's `json.dumps` of the event object).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Position {
    Shown,
    #[cfg_attr(not(feature = "python"), allow(dead_code))]
    Hidden,
}

/// [`decode_event`] on JSON text made from the event by us, not sent by the caller: messages
/// name the path but not a line and column in that text.
#[cfg_attr(not(feature = "python"), allow(dead_code))]
pub(crate) fn decode_made_json<E: DeserializeOwned>(text: &str) -> Result<E, Error> {
    serde_json::from_str(text).map_err(|fast_error| {
        Error::new(
            UNMARSHAL_ERROR,
            describe::<E>(text.as_bytes(), Some(fast_error), Position::Hidden)
                .expect("an error to report is given"),
        )
    })
}

/// The message of a failed decode as `E`: the body decoded again through serde_path_to_error,
/// which names the JSON path. `None` when that decode succeeds and no `fast_error` is given
/// (the caller then has its own reason, e.g. a body that is not UTF-8).
fn describe<E: DeserializeOwned>(
    body: &[u8],
    fast_error: Option<serde_json::Error>,
    position: Position,
) -> Option<String> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    let outcome = serde_path_to_error::deserialize::<_, E>(&mut *de).map(|_| de.end());
    let (path, error) = match outcome {
        Err(e) => (e.path().to_string(), e.into_inner()),
        // The slow path accepted what the fast path refused; report the original error.
        Ok(_) => (String::new(), fast_error?),
    };
    // `?`: serde_path_to_error could not name the key (a syntax error where a key should be)
    let at_root = path.is_empty() || path == "." || path == "?";
    let mut text = error.to_string();
    if position == Position::Hidden {
        let suffix = format!(" at line {} column {}", error.line(), error.column());
        if let Some(stripped) = text.strip_suffix(&suffix) {
            text.truncate(stripped.len());
        }
    }
    if at_root && matches!(error.classify(), Category::Syntax | Category::Eof) {
        // not JSON at all (or JSON followed by more text): no path to name
        return Some(format!("the event is not valid JSON: {text}"));
    }
    let mut message = if at_root {
        format!("(root): {text}")
    } else {
        format!("{path}: {text}")
    };
    if error.classify() == Category::Data {
        if let Some(hint) = hint::<E>(body) {
            message.push_str("; ");
            message.push_str(&hint);
        }
    }
    Some(message)
}

/// For an event that did not decode as `E`: the AWS event type it looks like instead, from
/// `AnyEvent`'s detection rules (`this looks like an AWS event of type `S3Event` (in
/// `typed_lambda::events`)`). Only the rules run, never the decoders: a function that decodes
/// one type must not link every family's models for an error message.
#[cfg(feature = "events")]
fn hint<E>(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let type_name = typed_lambda_events::AnyEvent::detect(&value)?;
    let wanted = crate::error::short_type_name(std::any::type_name::<E>());
    if wanted == type_name {
        return None;
    }
    Some(format!(
        "this looks like an AWS event of type `{type_name}` (in `typed_lambda::events`)"
    ))
}

#[cfg(not(feature = "events"))]
fn hint<E>(_body: &[u8]) -> Option<String> {
    None
}

/// `path: message`, with `(root)` for the top level.
#[cfg_attr(not(feature = "python"), allow(dead_code))]
pub(crate) fn describe_at(
    path: &serde_path_to_error::Path,
    inner: impl std::fmt::Display,
) -> String {
    let path = path.to_string();
    if path == "." || path.is_empty() {
        format!("(root): {inner}")
    } else {
        format!("{path}: {inner}")
    }
}

/// Encodes a handler result, refusing results larger than Lambda accepts.
pub(crate) fn encode_response<R: Serialize>(response: &R) -> Result<Vec<u8>, Error> {
    let body = serde_json::to_vec(response).map_err(|e| {
        Error::new(
            MARSHAL_ERROR,
            format!("cannot serialize the handler's result as JSON: {e}"),
        )
    })?;
    check_size(body)
}

pub(crate) fn check_size(body: Vec<u8>) -> Result<Vec<u8>, Error> {
    if body.len() > MAX_RESPONSE_BYTES {
        return Err(Error::new(
            crate::error::RESPONSE_TOO_LARGE_ERROR,
            format!(
                "response is {} bytes, over Lambda's limit of {MAX_RESPONSE_BYTES} bytes",
                body.len()
            ),
        ));
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::value::RawValue;
    use std::collections::BTreeMap;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Hello {
        #[serde(rename = "FirstName")]
        first_name: String,
        #[serde(rename = "LastName")]
        last_name: String,
    }

    #[test]
    fn error_names_path_and_expectation() {
        let e = decode_event::<Hello>(br#"{"FirstName":"Jane","LastName":3}"#).unwrap_err();
        assert_eq!(e.error_type(), UNMARSHAL_ERROR);
        assert!(
            e.message()
                .starts_with("LastName: invalid type: integer `3`, expected a string"),
            "{}",
            e.message()
        );
        let e = decode_event::<Hello>(br#"{"FirstName":"Jane"}"#).unwrap_err();
        assert!(
            e.message().starts_with("(root): missing field `LastName`"),
            "{}",
            e.message()
        );
    }

    #[test]
    fn syntax_errors_and_trailing_garbage_are_reported() {
        for (input, start) in [
            (
                &b""[..],
                "the event is not valid JSON: EOF while parsing a value at line 1 column 0",
            ),
            (b"{\"FirstName\":", "FirstName: EOF while parsing"),
            (
                b"{\"FirstName\":\"a\",\"LastName\":\"b\"} x",
                "the event is not valid JSON: trailing characters",
            ),
            (
                b"{FirstName: 1}",
                "the event is not valid JSON: key must be a string at line 1 column 2",
            ),
            (b"null", "(root): invalid type: null"),
        ] {
            let e = decode_event::<Hello>(input).unwrap_err();
            assert!(
                e.message().starts_with(start),
                "{:?} -> {}",
                input,
                e.message()
            );
        }
    }

    #[cfg(feature = "events")]
    #[test]
    fn an_event_of_another_kind_gets_a_hint() {
        let s3 =
            br#"{"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
            "eventTime":"2024-01-01T00:00:00.000Z","eventName":"ObjectCreated:Put",
            "s3":{"s3SchemaVersion":"1.0","configurationId":"c",
            "bucket":{"name":"b","arn":"arn:aws:s3:::b","ownerIdentity":{"principalId":"p"}},
            "object":{"key":"k","size":1,"eTag":"e","sequencer":"0"}},
            "userIdentity":{"principalId":"p"},"requestParameters":{"sourceIPAddress":"1.2.3.4"},
            "responseElements":{"x-amz-request-id":"r","x-amz-id-2":"i"}}]}"#;
        assert!(
            typed_lambda_events::AnyEvent::from_slice(s3)
                .unwrap()
                .kind()
                == "s3"
        );
        let e = decode_event::<Hello>(s3).unwrap_err();
        let message = e.message();
        assert!(
            message.starts_with("(root): missing field `FirstName`"),
            "{message}"
        );
        assert!(
            message.ends_with(
                "; this looks like an AWS event of type `S3Event` (in `typed_lambda::events`)"
            ),
            "{message}"
        );
        // no hint when nothing is recognised
        let e = decode_event::<Hello>(br#"{"x":1}"#).unwrap_err();
        assert_eq!(
            e.message(),
            "(root): missing field `FirstName` at line 1 column 7"
        );
    }

    #[test]
    fn made_json_names_the_path_without_a_position() {
        let e = decode_made_json::<Hello>(r#"{"FirstName":"Jane","LastName":3}"#).unwrap_err();
        assert_eq!(
            e.message(),
            "LastName: invalid type: integer `3`, expected a string"
        );
    }

    #[test]
    fn bodies_that_are_not_utf8_are_refused() {
        // invalid UTF-8 in a field the type ignores: refused, naming the byte
        let body = b"{\"FirstName\":\"Jane\",\"LastName\":\"Doe\",\"x\":\"\xff\"}";
        let e = decode_event::<Hello>(body).unwrap_err();
        assert_eq!(e.error_type(), UNMARSHAL_ERROR);
        assert_eq!(
            e.message(),
            "(root): the event is not valid UTF-8 (byte 42)"
        );
        // in a field it reads: an error naming the field
        let body = b"{\"FirstName\":\"J\xffne\",\"LastName\":\"Doe\"}";
        let e = decode_event::<Hello>(body).unwrap_err();
        assert!(
            e.message()
                .starts_with("FirstName: invalid unicode code point"),
            "{}",
            e.message()
        );
        // valid UTF-8 beyond ASCII goes the fast path and decodes
        let hello =
            decode_event::<Hello>("{\"FirstName\":\"Zoë\",\"LastName\":\"Ōta\"}".as_bytes())
                .unwrap();
        assert_eq!(
            (hello.first_name.as_str(), hello.last_name.as_str()),
            ("Zoë", "Ōta")
        );
    }

    #[test]
    fn raw_and_value_events_keep_input() {
        let input = br#"{"b": [1, 2.50, "x"], "a": null}"#;
        let raw = decode_event::<Box<RawValue>>(input).unwrap();
        assert_eq!(raw.get().as_bytes(), input);
        let value = decode_event::<serde_json::Value>(input).unwrap();
        assert_eq!(value["b"][2], "x");
        assert!(decode_event::<Box<RawValue>>(b"{oops").is_err());
    }

    #[test]
    fn serialization_failure_is_marshal_error() {
        let mut bad = BTreeMap::new();
        bad.insert(vec![1u8], 1); // JSON object keys must be strings
        let e = encode_response(&bad).unwrap_err();
        assert_eq!(e.error_type(), MARSHAL_ERROR);
        assert!(
            e.message().contains("key must be a string"),
            "{}",
            e.message()
        );
    }

    #[test]
    fn oversized_response_is_refused() {
        let big = "x".repeat(MAX_RESPONSE_BYTES);
        let e = encode_response(&big).unwrap_err();
        assert_eq!(e.error_type(), crate::error::RESPONSE_TOO_LARGE_ERROR);
        assert!(encode_response(&"x".repeat(MAX_RESPONSE_BYTES - 2)).is_ok());
    }
}
