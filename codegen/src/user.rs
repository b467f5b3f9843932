//! User schemas → Rust modules: one module per schema file (plus `mod.rs`), or one file with
//! every module inline for `include!` from `OUT_DIR`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use heck::ToSnakeCase;
use serde_json::Value;

use crate::bundle::bundle_with;
use crate::error::{Error, Result};
use crate::input::Loader;
use crate::options::Options;
use crate::render::{self, GENERATED_MARK};

/// One module generated from one user schema file.
pub struct UserModule {
    /// Module name (snake_case file stem).
    pub module: String,
    /// The schema file as named in headers (`my/schemas/orders.json`).
    pub source: String,
    /// `title` of the schema (OpenAPI: `info.title`), the module's one-line docs.
    pub title: Option<String>,
    bundled: Value,
    items: syn::File,
}

/// The schema files of `input`: the file itself, or the `*.json` files directly in the
/// directory (sorted). Files in subdirectories are read only when a `$ref` points at them.
pub fn schema_inputs(input: &Path) -> Result<Vec<PathBuf>> {
    if input.is_file() {
        return Ok(vec![input.to_path_buf()]);
    }
    if !input.is_dir() {
        return Err(Error::new(input, "no such file or directory"));
    }
    let files = crate::schema_files(input)?;
    if files.is_empty() {
        return Err(Error::new(
            input,
            "no `*.json` schema files in this directory",
        ));
    }
    Ok(files)
}

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "box", "break", "const", "continue", "crate", "dyn", "else", "enum",
    "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod",
    "move", "mut", "priv", "pub", "ref", "return", "self", "static", "struct", "super", "trait",
    "true", "try", "type", "unsafe", "use", "where", "while", "yield",
];

/// The module name of a schema file: its stem in snake_case (`OrderCreated-v1.json` →
/// `order_created_v1`).
pub fn module_name(path: &Path) -> Result<String> {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .ok_or_else(|| Error::new(path, "schema file name is not UTF-8"))?;
    let name = stem.to_snake_case();
    let ok = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !ok || KEYWORDS.contains(&name.as_str()) || name == "mod" {
        return Err(Error::new(
            path,
            format!("the file name gives the module name `{name}`, which is not a usable Rust module name; rename the file"),
        ));
    }
    Ok(name)
}

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Generates the modules for the schemas at `input` (a file or a directory). `shown` is how
/// `input` is named in headers (e.g. the path as the user typed it).
pub fn generate_modules(input: &Path, shown: &Path, options: &Options) -> Result<Vec<UserModule>> {
    Ok(generate_modules_reading(input, shown, options)?.0)
}

/// [`generate_modules`], plus every file read to make them: the schema files of `input` and
/// the files reached by cross-file `$ref`s (wherever they are), once each.
fn generate_modules_reading(
    input: &Path,
    shown: &Path,
    options: &Options,
) -> Result<(Vec<UserModule>, Vec<PathBuf>)> {
    let files = schema_inputs(input)?;
    let mut loader = Loader::new(options);
    let mut modules = Vec::new();
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut replaced: BTreeSet<String> = BTreeSet::new();
    for path in &files {
        let module = module_name(path)?;
        if let Some(other) = seen.insert(module.clone(), path.clone()) {
            return Err(Error::new(
                path,
                format!(
                    "name collision: {} gives the same module name `{module}`; rename one",
                    other.display()
                ),
            ));
        }
        let source = if input.is_file() {
            display(shown)
        } else {
            display(&shown.join(path.file_name().expect("a file")))
        };
        let canonical = loader.load(path)?;
        let bundled = bundle_with(canonical.doc.clone(), path, &mut |file: &Path| {
            loader.load(file).map(|c| c.doc)
        })?;
        crate::lint::lint_user(path, &bundled)?;
        // replacements may name a definition as written in the schema or by its Rust name
        let defs: BTreeSet<String> = bundled["$defs"]
            .as_object()
            .map(|d| d.keys().cloned().collect())
            .unwrap_or_default();
        let mut module_options = options.clone();
        module_options.replacements.clear();
        for r in &options.replacements {
            let by_schema_name = canonical
                .names
                .iter()
                .find(|(pointer, _)| {
                    pointer
                        .rsplit('/')
                        .next()
                        .map(|s| s.replace("~1", "/").replace("~0", "~"))
                        == Some(r.schema_name.clone())
                        && !pointer.is_empty()
                })
                .map(|(_, rust)| rust.clone());
            let name = by_schema_name
                .or_else(|| defs.contains(&r.schema_name).then(|| r.schema_name.clone()));
            if let Some(name) = name {
                replaced.insert(r.schema_name.clone());
                let mut r = r.clone();
                r.schema_name = name;
                module_options.replacements.push(r);
            }
        }
        let items = crate::generate_items(&bundled, &source, &module_options)?;
        modules.push(UserModule {
            module,
            source,
            title: bundled
                .get("title")
                .and_then(Value::as_str)
                .map(str::to_string),
            bundled,
            items,
        });
    }
    for r in &options.replacements {
        if !replaced.contains(&r.schema_name) {
            return Err(Error::new(
                input,
                format!("replacement `{}` matches no definition", r.schema_name),
            ));
        }
    }
    Ok((modules, loader.files_read().to_vec()))
}

