//! Local invoke, as the README's first command uses it: without `AWS_LAMBDA_RUNTIME_API` an
//! example binary runs its handler once on the event file named by its first argument (or on
//! stdin), prints the JSON result (or the error JSON) to stdout and exits 0 (or 1).
//!
//! Runs the real example binaries (see `support` for where they are found); every sample event
//! shipped in `runtime/examples/events/` must run through its example.

mod support;

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use support::{example_bin, repo_root};

/// A local run that takes longer than this is stuck (it should take milliseconds).
const RUN_TIMEOUT: Duration = Duration::from_secs(20);

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(self.stdout.trim()).unwrap_or_else(|e| {
            panic!(
                "stdout is not one JSON document ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// Runs example `name` locally with `args`, feeding `stdin`, with a bounded wait.
fn run(name: &str, args: &[&Path], stdin: &[u8]) -> Run {
    let bin = example_bin(name);
    let mut command = Command::new(&bin);
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        if key.starts_with("AWS_LAMBDA_") {
            command.env_remove(&*key);
        }
    }
    let mut child = command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn {}: {e}", bin.display()));
    let mut input = child.stdin.take().expect("piped");
    let stdin = stdin.to_vec();
    let writer = thread::spawn(move || {
        // The binary may not read stdin at all (file argument): ignore a broken pipe.
        let _ = input.write_all(&stdin);
    });
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let out_reader = thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let err_reader = thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the example") {
            break status;
        }
        if started.elapsed() > RUN_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{name} did not finish within {RUN_TIMEOUT:?}");
        }
        thread::sleep(Duration::from_millis(10));
    };
    let _ = writer.join();
    Run {
        code: status.code(),
        stdout: out_reader.join().expect("stdout reader"),
        stderr: err_reader.join().expect("stderr reader"),
    }
}

fn run_stdin(name: &str, event: &[u8]) -> Run {
    run(name, &[], event)
}

fn assert_ok(run: &Run, expected: &Value) {
    assert_eq!(
        run.code,
        Some(0),
        "stdout:\n{}\nstderr:\n{}",
        run.stdout,
        run.stderr
    );
    assert_eq!(&run.json(), expected, "stderr:\n{}", run.stderr);
}

/// Asserts exit 1 with an error JSON of `error_type` on stdout; returns the message.
fn assert_error(run: &Run, error_type: &str) -> String {
    assert_eq!(
        run.code,
        Some(1),
        "stdout:\n{}\nstderr:\n{}",
        run.stdout,
        run.stderr
    );
    let error = run.json();
    assert_eq!(error["errorType"], error_type, "error: {error}");
    error["errorMessage"]
        .as_str()
        .expect("errorMessage is a string")
        .to_owned()
}

#[test]
fn hello_reads_the_event_file_named_by_its_argument() {
    let dir = std::env::temp_dir().join(format!("typed-lambda-local-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("jane.json");
    std::fs::write(&file, br#"{"FirstName":"Jane","LastName":"Doe"}"#).expect("write event");
    // stdin carries another event: the file wins.
    let result = run("hello", &[&file], br#"{"FirstName":"Not","LastName":"Me"}"#);
    let _ = std::fs::remove_dir_all(&dir);
    assert_ok(&result, &json!({"message": "Hello, Jane Doe!"}));
}

#[test]
fn hello_reads_stdin_without_an_argument() {
    let result = run_stdin("hello", br#"{"FirstName":"Ada","LastName":"Lovelace"}"#);
    assert_ok(&result, &json!({"message": "Hello, Ada Lovelace!"}));
}

#[test]
fn hello_bad_event_prints_the_error_json_and_exits_1() {
    let result = run_stdin("hello", br#"{"FirstName":"Jane","LastName":3}"#);
    let message = assert_error(&result, "Runtime.UnmarshalError");
    assert!(
        message.starts_with("LastName: invalid type: integer `3`, expected a string"),
        "message: {message}"
    );
}

#[test]
fn missing_event_file_is_an_error_not_a_hang() {
    let result = run(
        "hello",
        &[Path::new("/nonexistent/typed-lambda/event.json")],
        b"",
    );
    assert_eq!(result.code, Some(1), "stderr:\n{}", result.stderr);
    assert!(
        result
            .stderr
            .contains("/nonexistent/typed-lambda/event.json"),
        "the message names the file: {}",
        result.stderr
    );
}

#[test]
fn errors_modes_locally() {
    assert_ok(
        &run_stdin("errors", br#"{"mode":"ok"}"#),
        &json!({"ok": true}),
    );
    let message = assert_error(
        &run_stdin("errors", br#"{"mode":"custom"}"#),
        "ValidationError",
    );
    assert_eq!(message, "mode custom rejected");
    let message = assert_error(&run_stdin("errors", br#"{"mode":"string"}"#), "String");
    assert_eq!(message, "plain string error");
    let message = assert_error(
        &run_stdin("errors", br#"{"mode":"panic"}"#),
        "Runtime.Panic",
    );
    assert!(message.contains("boom"), "message: {message}");
}

#[test]
fn raw_echoes_stdin_locally() {
    let event = br#"{ "z" : [1, 2.50],  "a":"\u00e9" }"#;
    let result = run_stdin("raw", event);
    assert_eq!(result.code, Some(0), "stderr:\n{}", result.stderr);
    assert_eq!(result.stdout.trim_end_matches('\n').as_bytes(), event);
}

#[test]
fn stranger_runs_locally() {
    let result = run_stdin(
        "stranger",
        br#"{"orderId":"o-1","items":[{"sku":"a","quantity":2,"unitPriceCents":150}]}"#,
    );
    assert_eq!(result.code, Some(0), "stderr:\n{}", result.stderr);
    assert_eq!(result.json()["totalCents"], 300);
}

/// Every sample event shipped with the examples runs through its example: the file
/// `runtime/examples/events/<example>[-<variant>].json` belongs to example `<example>`. It must
/// end in a result (exit 0) or a reported error (exit 1 with the error JSON, e.g.
/// `errors-custom.json`), never in a crash, a hang or output that is not JSON.
#[test]
fn every_bundled_sample_event_runs() {
    let events_dir = repo_root().join("runtime/examples/events");
    let mut entries: Vec<_> = std::fs::read_dir(&events_dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", events_dir.display()))
        .map(|entry| entry.expect("dir entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    entries.sort();
    assert!(
        !entries.is_empty(),
        "no sample events in {}",
        events_dir.display()
    );
    for event in entries {
        let stem = event.file_stem().expect("file name").to_string_lossy();
        let example = stem.split('-').next().expect("split yields one item");
        let result = run(example, &[&event], b"");
        let context = format!(
            "{} through example `{example}`:\nstdout:\n{}\nstderr:\n{}",
            event.display(),
            result.stdout,
            result.stderr
        );
        match result.code {
            Some(0) => {
                result.json();
            }
            Some(1) => {
                let error = result.json();
                assert!(error["errorType"].is_string(), "{context}");
                assert!(error["errorMessage"].is_string(), "{context}");
            }
            _ => panic!("{context}"),
        }
    }
}
