//! `Runtime::run_async` and `handle_async` (feature `tokio`): same semantics as the sync loop.
//! `handle_async` ends the process, so it runs in this test binary re-executed as a child
//! (see `support`).

mod support;

use std::time::Duration;

use serde_json::{json, Value};
use typed_lambda::testing::FakeRuntimeApi;
use typed_lambda::{Context, Error};

use support::{child_mode, json_lines, run_child};

const CHILD: &str = "child_process_with_handle_async";

/// The child: a whole function, `main` being `handle_async(handler)`.
#[test]
#[ignore = "run as a child process by the other tests of this file"]
fn child_process_with_handle_async() {
    if child_mode().is_none() {
        return;
    }
    typed_lambda::handle_async(|event: Value, ctx: Context| async move {
        tokio::time::sleep(Duration::from_millis(1)).await;
        match event["mode"].as_str() {
            Some("panic") => panic!("async boom"),
            Some("fail") => Err(Error::new("AsyncError", "failed after await")),
            _ => Ok(json!({
                "echo": event,
                "local": ctx.request_id().starts_with("local-"),
                "hasDeadline": ctx.remaining_time() > Duration::ZERO,
            })),
        }
    })
}

#[test]
fn handle_async_serves_the_runtime_api_until_it_goes_away() {
    let fake = FakeRuntimeApi::start();
    let endpoint = fake.endpoint();
    let child = std::thread::spawn(move || run_child(CHILD, "api", Some(&endpoint), None));

    assert_eq!(
        fake.invoke(r#"{"mode":"ok","n":1}"#).json(),
        json!({"echo": {"mode": "ok", "n": 1}, "local": false, "hasDeadline": true})
    );
    let failed = fake.invoke(r#"{"mode":"fail"}"#);
    assert_eq!(
        failed.error(),
        Some(("AsyncError".into(), "failed after await".into()))
    );
    assert!(matches!(
        &failed,
        typed_lambda::testing::Outcome::Error { error_type_header: Some(h), .. } if h == "AsyncError"
    ));
    assert_eq!(
        fake.invoke(r#"{"mode":"panic"}"#).error(),
        Some((
            "Runtime.Panic".into(),
            "handler panicked: async boom".into()
        ))
    );
    // The panic did not end the process: the next invocation is served.
    assert_eq!(fake.invoke(r#"{"n":2}"#).json()["echo"], json!({"n": 2}));
    assert_eq!(
        fake.invoke(r#"{"mode":"#).error().map(|(t, _)| t),
        Some("Runtime.UnmarshalError".into())
    );
    assert!(fake.init_errors().is_empty());
    drop(fake);

    let out = child.join().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("typed-lambda: stopping: Lambda Runtime API at"),
        "{stderr}"
    );
}

#[test]
fn handle_async_runs_once_locally_on_an_event_file() {
    let dir = std::env::temp_dir().join(format!("typed-lambda-async-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ok = dir.join("ok.json");
    std::fs::write(&ok, r#"{"mode":"ok","name":"Jane"}"#).unwrap();
    let fail = dir.join("fail.json");
    std::fs::write(&fail, r#"{"mode":"fail"}"#).unwrap();

    let out = run_child(CHILD, "local", None, Some(&ok));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        json_lines(&out.stdout),
        vec![json!({"echo": {"mode": "ok", "name": "Jane"}, "local": true, "hasDeadline": true})]
    );

    let out = run_child(CHILD, "local", None, Some(&fail));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        json_lines(&out.stdout),
        vec![json!({"errorType": "AsyncError", "errorMessage": "failed after await"})]
    );

    let missing = dir.join("missing.json");
    let out = run_child(CHILD, "local", None, Some(&missing));
    assert_eq!(out.status.code(), Some(1));
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["errorType"], "Runtime.LocalInvokeError");
    assert!(
        lines[0]["errorMessage"]
            .as_str()
            .is_some_and(|m| m.contains("missing.json")),
        "{lines:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn async_handler_success_error_panic_and_spawned_tasks() {
    let fake = FakeRuntimeApi::start();
    let runtime = fake.runtime_client().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let worker = std::thread::spawn(move || {
        runtime.run_async(move |event: Value, ctx: Context| {
            let tx = tx.clone();
            async move {
                tokio::time::sleep(Duration::from_millis(2)).await;
                match event["mode"].as_str() {
                    Some("panic") => panic!("async boom"),
                    Some("fail") => Err(Error::new("AsyncError", "failed after await")),
                    Some("spawn") => {
                        let id = ctx.request_id().to_owned();
                        // A background task outlives the invocation and still runs.
                        tokio::spawn(async move {
                            tokio::time::sleep(Duration::from_millis(20)).await;
                            let _ = tx.send(id);
                        });
                        Ok(json!("spawned"))
                    }
                    _ => Ok(json!({"requestId": ctx.request_id()})),
                }
            }
        })
    });
    let out = fake.invoke(r#"{"mode":"ok"}"#).json();
    assert!(
        out["requestId"].as_str().is_some_and(|id| id.len() == 36),
        "{out}"
    );
    assert_eq!(
        fake.invoke(r#"{"mode":"fail"}"#).error(),
        Some(("AsyncError".into(), "failed after await".into()))
    );
    assert_eq!(
        fake.invoke(r#"{"mode":"panic"}"#).error(),
        Some((
            "Runtime.Panic".into(),
            "handler panicked: async boom".into()
        ))
    );
    // Any JSON is a valid `Value` event: no decode error for an array.
    assert_eq!(fake.invoke("[]").error(), None);
    assert_eq!(fake.invoke(r#"{"mode":"spawn"}"#).json(), json!("spawned"));
    let id = rx
        .recv_timeout(Duration::from_secs(5))
        .expect("spawned task ran");
    assert_eq!(id.len(), 36);
    drop(fake);
    assert!(worker.join().unwrap().is_err());
}
