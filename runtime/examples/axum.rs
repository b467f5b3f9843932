//! An axum app on Lambda, unchanged: the same `Router` answers API Gateway (REST, HTTP API 1.0
//! and 2.0), function URLs, ALB and VPC Lattice events. Routes are written as the client sees
//! them: a REST API's stage (`/prod`) is not in the path.
//!
//! Run locally on an HTTP API 2.0 event and a function URL event:
//!
//! ```text
//! cargo run -p typed-lambda --features __examples --example axum -- runtime/examples/events/http/apigw-v2.json
//! cargo run -p typed-lambda --features __examples --example axum -- runtime/examples/events/http/function-url.json
//! ```
//!
//! In your own crate: `typed-lambda = { version = "0.1", features = ["http", "tokio"] }` and
//! `axum = { version = "0.8", default-features = false, features = ["json", "query", "tokio"] }`.
//!
//! `typed_lambda::http::handle` takes a plain function instead, when there is no router to bring.

use axum::extract::{Path, Query};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::{Deserialize, Serialize};
use typed_lambda::http::HttpEvent;
use typed_lambda::Context;

#[derive(Serialize)]
struct Greeting {
    message: String,
    request_id: String,
    trigger: &'static str,
}

#[derive(Deserialize)]
struct Shout {
    #[serde(default)]
    loud: bool,
}

/// `GET /hello/{name}?loud=true`: path and query extractors, and the Lambda context and
/// original event from the request's extensions.
async fn hello(
    Path(name): Path<String>,
    Query(shout): Query<Shout>,
    Extension(ctx): Extension<Context>,
    Extension(event): Extension<HttpEvent>,
) -> Json<Greeting> {
    let mut message = format!("Hello, {name}!");
    if shout.loud {
        message = message.to_uppercase();
    }
    Json(Greeting {
        message,
        request_id: ctx.request_id().to_owned(),
        trigger: event.trigger(),
    })
}

/// `POST /echo`: the body back, with its content type (binary bodies go out base64).
async fn echo(headers: HeaderMap, body: axum::body::Bytes) -> impl IntoResponse {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .cloned()
        .unwrap_or(header::HeaderValue::from_static("application/octet-stream"));
    ([(header::CONTENT_TYPE, content_type)], body)
}

/// `GET /login`: two cookies (`cookies` in an HTTP API 2.0 / function URL response).
async fn login() -> impl IntoResponse {
    (
        StatusCode::SEE_OTHER,
        [
            (header::SET_COOKIE, "session=abc; HttpOnly"),
            (header::SET_COOKIE, "theme=dark"),
            (header::LOCATION, "/"),
        ],
    )
}

fn app() -> Router {
    Router::new()
        .route("/", get(|| async { "typed-lambda + axum" }))
        .route("/hello/{name}", get(hello))
        .route("/echo", post(echo))
        .route("/login", get(login))
}

fn main() {
    typed_lambda::http::serve(app())
}
