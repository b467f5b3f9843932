//! `typed-lambda-codegen`: JSON Schemas in `schemas/` → Rust modules in
//! `events/src/generated/`, through [typify](https://docs.rs/typify/0.8.0) `=0.8.0`.
//!
//! One schema file is one typify `TypeSpace` and one module. Before typify sees a schema it is
//! checked against the conventions of `schemas/README.md` ([`lint_schema`]) and cross-file
//! references are bundled in ([`bundle_schema_file`]). In this repository ([`generate`]) the
//! definitions of `schemas/shared/` are generated once, into `generated/shared/`, and each family
//! names them through typify replacements and re-exports them (one Rust type per concept). After
//! typify, a few passes that are part of the generator (never edits of its output) add what
//! typify 0.8 cannot do:
//!
//! - open enums (`"x-open-enum": true`) with an `Unknown(String)` fallback,
//! - Rust field names chosen in the schema (`"x-rust-name"`) when wire names collide,
//! - fields boxed where the schema says so (`"x-boxed": true`: an object only some records carry),
//! - `Default` on every struct that can have one (responses must), so users can build values,
//! - the `catch-all-fields` feature's flattened map of unknown keys,
//! - `From<Derived> for Base` for definitions written as `allOf: [{"$ref": Base}, {...}]`,
//! - no unused `error::ConversionError` module (typify emits one per module),
//! - a fixed header and lint block; the result is formatted with `rustfmt`.
//!
//! ```no_run
//! let files = typed_lambda_codegen::generate(std::path::Path::new("schemas"))?;
//! for (path, contents) in &files {
//!     println!("{}: {} bytes", path.display(), contents.len());
//! }
//! # Ok::<(), typed_lambda_codegen::Error>(())
//! ```
//!
//! # Your own schemas
//!
//! The same pipeline runs on user schemas (JSON Schema draft-04/06/07/2019-09/2020-12, OpenAPI 3,
//! EventBridge Schema Registry exports): `typed-lambda-codegen generate --schemas DIR|FILE --out
//! DIR [--check]` writes one module per schema file plus `mod.rs`, and [`Builder`] does the same
//! from a `build.rs` into `OUT_DIR`. Each input is first checked and converted to the canonical
//! form above (errors name the file and the JSON pointer); the registry's `AWSEvent` wrapper
//! becomes `<Detail>Event`, the EventBridge envelope with a typed `detail`. [`Options`] holds
//! every setting (helper crate path, open enums, replacements, formats, schemars, catch-all).
//! The user guide is `codegen/README.md`.
//!
//! ```no_run
//! let files = typed_lambda_codegen::Builder::new()
//!     .schemas("my/schemas")
//!     .crate_path("typed_lambda_events")
//!     .open_enums(typed_lambda_codegen::OpenEnums::All)
//!     .generate_files()?;
//! typed_lambda_codegen::sync_files(std::path::Path::new("src/models"), &files, false)?;
//! # Ok::<(), typed_lambda_codegen::Error>(())
//! ```
// docs.rs (`--cfg docsrs`, nightly): every feature-gated item says which feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

mod boxed;
mod builder;
mod bundle;
mod detect;
mod error;
mod input;
mod lint;
mod marks;
mod open_enum;
pub mod options;
mod postprocess;
mod render;
mod rust_names;
pub mod settings;
mod user;
mod workspace;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

#[doc(inline)]
pub use builder::Builder;
#[doc(inline)]
pub use bundle::{bundle_schema_file, definition_schema, widen_open_enums};
#[doc(inline)]
pub use error::{Error, Result};
#[doc(inline)]
pub use input::{rust_type_name, InputFormat, ENVELOPE_NAME};
#[doc(inline)]
pub use lint::lint_schema;
#[doc(inline)]
pub use open_enum::variant_name;
#[doc(inline)]
pub use options::{FormatOverride, Gate, OpenEnums, Options, Replacement};
#[doc(inline)]
pub use user::{generate_files, generate_inline, module_name, schema_inputs, sync_files};

/// Schema extension that marks an open string enum.
pub const OPEN_ENUM_KEY: &str = "x-open-enum";

/// Extension on a `$defs` entry: the rule that places it in `AnyEvent` (see `schemas/README.md`).
pub use detect::DETECT_KEY;

/// Property extension that sets the Rust field name (when two wire names would collide).
pub const RUST_NAME_KEY: &str = "x-rust-name";

/// Property extension that puts the field's value behind a `Box` (an object only some records
/// carry: the record stays small to move).
pub const BOXED_KEY: &str = "x-boxed";

