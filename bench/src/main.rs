//! typed-lambda side by side with what users would pick instead (issue 5).
//!
//! ```text
//! cargo run -p typed-lambda-bench --release -- all            # every scenario, real numbers
//! cargo run -p typed-lambda-bench --release -- decode invoke  # some of them
//! cargo run -p typed-lambda-bench -- all --smoke              # seconds-long check (CI)
//! ```
//!
//! Scenarios: `decode` (1), `invoke` (2), `cold` (3), `python` (4), `codegen` (5), `sam` (6). Each prints
//! a Markdown table: ours, the competitor, the floor, the ratios, and each target of the issue
//! as MET or MISSED. The machine is noisy (±20% between runs), so compare ratios within a run.
//! `--smoke` runs every scenario with tiny counts and checks that the harness works (answers are
//! checked, timings are not). Results and their analysis: `bench/RESULTS.md`.
#![deny(missing_docs)]

mod codegen;
mod cold;
mod decode;
mod http;
mod invoke;
mod lean;
mod procs;
mod python;
mod report;
mod sam;
mod timing;

use std::path::PathBuf;
use std::process::ExitCode;

use report::Table;

/// Command-line options.
#[derive(Debug, Default)]
pub struct Options {
    /// Tiny counts, no timing claims.
    pub smoke: bool,
    /// Do not run `cargo build` (sizes of the size-tuned profile are then skipped).
    pub no_build: bool,
    /// Rounds of the invoke scenario (default 3).
    pub rounds: Option<usize>,
    /// Invocations per round (default 5000).
    pub invocations: Option<usize>,
    /// Spawns per binary in the cold-start scenario (default 30).
    pub spawns: Option<usize>,
    /// A directory with the built `handler` module of examples/python-s3.
    pub python_module: Option<PathBuf>,
    /// Also write the tables to this file.
    pub out: Option<PathBuf>,
}

const SCENARIOS: [&str; 7] = [
    "decode", "invoke", "cold", "python", "codegen", "sam", "http",
];

const USAGE: &str = "usage: typed-lambda-bench [all | decode | invoke | cold | python | codegen | sam | http]... \
[--smoke] [--no-build] [--rounds N] [--invocations N] [--spawns N] [--python-module DIR] [--out FILE]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `decode-loop SAMPLE WHO N`: a bare decode loop to profile (see bench/RESULTS.md).
    if let [cmd, sample, who, n] = args.as_slice() {
        if cmd == "decode-loop" {
            let n = n.parse().unwrap_or(1_000_000);
            return match decode::decode_loop(sample, who, n) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("typed-lambda-bench: {e}");
                    ExitCode::from(2)
                }
            };
        }
    }
    match parse(args.into_iter()) {
        Ok((scenarios, opts)) => match run(&scenarios, &opts) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("typed-lambda-bench: {e}");
                ExitCode::FAILURE
            }
        },
        Err(e) => {
            eprintln!("typed-lambda-bench: {e}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn parse(args: impl Iterator<Item = String>) -> Result<(Vec<&'static str>, Options), String> {
    let mut opts = Options::default();
    let mut scenarios = Vec::new();
    let mut args = args.peekable();
    let number = |flag: &str, v: Option<String>| -> Result<usize, String> {
        v.and_then(|v| v.parse().ok())
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("{flag} needs a positive number"))
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "all" => scenarios.extend(SCENARIOS),
            "--smoke" => opts.smoke = true,
            "--no-build" => opts.no_build = true,
            "--rounds" => opts.rounds = Some(number("--rounds", args.next())?),
            "--invocations" => opts.invocations = Some(number("--invocations", args.next())?),
            "--spawns" => opts.spawns = Some(number("--spawns", args.next())?),
            "--python-module" => {
                opts.python_module = Some(
                    args.next()
                        .ok_or("--python-module needs a directory")?
                        .into(),
                )
            }
            "--out" => opts.out = Some(args.next().ok_or("--out needs a file")?.into()),
            "-h" | "--help" => return Err("help".into()),
            other => match SCENARIOS.iter().find(|s| **s == other) {
                Some(s) => scenarios.push(*s),
                None => return Err(format!("unknown argument `{other}`")),
            },
        }
    }
    if scenarios.is_empty() {
        return Err("name a scenario, or `all`".into());
    }
    // Each scenario once, in the order first named (`all decode` runs decode once).
    let mut seen = std::collections::BTreeSet::new();
    scenarios.retain(|s| seen.insert(*s));
    Ok((scenarios, opts))
}

