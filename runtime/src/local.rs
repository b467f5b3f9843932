//! Local invoke: without `AWS_LAMBDA_RUNTIME_API`, run the handler once on an event from a file
//! (first argument) or stdin, print the JSON result or error to stdout, exit 0 or 1.

use std::io::{Read, Write};
use std::time::Duration;

use crate::handler::{RawHandler, Reply, Sink};
use crate::{Context, Error};

/// Lambda's default function timeout, used as the local deadline.
const LOCAL_TIMEOUT: Duration = Duration::from_secs(3);

/// Runs `handler` once on the event named by the command line and returns the exit code.
pub(crate) fn run(handler: impl RawHandler) -> i32 {
    let path = std::env::args_os().nth(1).map(std::path::PathBuf::from);
    run_with(
        handler,
        path.as_deref(),
        std::io::stdin().lock(),
        &mut std::io::stdout().lock(),
    )
}

/// Runs `handler` once on the event in the file at `path`, or read from `stdin` when there is
/// none, writes the result or error JSON and a newline to `out`, and returns the exit code.
pub(crate) fn run_with(
    mut handler: impl RawHandler,
    path: Option<&std::path::Path>,
    stdin: impl Read,
    out: &mut impl Write,
) -> i32 {
    let event = match read_event(path, stdin) {
        Ok(event) => event,
        Err(message) => {
            eprintln!("typed-lambda: {message}");
            print_json(
                out,
                &Error::new("Runtime.LocalInvokeError", message).to_json(),
            );
            return 1;
        }
    };
    let request_id = format!("local-{}", std::process::id());
    let ctx = Context::local(&request_id, LOCAL_TIMEOUT);
    let span = tracing::error_span!("invocation", requestId = ctx.request_id());
    let _entered = span.enter();
    match handler.call(&event, &ctx, Sink::Local(out)) {
        Reply::Buffered(Ok(body)) => {
            print_json(out, &body);
            0
        }
        Reply::Streamed { error: None, .. } => {
            let _ = out.write_all(b"\n");
            0
        }
        Reply::Streamed {
            error: Some(error), ..
        } => {
            tracing::error!(errorType = error.error_type(), "{}", error.message());
            let _ = out.write_all(b"\n");
            print_json(out, &error.to_json());
            1
        }
        Reply::Buffered(Err(error)) => {
            tracing::error!(errorType = error.error_type(), "{}", error.message());
            print_json(out, &error.to_json());
            1
        }
    }
}

/// The UTF-8 byte-order mark that editors on Windows (and PowerShell pipes) put at the start of
/// a text file. JSON forbids it and Lambda never sends one, so local invoke skips it.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The event bytes from the file at `path` or from `stdin`, without a leading UTF-8 BOM.
fn read_event(path: Option<&std::path::Path>, stdin: impl Read) -> Result<Vec<u8>, String> {
    let mut event = read_raw_event(path, stdin)?;
    if event.starts_with(UTF8_BOM) {
        event.drain(..UTF8_BOM.len());
    }
    Ok(event)
}

fn read_raw_event(path: Option<&std::path::Path>, mut stdin: impl Read) -> Result<Vec<u8>, String> {
    match path {
        Some(path) => std::fs::read(path)
            .map_err(|e| format!("cannot read event file {}: {e}", path.display())),
        None => {
            let mut event = Vec::new();
            stdin
                .read_to_end(&mut event)
                .map_err(|e| format!("cannot read the event from stdin: {e}"))?;
            Ok(event)
        }
    }
}

fn print_json(out: &mut impl Write, body: &[u8]) {
    let _ = out.write_all(body);
    let _ = out.write_all(b"\n");
    let _ = out.flush();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handler::SyncHandler;

    fn double(n: i64, ctx: &Context) -> Result<i64, Error> {
        assert!(ctx.request_id().starts_with("local-"));
        assert!(ctx.remaining_time() > Duration::from_secs(2));
        if n < 0 {
            return Err(Error::new("Negative", "n < 0"));
        }
        Ok(n * 2)
    }

    fn run_on(path: Option<&std::path::Path>, stdin: &str) -> (i32, String) {
        let mut out = Vec::new();
        let code = run_with(SyncHandler::new(double), path, stdin.as_bytes(), &mut out);
        (code, String::from_utf8(out).unwrap())
    }

    #[test]
    fn stdin_result_and_exit_codes() {
        assert_eq!(run_on(None, "21"), (0, "42\n".into()));
        assert_eq!(
            run_on(None, "-1"),
            (
                1,
                "{\"errorType\":\"Negative\",\"errorMessage\":\"n < 0\"}\n".into()
            )
        );
        let (code, out) = run_on(None, "\"x\"");
        assert_eq!(code, 1);
        assert!(out.contains("Runtime.UnmarshalError"), "{out}");
    }

    #[test]
    fn local_runs_name_the_function_after_the_binary() {
        let binary = std::env::current_exe().unwrap();
        let stem = binary.file_stem().unwrap().to_str().unwrap();
        assert!(stem.starts_with("typed_lambda-"), "{stem}"); // the unit-test binary
        let ctx = Context::local("local-1", Duration::from_secs(1));
        assert_eq!(ctx.function_name(), stem);
    }

    #[test]
    fn event_file_and_missing_file() {
        let path =
            std::env::temp_dir().join(format!("typed-lambda-local-{}.json", std::process::id()));
        std::fs::write(&path, "5").unwrap();
        assert_eq!(run_on(Some(&path), "ignored"), (0, "10\n".into()));
        std::fs::remove_file(&path).unwrap();
        let (code, out) = run_on(Some(&path), "");
        assert_eq!(code, 1);
        assert!(
            out.contains("Runtime.LocalInvokeError") && out.contains("cannot read event file"),
            "{out}"
        );
    }

    #[test]
    fn a_leading_utf8_bom_is_skipped() {
        let path = std::env::temp_dir().join(format!(
            "typed-lambda-local-bom-{}.json",
            std::process::id()
        ));
        // an editor's byte-order mark is skipped, in a file and on stdin
        std::fs::write(&path, b"\xEF\xBB\xBF{\"n\": 1}").unwrap();
        let mut out = Vec::new();
        let echo =
            |e: serde_json::Value, _: &Context| -> Result<serde_json::Value, Error> { Ok(e) };
        assert_eq!(
            run_with(SyncHandler::new(echo), Some(&path), &b""[..], &mut out),
            0
        );
        assert_eq!(String::from_utf8(out).unwrap(), "{\"n\":1}\n");
        assert_eq!(run_on(None, "\u{feff}21"), (0, "42\n".into()));
        // only a leading one: a BOM elsewhere is the JSON error it is
        let (code, out) = run_on(None, "21\u{feff}");
        assert_eq!(code, 1);
        assert!(out.contains("Runtime.UnmarshalError"), "{out}");
        std::fs::remove_file(&path).unwrap();
    }
}
