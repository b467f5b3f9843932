//! The fake's server (hyper on a private tokio runtime) and its synchronous control surface.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde::de::DeserializeOwned;
use serde::Serialize;
use tokio::sync::{mpsc, oneshot, watch};

use crate::{Context, Error, Runtime, RuntimeError};

const API_PREFIX: &str = "/2018-06-01/runtime/";
const INVOKE_PREFIX: &str = "/2015-03-31/functions/";
const EXTENSION_PREFIX: &str = "/2020-01-01/extension/";
/// The ARN the fake reports for the function.
const FUNCTION_ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function:typed-lambda-test";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// How long dropping the fake waits for its runtime clients to hang up and for the runtimes it
/// spawned to end.
const CLOSE_GRACE: Duration = Duration::from_secs(5);

/// One invocation to enqueue: the event body plus the per-invocation headers Lambda sends.
#[derive(Debug, Clone)]
pub struct Invoke {
    body: Vec<u8>,
    timeout: Duration,
    headers: Vec<(String, String)>,
    trace_id: Option<String>,
    /// Header names (lower-case) left out of the `/next` reply.
    removed: Vec<String>,
}

impl Invoke {
    /// An invocation of `body` with a 30 s deadline and a generated trace id.
    pub fn new(body: impl Into<Vec<u8>>) -> Self {
        Invoke {
            body: body.into(),
            timeout: DEFAULT_TIMEOUT,
            headers: Vec::new(),
            trace_id: None,
            removed: Vec::new(),
        }
    }

    /// Sets the deadline to `timeout` after the event is handed out.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sends `Lambda-Runtime-Client-Context` with this (JSON) value.
    pub fn client_context(self, json: &str) -> Self {
        self.header("Lambda-Runtime-Client-Context", json)
    }

    /// Sends `Lambda-Runtime-Cognito-Identity` with this (JSON) value.
    pub fn cognito_identity(self, json: &str) -> Self {
        self.header("Lambda-Runtime-Cognito-Identity", json)
    }

    /// Uses this X-Ray trace header instead of a generated one.
    pub fn trace_id(mut self, trace_id: &str) -> Self {
        self.trace_id = Some(trace_id.to_owned());
        self
    }

    /// Adds (or overrides, e.g. `Lambda-Runtime-Deadline-Ms`) a header of the `/next` reply.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Leaves header `name` (case-insensitive) out of the `/next` reply, whether the fake sends
    /// it by default (`Lambda-Runtime-Deadline-Ms`, `Lambda-Runtime-Invoked-Function-Arn`,
    /// `Lambda-Runtime-Trace-Id`, `Content-Type`) or [`header`](Self::header) added it, to see
    /// how a runtime copes when Lambda or an emulator does not send it. Removing
    /// `Lambda-Runtime-Aws-Request-Id` leaves the runtime no way to answer: the invocation then
    /// times out.
    ///
    /// ```
    /// use typed_lambda::testing::{FakeRuntimeApi, Invoke};
    /// use typed_lambda::{Context, Error};
    ///
    /// let fake = FakeRuntimeApi::start();
    /// let _function = fake.spawn(|_: serde_json::Value, ctx: &Context| -> Result<String, Error> {
    ///     Ok(ctx.invoked_function_arn().to_owned())
    /// });
    /// let out = fake.invoke_with(Invoke::new("{}").without_header("Lambda-Runtime-Invoked-Function-Arn"));
    /// assert_eq!(out.json(), "");
    /// ```
    pub fn without_header(mut self, name: &str) -> Self {
        self.removed.push(name.to_ascii_lowercase());
        self
    }
}

/// How an invocation ended, as the fake received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `POST /invocation/{id}/response` with this body.
    Response(Vec<u8>),
    /// `POST /invocation/{id}/error` with this `Lambda-Runtime-Function-Error-Type` header
    /// and body.
    Error {
        /// The `Lambda-Runtime-Function-Error-Type` header, if sent.
        error_type_header: Option<String>,
        /// The error JSON.
        body: Vec<u8>,
    },
    /// A streamed `POST /invocation/{id}/response` (`Lambda-Runtime-Function-Response-Mode:
    /// streaming`), body de-chunked, with the error trailers if the handler failed mid-stream.
    Streamed {
        /// The `Content-Type` of the stream.
        content_type: Option<String>,
        /// Every byte streamed, in order.
        body: Vec<u8>,
        /// The `Lambda-Runtime-Function-Error-Type` trailer.
        error_type: Option<String>,
        /// The `Lambda-Runtime-Function-Error-Body` trailer, base64-decoded.
        error_body: Option<Vec<u8>>,
    },
    /// Nothing arrived in time.
    TimedOut,
}

