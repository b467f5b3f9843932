//! The invocation loop: next, decode, call, respond.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::api::{is_retryable_status, ApiError, Client, Endpoint};
use crate::context::FunctionConfig;
use crate::error::{RESPONSE_REJECTED_ERROR, RESPONSE_TOO_LARGE_ERROR};
use crate::handler::{RawHandler, Reply, Sink, SyncHandler};
use crate::{Context, Error};

/// The environment variable holding the Runtime API address.
pub const RUNTIME_API_VAR: &str = "AWS_LAMBDA_RUNTIME_API";
/// The environment variable the X-Ray trace header is exported to for each invocation.
pub const TRACE_ID_VAR: &str = "_X_AMZN_TRACE_ID";

/// A Lambda runtime bound to one Runtime API endpoint.
///
/// [`handle_func`](crate::handle_func) is what most functions need; `Runtime` is the same loop
/// with its knobs exposed, and returns instead of exiting the process, which tests and
/// embedders want.
///
/// ```no_run
/// use typed_lambda::{Context, Error, Runtime};
///
/// fn main() -> Result<(), typed_lambda::RuntimeError> {
///     Runtime::from_env()?.run(|name: String, _ctx: &Context| -> Result<String, Error> {
///         Ok(format!("Hello, {name}!"))
///     })
/// }
/// ```
pub struct Runtime {
    client: Client,
    function: Arc<FunctionConfig>,
    retry: RetryPolicy,
    max_invocations: Option<u64>,
    /// Export `_X_AMZN_TRACE_ID` per invocation: only when one invocation runs at a time.
    export_trace: bool,
}

/// How often, and how patiently, a failed exchange with the Runtime API is tried again.
#[derive(Debug, Clone, Copy)]
struct RetryPolicy {
    attempts: u32,
    first_backoff: Duration,
}

const MAX_BACKOFF: Duration = Duration::from_secs(1);

/// Why a [`Runtime`] stopped serving.
#[derive(Debug)]
pub struct RuntimeError {
    message: String,
}

impl RuntimeError {
    fn new(message: impl Into<String>) -> Self {
        RuntimeError {
            message: message.into(),
        }
    }
}

impl fmt::Display for RuntimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RuntimeError {}

impl Runtime {
    /// A runtime for the Runtime API named by `AWS_LAMBDA_RUNTIME_API`, with the function
    /// settings Lambda puts in the environment.
    pub fn from_env() -> Result<Self, RuntimeError> {
        let api = std::env::var(RUNTIME_API_VAR)
            .map_err(|_| RuntimeError::new(format!("{RUNTIME_API_VAR} is not set")))?;
        Runtime::new(&api)
    }

    /// A runtime for the Runtime API at `api`: `host:port` or `http://host:port/path-prefix`.
    pub fn new(api: &str) -> Result<Self, RuntimeError> {
        let endpoint = Endpoint::parse(api).map_err(RuntimeError::new)?;
        Ok(Runtime {
            client: Client::new(endpoint),
            function: Arc::new(FunctionConfig::from_env()),
            retry: RetryPolicy {
                attempts: 8,
                first_backoff: Duration::from_millis(10),
            },
            max_invocations: None,
            export_trace: true,
        })
    }

    /// Tries a failed exchange with the Runtime API up to `attempts` times in all, waiting
    /// `first_backoff`, then twice as long each time (at most one second). Default: 8 attempts
    /// from 10 ms, about 2.3 s in all before giving up.
    pub fn retry(mut self, attempts: u32, first_backoff: Duration) -> Self {
        self.retry = RetryPolicy {
            attempts: attempts.max(1),
            first_backoff,
        };
        self
    }

    /// Returns `Ok(())` after serving this many invocations (default: serve forever).
    pub fn max_invocations(mut self, n: u64) -> Self {
        self.max_invocations = Some(n);
        self
    }

    /// Serves invocations with a synchronous handler until the Runtime API goes away.
    pub fn run<F, E, R, Err>(self, handler: F) -> Result<(), RuntimeError>
    where
        F: crate::Handler<E, R, Err>,
        E: DeserializeOwned,
        R: Serialize,
        Err: Into<Error>,
    {
        self.serve(SyncHandler::new(handler))
    }