/// Where the generated modules go, relative to the repository root.
pub const GENERATED_DIR: &str = "events/src/generated";

/// The command that regenerates everything, quoted in headers and error messages.
pub const REGENERATE_COMMAND: &str = "cargo run -p typed-lambda-codegen";

/// The family schema files in `schemas_dir` (`*.json`, sorted; `shared/` is not a family).
pub fn schema_files(schemas_dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(schemas_dir)
        .map_err(|e| Error::new(schemas_dir, format!("read dir: {e}")))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::new(schemas_dir, format!("read dir: {e}")))?;
        let path = entry.path();
        if path.is_file() && path.extension().is_some_and(|e| e == "json") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The family name of a schema file: its stem, which must be snake_case.
pub fn family_name(path: &Path) -> Result<String> {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .ok_or_else(|| Error::new(path, "schema file name is not UTF-8"))?;
    let ok = stem.starts_with(|c: char| c.is_ascii_lowercase())
        && stem
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !ok {
        return Err(Error::new(
            path,
            "schema file stem must be snake_case (it is the module and feature name)",
        ));
    }
    Ok(stem.to_string())
}

/// Generates every module from the schemas in `schemas_dir` (whose parent is the repository
/// root). Returns `(path relative to the repository root, contents)`, sorted by path. Pure apart
/// from reading the schemas and running `rustfmt`; the same input gives the same bytes.
pub fn generate(schemas_dir: &Path) -> Result<Vec<(PathBuf, String)>> {
    workspace::generate(schemas_dir)
}

/// Generates the module for one bundled schema with this repository's settings
/// ([`Options::workspace`]); `source` names the schema in the header and in errors (e.g.
/// `schemas/s3.json`).
pub fn generate_module(bundled: &Value, source: &str) -> Result<String> {
    let options = Options::workspace();
    let file = generate_items(bundled, source, &options)?;
    render::module(bundled, source, &file, &options)
}

/// The items of the module for one bundled, canonical schema (only `$defs`, every `$ref` to
/// `#/$defs/<Name>`), before rendering.
pub(crate) fn generate_items(
    bundled: &Value,
    source: &str,
    options: &Options,
) -> Result<syn::File> {
    let no_defs = serde_json::Map::new();
    let defs = bundled
        .get("$defs")
        .and_then(Value::as_object)
        .unwrap_or(&no_defs);
    // replaced definitions (shared types, the user's own) are not generated here
    let open_enums: BTreeMap<&String, &Value> = defs
        .iter()
        .filter(|(n, d)| {
            d.get(OPEN_ENUM_KEY).is_some()
                && !options.replacements.iter().any(|r| &r.schema_name == *n)
        })
        .collect();
    let settings = settings::type_space_settings(open_enums.keys().map(|s| s.as_str()), options);
    let mut for_typify = bundled.clone();
    let renames = rust_names::apply(&mut for_typify).map_err(|m| Error::new(source, m))?;
    let boxed = boxed::take(&mut for_typify).map_err(|m| Error::new(source, m))?;
    let root: schemars08::schema::RootSchema = serde_json::from_value(for_typify)
        .map_err(|e| Error::new(source, format!("not a schema typify can read: {e}")))?;
    let definitions: Vec<_> = root.definitions.clone().into_iter().collect();
    let tokens = quiet_panics(move || {
        let mut space = typify::TypeSpace::new(&settings);
        space.add_ref_types(definitions).map(|()| space.to_stream())
    })
    .map_err(|panic| {
        let msg = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        Error::new(
            source,
            format!("typify failed on a shape the checks did not catch: {msg}"),
        )
    })?
    .map_err(|e| Error::new(source, format!("typify: {e}")))?;
    let mut file: syn::File =
        syn::parse2(tokens).map_err(|e| Error::new(source, format!("parse typify output: {e}")))?;
    for (name, def) in &open_enums {
        let tokens = open_enum::open_enum_tokens(name, def, &options.schemars)
            .map_err(|m| Error::new(source, format!("$defs/{name}: {m}")))?;
        let enum_file: syn::File = syn::parse2(tokens).map_err(|e| {
            Error::new(
                source,
                format!("$defs/{name}: emitted code does not parse: {e}"),
            )
        })?;
        file.items.extend(enum_file.items);
    }
    rust_names::restore(&mut file, &renames).map_err(|m| Error::new(source, m))?;
    boxed::apply(&mut file, &boxed).map_err(|m| Error::new(source, m))?;
    // replaced definitions that are JSON objects: a list of them is a list of structs too
    let object_replacements: Vec<&str> = options
        .replacements
        .iter()
        .filter(|r| {
            defs.get(&r.schema_name).is_some_and(|d| {
                d.get("type").and_then(Value::as_str) == Some("object")
                    || d.get("properties").is_some()
            })
        })
        .map(|r| r.rust_type.as_str())
        .collect();
    postprocess::postprocess(&mut file, options, &object_replacements)
        .map_err(|m| Error::new(source, m))?;
    Ok(file)
}

