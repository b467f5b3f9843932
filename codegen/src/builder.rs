//! [`Builder`]: generate models from your schemas in a `build.rs`.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::options::{FormatOverride, Gate, OpenEnums, Options, Replacement};

/// Generates Rust models from a folder (or one file) of schemas, for a `build.rs` or a tool.
///
/// In `build.rs` (with `typed-lambda-codegen` as a build-dependency), inside `fn main`:
///
/// ```no_run
/// typed_lambda_codegen::Builder::new()
///     .schemas("schemas")
///     .generate_to_out_dir()
///     .unwrap_or_else(|e| panic!("{e}"));
/// ```
///
/// Keep the `unwrap_or_else(|e| panic!("{e}"))` (or return the error from `main`): a schema the
/// generator refuses must fail the build with its message. On failure the builder also removes
/// the file an earlier build wrote, so nothing compiles against stale models.
///
/// and in the crate (one module per schema file, inside `models`):
///
/// ```ignore
/// mod models {
///     include!(concat!(env!("OUT_DIR"), "/typed_lambda_models.rs"));
/// }
/// use models::orders::OrderCreatedEvent;
/// ```
///
/// The crate needs `serde` (with `derive`) and `serde_json` as dependencies, and `typed-lambda`
/// (the helper types such as `DateTimeText` come from `typed_lambda::events` unless
/// [`Builder::crate_path`] says otherwise).
#[derive(Debug, Clone)]
#[must_use = "a Builder does nothing until `generate_to_out_dir()` (whose error must fail the build)"]
pub struct Builder {
    schemas: PathBuf,
    options: Options,
    file_name: String,
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

impl Builder {
    /// A builder reading `schemas/` with the default [`Options`].
    pub fn new() -> Self {
        let mut options = Options {
            rustfmt_optional: true,
            ..Options::default()
        };
        options.regenerate_command = "cargo build".to_string();
        Self {
            schemas: PathBuf::from("schemas"),
            options,
            file_name: "typed_lambda_models.rs".to_string(),
        }
    }

    /// The schema folder or file (relative paths are relative to the package root in a
    /// `build.rs`).
    pub fn schemas(mut self, path: impl AsRef<Path>) -> Self {
        self.schemas = path.as_ref().to_path_buf();
        self
    }

    /// Where the helper types live: `typed_lambda::events` (default) or `typed_lambda_events`.
    pub fn crate_path(mut self, path: &str) -> Self {
        self.options.set_crate_path(path);
        self
    }

    /// Which string enums are open (default: those marked `"x-open-enum": true`).
    pub fn open_enums(mut self, mode: OpenEnums) -> Self {
        self.options.open_enums = mode;
        self
    }

    /// Use the existing type `rust_type` for the schema definition `schema_name` (its name in
    /// the schema, or its Rust name); no type is generated for it.
    pub fn replace(mut self, schema_name: &str, rust_type: &str) -> Self {
        self.options.replacements.push(Replacement {
            schema_name: schema_name.to_string(),
            rust_type: rust_type.to_string(),
            default: false,
        });
        self
    }

    /// Like [`Builder::replace`], for a type that implements `Default` (structs that hold it
    /// can then derive `Default` too).
    pub fn replace_with_default(mut self, schema_name: &str, rust_type: &str) -> Self {
        self.options.replacements.push(Replacement {
            schema_name: schema_name.to_string(),
            rust_type: rust_type.to_string(),
            default: true,
        });
        self
    }

    /// Map a `format` to a Rust type; `"String"` makes it a plain string.
    pub fn format(mut self, format: &str, rust_type: &str) -> Self {
        self.options.formats.push(FormatOverride {
            format: format.to_string(),
            rust_type: (rust_type != "String").then(|| rust_type.to_string()),
        });
        self
    }

    /// The `schemars::JsonSchema` derive (schemars 1.x): never (default), always, or behind a
    /// feature of your crate.
    pub fn schemars(mut self, gate: Gate) -> Self {
        self.options.schemars = gate;
        self
    }

    /// The `unknown_fields` map that keeps keys the schema does not model: never (default),
    /// always, or behind a feature of your crate.
    pub fn catch_all(mut self, gate: Gate) -> Self {
        self.options.catch_all = gate;
        self
    }

    /// Name of the file written by [`Builder::generate_to_out_dir`] (default
    /// `typed_lambda_models.rs`).
    pub fn file_name(mut self, name: &str) -> Self {
        self.file_name = name.to_string();
        self
    }

    /// The options as configured so far.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Replaces all options at once.
    pub fn with_options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// Writes every module inline into `$OUT_DIR/<file name>` and tells cargo to rerun when
    /// a schema changes. Returns the written path. On an error nothing is left at that path
    /// (a file from an earlier run is removed), so the build cannot go on with old models.
    pub fn generate_to_out_dir(self) -> Result<PathBuf> {
        let out = std::env::var_os("OUT_DIR")
            .ok_or_else(|| Error::new("OUT_DIR", "not set: call this from a build script"))?;
        self.generate_to(Path::new(&out))
    }

    /// Writes every module inline into `<dir>/<file name>` (see
    /// [`Builder::generate_to_out_dir`]). Prints a `cargo:rerun-if-changed` line for the
    /// schemas path and for every file read: the schema files and the files their `$ref`s
    /// reach, also outside the schemas folder (or beside a single schema file).
    pub fn generate_to(self, dir: &Path) -> Result<PathBuf> {
        self.generate_to_reporting(dir, &mut std::io::stdout().lock())
    }

