//! Client of the Lambda Runtime API: `next`, `response`, `error` and `init/error`.
//!
//! One kept-alive TCP connection with `TCP_NODELAY`, each request written in one buffer, and
//! responses parsed with `httparse` (headers and chunk sizes). Why not a general HTTP client,
//! with the numbers: the crate docs, "How it talks to Lambda".
//!
//! See <https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html>.

use std::fmt;
use std::io::{self, Read, Write};
use std::net::TcpStream;

use base64::Engine as _;

use crate::context::InvocationHeaders;

const API_VERSION: &str = "/2018-06-01/runtime";
const EXTENSION_API_VERSION: &str = "/2020-01-01";
const USER_AGENT: &str = concat!("typed-lambda/", env!("CARGO_PKG_VERSION"));
const MAX_HEADERS: usize = 64;
/// Largest reply head accepted.
const MAX_HEAD_BYTES: usize = 1024 * 1024;
/// Most bytes reserved ahead of arrival for a body.
const RESERVE_STEP: usize = 8 * 1024 * 1024;

/// Where the Runtime API lives: `AWS_LAMBDA_RUNTIME_API` as `host:port` (real Lambda) or
/// `http://host:port/prefix` (cargo-lambda's emulator gives `http://127.0.0.1:9000/.rt`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Endpoint {
    /// `host:port`, as connected to and sent in `Host`.
    pub(crate) authority: String,
    /// Path prefix without trailing slash, `""` for none.
    pub(crate) prefix: String,
}

impl Endpoint {
    pub(crate) fn parse(value: &str) -> Result<Self, String> {
        let value = value.trim();
        let rest = if let Some(rest) = value.strip_prefix("http://") {
            rest
        } else if value.contains("://") {
            return Err(format!(
                "AWS_LAMBDA_RUNTIME_API {value:?}: only http:// is supported"
            ));
        } else {
            value
        };
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let port_ok = authority
            .rsplit_once(':')
            .is_some_and(|(host, port)| !host.is_empty() && port.parse::<u16>().is_ok());
        if !port_ok {
            return Err(format!(
                "AWS_LAMBDA_RUNTIME_API {value:?}: expected host:port or http://host:port/path"
            ));
        }
        Ok(Endpoint {
            authority: authority.to_owned(),
            prefix: path.trim_end_matches('/').to_owned(),
        })
    }
}

/// A failed exchange with the Runtime API.
#[derive(Debug)]
pub(crate) enum ApiError {
    /// Could not connect at all.
    Connect(io::Error),
    /// The connection failed while sending or receiving.
    Io(io::Error),
    /// The reply was not valid HTTP.
    Protocol(String),
    /// The API answered with a non-2xx status.
    Status { status: u16, body: String },
}

impl ApiError {
    /// Worth trying again after a pause: connection trouble and server-side (5xx) errors.
    pub(crate) fn is_transient(&self) -> bool {
        match self {
            ApiError::Connect(_) | ApiError::Io(_) | ApiError::Protocol(_) => true,
            ApiError::Status { status, .. } => is_retryable_status(*status),
        }
    }
}

/// A status worth retrying: a server error (5xx) or throttling (429).
pub(crate) fn is_retryable_status(status: u16) -> bool {
    status >= 500 || status == 429
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Connect(e) => write!(f, "cannot connect: {e}"),
            ApiError::Io(e) => write!(f, "connection failed: {e}"),
            ApiError::Protocol(e) => write!(f, "invalid HTTP reply: {e}"),
            ApiError::Status { status, body } if body.is_empty() => write!(f, "status {status}"),
            ApiError::Status { status, body } => write!(f, "status {status}: {body}"),
        }
    }
}

/// One invocation as `/next` returns it.
#[derive(Debug)]
pub(crate) struct Invocation {
    pub(crate) headers: InvocationHeaders,
    pub(crate) body: Vec<u8>,
}

