//! # typed-lambda
//!
//! Typed AWS Lambda functions in Rust. Write a handler that takes your event type and returns
//! your response type; [`handle_func`] runs it on the
//! [Lambda Runtime API](https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html):
//!
//! ```no_run
//! use serde::{Deserialize, Serialize};
//! use typed_lambda::{handle_func, tracing, Context, Error};
//!
//! #[derive(Deserialize)]
//! struct Person {
//!     #[serde(rename = "FirstName")]
//!     first_name: String,
//!     #[serde(rename = "LastName")]
//!     last_name: String,
//! }
//!
//! #[derive(Serialize)]
//! struct Greeting {
//!     message: String,
//! }
//!
//! fn hello(person: Person, ctx: &Context) -> Result<Greeting, Error> {
//!     tracing::info!(remaining = ?ctx.remaining_time(), "greeting");
//!     if person.first_name.is_empty() {
//!         return Err(Error::new("ValidationError", "FirstName is empty"));
//!     }
//!     Ok(Greeting { message: format!("Hello, {} {}!", person.first_name, person.last_name) })
//! }
//!
//! fn main() {
//!     handle_func(hello)
//! }
//! ```
//!
//! What the runtime does for each invocation: decode the event into your type (a failure is
//! reported as `Runtime.UnmarshalError` naming the JSON path, e.g.
//! `Records[0].s3.object.size: invalid type: string "x", expected u64`), call the handler with
//! a [`Context`], and send back the serialized result, or the [`Error`] (`errorType`,
//! `errorMessage`). A panicking handler is reported as `Runtime.Panic` and the next invocation
//! is served. Logs carry the request id ([`log`]).
//!
//! - Raw events: take `Box<serde_json::value::RawValue>` (bytes untouched) or
//!   `serde_json::Value`; return `Box<RawValue>` to send bytes as they are.
//! - A handler as a type (a struct holding clients and configuration): [`Handler`].
//! - Async handlers: [`handle_async`](https://docs.rs/typed-lambda/latest/typed_lambda/fn.handle_async.html)
//!   (feature `tokio`).
//! - Web apps (axum, any `tower::Service` over `http::Request`) on API Gateway, ALB, function
//!   URLs, VPC Lattice: [`http`](https://docs.rs/typed-lambda/latest/typed_lambda/http/index.html)
//!   (feature `http`).
//! - `tower::Service<(E, Context)>` as the handler, with `ServiceBuilder` layers:
//!   [`serve`](https://docs.rs/typed-lambda/latest/typed_lambda/fn.serve.html) (feature `tower`).
//! - Start-up code that can fail: [`init`] reports its error to `/runtime/init/error` and
//!   exits 1. It is the one route for start-up errors: `main` returning a `Result` is not
//!   supported (an `Err` from `main` would only print to stderr, and Lambda would see a crash).
//! - Locally: without `AWS_LAMBDA_RUNTIME_API`, the same binary runs the handler once on the
//!   event file named by its first argument (or stdin) and prints the result:
//!   `cargo run --example hello -- runtime/examples/events/hello.json`.
//! - Tests: [`testing`](https://docs.rs/typed-lambda/latest/typed_lambda/testing/index.html)
//!   (feature `testing`) is a faithful fake of the Runtime API; unit tests call a handler
//!   directly with a [`Context::builder`] context (any field set).
//! - Streamed responses (function URLs): [`streaming::handle_streaming`].
//! - Several invocations at once (`AWS_LAMBDA_MAX_CONCURRENCY`): [`handle_concurrent`].
//! - Work at shutdown (flush telemetry): [`shutdown::on_shutdown`].
//! - Lambda's Python runtime:
//!   [`python_module!`](https://docs.rs/typed-lambda/latest/typed_lambda/macro.python_module.html)
//!   (feature `python`).
//! - Event models: [`events`] (feature `events`, on by default).
//!
//! ## How it talks to Lambda
//!
//! The Runtime API is plain HTTP/1.1 on loopback, and every invocation is two round trips on
//! the hot path (`GET .../next`, `POST .../response`). The runtime speaks it over one kept-alive
//! TCP connection with `TCP_NODELAY`, writes each request in one buffer, and parses replies with
//! [`httparse`](https://docs.rs/httparse) (heads and chunk sizes), with no async runtime on the
//! sync path. It is as strict as a general client: ambiguous framing is refused (RFC 9112
//! §6.3), every buffer is bounded (an event body at 16 MiB, against Lambda's 6 MB payload
//! limit), and a `POST` is never sent twice once any of it went out.
//!
//! What that buys is measured by `cargo run -p typed-lambda-bench --release -- invoke cold`
//! (`bench/RESULTS.md`, scenarios 2 and 3): echo functions on this runtime, on `lambda_runtime`
//! 1.5, and a std-only loop that echoes the bytes without parsing them (the floor), invoked back
//! to back through the fake Runtime API. In the runs recorded there this runtime served
//! 1.80–2.35× `lambda_runtime`'s invocations per second, 0.75–1.10× the floor's, with a binary
//! 0.58× the size of `lambda_runtime`'s.
// docs.rs (`--cfg docsrs`, nightly): every feature-gated item says which feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

