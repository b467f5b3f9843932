//! `typed_lambda::init`, end to end: a process whose start-up code fails (or panics) reports
//! the error to `/runtime/init/error` and exits 1; locally it prints the error JSON and exits 1.
//! The process is this test binary run again as a child (see `support`).

mod support;

use serde_json::{json, Value};
use typed_lambda::testing::FakeRuntimeApi;
use typed_lambda::{Context, Error};

use support::{child_mode, json_lines, run_child};

const CHILD: &str = "child_process_with_init";

/// The child: start-up code that fails as its mode says, then a handler it never reaches.
#[test]
#[ignore = "run as a child process by the other tests of this file"]
fn child_process_with_init() {
    let Some(mode) = child_mode() else {
        return;
    };
    let table: String = typed_lambda::init(|| match mode.as_str() {
        "error" => Err(Error::new("ConfigError", "TABLE_NAME is not set")),
        "panic" => panic!("config file missing"),
        _ => Ok("orders".to_owned()),
    });
    typed_lambda::handle_func(
        move |key: String, _ctx: &Context| -> Result<String, Error> {
            Ok(format!("{table}/{key}"))
        },
    )
}

fn assert_reported(mode: &str, error_type: &str, message: &str) {
    let fake = FakeRuntimeApi::start();
    let out = run_child(CHILD, mode, Some(&fake.endpoint()), None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");

    let reports = fake.init_errors();
    assert_eq!(reports.len(), 1, "{reports:?}");
    assert_eq!(reports[0].method, "POST");
    assert_eq!(
        reports[0].header("lambda-runtime-function-error-type"),
        Some(error_type)
    );
    let body: Value = serde_json::from_slice(&reports[0].body).unwrap();
    assert_eq!(
        body,
        json!({"errorType": error_type, "errorMessage": message})
    );
    // It never went on to poll for invocations.
    assert!(
        fake.requests()
            .iter()
            .all(|r| !r.path.ends_with("/invocation/next")),
        "{:?}",
        fake.requests()
    );
    // The failure is logged too, where CloudWatch picks it up.
    assert!(stderr.contains("init failed"), "{stderr}");
}

#[test]
fn init_error_goes_to_the_runtime_api_and_exits_1() {
    assert_reported("error", "ConfigError", "TABLE_NAME is not set");
}

#[test]
fn init_panic_goes_to_the_runtime_api_and_exits_1() {
    assert_reported(
        "panic",
        "Runtime.Panic",
        "init panicked: config file missing",
    );
}

#[test]
fn init_error_locally_prints_the_error_json_and_exits_1() {
    for (mode, error_type, message) in [
        ("error", "ConfigError", "TABLE_NAME is not set"),
        (
            "panic",
            "Runtime.Panic",
            "init panicked: config file missing",
        ),
    ] {
        let out = run_child(CHILD, mode, None, None);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{mode}: {stderr}");
        let lines = json_lines(&out.stdout);
        assert_eq!(
            lines,
            vec![json!({"errorType": error_type, "errorMessage": message})],
            "{mode}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn successful_init_goes_on_to_serve() {
    let fake = FakeRuntimeApi::start();
    let endpoint = fake.endpoint();
    let child = std::thread::spawn(move || run_child(CHILD, "ok", Some(&endpoint), None));
    assert_eq!(fake.invoke(r#""k1""#).json(), json!("orders/k1"));
    assert!(fake.init_errors().is_empty());
    drop(fake);
    let out = child.join().unwrap();
    // Stopped by the fake going away, not by init.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("typed-lambda: stopping"), "{stderr}");
}
