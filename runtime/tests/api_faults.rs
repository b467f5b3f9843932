//! Runtime API trouble: transient failures retried, refusals reported, endpoints in both forms,
//! init errors, and a clean stop when the API goes away.

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use typed_lambda::testing::{FakeRuntimeApi, Fault, Invoke, Outcome};
use typed_lambda::{Context, Error, Runtime};

fn echo(v: Value, _c: &Context) -> Result<Value, Error> {
    Ok(v)
}

#[test]
fn transient_next_failures_are_retried() {
    let fake = FakeRuntimeApi::start();
    fake.inject(Fault::NextStatus(500));
    fake.inject(Fault::NextStatus(502));
    fake.inject(Fault::NextDrop);
    let _f = fake.spawn(echo);
    assert_eq!(fake.invoke(r#"{"a":1}"#).json(), json!({"a": 1}));
    let nexts = fake
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/invocation/next"))
        .count();
    assert!(
        nexts >= 4,
        "expected 3 failed polls and a good one, saw {nexts}"
    );
}

#[test]
fn response_5xx_is_retried_and_413_becomes_an_error_report() {
    let fake = FakeRuntimeApi::start();
    let _f = fake.spawn(echo);
    fake.inject(Fault::ResponseStatus(500));
    assert_eq!(fake.invoke("[1]").json(), json!([1]));

    fake.inject(Fault::ResponseStatus(413));
    let out = fake.invoke(r#""big""#);
    let (kind, message) = out.error().expect("413 reported as an invocation error");
    assert_eq!(kind, "Runtime.ResponseSizeTooLarge");
    assert!(message.contains("too large"), "{message}");
    assert_eq!(fake.invoke("2").json(), json!(2));
}

#[test]
fn oversized_response_is_caught_before_sending() {
    let fake = FakeRuntimeApi::start();
    let _f = fake.spawn(|n: usize, _c: &Context| -> Result<String, Error> { Ok("x".repeat(n)) });
    let (kind, message) = fake.invoke("6291456").error().unwrap();
    assert_eq!(kind, "Runtime.ResponseSizeTooLarge");
    assert!(
        message.contains("over Lambda's limit of 6291456 bytes"),
        "{message}"
    );
    assert!(fake
        .requests()
        .iter()
        .all(|r| !r.path.ends_with("/response") || r.body.len() < 6291456));
    let small = fake.invoke("3");
    assert_eq!(small, Outcome::Response(br#""xxx""#.to_vec()));
}

#[test]
fn endpoint_with_scheme_and_path_prefix_works() {
    let fake = FakeRuntimeApi::start();
    let api = format!("http://{}/.rt", fake.endpoint());
    let runtime = Runtime::new(&api).unwrap().max_invocations(1);
    let worker = std::thread::spawn(move || runtime.run(echo));
    assert_eq!(fake.invoke("true").json(), json!(true));
    worker.join().unwrap().unwrap();
    let paths: Vec<String> = fake.requests().into_iter().map(|r| r.path).collect();
    assert!(
        paths
            .iter()
            .all(|p| p.starts_with("/.rt/2018-06-01/runtime/")),
        "{paths:?}"
    );
}

#[test]
fn bad_endpoint_is_a_clear_error() {
    let err = Runtime::new("https://example:1").err().unwrap().to_string();
    assert!(
        err.contains("AWS_LAMBDA_RUNTIME_API") && err.contains("http://"),
        "{err}"
    );
    let err = Runtime::new("nohostport").err().unwrap().to_string();
    assert!(err.contains("expected host:port"), "{err}");
}

#[test]
fn unreachable_api_stops_with_a_clear_message() {
    let addr = {
        let fake = FakeRuntimeApi::start();
        fake.endpoint()
    }; // dropped: nothing listens there any more
    let started = Instant::now();
    let err = Runtime::new(&addr)
        .unwrap()
        .retry(4, Duration::from_millis(5))
        .run(echo)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(&addr) && err.contains("after 4 attempt(s)"),
        "{err}"
    );
    assert!(err.contains("cannot connect"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn init_error_is_reported() {
    let fake = FakeRuntimeApi::start();
    let mut runtime = fake.runtime_client().unwrap();
    runtime
        .report_init_error(&Error::new("ConfigError", "TABLE_NAME is not set"))
        .unwrap();
    let reports = fake.init_errors();
    assert_eq!(reports.len(), 1);
    assert_eq!(
        reports[0].header("lambda-runtime-function-error-type"),
        Some("ConfigError")
    );
    let body: Value = serde_json::from_slice(&reports[0].body).unwrap();
    assert_eq!(
        body,
        json!({"errorType": "ConfigError", "errorMessage": "TABLE_NAME is not set"})
    );
}

#[test]
fn all_invocations_share_one_kept_alive_connection() {
    // No reconnects on the hot path: 20 invocations, 41 requests, one TCP connection. (That each
    // request is written in one buffer is a unit test of `src/api.rs`.)
    let fake = FakeRuntimeApi::start();
    let _f = fake.spawn(echo);
    for i in 0..20 {
        assert_eq!(fake.invoke(i.to_string()).json(), json!(i));
    }
    let reqs = fake.requests();
    assert!(reqs.len() >= 40, "{}", reqs.len());
    assert_eq!(fake.connections(), 1);
    assert!(reqs
        .iter()
        .all(|r| r.header("host") == Some(fake.endpoint().as_str())));
    assert!(reqs.iter().all(|r| r
        .header("user-agent")
        .is_some_and(|u| u.starts_with("typed-lambda/"))));
    assert!(reqs.iter().all(|r| r
        .header("connection")
        .is_none_or(|c| !c.eq_ignore_ascii_case("close"))));
}

#[test]
fn response_refused_with_5xx_on_every_attempt_is_reported_as_an_error() {
    let fake = FakeRuntimeApi::start();
    // `spawn` tries each exchange 3 times.
    let _f = fake.spawn(echo);
    for _ in 0..3 {
        fake.inject(Fault::ResponseStatus(503));
    }
    let pending = fake.enqueue(typed_lambda::testing::Invoke::new(r#"{"lost":false}"#));
    let id = pending.request_id.clone();
    let out = fake.wait(pending, Duration::from_secs(10));
    let (kind, message) = out.error().unwrap_or_else(|| panic!("{out:?}"));
    assert_eq!(kind, "Runtime.ResponseRejected");
    assert!(
        message.contains("did not accept the 14-byte response")
            && message.contains("/response after 3 attempt(s): status 503"),
        "{message}"
    );
    assert!(
        matches!(&out, Outcome::Error { error_type_header: Some(h), .. } if h == "Runtime.ResponseRejected")
    );
    let tries = fake
        .requests()
        .iter()
        .filter(|r| r.path.ends_with(&format!("/invocation/{id}/response")))
        .count();
    assert_eq!(tries, 3);
    assert_eq!(fake.invoke(r#"{"next":1}"#).json(), json!({"next": 1}));
}

#[test]
fn response_refused_with_4xx_is_dropped_and_the_next_invocation_served() {
    let fake = FakeRuntimeApi::start();
    let _f = fake.spawn(echo);
    fake.inject(Fault::ResponseStatus(400));
    let pending = fake.enqueue(typed_lambda::testing::Invoke::new("1"));
    let id = pending.request_id.clone();
    let next = fake.enqueue(typed_lambda::testing::Invoke::new("2"));
    assert_eq!(fake.wait(next, Duration::from_secs(10)).json(), json!(2));
    // A 4xx is final: not retried, and not reported again through /error (Lambda would refuse
    // that too: the invocation is over for it).
    let for_first: Vec<String> = fake
        .requests()
        .into_iter()
        .filter(|r| r.path.contains(&id))
        .map(|r| r.path)
        .collect();
    assert_eq!(for_first.len(), 1, "{for_first:?}");
    assert!(for_first[0].ends_with("/response"));
    assert_eq!(
        fake.wait(pending, Duration::from_millis(50)),
        Outcome::TimedOut
    );
}

#[test]
fn error_report_refused_with_4xx_is_logged_and_the_next_invocation_served() {
    let fake = FakeRuntimeApi::start();
    let _f = fake.spawn(|v: Value, _c: &Context| -> Result<Value, Error> {
        if v == json!("fail") {
            return Err(Error::new("Failed", "as asked"));
        }
        Ok(v)
    });
    fake.inject(Fault::ErrorStatus(400));
    let refused = fake.enqueue(typed_lambda::testing::Invoke::new(r#""fail""#));
    let id = refused.request_id.clone();
    assert_eq!(fake.invoke(r#""fine""#).json(), json!("fine"));
    let error_posts = fake
        .requests()
        .iter()
        .filter(|r| r.path.ends_with(&format!("/invocation/{id}/error")))
        .count();
    assert_eq!(error_posts, 1, "a 4xx is not retried");
    assert_eq!(
        fake.wait(refused, Duration::from_millis(50)),
        Outcome::TimedOut
    );
    // The next failure is reported normally.
    assert_eq!(
        fake.invoke(r#""fail""#).error(),
        Some(("Failed".into(), "as asked".into()))
    );
}

#[test]
fn connection_reset_mid_event_is_survived() {
    let fake = FakeRuntimeApi::start();
    let _f = fake.spawn(echo);
    fake.inject(Fault::NextResetMidBody);
    let lost = fake.enqueue(typed_lambda::testing::Invoke::new(
        r#"{"lost":"in transit"}"#,
    ));
    let next = fake.enqueue(typed_lambda::testing::Invoke::new(r#"{"n":2}"#));
    assert_eq!(
        fake.wait(next, Duration::from_secs(10)).json(),
        json!({"n": 2})
    );
    // The half-received event never reached the handler.
    assert_eq!(
        fake.wait(lost, Duration::from_millis(50)),
        Outcome::TimedOut
    );
}

#[test]
fn slow_long_poll_is_fine() {
    let fake = FakeRuntimeApi::start();
    let _f = fake.spawn(echo);
    // The runtime waits in GET /next with no client timeout until an event arrives.
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(fake.invoke(r#""late""#).json(), json!("late"));
    let nexts = fake
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/invocation/next"))
        .count();
    assert!(nexts <= 2, "the long poll was retried {nexts} times");
}

#[test]
fn process_exits_with_a_clear_message_when_the_api_disappears() {
    let exe = std::env::current_exe().unwrap();
    let example = exe.parent().unwrap().parent().unwrap().join("examples/raw");
    assert!(
        example.is_file(),
        "{} not built (cargo test builds examples)",
        example.display()
    );
    let fake = FakeRuntimeApi::start();
    let endpoint = fake.endpoint();
    let child = std::process::Command::new(example)
        .env("AWS_LAMBDA_RUNTIME_API", &endpoint)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    assert_eq!(fake.invoke("[1]").json(), json!([1]));
    drop(fake);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("typed-lambda: stopping: Lambda Runtime API at")
            && stderr.contains(&endpoint)
            && stderr.contains("/invocation/next"),
        "{stderr}"
    );
}

/// The POSTs of `/invocation/{id}/response` the fake received.
fn response_posts(fake: &FakeRuntimeApi, id: &str) -> usize {
    fake.requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path.ends_with(&format!("/invocation/{id}/response")))
        .count()
}

#[test]
fn a_response_whose_reply_is_lost_is_not_sent_again() {
    let fake = FakeRuntimeApi::start();
    let _f = fake.spawn(echo);
    fake.inject(Fault::ResponseDropAfterBody);
    let taken = fake.enqueue(Invoke::new(r#"{"n":1}"#));
    let id = taken.request_id.clone();
    assert_eq!(
        fake.wait(taken, Duration::from_secs(10)),
        Outcome::Response(br#"{"n":1}"#.to_vec())
    );
    // The next invocation is served, on a new connection.
    assert_eq!(fake.invoke(r#"{"n":2}"#).json(), json!({"n": 2}));
    assert_eq!(response_posts(&fake, &id), 1, "the response was sent again");
    assert_eq!(fake.connections(), 2);
}

#[test]
fn a_peer_that_keeps_dropping_after_the_body_costs_no_later_invocation() {
    let fake = FakeRuntimeApi::start();
    // `spawn` tries each exchange 3 times: more drops than that in a row.
    let function = fake.spawn(echo);
    for _ in 0..5 {
        fake.inject(Fault::ResponseDropAfterBody);
    }
    for n in 0..6 {
        let pending = fake.enqueue(Invoke::new(n.to_string()));
        let id = pending.request_id.clone();
        assert_eq!(
            fake.wait(pending, Duration::from_secs(10)),
            Outcome::Response(n.to_string().into_bytes()),
            "invocation {n}"
        );
        assert_eq!(response_posts(&fake, &id), 1, "invocation {n}");
    }
    assert!(!function.is_finished(), "the runtime stopped");
}
