//! Echoes the event bytes untouched: `Box<RawValue>` in, `Box<RawValue>` out.
//!
//! Run locally: `cargo run -p typed-lambda --example raw -- runtime/examples/events/raw.json`

use serde_json::value::RawValue;
use typed_lambda::{handle_func, Context, Error};

fn echo(event: Box<RawValue>, ctx: &Context) -> Result<Box<RawValue>, Error> {
    tracing::info!(
        "echoing {} bytes for {}",
        event.get().len(),
        ctx.request_id()
    );
    Ok(event)
}

fn main() {
    handle_func(echo)
}
