//! The error a handler returns, and how it reaches Lambda.
//!
//! Lambda reports a failed invocation as `{"errorType": ..., "errorMessage": ...}`. [`Error`] is
//! exactly that pair. A handler may return any error type that converts into it: [`Error`] itself
//! (choose the `errorType` with [`Error::new`]), `String`, `&str`, boxed `std::error::Error`s,
//! common std errors, `anyhow::Error` (feature `anyhow`), or your own type through a `From` impl.
//! Errors without a chosen type report their Rust type name without the module path, the way
//! Lambda's Go and Python runtimes report `errorString` or `ValueError`.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

/// errorType of an event that could not be decoded into the handler's event type.
pub const UNMARSHAL_ERROR: &str = "Runtime.UnmarshalError";
/// errorType of a handler result that could not be serialized to JSON.
pub const MARSHAL_ERROR: &str = "Runtime.MarshalError";
/// errorType of a handler that panicked.
pub const PANIC_ERROR: &str = "Runtime.Panic";
/// errorType of a response larger than Lambda accepts (6 MB for buffered responses).
pub const RESPONSE_TOO_LARGE_ERROR: &str = "Runtime.ResponseSizeTooLarge";
/// errorType of a response the Runtime API still refused with a server error (5xx) after
/// every retry: the invocation is reported as failed rather than lost.
pub const RESPONSE_REJECTED_ERROR: &str = "Runtime.ResponseRejected";
/// errorType of an init hook that failed, when the error has no type of its own.
pub const INIT_ERROR: &str = "Runtime.InitError";

/// A failed invocation as Lambda reports it: an `errorType` and an `errorMessage`.
///
/// ```
/// use typed_lambda::Error;
///
/// let e = Error::new("ValidationError", "FirstName must not be empty");
/// assert_eq!(e.error_type(), "ValidationError");
/// assert_eq!(e.to_string(), "ValidationError: FirstName must not be empty");
///
/// // Anything that converts works as a handler error:
/// let e: Error = "plain message".into();
/// assert_eq!(e.error_type(), "&str");
/// let e: Error = std::fs::read("/nonexistent").unwrap_err().into();
/// assert_eq!(e.error_type(), "Error"); // std::io::Error
/// ```
///
/// `Error` deliberately does not implement `std::error::Error`, so that `From` impls for the
/// types above can coexist with the reflexive one. Convert your own error type by implementing
/// `From<MyError> for typed_lambda::Error`, optionally with [`Error::from_error`]:
///
/// ```
/// #[derive(Debug)]
/// struct OutOfStock(String);
/// impl std::fmt::Display for OutOfStock {
///     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
///         write!(f, "{} is out of stock", self.0)
///     }
/// }
/// impl std::error::Error for OutOfStock {}
/// impl From<OutOfStock> for typed_lambda::Error {
///     fn from(e: OutOfStock) -> Self {
///         typed_lambda::Error::from_error(&e) // errorType "OutOfStock"
///     }
/// }
/// let e: typed_lambda::Error = OutOfStock("tea".into()).into();
/// assert_eq!((e.error_type(), e.message()), ("OutOfStock", "tea is out of stock"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Error {
    #[serde(rename = "errorType")]
    error_type: Cow<'static, str>,
    #[serde(rename = "errorMessage")]
    message: String,
}

impl Error {
    /// An error with the `errorType` and `errorMessage` you choose.
    pub fn new(error_type: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Error {
            error_type: error_type.into(),
            message: message.into(),
        }
    }

    /// An error whose `errorType` is the short Rust type name of `E` (`ParseIntError`) and whose
    /// message is its `Display` output followed by its `source()` chain (`outer: inner`).
    pub fn from_error<E: std::error::Error + ?Sized>(error: &E) -> Self {
        Error::new(short_type_name(std::any::type_name::<E>()), chain(error))
    }

    /// The `errorType` reported to Lambda.
    pub fn error_type(&self) -> &str {
        &self.error_type
    }

    /// The `errorMessage` reported to Lambda.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The JSON body Lambda expects on `/invocation/{id}/error` and `/init/error`.
    pub fn to_json(&self) -> Vec<u8> {
        // Serializing two strings cannot fail.
        serde_json::to_vec(self).unwrap_or_default()
    }

    pub(crate) fn of_type<T: ?Sized>(message: impl Into<String>) -> Self {
        Error::new(short_type_name(std::any::type_name::<T>()), message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.error_type, self.message)
    }
}

fn chain<E: std::error::Error + ?Sized>(error: &E) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        let text = inner.to_string();
        // Many errors repeat their source in their own message; don't say it twice.
        if !message.ends_with(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = inner.source();
    }
    message
}

/// `alloc::string::String` → `String`, `core::option::Option<my::T>` → `Option<T>`.
pub(crate) fn short_type_name(full: &str) -> String {
    let mut out = String::with_capacity(full.len());
    let mut segment_start = 0;
    let bytes = full.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b':' && bytes.get(i + 1) == Some(&b':') {
            // Drop the path written so far in this segment.
            out.truncate(segment_start);
            i += 2;
            continue;
        }
        out.push(c as char);
        if !(c.is_ascii_alphanumeric() || c == b'_') {
            segment_start = out.len();
        }
        i += 1;
    }
    out
}

impl From<String> for Error {
    fn from(message: String) -> Self {
        Error::of_type::<String>(message)
    }
}

