//! Scenario 3, cold start: stripped binary sizes (the workspace's `release` profile and the
//! size-tuned `release-small`), time from spawn to the first `GET /next` (median of ≥ 20 spawns
//! against a bare listener), and peak RSS after 1000 invokes.

use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use typed_lambda::testing::FakeRuntimeApi;

use crate::invoke::PAYLOAD;
use crate::procs::{self, check_echo, Function, InvokeClient, ECHO_FLOOR, ECHO_OURS, ECHO_THEIRS};
use crate::report::{median, megabytes, percentile, ratio, Table};
use crate::Options;

/// Time from spawning `bin` to its first complete `GET .../invocation/next` request head, on
/// a fresh listener (so that a retry of an earlier, killed process cannot be mistaken for it).
pub fn spawn_to_first_poll(bin: &Path) -> Result<Duration, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("bind: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let (done, watchdog_rx) = mpsc::channel::<()>();
    // If the function never connects, unblock `accept` by connecting ourselves.
    let watchdog = std::thread::spawn(move || {
        if watchdog_rx.recv_timeout(Duration::from_secs(10)).is_err() {
            let _ = TcpStream::connect(addr);
        }
    });
    let start = Instant::now();
    let function = Function::spawn(Command::new(bin), &addr.to_string());
    let outcome = function
        .map_err(|e| format!("spawn {}: {e}", bin.display()))
        .and_then(|_function| {
            let (mut conn, _) = listener.accept().map_err(|e| format!("accept: {e}"))?;
            let _ = done.send(());
            conn.set_read_timeout(Some(Duration::from_secs(10)))
                .map_err(|e| e.to_string())?;
            let mut head = Vec::new();
            let mut buf = [0u8; 4096];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = conn
                    .read(&mut buf)
                    .map_err(|e| format!("{}: no request: {e}", bin.display()))?;
                if n == 0 {
                    return Err(format!("{}: connected but sent no request", bin.display()));
                }
                head.extend_from_slice(&buf[..n]);
            }
            let took = start.elapsed();
            let line = String::from_utf8_lossy(&head);
            let line = line.lines().next().unwrap_or("");
            if !(line.starts_with("GET ") && line.contains("/runtime/invocation/next")) {
                return Err(format!("{}: first request was `{line}`", bin.display()));
            }
            Ok(took)
        });
    let _ = done.send(());
    let _ = watchdog.join();
    outcome
}

/// Time to spawn `/bin/true` and reap it: the floor of any cold start.
fn spawn_true() -> Result<Duration, String> {
    let start = Instant::now();
    let status = Command::new("/bin/true")
        .status()
        .map_err(|e| format!("/bin/true: {e}"))?;
    let took = start.elapsed();
    status
        .success()
        .then_some(took)
        .ok_or_else(|| "/bin/true failed".to_owned())
}

/// Peak RSS of `bin` after `n` invocations.
fn peak_rss_after(bin: &Path, n: usize) -> Result<u64, String> {
    let payload = PAYLOAD.trim_ascii_end();
    let expected: serde_json::Value = serde_json::from_slice(payload).expect("payload is JSON");
    let fake = FakeRuntimeApi::start();
    let function = Function::spawn(Command::new(bin), &fake.endpoint())
        .map_err(|e| format!("spawn {}: {e}", bin.display()))?;
    let mut client = InvokeClient::connect(fake.addr()).map_err(|e| e.to_string())?;
    client.invoke_many(payload, n, check_echo(&expected))?;
    function
        .peak_rss()
        .ok_or_else(|| format!("no VmHWM for {}", bin.display()))
}

