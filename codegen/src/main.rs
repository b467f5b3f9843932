//! `typed-lambda-codegen generate --schemas DIR|FILE --out DIR [--check] [options]`: models
//! from your own schemas (one module per schema file plus `mod.rs` in `--out`).
//!
//! `typed-lambda-codegen [--check] [--root DIR]`: inside a typed-lambda checkout, regenerate
//! its `events/src/generated/` from `schemas/*.json`, or with `--check` exit 1 naming every
//! stale file. Elsewhere (no checkout above the current directory, no `--root`) it explains
//! itself and changes nothing. Exit codes: 0 done (or up to date), 1 stale (`--check`), 2 error.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use typed_lambda_codegen::{
    generate, FormatOverride, Gate, OpenEnums, Options, Replacement, GENERATED_DIR,
    REGENERATE_COMMAND,
};

const GENERATE_USAGE: &str =
    "usage: typed-lambda-codegen generate --schemas DIR|FILE --out DIR [--check]
       [--crate-path PATH] [--open-enums marked|all] [--replace NAME=TYPE[:Default]]...
       [--format FORMAT=TYPE|String]... [--schemars never|always|feature=NAME]
       [--catch-all never|always|feature=NAME]
  Generates one Rust module per schema file (JSON Schema draft-04/07/2020-12, OpenAPI 3) and a
  mod.rs into --out.
  --check       write nothing; exit 1 and name the files that are stale
  --crate-path  where the helper types (DateTimeText, ...) live [typed_lambda::events];
                typed_lambda_events when you depend on the events crate directly
  --open-enums  marked: only `x-open-enum: true` definitions [default]; all: every string enum
                gets an Unknown(String) fallback
  --replace     use an existing Rust type for a schema definition (`:Default` if it has one)
  --format      map a string format to a Rust type, or to String (plain string)
  --schemars    derive schemars::JsonSchema (schemars 1.x) [never]
  --catch-all   an `unknown_fields` map keeping keys the schema does not model [never]";

const USAGE: &str =
    "usage: typed-lambda-codegen generate --schemas DIR|FILE --out DIR [--check] [options]
         models from your own schemas; `typed-lambda-codegen generate --help` lists the options
       typed-lambda-codegen [--check] [--root DIR]
         inside a typed-lambda checkout (or with --root): regenerate its own event models";

/// The root of the typed-lambda checkout that contains the current directory: the nearest
/// ancestor with `schemas/`, `codegen/Cargo.toml` and the generated events folder.
fn checkout_root() -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    cwd.ancestors()
        .find(|dir| {
            dir.join("schemas").is_dir()
                && dir.join("codegen/Cargo.toml").is_file()
                && dir.join(GENERATED_DIR).is_dir()
        })
        .map(Path::to_path_buf)
}

fn main() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some("generate") {
        return match generate_command(std::env::args().skip(2).collect()) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("typed-lambda-codegen: {e}");
                ExitCode::from(2)
            }
        };
    }
    let mut check = false;
    let mut root: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--root" => match args.next() {
                Some(dir) => root = Some(PathBuf::from(dir)),
                None => return usage("--root needs a directory"),
            },
            "-h" | "--help" => {
                println!("{USAGE}");
                println!(
                    "  without `generate`: regenerates {GENERATED_DIR}/ from schemas/*.json of the"
                );
                println!("  typed-lambda checkout around the current directory (or DIR)");
                println!("  --check  write nothing; exit 1 and name the files that are stale");
                return ExitCode::SUCCESS;
            }
            other => return usage(&format!("unknown argument `{other}`")),
        }
    }
    let Some(root) = root.or_else(checkout_root) else {
        eprintln!(
            "typed-lambda-codegen: nothing done: run without `generate`, this command regenerates the \
             event models of a typed-lambda checkout ({GENERATED_DIR}/ from schemas/*.json), and \
             there is none around {} (give one with --root DIR).\n\
             To generate models from your own schemas:\n  \
             typed-lambda-codegen generate --schemas my/schemas --out src/models\n\n{USAGE}",
            std::env::current_dir()
                .map(|d| d.display().to_string())
                .unwrap_or_else(|_| "the current directory".into())
        );
        return ExitCode::from(2);
    };
    match run(&root, check) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("typed-lambda-codegen: {e}");
            ExitCode::from(2)
        }
    }
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("typed-lambda-codegen: {msg}\n{USAGE}");
    ExitCode::from(2)
}

