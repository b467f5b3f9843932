//! The checked-in `events/src/generated/` is exactly what the schemas generate, and the events
//! crate has exactly one cargo feature per schema file.
//!
//! This is the one place the generated models are verified (`./scripts/test.sh codegen` runs
//! it alone). It also shows generation is deterministic: the files on disk were written by
//! another process (`cargo run -p typed-lambda-codegen`), and the output here must equal them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn generated_code_is_up_to_date() {
    let root = repo_root();
    let files = typed_lambda_codegen::generate(&root.join("schemas")).expect("generation works");
    let mut stale = Vec::new();
    for (rel, contents) in &files {
        let on_disk = std::fs::read_to_string(root.join(rel)).unwrap_or_default();
        if on_disk != *contents {
            stale.push(rel.display().to_string());
        }
    }
    let generated: BTreeSet<_> = files.iter().map(|(p, _)| p.clone()).collect();
    let dir = root.join(typed_lambda_codegen::GENERATED_DIR);
    for dir in [dir.clone(), dir.join("shared")] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(&root).unwrap().to_path_buf();
            if path.is_file() && !generated.contains(&rel) {
                stale.push(format!("{} (no schema generates it)", rel.display()));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated files: {stale:?}; run `{}`",
        typed_lambda_codegen::REGENERATE_COMMAND
    );
}

/// `(features, default features)` of `events/Cargo.toml`, read from its `[features]` table.
fn events_features() -> (BTreeSet<String>, BTreeSet<String>) {
    let text = std::fs::read_to_string(repo_root().join("events/Cargo.toml")).unwrap();
    let mut in_features = false;
    let mut features = BTreeSet::new();
    let mut default = BTreeSet::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_features = line == "[features]";
            continue;
        }
        if !in_features || line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, value) = line.split_once('=').expect("feature line `name = [...]`");
        let name = name.trim().to_string();
        if name == "default" {
            default = value
                .trim()
                .trim_start_matches('[')
                .trim_end_matches(']')
                .split(',')
                .map(|s| s.trim().trim_matches('"').to_string())
                .filter(|s| !s.is_empty())
                .collect();
        } else {
            features.insert(name);
        }
    }
    (features, default)
}

#[test]
fn events_features_match_schema_files() {
    let families: BTreeSet<String> =
        typed_lambda_codegen::schema_files(&repo_root().join("schemas"))
            .unwrap()
            .iter()
            .map(|p| typed_lambda_codegen::family_name(p).unwrap())
            .collect();
    assert!(families.contains("s3"), "{families:?}");
    let (features, default) = events_features();
    let non_family: BTreeSet<String> = ["schemars", "catch-all-fields", "tracing"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let family_features: BTreeSet<String> = features.difference(&non_family).cloned().collect();
    assert_eq!(
        family_features, families,
        "events/Cargo.toml needs exactly one feature per schemas/*.json"
    );
    assert_eq!(default, families, "`default` must enable every family");
}

/// The crate docs of `events/src/lib.rs` name every family feature (as `` `family` ``) in their
/// family list, the part before the first code block.
#[test]
fn events_crate_docs_list_every_family_feature() {
    let text = std::fs::read_to_string(repo_root().join("events/src/lib.rs")).unwrap();
    let docs: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("//!"))
        .take_while(|l| !l.trim_start().starts_with("```"))
        .collect();
    let docs = docs.join("\n");
    let families: Vec<String> = typed_lambda_codegen::schema_files(&repo_root().join("schemas"))
        .unwrap()
        .iter()
        .map(|p| typed_lambda_codegen::family_name(p).unwrap())
        .collect();
    assert!(families.len() > 50, "{families:?}");
    let missing: Vec<&String> = families
        .iter()
        .filter(|family| !docs.contains(&format!("`{family}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "events/src/lib.rs crate docs do not list the family feature(s) {missing:?}"
    );
}
