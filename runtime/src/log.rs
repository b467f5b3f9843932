//! Logging that carries the request id: a `tracing` subscriber (and the `log` facade) writing
//! one line per event to stderr, in Lambda's text or JSON format.
//!
//! - `AWS_LAMBDA_LOG_FORMAT=JSON` gives JSON lines with `timestamp`, `level`, `requestId`,
//!   `message`, `target` and the event's fields; anything else gives tab-separated text:
//!   `2026-11-25T09:18:49.123456Z\t<request id>\tINFO\tmessage key=value`.
//! - The level comes from `AWS_LAMBDA_LOG_LEVEL` (`TRACE`, `DEBUG`, `INFO`, `WARN`, `ERROR`,
//!   `FATAL`), else from `RUST_LOG` (`info`, `my_crate=debug,warn`, ...; a spec that cannot
//!   be read is reported on stderr and ignored), else `INFO`.
//! - Every line logged inside the runtime's invocation span (a span with a `requestId` field),
//!   also from nested spans, carries that request id; invocations served at once on several
//!   threads each carry their own.
//!
//! [`handle_func`](crate::handle_func) installs this subscriber unless one is installed
//! already: to opt out, install your own before calling it. [`init`] installs it early, e.g. to
//! log from start-up code. It is a small subscriber of our own on `tracing-core`; with the
//! `tracing-subscriber` feature, `LambdaFormat`, `RequestIdLayer` and `filter_from_env` give the
//! same lines as pieces for your own tracing-subscriber stack.
//!
//! ```
//! typed_lambda::log::init();
//! tracing::info!(bucket = "photos", "resizing");
//! log::warn!("the log facade works too");
//! ```

mod filter;
mod format;
mod subscriber;

#[cfg(feature = "tracing-subscriber")]
mod layer;

#[cfg(feature = "tracing-subscriber")]
pub use layer::{filter_from_env, LambdaFormat, RequestIdLayer};

use std::io::Write;

use tracing_log::AsLog;

use filter::Filter;
use format::Format;
use subscriber::LambdaSubscriber;

/// Installs the default subscriber (format and level from the environment, see the module
/// docs) and routes the `log` facade into it. Does nothing if a global subscriber is set.
pub fn init() {
    init_with_writer(std::io::stderr());
}

/// [`init`], writing lines to `writer` instead of stderr (e.g. a buffer in tests). Each line
/// is handed to `writer` in one `write_all` call, under a lock.
///
/// ```
/// let logs = typed_lambda::testing::LogCapture::default();
/// typed_lambda::log::init_with_writer(logs.clone());
/// tracing::info!("hello");
/// assert!(logs.text().contains("\tINFO\thello"));
/// ```
pub fn init_with_writer<W>(writer: W)
where
    W: Write + Send + 'static,
{
    let subscriber =
        LambdaSubscriber::new(Filter::from_env(), Format::from_env(), Box::new(writer));
    let max_level = subscriber.max_level();
    if tracing::subscriber::set_global_default(subscriber).is_ok() {
        // Fails only if another `log` logger is set, which then keeps working as it was.
        let _ = tracing_log::LogTracer::builder()
            .with_max_level(max_level.as_log())
            .init();
    }
}
