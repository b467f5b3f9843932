//! Several invocations at once (`Runtime::run_concurrent`, Lambda Managed Instances): overlapping
//! slow invocations, each with its own context, request id in the logs, and trace id.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use typed_lambda::testing::{FakeRuntimeApi, Invoke, LogCapture};
use typed_lambda::{Context, Error};

#[test]
fn overlapping_slow_invocations_run_in_parallel_with_their_own_context() {
    // The only test of this binary that logs: it owns the global subscriber.
    let logs = LogCapture::default();
    typed_lambda::log::init_with_writer(logs.clone());
    let fake = FakeRuntimeApi::start();
    let in_flight = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let runtime = fake.runtime_client().unwrap();
    let (f_in_flight, f_peak) = (in_flight.clone(), peak.clone());
    let _workers = std::thread::spawn(move || {
        runtime.run_concurrent(4, move |e: Value, ctx: &Context| -> Result<Value, Error> {
            let now = f_in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            f_peak.fetch_max(now, Ordering::SeqCst);
            tracing::info!("start n={}", e["n"]);
            std::thread::sleep(Duration::from_millis(300));
            tracing::info!("end n={}", e["n"]);
            f_in_flight.fetch_sub(1, Ordering::SeqCst);
            Ok(json!({
                "n": e["n"],
                "requestId": ctx.request_id(),
                "trace": ctx.xray_trace_id(),
                "traceEnv": std::env::var("_X_AMZN_TRACE_ID").ok(),
                "thread": std::thread::current().name().map(str::to_owned),
            }))
        })
    });

    let started = Instant::now();
    let pending: Vec<_> = (0..4)
        .map(|n| {
            fake.enqueue(
                Invoke::new(json!({ "n": n }).to_string()).trace_id(&format!(
                    "Root=1-00000000-00000000000000000000000{n};Sampled=1"
                )),
            )
        })
        .collect();
    let ids: Vec<String> = pending.iter().map(|p| p.request_id.clone()).collect();
    let outs: Vec<Value> = pending
        .into_iter()
        .map(|p| fake.wait(p, Duration::from_secs(10)).json())
        .collect();
    let elapsed = started.elapsed();

    assert_eq!(peak.load(Ordering::SeqCst), 4, "all four ran at once");
    assert!(
        elapsed < Duration::from_millis(1100),
        "took {elapsed:?}: not concurrent"
    );
    let mut threads = std::collections::BTreeSet::new();
    for (n, (out, id)) in outs.iter().zip(&ids).enumerate() {
        assert_eq!(out["n"], n, "{out}");
        assert_eq!(out["requestId"], json!(id));
        assert_eq!(
            out["trace"],
            json!(format!(
                "Root=1-00000000-00000000000000000000000{n};Sampled=1"
            ))
        );
        assert_eq!(
            out["traceEnv"],
            Value::Null,
            "no process-wide trace id when concurrent"
        );
        threads.insert(out["thread"].as_str().unwrap().to_owned());
    }
    assert_eq!(threads.len(), 4, "{threads:?}");
    // Interleaved log lines still carry the request id of their own invocation.
    let text = logs.text();
    for (n, id) in ids.iter().enumerate() {
        for what in ["start", "end"] {
            let line = format!("\t{id}\tINFO\t{what} n={n}");
            assert!(
                text.lines().any(|l| l.ends_with(&line)),
                "missing {line:?} in\n{text}"
            );
        }
    }
    assert!(threads
        .iter()
        .all(|t| t.starts_with("typed-lambda-worker-")));
}

#[test]
fn async_workers_share_one_runtime() {
    let fake = FakeRuntimeApi::start();
    let peak = Arc::new(AtomicUsize::new(0));
    let in_flight = Arc::new(AtomicUsize::new(0));
    let runtime = fake.runtime_client().unwrap();
    let (f_in_flight, f_peak) = (in_flight.clone(), peak.clone());
    let _workers = std::thread::spawn(move || {
        runtime.run_async_concurrent(3, move |e: Value, ctx: Context| {
            let (in_flight, peak) = (f_in_flight.clone(), f_peak.clone());
            async move {
                let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(200)).await;
                in_flight.fetch_sub(1, Ordering::SeqCst);
                Ok::<_, Error>(json!({"n": e, "id": ctx.request_id()}))
            }
        })
    });
    let pending: Vec<_> = (0..3)
        .map(|n| fake.enqueue(Invoke::new(n.to_string())))
        .collect();
    for (n, p) in pending.into_iter().enumerate() {
        let id = p.request_id.clone();
        assert_eq!(
            fake.wait(p, Duration::from_secs(10)).json(),
            json!({"n": n, "id": id})
        );
    }
    assert_eq!(peak.load(Ordering::SeqCst), 3);
}

#[test]
fn max_concurrency_env_parsing() {
    // Only this test in this binary touches the variable.
    std::env::remove_var("AWS_LAMBDA_MAX_CONCURRENCY");
    assert_eq!(typed_lambda::max_concurrency_from_env(), 1);
    for (raw, want) in [("8", 8), (" 2 ", 2), ("0", 1), ("-3", 1), ("many", 1)] {
        std::env::set_var("AWS_LAMBDA_MAX_CONCURRENCY", raw);
        assert_eq!(typed_lambda::max_concurrency_from_env(), want, "{raw:?}");
    }
    std::env::remove_var("AWS_LAMBDA_MAX_CONCURRENCY");
}