fn file_size(path: &Path) -> Result<u64, String> {
    std::fs::metadata(path)
        .map(|m| m.len())
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Runs the scenario.
pub fn run(opts: &Options, bins: &Path) -> Result<Vec<Table>, String> {
    let names = [ECHO_FLOOR, ECHO_OURS, ECHO_THEIRS];
    let labels = [
        "floor (std-only echo)",
        "typed-lambda echo",
        "lambda_runtime 1.5 echo",
    ];
    let profile = procs::profile();

    // Sizes.
    let default_sizes: Vec<u64> = names
        .iter()
        .map(|n| file_size(&bins.join(n)))
        .collect::<Result<_, _>>()?;
    let small_sizes: Option<Vec<u64>> = if opts.smoke || opts.no_build {
        None
    } else {
        eprintln!("  building the echo binaries with --profile release-small");
        let dir = procs::build_bins("release-small")?;
        Some(
            names
                .iter()
                .map(|n| file_size(&dir.join(n)))
                .collect::<Result<_, _>>()?,
        )
    };
    let mut sizes = Table::new(
        "3a. Binary size (stripped echo function)",
        &[
            "function",
            &format!("`{profile}` profile"),
            "vs lambda_runtime",
            "`release-small` (opt-level z)",
            "vs lambda_runtime",
        ],
    );
    for (i, label) in labels.iter().enumerate() {
        let small = small_sizes.as_ref().map(|s| s[i]);
        sizes.row(vec![
            (*label).to_owned(),
            megabytes(default_sizes[i]),
            ratio(default_sizes[i] as f64, default_sizes[2] as f64),
            small.map_or("not built".into(), megabytes),
            small_sizes
                .as_ref()
                .map_or("–".into(), |s| ratio(s[i] as f64, s[2] as f64)),
        ]);
    }
    let release = profile.starts_with("release");
    sizes.target(
        format!("typed-lambda ≤ 60% of lambda_runtime (`{profile}` profile)"),
        ratio(default_sizes[1] as f64, default_sizes[2] as f64),
        release.then_some(default_sizes[1] as f64 <= 0.6 * default_sizes[2] as f64),
    );
    if let Some(s) = &small_sizes {
        sizes.target(
            "typed-lambda ≤ 60% of lambda_runtime (`release-small`)",
            ratio(s[1] as f64, s[2] as f64),
            Some(s[1] as f64 <= 0.6 * s[2] as f64),
        );
    }
    if !release {
        sizes.note(format!(
            "Sizes of a `{profile}` build say nothing; run with `--release` for the real numbers."
        ));
    }

    // Spawn to first poll.
    let spawns = if opts.smoke {
        3
    } else {
        opts.spawns.unwrap_or(30)
    };
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); names.len() + 1];
    for round in 0..spawns {
        // Alternate the order so that no binary always runs right after another.
        for k in 0..=names.len() {
            let i = (k + round) % (names.len() + 1);
            let took = if i == names.len() {
                spawn_true()?
            } else {
                spawn_to_first_poll(&bins.join(names[i]))?
            };
            times[i].push(took.as_secs_f64() * 1e3);
        }
    }
    let rss_invokes = if opts.smoke { 50 } else { 1000 };
    let rss: Vec<u64> = names
        .iter()
        .map(|n| peak_rss_after(&bins.join(n), rss_invokes))
        .collect::<Result<_, _>>()?;
    let mut start = Table::new(
        &format!("3b. Spawn → first GET /next ({spawns} spawns each), peak RSS after {rss_invokes} invokes"),
        &["function", "median ms", "p90 ms", "vs lambda_runtime", "peak RSS"],
    );
    let mut medians = Vec::new();
    for t in &mut times {
        let m = median(t);
        medians.push((m, percentile(t, 90.0)));
    }
    for (i, label) in labels.iter().enumerate() {
        start.row(vec![
            (*label).to_owned(),
            format!("{:.2}", medians[i].0),
            format!("{:.2}", medians[i].1),
            ratio(medians[i].0, medians[2].0),
            megabytes(rss[i]),
        ]);
    }
    start.row(vec![
        "spawn of /bin/true (to exit)".into(),
        format!("{:.2}", medians[3].0),
        format!("{:.2}", medians[3].1),
        ratio(medians[3].0, medians[2].0),
        "–".into(),
    ]);
    start.target(
        "typed-lambda spawn → first poll ≤ lambda_runtime's",
        format!("{:.2} ms vs {:.2} ms", medians[1].0, medians[2].0),
        Some(medians[1].0 <= medians[2].0),
    );
    Ok(vec![sizes, start])
}