fn run(root: &Path, check: bool) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let files = generate(&root.join("schemas"))?;
    let mut stale = Vec::new();
    for (rel, contents) in &files {
        let path = root.join(rel);
        let current = std::fs::read_to_string(&path).ok();
        if current.as_deref() != Some(contents.as_str()) {
            stale.push(rel.clone());
            if !check {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                std::fs::write(&path, contents)
                    .map_err(|e| format!("{}: write: {e}", path.display()))?;
                println!("wrote {}", rel.display());
            }
        }
    }
    // modules whose schema is gone (families, and shared modules no family reaches)
    let dir = root.join(GENERATED_DIR);
    for dir in [dir.clone(), dir.join("shared")] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut extra: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "rs"))
            .filter_map(|p| p.strip_prefix(root).ok().map(Path::to_path_buf))
            .filter(|rel| !files.iter().any(|(f, _)| f == rel))
            .collect();
        extra.sort();
        for rel in extra {
            if !check {
                std::fs::remove_file(root.join(&rel))?;
                println!("removed {}", rel.display());
            }
            stale.push(rel);
        }
    }
    if check {
        if stale.is_empty() {
            println!("generated code is up to date ({} files)", files.len());
            return Ok(ExitCode::SUCCESS);
        }
        for rel in &stale {
            eprintln!("stale: {}", rel.display());
        }
        eprintln!("{} stale file(s); run `{REGENERATE_COMMAND}`", stale.len());
        return Ok(ExitCode::FAILURE);
    }
    if stale.is_empty() {
        println!("generated code is up to date ({} files)", files.len());
    }
    Ok(ExitCode::SUCCESS)
}

/// `generate`: user schemas into a module folder.
fn generate_command(args: Vec<String>) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let mut schemas: Option<PathBuf> = None;
    let mut out: Option<PathBuf> = None;
    let mut check = false;
    let mut options = Options::default();
    // the command quoted in headers: the arguments as given, without --check
    let mut shown = vec!["typed-lambda-codegen".to_string(), "generate".to_string()];
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        if flag == "--check" {
            check = true;
            continue;
        }
        if flag == "-h" || flag == "--help" {
            println!("{GENERATE_USAGE}");
            return Ok(ExitCode::SUCCESS);
        }
        let value = match inline.or_else(|| args.next()) {
            Some(v) => v,
            None => return Err(format!("`{flag}` needs a value\n{GENERATE_USAGE}").into()),
        };
        shown.push(flag.clone());
        shown.push(if value.contains(' ') {
            format!("'{value}'")
        } else {
            value.clone()
        });
        match flag.as_str() {
            "--schemas" => schemas = Some(PathBuf::from(value)),
            "--out" => out = Some(PathBuf::from(value)),
            "--crate-path" => options.set_crate_path(&value),
            "--open-enums" => {
                options.open_enums = match value.as_str() {
                    "marked" => OpenEnums::Marked,
                    "all" => OpenEnums::All,
                    _ => {
                        return Err(
                            format!("--open-enums: `{value}` is not `marked` or `all`").into()
                        )
                    }
                }
            }
            "--replace" => {
                let (name, ty) = value
                    .split_once('=')
                    .ok_or_else(|| format!("--replace: `{value}` is not NAME=TYPE"))?;
                let (ty, default) = match ty.strip_suffix(":Default") {
                    Some(t) => (t, true),
                    None => (ty, false),
                };
                options.replacements.push(Replacement {
                    schema_name: name.to_string(),
                    rust_type: ty.to_string(),
                    default,
                });
            }
            "--format" => {
                let (format, ty) = value
                    .split_once('=')
                    .ok_or_else(|| format!("--format: `{value}` is not FORMAT=TYPE"))?;
                options.formats.push(FormatOverride {
                    format: format.to_string(),
                    rust_type: (ty != "String").then(|| ty.to_string()),
                });
            }
            "--schemars" => {
                options.schemars = Gate::parse(&value).ok_or_else(|| {
                    format!("--schemars: `{value}` is not never, always or feature=NAME")
                })?
            }
            "--catch-all" => {
                options.catch_all = Gate::parse(&value).ok_or_else(|| {
                    format!("--catch-all: `{value}` is not never, always or feature=NAME")
                })?
            }
            other => return Err(format!("unknown argument `{other}`\n{GENERATE_USAGE}").into()),
        }
    }
    let schemas = schemas.ok_or_else(|| format!("--schemas is required\n{GENERATE_USAGE}"))?;
    let out = out.ok_or_else(|| format!("--out is required\n{GENERATE_USAGE}"))?;
    options.regenerate_command = shown.join(" ");
    let files = typed_lambda_codegen::generate_files(&schemas, &schemas, &options)?;
    let stale = typed_lambda_codegen::sync_files(&out, &files, check)?;
    let shown_out = |rel: &Path| out.join(rel).display().to_string();
    if check {
        if stale.is_empty() {
            println!("generated code is up to date ({} files)", files.len());
            return Ok(ExitCode::SUCCESS);
        }
        for rel in &stale {
            eprintln!("stale: {}", shown_out(rel));
        }
        eprintln!(
            "{} stale file(s); run `{}`",
            stale.len(),
            options.regenerate_command
        );
        return Ok(ExitCode::FAILURE);
    }
    for rel in &stale {
        if files.iter().any(|(f, _)| f == rel) {
            println!("wrote {}", shown_out(rel));
        } else {
            println!("removed {}", shown_out(rel));
        }
    }
    if stale.is_empty() {
        println!("generated code is up to date ({} files)", files.len());
    }
    Ok(ExitCode::SUCCESS)
}