/// Blocking Runtime API client over one kept-alive connection.
pub(crate) struct Client {
    endpoint: Endpoint,
    stream: Option<TcpStream>,
    /// Outgoing request, reused.
    out: Vec<u8>,
    /// Incoming bytes, reused; may hold bytes past the current message.
    inp: Vec<u8>,
}

struct Reply {
    status: u16,
    body: Vec<u8>,
}

impl Client {
    pub(crate) fn new(endpoint: Endpoint) -> Self {
        Client {
            endpoint,
            stream: None,
            out: Vec::with_capacity(8 * 1024),
            inp: Vec::with_capacity(16 * 1024),
        }
    }

    pub(crate) fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// `GET /invocation/next`: blocks until Lambda has an event.
    pub(crate) fn next(&mut self) -> Result<Invocation, ApiError> {
        let mut headers = InvocationHeaders::default();
        let reply = self.exchange("GET", "/invocation/next", &[], None, &mut |name, value| {
            headers.record(name, value)
        })?;
        if headers.request_id.is_empty() {
            return Err(ApiError::Protocol(
                "/invocation/next reply has no Lambda-Runtime-Aws-Request-Id header".into(),
            ));
        }
        Ok(Invocation {
            headers,
            body: reply.body,
        })
    }

    /// `POST /invocation/{id}/response` with a JSON body.
    pub(crate) fn response(&mut self, request_id: &str, body: &[u8]) -> Result<(), ApiError> {
        let path = format!("/invocation/{request_id}/response");
        self.exchange("POST", &path, &[], Some(body), &mut |_, _| {})
            .map(drop)
    }

    /// `POST /invocation/{id}/error` with `{"errorType","errorMessage"}`.
    pub(crate) fn error(&mut self, request_id: &str, error: &crate::Error) -> Result<(), ApiError> {
        let path = format!("/invocation/{request_id}/error");
        let body = error.to_json();
        let kind = [("Lambda-Runtime-Function-Error-Type", error.error_type())];
        self.exchange("POST", &path, &kind, Some(&body), &mut |_, _| {})
            .map(drop)
    }

    /// `POST /init/error`: the function could not start.
    pub(crate) fn init_error(&mut self, error: &crate::Error) -> Result<(), ApiError> {
        let body = error.to_json();
        let kind = [("Lambda-Runtime-Function-Error-Type", error.error_type())];
        self.exchange("POST", "/init/error", &kind, Some(&body), &mut |_, _| {})
            .map(drop)
    }