mod api;
mod context;
mod decode;
pub mod error;
#[cfg(any(feature = "http", feature = "tower"))]
mod exec;
mod handler;
#[cfg(feature = "http")]
pub mod http;
mod local;
pub mod log;
#[cfg(feature = "python")]
pub mod python;
mod runtime;
pub mod shutdown;
pub mod streaming;
#[cfg(feature = "testing")]
pub mod testing;
#[cfg(feature = "tower")]
mod tower;

#[doc(inline)]
pub use context::{ClientApplication, ClientContext, CognitoIdentity, Context, ContextBuilder};
#[doc(inline)]
pub use decode::{decode_event, MAX_RESPONSE_BYTES};
#[doc(inline)]
pub use error::Error;
pub use handler::Handler;
#[doc(inline)]
pub use runtime::{max_concurrency_from_env, Runtime, RuntimeError, RUNTIME_API_VAR, TRACE_ID_VAR};
#[cfg(feature = "tower")]
pub use tower::{serve, Invocation, ServiceRequest};

#[cfg(feature = "events")]
#[doc(inline)]
pub use typed_lambda_events as events;

/// The `tracing` crate the runtime logs with, re-exported so a function can log without adding
/// it as a dependency: `typed_lambda::tracing::info!(...)` (or `use typed_lambda::tracing;`).
/// Lines carry the request id; see [`log`].
pub use tracing;

/// `python_module!`'s check that the module has the library's name (`CARGO_CRATE_NAME` of the
/// crate that uses the macro). Outside the `python` feature so that it is tested everywhere.
#[doc(hidden)]
#[macro_export]
macro_rules! __python_module_name_is_the_library_name {
    ($module:ident) => {
        const _: () = ::core::assert!(
            $crate::__same_str(
                ::core::stringify!($module),
                ::core::env!("CARGO_CRATE_NAME")
            ),
            ::core::concat!(
                "python_module!(",
                ::core::stringify!($module),
                ", ..): Python imports this library as `",
                ::core::env!("CARGO_CRATE_NAME"),
                "` (its [lib] name), so a module named `",
                ::core::stringify!($module),
                "` would fail to import: write python_module!(",
                ::core::env!("CARGO_CRATE_NAME"),
                ", ..), or set `[lib] name = \"",
                ::core::stringify!($module),
                "\"` in Cargo.toml (and the same module-name in pyproject.toml, if it sets one)"
            )
        );
    };
}

