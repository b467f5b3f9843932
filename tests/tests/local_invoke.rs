//! Local invoke, as the README's first command uses it: without `AWS_LAMBDA_RUNTIME_API` an
//! example binary runs its handler once on the event file named by its first argument (or on
//! stdin), prints the JSON result (or the error JSON) to stdout and exits 0 (or 1).
//!
//! Runs the real example binaries (`typed_lambda_tests::bins` says where they come from); every sample event
//! shipped in `runtime/examples/events/` must run through its example.

use std::path::Path;

use serde_json::{json, Value};
use typed_lambda_tests::{bundled_events, run_locally as run, LocalRun as Run};

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
/// `errors-custom.json`), never in a crash, a hang or output that is not JSON (`streaming`
/// prints its stream: a JSON prelude, 8 NUL bytes, the body).
#[test]
fn every_bundled_sample_event_runs() {
    for (example, event) in bundled_events() {
        let result = run(&example, &[&event], b"");
        let context = format!(
            "{} through example `{example}`:\nstdout:\n{}\nstderr:\n{}",
            event.display(),
            result.stdout,
            result.stderr
        );
        match result.code {
            // A streamed function-URL response: JSON prelude, 8 NUL bytes, then the body.
            Some(0) if example == "streaming" => {
                let (prelude, body) = result
                    .stdout
                    .split_once("\0\0\0\0\0\0\0\0")
                    .unwrap_or_else(|| panic!("no prelude separator: {context}"));
                let prelude: Value = serde_json::from_str(prelude)
                    .unwrap_or_else(|e| panic!("prelude is not JSON ({e}): {context}"));
                assert!(prelude["statusCode"].is_u64(), "{context}");
                assert!(!body.is_empty(), "{context}");
            }
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

/// The README's first command (`cargo run -p typed-lambda --example hello --
/// runtime/examples/events/hello.json`) prints exactly what the README says it prints.
#[test]
fn readme_first_command_prints_what_the_readme_says() {
    let event = typed_lambda_tests::repo_root().join("runtime/examples/events/hello.json");
    let readme =
        std::fs::read_to_string(typed_lambda_tests::repo_root().join("README.md")).expect("README");
    assert!(
        readme.contains(
            "cargo run -p typed-lambda --example hello -- runtime/examples/events/hello.json"
        ),
        "the README's first command changed: update this test"
    );
    let result = run("hello", &[&event], b"");
    assert_eq!(result.code, Some(0), "stderr:\n{}", result.stderr);
    let printed = result.stdout.trim_end();
    assert_eq!(printed, r#"{"message":"Hello, Jane Doe!"}"#);
    assert!(
        readme.contains(&format!("The first prints `{printed}`")),
        "the README does not show the output {printed}"
    );
}
