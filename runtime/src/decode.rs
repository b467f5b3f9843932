//! Event bytes → the handler's event type, and result → response bytes.

use serde::de::DeserializeOwned;
use serde::Serialize;

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
/// ```
pub fn decode_event<E: DeserializeOwned>(body: &[u8]) -> Result<E, Error> {
    // One UTF-8 check of the whole body (word-at-a-time over ASCII) lets serde_json read it as
    // `str` and skip validating each string it copies out, which was a fifth of the instructions
    // of an S3 event decode (callgrind, bench/RESULTS.md). A body that is not UTF-8 is refused; the byte
    // path only serves to name where a typed field went wrong.
    let fast = match std::str::from_utf8(body) {
        Ok(text) => serde_json::from_str(text),
        Err(utf8) => match serde_json::from_slice::<E>(body) {
            // JSON text is UTF-8 (RFC 8259): invalid bytes in a field the type ignores are
            // refused too, instead of slipping through.
            Ok(_) => {
                return Err(Error::new(
                    UNMARSHAL_ERROR,
                    format!(
                        "(root): the event is not valid UTF-8 (byte {})",
                        utf8.valid_up_to()
                    ),
                ))
            }
            Err(e) => Err(e),
        },
    };
    match fast {
        Ok(event) => Ok(event),
        Err(fast_error) => Err(Error::new(UNMARSHAL_ERROR, describe::<E>(body, fast_error))),
    }
}

fn describe<E: DeserializeOwned>(body: &[u8], fast_error: serde_json::Error) -> String {
    let de = &mut serde_json::Deserializer::from_slice(body);
    let outcome = serde_path_to_error::deserialize::<_, E>(&mut *de).map(|_| de.end());
    match outcome {
        Err(e) => describe_at(e.path(), e.inner()),
        // The slow path accepted what the fast path refused; report the original error.
        Ok(_) => format!("(root): {fast_error}"),
    }
}

/// `path: message`, with `(root)` for the top level.
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
            (&b""[..], "(root): EOF while parsing"),
            (b"{\"FirstName\":", "FirstName: EOF while parsing"),
            (
                b"{\"FirstName\":\"a\",\"LastName\":\"b\"} x",
                "(root): trailing characters",
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
