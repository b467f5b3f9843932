//! Every way a handler can fail, chosen by the event's `mode`:
//! `ok`, `custom` (errorType `ValidationError`), `panic`, `string`, `io`, `anyhow` (any error
//! type converts with `?`, `anyhow::Error` included).
//!
//! Run locally: `cargo run -p typed-lambda --example errors -- runtime/examples/events/errors-custom.json`
//! (exits 1 and prints the error JSON).

use serde::Deserialize;
use serde_json::{json, Value};
use typed_lambda::{handle_func, Context, Error};

#[derive(Debug, Deserialize)]
struct Request {
    mode: String,
}

fn fail(request: Request, _ctx: &Context) -> Result<Value, Error> {
    match request.mode.as_str() {
        "ok" => Ok(json!({ "ok": true })),
        // The caller chooses the errorType.
        "custom" => Err(Error::new("ValidationError", "mode custom rejected")),
        // A String error reports errorType "String".
        "string" => Err(String::from("plain string error").into()),
        // A std error reports its type name ("io::Error" for std::io::Error, "VarError", ...).
        "io" => Err(std::fs::read("/nonexistent/typed-lambda")
            .unwrap_err()
            .into()),
        "anyhow" => Err(anyhow::anyhow!("disk full").context("saving report").into()),
        "panic" => panic!("boom"),
        other => Err(Error::new("UnknownMode", format!("unknown mode {other:?}"))),
    }
}

fn main() {
    handle_func(fail)
}