    /// Serves invocations with an async handler, each run to completion on a tokio
    /// multi-thread runtime, until the Runtime API goes away.
    #[cfg(feature = "tokio")]
    pub fn run_async<F, Fut, E, R, Err>(self, handler: F) -> Result<(), RuntimeError>
    where
        F: FnMut(E, Context) -> Fut,
        Fut: std::future::Future<Output = Result<R, Err>>,
        E: DeserializeOwned,
        R: Serialize,
        Err: Into<Error>,
    {
        let handler = crate::handler::AsyncHandler::new(handler)
            .map_err(|e| RuntimeError::new(format!("cannot start the tokio runtime: {e}")))?;
        self.serve(handler)
    }

    /// Serves invocations with `workers` threads, each polling the Runtime API on its own
    /// connection, so that up to `workers` invocations run at once (Lambda Managed Instances with
    /// `AWS_LAMBDA_MAX_CONCURRENCY`; see [`max_concurrency_from_env`]). The handler is shared,
    /// so it is `Fn + Sync`. With more than one worker `_X_AMZN_TRACE_ID` is not exported (one
    /// process-wide variable cannot hold several invocations' trace ids): read
    /// [`Context::xray_trace_id`] instead. Returns when every worker has stopped; the first
    /// error, if any.
    pub fn run_concurrent<F, E, R, Err>(
        self,
        workers: usize,
        handler: F,
    ) -> Result<(), RuntimeError>
    where
        F: Fn(E, &Context) -> Result<R, Err> + Sync,
        E: DeserializeOwned,
        R: Serialize,
        Err: Into<Error>,
    {
        self.serve_with_workers(workers, || SyncHandler::new(&handler))
    }

    /// [`run_concurrent`](Self::run_concurrent) for async handlers: `workers` threads each run
    /// one invocation's future at a time on one shared tokio multi-thread runtime.
    #[cfg(feature = "tokio")]
    pub fn run_async_concurrent<F, Fut, E, R, Err>(
        self,
        workers: usize,
        handler: F,
    ) -> Result<(), RuntimeError>
    where
        F: Fn(E, Context) -> Fut + Sync,
        Fut: std::future::Future<Output = Result<R, Err>>,
        E: DeserializeOwned,
        R: Serialize,
        Err: Into<Error>,
    {
        let rt = std::sync::Arc::new(
            crate::handler::build_tokio_runtime()
                .map_err(|e| RuntimeError::new(format!("cannot start the tokio runtime: {e}")))?,
        );
        self.serve_with_workers(workers, || {
            crate::handler::AsyncHandler::with_runtime(&handler, rt.clone())
        })
    }

    fn serve_with_workers<H: RawHandler>(
        self,
        workers: usize,
        make_handler: impl Fn() -> H + Sync,
    ) -> Result<(), RuntimeError> {
        if workers <= 1 {
            return self.serve(make_handler());
        }
        crate::shutdown::arm(self.client.endpoint());
        let results: Vec<Result<(), RuntimeError>> = std::thread::scope(|scope| {
            let threads: Vec<_> = (0..workers)
                .map(|i| {
                    let worker = Runtime {
                        client: Client::new(self.client.endpoint().clone()),
                        function: self.function.clone(),
                        retry: self.retry,
                        max_invocations: self.max_invocations,
                        export_trace: false,
                    };
                    let make_handler = &make_handler;
                    std::thread::Builder::new()
                        .name(format!("typed-lambda-worker-{i}"))
                        .spawn_scoped(scope, move || worker.serve_loop(make_handler()))
                        .map_err(|e| RuntimeError::new(format!("cannot start worker {i}: {e}")))
                })
                .collect();
            threads
                .into_iter()
                .map(|t| match t {
                    Ok(t) => t
                        .join()
                        .unwrap_or_else(|_| Err(RuntimeError::new("worker panicked"))),
                    Err(e) => Err(e),
                })
                .collect()
        });
        results.into_iter().collect()
    }

