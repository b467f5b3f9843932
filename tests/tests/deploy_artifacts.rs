//! Deployment artefacts: the `bootstrap.zip` that `cargo lambda build --release --output-format
//! zip` makes of the hello example (`./scripts/test.sh lambda_zip`), and the SAM template.
//!
//! The zip must hold one executable `bootstrap` for x86_64 Linux that needs no glibc newer than
//! 2.34 (Amazon Linux 2023, `provided.al2023`), and it must serve invocations. arm64 zips cannot
//! be built on this machine (no aarch64 Rust target can be installed), so they are not tested.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::json;
use typed_lambda::testing::FakeRuntimeApi;

fn hello_zip() -> PathBuf {
    let path = std::env::var_os("TYPED_LAMBDA_HELLO_ZIP")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            typed_lambda_tests::repo_root().join("target/lambda/hello/bootstrap.zip")
        });
    assert!(
        path.is_file(),
        "{} missing: run ./scripts/test.sh lambda_zip (cargo lambda build --release -p typed-lambda \
         --example hello --output-format zip), or set TYPED_LAMBDA_HELLO_ZIP",
        path.display()
    );
    path
}

#[test]
fn hello_zip_holds_an_al2023_bootstrap_that_serves() {
    let zip = hello_zip();
    let dir = std::env::temp_dir().join(format!("typed-lambda-hello-zip-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // List and extract with Python's zipfile (the venv's python), keeping the mode bits.
    let python = typed_lambda_tests::repo_root().join(".venv/bin/python");
    let python = if python.is_file() {
        python
    } else {
        PathBuf::from("python3")
    };
    let listing = Command::new(&python)
        .arg("-c")
        .arg(
            "import sys, zipfile, os\n\
             z = zipfile.ZipFile(sys.argv[1])\n\
             for i in z.infolist():\n\
             \x20   print(i.filename, oct(i.external_attr >> 16))\n\
             \x20   p = z.extract(i, sys.argv[2]); os.chmod(p, i.external_attr >> 16 & 0o777)\n",
        )
        .arg(&zip)
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        listing.status.success(),
        "{}",
        String::from_utf8_lossy(&listing.stderr)
    );
    let listing = String::from_utf8(listing.stdout).unwrap();
    let entries: Vec<&str> = listing.lines().collect();
    assert_eq!(entries.len(), 1, "{listing}");
    let (name, mode) = entries[0].split_once(' ').unwrap();
    assert_eq!(name, "bootstrap");
    let mode = u32::from_str_radix(mode.trim_start_matches("0o"), 8).unwrap();
    assert_eq!(mode & 0o111, 0o111, "bootstrap is not executable: {mode:o}");

    let bootstrap = dir.join("bootstrap");
    let mut bytes = Vec::new();
    std::fs::File::open(&bootstrap)
        .unwrap()
        .read_to_end(&mut bytes)
        .unwrap();
    assert_eq!(&bytes[..4], b"\x7fELF");
    assert_eq!(
        u16::from_le_bytes([bytes[18], bytes[19]]),
        62,
        "not x86-64 (e_machine)"
    );
    let newest = typed_lambda_tests::glibc_versions(&bytes)
        .into_iter()
        .max()
        .expect("links glibc");
    assert!(
        newest <= (2, 34),
        "needs GLIBC_{}.{} > AL2023's 2.34",
        newest.0,
        newest.1
    );

    let fake = FakeRuntimeApi::start();
    let mut child = Command::new(&bootstrap)
        .env("AWS_LAMBDA_RUNTIME_API", fake.endpoint())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let out = fake
        .invoke(r#"{"FirstName":"Jane","LastName":"Doe"}"#)
        .json();
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out, json!({"message": "Hello, Jane Doe!"}));
}

#[test]
fn sam_template_passes_cfn_lint() {
    let cfn_lint = typed_lambda_tests::repo_root().join(".venv/bin/cfn-lint");
    assert!(
        cfn_lint.is_file(),
        "{} missing: run ./scripts/test.sh venv",
        cfn_lint.display()
    );
    let template = typed_lambda_tests::repo_root().join("examples/sam/template.yaml");
    let out = Command::new(cfn_lint).arg(&template).output().unwrap();
    assert!(
        out.status.success(),
        "cfn-lint found problems:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
