//! The README's "Your own crate" section, taken as a newcomer would: every file it shows is
//! written into a fresh crate in a temporary folder outside this repository (beside a
//! `typed-lambda` link to this checkout, the path its `Cargo.toml` names), then the crate's own
//! `cargo test` must pass and its binaries must run locally as the README says.
//!
//! Also checks that every Rust snippet of the READMEs is compiled somewhere: as a doctest
//! (README.md is included in the runtime's doctests), by this test, or, for an `ignore`d block,
//! because its lines are in a file the suite builds.
//!
//! Economical on purpose: the crate builds into this repository's target directory
//! (`CARGO_TARGET_DIR`) with this repository's `Cargo.lock`, so only the crates whose features
//! differ are compiled again, and `--offline` (everything is in the local cache already).

use std::path::{Path, PathBuf};
use std::process::Command;
use typed_lambda_tests::repo_root;

/// This test binary's target directory (`<target>/debug/deps/<test>` → `<target>`).
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.ancestors().nth(3).unwrap().to_path_buf()
}

/// A fenced code block: its info string, its text, the line before it (skipping blank lines)
/// and the `## ` section it is in.
struct Block {
    info: String,
    text: String,
    label: String,
    section: String,
}

fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut last_text_line = String::new();
    let mut lines = markdown.lines();
    while let Some(line) = lines.next() {
        if let Some(heading) = line.strip_prefix("## ") {
            section = heading.trim().to_string();
        }
        if let Some(info) = line.trim_start().strip_prefix("```") {
            let mut text = String::new();
            for inner in lines.by_ref() {
                if inner.trim_start().starts_with("```") {
                    break;
                }
                text.push_str(inner);
                text.push('\n');
            }
            out.push(Block {
                info: info.trim().to_string(),
                text,
                label: last_text_line.clone(),
                section: section.clone(),
            });
            continue;
        }
        if !line.trim().is_empty() {
            last_text_line = line.trim().to_string();
        }
    }
    out
}

/// `` `src/lib.rs`: `` or `` `src/bin/hello.rs` (and ...): `` → `src/lib.rs`.
fn file_label(label: &str) -> Option<&str> {
    let rest = label.strip_prefix('`')?;
    let (path, after) = rest.split_once('`')?;
    (label.ends_with(':') && !path.contains(' ') && (after == ":" || after.starts_with(" ")))
        .then_some(path)
}

/// The files of the "Your own crate" section, by path.
fn own_crate_files(readme: &str) -> Vec<(String, String)> {
    blocks(readme)
        .into_iter()
        .filter(|b| b.section == "Your own crate")
        .filter_map(|b| file_label(&b.label).map(|path| (path.to_string(), b.text)))
        .collect()
}

fn run(cmd: &mut Command) -> (bool, String, String) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn cargo(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(dir)
        .args(args)
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("AWS_LAMBDA_RUNTIME_API")
        .env_remove("AWS_LAMBDA_FUNCTION_NAME")
        .env_remove("RUSTFLAGS");
    cmd
}

