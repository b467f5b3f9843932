//! The `http` scenario's function on lambda_http 1.3: the axum hello route, run the way its
//! README runs an axum app.

use axum::routing::get;
use axum::Router;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    let app = Router::new().route("/hello", get(|| async { "Hello, world!" }));
    lambda_http::run(app).await
}