    /// `POST /2020-01-01/extension/register` as an internal extension named `name`, subscribed
    /// to no events; returns the `Lambda-Extension-Identifier`.
    pub(crate) fn register_extension(&mut self, name: &str) -> Result<String, ApiError> {
        let mut id = None;
        let headers = [("Lambda-Extension-Name", name)];
        self.exchange_at(
            EXTENSION_API_VERSION,
            "POST",
            "/extension/register",
            &headers,
            Some(br#"{"events":[]}"#),
            &mut |n, v| {
                if n.eq_ignore_ascii_case("lambda-extension-identifier") {
                    id = Some(v.to_owned());
                }
            },
        )?;
        id.ok_or_else(|| {
            ApiError::Protocol(
                "extension registration reply has no Lambda-Extension-Identifier".into(),
            )
        })
    }

    /// `GET /2020-01-01/extension/event/next`: tells Lambda the extension finished its init,
    /// then blocks until an event (none come for an extension subscribed to none).
    pub(crate) fn extension_next(&mut self, id: &str) -> Result<Vec<u8>, ApiError> {
        let headers = [("Lambda-Extension-Identifier", id)];
        self.exchange_at(
            EXTENSION_API_VERSION,
            "GET",
            "/extension/event/next",
            &headers,
            None,
            &mut |_, _| {},
        )
        .map(|reply| reply.body)
    }

    /// Starts `POST /invocation/{id}/response` in streaming mode: the head with
    /// `Transfer-Encoding: chunked` and the error trailers announced. Chunks follow with
    /// [`stream_chunk`](Self::stream_chunk), the end with [`finish_stream`](Self::finish_stream).
    pub(crate) fn start_stream(
        &mut self,
        request_id: &str,
        content_type: &str,
    ) -> Result<(), ApiError> {
        let out = &mut self.out;
        out.clear();
        let _ = write!(
            out,
            "POST {}{API_VERSION}/invocation/{request_id}/response HTTP/1.1\r\nHost: {}\r\n\
             User-Agent: {USER_AGENT}\r\nLambda-Runtime-Function-Response-Mode: streaming\r\n\
             Transfer-Encoding: chunked\r\nContent-Type: {content_type}\r\n\
             Trailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\n\r\n",
            self.endpoint.prefix, self.endpoint.authority
        );
        if self.stream.is_none() {
            let stream =
                TcpStream::connect(self.endpoint.authority.as_str()).map_err(ApiError::Connect)?;
            stream.set_nodelay(true).map_err(ApiError::Connect)?;
            self.stream = Some(stream);
            self.inp.clear();
        }
        self.write_out()
    }

    /// Sends one chunk of a streaming response (nothing for an empty slice).
    pub(crate) fn stream_chunk(&mut self, data: &[u8]) -> Result<(), ApiError> {
        if data.is_empty() {
            return Ok(());
        }
        self.out.clear();
        let _ = write!(self.out, "{:x}\r\n", data.len());
        self.out.extend_from_slice(data);
        self.out.extend_from_slice(b"\r\n");
        self.write_out()
    }

    /// Ends a streaming response, with the error trailers if `error` is set, and reads the reply.
    pub(crate) fn finish_stream(&mut self, error: Option<&crate::Error>) -> Result<(), ApiError> {
        self.out.clear();
        self.out.extend_from_slice(b"0\r\n");
        if let Some(error) = error {
            let kind: String = error
                .error_type()
                .chars()
                .filter(|c| !c.is_control())
                .collect();
            let _ = write!(
                self.out,
                "Lambda-Runtime-Function-Error-Type: {kind}\r\nLambda-Runtime-Function-Error-Body: {}\r\n",
                base64::engine::general_purpose::STANDARD.encode(error.to_json())
            );
        }
        self.out.extend_from_slice(b"\r\n");
        self.write_out()?;
        let result = self.read_reply(&mut |_, _| {});
        if result.is_err() {
            self.stream = None;
        }
        let reply = result?;
        if (200..300).contains(&reply.status) {
            Ok(())
        } else {
            Err(ApiError::Status {
                status: reply.status,
                body: String::from_utf8_lossy(&reply.body).into_owned(),
            })
        }
    }

    fn write_out(&mut self) -> Result<(), ApiError> {
        let stream = self.stream.as_mut().expect("connected");
        let result = stream.write_all(&self.out).map_err(ApiError::Io);
        if result.is_err() {
            self.stream = None;
        }
        result
    }

    /// Sends one request and reads its reply, reconnecting once if a kept-alive connection turns
    /// out to be closed before the reply started. `on_header` is `dyn`: one copy of the exchange
    /// code serves every request kind (generic callbacks gave three copies, 8 KB of binary).
    fn exchange(
        &mut self,
        method: &str,
        path: &str,
        extra_headers: &[(&str, &str)],
        body: Option<&[u8]>,
        on_header: &mut dyn FnMut(&str, &str),
    ) -> Result<Reply, ApiError> {
        self.exchange_at(API_VERSION, method, path, extra_headers, body, on_header)
    }

    fn exchange_at(
        &mut self,
        api: &str,
        method: &str,
        path: &str,
        extra_headers: &[(&str, &str)],
        body: Option<&[u8]>,
        on_header: &mut dyn FnMut(&str, &str),
    ) -> Result<Reply, ApiError> {
        self.write_request(api, method, path, extra_headers, body);
        let reused = self.stream.is_some();
        match self.send_and_read(on_header) {
            Err(ApiError::Io(e)) if reused && self.inp.is_empty() => {
                // The server closed the idle connection; a fresh one gets the same request.
                tracing::debug!("runtime API connection was closed ({e}), reconnecting");
                self.stream = None;
                self.send_and_read(on_header)
            }
            other => other,
        }
        .and_then(|reply| {
            if (200..300).contains(&reply.status) {
                Ok(reply)
            } else {
                Err(ApiError::Status {
                    status: reply.status,
                    body: String::from_utf8_lossy(&reply.body).into_owned(),
                })
            }
        })
    }

    fn write_request(
        &mut self,
        api: &str,
        method: &str,
        path: &str,
        extra_headers: &[(&str, &str)],
        body: Option<&[u8]>,
    ) {
        let out = &mut self.out;
        out.clear();
        // Writing to a Vec cannot fail.
        let _ = write!(
            out,
            "{method} {}{api}{path} HTTP/1.1\r\nHost: {}\r\nUser-Agent: {USER_AGENT}\r\n",
            self.endpoint.prefix, self.endpoint.authority
        );
        for (name, value) in extra_headers {
            // Header values must not smuggle line breaks.
            let value: String = value.chars().filter(|c| !c.is_control()).collect();
            let _ = write!(out, "{name}: {value}\r\n");
        }
        if let Some(body) = body {
            let _ = write!(
                out,
                "Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            out.extend_from_slice(body);
        } else {
            out.extend_from_slice(b"\r\n");
        }
    }

    fn send_and_read(&mut self, on_header: &mut dyn FnMut(&str, &str)) -> Result<Reply, ApiError> {
        if self.stream.is_none() {
            let stream =
                TcpStream::connect(self.endpoint.authority.as_str()).map_err(ApiError::Connect)?;
            stream.set_nodelay(true).map_err(ApiError::Connect)?;
            self.stream = Some(stream);
            self.inp.clear();
        }
        let result = self.send_and_read_on_stream(on_header);
        if result.is_err() {
            // Never reuse a connection in an unknown state.
            self.stream = None;
        }
        result
    }

    fn send_and_read_on_stream(
        &mut self,
        on_header: &mut dyn FnMut(&str, &str),
    ) -> Result<Reply, ApiError> {
        let stream = self.stream.as_mut().expect("connected above");
        stream.write_all(&self.out).map_err(ApiError::Io)?;
        self.read_reply(on_header)
    }

    /// Reads one reply from the connection.
    fn read_reply(&mut self, on_header: &mut dyn FnMut(&str, &str)) -> Result<Reply, ApiError> {
        let stream = self.stream.as_mut().expect("connected");
        let (reply, close) = read_reply(stream, &mut self.inp, on_header)?;
        if close {
            self.stream = None;
        }
        Ok(reply)
    }
}

/// Reads one HTTP/1.1 reply from `stream` (bytes already received first come from `inp`; bytes
/// past the reply stay there). Returns the reply and whether the connection must be closed.
fn read_reply(
    stream: &mut impl Read,
    inp: &mut Vec<u8>,
    on_header: &mut dyn FnMut(&str, &str),
) -> Result<(Reply, bool), ApiError> {
    // Head.
    let (status, head_len, framing, close) = loop {
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut response = httparse::Response::new(&mut headers);
        match response.parse(inp) {
            Ok(httparse::Status::Complete(len)) => {
                let status = response.code.unwrap_or(0);
                let mut framing = Framing::UntilClose;
                let mut close = response.version == Some(0);
                for h in response.headers.iter() {
                    let value = std::str::from_utf8(h.value).unwrap_or("").trim();
                    if h.name.eq_ignore_ascii_case("content-length") {
                        let n = value.parse().map_err(|_| {
                            ApiError::Protocol(format!("bad Content-Length {value:?}"))
                        })?;
                        framing = Framing::Length(n);
                    } else if h.name.eq_ignore_ascii_case("transfer-encoding")
                        && value.to_ascii_lowercase().ends_with("chunked")
                    {
                        framing = Framing::Chunked;
                    } else if h.name.eq_ignore_ascii_case("connection") {
                        close = value.eq_ignore_ascii_case("close");
                    } else {
                        on_header(h.name, value);
                    }
                }
                if status == 204 || status == 304 || (100..200).contains(&status) {
                    framing = Framing::Length(0);
                }
                break (status, len, framing, close);
            }
            Ok(httparse::Status::Partial) => {
                if inp.len() > MAX_HEAD_BYTES {
                    return Err(ApiError::Protocol("response head over 1 MiB".into()));
                }
                fill(stream, inp)?;
            }
            Err(e) => return Err(ApiError::Protocol(format!("{e}"))),
        }
    };
    inp.drain(..head_len);

    // Body.
    let (body, close) = match framing {
        Framing::Length(n) => {
            while inp.len() < n {
                // Grow as bytes arrive: a lying Content-Length must not allocate up front.
                inp.reserve((n - inp.len()).min(RESERVE_STEP));
                fill(stream, inp)?;
            }
            let rest = inp.split_off(n);
            (std::mem::replace(inp, rest), close)
        }
        Framing::Chunked => (read_chunked(stream, inp)?, close),
        Framing::UntilClose => {
            stream.read_to_end(inp).map_err(ApiError::Io)?;
            (std::mem::take(inp), true)
        }
    };
    Ok((Reply { status, body }, close))
}

/// Parses `bytes` as one Runtime API reply, as the client would read it from a connection, and
/// interprets the invocation headers into a [`Context`](crate::Context). For fuzzing and tests;
/// not a stable API.
#[doc(hidden)]
pub fn parse_reply_for_fuzzing(bytes: &[u8]) -> Result<(u16, Vec<u8>, crate::Context), String> {
    let mut inp = Vec::new();
    let mut headers = InvocationHeaders::default();
    let (reply, _) = read_reply(&mut &bytes[..], &mut inp, &mut |n, v| headers.record(n, v))
        .map_err(|e| e.to_string())?;
    let ctx = crate::Context::from_invocation(
        headers,
        std::time::SystemTime::now(),
        std::sync::Arc::default(),
    );
    let _ = (ctx.remaining_time(), ctx.deadline());
    Ok((reply.status, reply.body, ctx))
}

enum Framing {
    Length(usize),
    Chunked,
    UntilClose,
}

/// Reads more bytes into `buf`; end of stream is an error (the message was incomplete).
fn fill(stream: &mut impl Read, buf: &mut Vec<u8>) -> Result<(), ApiError> {
    let start = buf.len();
    buf.resize(start + 16 * 1024, 0);
    let n = loop {
        match stream.read(&mut buf[start..]) {
            Ok(n) => break n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                buf.truncate(start);
                return Err(ApiError::Io(e));
            }
        }
    };
    buf.truncate(start + n);
    if n == 0 {
        return Err(ApiError::Io(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "connection closed mid-message",
        )));
    }
    Ok(())
}

