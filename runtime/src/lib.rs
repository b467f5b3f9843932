//! typed-lambda: typed AWS Lambda functions in Rust.
#[cfg(feature = "events")]
#[doc(inline)]
pub use typed_lambda_events as events;
