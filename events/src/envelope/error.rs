//! The error of one payload that did not decode.

use std::error::Error as StdError;
use std::fmt;

/// What went wrong with a payload (see [`PayloadError::kind`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PayloadErrorKind {
    /// The payload is not valid JSON (or has trailing text after the value).
    Syntax,
    /// The payload ended in the middle of a JSON value.
    Eof,
    /// Valid JSON, but not the shape of the requested type (missing field, wrong type, ...).
    Data,
    /// The transport encoding around the JSON is broken: bad base64, bad gzip, text that is
    /// not UTF-8.
    Encoding,
    /// The record carries no payload where one was expected (a DynamoDB `REMOVE` record has no
    /// `NewImage`, an API request has no body).
    Missing,
    /// [`Envelope::payload`](super::Envelope::payload) on an envelope that does not hold exactly one payload.
    Count,
}

/// One payload of an [`Envelope`](super::Envelope) that could not be decoded.
///
/// Names the record ([`index`](Self::index)), where its payload sits in the event
/// ([`location`](Self::location), e.g. `Records[2].body`), the type asked for
/// ([`target`](Self::target)) and the path inside the payload where decoding stopped
/// ([`path`](Self::path), e.g. `items[0].sku`). Displays as
/// ``decode Records[2].body as Order: missing field `sku` at items[0] (line 1, column 42)``.
#[derive(Debug)]
pub struct PayloadError(Box<Inner>);

// boxed: a `Result<T, PayloadError>` stays one pointer wide on the error side
#[derive(Debug)]
struct Inner {
    kind: PayloadErrorKind,
    index: usize,
    location: String,
    target: String,
    path: String,
    message: String,
    line: usize,
    column: usize,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl PayloadError {
    /// A payload whose JSON did not decode as `T`.
    pub(crate) fn json<T>(
        index: usize,
        location: String,
        path: String,
        error: serde_json::Error,
    ) -> Self {
        use serde_json::error::Category;
        let kind = match error.classify() {
            Category::Syntax | Category::Io => PayloadErrorKind::Syntax,
            Category::Eof => PayloadErrorKind::Eof,
            Category::Data => PayloadErrorKind::Data,
        };
        let (line, column) = (error.line(), error.column());
        let mut message = error.to_string();
        // serde_json appends the position; we print it ourselves after the path
        let position = format!(" at line {line} column {column}");
        if line > 0 && message.ends_with(&position) {
            message.truncate(message.len() - position.len());
        }
        PayloadError(Box::new(Inner {
            kind,
            index,
            location,
            target: short_type_name(std::any::type_name::<T>()),
            path,
            message,
            line,
            column,
            source: Some(Box::new(error)),
        }))
    }

    /// A payload whose transport encoding (base64, gzip, UTF-8) is broken, before any JSON
    /// decoding. For implementors of [`Envelope`](super::Envelope).
    pub fn encoding(
        index: usize,
        location: impl Into<String>,
        error: impl Into<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        let source = error.into();
        PayloadError(Box::new(Inner {
            kind: PayloadErrorKind::Encoding,
            index,
            location: location.into(),
            target: String::new(),
            path: String::new(),
            message: source.to_string(),
            line: 0,
            column: 0,
            source: Some(source),
        }))
    }

    /// A record without the payload field it should carry; `why` says so in a few words
    /// (`no NewImage in a REMOVE record`). For implementors of [`Envelope`](super::Envelope).
    pub fn missing(index: usize, location: impl Into<String>, why: impl Into<String>) -> Self {
        PayloadError(Box::new(Inner {
            kind: PayloadErrorKind::Missing,
            index,
            location: location.into(),
            target: String::new(),
            path: String::new(),
            message: why.into(),
            line: 0,
            column: 0,
            source: None,
        }))
    }

    /// [`Envelope::payload`](super::Envelope::payload) on an envelope holding `count` payloads instead of one.
    pub(crate) fn count<T>(location: String, count: usize) -> Self {
        PayloadError(Box::new(Inner {
            kind: PayloadErrorKind::Count,
            index: 0,
            location,
            target: short_type_name(std::any::type_name::<T>()),
            path: String::new(),
            message: format!(
                "expected exactly one payload, found {count} (use payloads() for batches)"
            ),
            line: 0,
            column: 0,
            source: None,
        }))
    }

    /// What went wrong.
    pub fn kind(&self) -> PayloadErrorKind {
        self.0.kind
    }

    /// Index of the record (payload) in the envelope, from 0.
    pub fn index(&self) -> usize {
        self.0.index
    }

    /// Where the payload sits in the event, as a JSON path (`Records[2].body`, `detail`).
    pub fn location(&self) -> &str {
        &self.0.location
    }

    /// The requested type's name without module paths (`Order`, `Vec<Order>`); empty when the
    /// payload failed before JSON decoding.
    pub fn target(&self) -> &str {
        &self.0.target
    }

    /// Path inside the payload where decoding stopped (`items[0].sku`); empty at the root or
    /// when the payload failed before JSON decoding.
    pub fn path(&self) -> &str {
        &self.0.path
    }

    /// The reason, without location or path (`missing field `sku``).
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// Line and column (from 1) inside JSON text where decoding stopped; `None` for payloads
    /// that were not text (an EventBridge `detail` object) or failed before JSON decoding.
    pub fn position(&self) -> Option<(usize, usize)> {
        (self.0.line > 0).then_some((self.0.line, self.0.column))
    }
}

impl fmt::Display for PayloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = &self.0;
        f.write_str("decode ")?;
        f.write_str(&e.location)?;
        if !e.target.is_empty() {
            write!(f, " as {}", e.target)?;
        }
        write!(f, ": {}", e.message)?;
        if !e.path.is_empty() {
            write!(f, " at {}", e.path)?;
        }
        if e.line > 0 {
            write!(f, " (line {}, column {})", e.line, e.column)?;
        }
        Ok(())
    }
}

