//! Response streaming: handlers that write their response progressively, for function URLs
//! with `InvokeMode: RESPONSE_STREAM` and `InvokeWithResponseStream`.
//!
//! The response goes to Lambda as it is written: `POST /invocation/{id}/response` with
//! `Lambda-Runtime-Function-Response-Mode: streaming` and a chunked body. An error after the
//! first bytes left is sent as the `Lambda-Runtime-Function-Error-Type` and
//! `Lambda-Runtime-Function-Error-Body` trailers; an error before that is reported like any
//! other error. See
//! <https://docs.aws.amazon.com/lambda/latest/dg/runtimes-custom.html#runtimes-custom-response-streaming>.
//!
//! ```no_run
//! use std::io::Write;
//! use typed_lambda::streaming::{handle_streaming, ResponseStream};
//! use typed_lambda::{Context, Error};
//!
//! fn countdown(from: u32, _ctx: &Context, out: &mut ResponseStream<'_>) -> Result<(), Error> {
//!     // For a function URL: status, headers and cookies first.
//!     out.http_response(200, &[("content-type", "text/plain")], &[])?;
//!     for n in (1..=from).rev() {
//!         writeln!(out, "{n}...")?;
//!         out.flush()?; // send what was written so far as one chunk
//!     }
//!     out.write_all(b"liftoff\n")?;
//!     Ok(())
//! }
//!
//! fn main() {
//!     handle_streaming(countdown)
//! }
//! ```

use std::borrow::Cow;
use std::io::{self, Write};
use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::api::ApiError;
use crate::decode::decode_event;
use crate::handler::{catching, RawHandler, Reply, Sink, DECODE_STEP, HANDLER_STEP};
use crate::{Context, Error, Runtime, RuntimeError};

/// Content type of a streamed function URL response that starts with an HTTP prelude.
pub const HTTP_INTEGRATION_CONTENT_TYPE: &str =
    "application/vnd.awslambda.http-integration-response";

/// Bytes buffered before they are sent as a chunk without an explicit `flush`.
const CHUNK_BYTES: usize = 16 * 1024;

/// The response of a streaming handler: write to it (`std::io::Write`), `flush` to send what was
/// written as one chunk. Whatever is left is sent when the handler returns.
pub struct ResponseStream<'a> {
    sink: Sink<'a>,
    request_id: String,
    content_type: Cow<'static, str>,
    buffer: Vec<u8>,
    started: bool,
    broken: Option<ApiError>,
}

impl<'a> ResponseStream<'a> {
    pub(crate) fn new(sink: Sink<'a>, request_id: &str) -> Self {
        ResponseStream {
            sink,
            request_id: request_id.to_owned(),
            content_type: Cow::Borrowed("application/octet-stream"),
            buffer: Vec::new(),
            started: false,
            broken: None,
        }
    }

    /// Sets the `Content-Type` of the stream (default `application/octet-stream`). Only before
    /// the first bytes are sent.
    pub fn set_content_type(
        &mut self,
        content_type: impl Into<Cow<'static, str>>,
    ) -> io::Result<()> {
        self.before_start("set_content_type")?;
        self.content_type = content_type.into();
        Ok(())
    }

    /// Starts a function URL response: status code, headers and cookies, sent as the JSON
    /// prelude Lambda expects (then eight NUL bytes), before any body byte.
    pub fn http_response(
        &mut self,
        status_code: u16,
        headers: &[(&str, &str)],
        cookies: &[&str],
    ) -> io::Result<()> {
        self.before_start("http_response")?;
        if !self.buffer.is_empty() {
            return Err(io::Error::other(
                "http_response must come before any body bytes",
            ));
        }
        let headers: serde_json::Map<String, serde_json::Value> = headers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).into()))
            .collect();
        let prelude = serde_json::json!({
            "statusCode": status_code,
            "headers": headers,
            "cookies": cookies,
        });
        self.content_type = Cow::Borrowed(HTTP_INTEGRATION_CONTENT_TYPE);
        serde_json::to_writer(&mut self.buffer, &prelude).map_err(io::Error::other)?;
        self.buffer.extend_from_slice(&[0u8; 8]);
        Ok(())
    }

    /// Sends `value` as one line of JSON (newline-delimited JSON), as its own chunk.
    pub fn send_json<T: Serialize>(&mut self, value: &T) -> io::Result<()> {
        serde_json::to_writer(&mut self.buffer, value).map_err(io::Error::other)?;
        self.buffer.push(b'\n');
        self.flush()
    }

    /// Whether any bytes have been sent yet.
    pub fn is_started(&self) -> bool {
        self.started
    }

    fn before_start(&self, what: &str) -> io::Result<()> {
        if self.started {
            return Err(io::Error::other(format!(
                "{what} must come before the first bytes are sent"
            )));
        }
        Ok(())
    }

    fn send_buffer(&mut self) -> Result<(), ApiError> {
        if let Some(e) = &self.broken {
            return Err(ApiError::Protocol(format!("stream already failed: {e}")));
        }
        let result = match &mut self.sink {
            Sink::Api(client) => {
                if !self.started {
                    client.start_stream(&self.request_id, &self.content_type)?;
                }
                client.stream_chunk(&self.buffer)
            }
            Sink::Local(out) => out.write_all(&self.buffer).map_err(ApiError::Io),
        };
        self.started = true;
        self.buffer.clear();
        result
    }

    /// Ends the stream; `error` goes out as trailers.
    pub(crate) fn finish(mut self, error: Option<&Error>) -> Result<(), ApiError> {
        if let Some(e) = self.broken.take() {
            return Err(e);
        }
        // Send what is left (for an empty success, at least the head).
        if !self.buffer.is_empty() || !self.started {
            self.send_buffer()?;
        }
        match &mut self.sink {
            Sink::Api(client) => client.finish_stream(error),
            Sink::Local(out) => out.flush().map_err(ApiError::Io),
        }
    }
}

