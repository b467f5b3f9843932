//! End to end against a peer we did not write: the example binaries (and a stranger's function,
//! `tests/examples/stranger.rs`) poll cargo-lambda's Runtime API emulator, and we invoke them
//! through its HTTP invoke endpoint.
//!
//! Each test starts its own `cargo-lambda watch --only-lambda-apis` on a fresh loopback port
//! (cargo-lambda queues unknown paths forever, so ports are never shared), starts one function
//! process with the environment cargo-lambda prints, and invokes
//! `POST /2015-03-31/functions/_/invocations`. Both processes die with the test (drop guards).
//!
//! Where things are (`typed_lambda_tests::bins`): the example binaries are built on first use
//! (`cargo build --examples`, a no-op when fresh); `TYPED_LAMBDA_CARGO_LAMBDA` names
//! the `cargo-lambda` binary (default: `.venv/bin/cargo-lambda`, from `./scripts/test.sh venv`).
//!
//! A missing peer or binary FAILS the tests: they never skip.
//!
//! What cargo-lambda does differently from Lambda (see `../shared/FACTS.md`): a function error
//! reaches the invoker as HTTP 500 with the error JSON as body (Lambda: 200 plus
//! `X-Amz-Function-Error`); the deadline header is the constant `600000`, not an epoch time; the
//! ARN is the literal `function-arn`.

use std::io::{BufRead, BufReader, Read};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// How long cargo-lambda may take to print its environment and accept connections.
const START_TIMEOUT: Duration = Duration::from_secs(20);
/// How long one invocation may take, end to end (a stuck function fails the test after this).
const INVOKE_TIMEOUT: Duration = Duration::from_secs(20);
/// Attempts to start cargo-lambda, each on a new port (another process may grab a free port
/// between our probe and cargo-lambda's bind).
const START_ATTEMPTS: usize = 3;

use typed_lambda_tests::{bundled_events, cargo_lambda_bin, example_bin, run_locally};

// ---------------------------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------------------------

/// Output of a child process, collected by reader threads, for failure messages.
#[derive(Clone, Default)]
struct Output(Arc<Mutex<String>>);

impl Output {
    /// Copies `pipe` into this buffer line by line, calling `on_line` with each line.
    fn collect(&self, pipe: impl Read + Send + 'static, on_line: impl Fn(&str) + Send + 'static) {
        let buffer = self.clone();
        thread::spawn(move || {
            for line in BufReader::new(pipe).lines() {
                let Ok(line) = line else { break };
                let line = strip_ansi(&line);
                on_line(&line);
                let mut text = buffer.0.lock().unwrap_or_else(|e| e.into_inner());
                text.push_str(&line);
                text.push('\n');
            }
        });
    }

