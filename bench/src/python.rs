//! Scenario 4, the Python shim: the S3 example (`examples/python-s3`, typed-lambda's pyo3 shim)
//! vs the same summary parsed with Powertools' `S3Model`, in-process
//! (`bench/python/inprocess.py`) and end to end under `awslambdaric` against the fake.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use typed_lambda::testing::FakeRuntimeApi;

use crate::procs::{workspace_root, Function, InvokeClient};
use crate::report::{per_sec, percentile, ratio, Table};
use crate::Options;

const EVENT: &str = "bench/events/s3-put.json";

/// The Python with awslambdaric and Powertools: `TYPED_LAMBDA_PYTHON`, else `./.venv/bin/python`.
fn python() -> PathBuf {
    std::env::var_os("TYPED_LAMBDA_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join(".venv/bin/python"))
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
}

/// A directory holding the built `handler` module of examples/python-s3: `--python-module`,
/// else the packaged zip of `scripts/package-python.sh` (`TYPED_LAMBDA_PYTHON_S3_ZIP`), else a
/// fresh `maturin build` into the target dir (`--release` unless smoke).
fn module_dir(opts: &Options) -> Result<PathBuf, String> {
    if let Some(dir) = &opts.python_module {
        return Ok(dir.clone());
    }
    let out = target_dir().join("bench-python");
    let module = out.join("module");
    let archive = match std::env::var_os("TYPED_LAMBDA_PYTHON_S3_ZIP").map(PathBuf::from) {
        Some(zip) if zip.is_file() => zip,
        _ => {
            let maturin = workspace_root().join(".venv/bin/maturin");
            let wheels = out.join("wheels");
            let _ = std::fs::remove_dir_all(&wheels);
            // Smoke runs only check that things work: a debug build is enough and quicker.
            let release = !opts.smoke;
            eprintln!("  building examples/python-s3 with maturin (release: {release})");
            let mut maturin_cmd = Command::new(&maturin);
            maturin_cmd.args(["build", "--quiet", "-m", "examples/python-s3/Cargo.toml"]);
            if release {
                maturin_cmd.arg("--release");
            }
            let status = maturin_cmd
                .arg("-i")
                .arg(python())
                .arg("-o")
                .arg(&wheels)
                .current_dir(workspace_root())
                .env("CARGO_TARGET_DIR", target_dir())
                .status()
                .map_err(|e| format!("{}: {e} (run ./scripts/test.sh venv)", maturin.display()))?;
            if !status.success() {
                return Err(format!(
                    "maturin build of examples/python-s3 failed: {status}"
                ));
            }
            std::fs::read_dir(&wheels)
                .map_err(|e| e.to_string())?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .find(|p| p.extension().is_some_and(|x| x == "whl"))
                .ok_or("maturin wrote no wheel")?
        }
    };
    let _ = std::fs::remove_dir_all(&module);
    let status = Command::new(python())
        .args(["-m", "zipfile", "-e"])
        .arg(&archive)
        .arg(&module)
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("cannot unpack {}", archive.display()));
    }
    Ok(module)
}

