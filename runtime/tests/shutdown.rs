//! Graceful shutdown: the `shutdown` example registers its internal extension with the fake and,
//! on SIGTERM, runs its hook and exits 0.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;
use typed_lambda::testing::FakeRuntimeApi;

fn example(name: &str) -> PathBuf {
    // <target>/debug/deps/shutdown-<hash> → <target>/debug/examples/<name>
    let exe = std::env::current_exe().unwrap();
    let path = exe
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("examples")
        .join(name);
    assert!(
        path.is_file(),
        "{} not built (cargo test builds examples)",
        path.display()
    );
    path
}

#[test]
fn sigterm_runs_the_hook_after_the_extension_registered() {
    let fake = FakeRuntimeApi::start();
    let mut child = Command::new(example("shutdown"))
        .env("AWS_LAMBDA_RUNTIME_API", fake.endpoint())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    for n in 0..3 {
        assert_eq!(
            fake.invoke(json!({ "n": n }).to_string()).json(),
            json!({ "n": n })
        );
    }
    let register = fake
        .requests()
        .into_iter()
        .find(|r| r.path == "/2020-01-01/extension/register")
        .expect("the internal extension registered");
    assert_eq!(
        register.header("lambda-extension-name"),
        Some("typed-lambda-shutdown")
    );
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&register.body).unwrap(),
        json!({"events": []})
    );
    // The extension polls from its own thread: on a loaded machine its first `event/next` may
    // come after the invocations above.
    let polling = Instant::now();
    while !fake.requests().iter().any(|r| {
        r.path == "/2020-01-01/extension/event/next"
            && r.header("lambda-extension-identifier").is_some()
    }) {
        assert!(
            polling.elapsed() < Duration::from_secs(10),
            "the extension never polled event/next with its identifier: {:?}",
            fake.requests().iter().map(|r| &r.path).collect::<Vec<_>>()
        );
        std::thread::sleep(Duration::from_millis(10));
    }

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let started = Instant::now();
    let exit = loop {
        if let Some(exit) = child.try_wait().unwrap() {
            break exit;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "did not exit after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    assert!(exit.success(), "{exit:?}");
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    assert_eq!(out.trim(), "shutdown: flushed after 3 invocations");
}

#[test]
fn no_hooks_no_extension() {
    let fake = FakeRuntimeApi::start();
    let mut child = Command::new(example("raw"))
        .env("AWS_LAMBDA_RUNTIME_API", fake.endpoint())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    assert_eq!(fake.invoke("[1]").json(), json!([1]));
    assert!(fake
        .requests()
        .iter()
        .all(|r| !r.path.contains("/extension/")));
    let _ = child.kill();
    let _ = child.wait();
}
