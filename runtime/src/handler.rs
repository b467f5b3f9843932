//! Adapters from user handlers to one shape the loop calls: bytes in, bytes or error out.

use std::any::Any;
use std::marker::PhantomData;
use std::panic::{catch_unwind, AssertUnwindSafe};

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::decode::{decode_event, encode_response};
use crate::error::PANIC_ERROR;
use crate::{Context, Error};

/// One invocation, from event bytes to a reply. Implemented by the adapters below and by the
/// streaming adapter (`streaming.rs`), which writes its response into `sink` itself.
pub(crate) trait RawHandler {
    fn call(&mut self, event: &[u8], ctx: &Context, sink: Sink<'_>) -> Reply;
}

/// Where a streaming handler's bytes go: the Runtime API, or stdout in a local run.
pub(crate) enum Sink<'a> {
    /// `POST /invocation/{id}/response` in streaming mode on this client.
    Api(&'a mut crate::api::Client),
    /// A local writer (stdout).
    Local(&'a mut dyn std::io::Write),
}

/// What an invocation produced.
pub(crate) enum Reply {
    /// A whole response body to send, or an error to report on `/error`.
    Buffered(Result<Vec<u8>, Error>),
    /// The response went out as a stream. `error` is a handler failure that happened after the
    /// stream started (already sent as trailers); `api` is how the exchange itself went.
    Streamed {
        error: Option<Error>,
        api: Result<(), crate::api::ApiError>,
    },
}

/// A Lambda function's handler as a type: what [`handle_func`](crate::handle_func) and
/// [`Runtime::run`](crate::Runtime::run) run for each invocation.
///
/// Like Go's `http.Handler` beside `http.HandleFunc`: a closure or function is a handler through
/// the blanket impl over `FnMut(E, &Context) -> Result<R, Err>`, which is all most functions
/// need; implement the trait on a struct when the handler owns things set up once and used on
/// every invocation (SDK clients, configuration, caches), to name them as fields and give them
/// methods and tests of their own instead of capturing them in a closure. `Err` defaults to
/// [`Error`].
///
/// ```no_run
/// use std::collections::HashMap;
/// use typed_lambda::{handle_func, init, Context, Error, Handler};
///
/// struct Prices {
///     currency: String,
///     table: HashMap<String, u64>,
///     served: u64,
/// }
///
/// impl Handler<String, String> for Prices {
///     fn handle(&mut self, item: String, _ctx: &Context) -> Result<String, Error> {
///         self.served += 1;
///         let cents = self.table.get(&item).ok_or_else(|| Error::new("NotFound", format!("no price for {item}")))?;
///         Ok(format!("{item}: {cents} {} (request {} of this instance)", self.currency, self.served))
///     }
/// }
///
/// fn main() {
///     let currency = init(|| std::env::var("CURRENCY").map_err(|_| Error::new("ConfigError", "CURRENCY is not set")));
///     let table = HashMap::from([("apple".to_owned(), 40)]);
///     handle_func(Prices { currency, table, served: 0 })
/// }
/// ```
pub trait Handler<E, R, Err = Error> {
    /// Handles one invocation's event.
    fn handle(&mut self, event: E, ctx: &Context) -> Result<R, Err>;
}

impl<F, E, R, Err> Handler<E, R, Err> for F
where
    F: FnMut(E, &Context) -> Result<R, Err>,
{
    fn handle(&mut self, event: E, ctx: &Context) -> Result<R, Err> {
        self(event, ctx)
    }
}

/// A synchronous [`Handler`] (a closure or a type).
pub(crate) struct SyncHandler<F, E, R, Err> {
    f: F,
    types: PhantomData<fn(E) -> (R, Err)>,
}

impl<F, E, R, Err> SyncHandler<F, E, R, Err> {
    pub(crate) fn new(f: F) -> Self {
        SyncHandler {
            f,
            types: PhantomData,
        }
    }
}

impl<F, E, R, Err> RawHandler for SyncHandler<F, E, R, Err>
where
    F: Handler<E, R, Err>,
    E: DeserializeOwned,
    R: Serialize,
    Err: Into<Error>,
{
    fn call(&mut self, event: &[u8], ctx: &Context, _sink: Sink<'_>) -> Reply {
        Reply::Buffered(self.call_buffered(event, ctx))
    }
}

impl<F, E, R, Err> SyncHandler<F, E, R, Err>
where
    F: Handler<E, R, Err>,
    E: DeserializeOwned,
    R: Serialize,
    Err: Into<Error>,
{
    fn call_buffered(&mut self, event: &[u8], ctx: &Context) -> Result<Vec<u8>, Error> {
        // A panicking handler may leave its captured state half-updated; like Lambda's other
        // runtimes we report the invocation as failed and keep serving with that state. The
        // user's `Deserialize` and `Serialize` impls are user code too, and may panic as well.
        let event: E = catching(DECODE_STEP, || decode_event(event))?;
        let response = catching(HANDLER_STEP, || {
            self.f.handle(event, ctx).map_err(Into::into)
        })?;
        catching(ENCODE_STEP, || encode_response(&response))
    }
}

/// An async handler run to completion on a tokio multi-thread runtime owned by the adapter.
#[cfg(feature = "tokio")]
pub(crate) struct AsyncHandler<F, E, Fut> {
    f: F,
    rt: std::sync::Arc<tokio::runtime::Runtime>,
    types: PhantomData<fn(E) -> Fut>,
}

#[cfg(feature = "tokio")]
impl<F, E, Fut> AsyncHandler<F, E, Fut> {
    pub(crate) fn new(f: F) -> std::io::Result<Self> {
        Ok(Self::with_runtime(
            f,
            std::sync::Arc::new(build_tokio_runtime()?),
        ))
    }

    pub(crate) fn with_runtime(f: F, rt: std::sync::Arc<tokio::runtime::Runtime>) -> Self {
        AsyncHandler {
            f,
            rt,
            types: PhantomData,
        }
    }
}

#[cfg(feature = "tokio")]
impl<F, E, Fut, R, Err> RawHandler for AsyncHandler<F, E, Fut>
where
    F: FnMut(E, Context) -> Fut,
    Fut: std::future::Future<Output = Result<R, Err>>,
    E: DeserializeOwned,
    R: Serialize,
    Err: Into<Error>,
{
    fn call(&mut self, event: &[u8], ctx: &Context, _sink: Sink<'_>) -> Reply {
        Reply::Buffered(self.call_buffered(event, ctx))
    }
}

#[cfg(feature = "tokio")]
impl<F, E, Fut, R, Err> AsyncHandler<F, E, Fut>
where
    F: FnMut(E, Context) -> Fut,
    Fut: std::future::Future<Output = Result<R, Err>>,
    E: DeserializeOwned,
    R: Serialize,
    Err: Into<Error>,
{
    fn call_buffered(&mut self, event: &[u8], ctx: &Context) -> Result<Vec<u8>, Error> {
        let event: E = catching(DECODE_STEP, || decode_event(event))?;
        let (f, rt) = (&mut self.f, &self.rt);
        // The handler's future is polled on this thread by `block_on`, so a panic in it
        // unwinds to here like a panic in a sync handler.
        let response = catching(HANDLER_STEP, || {
            rt.block_on(f(event, ctx.clone())).map_err(Into::into)
        })?;
        catching(ENCODE_STEP, || encode_response(&response))
    }
}

/// The tokio runtime async handlers run on. Tasks a handler spawns keep running on its worker
/// threads between invocations.
#[cfg(feature = "tokio")]
pub(crate) fn build_tokio_runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("typed-lambda-tokio")
        .build()
}

/// The steps of an invocation, as `Runtime.Panic` messages name them.
pub(crate) const DECODE_STEP: &str = "decoding the event";
pub(crate) const HANDLER_STEP: &str = "handler";
pub(crate) const ENCODE_STEP: &str = "encoding the result";

/// Runs one step of an invocation with panics caught: a panic becomes this invocation's
/// `Runtime.Panic` error naming the step (`decoding the event panicked: ...`).
pub(crate) fn catching<T>(step: &str, f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| Err(panic_error(step, payload)))
}

/// `Runtime.Panic` for a panic in `step`, with the panic's message.
pub(crate) fn panic_error(step: &str, payload: Box<dyn Any + Send>) -> Error {
    Error::new(PANIC_ERROR, format!("{step} {}", panic_message(payload)))
}

/// `panicked: <message>` from a caught panic's payload.
fn panic_message(payload: Box<dyn Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        format!("panicked: {s}")
    } else if let Some(s) = payload.downcast_ref::<String>() {
        format!("panicked: {s}")
    } else {
        "panicked with a non-string payload".to_owned()
    }
}