    fn text(&self) -> String {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// Removes terminal colour codes (`ESC [ ... letter`), in case the peer colours its logs.
fn strip_ansi(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A child process killed (and reaped) when dropped, so no test leaves one behind, even when
/// it fails.
struct Guard {
    child: Mutex<Child>,
    output: Output,
}

impl Guard {
    fn new(child: Child, output: Output) -> Guard {
        Guard {
            child: Mutex::new(child),
            output,
        }
    }

    /// `None` while running, else how it ended.
    fn exit_status(&self) -> Option<std::process::ExitStatus> {
        let mut child = self.child.lock().unwrap_or_else(|e| e.into_inner());
        child.try_wait().ok().flatten()
    }

    fn is_running(&self) -> bool {
        self.exit_status().is_none()
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let child = self.child.get_mut().unwrap_or_else(|e| e.into_inner());
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// A folder under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("typed-lambda-e2e-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path)
            .unwrap_or_else(|e| panic!("create temp dir {}: {e}", path.display()));
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// ---------------------------------------------------------------------------------------------
// cargo-lambda's emulator
// ---------------------------------------------------------------------------------------------

/// One `cargo-lambda watch --only-lambda-apis` on its own loopback port.
struct Emulator {
    // Field order matters: the process dies before its working dir is removed.
    process: Guard,
    _dir: TempDir,
    port: u16,
    /// `KEY=VALUE` lines it printed for the function (`AWS_LAMBDA_RUNTIME_API`, ...).
    function_env: Vec<(String, String)>,
    agent: ureq::Agent,
}

/// One answer of the invoke endpoint.
struct Invocation {
    status: u16,
    body: Vec<u8>,
}

impl Invocation {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "invoke answer is not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

/// A loopback port that was free a moment ago and that no other test of this process got.
fn free_port() -> u16 {
    static HANDED_OUT: Mutex<Vec<u16>> = Mutex::new(Vec::new());
    loop {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("bind a loopback port")
            .port();
        let mut handed_out = HANDED_OUT.lock().unwrap_or_else(|e| e.into_inner());
        if !handed_out.contains(&port) {
            handed_out.push(port);
            return port;
        }
    }
}

/// How long a started cargo-lambda must stay up before we trust it owns its port: one that
/// loses the port to another process prints the same start-up lines, then exits (status 0).
const SETTLE: Duration = Duration::from_millis(100);

impl Emulator {
    fn start() -> Emulator {
        let mut failures = String::new();
        for attempt in 1..=START_ATTEMPTS {
            match Emulator::try_start(free_port()) {
                Ok(emulator) => return emulator,
                Err(e) => failures.push_str(&format!("attempt {attempt}: {e}\n")),
            }
        }
        panic!("cargo-lambda did not start:\n{failures}");
    }

    fn try_start(port: u16) -> Result<Emulator, String> {
        // cargo-lambda runs `cargo metadata` in its working directory and wants a package with a
        // binary target there; `[workspace]` keeps cargo from looking for a parent workspace.
        let dir = TempDir::new("cargo-lambda");
        std::fs::create_dir_all(dir.0.join("src")).map_err(|e| e.to_string())?;
        std::fs::write(
            dir.0.join("Cargo.toml"),
            "[package]\nname = \"e2e-dummy\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[workspace]\n",
        )
        .map_err(|e| e.to_string())?;
        std::fs::write(dir.0.join("src/main.rs"), "fn main() {}\n").map_err(|e| e.to_string())?;

        let bin = cargo_lambda_bin();
        let mut child = Command::new(&bin)
            .args([
                "lambda",
                "watch",
                "--only-lambda-apis",
                "-A",
                "127.0.0.1",
                "-P",
            ])
            .arg(port.to_string())
            .current_dir(&dir.0)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("spawn {}: {e}", bin.display()))?;
        let output = Output::default();
        let env: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
        let seen = env.clone();
        output.collect(child.stdout.take().expect("piped"), move |line| {
            if let Some(pair) = printed_env(line) {
                seen.lock().unwrap_or_else(|e| e.into_inner()).push(pair);
            }
        });
        output.collect(child.stderr.take().expect("piped"), |_| {});
        let process = Guard::new(child, output);

        let started = Instant::now();
        loop {
            let function_env = env.lock().unwrap_or_else(|e| e.into_inner()).clone();
            let printed_api = function_env
                .iter()
                .any(|(k, _)| k == "AWS_LAMBDA_RUNTIME_API");
            if printed_api && TcpStream::connect(("127.0.0.1", port)).is_ok() {
                thread::sleep(SETTLE);
                if !process.is_running() || process.output.text().contains("terminating") {
                    return Err(format!(
                        "cargo-lambda gave up port {port} (taken by another process?):\n{}",
                        process.output.text()
                    ));
                }
                let agent = ureq::Agent::config_builder()
                    .timeout_global(Some(INVOKE_TIMEOUT))
                    .http_status_as_error(false)
                    .proxy(None)
                    .build()
                    .into();
                return Ok(Emulator {
                    process,
                    _dir: dir,
                    port,
                    function_env,
                    agent,
                });
            }
            if !process.is_running() {
                return Err(format!(
                    "cargo-lambda exited early on port {port}:\n{}",
                    process.output.text()
                ));
            }
            if started.elapsed() > START_TIMEOUT {
                return Err(format!(
                    "cargo-lambda not ready on port {port} after {START_TIMEOUT:?}:\n{}",
                    process.output.text()
                ));
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    fn env(&self, key: &str) -> &str {
        self.function_env
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("cargo-lambda did not print {key}:\n{}", self.log()))
    }

    fn log(&self) -> String {
        self.process.output.text()
    }

    /// Starts example `name` as the function, with the environment cargo-lambda printed.
    fn run_example(&self, name: &str) -> Function {
        self.run_example_with(name, &[])
    }

    fn run_example_with(&self, name: &str, extra_env: &[(&str, &str)]) -> Function {
        let bin = example_bin(name);
        let mut command = Command::new(&bin);
        // Nothing Lambda-ish leaks in from the environment running the tests.
        for (key, _) in std::env::vars_os() {
            let key = key.to_string_lossy();
            if key.starts_with("AWS_") || key == "_X_AMZN_TRACE_ID" || key == "_HANDLER" {
                command.env_remove(&*key);
            }
        }
        command
            .envs(self.function_env.iter().map(|(k, v)| (k, v)))
            .envs(extra_env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command
            .spawn()
            .unwrap_or_else(|e| panic!("spawn {}: {e}", bin.display()));
        let output = Output::default();
        output.collect(child.stdout.take().expect("piped"), |_| {});
        output.collect(child.stderr.take().expect("piped"), |_| {});
        Function {
            name: name.to_owned(),
            process: Guard::new(child, output),
        }
    }

    /// Invokes the function through cargo-lambda's invoke endpoint and returns its answer.
    /// Fails fast if the function process exits while the invocation is pending.
    fn invoke(&self, function: &Function, event: &[u8]) -> Invocation {
        let url = format!(
            "http://127.0.0.1:{}/2015-03-31/functions/{}/invocations",
            self.port,
            self.env("AWS_LAMBDA_FUNCTION_NAME")
        );
        let agent = self.agent.clone();
        let body = event.to_vec();
        // On its own thread so that we can watch the function meanwhile; the thread ends at the
        // latest with the agent's global timeout.
        let (done, answer) = std::sync::mpsc::channel();
        thread::spawn(move || {
            let result = agent
                .post(&url)
                .header("Content-Type", "application/json")
                .send(&body[..])
                .and_then(|mut response| {
                    let status = response.status().as_u16();
                    let body = response.body_mut().read_to_vec()?;
                    Ok(Invocation { status, body })
                });
            let _ = done.send(result);
        });
        loop {
            match answer.recv_timeout(Duration::from_millis(50)) {
                Ok(Ok(invocation)) => return invocation,
                Ok(Err(e)) => panic!(
                    "invoke {} with {}: {e}\n{}",
                    function.name,
                    String::from_utf8_lossy(event),
                    self.diagnostics(function)
                ),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    if let Some(status) = function.process.exit_status() {
                        panic!(
                            "function `{}` exited ({status}) while invoked with {}\n{}",
                            function.name,
                            String::from_utf8_lossy(event),
                            self.diagnostics(function)
                        );
                    }
                }
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                    panic!("the invoke thread died")
                }
            }
        }
    }

    fn invoke_json(&self, function: &Function, event: &Value) -> Invocation {
        self.invoke(function, event.to_string().as_bytes())
    }

    fn diagnostics(&self, function: &Function) -> String {
        format!(
            "--- function `{}` output ---\n{}--- cargo-lambda output ---\n{}",
            function.name,
            function.process.output.text(),
            self.log()
        )
    }

    /// Asserts a successful invocation whose body is the JSON `expected`.
    fn assert_ok(&self, function: &Function, answer: &Invocation, expected: &Value) {
        assert_eq!(
            answer.status,
            200,
            "expected success, got {}: {}\n{}",
            answer.status,
            String::from_utf8_lossy(&answer.body),
            self.diagnostics(function)
        );
        assert_eq!(&answer.json(), expected, "{}", self.diagnostics(function));
    }

    /// Asserts a function error (cargo-lambda: HTTP 500 + error JSON) of type `error_type` and
    /// returns its message.
    fn assert_error(&self, function: &Function, answer: &Invocation, error_type: &str) -> String {
        assert_eq!(
            answer.status,
            500,
            "expected a function error, got {}: {}\n{}",
            answer.status,
            String::from_utf8_lossy(&answer.body),
            self.diagnostics(function)
        );
        let error = answer.json();
        let object = error.as_object().expect("the error is a JSON object");
        let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["errorMessage", "errorType"],
            "error JSON keys: {error}"
        );
        assert_eq!(
            error["errorType"],
            error_type,
            "error: {error}\n{}",
            self.diagnostics(function)
        );
        error["errorMessage"]
            .as_str()
            .expect("errorMessage is a string")
            .to_owned()
    }
}

/// `KEY=VALUE` for the function from one line cargo-lambda prints (` INFO AWS_LAMBDA_X=v`).
fn printed_env(line: &str) -> Option<(String, String)> {
    let token = line.split_whitespace().last()?;
    let (key, value) = token.split_once('=')?;
    key.starts_with("AWS_LAMBDA_")
        .then(|| (key.to_owned(), value.to_owned()))
}

/// One function process polling the emulator.
struct Function {
    name: String,
    process: Guard,
}

impl Function {
    fn assert_running(&self) {
        assert!(
            self.process.is_running(),
            "function `{}` exited: {:?}\n{}",
            self.name,
            self.process.exit_status(),
            self.process.output.text()
        );
    }

    /// The first line of the function's output (stdout and stderr) that satisfies `wanted`,
    /// waiting a little for the reader threads to catch up.
    fn output_line(&self, wanted: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let text = self.process.output.text();
            if let Some(line) = text.lines().find(|line| wanted(line)) {
                return line.to_owned();
            }
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "no such line in the output of `{}`:\n{text}",
                self.name
            );
            thread::sleep(Duration::from_millis(20));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The harness itself
// ---------------------------------------------------------------------------------------------

#[test]
fn printed_env_reads_cargo_lambda_lines() {
    assert_eq!(
        printed_env(" INFO AWS_LAMBDA_RUNTIME_API=http://127.0.0.1:9000/.rt"),
        Some((
            "AWS_LAMBDA_RUNTIME_API".to_owned(),
            "http://127.0.0.1:9000/.rt".to_owned()
        ))
    );
    assert_eq!(printed_env(" INFO starting Runtime server"), None);
    assert_eq!(printed_env("RUST_LOG=debug"), None);
    assert_eq!(strip_ansi("\u{1b}[32m INFO\u{1b}[0m x=1"), " INFO x=1");
}

#[test]
fn emulator_prints_the_function_environment() {
    let emulator = Emulator::start();
    assert_eq!(
        emulator.env("AWS_LAMBDA_RUNTIME_API"),
        format!("http://127.0.0.1:{}/.rt", emulator.port),
        "{}",
        emulator.log()
    );
    assert_eq!(emulator.env("AWS_LAMBDA_FUNCTION_NAME"), "_");
}

#[test]
fn a_cargo_lambda_that_loses_its_port_is_not_taken_for_ready() {
    let first = Emulator::start();
    match Emulator::try_start(first.port) {
        Ok(second) => panic!(
            "a second cargo-lambda on port {} looked ready:\n{}",
            first.port,
            second.log()
        ),
        Err(e) => assert!(e.contains(&first.port.to_string()), "{e}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Examples (runtime/examples), against their contract
// ---------------------------------------------------------------------------------------------

#[test]
fn hello_greets() {
    let emulator = Emulator::start();
    let function = emulator.run_example("hello");
    let answer = emulator.invoke_json(&function, &json!({"FirstName": "Jane", "LastName": "Doe"}));
    emulator.assert_ok(&function, &answer, &json!({"message": "Hello, Jane Doe!"}));
    // Same process, second invocation.
    let answer = emulator.invoke_json(
        &function,
        &json!({"FirstName": "Ada", "LastName": "Lovelace"}),
    );
    emulator.assert_ok(
        &function,
        &answer,
        &json!({"message": "Hello, Ada Lovelace!"}),
    );
}

/// Many invocations, from several invokers at once, through one function process: every
/// answer belongs to its own request (no cross-talk between queued invocations) and the
/// process keeps its connection handling straight across cargo-lambda's split writes.
#[test]
fn hello_answers_each_of_many_concurrent_invocations_correctly() {
    const INVOKERS: usize = 4;
    const EACH: usize = 50;
    let emulator = Emulator::start();
    let function = emulator.run_example("hello");
    thread::scope(|scope| {
        for invoker in 0..INVOKERS {
            let (emulator, function) = (&emulator, &function);
            scope.spawn(move || {
                for n in 0..EACH {
                    let first = format!("Invoker{invoker}");
                    let last = format!("N{n}");
                    let answer = emulator
                        .invoke_json(function, &json!({"FirstName": first, "LastName": last}));
                    emulator.assert_ok(
                        function,
                        &answer,
                        &json!({"message": format!("Hello, {first} {last}!")}),
                    );
                }
            });
        }
    });
    function.assert_running();
}

#[test]
fn hello_reports_a_bad_event_with_its_json_path_and_keeps_serving() {
    let emulator = Emulator::start();
    let function = emulator.run_example("hello");

    let answer = emulator.invoke(&function, br#"{"FirstName":"Jane","LastName":3}"#);
    let message = emulator.assert_error(&function, &answer, "Runtime.UnmarshalError");
    assert!(
        message.starts_with("LastName: invalid type: integer `3`, expected a string"),
        "message: {message}"
    );

    let answer = emulator.invoke(&function, br#"{"FirstName":"Jane"}"#);
    let message = emulator.assert_error(&function, &answer, "Runtime.UnmarshalError");
    assert!(
        message.contains("missing field `LastName`"),
        "message: {message}"
    );

    let answer = emulator.invoke(&function, b"{not json");
    emulator.assert_error(&function, &answer, "Runtime.UnmarshalError");

    function.assert_running();
    let answer = emulator.invoke_json(&function, &json!({"FirstName": "Jane", "LastName": "Doe"}));
    emulator.assert_ok(&function, &answer, &json!({"message": "Hello, Jane Doe!"}));
}

#[test]
fn errors_ok_mode_succeeds() {
    let emulator = Emulator::start();
    let function = emulator.run_example("errors");
    let answer = emulator.invoke_json(&function, &json!({"mode": "ok"}));
    emulator.assert_ok(&function, &answer, &json!({"ok": true}));
}

#[test]
fn errors_custom_error_type_reaches_the_invoker() {
    let emulator = Emulator::start();
    let function = emulator.run_example("errors");
    let answer = emulator.invoke_json(&function, &json!({"mode": "custom"}));
    let message = emulator.assert_error(&function, &answer, "ValidationError");
    assert_eq!(message, "mode custom rejected");
}

#[test]
fn errors_string_error_reports_its_type_name() {
    let emulator = Emulator::start();
    let function = emulator.run_example("errors");
    let answer = emulator.invoke_json(&function, &json!({"mode": "string"}));
    let message = emulator.assert_error(&function, &answer, "String");
    assert_eq!(message, "plain string error");
}

#[test]
fn errors_panic_is_reported_and_the_next_invocation_is_served() {
    let emulator = Emulator::start();
    let function = emulator.run_example("errors");

    let answer = emulator.invoke_json(&function, &json!({"mode": "panic"}));
    let message = emulator.assert_error(&function, &answer, "Runtime.Panic");
    assert!(message.contains("boom"), "message: {message}");
    function.assert_running();

    let answer = emulator.invoke_json(&function, &json!({"mode": "ok"}));
    emulator.assert_ok(&function, &answer, &json!({"ok": true}));

    // A second panic, then success again: recovery is not a one-off.
    let answer = emulator.invoke_json(&function, &json!({"mode": "panic"}));
    emulator.assert_error(&function, &answer, "Runtime.Panic");
    let answer = emulator.invoke_json(&function, &json!({"mode": "custom"}));
    emulator.assert_error(&function, &answer, "ValidationError");
    let answer = emulator.invoke_json(&function, &json!({"mode": "ok"}));
    emulator.assert_ok(&function, &answer, &json!({"ok": true}));
    function.assert_running();
}

#[test]
fn raw_echoes_event_bytes_exactly() {
    let emulator = Emulator::start();
    let function = emulator.run_example("raw");
    let events: [&[u8]; 6] = [
        br#"{"b":1,"a":2}"#,
        // Whitespace, key order, escapes, a big integer and a float spelled oddly: a decode and
        // re-encode would change every one of these.
        b"{ \"z\" : [ 1 , 2.50 , 1E3 ] ,\n \"a\":\"caf\\u00e9 \\/ \\n\", \"n\": 123456789012345678901234567890 }",
        br#"[1,"two",null,true]"#,
        br#""just a string""#,
        b"42",
        "{\"unicode\":\"h\u{e9}llo \u{1f980}\"}".as_bytes(),
    ];
    for event in events {
        let answer = emulator.invoke(&function, event);
        assert_eq!(
            answer.status,
            200,
            "{}\n{}",
            String::from_utf8_lossy(&answer.body),
            emulator.diagnostics(&function)
        );
        assert_eq!(
            String::from_utf8_lossy(&answer.body),
            String::from_utf8_lossy(event),
            "raw echo changed the bytes"
        );
        assert_eq!(answer.body, event);
    }
}

#[test]
fn context_reports_what_cargo_lambda_sends() {
    let emulator = Emulator::start();
    let function = emulator.run_example("context");
    let first = emulator.invoke_json(&function, &json!({"any": "event"}));
    assert_eq!(first.status, 200, "{}", emulator.diagnostics(&function));
    let first = first.json();
    let second = emulator
        .invoke_json(&function, &json!({"any": "event"}))
        .json();

    let request_id = first["requestId"].as_str().expect("requestId is a string");
    assert!(!request_id.is_empty(), "context: {first}");
    assert_ne!(
        first["requestId"], second["requestId"],
        "each invocation has its own request id"
    );
    assert_eq!(first["functionName"], "_", "context: {first}");
    assert_eq!(
        first["functionName"],
        emulator.env("AWS_LAMBDA_FUNCTION_NAME")
    );
    assert_eq!(
        first["functionVersion"],
        emulator.env("AWS_LAMBDA_FUNCTION_VERSION"),
        "context: {first}"
    );
    let memory: u64 = emulator
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        .parse()
        .expect("cargo-lambda prints a number");
    assert_eq!(first["memoryLimitMb"], memory, "context: {first}");
    assert_eq!(
        first["invokedFunctionArn"], "function-arn",
        "context: {first}"
    );
    let trace = first["xrayTraceId"]
        .as_str()
        .expect("cargo-lambda sends a trace id");
    assert!(trace.starts_with("Root=1-"), "context: {first}");
    // The runtime exports the trace id as _X_AMZN_TRACE_ID for each invocation.
    assert_eq!(
        first["traceIdEnv"], first["xrayTraceId"],
        "context: {first}"
    );
    assert_eq!(
        second["traceIdEnv"], second["xrayTraceId"],
        "context: {second}"
    );
    assert_ne!(
        first["xrayTraceId"], second["xrayTraceId"],
        "cargo-lambda sends a new trace id per invocation"
    );
    // cargo-lambda's deadline header is the constant 600000 (ms after the epoch, not a real
    // deadline): remaining time must stay sane, at most Lambda's 15-minute maximum.
    let remaining = first["remainingTimeMs"]
        .as_u64()
        .expect("remainingTimeMs is a number");
    assert!(remaining <= 15 * 60 * 1000, "context: {first}");
    // cargo-lambda forwards neither a client context nor a Cognito identity (not even the
    // invoke's X-Amz-Client-Context header): both absent, not errors.
    assert!(first["clientContext"].is_null(), "context: {first}");
    assert!(first["identity"].is_null(), "context: {first}");
}

#[test]
fn context_logs_carry_the_request_id_as_text() {
    let emulator = Emulator::start();
    let function = emulator.run_example("context");
    let answer = emulator.invoke_json(&function, &json!({}));
    assert_eq!(answer.status, 200, "{}", emulator.diagnostics(&function));
    let request_id = answer.json()["requestId"]
        .as_str()
        .expect("requestId")
        .to_owned();
    // Default format (Text): timestamp, request id and level on the line itself.
    let line = function.output_line(|line| line.contains("invocation context"));
    assert!(line.contains(&request_id), "log line: {line}");
    assert!(line.contains("INFO"), "log line: {line}");
}

#[test]
fn context_logs_are_json_lines_with_the_request_id_when_asked() {
    let emulator = Emulator::start();
    let function = emulator.run_example_with("context", &[("AWS_LAMBDA_LOG_FORMAT", "JSON")]);
    let mut request_ids = Vec::new();
    for _ in 0..2 {
        let answer = emulator.invoke_json(&function, &json!({}));
        assert_eq!(answer.status, 200, "{}", emulator.diagnostics(&function));
        request_ids.push(
            answer.json()["requestId"]
                .as_str()
                .expect("requestId")
                .to_owned(),
        );
    }
    for request_id in &request_ids {
        let line = function.output_line(|line| {
            line.contains("invocation context") && line.contains(request_id.as_str())
        });
        let record: Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("log line is not JSON ({e}): {line}"));
        assert_eq!(record["requestId"], request_id.as_str(), "log line: {line}");
        assert_eq!(record["level"], "INFO", "log line: {line}");
        assert!(record["timestamp"].is_string(), "log line: {line}");
    }
}

/// Every sample event shipped with the examples (`runtime/examples/events/`) gets the same
/// answer through cargo-lambda as from a local run of the same binary: the result, or the
/// error's type and message. Left out: `context` (its answer is the invocation's own context)
/// and `streaming` (cargo-lambda 1.9.2 answers a streamed response with its own HTTP 500).
#[test]
fn every_bundled_sample_event_answers_as_it_does_locally() {
    let mut by_example: Vec<(String, Vec<std::path::PathBuf>)> = Vec::new();
    for (example, event) in bundled_events() {
        if example == "context" || example == "streaming" {
            continue;
        }
        match by_example.iter_mut().find(|(name, _)| *name == example) {
            Some((_, events)) => events.push(event),
            None => by_example.push((example, vec![event])),
        }
    }
    assert!(
        by_example.iter().any(|(name, _)| name == "hello"),
        "hello's sample event is missing"
    );
    for (example, events) in by_example {
        let emulator = Emulator::start();
        let function = emulator.run_example(&example);
        for event in events {
            let local = run_locally(&example, &[&event], b"");
            let bytes = std::fs::read(&event).expect("read the sample event");
            let answer = emulator.invoke(&function, &bytes);
            let what = format!("{} through `{example}`", event.display());
            match local.code {
                Some(0) => {
                    assert_eq!(
                        answer.status,
                        200,
                        "{what}: {}",
                        emulator.diagnostics(&function)
                    );
                    assert_eq!(answer.json(), local.json(), "{what}");
                }
                Some(1) => {
                    let local_error = local.json();
                    let error_type = local_error["errorType"].as_str().expect("errorType");
                    let message = emulator.assert_error(&function, &answer, error_type);
                    assert_eq!(message, local_error["errorMessage"], "{what}");
                }
                other => panic!("{what}: local run ended with {other:?}:\n{}", local.stderr),
            }
        }
        function.assert_running();
    }
}

/// The axum example (`runtime/examples/axum.rs`, an axum `Router` through
/// `typed_lambda::http::serve`) under cargo-lambda: an HTTP API 2.0 event on a named stage and a
/// function URL event with a binary body, one process. Needs the example built with the
/// internal feature `__examples`, which plain `cargo test` does not do: this test exists with
/// this crate's feature `http-e2e` (`scripts/test.sh test` builds the example and runs it).
#[cfg(feature = "http-e2e")]
#[test]
fn axum_example_answers_an_http_api_and_a_function_url_event() {
    let events = typed_lambda_tests::repo_root().join("runtime/examples/events/http");
    let emulator = Emulator::start();
    let function = emulator.run_example("axum");

    let v2 = std::fs::read(events.join("apigw-v2.json")).expect("read apigw-v2.json");
    let answer = emulator.invoke(&function, &v2);
    assert_eq!(answer.status, 200, "{}", emulator.diagnostics(&function));
    let reply = answer.json();
    assert_eq!(reply["statusCode"], 200, "{reply}");
    assert_eq!(reply["isBase64Encoded"], false, "{reply}");
    assert_eq!(
        reply["headers"]["content-type"], "application/json",
        "{reply}"
    );
    // `/prod/hello/lambda?loud=true` on stage `prod` routed as `/hello/{name}`.
    let greeting: Value = serde_json::from_str(reply["body"].as_str().expect("text body"))
        .unwrap_or_else(|e| panic!("body is not JSON ({e}): {reply}"));
    assert_eq!(greeting["message"], "HELLO, LAMBDA!", "{reply}");
    assert_eq!(greeting["trigger"], "API Gateway HTTP API (2.0)", "{reply}");
    let request_id = greeting["request_id"].as_str().expect("request_id");
    assert!(
        !request_id.is_empty() && !request_id.starts_with("local-"),
        "{reply}"
    );

    let url = std::fs::read(events.join("function-url.json")).expect("read function-url.json");
    let answer = emulator.invoke(&function, &url);
    assert_eq!(answer.status, 200, "{}", emulator.diagnostics(&function));
    let reply = answer.json();
    let sent: Value = serde_json::from_slice(&url).expect("event JSON");
    assert_eq!(reply["statusCode"], 200, "{reply}");
    assert_eq!(reply["isBase64Encoded"], true, "{reply}");
    assert_eq!(
        reply["body"], sent["body"],
        "the PNG bytes come back as they went: {reply}"
    );
    assert_eq!(reply["headers"]["content-type"], "image/png", "{reply}");

    // A route the app does not have is the app's 404, not a failed invocation; the local run of
    // the same binary answers the same.
    let mut missing = sent.clone();
    missing["rawPath"] = json!("/nowhere");
    missing["requestContext"]["http"]["path"] = json!("/nowhere");
    let answer = emulator.invoke_json(&function, &missing);
    assert_eq!(answer.status, 200, "{}", emulator.diagnostics(&function));
    assert_eq!(answer.json()["statusCode"], 404, "{}", answer.json());
    let local = run_locally("axum", &[&events.join("function-url.json")], b"");
    assert_eq!(local.code, Some(0), "{}", local.stderr);
    assert_eq!(local.json(), reply);
    function.assert_running();
}

// ---------------------------------------------------------------------------------------------
// A stranger's function (tests/examples/stranger.rs), written against the public API only
// ---------------------------------------------------------------------------------------------

#[test]
fn stranger_typed_handler_computes_a_receipt() {
    let emulator = Emulator::start();
    let function = emulator.run_example("stranger");
    let order = json!({
        "orderId": "o-17",
        "items": [
            {"sku": "tea", "quantity": 2, "unitPriceCents": 450},
            {"sku": "cake", "quantity": 1, "unitPriceCents": 300}
        ],
        "couponPercent": 10,
        "someFieldWeIgnore": {"nested": [1, 2]}
    });
    let answer = emulator.invoke_json(&function, &order);
    assert_eq!(answer.status, 200, "{}", emulator.diagnostics(&function));
    let receipt = answer.json();
    assert_eq!(receipt["orderId"], "o-17");
    assert_eq!(receipt["itemCount"], 3);
    assert_eq!(receipt["totalCents"], 1080, "receipt: {receipt}");
    assert_eq!(receipt["functionName"], "_");
    assert!(
        !receipt["requestId"].as_str().unwrap_or_default().is_empty(),
        "receipt: {receipt}"
    );
    // cargo-lambda's deadline is the constant 600000 ms after the epoch: the remaining time must
    // come out sane (no underflow into years, no panic), at most Lambda's 15-minute maximum.
    let remaining = receipt["remainingMs"]
        .as_u64()
        .expect("remainingMs is a number");
    assert!(remaining <= 15 * 60 * 1000, "receipt: {receipt}");
}

#[test]
fn stranger_typed_handler_errors() {
    let emulator = Emulator::start();
    let function = emulator.run_example("stranger");

    let answer = emulator.invoke_json(&function, &json!({"orderId": "o-18", "items": []}));
    let message = emulator.assert_error(&function, &answer, "EmptyOrder");
    assert_eq!(message, "order o-18 has no items");

    let bad = json!({
        "orderId": "o-19",
        "items": [
            {"sku": "tea", "quantity": 1, "unitPriceCents": 450},
            {"sku": "cake", "quantity": -1, "unitPriceCents": 300}
        ]
    });
    let answer = emulator.invoke_json(&function, &bad);
    let message = emulator.assert_error(&function, &answer, "Runtime.UnmarshalError");
    assert!(
        message.starts_with("items[1].quantity: invalid value: integer `-1`, expected u32"),
        "message: {message}"
    );

    function.assert_running();
    let answer = emulator.invoke_json(
        &function,
        &json!({"orderId": "o-20", "items": [{"sku": "x", "quantity": 3, "unitPriceCents": 5}]}),
    );
    assert_eq!(answer.status, 200, "{}", emulator.diagnostics(&function));
    assert_eq!(answer.json()["totalCents"], 15);
}

/// An order for the stranger; a coupon over 50% makes it log a WARN line besides the INFO one.
fn logged_order(id: &str, coupon: u8) -> Value {
    json!({"orderId": id, "couponPercent": coupon,
           "items": [{"sku": "x", "quantity": 1, "unitPriceCents": 100}]})
}

fn request_id_of(answer: &Invocation) -> String {
    answer.json()["requestId"]
        .as_str()
        .expect("requestId")
        .to_owned()
}

/// The stranger logs through the plain `log` facade: under cargo-lambda each line carries the
/// invocation's request id and its level.
#[test]
fn stranger_log_lines_carry_the_request_id() {
    let emulator = Emulator::start();
    let function = emulator.run_example("stranger");
    let answer = emulator.invoke_json(&function, &logged_order("o-30", 60));
    assert_eq!(answer.status, 200, "{}", emulator.diagnostics(&function));
    let id = request_id_of(&answer);
    let info = function.output_line(|line| line.contains("order o-30 with 1 items"));
    assert!(
        info.contains(&id) && info.contains("INFO"),
        "log line: {info}"
    );
    let warn = function.output_line(|line| line.contains("order o-30 uses a coupon"));
    assert!(
        warn.contains(&id) && warn.contains("WARN"),
        "log line: {warn}"
    );
}

/// `AWS_LAMBDA_LOG_LEVEL=WARN`: WARN lines only. The first invocation logs only at INFO; once
/// the second one's WARN line is out, the first one's INFO line would be out too.
#[test]
fn stranger_log_level_hides_lower_levels() {
    let emulator = Emulator::start();
    let function = emulator.run_example_with("stranger", &[("AWS_LAMBDA_LOG_LEVEL", "WARN")]);
    let first = emulator.invoke_json(&function, &logged_order("o-31", 0));
    assert_eq!(first.status, 200, "{}", emulator.diagnostics(&function));
    let second = emulator.invoke_json(&function, &logged_order("o-32", 60));
    assert_eq!(second.status, 200, "{}", emulator.diagnostics(&function));
    function.output_line(|line| line.contains("order o-32 uses a coupon") && line.contains("WARN"));
    let output = function.process.output.text();
    assert!(
        !output.contains("with 1 items"),
        "INFO lines despite AWS_LAMBDA_LOG_LEVEL=WARN:\n{output}"
    );
}

/// Issue 2: every line carries the request id, whatever the level: with `AWS_LAMBDA_LOG_LEVEL`
/// above INFO too (the runtime opens its invocation span at ERROR so the filter keeps it).
#[test]
fn log_lines_keep_the_request_id_under_a_higher_log_level() {
    let emulator = Emulator::start();
    let function = emulator.run_example_with("stranger", &[("AWS_LAMBDA_LOG_LEVEL", "WARN")]);
    let answer = emulator.invoke_json(&function, &logged_order("o-33", 60));
    assert_eq!(answer.status, 200, "{}", emulator.diagnostics(&function));
    let warn = function.output_line(|line| line.contains("order o-33 uses a coupon"));
    assert!(warn.contains(&request_id_of(&answer)), "log line: {warn}");
}

#[test]
fn stranger_value_handler_takes_any_json() {
    let emulator = Emulator::start();
    let function = emulator.run_example_with("stranger", &[("STRANGER_HANDLER", "value")]);
    let cases = [
        (
            json!({"b": 1, "a": {"x": 2}}),
            json!({"kind": "object", "keys": ["a", "b"]}),
        ),
        (json!([1, 2, 3]), json!({"kind": "array", "len": 3})),
        (json!("héllo"), json!({"kind": "string", "len": 5})),
        (json!(7.5), json!({"kind": "number"})),
        (json!(false), json!({"kind": "bool"})),
    ];
    for (event, expected) in cases {
        let answer = emulator.invoke_json(&function, &event);
        emulator.assert_ok(&function, &answer, &expected);
    }
    let answer = emulator.invoke(&function, b"null");
    let message = emulator.assert_error(&function, &answer, "NullEvent");
    assert_eq!(message, "the event is null");
}

#[test]
fn stranger_raw_handler_sees_untouched_bytes_and_sends_its_own() {
    let emulator = Emulator::start();
    let function = emulator.run_example_with("stranger", &[("STRANGER_HANDLER", "raw")]);
    let event: &[u8] = b"{ \"keep\" : [1.0, 2e0, \"\\u0041\"] }";
    let answer = emulator.invoke(&function, event);
    assert_eq!(answer.status, 200, "{}", emulator.diagnostics(&function));
    let body = String::from_utf8(answer.body.clone()).expect("utf-8 answer");
    let reply = answer.json();
    let request_id = reply["requestId"].as_str().expect("requestId");
    assert!(!request_id.is_empty());
    // The handler's Box<RawValue> goes out as is: byte for byte what it formatted.
    let expected = format!(
        "{{\"bytes\":{},\"requestId\":\"{request_id}\",\"event\":{}}}",
        event.len(),
        std::str::from_utf8(event).unwrap()
    );
    assert_eq!(body, expected);
}

// ---------------------------------------------------------------------------------------------
// The bad-input matrix (shared with tests/bad_input.rs), through cargo-lambda's emulator
// ---------------------------------------------------------------------------------------------

#[path = "support/bad_input_cases.rs"]
#[allow(dead_code)] // the handlers run in the `bad_input` example, not in this test binary
mod bad_input_cases;

/// Every case of the shared bad-input matrix, sent through cargo-lambda's invoke endpoint to the
/// `bad_input` example polling its emulator: the same error type and message start (the JSON
/// path, or the payload a handler could not read) as through the fake, or the same decoded
/// answer; after each case the good event is answered exactly, by the same process. One
/// emulator and one function process per handler.
///
/// cargo-lambda 1.9.2 delivers every case as sent, invalid UTF-8 and the 6 MB event included, so
/// none is left out. Header values (malformed client context or Cognito identity, missing
/// deadline or ARN) are not in the shared matrix: cargo-lambda forwards neither of the first two
/// and always sends its own deadline and ARN, so `bad_input.rs` tests them against the fake only.
#[test]
fn bad_input_matrix_through_cargo_lambda() {
    let tables = bad_input_cases::tables();
    for table in &tables {
        let emulator = Emulator::start();
        let function =
            emulator.run_example_with("bad_input", &[("BAD_INPUT_HANDLER", table.handler)]);
        let answer = emulator.invoke(&function, &table.good);
        emulator.assert_ok(&function, &answer, &table.good_answer);
        for case in &table.cases {
            let answer = emulator.invoke(&function, &case.body);
            match &case.expect {
                bad_input_cases::Expect::Error(start) => {
                    let message =
                        emulator.assert_error(&function, &answer, "Runtime.UnmarshalError");
                    assert!(
                        message.starts_with(start),
                        "{}: {message:?} does not start with {start:?}",
                        case.name
                    );
                }
                bad_input_cases::Expect::HandlerError(error_type, start) => {
                    let message = emulator.assert_error(&function, &answer, error_type);
                    assert!(
                        message.starts_with(start),
                        "{}: {message:?} does not start with {start:?}",
                        case.name
                    );
                }
                bad_input_cases::Expect::Ok(check) => {
                    assert_eq!(
                        answer.status,
                        200,
                        "{}: {}\n{}",
                        case.name,
                        String::from_utf8_lossy(&answer.body),
                        emulator.diagnostics(&function)
                    );
                    check(&answer.json());
                }
            }
            let answer = emulator.invoke(&function, &table.good);
            emulator.assert_ok(&function, &answer, &table.good_answer);
        }
        function.assert_running();
    }
}