impl Write for ResponseStream<'_> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(data);
        if self.buffer.len() >= CHUNK_BYTES {
            self.flush()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        self.send_buffer().map_err(|e| {
            let error = io::Error::other(format!("streaming to Lambda failed: {e}"));
            self.broken = Some(e);
            error
        })
    }
}

/// A streaming `FnMut(E, &Context, &mut ResponseStream) -> Result<(), Err>`.
pub(crate) struct StreamingHandler<F, E, Err> {
    f: F,
    types: PhantomData<fn(E) -> Err>,
}

impl<F, E, Err> RawHandler for StreamingHandler<F, E, Err>
where
    F: FnMut(E, &Context, &mut ResponseStream<'_>) -> Result<(), Err>,
    E: DeserializeOwned,
    Err: Into<Error>,
{
    fn call(&mut self, event: &[u8], ctx: &Context, sink: Sink<'_>) -> Reply {
        let event: E = match catching(DECODE_STEP, || decode_event(event)) {
            Ok(event) => event,
            Err(e) => return Reply::Buffered(Err(e)),
        };
        let mut stream = ResponseStream::new(sink, ctx.request_id());
        let error = catching(HANDLER_STEP, || {
            (self.f)(event, ctx, &mut stream).map_err(Into::into)
        })
        .err();
        match error {
            // Nothing left yet: report the error the ordinary way.
            Some(error) if !stream.started => Reply::Buffered(Err(error)),
            error => {
                let api = stream.finish(error.as_ref());
                Reply::Streamed { error, api }
            }
        }
    }
}

/// Runs a streaming handler for every invocation, forever: [`handle_func`](crate::handle_func)
/// for handlers that write their response progressively. Locally (no
/// `AWS_LAMBDA_RUNTIME_API`) the streamed bytes go to stdout.
pub fn handle_streaming<F, E, Err>(handler: F) -> !
where
    F: FnMut(E, &Context, &mut ResponseStream<'_>) -> Result<(), Err>,
    E: DeserializeOwned,
    Err: Into<Error>,
{
    crate::log::init();
    crate::serve_or_run_locally(StreamingHandler {
        f: handler,
        types: PhantomData,
    })
}

impl Runtime {
    /// Serves invocations with a streaming handler until the Runtime API goes away.
    pub fn run_streaming<F, E, Err>(self, handler: F) -> Result<(), RuntimeError>
    where
        F: FnMut(E, &Context, &mut ResponseStream<'_>) -> Result<(), Err>,
        E: DeserializeOwned,
        Err: Into<Error>,
    {
        self.serve(StreamingHandler {
            f: handler,
            types: PhantomData,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(n: u32, _ctx: &Context, out: &mut ResponseStream<'_>) -> Result<(), Error> {
        for i in 0..n {
            writeln!(out, "line {i}")?;
            out.flush()?;
        }
        if n == 0 {
            out.write_all(b"partial")?;
            out.flush()?;
            return Err(Error::new("Empty", "n is 0"));
        }
        Ok(())
    }

    fn local(input: &str) -> (i32, String) {
        let mut out = Vec::new();
        let handler = StreamingHandler {
            f: lines,
            types: PhantomData,
        };
        let code = crate::local::run_with(handler, None, input.as_bytes(), &mut out);
        (code, String::from_utf8(out).unwrap())
    }

    #[test]
    fn local_run_streams_to_stdout() {
        assert_eq!(local("2"), (0, "line 0\nline 1\n\n".into()));
        let (code, out) = local("0");
        assert_eq!(code, 1);
        assert_eq!(
            out,
            "partial\n{\"errorType\":\"Empty\",\"errorMessage\":\"n is 0\"}\n"
        );
        let (code, out) = local("\"x\"");
        assert_eq!(code, 1);
        assert!(out.contains("Runtime.UnmarshalError"), "{out}");
    }
}