impl Outcome {
    /// The body as JSON (response or error); `Null` when timed out or not JSON.
    pub fn json(&self) -> serde_json::Value {
        match self {
            Outcome::Response(body)
            | Outcome::Error { body, .. }
            | Outcome::Streamed { body, .. } => {
                serde_json::from_slice(body).unwrap_or(serde_json::Value::Null)
            }
            Outcome::TimedOut => serde_json::Value::Null,
        }
    }

    /// The function's response decoded as `T`, for assertions in tests. Panics with what
    /// happened otherwise: the function's `errorType` and `errorMessage` when it failed (so a
    /// test shows the handler's real error, not a `Null` field), a timeout, or a response that
    /// does not decode as `T`.
    ///
    /// ```
    /// use typed_lambda::testing::FakeRuntimeApi;
    /// use typed_lambda::{Context, Error};
    ///
    /// let fake = FakeRuntimeApi::start();
    /// let _function = fake.spawn(|n: u32, _ctx: &Context| -> Result<u32, Error> {
    ///     if n == 0 {
    ///         return Err(Error::new("ZeroError", "n must not be 0"));
    ///     }
    ///     Ok(n * 2)
    /// });
    /// assert_eq!(fake.invoke("21").response::<u32>(), 42);
    /// let outcome = fake.invoke("0");
    /// let failed = std::panic::catch_unwind(|| outcome.response::<u32>());
    /// let message = *failed.unwrap_err().downcast::<String>().unwrap();
    /// assert_eq!(message, "the function failed: ZeroError: n must not be 0");
    /// ```
    #[track_caller]
    pub fn response<T: serde::de::DeserializeOwned>(&self) -> T {
        let body = match self {
            Outcome::Response(body) => body,
            Outcome::Streamed {
                body,
                error_type: None,
                ..
            } => body,
            Outcome::Streamed {
                error_type: Some(error_type),
                error_body,
                ..
            } => panic!(
                "the function failed mid-stream: {error_type}: {}",
                String::from_utf8_lossy(error_body.as_deref().unwrap_or_default())
            ),
            Outcome::Error {
                error_type_header,
                body,
            } => match self.error() {
                Some((error_type, message)) => {
                    panic!("the function failed: {error_type}: {message}")
                }
                None => panic!(
                    "the function failed: {}: {}",
                    error_type_header.as_deref().unwrap_or("(no errorType)"),
                    String::from_utf8_lossy(body)
                ),
            },
            Outcome::TimedOut => panic!("the function sent no response in time"),
        };
        match serde_json::from_slice(body) {
            Ok(value) => value,
            Err(e) => panic!(
                "the response is not a {}: {e}; it was: {}",
                std::any::type_name::<T>(),
                String::from_utf8_lossy(body)
            ),
        }
    }

    /// `(errorType, errorMessage)` of an error outcome.
    pub fn error(&self) -> Option<(String, String)> {
        let Outcome::Error { body, .. } = self else {
            return None;
        };
        let e: Error = serde_json::from_slice(body).ok()?;
        Some((e.error_type().to_owned(), e.message().to_owned()))
    }
}

/// A fault to inject into the next matching request (each fault is used once, in order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// `/invocation/next` answers with this status instead of an event.
    NextStatus(u16),
    /// `/invocation/next` closes the connection without answering.
    NextDrop,
    /// `/invocation/next` sends the head and half the event, then drops the connection (the
    /// invocation is lost, as when a connection resets mid-body).
    NextResetMidBody,
    /// `/invocation/{id}/response` answers with this status (the response is not recorded).
    ResponseStatus(u16),
    /// `/invocation/{id}/response` takes the response (the invocation ends with it, as on
    /// Lambda) and then closes the connection without answering, as when a connection breaks
    /// after the body arrived. A runtime must not send that response again: Lambda would
    /// refuse the second one, or count it twice.
    ResponseDropAfterBody,
    /// `/invocation/{id}/error` answers with this status (the error is not recorded).
    ErrorStatus(u16),
}

/// A request the fake received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// HTTP method.
    pub method: String,
    /// Path as sent, including any prefix.
    pub path: String,
    /// Headers (names lower-case).
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
    /// Trailers of a chunked body (names lower-case).
    pub trailers: Vec<(String, String)>,
}

