//! Shared by the test files that run binaries: where the peers and the example binaries are.
//!
//! - `TYPED_LAMBDA_CARGO_LAMBDA`: the `cargo-lambda` binary (default: `.venv/bin/cargo-lambda`).
//! - `TYPED_LAMBDA_EXAMPLES_DIR`: the example binaries (default: `examples/` beside the test
//!   binary's own `deps/` folder, i.e. `target/debug/examples`).
//!
//! `scripts/test.sh` sets both after building the examples. A missing binary fails the test
//! with a message saying how to get it: these tests never skip.
#![allow(dead_code)] // each test file uses its own subset

use std::path::{Path, PathBuf};

/// The repository root (parent of the `tests` crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// The `cargo-lambda` binary; panics (fails the test) when it is missing.
pub fn cargo_lambda_bin() -> PathBuf {
    let path = match std::env::var_os("TYPED_LAMBDA_CARGO_LAMBDA") {
        Some(path) => PathBuf::from(path),
        None => repo_root().join(".venv/bin/cargo-lambda"),
    };
    assert!(
        path.is_file(),
        "cargo-lambda not found at {} (set TYPED_LAMBDA_CARGO_LAMBDA, or run ./scripts/test.sh, \
         which installs it into .venv)",
        path.display()
    );
    path
}

/// The folder holding the example binaries.
pub fn examples_dir() -> PathBuf {
    match std::env::var_os("TYPED_LAMBDA_EXAMPLES_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => {
            // This test runs as <target>/debug/deps/cargo_lambda-<hash>.
            let exe = std::env::current_exe().expect("the test binary knows its path");
            exe.parent()
                .and_then(Path::parent)
                .expect("the test binary lives in <target>/<profile>/deps")
                .join("examples")
        }
    }
}

/// The example binary `name`; panics (fails the test) when it is missing.
pub fn example_bin(name: &str) -> PathBuf {
    let path = examples_dir().join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.is_file(),
        "example binary `{name}` not found at {} (build it with `cargo build --workspace \
         --examples`, or run ./scripts/test.sh; TYPED_LAMBDA_EXAMPLES_DIR overrides the folder)",
        path.display()
    );
    path
}
