//! `Runtime::run_async` (feature `tokio`): same semantics as the sync loop.

use std::time::Duration;

use serde_json::{json, Value};
use typed_lambda::testing::FakeRuntimeApi;
use typed_lambda::{Context, Error};

#[test]
fn async_handler_success_error_panic_and_spawned_tasks() {
    let fake = FakeRuntimeApi::start();
    let runtime = fake.runtime_client().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let worker = std::thread::spawn(move || {
        runtime.run_async(move |event: Value, ctx: Context| {
            let tx = tx.clone();
            async move {
                tokio::time::sleep(Duration::from_millis(2)).await;
                match event["mode"].as_str() {
                    Some("panic") => panic!("async boom"),
                    Some("fail") => Err(Error::new("AsyncError", "failed after await")),
                    Some("spawn") => {
                        let id = ctx.request_id().to_owned();
                        // A background task outlives the invocation and still runs.
                        tokio::spawn(async move {
                            tokio::time::sleep(Duration::from_millis(20)).await;
                            let _ = tx.send(id);
                        });
                        Ok(json!("spawned"))
                    }
                    _ => Ok(json!({"requestId": ctx.request_id()})),
                }
            }
        })
    });
    let out = fake.invoke(r#"{"mode":"ok"}"#).json();
    assert!(
        out["requestId"].as_str().is_some_and(|id| id.len() == 36),
        "{out}"
    );
    assert_eq!(
        fake.invoke(r#"{"mode":"fail"}"#).error(),
        Some(("AsyncError".into(), "failed after await".into()))
    );
    assert_eq!(
        fake.invoke(r#"{"mode":"panic"}"#).error(),
        Some((
            "Runtime.Panic".into(),
            "handler panicked: async boom".into()
        ))
    );
    // Any JSON is a valid `Value` event: no decode error for an array.
    assert_eq!(fake.invoke("[]").error(), None);
    assert_eq!(fake.invoke(r#"{"mode":"spawn"}"#).json(), json!("spawned"));
    let id = rx
        .recv_timeout(Duration::from_secs(5))
        .expect("spawned task ran");
    assert_eq!(id.len(), 36);
    drop(fake);
    assert!(worker.join().unwrap().is_err());
}