/// Decodes a chunked body from `inp` (refilled from `stream`), leaving bytes past it in `inp`.
fn read_chunked(stream: &mut impl Read, inp: &mut Vec<u8>) -> Result<Vec<u8>, ApiError> {
    let mut body = Vec::new();
    loop {
        let (size_len, size) = loop {
            match httparse::parse_chunk_size(inp) {
                Ok(httparse::Status::Complete(found)) => break found,
                Ok(httparse::Status::Partial) => fill(stream, inp)?,
                Err(_) => return Err(ApiError::Protocol("bad chunk size".into())),
            }
        };
        let size = usize::try_from(size)
            .ok()
            .filter(|s| s.checked_add(size_len + 2).is_some())
            .ok_or_else(|| ApiError::Protocol("chunk too large".into()))?;
        if size == 0 {
            // Skip optional trailers up to the empty line.
            inp.drain(..size_len);
            loop {
                if let Some(end) = inp.windows(2).position(|w| w == b"\r\n") {
                    let empty = end == 0;
                    inp.drain(..end + 2);
                    if empty {
                        return Ok(body);
                    }
                } else {
                    fill(stream, inp)?;
                }
            }
        }
        while inp.len() < size_len + size + 2 {
            fill(stream, inp)?;
        }
        body.extend_from_slice(&inp[size_len..size_len + size]);
        inp.drain(..size_len + size + 2);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(bytes: &[u8]) -> Result<(u16, Vec<u8>), String> {
        parse_reply_for_fuzzing(bytes).map(|(status, body, _)| (status, body))
    }

    #[test]
    fn replies_with_length_chunks_and_close() {
        let ok =
            b"HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: r1\r\nContent-Length: 2\r\n\r\n{}";
        assert_eq!(parse(ok), Ok((200, b"{}".to_vec())));
        let (_, _, ctx) = parse_reply_for_fuzzing(ok).unwrap();
        assert_eq!(ctx.request_id(), "r1");
        let chunked = b"HTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\nX-Trailer: 1\r\n\r\n";
        assert_eq!(parse(chunked), Ok((202, b"abcde".to_vec())));
        let until_close = b"HTTP/1.0 200 OK\r\n\r\nall of it";
        assert_eq!(parse(until_close), Ok((200, b"all of it".to_vec())));
        let no_body = b"HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n";
        assert_eq!(parse(no_body), Ok((204, vec![])));
    }

    #[test]
    fn hostile_replies_are_errors_not_panics_or_huge_allocations() {
        for bad in [
            &b"HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551615\r\n\r\nshort"[..],
            b"HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\nab",
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab",
            b"HTTP/1.1 200 OK\r\nContent-Le",
            b"NOT HTTP AT ALL\r\n\r\n",
            b"",
        ] {
            assert!(parse(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn endpoint_forms() {
        let e = Endpoint::parse("127.0.0.1:9001").unwrap();
        assert_eq!(
            (e.authority.as_str(), e.prefix.as_str()),
            ("127.0.0.1:9001", "")
        );
        let e = Endpoint::parse("http://127.0.0.1:9000/.rt").unwrap();
        assert_eq!(
            (e.authority.as_str(), e.prefix.as_str()),
            ("127.0.0.1:9000", "/.rt")
        );
        let e = Endpoint::parse("http://localhost:9000/").unwrap();
        assert_eq!(
            (e.authority.as_str(), e.prefix.as_str()),
            ("localhost:9000", "")
        );
        let e = Endpoint::parse("[::1]:9001").unwrap();
        assert_eq!(e.authority, "[::1]:9001");
        for bad in [
            "",
            "localhost",
            "https://x:1",
            "x:notaport",
            ":9000",
            "http://",
        ] {
            let err = Endpoint::parse(bad).unwrap_err();
            assert!(err.starts_with("AWS_LAMBDA_RUNTIME_API"), "{bad}: {err}");
        }
    }

    #[test]
    fn requests_are_one_buffer_with_prefix_and_length() {
        let mut c = Client::new(Endpoint::parse("http://127.0.0.1:9/.rt").unwrap());
        c.write_request(
            API_VERSION,
            "POST",
            "/invocation/abc/error",
            &[("Lambda-Runtime-Function-Error-Type", "Bad\r\nX: y")],
            Some(b"{}"),
        );
        let text = String::from_utf8(c.out.clone()).unwrap();
        assert_eq!(
            text,
            "POST /.rt/2018-06-01/runtime/invocation/abc/error HTTP/1.1\r\nHost: 127.0.0.1:9\r\n\
             User-Agent: typed-lambda/0.1.0\r\nLambda-Runtime-Function-Error-Type: BadX: y\r\n\
             Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
        );
    }
}