impl From<&str> for Error {
    fn from(message: &str) -> Self {
        Error::of_type::<&str>(message)
    }
}

impl From<Box<dyn std::error::Error + Send + Sync>> for Error {
    fn from(error: Box<dyn std::error::Error + Send + Sync>) -> Self {
        Error::new("Error", chain(&*error))
    }
}

impl From<Box<dyn std::error::Error>> for Error {
    fn from(error: Box<dyn std::error::Error>) -> Self {
        Error::new("Error", chain(&*error))
    }
}

macro_rules! from_std_errors {
    ($($ty:ty),* $(,)?) => {
        $(impl From<$ty> for Error {
            fn from(error: $ty) -> Self {
                Error::from_error(&error)
            }
        })*
    };
}

// The events crate's errors, so `?` works on envelopes, `AnyEvent` and CloudWatch Logs data in
// a handler; each reports its type name (`PayloadError`) and its message once.
#[cfg(feature = "events")]
impl From<typed_lambda_events::PayloadError> for Error {
    fn from(error: typed_lambda_events::PayloadError) -> Self {
        // Its message already says the source's (`... expected u64 at quantity (line 1, ...)`).
        Error::of_type::<typed_lambda_events::PayloadError>(error.to_string())
    }
}

#[cfg(feature = "events")]
from_std_errors!(
    typed_lambda_events::DecodeError,
    typed_lambda_events::LogsDecodeError,
    typed_lambda_events::KeyDecodeError,
);

from_std_errors!(
    std::io::Error,
    std::fmt::Error,
    std::num::ParseIntError,
    std::num::ParseFloatError,
    std::num::TryFromIntError,
    std::str::Utf8Error,
    std::string::FromUtf8Error,
    std::str::ParseBoolError,
    std::time::SystemTimeError,
    serde_json::Error,
);

#[cfg(feature = "anyhow")]
impl From<anyhow::Error> for Error {
    fn from(error: anyhow::Error) -> Self {
        // anyhow erases the concrete type; `{:#}` prints the whole context chain on one line.
        Error::new("Error", format!("{error:#}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_strip_paths_everywhere() {
        assert_eq!(short_type_name("alloc::string::String"), "String");
        assert_eq!(short_type_name("&str"), "&str");
        assert_eq!(
            short_type_name("core::option::Option<my_crate::a::Thing>"),
            "Option<Thing>"
        );
        assert_eq!(
            short_type_name("alloc::boxed::Box<dyn core::error::Error + core::marker::Send>"),
            "Box<dyn Error + Send>"
        );
    }

    #[test]
    fn conversions_report_type_names() {
        assert_eq!(Error::from("x".to_string()).error_type(), "String");
        assert_eq!(Error::from("x").error_type(), "&str");
        let e: Error = "12a".parse::<u8>().unwrap_err().into();
        assert_eq!(e.error_type(), "ParseIntError");
        assert_eq!(e.message(), "invalid digit found in string");
        let boxed: Box<dyn std::error::Error + Send + Sync> = "boxed".into();
        let e: Error = boxed.into();
        assert_eq!((e.error_type(), e.message()), ("Error", "boxed"));
    }

    #[test]
    fn wire_format_is_lambdas() {
        let json = Error::new("MyError", "bad \"thing\"").to_json();
        assert_eq!(
            std::str::from_utf8(&json).unwrap(),
            r#"{"errorType":"MyError","errorMessage":"bad \"thing\""}"#
        );
    }

    #[test]
    fn source_chain_is_kept_once() {
        #[derive(Debug)]
        struct Outer(std::io::Error);
        impl fmt::Display for Outer {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("reading config")
            }
        }
        impl std::error::Error for Outer {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        let e = Error::from_error(&Outer(std::io::Error::other("disk gone")));
        assert_eq!(e.error_type(), "Outer");
        assert_eq!(e.message(), "reading config: disk gone");
    }

    #[cfg(feature = "events")]
    #[test]
    fn events_errors_convert_with_their_type_name_and_one_message() {
        use typed_lambda_events::sqs::{SqsEvent, SqsMessage};
        use typed_lambda_events::Envelope;

        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Order {
            quantity: u64,
        }
        fn first(event: &SqsEvent) -> Result<Order, Error> {
            Ok(event.payload::<Order>()?)
        }
        let event = SqsEvent {
            records: vec![SqsMessage {
                message_id: "m1".into(),
                body: r#"{"quantity":"two"}"#.into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let e = first(&event).unwrap_err();
        assert_eq!(e.error_type(), "PayloadError");
        assert!(e.message().starts_with("decode Records[0].body"), "{e}");
        assert!(e.message().contains("quantity"), "{e}");
        assert_eq!(
            e.message().matches("invalid type").count(),
            1,
            "the serde message is said once: {e}"
        );

        let e: Error = typed_lambda_events::AnyEvent::from_slice(b"{")
            .unwrap_err()
            .into();
        assert_eq!(e.error_type(), "DecodeError");
    }

    #[cfg(feature = "anyhow")]
    #[test]
    fn anyhow_keeps_context() {
        use anyhow::Context as _;
        let r: anyhow::Result<()> = Err(std::io::Error::other("refused")).context("connect db");
        let e: Error = r.unwrap_err().into();
        assert_eq!(e.message(), "connect db: refused");
    }
}
