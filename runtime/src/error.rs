//! The error a handler returns, and how it reaches Lambda.
//!
//! Lambda reports a failed invocation as `{"errorType": ..., "errorMessage": ...}`. [`Error`] is
//! exactly that pair. A handler may return any error type that converts into it: [`Error`] itself
//! (choose the `errorType` with [`Error::new`]), and, as with `anyhow`, every
//! `std::error::Error + Send + Sync + 'static` (std's, your own, `anyhow::Error`), `String`,
//! `&str` and `Box<dyn std::error::Error + Send + Sync>`, so `?` works on all of them.
//! Errors without a chosen type report their Rust type name without the module path
//! (`VarError`; `io::Error` for a type named plain `Error`), the way Lambda's Go and Python
//! runtimes report `errorString` or `ValueError`.

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
/// assert_eq!(e.error_type(), "io::Error");
/// ```
///
/// `Error` deliberately does not implement `std::error::Error` (like `anyhow::Error`), so that
/// one `From` impl can take every error type beside the reflexive one. Your own error types
/// convert with `?` as they are, reporting their type name; to choose the `errorType` (or the
/// message) yourself, build the `Error` in a `map_err`, or in a helper:
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
///
/// fn order(item: &str) -> Result<u32, typed_lambda::Error> {
///     Err(OutOfStock(item.into()))?
/// }
/// let e = order("tea").unwrap_err();
/// assert_eq!((e.error_type(), e.message()), ("OutOfStock", "tea is out of stock"));
///
/// // Your own errorType for one call site:
/// let e = Err::<u32, _>(OutOfStock("tea".into()))
///     .map_err(|e| typed_lambda::Error::new("Shop.OutOfStock", e.to_string()))
///     .unwrap_err();
/// assert_eq!(e.error_type(), "Shop.OutOfStock");
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
        if !message.ends_with(&text) && !repeats_json_error(&message, inner) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = inner.source();
    }
    message
}

/// Whether `source` is a `serde_json::Error` whose message `message` already says, with its
/// position written another way (the events crate's `PayloadError` says `... at quantity (line
/// 1, column 12)` where serde_json says `... at line 1 column 12`).
fn repeats_json_error(message: &str, source: &(dyn std::error::Error + 'static)) -> bool {
    let Some(json) = source.downcast_ref::<serde_json::Error>() else {
        return false;
    };
    let text = json.to_string();
    let position = format!(" at line {} column {}", json.line(), json.column());
    let core = text.strip_suffix(&position).unwrap_or(&text);
    !core.is_empty() && message.contains(core)
}

/// `alloc::string::String` → `String`, `core::option::Option<my::T>` → `Option<T>`; a type
/// named plain `Error` keeps its module: `std::io::error::Error` → `io::Error`.
pub(crate) fn short_type_name(full: &str) -> String {
    let mut out = String::with_capacity(full.len());
    let mut path = String::new();
    for c in full.chars() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            path.push(c);
        } else {
            push_short_path(&mut out, &path);
            path.clear();
            out.push(c);
        }
    }
    push_short_path(&mut out, &path);
    out
}

/// `a::b::Name` → `Name`; `std::io::error::Error` → `io::Error` (the nearest module that says
/// which `Error`, skipping `error`, `core`, `std` and `alloc`).
fn push_short_path(out: &mut String, path: &str) {
    let mut segments = path.rsplit("::");
    let name = segments.next().unwrap_or_default();
    if name == "Error" {
        if let Some(module) =
            segments.find(|m| !matches!(*m, "error" | "core" | "std" | "alloc" | ""))
        {
            out.push_str(module);
            out.push_str("::");
        }
    }
    out.push_str(name);
}

/// Every error converts, the way `anyhow::Error` does: anything that converts into
/// `Box<dyn std::error::Error + Send + Sync>` — every `std::error::Error + Send + Sync + 'static`
/// (`std::env::VarError`, `std::io::Error`, `serde_json::Error`, your own error types, the
/// events crate's errors, `anyhow::Error`), and also `String`, `&str`, `Cow<str>` and
/// `Box<dyn std::error::Error + Send + Sync>` itself.
///
/// The `errorType` names the source type without its module path (`VarError`,
/// `ParseIntError`, `String`, `&str`); a type called plain `Error` keeps its module
/// (`io::Error`, `fmt::Error`, `serde_json::Error`, `anyhow::Error`) so the report says which one.
/// A boxed error's concrete type is not known, so `Box<dyn Error + Send + Sync>` reports `Error`.
/// The `errorMessage` is the error's `Display` followed by its `source()` chain, each part once.
///
/// ```
/// use typed_lambda::Error;
///
/// fn table() -> Result<String, Error> {
///     Ok(std::env::var("SURELY_NOT_SET_TABLE")?)
/// }
/// let e = table().unwrap_err();
/// assert_eq!(e.error_type(), "VarError");
/// assert_eq!(e.message(), "environment variable not found");
/// ```
impl<E> From<E> for Error
where
    E: Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
{
    fn from(error: E) -> Self {
        let error_type = error_type_of::<E>();
        let boxed: Box<dyn std::error::Error + Send + Sync + 'static> = error.into();
        Error::new(error_type, chain(&*boxed))
    }
}

