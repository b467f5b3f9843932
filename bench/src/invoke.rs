//! Scenario 2, invoke overhead: N sequential invocations through the runtime's faithful fake
//! (its Invoke API endpoint), driven by a Rust client on a kept-alive connection; the echo
//! functions are separate release processes. Rounds alternate the contenders' order; inv/s is
//! the median over rounds, latency percentiles pool every round.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use typed_lambda::testing::FakeRuntimeApi;

use crate::procs::{check_echo, Function, InvokeClient, ECHO_FLOOR, ECHO_OURS, ECHO_THEIRS};
use crate::report::{median, per_sec, percentile, ratio, Table};
use crate::Options;

/// The payload every invocation carries: the S3 put sample (realistic size and shape).
pub const PAYLOAD: &[u8] = include_bytes!("../events/s3-put.json");

/// One function's measurements.
#[derive(Debug, Default, Clone)]
pub struct Measured {
    /// inv/s of each round.
    pub rates: Vec<f64>,
    /// Every timed invocation's latency, µs.
    pub latencies: Vec<f64>,
}

/// Runs `n` timed invocations (after `warmup`) of the binary `bin` behind a fresh fake.
pub fn measure_once(bin: &Path, warmup: usize, n: usize) -> Result<(f64, Vec<f64>), String> {
    let payload = PAYLOAD.trim_ascii_end();
    let expected: serde_json::Value = serde_json::from_slice(payload).expect("payload is JSON");
    let fake = FakeRuntimeApi::start();
    let mut function = Function::spawn(Command::new(bin), &fake.endpoint())
        .map_err(|e| format!("spawn {}: {e}", bin.display()))?;
    let mut client = InvokeClient::connect(fake.addr()).map_err(|e| format!("connect: {e}"))?;
    client
        .invoke_many(payload, warmup, check_echo(&expected))
        .map_err(|e| format!("{} warm-up: {e}", bin.display()))?;
    let start = Instant::now();
    let latencies = client
        .invoke_many(payload, n, check_echo(&expected))
        .map_err(|e| format!("{}: {e}", bin.display()))?;
    let rate = n as f64 / start.elapsed().as_secs_f64();
    if let Some(status) = function.exited() {
        return Err(format!("{} exited during the run: {status}", bin.display()));
    }
    Ok((rate, latencies))
}

/// Runs the scenario.
pub fn run(opts: &Options, bins: &Path) -> Result<Vec<Table>, String> {
    let (rounds, warmup, n) = if opts.smoke {
        (1, 20, 200)
    } else {
        (
            opts.rounds.unwrap_or(3),
            500,
            opts.invocations.unwrap_or(5000),
        )
    };
    let names = [ECHO_FLOOR, ECHO_OURS, ECHO_THEIRS];
    let mut measured = vec![Measured::default(); names.len()];
    for round in 0..rounds {
        for k in 0..names.len() {
            let i = (k + round) % names.len();
            let (rate, lat) = measure_once(&bins.join(names[i]), warmup, n)?;
            eprintln!(
                "  invoke round {}: {:<20} {:>9} inv/s",
                round + 1,
                names[i],
                per_sec(rate)
            );
            measured[i].rates.push(rate);
            measured[i].latencies.extend(lat);
        }
    }
    let labels = [
        "floor (std-only echo, no parse)",
        "typed-lambda echo",
        "lambda_runtime 1.5 echo",
    ];
    let mut table = Table::new(
        &format!("2. Invoke overhead ({n} sequential invocations × {rounds} rounds, S3 put payload echoed)"),
        &["function", "inv/s", "p50 µs", "p99 µs", "max µs", "> 10 ms", "vs lambda_runtime", "vs floor"],
    );
    let mut summary = Vec::new();
    for m in &mut measured {
        let rate = median(&mut m.rates.clone());
        m.latencies.sort_by(f64::total_cmp);
        let slow = m.latencies.iter().filter(|&&l| l > 10_000.0).count();
        summary.push((
            rate,
            percentile(&m.latencies, 50.0),
            percentile(&m.latencies, 99.0),
            m.latencies.last().copied().unwrap_or(f64::NAN),
            slow,
        ));
    }
    let theirs_rate = summary[2].0;
    let floor_rate = summary[0].0;
    for (label, s) in labels.iter().zip(&summary) {
        table.row(vec![
            (*label).to_owned(),
            per_sec(s.0),
            format!("{:.0}", s.1),
            format!("{:.0}", s.2),
            format!("{:.0}", s.3),
            s.4.to_string(),
            ratio(s.0, theirs_rate),
            ratio(s.0, floor_rate),
        ]);
    }
    let (ours, theirs) = (summary[1], summary[2]);
    table.target(
        "typed-lambda ≥ 1.4× lambda_runtime inv/s",
        ratio(ours.0, theirs.0),
        Some(ours.0 >= 1.4 * theirs.0),
    );
    table.target(
        "typed-lambda p99 no worse than lambda_runtime",
        format!("{:.0} µs vs {:.0} µs", ours.2, theirs.2),
        Some(ours.2 <= theirs.2),
    );
    table.target(
        "typed-lambda: zero invocations > 10 ms",
        format!(
            "{} (floor: {}, lambda_runtime: {})",
            ours.4, summary[0].4, theirs.4
        ),
        Some(ours.4 == 0),
    );
    Ok(vec![table])
}
