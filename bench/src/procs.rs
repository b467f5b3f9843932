//! The function processes (echo binaries, Python runtimes) and the Rust invoke client that
//! drives them through the fake's Invoke API on one kept-alive connection.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The three echo functions, as bench binaries.
pub const ECHO_FLOOR: &str = "echo_floor";
/// typed-lambda's echo.
pub const ECHO_OURS: &str = "echo_typed_lambda";
/// lambda_runtime's echo.
pub const ECHO_THEIRS: &str = "echo_lambda_runtime";

/// The directory of the running harness: the echo binaries are built next to it.
pub fn bin_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("path of the running harness");
    exe.parent()
        .expect("harness lives in a directory")
        .to_path_buf()
}

/// The cargo profile the harness was built with, from its directory name (`release`, `debug`,
/// `release-small`, ...).
pub fn profile() -> String {
    let dir = bin_dir();
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("debug");
    name.to_owned()
}

/// Builds the echo binaries in `profile` (a no-op when up to date), so that `cargo run` of the
/// harness alone is enough: `cargo build -p typed-lambda-bench --bins` for the competitor and
/// the floor, then, in a command of its own, `-p typed-lambda-bench-echo` (built together,
/// cargo would unify lambda_runtime's features of shared crates such as `tracing` into
/// typed-lambda's echo). Returns the directory of the binaries.
pub fn build_bins(profile: &str) -> Result<PathBuf, String> {
    for package in ["typed-lambda-bench", "typed-lambda-bench-echo"] {
        cargo_build(package, profile)?;
    }
    let dir = bin_dir();
    let dir = if profile == self::profile() {
        dir
    } else {
        dir.parent().expect("target dir").join(profile)
    };
    Ok(dir)
}

fn cargo_build(package: &str, profile: &str) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut cmd = Command::new(&cargo);
    cmd.args(["build", "--quiet", "-p", package, "--bins"]);
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
        .current_dir(workspace_root())
        .status()
        .map_err(|e| format!("cannot run {cargo}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "cargo build -p {package} of the echo binaries ({profile}) failed: {status}"
        ))
    }
}

/// The workspace root (the bench crate's parent).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("bench/ lives in the workspace")
        .to_path_buf()
}

/// A child process killed (and reaped) when dropped.
pub struct Function {
    child: Child,
}

impl Function {
    /// Spawns `cmd` as a Lambda function polling the Runtime API at `api`.
    pub fn spawn(mut cmd: Command, api: &str) -> io::Result<Function> {
        lambda_env(&mut cmd, api);
        // Their output is not part of the table (a killed lambda_runtime prints its error).
        let child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        Ok(Function { child })
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Peak resident set size so far (`VmHWM`), in bytes.
    pub fn peak_rss(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb * 1024)
    }

    /// Whether it has exited (with its status).
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }
}

impl Drop for Function {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The environment Lambda gives a function (lambda_runtime refuses to start without it).
pub fn lambda_env(cmd: &mut Command, api: &str) {
    cmd.env("AWS_LAMBDA_RUNTIME_API", api)
        .env("AWS_LAMBDA_FUNCTION_NAME", "bench-echo")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        .env("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/bench-echo")
        .env("AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[$LATEST]bench")
        .env("AWS_REGION", "us-east-1")
        .env_remove("RUST_LOG")
        .env_remove("AWS_LAMBDA_LOG_LEVEL")
        .env_remove("AWS_LAMBDA_MAX_CONCURRENCY");
}

/// A Lambda Invoke API client (`POST /2015-03-31/functions/_/invocations`) on one kept-alive
/// `TCP_NODELAY` connection, each request written in one buffer.
pub struct InvokeClient {
    stream: TcpStream,
    host: String,
    out: Vec<u8>,
    inp: Vec<u8>,
}

/// The answer to one invoke.
#[derive(Debug)]
pub struct Invoked {
    /// HTTP status.
    pub status: u16,
    /// `X-Amz-Function-Error` was set (the function failed).
    pub function_error: bool,
    /// The response body.
    pub body: Vec<u8>,
}

impl InvokeClient {
    /// Connects to the Invoke API at `addr`.
    pub fn connect(addr: SocketAddr) -> io::Result<Self> {
        let stream = TcpStream::connect(addr)?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        Ok(InvokeClient {
            stream,
            host: addr.to_string(),
            out: Vec::with_capacity(16 * 1024),
            inp: Vec::with_capacity(16 * 1024),
        })
    }

