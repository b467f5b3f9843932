//! The models checked in for `runtime/examples/custom_eventbridge.rs` are exactly what
//! `typed-lambda-codegen generate` makes of its schemas (the command in the example's docs).

use std::path::Path;
use std::process::Command;

const SCHEMAS: &str = "runtime/examples/custom_eventbridge/schemas";
const OUT: &str = "runtime/examples/custom_eventbridge/generated";

#[test]
fn example_models_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = Command::new(env!("CARGO_BIN_EXE_typed-lambda-codegen"))
        .current_dir(&root)
        .args([
            "generate",
            "--open-enums",
            "all",
            "--schemas",
            SCHEMAS,
            "--out",
            OUT,
        ])
        .arg("--check")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}\nrun: cargo run -p typed-lambda-codegen -- generate --open-enums all --schemas {SCHEMAS} --out {OUT}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
