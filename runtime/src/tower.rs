//! `tower::Service`s as handlers (feature `tower`): [`serve`].

use serde::de::DeserializeOwned;
use serde::Serialize;
use tower_service::Service;

use crate::decode::{decode_event, encode_response};
use crate::exec::{ready, Executor};
use crate::handler::{catching, RawHandler, Reply, Sink, DECODE_STEP, ENCODE_STEP, HANDLER_STEP};
use crate::{Context, Error, Runtime, RuntimeError};

/// One invocation as a service's request, for services that read better with names than with
/// a tuple: `service_fn(|inv: Invocation<Order>| ...)`.
#[derive(Debug, Clone)]
pub struct Invocation<E> {
    /// The decoded event.
    pub event: E,
    /// The invocation's context.
    pub context: Context,
}

/// A request type [`serve`] can build for a service from an invocation: `(E, Context)` or
/// [`Invocation<E>`].
pub trait ServiceRequest<E> {
    /// The request for `event` and `context`.
    fn from_invocation(event: E, context: Context) -> Self;
}

impl<E> ServiceRequest<E> for (E, Context) {
    fn from_invocation(event: E, context: Context) -> Self {
        (event, context)
    }
}

impl<E> ServiceRequest<E> for Invocation<E> {
    fn from_invocation(event: E, context: Context) -> Self {
        Invocation { event, context }
    }
}

/// Runs `service` for every invocation, forever: [`handle_func`](crate::handle_func) for a
/// `tower::Service<(E, Context)>` (or `Service<Invocation<E>>`), so that `tower::ServiceBuilder`
/// layers (timeouts, concurrency limits, retries, tracing, your own middleware) wrap the
/// handler as they wrap any service. The event is decoded into `E`, the service's response
/// serialized; its error (tower's `BoxError` too) is the invocation's error. With the `tokio`
/// feature the service's futures run on a tokio multi-thread runtime (what tower's timeout
/// layer needs); without it, on the invoking thread.
///
/// ```ignore
/// use std::time::Duration;
/// use tower::ServiceBuilder;
/// use typed_lambda::{Context, Error};
///
/// fn main() {
///     let service = ServiceBuilder::new()
///         .timeout(Duration::from_secs(2))
///         .service_fn(|(name, ctx): (String, Context)| async move {
///             Ok::<_, Error>(format!("Hello, {name} ({})", ctx.request_id()))
///         });
///     typed_lambda::serve(service)
/// }
/// ```
pub fn serve<S, Req, E>(service: S) -> !
where
    S: Service<Req>,
    Req: ServiceRequest<E>,
    E: DeserializeOwned,
    S::Response: Serialize,
    S::Error: Into<Error>,
{
    crate::log::init();
    crate::serve_or_run_locally(ServiceHandler::new(service))
}

impl Runtime {
    /// Serves invocations with a `tower::Service` (see [`serve`]) until the Runtime API goes
    /// away.
    pub fn run_service<S, Req, E>(self, service: S) -> Result<(), RuntimeError>
    where
        S: Service<Req>,
        Req: ServiceRequest<E>,
        E: DeserializeOwned,
        S::Response: Serialize,
        S::Error: Into<Error>,
    {
        self.serve(ServiceHandler::new(service))
    }
}

struct ServiceHandler<S, Req, E> {
    service: S,
    exec: Option<Executor>,
    types: std::marker::PhantomData<fn(E) -> Req>,
}

impl<S, Req, E> ServiceHandler<S, Req, E> {
    fn new(service: S) -> Self {
        ServiceHandler {
            service,
            exec: None,
            types: std::marker::PhantomData,
        }
    }
}

impl<S, Req, E> RawHandler for ServiceHandler<S, Req, E>
where
    S: Service<Req>,
    Req: ServiceRequest<E>,
    E: DeserializeOwned,
    S::Response: Serialize,
    S::Error: Into<Error>,
{
    fn call(&mut self, event: &[u8], ctx: &Context, _sink: Sink<'_>) -> Reply {
        Reply::Buffered(self.invoke(event, ctx))
    }
}

impl<S, Req, E> ServiceHandler<S, Req, E>
where
    S: Service<Req>,
    Req: ServiceRequest<E>,
    E: DeserializeOwned,
    S::Response: Serialize,
    S::Error: Into<Error>,
{
    fn invoke(&mut self, event: &[u8], ctx: &Context) -> Result<Vec<u8>, Error> {
        let event: E = catching(DECODE_STEP, || decode_event(event))?;
        if self.exec.is_none() {
            self.exec = Some(Executor::new().map_err(|e| {
                Error::new(
                    crate::error::INIT_ERROR,
                    format!("cannot start the tokio runtime: {e}"),
                )
            })?);
        }
        let exec = self.exec.as_ref().expect("set above");
        let service = &mut self.service;
        let request = Req::from_invocation(event, ctx.clone());
        let response = catching(HANDLER_STEP, || {
            exec.block_on(async move {
                ready(service).await.map_err(Into::into)?;
                service.call(request).await.map_err(Into::into)
            })
        })?;
        catching(ENCODE_STEP, || encode_response(&response))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::Ready;
    use std::task::Poll;

    /// Counts its calls; fails on "boom"; not ready once after each call (a service that
    /// applies back-pressure, like a concurrency limit).
    struct Counter {
        calls: u32,
        ready_polls: u32,
    }

    impl Service<(String, Context)> for Counter {
        type Response = String;
        type Error = Error;
        type Future = Ready<Result<String, Error>>;

        fn poll_ready(&mut self, cx: &mut std::task::Context<'_>) -> Poll<Result<(), Error>> {
            self.ready_polls += 1;
            if self.ready_polls % 2 == 1 {
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
            Poll::Ready(Ok(()))
        }

        fn call(&mut self, (name, ctx): (String, Context)) -> Self::Future {
            self.calls += 1;
            std::future::ready(if name == "boom" {
                Err(Error::new("Boom", "asked to fail"))
            } else {
                Ok(format!("{name} #{} {}", self.calls, ctx.request_id()))
            })
        }
    }

    #[test]
    fn a_service_answers_after_ready_and_its_error_fails_the_invocation() {
        let mut h = ServiceHandler::new(Counter {
            calls: 0,
            ready_polls: 0,
        });
        let ctx = Context::local("req-7", std::time::Duration::from_secs(3));
        assert_eq!(h.invoke(b"\"ann\"", &ctx).unwrap(), b"\"ann #1 req-7\"");
        assert_eq!(h.invoke(b"\"bo\"", &ctx).unwrap(), b"\"bo #2 req-7\"");
        let e = h.invoke(b"\"boom\"", &ctx).unwrap_err();
        assert_eq!((e.error_type(), e.message()), ("Boom", "asked to fail"));
        let e = h.invoke(b"42", &ctx).unwrap_err();
        assert_eq!(e.error_type(), crate::error::UNMARSHAL_ERROR);
        assert_eq!(
            h.service.ready_polls, 6,
            "poll_ready until ready, for each call"
        );
    }
}