/// Runs the scenario.
pub fn run(opts: &Options) -> Result<Vec<Table>, String> {
    let module = module_dir(opts)?;
    let root = workspace_root();
    let seconds = if opts.smoke { "0.2" } else { "6" };
    let mut inproc = Table::new(
        "4a. Python shim in-process (S3 put event dict → summary dict)",
        &["handler", "logs", "events/s", "vs Powertools handler"],
    );
    for level in ["INFO", "WARN"] {
        let report = in_process(&module, seconds, level)?;
        let rate = |name: &str| report["rates"][name].as_f64().unwrap_or(f64::NAN);
        let (ours, theirs) = (rate("shim"), rate("powertools"));
        let logs = if level == "INFO" {
            "2 lines/event"
        } else {
            "off (WARN)"
        };
        for (label, name) in [
            ("typed-lambda shim: handler.handle(event, context)", "shim"),
            (
                "Powertools: S3Model.model_validate + same summary",
                "powertools",
            ),
            (
                "(Powertools S3Model.model_validate alone)",
                "powertools_validate_only",
            ),
            (
                "(Powertools S3Model.model_validate_json alone)",
                "powertools_validate_json",
            ),
        ] {
            let logs = if name.contains("validate") {
                "–"
            } else {
                logs
            };
            inproc.row(vec![
                label.into(),
                logs.into(),
                per_sec(rate(name)),
                ratio(rate(name), theirs),
            ]);
        }
        inproc.target(
            format!(
                "shim ≥ 2× Powertools per event, in-process, logs {}",
                if level == "INFO" { "on" } else { "off" }
            ),
            ratio(ours, theirs),
            Some(ours >= 2.0 * theirs),
        );
        if level == "INFO" {
            inproc.note(format!(
                "Python {}",
                report["python"].as_str().unwrap_or("?")
            ));
        }
    }

    // End to end under awslambdaric.
    let n = if opts.smoke { 20 } else { 2000 };
    let mut e2e = Table::new(
        &format!("4b. End to end under awslambdaric against the fake ({n} sequential invokes)"),
        &["handler", "inv/s", "p50 µs", "p99 µs", "vs Powertools"],
    );
    let payload = std::fs::read(root.join(EVENT)).map_err(|e| e.to_string())?;
    let payload = payload.trim_ascii_end();
    let runs = [
        (
            "typed-lambda shim (handler.handle)",
            "handler.handle",
            module.clone(),
        ),
        (
            "Powertools (powertools_s3.handle)",
            "powertools_s3.handle",
            root.join("bench/python"),
        ),
    ];
    let mut results = Vec::new();
    for (label, handler, dir) in &runs {
        let (rate, mut lat) = under_awslambdaric(handler, dir, payload, n)?;
        lat.sort_by(f64::total_cmp);
        results.push((label, rate, percentile(&lat, 50.0), percentile(&lat, 99.0)));
    }
    let theirs_e2e = results[1].1;
    for (label, rate, p50, p99) in &results {
        e2e.row(vec![
            (**label).to_owned(),
            per_sec(*rate),
            format!("{p50:.0}"),
            format!("{p99:.0}"),
            ratio(*rate, theirs_e2e),
        ]);
    }
    Ok(vec![inproc, e2e])
}

/// Runs `bench/python/inprocess.py` with both handlers logging at `level`.
fn in_process(module: &Path, seconds: &str, level: &str) -> Result<serde_json::Value, String> {
    let root = workspace_root();
    let output = Command::new(python())
        .arg(root.join("bench/python/inprocess.py"))
        .arg(module)
        .arg(root.join(EVENT))
        .arg(seconds)
        .env("AWS_LAMBDA_LOG_LEVEL", level)
        .stderr(Stdio::null())
        .output()
        .map_err(|e| format!("{}: {e}", python().display()))?;
    if !output.status.success() {
        return Err(format!(
            "bench/python/inprocess.py failed ({}); run it by hand to see why",
            output.status
        ));
    }
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("inprocess.py printed no JSON: {e}"))?;
    if report["same_output"] != true {
        return Err(format!(
            "the shim and the Powertools handler disagree: {} vs {}",
            report["ours"], report["theirs"]
        ));
    }
    Ok(report)
}

fn under_awslambdaric(
    handler: &str,
    dir: &Path,
    payload: &[u8],
    n: usize,
) -> Result<(f64, Vec<f64>), String> {
    let fake = FakeRuntimeApi::start();
    let mut cmd = Command::new(python());
    cmd.args(["-m", "awslambdaric", handler])
        .env("LAMBDA_TASK_ROOT", dir)
        .env("PYTHONPATH", dir)
        .stderr(Stdio::null());
    let mut function = Function::spawn(cmd, &fake.endpoint()).map_err(|e| e.to_string())?;
    let mut client = InvokeClient::connect(fake.addr()).map_err(|e| e.to_string())?;
    let mut first: Option<Vec<u8>> = None;
    let mut check = |answer: &crate::procs::Invoked| {
        if answer.status != 200 || answer.function_error {
            return Err(format!(
                "{handler}: status {}: {}",
                answer.status,
                String::from_utf8_lossy(&answer.body)
            ));
        }
        match &first {
            None => first = Some(answer.body.clone()),
            Some(f) if f != &answer.body => return Err(format!("{handler}: answers differ")),
            Some(_) => {}
        }
        Ok(())
    };
    client.invoke_many(payload, n.min(100), &mut check)?;
    let start = Instant::now();
    let lat = client.invoke_many(payload, n, &mut check)?;
    let rate = n as f64 / start.elapsed().as_secs_f64();
    if let Some(status) = function.exited() {
        return Err(format!("awslambdaric {handler} exited: {status}"));
    }
    Ok((rate, lat))
}
