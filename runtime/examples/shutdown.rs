//! A shutdown hook: counts invocations and reports the count when Lambda shuts the execution
//! environment down (SIGTERM). The hook makes the runtime register a minimal internal
//! extension, without which Lambda would not send SIGTERM.
//!
//! Run locally: `cargo run -p typed-lambda --example shutdown -- runtime/examples/events/context.json`
//! (locally there is no SIGTERM from Lambda; the hook runs when a real runtime is shut down).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use serde_json::Value;
use typed_lambda::{handle_func, shutdown, Context, Error};

fn main() {
    let served = Arc::new(AtomicU64::new(0));
    let reported = served.clone();
    shutdown::on_shutdown(move || {
        // Flush telemetry here; printing stands in for it.
        println!(
            "shutdown: flushed after {} invocations",
            reported.load(Ordering::SeqCst)
        );
    });
    handle_func(
        move |event: Value, _ctx: &Context| -> Result<Value, Error> {
            served.fetch_add(1, Ordering::SeqCst);
            Ok(event)
        },
    )
}
