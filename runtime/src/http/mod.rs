//! Web apps on Lambda (feature `http`): an axum `Router`, any `tower::Service` over
//! `http::Request`, or a plain function, answers every HTTP trigger.
//!
//! Every HTTP trigger reads as one [`http::Request<Body>`](::http::Request): API Gateway REST
//! APIs, HTTP APIs with payload format 1.0 and 2.0, Application Load Balancers (single- and
//! multi-value headers), function URLs, VPC Lattice (1.0 and 2.0) and WebSocket APIs. The
//! response goes back in the shape the trigger wants: `multiValueHeaders` for API Gateway 1.0
//! payloads, `cookies` for `Set-Cookie` with HTTP API 2.0 and function URLs, the header shape
//! the request came in for an ALB; text bodies as text, anything else base64 with
//! `isBase64Encoded`.
//!
//! ```no_run
//! use typed_lambda::http::{Body, RequestExt};
//! use typed_lambda::{Context, Error};
//!
//! fn hello(req: http::Request<Body>, ctx: &Context) -> Result<http::Response<String>, Error> {
//!     let name = req.query_params().get("name").unwrap_or("world").to_owned();
//!     Ok(http::Response::builder()
//!         .header("content-type", "text/plain")
//!         .body(format!("Hello, {name}! ({} {}, request {})", req.method(), req.uri().path(), ctx.request_id()))?)
//! }
//!
//! fn main() {
//!     typed_lambda::http::handle(hello)
//! }
//! ```
//!
//! An axum app runs unchanged with [`serve`] (`runtime/examples/axum.rs`):
//!
//! ```ignore
//! let app = axum::Router::new().route("/hello/{name}", axum::routing::get(hello));
//! typed_lambda::http::serve(app)
//! ```
//!
//! ## What the request holds
//!
//! - The path the routes were written for: a REST API's stage (`/prod`) is not in it, nor the
//!   `/{stage}` API Gateway puts before an HTTP API's path for a named stage.
//!   [`RequestExt::raw_path`] is the path as the trigger gave it;
//!   [`Config::keep_stage_in_path`] routes on it instead.
//! - The query string percent-encoded in the URI (`req.uri().query()`) and decoded
//!   ([`RequestExt::query_params`]); API Gateway 1.0 payloads, whose values API Gateway
//!   decoded, are encoded again.
//! - Every header with all its values (from `multiValueHeaders` when the trigger sends them),
//!   cookies as the `Cookie` header, the body decoded from base64.
//! - Extensions: the [`Context`] (axum: `Extension<typed_lambda::Context>`), the original
//!   [`HttpEvent`] (authorizer claims, path parameters, stage variables) and the [`RawPath`].
//!
//! ## Errors
//!
//! A handler or service error, or a panic in it, is logged with the request id and answered
//! `500 Internal Server Error` in the trigger's shape: the invocation succeeds, as API Gateway
//! and ALB expect (a failed invocation reaches the client as a bare 502).
//! [`Config::fail_invocation_on_error`] reports it as a failed invocation instead. An event of
//! no HTTP trigger is a failed invocation (`Runtime.UnmarshalError`) either way.
//!
//! Locally (no `AWS_LAMBDA_RUNTIME_API`), the binary answers the event file named by its
//! first argument once and prints the response JSON:
//! `cargo run -p typed-lambda --features __examples --example axum -- runtime/examples/events/http/apigw-v2.json`.

mod body;
mod event;
mod request;
mod response;

use std::collections::BTreeMap;

use bytes::Buf;
use http::header::{HeaderValue, CONTENT_TYPE, SET_COOKIE};
use http::{HeaderMap, Request, Response, StatusCode};
use tower_service::Service;

pub use body::Body;
pub use event::HttpEvent;

use crate::exec::{ready, Executor};
use crate::handler::{catching, RawHandler, Reply, Sink, DECODE_STEP, ENCODE_STEP, HANDLER_STEP};
use crate::streaming::ResponseStream;
use crate::{Context, Error, Runtime, RuntimeError};
use request::Origin;
use response::{encode_body, EncodedBody};

