//! Scenario `http`: an axum hello route (`GET /hello`, answering `Hello, world!`) on Lambda,
//! typed-lambda's `http` adapter vs lambda_http 1.3.2, both release processes behind the
//! runtime's faithful fake, driven by one Rust client on a kept-alive connection, with an API
//! Gateway HTTP API 2.0 event. Rounds alternate the order; inv/s is the median over rounds,
//! latency percentiles pool every round; binary sizes are the stripped release files.
//!
//! The two functions are built by the harness with `--features http` (axum and lambda_http are
//! not in a default build): typed-lambda's in its own package (`bench/echo`, binary
//! `http_typed_lambda`), lambda_http's in this one (`http_lambda_http`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use typed_lambda::testing::FakeRuntimeApi;

use crate::procs::{Function, InvokeClient, Invoked};
use crate::report::{median, per_sec, percentile, ratio, Table};
use crate::Options;

/// The request: `GET /hello` through an HTTP API (payload 2.0), as API Gateway sends it.
pub const PAYLOAD: &[u8] = include_bytes!("../events/apigw-v2-get-hello.json");

const OURS: &str = "http_typed_lambda";
const THEIRS: &str = "http_lambda_http";

/// Builds both functions with `--features http` in the harness's profile; returns their paths.
pub fn build(profile: &str) -> Result<[PathBuf; 2], String> {
    for (package, bin) in [
        ("typed-lambda-bench-echo", OURS),
        ("typed-lambda-bench", THEIRS),
    ] {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let mut cmd = Command::new(&cargo);
        cmd.args([
            "build",
            "--quiet",
            "-p",
            package,
            "--bin",
            bin,
            "--features",
            "http",
        ]);
        match profile {
            "debug" => {}
            "release" => {
                cmd.arg("--release");
            }
            other => {
                cmd.args(["--profile", other]);
            }
        }
        let status = cmd
            .current_dir(crate::procs::workspace_root())
            .status()
            .map_err(|e| format!("cannot run {cargo}: {e}"))?;
        if !status.success() {
            return Err(format!(
                "cargo build -p {package} --bin {bin} --features http failed: {status}"
            ));
        }
    }
    let dir = crate::procs::bin_dir();
    Ok([dir.join(OURS), dir.join(THEIRS)])
}

/// An answer must be the 200 with the greeting, in the HTTP API 2.0 shape.
fn check(answer: &Invoked) -> Result<(), String> {
    if answer.status != 200 || answer.function_error {
        return Err(format!(
            "status {} (function error: {}): {}",
            answer.status,
            answer.function_error,
            String::from_utf8_lossy(&answer.body)
        ));
    }
    let got: serde_json::Value =
        serde_json::from_slice(&answer.body).map_err(|e| format!("answer is not JSON: {e}"))?;
    if got["statusCode"] != 200 || got["body"] != "Hello, world!" {
        return Err(format!("unexpected answer: {got}"));
    }
    Ok(())
}

fn measure_once(bin: &Path, warmup: usize, n: usize) -> Result<(f64, Vec<f64>), String> {
    let payload = PAYLOAD.trim_ascii_end();
    let fake = FakeRuntimeApi::start();
    let mut function = Function::spawn(Command::new(bin), &fake.endpoint())
        .map_err(|e| format!("spawn {}: {e}", bin.display()))?;
    let mut client = InvokeClient::connect(fake.addr()).map_err(|e| format!("connect: {e}"))?;
    let mut checked = 0usize;
    // Parsing every answer would time the checker; the first few and every 500th are checked.
    let mut check_some = |answer: &Invoked| {
        checked += 1;
        if checked <= 3 || checked % 500 == 0 || answer.status != 200 || answer.function_error {
            check(answer)
        } else {
            Ok(())
        }
    };
    client
        .invoke_many(payload, warmup, &mut check_some)
        .map_err(|e| format!("{} warm-up: {e}", bin.display()))?;
    let start = Instant::now();
    let latencies = client
        .invoke_many(payload, n, &mut check_some)
        .map_err(|e| format!("{}: {e}", bin.display()))?;
    let rate = n as f64 / start.elapsed().as_secs_f64();
    if let Some(status) = function.exited() {
        return Err(format!("{} exited during the run: {status}", bin.display()));
    }
    Ok((rate, latencies))
}

/// Runs the scenario.
pub fn run(opts: &Options) -> Result<Vec<Table>, String> {
    let profile = crate::procs::profile();
    let bins = if opts.no_build {
        let dir = crate::procs::bin_dir();
        [dir.join(OURS), dir.join(THEIRS)]
    } else {
        eprintln!("building the http functions ({profile} profile, --features http)");
        build(&profile)?
    };
    let (rounds, warmup, n) = if opts.smoke {
        (1, 20, 200)
    } else {
        (
            opts.rounds.unwrap_or(3),
            500,
            opts.invocations.unwrap_or(5000),
        )
    };
    let mut rates = [Vec::new(), Vec::new()];
    let mut latencies = [Vec::new(), Vec::new()];
    for round in 0..rounds {
        for k in 0..2 {
            let i = (k + round) % 2;
            let (rate, lat) = measure_once(&bins[i], warmup, n)?;
            eprintln!(
                "  http round {}: {:<20} {:>9} inv/s",
                round + 1,
                [OURS, THEIRS][i],
                per_sec(rate)
            );
            rates[i].push(rate);
            latencies[i].extend(lat);
        }
    }
    let sizes: Vec<u64> = bins
        .iter()
        .map(|b| {
            std::fs::metadata(b)
                .map(|m| m.len())
                .map_err(|e| format!("{}: {e}", b.display()))
        })
        .collect::<Result<_, _>>()?;
    let mut table = Table::new(
        &format!("http. axum hello route, HTTP API 2.0 event ({n} sequential invocations × {rounds} rounds)"),
        &["function", "inv/s", "p50 µs", "p99 µs", "binary", "vs lambda_http inv/s", "vs lambda_http binary"],
    );
    let labels = [
        "typed-lambda http::serve (axum)",
        "lambda_http 1.3.2 run (axum)",
    ];
    let mut summary = Vec::new();
    for i in 0..2 {
        latencies[i].sort_by(f64::total_cmp);
        summary.push((
            median(&mut rates[i].clone()),
            percentile(&latencies[i], 50.0),
            percentile(&latencies[i], 99.0),
            sizes[i],
        ));
    }
    let (ours, theirs) = (summary[0], summary[1]);
    for (label, s) in labels.iter().zip(&summary) {
        table.row(vec![
            (*label).to_owned(),
            per_sec(s.0),
            format!("{:.0}", s.1),
            format!("{:.0}", s.2),
            format!("{:.2} MB", s.3 as f64 / 1e6),
            ratio(s.0, theirs.0),
            ratio(s.3 as f64, theirs.3 as f64),
        ]);
    }
    table.target(
        "typed-lambda ≥ 1.4× lambda_http inv/s",
        ratio(ours.0, theirs.0),
        Some(ours.0 >= 1.4 * theirs.0),
    );
    table.target(
        "typed-lambda binary ≤ 0.7× lambda_http's",
        ratio(ours.3 as f64, theirs.3 as f64),
        Some((ours.3 as f64) <= 0.7 * theirs.3 as f64),
    );
    Ok(vec![table])
}
