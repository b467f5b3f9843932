//! A web function without a framework (feature `http` only: no tower, no tokio): a plain
//! function from `http::Request` to `http::Response`, for every HTTP trigger.
//!
//! Run locally: `cargo run -p typed-lambda --features http --example http_fn -- runtime/examples/events/http/apigw-v2.json`
//!
//! Use `typed_lambda::http::handle` for a handful of routes you match yourself; bring a router
//! (axum, `runtime/examples/axum.rs`) with `typed_lambda::http::serve` when there are more.

use http::{Request, Response};
use typed_lambda::http::{Body, RequestExt};
use typed_lambda::{Context, Error};

fn hello(req: Request<Body>, ctx: &Context) -> Result<Response<String>, Error> {
    let name = req.query_params().get("name").unwrap_or("world").to_owned();
    let response = Response::builder()
        .header("content-type", "text/plain; charset=utf-8")
        .body(format!("Hello, {name}! ({})", ctx.request_id()))?;
    Ok(response)
}

fn main() {
    typed_lambda::http::handle(hello)
}