/// Errors a service or a body may fail with.
type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The path of a request as the trigger gave it (with a REST API's stage, still
/// percent-encoded where the trigger kept it so), a request extension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawPath(pub String);

/// How HTTP events become requests, and handler errors responses. The default suits most
/// functions; [`handle`] and [`serve`] use it.
///
/// ```no_run
/// use typed_lambda::http::{Body, Config};
/// use typed_lambda::{Context, Error};
///
/// fn main() {
///     Config::new()
///         .keep_stage_in_path(true) // routes are written as /prod/...
///         .handle(|req: http::Request<Body>, _ctx: &Context| -> Result<http::Response<String>, Error> {
///             Ok(http::Response::new(req.uri().path().to_owned()))
///         })
/// }
/// ```
#[derive(Debug, Clone, Default)]
pub struct Config {
    keep_stage: bool,
    fail_invocation: bool,
}

impl Config {
    /// The defaults: stage stripped from the path, handler errors answered as 500.
    pub fn new() -> Self {
        Config::default()
    }

    /// Route on the path with API Gateway's stage in it (`/prod/pets` instead of `/pets`):
    /// for a REST API `requestContext.path`, for an HTTP API the `rawPath` as sent. Default:
    /// `false`.
    pub fn keep_stage_in_path(mut self, keep: bool) -> Self {
        self.keep_stage = keep;
        self
    }

    /// Report a handler error (or panic) as a failed invocation (`/invocation/{id}/error`,
    /// so it counts in the function's `Errors` metric and the trigger answers 502) instead of
    /// answering 500. Default: `false`.
    pub fn fail_invocation_on_error(mut self, fail: bool) -> Self {
        self.fail_invocation = fail;
        self
    }

    /// [`handle`] with this configuration.
    pub fn handle<F, B, E>(self, handler: F) -> !
    where
        F: FnMut(Request<Body>, &Context) -> Result<Response<B>, E>,
        B: Into<Body>,
        E: Into<Error>,
    {
        crate::log::init();
        crate::serve_or_run_locally(FnAdapter {
            f: handler,
            config: self,
        })
    }

    /// [`serve`] with this configuration.
    pub fn serve<S, B>(self, service: S) -> !
    where
        S: Service<Request<Body>, Response = Response<B>>,
        S::Error: Into<BoxError>,
        B: http_body::Body,
        B::Error: Into<BoxError>,
    {
        crate::log::init();
        crate::serve_or_run_locally(self.adapter(service))
    }

    /// [`serve_streaming`] with this configuration.
    pub fn serve_streaming<S, B>(self, service: S) -> !
    where
        S: Service<Request<Body>, Response = Response<B>>,
        S::Error: Into<BoxError>,
        B: http_body::Body,
        B::Error: Into<BoxError>,
    {
        crate::log::init();
        crate::serve_or_run_locally(Streaming(self.adapter(service)))
    }

    /// An [`Adapter`] of `service` with this configuration.
    pub fn adapter<S>(self, service: S) -> Adapter<S> {
        Adapter {
            service,
            config: self,
            exec: None,
        }
    }

    /// A handler's failure: `Err` to fail the invocation, or the 500 response.
    fn on_error(&self, error: Error, ctx: &Context) -> Result<(Response<()>, EncodedBody), Error> {
        if self.fail_invocation {
            return Err(error);
        }
        tracing::error!(
            requestId = ctx.request_id(),
            errorType = error.error_type(),
            "answering 500 Internal Server Error: {}",
            error.message()
        );
        let mut response = Response::new(());
        *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
        response.headers_mut().insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        let body = EncodedBody {
            body: Some("Internal Server Error".to_owned()),
            base64: false,
        };
        Ok((response, body))
    }
}

/// Runs `handler` for every HTTP invocation, forever: [`handle_func`](crate::handle_func) for
/// web functions. The handler takes an [`http::Request<Body>`](::http::Request) and answers an
/// `http::Response<B>` whose body is anything that converts into [`Body`] (`String`, `&str`,
/// `Vec<u8>`, `()`): [`Body::Text`] goes out as text, [`Body::Binary`] as base64. An error
/// (anything that converts into [`Error`]) is answered 500 (see the module docs).
///
/// ```no_run
/// use typed_lambda::http::Body;
/// use typed_lambda::{Context, Error};
///
/// fn main() {
///     typed_lambda::http::handle(|req: http::Request<Body>, _ctx: &Context| {
///         Ok::<_, Error>(http::Response::new(format!("you asked for {}", req.uri().path())))
///     })
/// }
/// ```
pub fn handle<F, B, E>(handler: F) -> !
where
    F: FnMut(Request<Body>, &Context) -> Result<Response<B>, E>,
    B: Into<Body>,
    E: Into<Error>,
{
    Config::new().handle(handler)
}

/// Runs `service` for every HTTP invocation, forever: any `tower::Service` over
/// `http::Request<Body>` whose response body is an [`http_body::Body`], an axum `Router` as it
/// is. With the `tokio` feature its futures run on a tokio multi-thread runtime (timers, spawned
/// tasks and AWS SDK clients work); without it, on the invoking thread with no async runtime.
/// The body is collected, then sent as text or base64 by its `Content-Type` (see
/// [`Config`] and the module docs).
///
/// ```ignore
/// fn main() {
///     let app = axum::Router::new().route("/", axum::routing::get(|| async { "hello" }));
///     typed_lambda::http::serve(app)
/// }
/// ```
pub fn serve<S, B>(service: S) -> !
where
    S: Service<Request<Body>, Response = Response<B>>,
    S::Error: Into<BoxError>,
    B: http_body::Body,
    B::Error: Into<BoxError>,
{
    Config::new().serve(service)
}

/// [`serve`] for function URLs with `InvokeMode: RESPONSE_STREAM`: the status and headers go
/// out first, then each frame of the response body as it is produced (server-sent events,
/// large downloads), through [`streaming`](crate::streaming). An error in the middle of the
/// body ends the stream with Lambda's error trailers.
pub fn serve_streaming<S, B>(service: S) -> !
where
    S: Service<Request<Body>, Response = Response<B>>,
    S::Error: Into<BoxError>,
    B: http_body::Body,
    B::Error: Into<BoxError>,
{
    Config::new().serve_streaming(service)
}

/// Accessors for what the runtime puts in a request's extensions.
pub trait RequestExt {
    /// The invocation's [`Context`].
    fn lambda_context(&self) -> Option<&Context>;
    /// The event the request was built from.
    fn lambda_event(&self) -> Option<&HttpEvent>;
    /// The path as the trigger gave it (stage included for API Gateway); the URI's path when
    /// the request was not built by the runtime.
    fn raw_path(&self) -> &str;
    /// The query string, decoded (`+` as space, percent escapes), every pair in order.
    fn query_params(&self) -> QueryParams;
}

impl<B> RequestExt for Request<B> {
    fn lambda_context(&self) -> Option<&Context> {
        self.extensions().get::<Context>()
    }

    fn lambda_event(&self) -> Option<&HttpEvent> {
        self.extensions().get::<HttpEvent>()
    }

    fn raw_path(&self) -> &str {
        match self.extensions().get::<RawPath>() {
            Some(raw) => &raw.0,
            None => self.uri().path(),
        }
    }

    fn query_params(&self) -> QueryParams {
        QueryParams::parse(self.uri().query().unwrap_or(""))
    }
}

/// A decoded query string: every `key=value` pair in order, keys repeated as sent.
///
/// ```
/// use typed_lambda::http::QueryParams;
///
/// let q = QueryParams::parse("a=1&b=x+y&a=%C3%A9");
/// assert_eq!(q.get("b"), Some("x y"));
/// assert_eq!(q.get_all("a").collect::<Vec<_>>(), ["1", "é"]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryParams(Vec<(String, String)>);

impl QueryParams {
    /// Decodes a query string (without `?`); malformed escapes stay as they are.
    pub fn parse(query: &str) -> Self {
        QueryParams(
            query
                .split('&')
                .filter(|pair| !pair.is_empty())
                .map(|pair| {
                    let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                    (decode_component(k), decode_component(v))
                })
                .collect(),
        )
    }

    /// The first value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `key`, in order.
    pub fn get_all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Every pair, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The number of pairs.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn decode_component(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = |b: u8| (b as char).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A `tower::Service` over `http::Request<Body>` as a Lambda function: [`serve`] runs one
/// forever; [`invoke`](Adapter::invoke) answers one event, which is what tests want (event JSON
/// in, response JSON out, no Runtime API).
///
/// ```
/// use std::time::Duration;
/// use typed_lambda::http::{Body, Config};
/// use typed_lambda::Context;
///
/// # struct Hello;
/// # impl tower_service::Service<http::Request<Body>> for Hello {
/// #     type Response = http::Response<Body>;
/// #     type Error = std::convert::Infallible;
/// #     type Future = std::future::Ready<Result<Self::Response, Self::Error>>;
/// #     fn poll_ready(&mut self, _: &mut std::task::Context<'_>) -> std::task::Poll<Result<(), Self::Error>> { std::task::Poll::Ready(Ok(())) }
/// #     fn call(&mut self, req: http::Request<Body>) -> Self::Future {
/// #         std::future::ready(Ok(http::Response::new(Body::from(req.uri().path().to_owned()))))
/// #     }
/// # }
/// let mut adapter = Config::new().adapter(Hello); // an axum Router, for instance
/// let event = br#"{"version":"2.0","routeKey":"$default","rawPath":"/prod/pets","rawQueryString":"",
///   "headers":{},"isBase64Encoded":false,"requestContext":{"accountId":"1","apiId":"a",
///   "http":{"method":"GET","path":"/prod/pets"},"requestId":"r","routeKey":"$default","stage":"prod"}}"#;
/// let reply = adapter.invoke(event, &Context::local("req-1", Duration::from_secs(3))).unwrap();
/// let reply: serde_json::Value = serde_json::from_slice(&reply).unwrap();
/// assert_eq!(reply["statusCode"], 200);
/// assert_eq!(reply["body"], "/pets"); // the stage is not in the path
/// ```
pub struct Adapter<S> {
    service: S,
    config: Config,
    exec: Option<Executor>,
}

impl<S> Adapter<S> {
    /// `service` with the default [`Config`].
    pub fn new(service: S) -> Self {
        Config::new().adapter(service)
    }

    fn executor(exec: &mut Option<Executor>) -> Result<&Executor, Error> {
        if exec.is_none() {
            *exec = Some(Executor::new().map_err(|e| {
                Error::new(
                    crate::error::INIT_ERROR,
                    format!("cannot start the tokio runtime: {e}"),
                )
            })?);
        }
        Ok(exec.as_ref().expect("set above"))
    }
}

impl<S, B> Adapter<S>
where
    S: Service<Request<Body>, Response = Response<B>>,
    S::Error: Into<BoxError>,
    B: http_body::Body,
    B::Error: Into<BoxError>,
{
    /// Answers one event: the response JSON for its trigger, or the error the invocation
    /// fails with (an event of no HTTP trigger; a handler error with
    /// [`Config::fail_invocation_on_error`]).
    pub fn invoke(&mut self, event: &[u8], ctx: &Context) -> Result<Vec<u8>, Error> {
        let (request, origin) = read_request(event, ctx, &self.config)?;
        let exec = Self::executor(&mut self.exec)?;
        let service = &mut self.service;
        let outcome = catching(HANDLER_STEP, || {
            exec.block_on(async move {
                ready(service).await.map_err(service_error)?;
                let response = service.call(request).await.map_err(service_error)?;
                let (parts, body) = response.into_parts();
                let bytes = collect(body).await.map_err(body_error)?;
                Ok((Response::from_parts(parts, ()), bytes))
            })
        });
        let (head, body) = match outcome {
            Ok((head, bytes)) => {
                let body = encode_body(head.headers(), bytes);
                (head, body)
            }
            Err(error) => self.config.on_error(error, ctx)?,
        };
        catching(ENCODE_STEP, || {
            response::encode(origin, head.status(), head.headers(), body)
        })
    }

    /// Serves invocations with this adapter until the Runtime API goes away (a
    /// [`Runtime`] with its knobs, e.g. in tests against the `testing` fake).
    pub fn run(self, runtime: Runtime) -> Result<(), RuntimeError> {
        runtime.serve(self)
    }
}

fn read_request(
    event: &[u8],
    ctx: &Context,
    config: &Config,
) -> Result<(Request<Body>, Origin), Error> {
    catching(DECODE_STEP, || {
        let event = HttpEvent::from_slice(event)?;
        request::into_request(event, ctx, config)
    })
}

/// A service's error, reported with its type name (`errorType`).
fn service_error<E: Into<BoxError>>(e: E) -> Error {
    Error::from(e)
}

fn body_error(e: impl Into<BoxError>) -> Error {
    let e: BoxError = e.into();
    Error::new(
        "BodyError",
        format!("reading the response body failed: {e}"),
    )
}

/// The next frame of `body`, `None` at its end.
async fn next_frame<B: http_body::Body>(
    body: &mut std::pin::Pin<&mut B>,
) -> Option<Result<http_body::Frame<B::Data>, B::Error>> {
    std::future::poll_fn(|cx| body.as_mut().poll_frame(cx)).await
}

/// Every data byte of `body` (trailers are dropped: no trigger carries them).
async fn collect<B: http_body::Body>(body: B) -> Result<Vec<u8>, B::Error> {
    let mut body = std::pin::pin!(body);
    let mut out = Vec::new();
    while let Some(frame) = next_frame(&mut body).await {
        if let Ok(mut data) = frame?.into_data() {
            while data.has_remaining() {
                let chunk = data.chunk();
                out.extend_from_slice(chunk);
                let n = chunk.len();
                data.advance(n);
            }
        }
    }
    Ok(out)
}

impl<S, B> RawHandler for Adapter<S>
where
    S: Service<Request<Body>, Response = Response<B>>,
    S::Error: Into<BoxError>,
    B: http_body::Body,
    B::Error: Into<BoxError>,
{
    fn call(&mut self, event: &[u8], ctx: &Context, _sink: Sink<'_>) -> Reply {
        Reply::Buffered(self.invoke(event, ctx))
    }
}

/// [`handle`]'s adapter: a sync function.
struct FnAdapter<F> {
    f: F,
    config: Config,
}

impl<F, B, E> RawHandler for FnAdapter<F>
where
    F: FnMut(Request<Body>, &Context) -> Result<Response<B>, E>,
    B: Into<Body>,
    E: Into<Error>,
{
    fn call(&mut self, event: &[u8], ctx: &Context, _sink: Sink<'_>) -> Reply {
        Reply::Buffered(self.invoke(event, ctx))
    }
}

impl<F> FnAdapter<F> {
    fn invoke<B, E>(&mut self, event: &[u8], ctx: &Context) -> Result<Vec<u8>, Error>
    where
        F: FnMut(Request<Body>, &Context) -> Result<Response<B>, E>,
        B: Into<Body>,
        E: Into<Error>,
    {
        let (request, origin) = read_request(event, ctx, &self.config)?;
        let outcome = catching(HANDLER_STEP, || (self.f)(request, ctx).map_err(Into::into));
        let (head, body) = match outcome {
            Ok(response) => {
                let (parts, body) = response.into_parts();
                let body = match body.into() {
                    Body::Empty => EncodedBody {
                        body: None,
                        base64: false,
                    },
                    Body::Text(text) => EncodedBody {
                        body: Some(text),
                        base64: false,
                    },
                    Body::Binary(bytes) => encode_body_binary(bytes),
                };
                (Response::from_parts(parts, ()), body)
            }
            Err(error) => self.config.on_error(error, ctx)?,
        };
        catching(ENCODE_STEP, || {
            response::encode(origin, head.status(), head.headers(), body)
        })
    }
}

fn encode_body_binary(bytes: Vec<u8>) -> EncodedBody {
    use base64::Engine as _;
    if bytes.is_empty() {
        return EncodedBody {
            body: None,
            base64: false,
        };
    }
    EncodedBody {
        body: Some(base64::engine::general_purpose::STANDARD.encode(bytes)),
        base64: true,
    }
}

/// [`serve_streaming`]'s adapter.
struct Streaming<S>(Adapter<S>);

impl<S, B> RawHandler for Streaming<S>
where
    S: Service<Request<Body>, Response = Response<B>>,
    S::Error: Into<BoxError>,
    B: http_body::Body,
    B::Error: Into<BoxError>,
{
    fn call(&mut self, event: &[u8], ctx: &Context, sink: Sink<'_>) -> Reply {
        let adapter = &mut self.0;
        let (request, _origin) = match read_request(event, ctx, &adapter.config) {
            Ok(read) => read,
            Err(e) => return Reply::Buffered(Err(e)),
        };
        let exec = match Adapter::<S>::executor(&mut adapter.exec) {
            Ok(exec) => exec,
            Err(e) => return Reply::Buffered(Err(e)),
        };
        let service = &mut adapter.service;
        let response = catching(HANDLER_STEP, || {
            exec.block_on(async {
                ready(service).await.map_err(service_error)?;
                service.call(request).await.map_err(service_error)
            })
        });
        let mut stream = ResponseStream::new(sink, ctx.request_id());
        let error = match response {
            Ok(response) => {
                let (parts, body) = response.into_parts();
                catching(HANDLER_STEP, || {
                    start_http(&mut stream, parts.status, &parts.headers)?;
                    exec.block_on(async {
                        let mut body = std::pin::pin!(body);
                        while let Some(frame) = next_frame(&mut body).await {
                            if let Ok(mut data) = frame.map_err(body_error)?.into_data() {
                                while data.has_remaining() {
                                    let chunk = data.chunk();
                                    std::io::Write::write_all(&mut stream, chunk)?;
                                    let n = chunk.len();
                                    data.advance(n);
                                }
                                std::io::Write::flush(&mut stream)?;
                            }
                        }
                        Ok(())
                    })
                })
                .err()
            }
            Err(error) => match adapter.config.on_error(error, ctx) {
                Err(error) => return Reply::Buffered(Err(error)),
                Ok((head, body)) => {
                    let sent =
                        start_http(&mut stream, head.status(), head.headers()).and_then(|()| {
                            std::io::Write::write_all(
                                &mut stream,
                                body.body.unwrap_or_default().as_bytes(),
                            )
                            .map_err(Error::from)
                        });
                    sent.err()
                }
            },
        };
        match error {
            Some(error) if !stream.is_started() && adapter.config.fail_invocation => {
                Reply::Buffered(Err(error))
            }
            error => {
                let api = stream.finish(error.as_ref());
                Reply::Streamed { error, api }
            }
        }
    }
}

/// The function URL prelude: status, headers (repeated ones joined), cookies.
fn start_http(
    stream: &mut ResponseStream<'_>,
    status: StatusCode,
    headers: &HeaderMap,
) -> Result<(), Error> {
    let mut joined: BTreeMap<&str, String> = BTreeMap::new();
    let mut cookies = Vec::new();
    for (name, value) in headers {
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        if name == SET_COOKIE {
            cookies.push(value);
            continue;
        }
        joined
            .entry(name.as_str())
            .and_modify(|v| {
                v.push_str(", ");
                v.push_str(&value);
            })
            .or_insert(value);
    }
    let pairs: Vec<(&str, &str)> = joined.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let cookies: Vec<&str> = cookies.iter().map(String::as_str).collect();
    stream.http_response(status.as_u16(), &pairs, &cookies)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;
    use std::time::Duration;

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!("{}/../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn ctx() -> Context {
        Context::local("req-9", Duration::from_secs(3))
    }

    #[test]
    fn a_handler_error_or_panic_is_a_500_in_the_triggers_shape_unless_asked_to_fail() {
        let event = fixture("apigw-v2-http-request-no-authorizer.json");
        let mut adapter = FnAdapter {
            f: |req: Request<Body>, _ctx: &Context| -> Result<Response<String>, Error> {
                match req.uri().query() {
                    Some("panic") => panic!("handler bug"),
                    _ => Err(Error::new("DbDown", "the table is gone")),
                }
            },
            config: Config::new(),
        };
        let reply: serde_json::Value =
            serde_json::from_slice(&adapter.invoke(&event, &ctx()).unwrap()).unwrap();
        assert_eq!(reply["statusCode"], 500, "{reply}");
        assert_eq!(reply["body"], "Internal Server Error", "{reply}");
        assert_eq!(
            reply["headers"]["content-type"],
            "text/plain; charset=utf-8"
        );

        let mut panicking: serde_json::Value = serde_json::from_slice(&event).unwrap();
        panicking["rawQueryString"] = "panic".into();
        let panicking = serde_json::to_vec(&panicking).unwrap();
        let reply: serde_json::Value =
            serde_json::from_slice(&adapter.invoke(&panicking, &ctx()).unwrap()).unwrap();
        assert_eq!(reply["statusCode"], 500, "{reply}");

        adapter.config = Config::new().fail_invocation_on_error(true);
        let e = adapter.invoke(&event, &ctx()).unwrap_err();
        assert_eq!(
            (e.error_type(), e.message()),
            ("DbDown", "the table is gone")
        );
        let e = adapter.invoke(&panicking, &ctx()).unwrap_err();
        assert_eq!(e.error_type(), crate::error::PANIC_ERROR);
        assert!(e.message().contains("handler bug"), "{e}");
    }

    /// A body of several frames, as a streaming framework body arrives.
    struct Frames(VecDeque<bytes::Bytes>);

    impl http_body::Body for Frames {
        type Data = bytes::Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(
            mut self: std::pin::Pin<&mut Self>,
            _cx: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Result<http_body::Frame<bytes::Bytes>, Self::Error>>> {
            std::task::Poll::Ready(self.0.pop_front().map(|b| Ok(http_body::Frame::data(b))))
        }
    }

    /// Answers 201 with a cookie and a body in two frames.
    struct TwoFrames;

    impl Service<Request<Body>> for TwoFrames {
        type Response = Response<Frames>;
        type Error = std::convert::Infallible;
        type Future = std::future::Ready<Result<Response<Frames>, Self::Error>>;

        fn poll_ready(
            &mut self,
            _cx: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Result<(), Self::Error>> {
            std::task::Poll::Ready(Ok(()))
        }

        fn call(&mut self, _req: Request<Body>) -> Self::Future {
            let body = Frames(VecDeque::from([
                bytes::Bytes::from_static(b"hello "),
                bytes::Bytes::from_static(b"world"),
            ]));
            let response = Response::builder()
                .status(201)
                .header("content-type", "text/plain")
                .header("set-cookie", "a=1")
                .body(body)
                .unwrap();
            std::future::ready(Ok(response))
        }
    }

    #[test]
    fn serve_streaming_sends_the_function_url_prelude_then_each_frame() {
        let event = fixture("lambda-function-urls-request-public-get.json");
        let mut handler = Streaming(Config::new().adapter(TwoFrames));
        let mut out = Vec::new();
        let reply = handler.call(&event, &ctx(), Sink::Local(&mut out));
        assert!(
            matches!(
                reply,
                Reply::Streamed {
                    error: None,
                    api: Ok(())
                }
            ),
            "the response streamed without error"
        );
        let split = out
            .windows(8)
            .position(|w| w == [0u8; 8])
            .expect("8 NUL bytes");
        let prelude: serde_json::Value = serde_json::from_slice(&out[..split]).unwrap();
        assert_eq!(prelude["statusCode"], 201, "{prelude}");
        assert_eq!(
            prelude["headers"]["content-type"], "text/plain",
            "{prelude}"
        );
        assert_eq!(prelude["cookies"], serde_json::json!(["a=1"]), "{prelude}");
        assert_eq!(&out[split + 8..], b"hello world");
    }
}