    /// Reports that the function could not start (`POST /runtime/init/error`).
    pub fn report_init_error(&mut self, error: &Error) -> Result<(), RuntimeError> {
        self.with_retry("/init/error", &mut |client| client.init_error(error))
            .map_err(Into::into)
    }

    pub(crate) fn serve(self, handler: impl RawHandler) -> Result<(), RuntimeError> {
        crate::shutdown::arm(self.client.endpoint());
        self.serve_loop(handler)
    }

    fn serve_loop(mut self, mut handler: impl RawHandler) -> Result<(), RuntimeError> {
        let mut served = 0u64;
        while self.max_invocations.is_none_or(|max| served < max) {
            let invocation = self.with_retry("/invocation/next", &mut Client::next)?;
            let ctx = Context::from_invocation(
                invocation.headers,
                SystemTime::now(),
                self.function.clone(),
            );
            if self.export_trace {
                export_trace_id(ctx.xray_trace_id());
            }

            let span = tracing::error_span!("invocation", requestId = ctx.request_id());
            let _entered = span.enter();
            match handler.call(&invocation.body, &ctx, Sink::Api(&mut self.client)) {
                Reply::Buffered(outcome) => self.respond(&ctx, outcome)?,
                Reply::Streamed { error, api } => {
                    if let Some(error) = error {
                        tracing::error!(errorType = error.error_type(), "{}", error.message());
                    }
                    if let Err(e) = api {
                        // A stream cannot be replayed; the invocation is reported lost.
                        tracing::error!("streaming response failed: {e}");
                    }
                }
            }
            served += 1;
        }
        Ok(())
    }

