//! A streaming function URL response: a countdown sent line by line, with status and headers.
//! Configure the function URL with `InvokeMode: RESPONSE_STREAM`.
//!
//! Run locally (the stream goes to stdout, prelude included):
//! `cargo run -p typed-lambda --example streaming -- runtime/examples/events/streaming.json`

use std::io::Write;
use std::time::Duration;

use serde::Deserialize;
use typed_lambda::streaming::{handle_streaming, ResponseStream};
use typed_lambda::{Context, Error};

#[derive(Debug, Deserialize)]
struct Countdown {
    from: u32,
    #[serde(default)]
    pause_ms: u64,
}

fn countdown(req: Countdown, ctx: &Context, out: &mut ResponseStream<'_>) -> Result<(), Error> {
    out.http_response(200, &[("content-type", "text/plain; charset=utf-8")], &[])?;
    for n in (1..=req.from).rev() {
        if ctx.remaining_time() < Duration::from_millis(req.pause_ms + 100) {
            return Err(Error::new(
                "Timeout",
                format!("stopped at {n}: out of time"),
            ));
        }
        writeln!(out, "{n}...")?;
        out.flush()?; // one chunk per line, sent now
        std::thread::sleep(Duration::from_millis(req.pause_ms));
    }
    writeln!(out, "liftoff")?;
    Ok(())
}

fn main() {
    handle_streaming(countdown)
}
