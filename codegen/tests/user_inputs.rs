//! Errors about a schema folder as a whole (the per-file errors are the cases in
//! `tests/user_errors/`): two files that give one module name, a folder without schemas, a path
//! that does not exist. Each names the path and says what to do.

use std::path::{Path, PathBuf};

use typed_lambda_codegen::{generate_files, Options};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "typed-lambda-user-inputs-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn error(input: &Path) -> String {
    match generate_files(input, input, &Options::default()) {
        Ok(files) => panic!("generated {} files without an error", files.len()),
        Err(e) => e.to_string(),
    }
}

const ORDER: &str = r#"{"$defs": {"Order": {"type": "object"}}}"#;

#[test]
fn two_files_giving_one_module_name_are_a_collision() {
    let dir = scratch("collision");
    std::fs::write(dir.join("order-item.json"), ORDER).unwrap();
    std::fs::write(dir.join("order_item.json"), ORDER).unwrap();
    assert_eq!(
        error(&dir),
        format!(
            "{}: name collision: {} gives the same module name `order_item`; rename one",
            dir.join("order_item.json").display(),
            dir.join("order-item.json").display()
        )
    );
    // one of them alone is fine
    std::fs::remove_file(dir.join("order-item.json")).unwrap();
    generate_files(&dir, &dir, &Options::default()).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_folder_without_schemas_and_a_missing_path_are_errors() {
    let dir = scratch("empty");
    std::fs::write(dir.join("notes.txt"), "not a schema").unwrap();
    std::fs::create_dir_all(dir.join("nested")).unwrap();
    std::fs::write(dir.join("nested/order.json"), ORDER).unwrap();
    assert_eq!(
        error(&dir),
        format!(
            "{}: no `*.json` schema files in this directory",
            dir.display()
        ),
        "files in subfolders are not modules"
    );
    let missing = dir.join("missing");
    assert_eq!(
        error(&missing),
        format!("{}: no such file or directory", missing.display())
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