    fn respond(
        &mut self,
        ctx: &Context,
        outcome: Result<Vec<u8>, Error>,
    ) -> Result<(), RuntimeError> {
        let id = ctx.request_id();
        let error = match outcome {
            Ok(body) => match self.with_retry("/response", &mut |c| c.response(id, &body)) {
                Ok(()) => return Ok(()),
                Err(e) if e.status == Some(413) => Error::new(
                    RESPONSE_TOO_LARGE_ERROR,
                    format!(
                        "the Runtime API refused the {}-byte response as too large",
                        body.len()
                    ),
                ),
                Err(e) if e.status.is_some_and(is_retryable_status) => {
                    // A server error (5xx, 429) on every attempt: report the invocation as
                    // failed through `/error` rather than lose it without a word.
                    Error::new(
                        RESPONSE_REJECTED_ERROR,
                        format!(
                            "the Runtime API did not accept the {}-byte response: {e}",
                            body.len()
                        ),
                    )
                }
                Err(e) if e.status.is_some() => {
                    // A 4xx other than 413: Lambda takes no result for this invocation any more
                    // (e.g. it timed out, or was answered already), so `/error` would be refused
                    // too and there is nothing to retry.
                    tracing::error!("response refused, invocation {id} dropped: {e}");
                    return Ok(());
                }
                Err(e) if e.lost => {
                    // Sent, but the reply was lost: Lambda may have the response, so neither it
                    // nor an error report goes out again. The next poll tells whether the API is
                    // still there.
                    tracing::error!("response of invocation {id} unconfirmed: {e}");
                    return Ok(());
                }
                Err(e) => return Err(e.into()),
            },
            Err(error) => error,
        };
        tracing::error!(errorType = error.error_type(), "{}", error.message());
        match self.with_retry("/error", &mut |c| c.error(id, &error)) {
            Ok(()) => Ok(()),
            Err(e) if e.status.is_some() || e.lost => {
                // Refused (4xx), a server error on every attempt, or sent without a reply:
                // nothing else can carry the outcome; the next invocation is polled for as usual.
                tracing::error!("error report of invocation {id} not confirmed: {e}");
                Ok(())
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Runs one exchange, retrying transient failures with exponential backoff. `exchange` is
    /// `dyn` so that the retry and its messages exist once per result type, not once per call.
    fn with_retry<T>(
        &mut self,
        what: &str,
        exchange: &mut dyn FnMut(&mut Client) -> Result<T, ApiError>,
    ) -> Result<T, Failed> {
        let mut backoff = self.retry.first_backoff;
        let mut attempt = 1;
        loop {
            match exchange(&mut self.client) {
                Ok(value) => return Ok(value),
                Err(e) if e.is_transient() && attempt < self.retry.attempts => {
                    tracing::warn!(
                        "runtime API {what} failed ({e}); retry {attempt} of {} in {backoff:?}",
                        self.retry.attempts - 1
                    );
                    std::thread::sleep(backoff);
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                    attempt += 1;
                }
                Err(e) => {
                    let status = match &e {
                        ApiError::Status { status, .. } => Some(*status),
                        _ => None,
                    };
                    return Err(Failed {
                        status,
                        lost: e.is_lost(),
                        message: format!(
                            "Lambda Runtime API at {} failed on {what} after {attempt} attempt(s): {e}",
                            self.client.endpoint().authority
                        ),
                    });
                }
            }
        }
    }
}

/// An exchange that failed for good.
#[derive(Debug)]
struct Failed {
    /// The HTTP status, when the API answered.
    status: Option<u16>,
    /// The request can be neither repeated nor answered otherwise (a `POST` sent without a
    /// reply, an id that cannot be addressed): its invocation is lost, the loop goes on.
    lost: bool,
    message: String,
}

impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<Failed> for RuntimeError {
    fn from(failed: Failed) -> Self {
        RuntimeError::new(failed.message)
    }
}

/// `AWS_LAMBDA_MAX_CONCURRENCY`: how many invocations Lambda may send this process at once
/// (Lambda Managed Instances); 1 when unset or not a positive number.
pub fn max_concurrency_from_env() -> usize {
    std::env::var("AWS_LAMBDA_MAX_CONCURRENCY")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| *n > 0)
        .unwrap_or(1)
}

/// Exports this invocation's trace header as `_X_AMZN_TRACE_ID`, for code that reads it from
/// the environment (X-Ray SDKs, the AWS SDK's recursion detection), as Lambda's own runtimes do.
///
/// When writing the environment here is sound, and what that rests on (edition 2024 makes
/// `set_var` `unsafe`; this is the safety argument its `unsafe` block would carry):
///
/// - `set_var` and `remove_var` are unsound only against a *concurrent read or write of the
///   environment that bypasses std's lock*: `getenv`/`setenv` from C code (libc itself in
///   `getaddrinfo`, `localtime`, ...) on another thread at the same moment. Rust code reading
///   with `std::env::var` takes the same lock as the write, so it is never the problem.
/// - It is called only when one invocation runs at a time (`export_trace`: off whenever
///   [`Runtime::run_concurrent`] runs several workers), by the loop's own thread, between
///   `/next` and the handler: no handler of this runtime is running then. The runtime's own
///   other threads read no environment through C: the `SIGTERM` thread waits on a pipe, the
///   shutdown extension's thread on its socket (the address Lambda gives is an IP address,
///   which std parses without calling the resolver), and tokio's workers run only the user's
///   tasks (next point).
/// - What remains is code of the user's that outlives its invocation on another thread and
///   calls C's `getenv` at that very moment: a task an async handler spawned and left running,
///   or a thread started in `init`, doing a DNS lookup between two invocations. The runtime
///   cannot rule that out (nor can `lambda_runtime`, which writes the same variable the same
///   way). With glibc, which Lambda's OS-only runtimes use, replacing the value of a variable
///   that is set only swaps one pointer and never frees the old string, so such a reader sees
///   the old or the new value; only adding or removing the variable (the first traced
///   invocation, or one without a trace header) moves the array it walks. Code like that should
///   read [`Context::xray_trace_id`], which involves no process-wide state.
fn export_trace_id(trace_id: Option<&str>) {
    match trace_id {
        Some(id) => std::env::set_var(TRACE_ID_VAR, id),
        None => std::env::remove_var(TRACE_ID_VAR),
    }
}
