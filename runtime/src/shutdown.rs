//! Graceful shutdown: hooks that run when Lambda shuts the execution environment down, e.g. to
//! flush buffered telemetry.
//!
//! Lambda sends the runtime `SIGTERM` before it stops an environment only when an extension is
//! registered (<https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html#runtimes-lifecycle-shutdown>).
//! So when hooks exist, the runtime registers a minimal internal extension (subscribed to no
//! events) during init, and on `SIGTERM` runs the hooks, then exits 0. Lambda allows about
//! 500 ms for this (300 ms with internal extensions only): keep hooks short.
//!
//! ```no_run
//! use typed_lambda::{handle_func, shutdown, Context, Error};
//!
//! fn main() {
//!     shutdown::on_shutdown(|| eprintln!("flushing metrics"));
//!     handle_func(|e: serde_json::Value, _ctx: &Context| -> Result<_, Error> { Ok(e) })
//! }
//! ```

use std::sync::Mutex;

use crate::api::{Client, Endpoint};

/// Name of the internal extension registered for shutdown hooks.
pub const EXTENSION_NAME: &str = "typed-lambda-shutdown";

type Hook = Box<dyn FnOnce() + Send>;

static HOOKS: Mutex<Vec<Hook>> = Mutex::new(Vec::new());

/// Registers `hook` to run on `SIGTERM` (in registration order). Call it before
/// [`handle_func`](crate::handle_func) (or its siblings): they arm the shutdown handling when
/// at least one hook exists.
pub fn on_shutdown(hook: impl FnOnce() + Send + 'static) {
    HOOKS
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(Box::new(hook));
}

/// Runs and removes every registered hook; a panicking hook does not stop the others.
pub fn run_hooks() {
    let hooks = std::mem::take(&mut *HOOKS.lock().unwrap_or_else(|p| p.into_inner()));
    for hook in hooks {
        if std::panic::catch_unwind(std::panic::AssertUnwindSafe(hook)).is_err() {
            tracing::error!("a shutdown hook panicked");
        }
    }
}

fn has_hooks() -> bool {
    !HOOKS.lock().unwrap_or_else(|p| p.into_inner()).is_empty()
}

/// If hooks are registered: registers the internal extension with the API at `endpoint`, keeps
/// its `event/next` poll open on a thread, and handles `SIGTERM` by running the hooks and
/// exiting 0. Failures are logged, never fatal: the function still serves.
pub(crate) fn arm(endpoint: &Endpoint) {
    if !has_hooks() {
        return;
    }
    let mut signals = match signal_hook::iterator::Signals::new([signal_hook::consts::SIGTERM]) {
        Ok(signals) => signals,
        Err(e) => {
            tracing::error!("shutdown hooks disabled: cannot handle SIGTERM: {e}");
            return;
        }
    };
    let spawned = std::thread::Builder::new()
        .name("typed-lambda-sigterm".into())
        .spawn(move || {
            if signals.forever().next().is_some() {
                tracing::info!("SIGTERM: running shutdown hooks");
                run_hooks();
                std::process::exit(0);
            }
        });
    if let Err(e) = spawned {
        tracing::error!("shutdown hooks disabled: cannot start the signal thread: {e}");
        return;
    }
    let mut client = Client::new(endpoint.clone());
    match client.register_extension(EXTENSION_NAME) {
        Ok(id) => {
            // Polling `event/next` tells Lambda the extension's init is done; it never returns
            // for an extension subscribed to no events.
            let _ = std::thread::Builder::new()
                .name("typed-lambda-extension".into())
                .spawn(move || {
                    if let Err(e) = client.extension_next(&id) {
                        tracing::debug!("extension event/next ended: {e}");
                    }
                });
        }
        Err(e) => tracing::error!(
            "cannot register the shutdown extension ({e}); Lambda will not send SIGTERM"
        ),
    }
}
