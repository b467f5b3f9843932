//! Running one of this test binary's own tests as a child process, for entry points that end
//! the process (`handle_async`, `init`).
//!
//! The child test is `#[ignore]`d so that a normal run skips it, and does its work only when
//! [`CHILD_VAR`] names its mode; the parent re-executes the test binary with
//! `--exact <name> --include-ignored` and that variable set.

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The environment variable that puts a child test into its mode.
pub const CHILD_VAR: &str = "TYPED_LAMBDA_TEST_CHILD";

/// The mode this process runs in as a child, if it is one.
pub fn child_mode() -> Option<String> {
    std::env::var(CHILD_VAR).ok()
}

/// Runs test `name` of this binary as a child with `CHILD_VAR=mode`, `AWS_LAMBDA_RUNTIME_API`
/// set to `runtime_api` (or removed), and `first_arg` as its first argument (where a local
/// invoke looks for the event file; libtest takes it as one more name filter, matching
/// nothing). Waits for it to exit.
pub fn run_child(
    name: &str,
    mode: &str,
    runtime_api: Option<&str>,
    first_arg: Option<&Path>,
) -> Output {
    let mut command = Command::new(std::env::current_exe().expect("the test binary's path"));
    if let Some(arg) = first_arg {
        command.arg(arg);
    }
    command
        .args([
            "--exact",
            name,
            "--include-ignored",
            "--nocapture",
            "--quiet",
        ])
        .args(["--test-threads", "1"])
        .env(CHILD_VAR, mode)
        .env_remove("AWS_LAMBDA_LOG_FORMAT")
        .env_remove("RUST_LOG")
        .stdin(Stdio::null());
    match runtime_api {
        Some(api) => command.env("AWS_LAMBDA_RUNTIME_API", api),
        None => command.env_remove("AWS_LAMBDA_RUNTIME_API"),
    };
    command.output().expect("run the test binary as a child")
}

/// The JSON lines of a child's stdout (libtest's own lines are not JSON).
pub fn json_lines(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter_map(|line| serde_json::from_str(line.trim()).ok())
        .collect()
}
