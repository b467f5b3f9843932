//! A `tower::Service` as the handler (feature `tower`): `ServiceBuilder` layers wrap it as they
//! wrap any service. Here a timeout and a concurrency limit around a greeting service, with the
//! invocation as an `Invocation<E>` (a `(E, Context)` tuple works too). Layers want errors that
//! are `std::error::Error`s: the service fails with `tower::BoxError`, which converts into
//! `typed_lambda::Error`.
//!
//! Run locally: `cargo run -p typed-lambda --features __examples --example tower -- runtime/examples/events/raw.json`
//!
//! Use `handle_func` when a function is all you have; `serve` when the handler is a service, or
//! when you want tower's middleware around it.

use std::time::Duration;

use tower::ServiceBuilder;
use typed_lambda::Invocation;

fn main() {
    let service = ServiceBuilder::new()
        .timeout(Duration::from_secs(2))
        .concurrency_limit(1)
        .service_fn(|inv: Invocation<serde_json::Value>| async move {
            tokio::time::sleep(Duration::from_millis(1)).await;
            Ok::<_, tower::BoxError>(serde_json::json!({
                "received": inv.event,
                "requestId": inv.context.request_id(),
            }))
        });
    typed_lambda::serve(service)
}