    /// Invokes the function with `payload` and waits for its answer.
    pub fn invoke(&mut self, payload: &[u8]) -> io::Result<Invoked> {
        self.out.clear();
        write!(
            self.out,
            "POST /2015-03-31/functions/_/invocations HTTP/1.1\r\nHost: {}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            self.host,
            payload.len()
        )?;
        self.out.extend_from_slice(payload);
        self.stream.write_all(&self.out)?;
        read_response(&mut self.stream, &mut self.inp)
    }

    /// Invokes `n` times with `payload`, checking each answer with `check`; returns each
    /// invocation's latency in microseconds.
    pub fn invoke_many(
        &mut self,
        payload: &[u8],
        n: usize,
        mut check: impl FnMut(&Invoked) -> Result<(), String>,
    ) -> Result<Vec<f64>, String> {
        let mut latencies = Vec::with_capacity(n);
        for i in 0..n {
            let start = Instant::now();
            let answer = self
                .invoke(payload)
                .map_err(|e| format!("invoke {i} of {n}: {e}"))?;
            latencies.push(start.elapsed().as_secs_f64() * 1e6);
            check(&answer).map_err(|e| format!("invoke {i} of {n}: {e}"))?;
        }
        Ok(latencies)
    }
}

/// Reads one `Content-Length`-framed HTTP/1.1 response.
fn read_response(stream: &mut TcpStream, inp: &mut Vec<u8>) -> io::Result<Invoked> {
    let head_end = loop {
        if let Some(i) = find(inp, b"\r\n\r\n") {
            break i + 4;
        }
        fill(stream, inp)?;
    };
    let head = std::str::from_utf8(&inp[..head_end]).map_err(io::Error::other)?;
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| io::Error::other(format!("bad status line in {head:?}")))?;
    let mut length = None;
    let mut function_error = false;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        if name.eq_ignore_ascii_case("content-length") {
            length = Some(value.trim().parse::<usize>().map_err(io::Error::other)?);
        } else if name.eq_ignore_ascii_case("x-amz-function-error") {
            function_error = true;
        }
    }
    let length =
        length.ok_or_else(|| io::Error::other("invoke response without Content-Length"))?;
    while inp.len() < head_end + length {
        fill(stream, inp)?;
    }
    let body = inp[head_end..head_end + length].to_vec();
    inp.drain(..head_end + length);
    Ok(Invoked {
        status,
        function_error,
        body,
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn fill(stream: &mut TcpStream, inp: &mut Vec<u8>) -> io::Result<()> {
    let mut buf = [0u8; 16 * 1024];
    let n = stream.read(&mut buf)?;
    if n == 0 {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "invoke API closed the connection",
        ));
    }
    inp.extend_from_slice(&buf[..n]);
    Ok(())
}

/// An echo answer must be the payload (as JSON: a parsing echo may reorder keys).
pub fn check_echo(payload: &serde_json::Value) -> impl FnMut(&Invoked) -> Result<(), String> + '_ {
    let mut checked = 0u32;
    move |answer| {
        if answer.status != 200 || answer.function_error {
            return Err(format!(
                "status {} (function error: {}): {}",
                answer.status,
                answer.function_error,
                String::from_utf8_lossy(&answer.body)
            ));
        }
        // Parsing every answer would time the checker; the first few and every 500th do.
        if checked < 3 || checked % 500 == 0 {
            let got: serde_json::Value = serde_json::from_slice(&answer.body)
                .map_err(|e| format!("answer is not JSON: {e}"))?;
            if &got != payload {
                return Err("answer is not the payload".into());
            }
        }
        checked += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use typed_lambda::testing::FakeRuntimeApi;
    use typed_lambda::{Context, Error};

    #[test]
    fn invoke_client_round_trips_through_the_fake() {
        let fake = FakeRuntimeApi::start();
        let _function = fake.spawn(|e: serde_json::Value, _: &Context| -> Result<_, Error> {
            if e["fail"] == true {
                return Err(Error::new("Boom", "asked to fail"));
            }
            Ok(e)
        });
        let mut client = InvokeClient::connect(fake.addr()).unwrap();
        let payload = serde_json::json!({"a": [1, 2], "b": "x"});
        let bytes = serde_json::to_vec(&payload).unwrap();
        let lat = client
            .invoke_many(&bytes, 20, check_echo(&payload))
            .unwrap();
        assert_eq!(lat.len(), 20);
        let failed = client.invoke(br#"{"fail":true}"#).unwrap();
        assert!(failed.function_error);
        assert_eq!(failed.status, 200);
        assert!(check_echo(&payload)(&failed).is_err());
        let wrong = client.invoke(br#"{"c":1}"#).unwrap();
        assert!(check_echo(&payload)(&wrong)
            .unwrap_err()
            .contains("not the payload"));
    }
}
