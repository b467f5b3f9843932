//! Event bytes → the handler's event type, and result → response bytes.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::error::Category;

use crate::error::{Error, MARSHAL_ERROR, UNMARSHAL_ERROR};

/// Lambda's limit for a buffered (non-streaming) response: 6 MB.
pub const MAX_RESPONSE_BYTES: usize = 6 * 1024 * 1024;

/// Decodes an event. The fast path is plain `serde_json`; only when it fails is the input looked
/// at again, to name where it went wrong, so that well-formed events pay nothing for the error
/// path.
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
    // of an S3 event decode (callgrind, bench/RESULTS.md). A body that is not UTF-8 is refused.
    match std::str::from_utf8(body) {
        Ok(text) => serde_json::from_str(text).map_err(|error| {
            unmarshal(describe(
                text,
                &error,
                Position::Shown,
                std::any::type_name::<E>(),
            ))
        }),
        Err(utf8) => Err(unmarshal(not_utf8::<E>(body, utf8.valid_up_to()))),
    }
}

fn unmarshal(message: String) -> Error {
    Error::new(UNMARSHAL_ERROR, message)
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
    serde_json::from_str(text).map_err(|error| {
        unmarshal(describe(
            text,
            &error,
            Position::Hidden,
            std::any::type_name::<E>(),
        ))
    })
}

/// The message for a body that is not UTF-8 (JSON text is, RFC 8259): refused, with the path of
/// a typed error if there is one (a string the type reads holding a bad byte is serde_json's
/// `invalid unicode code point`), else the position of the first bad byte (invalid bytes in a
/// field the type ignores are refused too, instead of slipping through).
///
/// Told apart by the one decoder of `E` the function has, the fast path's: on a copy of the body
/// with every bad sequence replaced by the escape `\udc00`, which a string the type reads refuses
/// (a lone surrogate) and a skipped one does not (serde_json checks only the hex digits).
#[cold]
fn not_utf8<E: DeserializeOwned>(body: &[u8], first_bad: usize) -> String {
    let (text, marks) = mark_bad_bytes(body);
    let error = serde_json::from_str::<E>(&text).err();
    explain_not_utf8(
        body,
        first_bad,
        &text,
        &marks,
        error,
        std::any::type_name::<E>(),
    )
}

/// The body with each bad sequence replaced by the escape `\udc00`, and where each mark ends in
/// the text with where its bad sequence is in the body.
fn mark_bad_bytes(body: &[u8]) -> (String, Vec<(usize, usize)>) {
    let mut text = String::with_capacity(body.len() + 16);
    let mut marks = Vec::new();
    for chunk in body.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            let bad = chunk.invalid().as_ptr() as usize - body.as_ptr() as usize;
            text.push_str("\\udc00");
            marks.push((text.len(), bad));
        }
    }
    (text, marks)
}

/// [`not_utf8`]'s message, from the outcome of decoding the marked text (not generic).
fn explain_not_utf8(
    body: &[u8],
    first_bad: usize,
    text: &str,
    marks: &[(usize, usize)],
    error: Option<serde_json::Error>,
    type_name: &'static str,
) -> String {
    let Some(error) = error else {
        return format!("(root): the event is not valid UTF-8 (byte {first_bad})");
    };
    let stop = offset_of(text, error.line(), error.column());
    match marks.iter().find(|(end, _)| stop == *end) {
        // the decode stopped at a mark: a string it reads holds the bad byte
        Some(&(_, bad)) if error.classify() == Category::Syntax => {
            let path = path_at(text.as_bytes(), stop, Stop::Syntax);
            let (line, column) = line_column(body, bad + 1);
            format!(
                "{}: invalid unicode code point at line {line} column {column}",
                display_path(&path)
            )
        }
        // an error before (or away from) any bad byte: reported as it is
        _ => describe(text, &error, Position::Shown, type_name),
    }
}

