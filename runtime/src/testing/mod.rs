//! A faithful fake of the Lambda Runtime API, to run a function through the real loop inside
//! `cargo test` (feature `testing`).
//!
//! It behaves like Lambda, not like the emulators: `/next` replies carry
//! `Content-Type: application/json`, an epoch-milliseconds deadline, a real-looking function
//! ARN and X-Ray trace header; `/response` and `/error` answer `202`; every reply is written in
//! one buffer on a `TCP_NODELAY` socket, so clients never stall on Nagle's algorithm. Faults can
//! be injected ([`Fault`]) to test how a runtime copes.
//!
//! ```
//! use typed_lambda::testing::{FakeRuntimeApi, Outcome};
//! use typed_lambda::{Context, Error, Runtime};
//!
//! let fake = FakeRuntimeApi::start();
//! let function = fake.spawn(|name: String, _ctx: &Context| -> Result<String, Error> {
//!     Ok(format!("Hello, {name}!"))
//! });
//! assert_eq!(fake.invoke(r#""Jane""#), Outcome::Response(br#""Hello, Jane!""#.to_vec()));
//! drop(fake); // the runtime loop ends when the API goes away
//! assert!(function.join().unwrap().is_err());
//! ```

mod fake;
mod log_capture;

pub use fake::{FakeRuntimeApi, Fault, Invoke, Outcome, Pending, RecordedRequest};
pub use log_capture::LogCapture;