impl RecordedRequest {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

struct Queued {
    request_id: String,
    invoke: Invoke,
}

struct Shared {
    queue_tx: mpsc::UnboundedSender<Queued>,
    queue_rx: tokio::sync::Mutex<mpsc::UnboundedReceiver<Queued>>,
    pending: Mutex<HashMap<String, oneshot::Sender<Outcome>>>,
    faults: Mutex<VecDeque<Fault>>,
    requests: Mutex<Vec<RecordedRequest>>,
    /// Bytes of streaming responses received so far, by request id.
    streams: Mutex<HashMap<String, Vec<u8>>>,
    counter: AtomicU64,
    /// Set when the fake is dropped: every Runtime API request is then answered with 410.
    closing: watch::Sender<bool>,
    /// Open connections that have spoken the Runtime or Extensions API.
    runtime_connections: AtomicUsize,
    /// TCP connections accepted so far.
    accepted: AtomicUsize,
    /// Runtimes started by [`FakeRuntimeApi::spawn`] whose threads have not ended yet.
    spawned_runtimes: AtomicUsize,
}

/// Held by a thread of [`FakeRuntimeApi::spawn`]; counts it in `spawned_runtimes` while it lives.
struct SpawnedRuntime(Arc<Shared>);

impl SpawnedRuntime {
    fn new(shared: &Arc<Shared>) -> Self {
        shared.spawned_runtimes.fetch_add(1, Ordering::AcqRel);
        SpawnedRuntime(shared.clone())
    }
}

impl Drop for SpawnedRuntime {
    fn drop(&mut self) {
        self.0.spawned_runtimes.fetch_sub(1, Ordering::AcqRel);
    }
}

/// One accepted connection; counted in `runtime_connections` once it speaks the Runtime API.
struct Connection {
    shared: Arc<Shared>,
    counted: AtomicBool,
}

impl Connection {
    fn count(&self) {
        if !self.counted.swap(true, Ordering::Relaxed) {
            self.shared
                .runtime_connections
                .fetch_add(1, Ordering::AcqRel);
        }
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        if *self.counted.get_mut() {
            self.shared
                .runtime_connections
                .fetch_sub(1, Ordering::AcqRel);
        }
    }
}

/// A Lambda Runtime API on `127.0.0.1` with an ephemeral port, plus the invoke side.
///
/// Dropping it stops the server. First every Runtime API request (a waiting `/next` included)
/// is answered with `410 Gone`, which a runtime takes as final and stops on, and the drop waits
/// (up to 5 s) for those runtimes to hang up, and for the threads of [`spawn`](Self::spawn) to
/// end; only then is the port released. So a runtime left over from one test can never poll a
/// later fake that happens to get the same port (a runtime between two connections, or retrying
/// one, is not connected, but its thread still runs).
pub struct FakeRuntimeApi {
    addr: SocketAddr,
    shared: Arc<Shared>,
    rt: Option<tokio::runtime::Runtime>,
}

impl fmt::Debug for FakeRuntimeApi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeRuntimeApi")
            .field("addr", &self.addr)
            .finish()
    }
}

/// An enqueued invocation whose outcome has not been collected yet.
#[derive(Debug)]
pub struct Pending {
    /// The request id the fake assigned.
    pub request_id: String,
    rx: oneshot::Receiver<Outcome>,
}

impl FakeRuntimeApi {
    /// Starts the fake on a free loopback port.
    pub fn start() -> Self {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("fake-runtime-api")
            .enable_all()
            .build()
            .expect("start the fake's tokio runtime");
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("bind the fake Runtime API on 127.0.0.1");
        let addr = listener.local_addr().expect("fake's local address");
        let (queue_tx, queue_rx) = mpsc::unbounded_channel();
        let shared = Arc::new(Shared {
            queue_tx,
            queue_rx: tokio::sync::Mutex::new(queue_rx),
            pending: Mutex::new(HashMap::new()),
            faults: Mutex::new(VecDeque::new()),
            requests: Mutex::new(Vec::new()),
            streams: Mutex::new(HashMap::new()),
            counter: AtomicU64::new(0),
            closing: watch::Sender::new(false),
            runtime_connections: AtomicUsize::new(0),
            accepted: AtomicUsize::new(0),
            spawned_runtimes: AtomicUsize::new(0),
        });
        rt.spawn(accept_loop(listener, shared.clone()));
        FakeRuntimeApi {
            addr,
            shared,
            rt: Some(rt),
        }
    }

    /// `127.0.0.1:PORT`: the value for `AWS_LAMBDA_RUNTIME_API`, as real Lambda sets it.
    pub fn endpoint(&self) -> String {
        self.addr.to_string()
    }

