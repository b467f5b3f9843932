//! The generator bundles the EventBridge envelope (`codegen/src/eventbridge.json`, so the crate
//! builds outside this repository); it must stay a byte-for-byte copy of
//! `schemas/shared/eventbridge.json`, the source of truth that our own event families use.
//! `UPDATE_SNAPSHOTS=1 cargo test -p typed-lambda-codegen --test envelope_copy` refreshes it.

use std::path::Path;

#[test]
fn bundled_envelope_is_a_copy_of_the_shared_schema() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let truth_path = crate_dir.join("../schemas/shared/eventbridge.json");
    let copy_path = crate_dir.join("src/eventbridge.json");
    let truth =
        std::fs::read(&truth_path).unwrap_or_else(|e| panic!("read {}: {e}", truth_path.display()));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&copy_path, &truth).unwrap();
    }
    let copy =
        std::fs::read(&copy_path).unwrap_or_else(|e| panic!("read {}: {e}", copy_path.display()));
    assert!(
        copy == truth,
        "codegen/src/eventbridge.json differs from schemas/shared/eventbridge.json; refresh the \
         copy with `UPDATE_SNAPSHOTS=1 cargo test -p typed-lambda-codegen --test envelope_copy` \
         (or `cp schemas/shared/eventbridge.json codegen/src/eventbridge.json`)"
    );
}