    /// [`Builder::generate_to`], with the `cargo:` lines written to `cargo`.
    fn generate_to_reporting(&self, dir: &Path, cargo: &mut dyn Write) -> Result<PathBuf> {
        let path = dir.join(&self.file_name);
        let result = self.write_reporting(dir, &path, cargo);
        if result.is_err() {
            // no models from an earlier build: the crate fails on the missing file, never
            // compiles against outdated types
            let _ = std::fs::remove_file(&path);
        }
        result
    }

    fn write_reporting(&self, dir: &Path, path: &Path, cargo: &mut dyn Write) -> Result<PathBuf> {
        let mut rerun = |path: &Path| {
            writeln!(cargo, "cargo:rerun-if-changed={}", path.display())
                .map_err(|e| Error::new(path, format!("print rerun-if-changed: {e}")))
        };
        // first, so that a schema folder without files still reruns the script once it has some
        rerun(&self.schemas)?;
        let (code, read) =
            crate::user::generate_inline_reading(&self.schemas, &self.schemas, &self.options)?;
        for file in read.iter().filter(|f| **f != self.schemas) {
            rerun(file)?;
        }
        std::fs::create_dir_all(dir).map_err(|e| Error::new(dir, format!("create dir: {e}")))?;
        std::fs::write(path, code).map_err(|e| Error::new(path, format!("write: {e}")))?;
        Ok(path.to_path_buf())
    }

    /// The single file with every module inline, without writing it.
    pub fn generate_inline(&self) -> Result<String> {
        crate::user::generate_inline(&self.schemas, &self.schemas, &self.options)
    }

    /// The module layout for checking in: `(path relative to the output directory, contents)`
    /// for `<module>.rs` per schema file and `mod.rs`.
    pub fn generate_files(&self) -> Result<Vec<(PathBuf, String)>> {
        crate::user::generate_files(&self.schemas, &self.schemas, &self.options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "typed-lambda-builder-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    const MONEY: &str =
        r#"{"$defs": {"Money": {"type": "object", "properties": {"cents": {"type": "integer"}}}}}"#;

    /// The `cargo:rerun-if-changed` lines of a run over `schemas`.
    fn rerun_lines(schemas: &Path, out: &Path) -> Vec<String> {
        let mut cargo = Vec::new();
        let written = Builder::new()
            .schemas(schemas)
            .generate_to_reporting(out, &mut cargo)
            .unwrap();
        assert!(written.is_file());
        String::from_utf8(cargo)
            .unwrap()
            .lines()
            .map(|l| {
                l.strip_prefix("cargo:rerun-if-changed=")
                    .unwrap_or_else(|| panic!("not a rerun line: {l}"))
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn reruns_for_files_reached_by_ref_outside_the_schemas_folder() {
        let dir = scratch("outside");
        let schemas = dir.join("schemas");
        write(
            &schemas.join("orders.json"),
            r#"{"$defs": {"Order": {"type": "object", "properties": {"total": {"$ref": "../common/money.json#/$defs/Money"}}}}}"#,
        );
        write(&dir.join("common/money.json"), MONEY);
        write(&dir.join("common/unused.json"), MONEY);
        let lines = rerun_lines(&schemas, &dir.join("out"));
        let expected = [
            schemas.clone(),
            schemas.join("orders.json"),
            schemas.join("../common/money.json"),
        ]
        .map(|p| p.display().to_string());
        assert_eq!(lines, expected, "a file never read is not listed");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_failed_run_leaves_no_models_from_an_earlier_one() {
        let dir = scratch("stale");
        let schemas = dir.join("schemas");
        let out = dir.join("out");
        write(&schemas.join("money.json"), MONEY);
        let written = rerun_lines_path(&schemas, &out);
        assert!(written.is_file());
        // the schema breaks: the run fails, and the old models are gone
        write(
            &schemas.join("money.json"),
            r##"{"$defs": {"Money": {"$ref": "#/$defs/Nope"}}}"##,
        );
        let error = Builder::new()
            .schemas(&schemas)
            .generate_to_reporting(&out, &mut Vec::new())
            .unwrap_err();
        assert!(error.to_string().contains("money.json"), "{error}");
        assert!(
            !written.exists(),
            "stale models left at {}",
            written.display()
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn rerun_lines_path(schemas: &Path, out: &Path) -> PathBuf {
        Builder::new()
            .schemas(schemas)
            .generate_to_reporting(out, &mut Vec::new())
            .unwrap()
    }

    #[test]
    fn reruns_for_siblings_of_a_single_schema_file() {
        let dir = scratch("single");
        let file = dir.join("orders.json");
        write(
            &file,
            r#"{"$defs": {"Order": {"type": "object", "properties": {"total": {"$ref": "money.json#/$defs/Money"}, "refund": {"$ref": "money.json#/$defs/Money"}}}}}"#,
        );
        write(&dir.join("money.json"), MONEY);
        let lines = rerun_lines(&file, &dir.join("out"));
        let expected = [file.clone(), dir.join("money.json")].map(|p| p.display().to_string());
        assert_eq!(lines, expected, "each file once");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
