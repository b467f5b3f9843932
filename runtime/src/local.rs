//! Local invoke: without `AWS_LAMBDA_RUNTIME_API`, run the handler once on an event from a file
//! (first argument) or stdin, print the JSON result or error to stdout, exit 0 or 1.

use std::io::{Read, Write};
use std::time::Duration;

use crate::handler::RawHandler;
use crate::{Context, Error};

/// Lambda's default function timeout, used as the local deadline.
const LOCAL_TIMEOUT: Duration = Duration::from_secs(3);

/// Runs `handler` once and returns the process exit code.
pub(crate) fn run(mut handler: impl RawHandler) -> i32 {
    let event = match read_event() {
        Ok(event) => event,
        Err(message) => {
            eprintln!("typed-lambda: {message}");
            print_json(&Error::new("Runtime.LocalInvokeError", message).to_json());
            return 1;
        }
    };
    let request_id = format!("local-{}", std::process::id());
    let ctx = Context::local(&request_id, LOCAL_TIMEOUT);
    let span = tracing::info_span!("invocation", requestId = ctx.request_id());
    let _entered = span.enter();
    match handler.call(&event, &ctx) {
        Ok(body) => {
            print_json(&body);
            0
        }
        Err(error) => {
            tracing::error!(errorType = error.error_type(), "{}", error.message());
            print_json(&error.to_json());
            1
        }
    }
}

fn read_event() -> Result<Vec<u8>, String> {
    match std::env::args_os().nth(1) {
        Some(path) => std::fs::read(&path)
            .map_err(|e| format!("cannot read event file {}: {e}", path.to_string_lossy())),
        None => {
            let mut event = Vec::new();
            std::io::stdin()
                .read_to_end(&mut event)
                .map_err(|e| format!("cannot read the event from stdin: {e}"))?;
            Ok(event)
        }
    }
}

fn print_json(body: &[u8]) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(body);
    let _ = out.write_all(b"\n");
    let _ = out.flush();
}
