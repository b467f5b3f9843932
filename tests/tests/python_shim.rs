//! The pyo3 shim (feature `python`) under AWS's Python runtime interface client `awslambdaric`,
//! polling our faithful Runtime API fake (awslambdaric crashes on cargo-lambda's emulator, which
//! sends no `Content-Type` on `/next`).
//!
//! Needs `.venv/bin/python` with awslambdaric (or `TYPED_LAMBDA_PYTHON`) and the module built by
//! `scripts/build-python-shim.sh` (or `TYPED_LAMBDA_PYTHON_SHIM_DIR`); `./scripts/test.sh` does
//! both. These tests fail, never skip, when either is missing.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};
use typed_lambda::testing::{FakeRuntimeApi, Invoke, Outcome};

fn python() -> PathBuf {
    let path = std::env::var_os("TYPED_LAMBDA_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| typed_lambda_tests::repo_root().join(".venv/bin/python"));
    assert!(
        path.is_file(),
        "python with awslambdaric not found at {} (run ./scripts/test.sh venv, or set TYPED_LAMBDA_PYTHON)",
        path.display()
    );
    path
}

fn shim_dir() -> PathBuf {
    let dir = std::env::var_os("TYPED_LAMBDA_PYTHON_SHIM_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| typed_lambda_tests::repo_root().join("target/python-shim"));
    assert!(
        dir.join("handler").is_dir() && dir.join("raw_handler.abi3.so").is_file(),
        "the shim test module is not built in {} (run ./scripts/build-python-shim.sh, or set \
         TYPED_LAMBDA_PYTHON_SHIM_DIR)",
        dir.display()
    );
    dir
}

/// `python -m awslambdaric <handler>` polling `fake`, stderr kept in a file; killed on drop.
struct Ric(Child, Option<PathBuf>);

impl Ric {
    fn start(fake: &FakeRuntimeApi, handler: &str) -> Ric {
        let dir = shim_dir();
        let log = std::env::temp_dir().join(format!(
            "typed-lambda-ric-{}-{}.log",
            std::process::id(),
            fake.addr().port()
        ));
        let child = Command::new(python())
            .args(["-m", "awslambdaric", handler])
            .current_dir(&dir)
            .env("AWS_LAMBDA_RUNTIME_API", fake.endpoint())
            .env("LAMBDA_TASK_ROOT", &dir)
            .env("PYTHONPATH", &dir)
            .env("AWS_LAMBDA_FUNCTION_NAME", "shim-test")
            .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
            .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")
            .env("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/shim-test")
            .env("AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/25/[$LATEST]shim")
            .env_remove("AWS_LAMBDA_LOG_FORMAT")
            .stdin(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("start python -m awslambdaric");
        Ric(child, Some(log))
    }

    /// What the process wrote to stderr so far.
    fn logs(&self) -> String {
        self.1
            .as_ref()
            .map(|p| std::fs::read_to_string(p).unwrap_or_default())
            .unwrap_or_default()
    }

    fn assert_running(&mut self) {
        assert!(
            self.0.try_wait().unwrap().is_none(),
            "awslambdaric exited: {:?}",
            self.0.try_wait()
        );
    }
}

impl Drop for Ric {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
        if let Some(log) = &self.1 {
            let _ = std::fs::remove_file(log);
        }
    }
}

fn invoke(fake: &FakeRuntimeApi, body: Value) -> Outcome {
    let pending = fake.enqueue(Invoke::new(body.to_string()).timeout(Duration::from_secs(20)));
    fake.wait(pending, Duration::from_secs(60))
}

/// `(errorType, errorMessage)` as awslambdaric reported them.
fn error_of(outcome: &Outcome) -> (String, String) {
    let Outcome::Error { body, .. } = outcome else {
        panic!("expected an error, got {outcome:?}");
    };
    let v: Value = serde_json::from_slice(body).expect("error body is JSON");
    (
        v["errorType"].as_str().unwrap_or_default().to_owned(),
        v["errorMessage"].as_str().unwrap_or_default().to_owned(),
    )
}

#[test]
fn typed_handler_errors_panics_and_context_under_awslambdaric() {
    let fake = FakeRuntimeApi::start();
    let mut ric = Ric::start(&fake, "handler.handle");

    let greeting = fake.enqueue(Invoke::new(r#"{"FirstName": "Jane", "LastName": "Doe"}"#));
    let greeting_id = greeting.request_id.clone();
    assert_eq!(
        fake.wait(greeting, Duration::from_secs(60)).json(),
        json!({"message": "Hello, Jane Doe!"})
    );
    // Logging from Rust inside the shim carries the request id, like the native runtime.
    let logs = ric.logs();
    assert!(
        logs.lines()
            .any(|l| l.ends_with(&format!("\t{greeting_id}\tINFO\tgreeting Jane"))),
        "{logs}"
    );
    assert_eq!(
        error_of(&invoke(&fake, json!({"mode": "custom"}))),
        ("ValidationError".into(), "mode custom rejected".into())
    );
    assert_eq!(
        error_of(&invoke(&fake, json!({"mode": "string"}))),
        ("String".into(), "plain string error".into())
    );
    assert_eq!(
        error_of(&invoke(&fake, json!({"mode": "panic"}))),
        ("Runtime.Panic".into(), "handler panicked: boom".into())
    );
    // The process survived the panic and serves the next invocation.
    ric.assert_running();
    assert_eq!(
        invoke(&fake, json!({"mode": "count", "count": 3})).json(),
        json!({"count": 3})
    );

    // A panic in the event's Deserialize or the result's Serialize (user code as well) is
    // reported and logged like a handler panic, and the process serves the next invoke.
    let pending = fake
        .enqueue(Invoke::new(json!({"explosive": 1}).to_string()).timeout(Duration::from_secs(20)));
    let explosive_id = pending.request_id.clone();
    assert_eq!(
        error_of(&fake.wait(pending, Duration::from_secs(60))),
        (
            "Runtime.Panic".into(),
            "decoding the event panicked: explosive event".into()
        )
    );
    ric.assert_running();
    assert_eq!(
        error_of(&invoke(&fake, json!({"mode": "explosive-result"}))),
        (
            "Runtime.Panic".into(),
            "encoding the result panicked: explosive result".into()
        )
    );
    ric.assert_running();
    assert_eq!(
        invoke(&fake, json!({"mode": "count", "count": 4})).json(),
        json!({"count": 4})
    );
    let logs = ric.logs();
    assert!(
        logs.lines().any(|l| l.contains(&format!(
            "\t{explosive_id}\tERROR\tdecoding the event panicked: explosive event"
        )) && l.ends_with(r#" errorType="Runtime.Panic""#)),
        "{logs}"
    );

    let ctx = invoke(&fake, json!({"mode": "context"})).json();
    // awslambdaric fills these from the same environment FunctionConfig falls back to; that
    // each one is read from the context object is proven by the unit tests of python.rs.
    assert_eq!(ctx["functionName"], "shim-test");
    assert_eq!(ctx["functionVersion"], "$LATEST");
    assert_eq!(ctx["memoryLimitMb"], 256);
    assert_eq!(ctx["logGroupName"], "/aws/lambda/shim-test");
    assert_eq!(ctx["logStreamName"], "2026/11/25/[$LATEST]shim");
    assert_eq!(
        ctx["invokedFunctionArn"],
        "arn:aws:lambda:us-east-1:123456789012:function:typed-lambda-test"
    );
    assert_eq!(ctx["requestId"].as_str().map(str::len), Some(36));
    let remaining = ctx["remainingMs"].as_u64().unwrap();
    assert!(remaining > 0 && remaining <= 20_000, "{remaining}");
    assert!(
        ctx["xrayTraceId"]
            .as_str()
            .is_some_and(|t| t.starts_with("Root=1-")),
        "{ctx}"
    );
    assert_eq!(ctx["identity"], Value::Null);
    assert_eq!(ctx["clientContext"], Value::Null);
    assert_eq!(ctx["tenantId"], Value::Null);

    // Identity, client context and tenant from the Runtime API headers, through awslambdaric's
    // context object, reach the Rust handler field for field as in the native runtime.
    let ctx = fake
        .wait(
            fake.enqueue(
                Invoke::new(json!({"mode": "context"}).to_string())
                    .timeout(Duration::from_secs(20))
                    .cognito_identity(
                        r#"{"cognitoIdentityId":"us-east-1:id","cognitoIdentityPoolId":"us-east-1:pool"}"#,
                    )
                    .client_context(
                        r#"{"client":{"installation_id":"inst","app_title":"Shop","app_version_name":"1.0","app_version_code":"1","app_package_name":"com.shop"},"custom":{"tier":"gold"},"env":{"locale":"en_US"}}"#,
                    )
                    .header("Lambda-Runtime-Aws-Tenant-Id", "tenant-9"),
            ),
            Duration::from_secs(60),
        )
        .json();
    assert_eq!(
        ctx["identity"],
        json!({"cognitoIdentityId": "us-east-1:id", "cognitoIdentityPoolId": "us-east-1:pool"})
    );
    assert_eq!(
        ctx["clientContext"],
        json!({
            "client": {
                "installation_id": "inst",
                "app_title": "Shop",
                "app_version_name": "1.0",
                "app_version_code": "1",
                "app_package_name": "com.shop"
            },
            "custom": {"tier": "gold"},
            "env": {"locale": "en_US"}
        })
    );
    assert_eq!(ctx["tenantId"], "tenant-9");
    ric.assert_running();
}

#[test]
fn decode_failure_names_the_path_like_the_native_runtime() {
    let fake = FakeRuntimeApi::start();
    let ric = Ric::start(&fake, "order_handler.handle");
    assert_eq!(
        invoke(&fake, json!({"items": [{"qty": 1}, {"qty": 2}]})).json(),
        json!(3)
    );
    let pending = fake.enqueue(
        Invoke::new(json!({"items": [{"qty": 1}, {"qty": "x"}]}).to_string())
            .timeout(Duration::from_secs(20)),
    );
    let failed_id = pending.request_id.clone();
    let (kind, message) = error_of(&fake.wait(pending, Duration::from_secs(60)));
    assert_eq!(kind, "Runtime.UnmarshalError");
    // Logged from Rust with the request id and errorType, as the native runtime logs it.
    let logs = ric.logs();
    assert!(
        logs.lines()
            .any(|l| l.contains(&format!("\t{failed_id}\tERROR\t{message}"))
                && l.ends_with(r#" errorType="Runtime.UnmarshalError""#)),
        "{logs}"
    );
    // Word for word what typed_lambda::decode_event says for the same JSON.
    let native = typed_lambda::decode_event::<Order>(br#"{"items": [{"qty": 1}, {"qty": "x"}]}"#)
        .unwrap_err();
    assert!(
        message.starts_with(r#"items[1].qty: invalid type: string "x", expected u32"#),
        "{message}"
    );
    // The same words, without the line and column of a JSON text the user never saw.
    assert!(!message.contains(" at line"), "{message}");
    assert_eq!(
        Some(message.as_str()),
        native.message().split(" at line").next()
    );
    assert_eq!(invoke(&fake, json!({"items": []})).json(), json!(0));
}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct Order {
    items: Vec<Item>,
}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct Item {
    qty: u32,
}

#[test]
fn raw_value_echo_under_awslambdaric() {
    let fake = FakeRuntimeApi::start();
    let _ric = Ric::start(&fake, "raw_handler.handle");
    let event = json!({"b": [1, 2.5, "\u{e9}", null], "a": {"nested": true}});
    assert_eq!(invoke(&fake, event.clone()).json(), event);
    assert_eq!(invoke(&fake, json!([1, "two"])).json(), json!([1, "two"]));
}

/// The packaged S3 example (`scripts/package-python.sh examples/python-s3`): the zip holds the
/// module at its root, loads under awslambdaric, summarises an S3 event like the native example,
/// and needs no glibc newer than 2.17 (manylinux2014, so python3.10/3.11 runtimes on AL2 load it);
/// the layer zip beside it holds the same files under `python/`.
#[test]
fn packaged_s3_example_runs_under_awslambdaric() {
    let zip_path = std::env::var_os("TYPED_LAMBDA_PYTHON_S3_ZIP")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            typed_lambda_tests::repo_root().join("target/lambda-python/python-s3/function.zip")
        });
    assert!(
        zip_path.is_file(),
        "{} missing (run ./scripts/package-python.sh examples/python-s3, or set TYPED_LAMBDA_PYTHON_S3_ZIP)",
        zip_path.display()
    );
    let dir = std::env::temp_dir().join(format!("typed-lambda-python-s3-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let status = Command::new(python())
        .args(["-m", "zipfile", "-e"])
        .arg(&zip_path)
        .arg(&dir)
        .status()
        .unwrap();
    assert!(status.success());
    let so = dir.join("handler/handler.abi3.so");
    let bytes = std::fs::read(&so).expect("the zip holds handler/handler.abi3.so at its root");
    let newest_glibc = typed_lambda_tests::glibc_versions(&bytes)
        .into_iter()
        .max()
        .expect("links glibc");
    assert!(
        newest_glibc <= (2, 17),
        "needs GLIBC_{}.{}",
        newest_glibc.0,
        newest_glibc.1
    );

    // layer.zip beside it: the same files under python/ (a layer's path on sys.path), byte
    // for byte.
    let layer_zip = zip_path.with_file_name("layer.zip");
    let layer_dir = dir.with_extension("layer");
    let _ = std::fs::remove_dir_all(&layer_dir);
    let status = Command::new(python())
        .args(["-m", "zipfile", "-e"])
        .arg(&layer_zip)
        .arg(&layer_dir)
        .status()
        .unwrap();
    assert!(status.success(), "cannot extract {}", layer_zip.display());
    let function_files = files_under(&dir);
    assert!(
        function_files.contains(&PathBuf::from("handler/handler.abi3.so")),
        "{function_files:?}"
    );
    let layer_files = files_under(&layer_dir);
    assert_eq!(
        layer_files,
        function_files
            .iter()
            .map(|f| Path::new("python").join(f))
            .collect::<Vec<_>>()
    );
    for file in &function_files {
        assert!(
            std::fs::read(dir.join(file)).unwrap()
                == std::fs::read(layer_dir.join("python").join(file)).unwrap(),
            "python/{} in layer.zip differs from function.zip",
            file.display()
        );
    }
    let _ = std::fs::remove_dir_all(&layer_dir);

    let fake = FakeRuntimeApi::start();
    let child = Command::new(python())
        .args(["-m", "awslambdaric", "handler.handle"])
        .current_dir(&dir)
        .env("AWS_LAMBDA_RUNTIME_API", fake.endpoint())
        .env("LAMBDA_TASK_ROOT", &dir)
        .env("PYTHONPATH", &dir)
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    let _ric = Ric(child, None);
    let event: Value =
        serde_json::from_str(include_str!("../../runtime/examples/events/s3-put.json")).unwrap();
    let out = invoke(&fake, event).json();
    assert_eq!(out["totalBytes"], 1024);
    assert_eq!(out["objects"][0]["key"], "cats/tabby.jpg");
    assert_eq!(out["objects"][0]["event"], "ObjectCreated:Put");
    assert_eq!(
        out["objects"][1]["event"],
        "ObjectRemoved:DeleteMarkerCreated"
    );
    assert_eq!(out["objects"][1]["size"], Value::Null);
    let (kind, message) = error_of(&invoke(&fake, json!({"Records": [{"eventName": 5}]})));
    assert_eq!(kind, "Runtime.UnmarshalError");
    assert!(message.starts_with("Records[0]"), "{message}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The files below `root`, relative to it, sorted.
fn files_under(root: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.push(path.strip_prefix(root).unwrap().to_owned());
            }
        }
    }
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out.sort();
    out
}