/// The message of a failed decode: the JSON path where serde_json stopped, then its error
/// (`Records[1].s3.object.size: invalid type: string "x", expected u64 at line 1 column 412`).
///
/// The path comes from a scan of the text up to the error's position ([`path_at`]), not from a
/// second decode through serde_path_to_error: that decode compiled every event model's
/// deserializer a second time, for the error path alone (≈ 390 KB, a fifth of the `http` bench
/// function's binary).
/// Not generic, so one copy serves every event type.
#[cold]
#[inline(never)]
fn describe(
    text: &str,
    error: &serde_json::Error,
    position: Position,
    type_name: &'static str,
) -> String {
    let mut message = error.to_string();
    let stop = match error.classify() {
        Category::Eof => Stop::Eof {
            in_value: message.starts_with("EOF while parsing a value"),
        },
        Category::Syntax => Stop::Syntax,
        _ => Stop::Data,
    };
    let syntax = stop != Stop::Data;
    let path = if error.line() == 0 {
        String::new()
    } else {
        path_at(
            text.as_bytes(),
            offset_of(text, error.line(), error.column()),
            stop,
        )
    };
    if position == Position::Hidden {
        let suffix = format!(" at line {} column {}", error.line(), error.column());
        if let Some(stripped) = message.strip_suffix(&suffix) {
            message.truncate(stripped.len());
        }
    }
    if path.is_empty() && syntax {
        // not JSON at all (or JSON followed by more text): no path to name
        return format!("the event is not valid JSON: {message}");
    }
    let mut message = format!("{}: {message}", display_path(&path));
    if error.classify() == Category::Data {
        if let Some(hint) = hint(text, type_name) {
            message.push_str("; ");
            message.push_str(&hint);
        }
    }
    message
}

/// `(root)` for the top level.
fn display_path(path: &str) -> &str {
    if path.is_empty() {
        "(root)"
    } else {
        path
    }
}

/// The byte offset of serde_json's `line` (from 1) and `column` (bytes into the line; the
/// offset of the next byte it would have read).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start = if line <= 1 {
        0
    } else {
        text.bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    (start + column).min(text.len())
}

/// serde_json's line and column of byte offset `at`.
fn line_column(text: &[u8], at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    (line, before.len() - start)
}

/// One open container of the scan in [`path_at`].
struct Frame {
    /// An object (else an array).
    object: bool,
    /// The member being read: its index (in an object, how many came before it)...
    index: usize,
    /// ...and in an object its key, once read.
    key: Option<String>,
}

/// Where the scan in [`path_at`] is, within the innermost container.
#[derive(Clone, Copy, PartialEq, Eq)]
enum At {
    /// A value is expected or being read (after `:`, `[`, an array's `,`, or at the top).
    Value,
    /// A value has just ended.
    After,
    /// In an object, before, in or just after a key.
    Key,
}

/// Why serde_json stopped, for [`path_at`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// The type refused a value (serde_json then stands just after it).
    Data,
    /// The text is not JSON at the byte before the stop.
    Syntax,
    /// The text ended; `in_value` when a value was being read (`EOF while parsing a value`),
    /// else what ended was complete and an object or array wanted more.
    Eof { in_value: bool },
}

