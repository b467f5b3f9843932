//! The binaries the end-to-end tests run: the workspace's example functions and the
//! `cargo-lambda` peer.
//!
//! - Example binaries are built on first use: the first [`example_bin`] call of a test process
//!   runs `cargo build --examples` in the repository (the default members' examples: the
//!   command of `./scripts/test.sh examples`, so its artifacts are reused) into the target dir
//!   and profile the test binary itself was built for. A bare `cargo test -p typed-lambda-tests` therefore never runs a stale example;
//!   when they are fresh the build is a no-op of a second or so.
//! - `TYPED_LAMBDA_EXAMPLES_DIR` points the tests at another folder of example binaries instead:
//!   they are run as they are, nothing is built.
//! - `TYPED_LAMBDA_CARGO_LAMBDA`: the `cargo-lambda` binary (default: `.venv/bin/cargo-lambda`,
//!   installed by `./scripts/test.sh venv`).
//!
//! A missing binary or a failed build fails the test with a message saying how to get it:
//! these tests never skip.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::repo_root;

/// The `cargo-lambda` binary; panics (fails the test) when it is missing.
pub fn cargo_lambda_bin() -> PathBuf {
    let path = match std::env::var_os("TYPED_LAMBDA_CARGO_LAMBDA") {
        Some(path) => PathBuf::from(path),
        None => repo_root().join(".venv/bin/cargo-lambda"),
    };
    assert!(
        path.is_file(),
        "cargo-lambda not found at {} (run `./scripts/test.sh venv`, which installs it into \
         .venv, or set TYPED_LAMBDA_CARGO_LAMBDA)",
        path.display()
    );
    path
}

/// The folder holding the example binaries: `TYPED_LAMBDA_EXAMPLES_DIR`, else `examples/`
/// beside the test binary's own `deps/` folder (`<target>/<profile>/examples`).
pub fn examples_dir() -> PathBuf {
    match std::env::var_os("TYPED_LAMBDA_EXAMPLES_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => profile_dir().join("examples"),
    }
}

/// `<target>/<profile>`: where the running test binary was built (it runs as
/// `<target>/<profile>/deps/<name>-<hash>`).
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary knows its path");
    exe.parent()
        .and_then(Path::parent)
        .expect("the test binary lives in <target>/<profile>/deps")
        .to_path_buf()
}

/// Builds the examples of the default members, once per test process, unless
/// `TYPED_LAMBDA_EXAMPLES_DIR` names prebuilt ones; panics with cargo's output when the build
/// fails.
fn build_examples() {
    static BUILT: OnceLock<Result<(), String>> = OnceLock::new();
    if std::env::var_os("TYPED_LAMBDA_EXAMPLES_DIR").is_some() {
        return;
    }
    let result = BUILT.get_or_init(|| {
        let profile_dir = profile_dir();
        let target_dir = profile_dir
            .parent()
            .expect("<target>/<profile> has a parent");
        let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        command
            .current_dir(repo_root())
            .args(["build", "--quiet", "--examples", "--target-dir"])
            .arg(target_dir);
        match profile_dir.file_name().and_then(|name| name.to_str()) {
            Some("debug") => {}
            Some("release") => {
                command.arg("--release");
            }
            Some(other) => {
                command.args(["--profile", other]);
            }
            None => return Err(format!("no profile in {}", profile_dir.display())),
        }
        let output = command
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("run {command:?}: {e}"))?;
        if output.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{command:?} failed ({}):\n{}",
                output.status,
                String::from_utf8_lossy(&output.stderr)
            ))
        }
    });
    if let Err(e) = result {
        panic!("building the example binaries: {e}");
    }
}

/// The example binary `name`, built (or found fresh) first: see the module docs. Panics
/// (fails the test) when the build fails or the binary is missing.
pub fn example_bin(name: &str) -> PathBuf {
    build_examples();
    let path = examples_dir().join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.is_file(),
        "example binary `{name}` not found at {} (`cargo build --examples` builds \
         it; TYPED_LAMBDA_EXAMPLES_DIR, when set, names the folder to take it from)",
        path.display()
    );
    path
}

/// A local run that takes longer than this is stuck (it should take milliseconds).
pub const RUN_TIMEOUT: Duration = Duration::from_secs(20);

/// How a local run ended and what it printed.
pub struct LocalRun {
    /// Exit code (`None`: killed by a signal).
    pub code: Option<i32>,
    /// Everything printed to stdout.
    pub stdout: String,
    /// Everything printed to stderr.
    pub stderr: String,
}

impl LocalRun {
    /// Stdout parsed as one JSON document; panics with both streams otherwise.
    pub fn json(&self) -> Value {
        serde_json::from_str(self.stdout.trim()).unwrap_or_else(|e| {
            panic!(
                "stdout is not one JSON document ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// Runs example `name` locally (no `AWS_LAMBDA_*` in its environment) with `args`, feeding
/// `stdin`; fails the test if it does not finish within [`RUN_TIMEOUT`].
pub fn run_locally(name: &str, args: &[&Path], stdin: &[u8]) -> LocalRun {
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
    LocalRun {
        code: status.code(),
        stdout: out_reader.join().expect("stdout reader"),
        stderr: err_reader.join().expect("stderr reader"),
    }
}

/// The sample events shipped with the examples, sorted, each with the example it belongs to:
/// `runtime/examples/events/<example>[-<variant>].json` belongs to example `<example>`.
pub fn bundled_events() -> Vec<(String, PathBuf)> {
    let events_dir = repo_root().join("runtime/examples/events");
    let mut events: Vec<(String, PathBuf)> = std::fs::read_dir(&events_dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", events_dir.display()))
        .map(|entry| entry.expect("dir entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| {
            let stem = path.file_stem().expect("file name").to_string_lossy();
            let example = stem.split('-').next().expect("split yields one item");
            (example.to_owned(), path)
        })
        .collect();
    events.sort();
    assert!(
        !events.is_empty(),
        "no sample events in {}",
        events_dir.display()
    );
    events
}

/// Every `GLIBC_x.y` symbol version an ELF file asks for (read from its version-needs strings);
/// the newest one is the oldest glibc it loads on.
pub fn glibc_versions(bytes: &[u8]) -> Vec<(u32, u32)> {
    let mut found = Vec::new();
    for (i, window) in bytes.windows(6).enumerate() {
        if window != b"GLIBC_" {
            continue;
        }
        let text: String = bytes[i + 6..]
            .iter()
            .take_while(|b| b.is_ascii_digit() || **b == b'.')
            .map(|b| *b as char)
            .collect();
        let mut parts = text.split('.').map(str::parse::<u32>);
        if let (Some(Ok(major)), Some(Ok(minor))) = (parts.next(), parts.next()) {
            found.push((major, minor));
        }
    }
    found
}