    /// The socket address the fake listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Queues an invocation; a runtime polling `/next` receives it.
    pub fn enqueue(&self, invoke: Invoke) -> Pending {
        let (request_id, rx) = self.shared.enqueue(invoke);
        Pending { request_id, rx }
    }

    /// Waits up to `timeout` for the outcome of `pending`.
    pub fn wait(&self, pending: Pending, timeout: Duration) -> Outcome {
        self.runtime()
            .block_on(async { tokio::time::timeout(timeout, pending.rx).await })
            .ok()
            .and_then(Result::ok)
            .unwrap_or(Outcome::TimedOut)
    }

    /// Invokes with `body` and waits (up to 30 s) for the outcome.
    pub fn invoke(&self, body: impl Into<Vec<u8>>) -> Outcome {
        self.invoke_with(Invoke::new(body))
    }

    /// Invokes with `invoke` and waits (up to 30 s) for the outcome.
    pub fn invoke_with(&self, invoke: Invoke) -> Outcome {
        let pending = self.enqueue(invoke);
        self.wait(pending, DEFAULT_TIMEOUT)
    }

    /// Injects a fault into the next matching request.
    pub fn inject(&self, fault: Fault) {
        self.shared.faults.lock().unwrap().push_back(fault);
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.requests.lock().unwrap().clone()
    }

    /// The bytes of the streaming response of `request_id` received so far (the stream may
    /// still be open).
    pub fn streamed_so_far(&self, request_id: &str) -> Vec<u8> {
        self.shared
            .streams
            .lock()
            .unwrap()
            .get(request_id)
            .cloned()
            .unwrap_or_default()
    }

    /// How many TCP connections the fake has accepted so far. A runtime that keeps its
    /// connection alive makes one, however many invocations it serves.
    pub fn connections(&self) -> usize {
        self.shared.accepted.load(Ordering::Acquire)
    }

    /// The `/init/error` reports received so far.
    pub fn init_errors(&self) -> Vec<RecordedRequest> {
        self.requests()
            .into_iter()
            .filter(|r| r.path.ends_with("/runtime/init/error"))
            .collect()
    }

    /// Runs `handler` through [`Runtime::run`] against this fake on a new thread, with a short
    /// retry policy so that the thread ends soon after the fake is dropped.
    pub fn spawn<F, E, R, Err>(&self, handler: F) -> JoinHandle<Result<(), RuntimeError>>
    where
        F: FnMut(E, &Context) -> Result<R, Err> + Send + 'static,
        E: DeserializeOwned,
        R: Serialize,
        Err: Into<Error>,
    {
        let runtime = self.runtime_client();
        let alive = SpawnedRuntime::new(&self.shared);
        std::thread::spawn(move || {
            let _alive = alive;
            runtime?.run(handler)
        })
    }

    /// A [`Runtime`] pointed at this fake, with a short retry policy (3 attempts from 5 ms).
    pub fn runtime_client(&self) -> Result<Runtime, RuntimeError> {
        Ok(Runtime::new(&self.endpoint())?.retry(3, Duration::from_millis(5)))
    }

    fn runtime(&self) -> &tokio::runtime::Runtime {
        self.rt.as_ref().expect("runtime lives until drop")
    }
}

impl Drop for FakeRuntimeApi {
    fn drop(&mut self) {
        self.shared.closing.send_replace(true);
        let start = Instant::now();
        while (self.shared.runtime_connections.load(Ordering::Acquire) > 0
            || self.shared.spawned_runtimes.load(Ordering::Acquire) > 0)
            && start.elapsed() < CLOSE_GRACE
        {
            std::thread::sleep(Duration::from_millis(2));
        }
        if let Some(rt) = self.rt.take() {
            // Drops every task, closing the listener and all connections.
            rt.shutdown_background();
        }
    }
}

impl Shared {
    fn enqueue(&self, invoke: Invoke) -> (String, oneshot::Receiver<Outcome>) {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let request_id = request_id(n);
        let (tx, rx) = oneshot::channel();
        self.pending.lock().unwrap().insert(request_id.clone(), tx);
        let _ = self.queue_tx.send(Queued {
            request_id: request_id.clone(),
            invoke,
        });
        (request_id, rx)
    }

    fn take_fault(&self, matches: impl Fn(&Fault) -> bool) -> Option<Fault> {
        let mut faults = self.faults.lock().unwrap();
        let index = faults.iter().position(matches)?;
        faults.remove(index)
    }

    fn finish(&self, request_id: &str, outcome: Outcome) -> bool {
        match self.pending.lock().unwrap().remove(request_id) {
            Some(tx) => {
                let _ = tx.send(outcome);
                true
            }
            None => false,
        }
    }
}