impl StdError for PayloadError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.0
            .source
            .as_deref()
            .map(|e| e as &(dyn StdError + 'static))
    }
}

/// `alloc::vec::Vec<my_app::Order>` -> `Vec<Order>`: the type name a user wrote.
fn short_type_name(full: &str) -> String {
    let mut short = String::with_capacity(full.len());
    let mut token = String::new();
    let flush = |token: &mut String, short: &mut String| {
        short.push_str(token.rsplit("::").next().unwrap_or(token));
        token.clear();
    };
    for c in full.chars() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            token.push(c);
        } else {
            flush(&mut token, &mut short);
            short.push(c);
        }
    }
    flush(&mut token, &mut short);
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_type_names_drop_module_paths() {
        assert_eq!(short_type_name("my_app::Order"), "Order");
        assert_eq!(
            short_type_name("alloc::vec::Vec<my_app::orders::Order>"),
            "Vec<Order>"
        );
        assert_eq!(
            short_type_name("std::collections::hash::map::HashMap<alloc::string::String, u8>"),
            "HashMap<String, u8>"
        );
        assert_eq!(short_type_name("(u8, &str)"), "(u8, &str)");
    }

    #[test]
    fn encoding_and_missing_errors_name_the_location() {
        let e = PayloadError::encoding(3, "Records[3].kinesis.data", "invalid base64");
        assert_eq!(e.kind(), PayloadErrorKind::Encoding);
        assert_eq!(e.index(), 3);
        assert_eq!(
            e.to_string(),
            "decode Records[3].kinesis.data: invalid base64"
        );
        let e = PayloadError::missing(1, "Records[1].dynamodb.NewImage", "no NewImage");
        assert_eq!(e.kind(), PayloadErrorKind::Missing);
        assert_eq!(
            e.to_string(),
            "decode Records[1].dynamodb.NewImage: no NewImage"
        );
        assert!(e.source().is_none());
    }
}
