//! Snapshot cases: `tests/cases/<case>.json` generates exactly `tests/cases/<case>.rs`.
//! `UPDATE_SNAPSHOTS=1 cargo test -p typed-lambda-codegen --test snapshots` rewrites them.

use std::path::Path;

#[test]
fn cases_match_their_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("cases");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut cases = 0;
    let mut failures = Vec::new();
    for path in typed_lambda_codegen::schema_files(&dir).unwrap() {
        cases += 1;
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let bundled = typed_lambda_codegen::bundle_schema_file(&path).unwrap();
        let source = format!("codegen/tests/cases/{name}.json");
        let actual = typed_lambda_codegen::generate_module(&bundled, &source)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let snapshot = path.with_extension("rs");
        if update {
            std::fs::write(&snapshot, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&snapshot).unwrap_or_default();
        if expected != actual {
            failures.push(name);
        }
    }
    assert!(cases >= 6, "only {cases} cases found in {}", dir.display());
    assert!(
        failures.is_empty(),
        "snapshots differ: {failures:?}; review and run `UPDATE_SNAPSHOTS=1 cargo test -p typed-lambda-codegen --test snapshots`"
    );
}