/// A UUID-shaped request id, unique per fake.
fn request_id(n: u64) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos() as u64;
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        (nanos >> 32) as u32,
        (nanos >> 16) as u16,
        (nanos & 0xfff) as u16,
        (n >> 48) as u16 & 0xfff,
        n & 0xffff_ffff_ffff
    )
}

fn trace_id(n: u64) -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    format!(
        "Root=1-{secs:08x}-{n:024x};Parent={:016x};Sampled=1",
        n ^ 0x5eed
    )
}

async fn accept_loop(listener: tokio::net::TcpListener, shared: Arc<Shared>) {
    loop {
        let Ok(stream) = accept(&listener).await else {
            continue;
        };
        shared.accepted.fetch_add(1, Ordering::AcqRel);
        tokio::spawn(serve_connection(stream, shared.clone()));
    }
}

/// Accepts one connection, with `TCP_NODELAY` set: a reply is sent at once, not held back by
/// Nagle's algorithm until the peer's delayed ACK (a 40 ms stall).
async fn accept(listener: &tokio::net::TcpListener) -> std::io::Result<tokio::net::TcpStream> {
    let (stream, _) = listener.accept().await?;
    // Best effort: a socket that refuses the option still serves, only slower.
    let _ = stream.set_nodelay(true);
    Ok(stream)
}

/// Serves HTTP/1.1 requests on `io` until the peer hangs up.
async fn serve_connection<I>(io: I, shared: Arc<Shared>)
where
    I: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let connection = Arc::new(Connection {
        shared,
        counted: AtomicBool::new(false),
    });
    let service = service_fn(move |req| serve(connection.clone(), req));
    // `writev(false)`: each reply (head and body) is copied into one buffer and leaves in one
    // write (one segment on loopback).
    let _ = http1::Builder::new()
        .writev(false)
        .serve_connection(TokioIo::new(io), service)
        .await;
}

/// Returned by the service to make hyper drop the connection without a reply.
#[derive(Debug)]
struct DropConnection;

impl fmt::Display for DropConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("fault injected: connection dropped")
    }
}

impl std::error::Error for DropConnection {}

type Reply = Result<Response<FakeBody>, DropConnection>;

/// A reply body: whole, or cut off after its first bytes (the connection then drops mid-body).
enum FakeBody {
    Full(Full<Bytes>),
    Truncated(Option<Bytes>),
}

impl hyper::body::Body for FakeBody {
    type Data = Bytes;
    type Error = DropConnection;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Bytes>, DropConnection>>> {
        match self.get_mut() {
            FakeBody::Full(full) => std::pin::Pin::new(full)
                .poll_frame(cx)
                .map(|f| f.map(|r| r.map_err(|never| match never {}))),
            FakeBody::Truncated(first) => std::task::Poll::Ready(Some(match first.take() {
                Some(bytes) => Ok(hyper::body::Frame::data(bytes)),
                None => Err(DropConnection),
            })),
        }
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        match self {
            FakeBody::Full(full) => full.size_hint(),
            FakeBody::Truncated(_) => hyper::body::SizeHint::default(),
        }
    }
}

fn reply(status: u16, body: impl Into<Bytes>) -> Reply {
    let mut response = Response::new(FakeBody::Full(Full::new(body.into())));
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    Ok(response)
}

/// The answer to every Runtime API request once the fake is being dropped.
fn gone() -> Reply {
    reply(
        410,
        r#"{"errorType":"FakeClosed","errorMessage":"the fake Runtime API was dropped"}"#,
    )
}

/// Resolves when the fake starts closing.
async fn closed(shared: &Shared) {
    let mut closing = shared.closing.subscribe();
    // `wait_for` fails only if the sender is gone, which `shared` outlives.
    let _ = closing.wait_for(|closing| *closing).await;
}