/// The files of the module layout: `<module>.rs` per schema file and `mod.rs`, as paths
/// relative to the output directory, sorted.
pub fn generate_files(
    input: &Path,
    shown: &Path,
    options: &Options,
) -> Result<Vec<(PathBuf, String)>> {
    let modules = generate_modules(input, shown, options)?;
    let mut out = Vec::new();
    for m in &modules {
        out.push((
            PathBuf::from(format!("{}.rs", m.module)),
            render::module(&m.bundled, &m.source, &m.items, options)?,
        ));
    }
    let list: Vec<(String, Option<String>)> = modules
        .iter()
        .map(|m| (m.module.clone(), m.title.clone()))
        .collect();
    out.push((
        PathBuf::from("mod.rs"),
        render::user_mod_rs(&list, &display(shown), options)?,
    ));
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// Every module inline in one file (for `include!`).
pub fn generate_inline(input: &Path, shown: &Path, options: &Options) -> Result<String> {
    Ok(generate_inline_reading(input, shown, options)?.0)
}

/// [`generate_inline`], plus every file read to make it (see [`Loader::files_read`]).
pub(crate) fn generate_inline_reading(
    input: &Path,
    shown: &Path,
    options: &Options,
) -> Result<(String, Vec<PathBuf>)> {
    let (modules, read) = generate_modules_reading(input, shown, options)?;
    let bodies: Vec<(String, String)> = modules
        .iter()
        .map(|m| {
            (
                m.module.clone(),
                render::module_body(&m.bundled, &m.source, &m.items, options),
            )
        })
        .collect();
    Ok((
        render::inline_modules(&bodies, &display(shown), options)?,
        read,
    ))
}

/// Writes (or with `check`, only compares) `files` under `out`. Returns the stale paths
/// (relative to `out`): files that differ, and files in `out` that carry the generated header
/// but are no longer generated (removed unless `check`). Other files are never touched.
pub fn sync_files(out: &Path, files: &[(PathBuf, String)], check: bool) -> Result<Vec<PathBuf>> {
    let mut stale = Vec::new();
    for (rel, contents) in files {
        let path = out.join(rel);
        let current = std::fs::read_to_string(&path).ok();
        if current.as_deref() == Some(contents.as_str()) {
            continue;
        }
        stale.push(rel.clone());
        if !check {
            std::fs::create_dir_all(out)
                .map_err(|e| Error::new(out, format!("create dir: {e}")))?;
            std::fs::write(&path, contents)
                .map_err(|e| Error::new(&path, format!("write: {e}")))?;
        }
    }
    if let Ok(entries) = std::fs::read_dir(out) {
        let mut extra: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "rs"))
            .filter(|p| std::fs::read_to_string(p).is_ok_and(|t| t.starts_with(GENERATED_MARK)))
            .filter_map(|p| p.file_name().map(PathBuf::from))
            .filter(|rel| !files.iter().any(|(f, _)| f == rel))
            .collect();
        extra.sort();
        for rel in extra {
            if !check {
                let path = out.join(&rel);
                std::fs::remove_file(&path)
                    .map_err(|e| Error::new(&path, format!("remove: {e}")))?;
            }
            stale.push(rel);
        }
    }
    Ok(stale)
}
