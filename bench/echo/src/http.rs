//! The `http` scenario's function on typed-lambda: the axum hello route through
//! `typed_lambda::http::serve` (feature `http`, no tokio: the route awaits nothing).

use axum::routing::get;
use axum::Router;

fn main() {
    let app = Router::new().route("/hello", get(|| async { "Hello, world!" }));
    typed_lambda::http::serve(app)
}
