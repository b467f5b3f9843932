//! Response streaming through the fake: progressive chunks, HTTP prelude, mid-stream errors as
//! trailers, errors before the first byte as ordinary error reports.

use std::io::Write;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use typed_lambda::streaming::{ResponseStream, HTTP_INTEGRATION_CONTENT_TYPE};
use typed_lambda::testing::{FakeRuntimeApi, Invoke, Outcome};
use typed_lambda::{Context, Error};

fn wait_until(mut ready: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if ready() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    false
}

#[test]
fn chunks_arrive_before_the_handler_returns() {
    let fake = FakeRuntimeApi::start();
    let (go_tx, go_rx) = mpsc::channel::<()>();
    let runtime = fake.runtime_client().unwrap();
    let _f = std::thread::spawn(move || {
        runtime.run_streaming(
            move |_: Value, _c: &Context, out: &mut ResponseStream<'_>| {
                out.set_content_type("text/plain")?;
                out.write_all(b"first\n")?;
                out.flush()?;
                go_rx
                    .recv_timeout(Duration::from_secs(10))
                    .map_err(|e| e.to_string())?;
                out.write_all(b"second\n")?;
                Ok::<_, Error>(())
            },
        )
    });
    let pending = fake.enqueue(Invoke::new("{}"));
    let id = pending.request_id.clone();
    assert!(
        wait_until(|| fake.streamed_so_far(&id) == b"first\n"),
        "first chunk never arrived"
    );
    go_tx.send(()).unwrap();
    let outcome = fake.wait(pending, Duration::from_secs(10));
    assert_eq!(
        outcome,
        Outcome::Streamed {
            content_type: Some("text/plain".into()),
            body: b"first\nsecond\n".to_vec(),
            error_type: None,
            error_body: None,
        }
    );
    let post = fake
        .requests()
        .into_iter()
        .find(|r| r.path.ends_with("/response"))
        .unwrap();
    assert_eq!(
        post.header("lambda-runtime-function-response-mode"),
        Some("streaming")
    );
    assert_eq!(post.header("transfer-encoding"), Some("chunked"));
    assert!(post
        .header("trailer")
        .unwrap()
        .contains("Lambda-Runtime-Function-Error-Body"));
}

fn modes(mode: String, _c: &Context, out: &mut ResponseStream<'_>) -> Result<(), Error> {
    match mode.as_str() {
        "url" => {
            out.http_response(201, &[("content-type", "text/csv")], &["session=1; Secure"])?;
            out.write_all(b"a,b\n1,2\n")?;
        }
        "ndjson" => {
            for i in 0..3 {
                out.send_json(&json!({ "n": i }))?;
            }
        }
        "fail-midway" => {
            out.write_all(b"partial")?;
            out.flush()?;
            return Err(Error::new("StreamError", "lost the upstream"));
        }
        "panic-midway" => {
            out.write_all(b"partial")?;
            out.flush()?;
            panic!("mid-stream panic");
        }
        "fail-early" => return Err(Error::new("EarlyError", "nothing sent yet")),
        "late-prelude" => {
            out.write_all(b"x")?;
            out.flush()?;
            let e = out.http_response(200, &[], &[]).unwrap_err();
            return Err(Error::new("Misuse", e.to_string()));
        }
        _ => {}
    }
    Ok(())
}

#[test]
fn prelude_ndjson_errors_and_panics() {
    let fake = FakeRuntimeApi::start();
    let runtime = fake.runtime_client().unwrap();
    let _f = std::thread::spawn(move || runtime.run_streaming(modes));

    let Outcome::Streamed {
        content_type,
        body,
        error_type,
        ..
    } = fake.invoke(r#""url""#)
    else {
        panic!("not streamed")
    };
    assert_eq!(content_type.as_deref(), Some(HTTP_INTEGRATION_CONTENT_TYPE));
    assert_eq!(error_type, None);
    let split = body
        .windows(8)
        .position(|w| w == [0u8; 8])
        .expect("8 NUL separator");
    let prelude: Value = serde_json::from_slice(&body[..split]).unwrap();
    assert_eq!(
        prelude,
        json!({"statusCode": 201, "headers": {"content-type": "text/csv"}, "cookies": ["session=1; Secure"]})
    );
    assert_eq!(&body[split + 8..], b"a,b\n1,2\n");

    let Outcome::Streamed { body, .. } = fake.invoke(r#""ndjson""#) else {
        panic!()
    };
    let lines: Vec<Value> = body
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    assert_eq!(
        lines,
        vec![json!({"n": 0}), json!({"n": 1}), json!({"n": 2})]
    );

    let Outcome::Streamed {
        body,
        error_type,
        error_body,
        ..
    } = fake.invoke(r#""fail-midway""#)
    else {
        panic!()
    };
    assert_eq!(body, b"partial");
    assert_eq!(error_type.as_deref(), Some("StreamError"));
    let error: Value = serde_json::from_slice(&error_body.unwrap()).unwrap();
    assert_eq!(
        error,
        json!({"errorType": "StreamError", "errorMessage": "lost the upstream"})
    );

    let Outcome::Streamed {
        error_type,
        error_body,
        ..
    } = fake.invoke(r#""panic-midway""#)
    else {
        panic!()
    };
    assert_eq!(error_type.as_deref(), Some("Runtime.Panic"));
    let error: Value = serde_json::from_slice(&error_body.unwrap()).unwrap();
    assert_eq!(error["errorMessage"], "handler panicked: mid-stream panic");

    // Before the first byte, an error is an ordinary error report.
    assert_eq!(
        fake.invoke(r#""fail-early""#).error(),
        Some(("EarlyError".into(), "nothing sent yet".into()))
    );
    let Outcome::Streamed {
        error_type,
        error_body,
        ..
    } = fake.invoke(r#""late-prelude""#)
    else {
        panic!()
    };
    assert_eq!(error_type.as_deref(), Some("Misuse"));
    let error: Value = serde_json::from_slice(&error_body.unwrap()).unwrap();
    assert!(error["errorMessage"]
        .as_str()
        .unwrap()
        .contains("before the first bytes"));

    // A decode failure never starts a stream.
    let (kind, _) = fake.invoke("17").error().unwrap();
    assert_eq!(kind, "Runtime.UnmarshalError");
    // An empty success is an empty stream; the loop is still serving.
    let Outcome::Streamed { body, .. } = fake.invoke(r#""nothing""#) else {
        panic!()
    };
    assert!(body.is_empty());
}

/// An event whose `Deserialize` panics on `"boom"`, as a buggy user impl might.
struct Touchy(String);

impl<'de> serde::Deserialize<'de> for Touchy {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s == "boom" {
            panic!("deserializer blew up");
        }
        Ok(Touchy(s))
    }
}

#[test]
fn a_panicking_event_deserialize_is_an_ordinary_error_and_the_next_invocation_streams() {
    let fake = FakeRuntimeApi::start();
    let runtime = fake.runtime_client().unwrap();
    let _f = std::thread::spawn(move || {
        runtime.run_streaming(
            |e: Touchy, _c: &Context, out: &mut ResponseStream<'_>| -> Result<(), Error> {
                out.write_all(e.0.as_bytes()).map_err(Error::from)
            },
        )
    });
    let (kind, message) = fake.invoke(r#""boom""#).error().expect("an error report");
    assert_eq!(kind, "Runtime.Panic");
    assert!(
        message.starts_with("decoding the event panicked: deserializer blew up"),
        "{message}"
    );
    let Outcome::Streamed { body, .. } = fake.invoke(r#""calm""#) else {
        panic!("not streamed")
    };
    assert_eq!(body, b"calm");
}
