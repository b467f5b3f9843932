//! Shared helpers of the end-to-end tests in `tests/tests/` (each file there is its own test
//! binary; what two of them need lives here, once).
//!
//! - Paths and fixtures: [`repo_root`], [`fixture`], [`fixture_json`], [`decode_fixture`], and the
//!   public reference corpus beside the repository ([`shared_corpus_dir`], [`shared_corpus_json`]).
//! - [`fixture_table`]: which generated type each sample event is.
//! - [`json_leaves`]: what a model lost, changed or invented when it wrote a JSON input back.
//! - [`bins`]: the example binaries (built on first use, so they are never stale), the
//!   `cargo-lambda` peer, local runs.
//!
//! ```
//! let event: serde_json::Value = typed_lambda_tests::fixture_json("sqs-event.json");
//! assert!(event["Records"].is_array());
//! ```

pub mod bins;
pub mod fixture_table;
pub mod json_leaves;

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde_json::Value;

pub use bins::{
    bundled_events, cargo_lambda_bin, example_bin, examples_dir, glibc_versions, run_locally,
    LocalRun, RUN_TIMEOUT,
};

/// The repository root (parent of the `tests` crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// `tests/fixtures/`: the sample events the tests carry (provenance in its `README.md`).
pub fn fixtures_dir() -> PathBuf {
    repo_root().join("tests").join("fixtures")
}

/// The text of `tests/fixtures/<name>`; panics (fails the test) naming the file when it
/// cannot be read.
pub fn fixture(name: &str) -> String {
    read(&fixtures_dir().join(name))
}

/// `tests/fixtures/<name>` parsed as JSON; panics naming the file when it is not JSON.
pub fn fixture_json(name: &str) -> Value {
    serde_json::from_str(&fixture(name)).unwrap_or_else(|e| panic!("{name}: not JSON: {e}"))
}

/// `tests/fixtures/<name>` decoded as `T`; panics naming the file and the error.
pub fn decode_fixture<T: DeserializeOwned>(name: &str) -> T {
    serde_json::from_str(&fixture(name)).unwrap_or_else(|e| panic!("decode {name}: {e}"))
}

/// The text of the file at `path`; panics (fails the test) naming it when it cannot be read.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The public reference corpus (`../shared/fixtures/`, beside the repository). It is optional:
/// tests that sweep it say so and pass without it; no test needs it.
pub fn shared_corpus_dir() -> PathBuf {
    repo_root().join("..").join("shared").join("fixtures")
}

/// A corpus sample (`rel` relative to [`shared_corpus_dir`]) as JSON, or `None` when the corpus
/// (or that file) is not there; panics when the file is there but is not JSON.
pub fn shared_corpus_json(rel: &str) -> Option<Value> {
    let path = shared_corpus_dir().join(rel);
    let text = std::fs::read_to_string(&path).ok()?;
    Some(
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: not JSON: {e}", path.display())),
    )
}
