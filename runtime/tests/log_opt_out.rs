//! Opting out of the default log subscriber: a user who installs their own `tracing`
//! subscriber before the runtime's log init keeps it, and the runtime's lines go to it.
//! One test per process (this file): it installs the global subscriber.

use std::sync::{Arc, Mutex};

use serde_json::Value;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use typed_lambda::testing::{FakeRuntimeApi, LogCapture};
use typed_lambda::{Context, Error};

/// The user's own subscriber: keeps every event's message.
#[derive(Clone, Default)]
struct Recorder {
    messages: Arc<Mutex<Vec<String>>>,
    next_span: Arc<Mutex<u64>>,
}

struct Message<'a>(&'a mut String);

impl Visit for Message<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            *self.0 = format!("{value:?}");
        }
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        let mut next = self.next_span.lock().unwrap();
        *next += 1;
        Id::from_u64(*next)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut message = String::new();
        event.record(&mut Message(&mut message));
        self.messages.lock().unwrap().push(message);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[test]
fn a_subscriber_installed_first_is_kept() {
    let recorder = Recorder::default();
    tracing::subscriber::set_global_default(recorder.clone()).unwrap();

    // What `handle_func`, `init` and the other entry points do first, and the variant whose
    // lines we can see: neither replaces the user's subscriber.
    let value = typed_lambda::init(|| Ok::<_, Error>(7));
    assert_eq!(value, 7);
    let ours = LogCapture::default();
    typed_lambda::log::init_with_writer(ours.clone());

    let fake = FakeRuntimeApi::start();
    let _f = fake.spawn(|v: Value, _c: &Context| -> Result<Value, Error> {
        tracing::info!("handling {v}");
        if v == 2 {
            return Err(Error::new("Two", "two is not allowed"));
        }
        Ok(v)
    });
    assert_eq!(fake.invoke("1").json(), 1);
    assert!(fake.invoke("2").error().is_some());

    let messages = recorder.messages.lock().unwrap().clone();
    assert!(messages.iter().any(|m| m == "handling 1"), "{messages:?}");
    assert!(messages.iter().any(|m| m == "handling 2"), "{messages:?}");
    // The runtime's own line about the failed invocation reached the user's subscriber too.
    assert!(
        messages.iter().any(|m| m == "two is not allowed"),
        "{messages:?}"
    );
    assert_eq!(
        ours.text(),
        "",
        "the default subscriber was installed anyway"
    );
}