fn run(scenarios: &[&str], opts: &Options) -> Result<(), String> {
    let needs_bins = scenarios.iter().any(|s| matches!(*s, "invoke" | "cold"));
    let bins = if needs_bins && !opts.no_build {
        eprintln!("building the echo binaries ({} profile)", procs::profile());
        procs::build_bins(&procs::profile())?
    } else {
        procs::bin_dir()
    };
    let mut all: Vec<Table> = Vec::new();
    let mut header = format!(
        "## Run of {} on {}\n\nprofile `{}`{}\n",
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
        machine(),
        procs::profile(),
        if opts.smoke {
            ", SMOKE MODE (timings mean nothing)"
        } else {
            ""
        }
    );
    header.push('\n');
    println!("{header}");
    for scenario in scenarios {
        eprintln!("==> {scenario}");
        let tables = match *scenario {
            "decode" => decode::run(opts),
            "invoke" => invoke::run(opts, &bins)?,
            "cold" => cold::run(opts, &bins)?,
            "python" => python::run(opts)?,
            "codegen" => codegen::run(opts)?,
            "sam" => sam::run(opts),
            "http" => http::run(opts)?,
            other => unreachable!("scenario {other}"),
        };
        for t in &tables {
            println!("{}", t.render());
        }
        all.extend(tables);
    }
    let targets: Vec<_> = all.iter().flat_map(|t| t.targets()).collect();
    let met = targets.iter().filter(|t| t.met == Some(true)).count();
    let missed = targets.iter().filter(|t| t.met == Some(false)).count();
    let summary = format!(
        "targets: {met} met, {missed} missed, {} not measured{}\n",
        targets.len() - met - missed,
        if opts.smoke {
            " (smoke mode: not a measurement)"
        } else {
            ""
        }
    );
    println!("{summary}");
    if let Some(out) = &opts.out {
        let mut text = header;
        for t in &all {
            text += &t.render();
            text.push('\n');
        }
        text += &summary;
        std::fs::write(out, text).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    Ok(())
}

/// `2 × Intel(R) Xeon(R) ... , Linux 6.x` from /proc.
fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or("unknown CPU", |(_, m)| m.trim());
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    format!("{cpus} × {model}, Linux {}", kernel.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> impl Iterator<Item = String> + '_ {
        s.split_whitespace().map(str::to_owned)
    }

    #[test]
    fn command_lines() {
        let (s, o) = parse(args("all --smoke")).unwrap();
        assert_eq!(s, SCENARIOS);
        assert!(o.smoke);
        let (s, o) = parse(args("invoke decode --rounds 5 --invocations 100")).unwrap();
        assert_eq!(s, ["invoke", "decode"]);
        assert_eq!((o.rounds, o.invocations), (Some(5), Some(100)));
        let (s, _) = parse(args("decode all invoke")).unwrap();
        assert_eq!(s[0], "decode");
        assert_eq!(s.len(), SCENARIOS.len(), "each scenario once: {s:?}");
        assert!(parse(args("")).unwrap_err().contains("name a scenario"));
        assert!(parse(args("decod"))
            .unwrap_err()
            .contains("unknown argument `decod`"));
        assert!(parse(args("all --rounds 0"))
            .unwrap_err()
            .contains("positive"));
    }
}
