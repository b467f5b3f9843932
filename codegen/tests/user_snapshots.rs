//! User-schema snapshot cases: `tests/user_cases/<case>.json` (one per input format, plus one
//! with every option) generates exactly `tests/user_cases/<case>.rs`; every
//! `tests/user_errors/<case>.json` fails with exactly the message in `<case>.txt`.
//! `UPDATE_SNAPSHOTS=1 cargo test -p typed-lambda-codegen --test user_snapshots` rewrites them.

use std::path::{Path, PathBuf};

use typed_lambda_codegen::{FormatOverride, Gate, OpenEnums, Options, Replacement};

fn dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(name)
}

fn update() -> bool {
    std::env::var_os("UPDATE_SNAPSHOTS").is_some()
}

/// The options of a case: the defaults, except for `options.json` (its snapshot is compiled
/// and used by `tests/tests/codegen_user_cases.rs`, which provides `crate::money::Money` and
/// `crate::ids::Uuid`).
fn options_for(case: &str) -> Options {
    let mut options = Options {
        regenerate_command:
            "UPDATE_SNAPSHOTS=1 cargo test -p typed-lambda-codegen --test user_snapshots".into(),
        ..Options::default()
    };
    match case {
        "options" => {
            options.set_crate_path("typed_lambda_events");
            options.open_enums = OpenEnums::All;
            options.schemars = Gate::Always;
            options.catch_all = Gate::Always;
            options.replacements.push(Replacement {
                schema_name: "Money".into(),
                rust_type: "crate::money::Money".into(),
                default: true,
            });
            options.formats.push(FormatOverride {
                format: "uuid".into(),
                rust_type: Some("crate::ids::Uuid".into()),
            });
        }
        "draft07" => options.formats.push(FormatOverride {
            format: "uuid".into(),
            rust_type: None,
        }),
        _ => {}
    }
    options
}

fn cases(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    out.sort();
    out
}

#[test]
fn user_cases_match_their_snapshots() {
    let mut failures = Vec::new();
    let cases = cases(&dir("user_cases"));
    for (name, path) in &cases {
        let shown = PathBuf::from(format!("codegen/tests/user_cases/{name}.json"));
        let files = typed_lambda_codegen::generate_files(path, &shown, &options_for(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let module = files
            .iter()
            .find(|(p, _)| p == Path::new(&format!("{name}.rs")))
            .map(|(_, text)| text.clone())
            .unwrap_or_else(|| panic!("{name}: no module in {files:?}"));
        let snapshot = path.with_extension("rs");
        if update() {
            std::fs::write(&snapshot, &module).unwrap();
        } else if std::fs::read_to_string(&snapshot).unwrap_or_default() != module {
            failures.push(name.clone());
        }
    }
    assert!(cases.len() >= 5, "only {} cases", cases.len());
    assert!(
        failures.is_empty(),
        "snapshots differ: {failures:?}; review and run `UPDATE_SNAPSHOTS=1 cargo test -p typed-lambda-codegen --test user_snapshots`"
    );
}

#[test]
fn user_errors_match_their_messages() {
    let root = dir("user_errors");
    let mut failures = Vec::new();
    let cases = cases(&root);
    for (name, path) in &cases {
        let err = match typed_lambda_codegen::generate_files(path, path, &Options::default()) {
            Ok(_) => {
                failures.push(format!("{name}: generated without an error"));
                continue;
            }
            Err(e) => e.to_string().replace(&format!("{}/", root.display()), ""),
        };
        let expected_path = path.with_extension("txt");
        if update() {
            std::fs::write(&expected_path, format!("{err}\n")).unwrap();
        } else {
            let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
            if expected.trim_end() != err {
                failures.push(format!(
                    "{name}:\n  expected: {}\n  actual:   {err}",
                    expected.trim_end()
                ));
            }
        }
    }
    assert!(cases.len() >= 10, "only {} error cases", cases.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