#[test]
fn a_crate_written_from_the_readme_builds_tests_and_runs() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let files = own_crate_files(&readme);
    let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    for expected in [
        "Cargo.toml",
        "src/lib.rs",
        "src/bin/hello.rs",
        "tests/hello.rs",
        "events/hello.json",
    ] {
        assert!(
            names.contains(&expected),
            "README's crate lacks {expected}: {names:?}"
        );
    }

    // Outside the repository, as a user's crate is: a folder with the crate and a
    // `typed-lambda` link to this checkout (the README's `../typed-lambda/...` paths).
    let base = std::env::temp_dir().join(format!("typed-lambda-readme-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).unwrap();
    std::os::unix::fs::symlink(repo_root(), base.join("typed-lambda")).unwrap();
    let krate = base.join("my-functions");
    for (path, text) in &files {
        let file = krate.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, text).unwrap();
        if path == "src/bin/hello.rs" {
            // "and `src/bin/orders.rs` the same with `my_functions::orders`"
            std::fs::write(
                krate.join("src/bin/orders.rs"),
                text.replace("my_functions::hello", "my_functions::orders"),
            )
            .unwrap();
        }
    }
    // The same versions as this repository's build, so the shared target dir is reused.
    std::fs::copy(repo_root().join("Cargo.lock"), krate.join("Cargo.lock")).unwrap();

    let (ok, stdout, stderr) = run(&mut cargo(&krate, &["test", "--offline", "--quiet"]));
    assert!(
        ok,
        "cargo test of the README's crate failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("test greets ... ok") || stdout.contains("1 passed"),
        "{stdout}"
    );

    // Runs once locally on the README's event, logging the function's name (the binary's).
    let (ok, stdout, stderr) = run(&mut cargo(
        &krate,
        &[
            "run",
            "--offline",
            "--quiet",
            "--bin",
            "hello",
            "--",
            "events/hello.json",
        ],
    ));
    assert!(ok, "cargo run --bin hello failed:\n{stdout}\n{stderr}");
    let result = stdout.lines().last().unwrap_or_default();
    assert_eq!(
        result, r#"{"message":"Hello, Jane Doe!"}"#,
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    let logs = format!("{stdout}{stderr}");
    assert!(
        logs.contains("greeting in hello"),
        "the log names the function: {logs}"
    );

    // With the event families trimmed, the batch helper still logs a failed record and `?`
    // on the events crate's errors compiled above (`one_order`).
    let sqs = krate.join("events/orders.json");
    let record = |id: &str, body: &str| {
        serde_json::json!({"messageId": id, "receiptHandle": "h", "body": body,
            "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "1545082649183",
                "SenderId": "AIDAEXAMPLE", "ApproximateFirstReceiveTimestamp": "1545082649185"},
            "messageAttributes": {}, "md5OfBody": "0",
            "eventSource": "aws:sqs", "eventSourceARN": "arn:aws:sqs:us-east-2:123456789012:orders",
            "awsRegion": "us-east-2"})
    };
    let event = serde_json::json!({"Records": [
        record("m-1", r#"{"id": "o-1", "quantity": 2}"#),
        record("m-2", r#"{"id": "o-2", "quantity": 0}"#),
    ]});
    std::fs::write(&sqs, event.to_string()).unwrap();
    let (ok, stdout, stderr) = run(&mut cargo(
        &krate,
        &[
            "run",
            "--offline",
            "--quiet",
            "--bin",
            "orders",
            "--",
            "events/orders.json",
        ],
    ));
    assert!(ok, "cargo run --bin orders failed:\n{stdout}\n{stderr}");
    let result = stdout.lines().last().unwrap_or_default();
    assert_eq!(
        result, r#"{"batchItemFailures":[{"itemIdentifier":"m-2"}]}"#,
        "{stdout}"
    );
    let logs = format!("{stdout}{stderr}");
    assert!(
        logs.contains("batch record failed") && logs.contains("order o-2 has no items"),
        "the failed record is logged: {logs}"
    );
    std::fs::remove_dir_all(&base).unwrap();
}

/// Lines of `code` that carry code (not blank, not comments), string literals emptied (a
/// snippet's `"schemas"` may be an example's longer path).
fn code_lines(code: &str) -> Vec<String> {
    code.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .map(without_literals)
        .collect()
}

fn without_literals(line: &str) -> String {
    let mut out = String::new();
    let mut in_string = false;
    for c in line.chars() {
        if c == '"' {
            in_string = !in_string;
            out.push(c);
        } else if !in_string {
            out.push(c);
        }
    }
    out
}

#[test]
fn every_rust_snippet_of_the_readmes_is_compiled() {
    let root = repo_root();
    let lib = std::fs::read_to_string(root.join("runtime/src/lib.rs")).unwrap();
    assert!(
        lib.contains("#[doc = include_str!(\"../../README.md\")]"),
        "README.md must be included in the runtime's doctests"
    );
    // Files the suite builds, where an `ignore`d snippet's lines must appear.
    let built: String = [
        "examples/python-s3/src/lib.rs",
        "examples/custom-eventbridge/build.rs",
        "examples/custom-eventbridge/src/main.rs",
        "runtime/examples/axum.rs",
        "runtime/examples/http_fn.rs",
    ]
    .iter()
    .map(|p| std::fs::read_to_string(root.join(p)).unwrap())
    .flat_map(|text| code_lines(&text))
    .collect::<Vec<_>>()
    .join("\n");
    let mut checked = 0;
    for readme in ["README.md", "codegen/README.md", "schemas/README.md"] {
        let text = std::fs::read_to_string(root.join(readme)).unwrap();
        for block in blocks(&text) {
            if !block.info.starts_with("rust") {
                continue;
            }
            checked += 1;
            let ignored = block.info.split(',').any(|a| a.trim() == "ignore");
            if readme == "README.md" && !ignored {
                continue; // a doctest
            }
            if readme == "README.md" && block.section == "Your own crate" {
                assert!(
                    file_label(&block.label).is_some(),
                    "{readme}: a Rust block in 'Your own crate' without a file label:\n{}",
                    block.text
                );
                continue; // built by the test above
            }
            assert!(
                ignored,
                "{readme}: a Rust block that no doctest compiles:\n{}",
                block.text
            );
            for line in code_lines(&block.text) {
                assert!(
                    built.contains(&line),
                    "{readme}: `{line}` is in no file the test suite builds; keep the snippet \
                     equal to the example it shows:\n{}",
                    block.text
                );
            }
        }
    }
    assert!(checked >= 5, "only {checked} Rust blocks found");
}