/// The JSON path of what serde_json was reading when it stopped at byte `stop` of `text`,
/// written as serde_path_to_error wrote one (`Records[1].s3.object.size`: keys joined with
/// `.`, indexes in brackets; empty for the top level). A scan of the bytes before `stop`,
/// keeping the open containers and the member being read, which names:
///
/// - the value being read, or the value that just ended when the type refused it (a data
///   error; `missing field` stands just after an object's `}`);
/// - the container when what is wrong is between its members: a syntax error or the end of
///   the text after a member, before an array's element began, or in or after a key
///   (`duplicate field`).
///
/// Iterative: any nesting depth, no recursion.
fn path_at(text: &[u8], stop: usize, why: Stop) -> String {
    let text = &text[..stop.min(text.len())];
    let syntax = why != Stop::Data;
    let mut stack: Vec<Frame> = Vec::new();
    let mut at = At::Value;
    let mut i = 0;
    // whether the path ends at the container (the member being read left out)
    let container = loop {
        let Some(&b) = text.get(i) else {
            break match at {
                // an array's element begins with its first byte (before it, serde_json is
                // still looking for `,` or `]`); an object's value right after the `:`
                At::Value => syntax && stack.last().is_some_and(|frame| !frame.object),
                At::After => syntax,
                At::Key => true,
            };
        };
        match b {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'"' if at != At::After => {
                let start = i + 1;
                let mut j = start;
                let mut escaped = false;
                while let Some(&c) = text.get(j) {
                    if c == b'"' && !escaped {
                        break;
                    }
                    escaped = c == b'\\' && !escaped;
                    j += 1;
                }
                if j >= text.len() {
                    // stopped inside the string
                    break at == At::Key;
                }
                match (at, stack.last_mut()) {
                    (At::Key, Some(frame)) if frame.key.is_none() => {
                        frame.key = Some(unescape(&text[start..j]));
                    }
                    (At::Value, _) => at = At::After,
                    _ => break true,
                }
                i = j + 1;
            }
            b'{' | b'[' if at == At::Value => {
                let object = b == b'{';
                stack.push(Frame {
                    object,
                    index: 0,
                    key: None,
                });
                at = if object { At::Key } else { At::Value };
                i += 1;
            }
            b'}' | b']' => {
                // closes its container after a member, or an empty one (not after a `,`)
                let fits = stack.last().is_some_and(|frame| {
                    frame.object == (b == b'}')
                        && (at == At::After
                            || frame.index == 0
                                && at == if frame.object { At::Key } else { At::Value })
                        && (at == At::After || frame.key.is_none())
                });
                if !fits {
                    // a trailing comma in an array is the array's error (in an object, `}` is
                    // where a key belongs: the object's too)
                    let trailing = stack
                        .last()
                        .is_some_and(|frame| !frame.object && frame.index > 0 && b == b']');
                    break at != At::Value || trailing;
                }
                stack.pop();
                at = At::After;
                i += 1;
            }
            b',' if at == At::After => {
                match stack.last_mut() {
                    Some(frame) => {
                        frame.index += 1;
                        frame.key = None;
                        at = if frame.object { At::Key } else { At::Value };
                    }
                    None => break true,
                }
                i += 1;
            }
            b':' if at == At::Key => match stack.last() {
                Some(Frame { key: Some(_), .. }) => {
                    at = At::Value;
                    i += 1;
                }
                _ => break true,
            },
            b'-' | b'0'..=b'9' if at == At::Value => {
                // a number: up to the first byte that cannot be in one
                let end = text[i..]
                    .iter()
                    .position(|c| !matches!(c, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'))
                    .map_or(text.len(), |n| i + n);
                if end >= text.len() {
                    // running to the stop: being read, unless the text ended after it
                    break why == Stop::Eof { in_value: false };
                }
                if !text[end - 1].is_ascii_digit() {
                    // `1.`, `-`: cut short by the byte after it, this value's error
                    break false;
                }
                at = At::After;
                i = end;
            }
            b't' | b'f' | b'n' if at == At::Value => {
                let word: &[u8] = match b {
                    b't' => b"true",
                    b'f' => b"false",
                    _ => b"null",
                };
                let end = i + word.len();
                if !text[i..].starts_with(word)
                    || end == text.len() && why != (Stop::Eof { in_value: false })
                {
                    // cut short (by a wrong byte or the stop): this value's error
                    break false;
                }
                at = At::After;
                i = end;
            }
            // not JSON here: in a value, that value's error; between members, the container's
            _ => break at != At::Value,
        }
    };
    // Each open container's member, but the innermost's when the container is wanted; an
    // object whose key is not read yet has no member.
    let members = if container {
        stack.len().saturating_sub(1)
    } else {
        stack.len()
    };
    let mut path = String::new();
    for frame in &stack[..members] {
        if !frame.object {
            path.push('[');
            path.push_str(&frame.index.to_string());
            path.push(']');
            continue;
        }
        let Some(key) = &frame.key else { break };
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
    }
    path
}

/// A key as the type sees it: JSON escapes decoded (rarely any).
fn unescape(raw: &[u8]) -> String {
    let raw = String::from_utf8_lossy(raw);
    if !raw.contains('\\') {
        return raw.into_owned();
    }
    serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.into_owned())
}

/// For an event that did not decode as `E`: the AWS event type it looks like instead, from
/// `AnyEvent`'s detection rules (`this looks like an AWS event of type `S3Event` (in
/// `typed_lambda::events`)`). Only the rules run, never the decoders: a function that decodes
/// one type must not link every family's models for an error message.
#[cfg(feature = "events")]
fn hint(text: &str, wanted: &'static str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let type_name = typed_lambda_events::AnyEvent::detect(&value)?;
    let wanted = crate::error::short_type_name(wanted);
    if wanted == type_name {
        return None;
    }
    Some(format!(
        "this looks like an AWS event of type `{type_name}` (in `typed_lambda::events`)"
    ))
}

#[cfg(not(feature = "events"))]
fn hint(_text: &str, _wanted: &'static str) -> Option<String> {
    None
}

/// `path: message`, with `(root)` for the top level.
#[cfg(feature = "python")]
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

    #[test]
    fn paths_name_keys_unescaped() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Quoted {
            #[serde(rename = "a\"b")]
            ab: Vec<u32>,
        }
        let e = decode_event::<Quoted>(br#"{"x":{"y":[]},"a\"b":[1,"2"]}"#).unwrap_err();
        assert!(
            e.message()
                .starts_with(r#"a"b[1]: invalid type: string "2", expected u32"#),
            "{}",
            e.message()
        );
        let e = decode_event::<Vec<Quoted>>(b"[\n  {\"a\\\"b\": [1, 2, true]}\n]").unwrap_err();
        assert!(
            e.message()
                .starts_with(r#"[0].a"b[2]: invalid type: boolean `true`, expected u32 at line 2"#),
            "{}",
            e.message()
        );
    }

    /// Every path `path_at` names, against serde_path_to_error's (what `decode_event` printed
    /// when it decoded a second time through it), on mutations of real events: each value
    /// replaced by one of another type, each key removed, each member duplicated, compact and
    /// pretty-printed.
    #[cfg(feature = "events")]
    #[test]
    fn paths_agree_with_serde_path_to_error() {
        use serde::de::DeserializeOwned;
        use serde_json::{json, Value};
        use typed_lambda_events::{alb, apigw, apigw_v2, s3, sqs};

        fn fixture(name: &str) -> Value {
            let path = format!("{}/../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap()
        }

        /// Every node's pointer (RFC 6901) in `v`.
        fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
            match v {
                Value::Object(map) => {
                    for (k, x) in map {
                        pointers(
                            x,
                            format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                            out,
                        );
                    }
                }
                Value::Array(list) => {
                    for (i, x) in list.iter().enumerate() {
                        pointers(x, format!("{at}/{i}"), out);
                    }
                }
                _ => {}
            }
            out.push(at);
        }

        fn reference<T: DeserializeOwned>(text: &str) -> Option<(String, String)> {
            let de = &mut serde_json::Deserializer::from_str(text);
            let error = serde_path_to_error::deserialize::<_, T>(&mut *de)
                .and_then(|_| de.end().map_err(|e| panic!("{e}")))
                .err()?;
            let path = error.path().to_string();
            Some((
                if path == "." { String::new() } else { path },
                error.inner().to_string(),
            ))
        }

        fn check<T: DeserializeOwned>(text: &str, checked: &mut usize) {
            let Some((path, inner)) = reference::<T>(text) else {
                assert!(decode_event::<T>(text.as_bytes()).is_ok(), "{text}");
                return;
            };
            let Err(error) = decode_event::<T>(text.as_bytes()) else {
                panic!("decoded: {text}");
            };
            let message = error.message();
            let want = format!("{}: {inner}", display_path(&path));
            assert!(
                message.starts_with(&want),
                "{message}\n  wanted: {want}\n  in: {text}"
            );
            *checked += 1;
        }

        fn mutate<T: DeserializeOwned>(event: Value) -> usize {
            let mut checked = 0;
            let mut all = Vec::new();
            pointers(&event, String::new(), &mut all);
            for pointer in &all {
                let replacements = [
                    json!("x"),
                    json!(7),
                    json!(-1.5),
                    json!([]),
                    json!({}),
                    json!(true),
                    Value::Null,
                    json!([{"a": 1}]),
                ];
                for replacement in replacements {
                    let mut v = event.clone();
                    *v.pointer_mut(pointer).unwrap() = replacement;
                    check::<T>(&serde_json::to_string(&v).unwrap(), &mut checked);
                    check::<T>(&serde_json::to_string_pretty(&v).unwrap(), &mut checked);
                }
                if let Some((parent, key)) = pointer.rsplit_once('/') {
                    let mut v = event.clone();
                    if let Some(map) = v.pointer_mut(parent).and_then(Value::as_object_mut) {
                        let key = key.replace("~1", "/").replace("~0", "~");
                        map.remove(&key);
                        check::<T>(&serde_json::to_string(&v).unwrap(), &mut checked);
                        // the member twice
                        let text = serde_json::to_string(&event).unwrap();
                        let member = format!(
                            "{}:{}",
                            serde_json::to_string(&key).unwrap(),
                            serde_json::to_string(event.pointer(pointer).unwrap()).unwrap()
                        );
                        if let Some(i) = text.find(&member) {
                            let doubled = format!("{}{member},{}", &text[..i], &text[i..]);
                            check::<T>(&doubled, &mut checked);
                        }
                    }
                }
            }
            checked
        }

        let mut checked = 0;
        checked += mutate::<apigw::ApiGatewayProxyRequest>(fixture("apigw-proxy-request.json"));
        checked +=
            mutate::<apigw_v2::ApiGatewayV2HttpRequest>(fixture("apigw-v2-http-request-iam.json"));
        checked +=
            mutate::<alb::AlbTargetGroupRequest>(fixture("alb-request-multi-value-headers.json"));
        checked += mutate::<s3::S3Event>(fixture("s3-object-created-put.json"));
        checked += mutate::<sqs::SqsEvent>(fixture("sqs-event.json"));
        assert!(checked > 1000, "{checked} errors checked");
    }

    /// Truncated events (every EOF error) and events with a stray byte (syntax errors) name
    /// the path serde_path_to_error named, where it named one: where it could not (a syntax
    /// error where a key belongs) it wrote `?` for the key, and the path here is the object's.
    #[cfg(feature = "events")]
    #[test]
    fn eof_and_syntax_errors_name_the_path_serde_path_to_error_named() {
        type T = typed_lambda_events::apigw_v2::ApiGatewayV2HttpRequest;
        let path = format!(
            "{}/../tests/fixtures/apigw-v2-http-request-iam.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let pretty = std::fs::read_to_string(path).unwrap();
        let pretty = pretty.trim_end();
        let compact =
            serde_json::to_string(&serde_json::from_str::<serde_json::Value>(pretty).unwrap())
                .unwrap();
        let mut bodies = Vec::new();
        for text in [pretty, compact.as_str()] {
            for end in (1..text.len()).filter(|&end| text.is_char_boundary(end)) {
                bodies.push(text[..end].to_owned());
                for stray in ["x", "}", "]", ",", ":", "\"", "1", "{", "["] {
                    bodies.push(format!("{}{stray}{}", &text[..end], &text[end..]));
                }
            }
        }
        let mut checked = 0;
        let mut mismatches = Vec::new();
        for body in &bodies {
            let de = &mut serde_json::Deserializer::from_str(body);
            let (path, inner) = match serde_path_to_error::deserialize::<_, T>(&mut *de) {
                Err(e) => (e.path().to_string(), e.into_inner()),
                Ok(_) => match de.end() {
                    Err(e) => (String::new(), e),
                    Ok(()) => continue,
                },
            };
            if inner.to_string().starts_with("trailing characters") && !path.is_empty() {
                // a struct given as an array with more elements than it has fields: what
                // follows is the array's error, named here as the next element's
                continue;
            }
            let path = path.strip_suffix('?').unwrap_or(&path);
            let path = path.strip_suffix('.').unwrap_or(path);
            let want = if path.is_empty() && inner.classify() != Category::Data {
                format!("the event is not valid JSON: {inner}")
            } else {
                format!("{}: {inner}", display_path(path))
            };
            let message = decode_event::<T>(body.as_bytes())
                .unwrap_err()
                .message()
                .to_owned();
            if !message.starts_with(&want) {
                mismatches.push(format!("{message}\n  wanted: {want}\n  in: {body}"));
            }
            checked += 1;
        }
        assert!(
            mismatches.is_empty(),
            "{} mismatches, first: {}",
            mismatches.len(),
            mismatches[0]
        );
        assert!(checked > 10_000, "{checked}");
    }
}