thread_local! {
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, catching a panic (typify's last-resort failure mode) without the panic hook's
/// message and backtrace on stderr: the caller turns it into an [`Error`]. Panics on other
/// threads, or outside `f`, still reach the previous hook.
fn quiet_panics<R>(f: impl FnOnce() -> R) -> std::thread::Result<R> {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(|q| q.get()) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn module(defs: Value) -> Result<String> {
        generate_module(&json!({ "$defs": defs }), "test.json")
    }

    #[test]
    fn a_response_that_cannot_default_is_an_error() {
        let err = module(json!({
            "ThingResponse": {"type": "object", "required": ["code"], "properties": {"code": {"$ref": "#/$defs/Code"}}},
            "Code": {"type": "string", "enum": ["A", "B"]}
        }))
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("`ThingResponse` cannot derive `Default`"),
            "{err}"
        );
    }

    #[test]
    fn open_enum_variant_clashes_are_errors() {
        let err = module(json!({
            "Kind": {"type": "string", "enum": ["a-b", "a_b"], "x-open-enum": true}
        }))
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("values `a-b` and `a_b` both give the variant `AB`"),
            "{err}"
        );
        let err = module(json!({
            "Kind": {"type": "string", "enum": ["unknown"], "x-open-enum": true}
        }))
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("clash with the `Unknown` fallback"),
            "{err}"
        );
    }

    #[test]
    fn reserved_catch_all_field_name_is_an_error() {
        let err = module(json!({
            "T": {"type": "object", "properties": {"unknown_fields": {"type": "string"}}}
        }))
        .unwrap_err();
        assert!(
            err.to_string().contains("reserved for the catch-all map"),
            "{err}"
        );
    }

    #[test]
    fn an_additional_properties_map_is_documented_and_not_doubled_by_the_catch_all() {
        // typify's flattened `extra` map already keeps every other key: the catch-all map
        // beside it would take the same keys and write them twice
        let code = module(json!({
            "T": {"type": "object", "description": "d",
                  "properties": {"a": {"type": "string", "description": "d"}},
                  "additionalProperties": {"description": "d"}},
            "U": {"type": "object", "description": "d",
                  "properties": {"a": {"type": "string", "description": "d"}}}
        }))
        .unwrap();
        assert_eq!(code.matches("serde(flatten)").count(), 2, "{code}");
        assert!(code.contains("pub extra:"), "{code}");
        assert!(
            code.contains("The object's other keys (the schema's `additionalProperties`)"),
            "{code}"
        );
        let t = &code[code.find("pub struct T").unwrap()..code.find("pub struct U").unwrap()];
        assert!(!t.contains("unknown_fields"), "{t}");
    }

    #[test]
    fn a_typify_panic_is_an_error_naming_the_file() {
        // the user pipeline rejects this shape before typify; here typify sees it directly
        let err = module(json!({"A": {"type": []}})).unwrap_err();
        assert_eq!(err.path(), Path::new("test.json"));
        assert!(
            err.message()
                .starts_with("typify failed on a shape the checks did not catch: "),
            "{err}"
        );
        // and the process goes on: the next schema generates
        module(json!({"B": {"type": "object"}})).unwrap();
    }

    #[test]
    fn variant_names() {
        assert_eq!(variant_name("ObjectCreated:Put"), "ObjectCreatedPut");
        assert_eq!(variant_name("STANDARD_IA"), "StandardIa");
        assert_eq!(variant_name("2.0"), "V20");
        assert_eq!(variant_name("PreSignUp_SignUp"), "PreSignUpSignUp");
    }

    #[test]
    fn family_names_must_be_snake_case() {
        assert_eq!(
            family_name(Path::new("schemas/s3_batch_job.json")).unwrap(),
            "s3_batch_job"
        );
        assert!(family_name(Path::new("schemas/S3.json")).is_err());
        assert!(family_name(Path::new("schemas/s3-batch.json")).is_err());
    }
}
