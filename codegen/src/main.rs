//! `typed-lambda-codegen [--check] [--root DIR]`: regenerate `events/src/generated/` from
//! `schemas/*.json`, or with `--check` exit 1 naming every stale file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use typed_lambda_codegen::{generate, GENERATED_DIR, REGENERATE_COMMAND};

fn main() -> ExitCode {
    let mut check = false;
    let mut root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--root" => match args.next() {
                Some(dir) => root = PathBuf::from(dir),
                None => return usage("--root needs a directory"),
            },
            "-h" | "--help" => {
                println!("usage: typed-lambda-codegen [--check] [--root DIR]");
                println!("  regenerates {GENERATED_DIR}/ from schemas/*.json under DIR (default: this workspace)");
                println!("  --check  write nothing; exit 1 and name the files that are stale");
                return ExitCode::SUCCESS;
            }
            other => return usage(&format!("unknown argument `{other}`")),
        }
    }
    match run(&root, check) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("typed-lambda-codegen: {e}");
            ExitCode::from(2)
        }
    }
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("typed-lambda-codegen: {msg}\nusage: typed-lambda-codegen [--check] [--root DIR]");
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
    // modules whose schema is gone
    let dir = root.join(GENERATED_DIR);
    if let Ok(entries) = std::fs::read_dir(&dir) {
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
