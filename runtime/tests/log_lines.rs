//! Log lines written during invocations carry the request id, through `tracing` and the `log`
//! facade, with the default subscriber installed by `typed_lambda::log`.
//! One test per process (this file): it installs the global subscriber.

use serde_json::Value;
use typed_lambda::testing::{FakeRuntimeApi, LogCapture};
use typed_lambda::{Context, Error};

#[test]
fn json_lines_through_tracing_and_log_carry_request_ids() {
    std::env::set_var("AWS_LAMBDA_LOG_FORMAT", "JSON");
    std::env::set_var("AWS_LAMBDA_LOG_LEVEL", "DEBUG");
    let buffer = LogCapture::default();
    typed_lambda::log::init_with_writer(buffer.clone());

    let fake = FakeRuntimeApi::start();
    let _f = fake.spawn(|v: Value, _c: &Context| -> Result<Value, Error> {
        tracing::info!(kind = "tracing", "handling {}", v);
        log::debug!("via the log facade");
        tracing::trace!("below DEBUG, dropped");
        if v == 2 {
            return Err(Error::new("Two", "two is not allowed"));
        }
        Ok(v)
    });
    let first = fake.enqueue(typed_lambda::testing::Invoke::new("1"));
    let first_id = first.request_id.clone();
    fake.wait(first, std::time::Duration::from_secs(10));
    let second = fake.enqueue(typed_lambda::testing::Invoke::new("2"));
    let second_id = second.request_id.clone();
    fake.wait(second, std::time::Duration::from_secs(10));

    let text = buffer.text();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l:?}: {e}")))
        .filter(|l: &Value| l.get("requestId").is_some())
        .collect();
    let of = |id: &str| -> Vec<&Value> { lines.iter().filter(|l| l["requestId"] == id).collect() };

    let first_lines = of(&first_id);
    assert_eq!(first_lines.len(), 2, "{text}");
    assert_eq!(first_lines[0]["message"], "handling 1");
    assert_eq!(first_lines[0]["level"], "INFO");
    assert_eq!(first_lines[0]["kind"], "tracing");
    assert_eq!(first_lines[1]["message"], "via the log facade");
    assert_eq!(first_lines[1]["level"], "DEBUG");
    // The log facade's own target, not "log", and none of its `log.*` bookkeeping fields.
    assert_eq!(first_lines[1]["target"], "log_lines");
    assert!(
        first_lines[1].get("log.target").is_none(),
        "{}",
        first_lines[1]
    );

    let second_lines = of(&second_id);
    assert_eq!(second_lines.len(), 3, "{text}");
    assert_eq!(second_lines[2]["level"], "ERROR");
    assert_eq!(second_lines[2]["message"], "two is not allowed");
    assert_eq!(second_lines[2]["errorType"], "Two");
    assert!(!text.contains("below DEBUG"));
}