/// The errorType reported for a converted `E` (see the `From` impl above).
fn error_type_of<E>() -> String {
    let name = short_type_name(std::any::type_name::<E>());
    // A boxed trait object hides the concrete type: report it as a plain `Error`.
    if name.starts_with("Box<dyn Error") {
        return "Error".to_owned();
    }
    name
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
    fn plain_error_types_keep_their_module() {
        assert_eq!(short_type_name("std::io::error::Error"), "io::Error");
        assert_eq!(short_type_name("core::fmt::Error"), "fmt::Error");
        assert_eq!(
            short_type_name("serde_json::error::Error"),
            "serde_json::Error"
        );
        assert_eq!(short_type_name("anyhow::Error"), "anyhow::Error");
        assert_eq!(short_type_name("Error"), "Error");
        assert_eq!(short_type_name("std::env::VarError"), "VarError");
    }

    #[test]
    fn conversions_report_type_names() {
        assert_eq!(Error::from("x".to_string()).error_type(), "String");
        assert_eq!(Error::from("x").error_type(), "&str");
        assert_eq!(Error::from(Cow::Borrowed("x")).error_type(), "Cow<'_, str>");
        let e: Error = "12a".parse::<u8>().unwrap_err().into();
        assert_eq!(e.error_type(), "ParseIntError");
        assert_eq!(e.message(), "invalid digit found in string");
        let boxed: Box<dyn std::error::Error + Send + Sync> = "boxed".into();
        let e: Error = boxed.into();
        assert_eq!((e.error_type(), e.message()), ("Error", "boxed"));
        let e: Error = std::io::Error::other("disk gone").into();
        assert_eq!((e.error_type(), e.message()), ("io::Error", "disk gone"));
        let e: Error = serde_json::from_str::<u8>("x").unwrap_err().into();
        assert_eq!(e.error_type(), "serde_json::Error");
    }

    #[test]
    fn every_std_error_converts_with_question_mark() {
        fn var() -> Result<String, Error> {
            Ok(std::env::var("TYPED_LAMBDA_SURELY_UNSET_VARIABLE")?)
        }
        let e = var().unwrap_err();
        assert_eq!(e.error_type(), "VarError");
        assert_eq!(e.message(), "environment variable not found");

        fn char_from(n: u32) -> Result<char, Error> {
            Ok(char::try_from(n)?)
        }
        assert_eq!(
            char_from(0xD800).unwrap_err().error_type(),
            "CharTryFromError"
        );

        // a type of the user's own, without any impl for typed_lambda::Error
        #[derive(Debug)]
        struct Mine;
        impl fmt::Display for Mine {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("mine failed")
            }
        }
        impl std::error::Error for Mine {}
        fn mine() -> Result<(), Error> {
            Err(Mine)?
        }
        let e = mine().unwrap_err();
        assert_eq!((e.error_type(), e.message()), ("Mine", "mine failed"));
    }

    #[test]
    fn a_json_source_said_inside_the_message_is_not_repeated() {
        #[derive(Debug)]
        struct AtPath(serde_json::Error);
        impl fmt::Display for AtPath {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let text = self.0.to_string();
                let core = text.split(" at line").next().unwrap_or_default().to_owned();
                write!(
                    f,
                    "decode body: {core} at items[0] (line {}, column {})",
                    self.0.line(),
                    self.0.column()
                )
            }
        }
        impl std::error::Error for AtPath {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        let json = serde_json::from_str::<Vec<u8>>(r#"["x"]"#).unwrap_err();
        let e: Error = AtPath(json).into();
        assert_eq!(
            e.message(),
            r#"decode body: invalid type: string "x", expected u8 at items[0] (line 1, column 4)"#
        );
        // a JSON source that is not in the message is still appended
        #[derive(Debug)]
        struct Wrapped(serde_json::Error);
        impl fmt::Display for Wrapped {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("reading settings")
            }
        }
        impl std::error::Error for Wrapped {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        let e: Error = Wrapped(serde_json::from_str::<u8>("x").unwrap_err()).into();
        assert_eq!(
            e.message(),
            "reading settings: expected value at line 1 column 1"
        );
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

    #[test]
    fn anyhow_keeps_context() {
        use anyhow::Context as _;
        let r: anyhow::Result<()> = Err(std::io::Error::other("refused")).context("connect db");
        let e: Error = r.unwrap_err().into();
        assert_eq!(e.error_type(), "anyhow::Error");
        assert_eq!(e.message(), "connect db: refused");
    }
}