fn status_reply(status: u16) -> Reply {
    reply(
        status,
        format!(r#"{{"errorMessage":"fault injected","errorType":"Status{status}"}}"#),
    )
}

async fn serve(connection: Arc<Connection>, req: Request<Incoming>) -> Reply {
    let shared = connection.shared.clone();
    let method = req.method().as_str().to_owned();
    let path = req.uri().path().to_owned();
    let headers: Vec<(String, String)> = req
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let streaming = headers.iter().any(|(n, v)| {
        n == "lambda-runtime-function-response-mode" && v.eq_ignore_ascii_case("streaming")
    });
    let stream_id = streaming
        .then(|| path.rsplit('/').nth(1).map(str::to_owned))
        .flatten();
    let mut body_in = req.into_body();
    let mut body = Vec::new();
    let mut trailers = Vec::new();
    while let Some(frame) = body_in.frame().await {
        let Ok(frame) = frame else {
            return Err(DropConnection);
        };
        match frame.into_data() {
            Ok(data) => {
                body.extend_from_slice(&data);
                if let Some(id) = &stream_id {
                    let mut streams = shared.streams.lock().unwrap();
                    streams
                        .entry(id.clone())
                        .or_default()
                        .extend_from_slice(&data);
                }
            }
            Err(frame) => {
                if let Ok(map) = frame.into_trailers() {
                    trailers.extend(map.iter().map(|(n, v)| {
                        (
                            n.as_str().to_owned(),
                            String::from_utf8_lossy(v.as_bytes()).into_owned(),
                        )
                    }));
                }
            }
        }
    }
    let recorded = RecordedRequest {
        method,
        path,
        headers,
        body,
        trailers,
    };
    shared.requests.lock().unwrap().push(recorded.clone());
    if recorded.path.contains(API_PREFIX) || recorded.path.contains(EXTENSION_PREFIX) {
        connection.count();
        if *shared.closing.borrow() {
            return gone();
        }
    }

    if let Some(i) = recorded.path.find(EXTENSION_PREFIX) {
        return extension(
            &shared,
            &recorded,
            &recorded.path[i + EXTENSION_PREFIX.len()..],
        )
        .await;
    }
    if let Some(i) = recorded.path.find(INVOKE_PREFIX) {
        if recorded.method == "POST" && recorded.path[i..].ends_with("/invocations") {
            return invoke_over_http(&shared, recorded.body).await;
        }
    }
    let Some(route) = recorded
        .path
        .find(API_PREFIX)
        .map(|i| &recorded.path[i + API_PREFIX.len()..])
    else {
        return reply(
            404,
            r#"{"errorType":"NotFound","errorMessage":"unknown path"}"#,
        );
    };
    match (recorded.method.as_str(), route) {
        ("GET", "invocation/next") => next(&shared).await,
        ("POST", "init/error") => reply(202, r#"{"status":"OK"}"#),
        ("POST", route) => {
            let Some((request_id, kind)) = route
                .strip_prefix("invocation/")
                .and_then(|rest| rest.split_once('/'))
            else {
                return reply(
                    404,
                    r#"{"errorType":"NotFound","errorMessage":"unknown path"}"#,
                );
            };
            let outcome = match kind {
                "response" => {
                    if let Some(Fault::ResponseStatus(s)) =
                        shared.take_fault(|f| matches!(f, Fault::ResponseStatus(_)))
                    {
                        return status_reply(s);
                    }
                    if streaming {
                        let trailer = |name: &str| {
                            recorded
                                .trailers
                                .iter()
                                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                                .map(|(_, v)| v.clone())
                        };
                        Outcome::Streamed {
                            content_type: recorded.header("content-type").map(str::to_owned),
                            body: recorded.body.clone(),
                            error_type: trailer("lambda-runtime-function-error-type"),
                            error_body: trailer("lambda-runtime-function-error-body").map(|b| {
                                use base64::Engine as _;
                                base64::engine::general_purpose::STANDARD
                                    .decode(b.trim())
                                    .unwrap_or_else(|_| b.into_bytes())
                            }),
                        }
                    } else {
                        Outcome::Response(recorded.body.clone())
                    }
                }
                "error" => {
                    if let Some(Fault::ErrorStatus(s)) =
                        shared.take_fault(|f| matches!(f, Fault::ErrorStatus(_)))
                    {
                        return status_reply(s);
                    }
                    Outcome::Error {
                        error_type_header: recorded
                            .header("lambda-runtime-function-error-type")
                            .map(str::to_owned),
                        body: recorded.body.clone(),
                    }
                }
                _ => {
                    return reply(
                        404,
                        r#"{"errorType":"NotFound","errorMessage":"unknown path"}"#,
                    )
                }
            };
            if shared.finish(request_id, outcome) {
                if kind == "response"
                    && shared
                        .take_fault(|f| matches!(f, Fault::ResponseDropAfterBody))
                        .is_some()
                {
                    return Err(DropConnection);
                }
                reply(202, r#"{"status":"OK"}"#)
            } else {
                // What Lambda answers for an unknown or already-finished request id.
                reply(
                    400,
                    r#"{"errorType":"InvalidRequestID","errorMessage":"Invalid request ID"}"#,
                )
            }
        }
        _ => reply(
            405,
            r#"{"errorType":"MethodNotAllowed","errorMessage":"method not allowed"}"#,
        ),
    }
}

/// The Extensions API, as far as an internal extension subscribed to no events needs it:
/// `register` answers with an identifier, `event/next` never answers (no events come).
async fn extension(shared: &Shared, recorded: &RecordedRequest, route: &str) -> Reply {
    match (recorded.method.as_str(), route) {
        ("POST", "register") => {
            if recorded.header("lambda-extension-name").is_none() {
                return reply(
                    400,
                    r#"{"errorType":"InvalidRequest","errorMessage":"missing Lambda-Extension-Name"}"#,
                );
            }
            let n = shared.counter.fetch_add(1, Ordering::Relaxed);
            let mut response = reply(
                200,
                r#"{"functionName":"typed-lambda-test","functionVersion":"$LATEST","handler":"bootstrap"}"#,
            )?;
            if let Ok(id) = hyper::header::HeaderValue::from_str(&request_id(n)) {
                response
                    .headers_mut()
                    .insert("lambda-extension-identifier", id);
            }
            Ok(response)
        }
        ("GET", "event/next") => {
            if recorded.header("lambda-extension-identifier").is_none() {
                return reply(
                    403,
                    r#"{"errorType":"Extension.MissingIdentifier","errorMessage":"missing Lambda-Extension-Identifier"}"#,
                );
            }
            closed(shared).await;
            gone()
        }
        _ => reply(
            404,
            r#"{"errorType":"NotFound","errorMessage":"unknown path"}"#,
        ),
    }
}

async fn next(shared: &Shared) -> Reply {
    match shared.take_fault(|f| matches!(f, Fault::NextStatus(_) | Fault::NextDrop)) {
        Some(Fault::NextStatus(s)) => return status_reply(s),
        Some(_) => return Err(DropConnection),
        None => {}
    }
    let queued = {
        let mut rx = shared.queue_rx.lock().await;
        tokio::select! {
            queued = rx.recv() => match queued {
                Some(queued) => queued,
                None => return Err(DropConnection),
            },
            () = closed(shared) => return gone(),
        }
    };
    let n = shared.counter.load(Ordering::Relaxed);
    let deadline = SystemTime::now() + queued.invoke.timeout;
    let deadline_ms = deadline
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis();
    let truncate = shared
        .take_fault(|f| matches!(f, Fault::NextResetMidBody))
        .is_some();
    let body = Bytes::from(queued.invoke.body);
    let declared_length = body.len();
    let mut response = Response::new(if truncate {
        FakeBody::Truncated(Some(body.slice(..body.len() / 2)))
    } else {
        FakeBody::Full(Full::new(body))
    });
    let headers = response.headers_mut();
    let mut set = |name: &str, value: &str| {
        if let (Ok(name), Ok(value)) = (
            hyper::header::HeaderName::from_bytes(name.as_bytes()),
            hyper::header::HeaderValue::from_str(value),
        ) {
            headers.insert(name, value);
        }
    };
    set("content-type", "application/json");
    set("content-length", &declared_length.to_string());
    set("lambda-runtime-aws-request-id", &queued.request_id);
    set("lambda-runtime-deadline-ms", &deadline_ms.to_string());
    set("lambda-runtime-invoked-function-arn", FUNCTION_ARN);
    set(
        "lambda-runtime-trace-id",
        &queued
            .invoke
            .trace_id
            .clone()
            .unwrap_or_else(|| trace_id(n)),
    );
    for (name, value) in &queued.invoke.headers {
        set(name, value);
    }
    for name in &queued.invoke.removed {
        headers.remove(name.as_str());
    }
    Ok(response)
}

/// `POST /2015-03-31/functions/{name}/invocations`, answered like Lambda's Invoke API: 200 with
/// the response, or 200 with `X-Amz-Function-Error: Unhandled` and the error JSON.
async fn invoke_over_http(shared: &Shared, body: Vec<u8>) -> Reply {
    let (_, rx) = shared.enqueue(Invoke::new(body));
    match rx.await {
        Ok(Outcome::Response(body)) => reply(200, body),
        Ok(Outcome::Error { body, .. }) => {
            let mut response = reply(200, body)?;
            response.headers_mut().insert(
                "x-amz-function-error",
                hyper::header::HeaderValue::from_static("Unhandled"),
            );
            Ok(response)
        }
        _ => reply(
            500,
            r#"{"errorType":"ServiceException","errorMessage":"lost"}"#,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::io::{Read, Write};
    use std::pin::Pin;
    use std::task::Poll;

    /// A socket that records the size of every write the server makes.
    struct CountingIo {
        inner: tokio::net::TcpStream,
        writes: Arc<Mutex<Vec<usize>>>,
    }

    impl tokio::io::AsyncRead for CountingIo {
        fn poll_read(
            mut self: Pin<&mut Self>,
            cx: &mut std::task::Context<'_>,
            buf: &mut tokio::io::ReadBuf<'_>,
        ) -> Poll<std::io::Result<()>> {
            Pin::new(&mut self.inner).poll_read(cx, buf)
        }
    }

    impl tokio::io::AsyncWrite for CountingIo {
        fn poll_write(
            mut self: Pin<&mut Self>,
            cx: &mut std::task::Context<'_>,
            buf: &[u8],
        ) -> Poll<std::io::Result<usize>> {
            let written = Pin::new(&mut self.inner).poll_write(cx, buf);
            if let Poll::Ready(Ok(n)) = &written {
                self.writes.lock().unwrap().push(*n);
            }
            written
        }

        fn poll_flush(
            mut self: Pin<&mut Self>,
            cx: &mut std::task::Context<'_>,
        ) -> Poll<std::io::Result<()>> {
            Pin::new(&mut self.inner).poll_flush(cx)
        }

        fn poll_shutdown(
            mut self: Pin<&mut Self>,
            cx: &mut std::task::Context<'_>,
        ) -> Poll<std::io::Result<()>> {
            Pin::new(&mut self.inner).poll_shutdown(cx)
        }
    }

    /// Reads one HTTP reply (head and `Content-Length` body) from `stream`; returns its length.
    fn read_reply(stream: &mut std::net::TcpStream) -> (u16, usize) {
        let mut bytes = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            let mut headers = [httparse::EMPTY_HEADER; 32];
            let mut reply = httparse::Response::new(&mut headers);
            if let httparse::Status::Complete(head) = reply.parse(&bytes).unwrap() {
                let length: usize = reply
                    .headers
                    .iter()
                    .find(|h| h.name.eq_ignore_ascii_case("content-length"))
                    .map(|h| std::str::from_utf8(h.value).unwrap().parse().unwrap())
                    .unwrap();
                if bytes.len() >= head + length {
                    return (reply.code.unwrap(), bytes.len());
                }
            }
            let n = stream.read(&mut chunk).unwrap();
            assert!(n > 0, "the fake hung up mid-reply");
            bytes.extend_from_slice(&chunk[..n]);
        }
    }

    /// The writes recorded once they add up to `total` bytes (the client may see the bytes
    /// a moment before the server's write call returns and is counted).
    fn writes_adding_up_to(writes: &Mutex<Vec<usize>>, total: usize) -> Vec<usize> {
        let start = Instant::now();
        loop {
            let seen = writes.lock().unwrap().clone();
            if seen.iter().sum::<usize>() >= total || start.elapsed() > Duration::from_secs(5) {
                return seen;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    #[test]
    fn accepted_sockets_have_nodelay() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let _client = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let accepted = rt.block_on(accept(&listener)).unwrap();
        assert!(accepted.nodelay().unwrap(), "TCP_NODELAY not set");
    }

    #[test]
    fn every_reply_is_one_write() {
        let fake = FakeRuntimeApi::start();
        let listener = fake
            .runtime()
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let mut client = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let server = fake.runtime().block_on(accept(&listener)).unwrap();
        let writes = Arc::new(Mutex::new(Vec::new()));
        fake.runtime().spawn(serve_connection(
            CountingIo {
                inner: server,
                writes: writes.clone(),
            },
            fake.shared.clone(),
        ));

        let pending = fake.enqueue(Invoke::new(vec![b'x'; 3000]));
        client
            .write_all(b"GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: fake\r\n\r\n")
            .unwrap();
        let (status, next_len) = read_reply(&mut client);
        assert_eq!(status, 200);
        assert_eq!(
            writes_adding_up_to(&writes, next_len),
            vec![next_len],
            "the /next reply"
        );

        let post = format!(
            "POST /2018-06-01/runtime/invocation/{}/response HTTP/1.1\r\nHost: fake\r\nContent-Length: 2\r\n\r\nok",
            pending.request_id
        );
        client.write_all(post.as_bytes()).unwrap();
        let (status, response_len) = read_reply(&mut client);
        assert_eq!(status, 202);
        assert_eq!(
            writes_adding_up_to(&writes, next_len + response_len),
            vec![next_len, response_len],
            "the /response reply"
        );
        assert_eq!(
            fake.wait(pending, Duration::from_secs(5)),
            Outcome::Response(b"ok".to_vec())
        );
    }
}