/// `a == b` in a constant (for [`__python_module_name_is_the_library_name`]).
#[doc(hidden)]
pub const fn __same_str(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The module-name check of `python_module!`, tested as doctests (the crate under test is
/// `typed_lambda`):
///
/// ```
/// typed_lambda::__python_module_name_is_the_library_name!(typed_lambda);
/// ```
///
/// ```compile_fail
/// typed_lambda::__python_module_name_is_the_library_name!(handler);
/// ```
#[cfg(doctest)]
struct PythonModuleNameDoctests;

// Every Rust snippet of the README compiles (and the `no_run` ones link) as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

#[doc(hidden)]
pub use api::{parse_reply_for_fuzzing, parse_reply_segmented_for_fuzzing, ReplyLimits};

use serde::de::DeserializeOwned;
use serde::Serialize;

use handler::{RawHandler, SyncHandler};

/// Runs `handler` for every invocation, forever: the entry point of a Lambda function.
///
/// The handler is any `FnMut(E, &Context) -> Result<R, Err>` where `E` is the event type
/// (anything `serde` can deserialize, including `Box<RawValue>` and `serde_json::Value`), `R` the
/// response type, and `Err` anything that converts into [`Error`]; or a type implementing
/// [`Handler`] (a struct holding its clients and configuration). Annotate a closure's
/// parameters (`|name: String, ctx: &Context|`).
///
/// Installs the default [`log`] subscriber unless one is installed already. Without
/// `AWS_LAMBDA_RUNTIME_API` in the environment it runs the handler once locally (see the crate
/// docs) and exits 0 or 1. If the Runtime API becomes unreachable for good it prints why and
/// exits 1.
pub fn handle_func<F, E, R, Err>(handler: F) -> !
where
    F: Handler<E, R, Err>,
    E: DeserializeOwned,
    R: Serialize,
    Err: Into<Error>,
{
    log::init();
    serve_or_run_locally(SyncHandler::new(handler))
}

/// [`handle_func`] for functions that may run several invocations at once: with
/// `AWS_LAMBDA_MAX_CONCURRENCY` set (Lambda Managed Instances), that many worker threads poll
/// for and run invocations concurrently; otherwise one does, exactly like `handle_func`. The
/// handler is shared between workers, so it is `Fn + Sync` (use atomics or a `Mutex` for
/// state). Each invocation has its own [`Context`] and request id in the logs; with several
/// workers the trace id is only in [`Context::xray_trace_id`], not in `_X_AMZN_TRACE_ID`.
///
/// ```no_run
/// use typed_lambda::{handle_concurrent, Context, Error};
///
/// fn main() {
///     handle_concurrent(|name: String, ctx: &Context| -> Result<String, Error> {
///         Ok(format!("Hello, {name} ({})", ctx.request_id()))
///     })
/// }
/// ```
pub fn handle_concurrent<F, E, R, Err>(handler: F) -> !
where
    F: Fn(E, &Context) -> Result<R, Err> + Sync,
    E: DeserializeOwned,
    R: Serialize,
    Err: Into<Error>,
{
    log::init();
    match std::env::var(RUNTIME_API_VAR) {
        Ok(api) => exit_with(
            Runtime::new(&api)
                .and_then(|rt| rt.run_concurrent(max_concurrency_from_env(), handler)),
        ),
        Err(_) => std::process::exit(local::run(SyncHandler::new(handler))),
    }
}

/// Runs an async `handler` for every invocation, forever: [`handle_func`] for handlers that
/// await (AWS SDK calls, HTTP clients). Each invocation's future runs to completion on a tokio
/// multi-thread runtime; tasks it spawns keep running between invocations. The handler gets
/// its [`Context`] by value so the future can own it.
///
/// ```no_run
/// use typed_lambda::{handle_async, Context, Error};
///
/// fn main() {
///     handle_async(|name: String, ctx: Context| async move {
///         tokio::time::sleep(std::time::Duration::from_millis(1)).await;
///         Ok::<_, Error>(format!("Hello, {name} from {}", ctx.request_id()))
///     })
/// }
/// ```
#[cfg(feature = "tokio")]
pub fn handle_async<F, Fut, E, R, Err>(handler: F) -> !
where
    F: FnMut(E, Context) -> Fut,
    Fut: std::future::Future<Output = Result<R, Err>>,
    E: DeserializeOwned,
    R: Serialize,
    Err: Into<Error>,
{
    log::init();
    match handler::AsyncHandler::new(handler) {
        Ok(handler) => serve_or_run_locally(handler),
        Err(e) => {
            let error = Error::new(
                error::INIT_ERROR,
                format!("cannot start the tokio runtime: {e}"),
            );
            report_init_error(&error)
        }
    }
}

/// [`handle_async`] for functions that may run several invocations at once (see
/// [`handle_concurrent`]): `AWS_LAMBDA_MAX_CONCURRENCY` workers each drive one invocation's
/// future at a time on one shared tokio runtime. The handler is shared: `Fn + Sync`.
#[cfg(feature = "tokio")]
pub fn handle_async_concurrent<F, Fut, E, R, Err>(handler: F) -> !
where
    F: Fn(E, Context) -> Fut + Sync,
    Fut: std::future::Future<Output = Result<R, Err>>,
    E: DeserializeOwned,
    R: Serialize,
    Err: Into<Error>,
{
    log::init();
    match std::env::var(RUNTIME_API_VAR) {
        Ok(api) => exit_with(
            Runtime::new(&api)
                .and_then(|rt| rt.run_async_concurrent(max_concurrency_from_env(), handler)),
        ),
        Err(_) => match handler::AsyncHandler::new(handler) {
            Ok(handler) => std::process::exit(local::run(handler)),
            Err(e) => {
                let error = Error::new(
                    error::INIT_ERROR,
                    format!("cannot start the tokio runtime: {e}"),
                );
                report_init_error(&error)
            }
        },
    }
}

/// Runs start-up code that may fail, before [`handle_func`]: on `Err` (or a panic) the error is
/// reported to Lambda's `/runtime/init/error` (locally: printed as JSON on stdout) and the
/// process exits 1, so the failure shows as an init error instead of a crash. A panic is
/// reported as `Runtime.Panic` with the message `init panicked: <message>`.
///
/// This is the way to report start-up errors: there is no support for `main` returning a
/// `Result` (its `Err` would reach stderr only, and Lambda would see a crash without a reason).
/// Installs the default [`log`] subscriber first (unless one is installed), so start-up code
/// can log.
///
/// ```no_run
/// use typed_lambda::{handle_func, init, Context, Error};
///
/// fn main() {
///     let table = init(|| std::env::var("TABLE_NAME").map_err(|_| Error::new("ConfigError", "TABLE_NAME is not set")));
///     handle_func(move |key: String, _ctx: &Context| -> Result<String, Error> {
///         Ok(format!("{table}/{key}"))
///     })
/// }
/// ```
pub fn init<T, Err: Into<Error>>(f: impl FnOnce() -> Result<T, Err>) -> T {
    log::init();
    let error = match handler::catching("init", || f().map_err(Into::into)) {
        Ok(value) => return value,
        Err(error) => error,
    };
    report_init_error(&error)
}

/// Reports `error` as the function's start-up failure and exits the process with status 1.
pub fn report_init_error(error: &Error) -> ! {
    tracing::error!(
        errorType = error.error_type(),
        "init failed: {}",
        error.message()
    );
    match std::env::var(RUNTIME_API_VAR) {
        Ok(api) => {
            if let Err(e) = Runtime::new(&api).and_then(|mut rt| rt.report_init_error(error)) {
                eprintln!("typed-lambda: cannot report the init error: {e}");
            }
        }
        Err(_) => {
            println!("{}", String::from_utf8_lossy(&error.to_json()));
        }
    }
    std::process::exit(1)
}

pub(crate) fn serve_or_run_locally(handler: impl RawHandler) -> ! {
    match std::env::var(RUNTIME_API_VAR) {
        Ok(api) => exit_with(Runtime::new(&api).and_then(|rt| rt.serve(handler))),
        Err(_) => std::process::exit(local::run(handler)),
    }
}

fn exit_with(result: Result<(), RuntimeError>) -> ! {
    match result {
        Ok(()) => std::process::exit(0),
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("typed-lambda: stopping: {e}");
            std::process::exit(1)
        }
    }
}
