//! The loop through the fake Runtime API: success, errors, decode failures, panics, raw events.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{json, Value};
use typed_lambda::testing::{FakeRuntimeApi, Invoke, Outcome};
use typed_lambda::{Context, Error};

#[derive(Deserialize)]
struct Person {
    #[serde(rename = "FirstName")]
    first_name: String,
    #[serde(rename = "LastName")]
    last_name: String,
}

#[derive(Serialize)]
struct Greeting {
    message: String,
}

fn hello(p: Person, _ctx: &Context) -> Result<Greeting, Error> {
    if p.first_name == "panic" {
        panic!("asked to panic for {}", p.last_name);
    }
    if p.first_name.is_empty() {
        return Err(Error::new("ValidationError", "FirstName is empty"));
    }
    Ok(Greeting {
        message: format!("Hello, {} {}!", p.first_name, p.last_name),
    })
}

#[test]
fn success_error_decode_failure_and_panic_then_keeps_serving() {
    let fake = FakeRuntimeApi::start();
    let function = fake.spawn(hello);

    let ok = fake.invoke(r#"{"FirstName":"Jane","LastName":"Doe"}"#);
    assert_eq!(
        ok,
        Outcome::Response(br#"{"message":"Hello, Jane Doe!"}"#.to_vec())
    );

    let custom = fake.invoke(r#"{"FirstName":"","LastName":"Doe"}"#);
    assert_eq!(
        custom.error(),
        Some(("ValidationError".into(), "FirstName is empty".into()))
    );
    let Outcome::Error {
        error_type_header, ..
    } = &custom
    else {
        panic!("{custom:?}")
    };
    assert_eq!(error_type_header.as_deref(), Some("ValidationError"));

    let bad = fake.invoke(r#"{"FirstName":"Jane","LastName":3}"#);
    let (kind, message) = bad.error().expect("decode failure is an error");
    assert_eq!(kind, "Runtime.UnmarshalError");
    assert!(
        message.starts_with("LastName: invalid type: integer `3`, expected a string"),
        "{message}"
    );

    let panicked = fake.invoke(r#"{"FirstName":"panic","LastName":"now"}"#);
    assert_eq!(
        panicked.error(),
        Some((
            "Runtime.Panic".into(),
            "handler panicked: asked to panic for now".into()
        ))
    );

    // Still serving after all of that.
    let again = fake.invoke(r#"{"FirstName":"John","LastName":"Roe"}"#);
    assert_eq!(again.json(), json!({"message": "Hello, John Roe!"}));

    drop(fake);
    let stopped = function.join().unwrap().unwrap_err().to_string();
    assert!(stopped.contains("/invocation/next"), "{stopped}");
}

#[test]
fn decode_failure_names_deep_path() {
    #[derive(Deserialize)]
    #[allow(dead_code)]
    struct Event {
        #[serde(rename = "Records")]
        records: Vec<Record>,
    }
    #[derive(Deserialize)]
    #[allow(dead_code)]
    struct Record {
        s3: S3,
    }
    #[derive(Deserialize)]
    #[allow(dead_code)]
    struct S3 {
        object: Object,
    }
    #[derive(Deserialize)]
    #[allow(dead_code)]
    struct Object {
        size: u64,
    }
    let fake = FakeRuntimeApi::start();
    let _f = fake.spawn(|_e: Event, _c: &Context| -> Result<(), Error> { Ok(()) });
    let out =
        fake.invoke(r#"{"Records":[{"s3":{"object":{"size":1}}},{"s3":{"object":{"size":"x"}}}]}"#);
    let (_, message) = out.error().unwrap();
    assert!(
        message.starts_with(r#"Records[1].s3.object.size: invalid type: string "x", expected u64"#),
        "{message}"
    );
    for (input, start) in [
        ("", "the event is not valid JSON: EOF while parsing"),
        ("null", "(root): invalid type: null"),
        (
            r#""text""#,
            "(root): invalid type: string \"text\", expected struct Event",
        ),
        (
            r#"{"Records":[]} trailing"#,
            "the event is not valid JSON: trailing characters",
        ),
    ] {
        let (kind, message) = fake.invoke(input).error().unwrap();
        assert_eq!(kind, "Runtime.UnmarshalError");
        assert!(message.starts_with(start), "{input:?}: {message}");
    }
}

#[test]
fn string_str_boxed_and_std_errors_report_type_names() {
    let fake = FakeRuntimeApi::start();
    let _f = fake.spawn(|mode: String, _c: &Context| -> Result<(), Error> {
        match mode.as_str() {
            "string" => Err(String::from("a String").into()),
            "str" => Err("a str".into()),
            "boxed" => {
                let e: Box<dyn std::error::Error + Send + Sync> = "boxed".into();
                Err(e.into())
            }
            "parse" => Err("x1".parse::<i32>().unwrap_err().into()),
            "var" => {
                std::env::var("TYPED_LAMBDA_SURELY_UNSET_VARIABLE")?;
                Ok(())
            }
            "io" => Err(std::io::Error::other("disk full"))?,
            _ => Ok(()),
        }
    });
    let cases = [
        ("string", "String", "a String"),
        ("str", "&str", "a str"),
        ("boxed", "Error", "boxed"),
        ("parse", "ParseIntError", "invalid digit found in string"),
        ("var", "VarError", "environment variable not found"),
        ("io", "io::Error", "disk full"),
    ];
    for (mode, kind, message) in cases {
        let out = fake.invoke(format!("{mode:?}"));
        assert_eq!(out.error(), Some((kind.into(), message.into())), "{mode}");
    }
    assert_eq!(
        fake.invoke(r#""none""#),
        Outcome::Response(b"null".to_vec())
    );
}

#[test]
fn handler_may_return_str_and_box_errors_directly() {
    fn str_error(_: Value, _: &Context) -> Result<Value, &'static str> {
        Err("static str")
    }
    fn boxed_error(
        _: Value,
        _: &Context,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        Err("from a box".into())
    }
    let fake = FakeRuntimeApi::start();
    let _f = fake.spawn(str_error);
    assert_eq!(
        fake.invoke("{}").error(),
        Some(("&str".into(), "static str".into()))
    );
    let fake = FakeRuntimeApi::start();
    let _f = fake.spawn(boxed_error);
    assert_eq!(
        fake.invoke("{}").error(),
        Some(("Error".into(), "from a box".into()))
    );
}

#[test]
fn anyhow_errors_keep_their_context_chain() {
    let fake = FakeRuntimeApi::start();
    let _f = fake.spawn(|_: Value, _c: &Context| -> Result<(), anyhow::Error> {
        Err(anyhow::anyhow!("disk full")).map_err(|e| e.context("saving report"))
    });
    assert_eq!(
        fake.invoke("{}").error(),
        Some(("anyhow::Error".into(), "saving report: disk full".into()))
    );
}

#[test]
fn serialization_failure_is_reported_and_loop_continues() {
    let fake = FakeRuntimeApi::start();
    let _f = fake.spawn(|n: u32, _c: &Context| -> Result<Value, Error> {
        if n == 0 {
            // A map with non-string keys cannot be JSON; build it as a serializable value.
            let mut m = std::collections::BTreeMap::new();
            m.insert((1, 2), "x");
            return serde_json::to_value(m).map_err(Error::from);
        }
        Ok(json!(n))
    });
    let (kind, _) = fake.invoke("0").error().unwrap();
    assert_eq!(kind, "serde_json::Error"); // from the handler itself

    let fake2 = FakeRuntimeApi::start();
    let _g = fake2.spawn(
        |_: Value, _c: &Context| -> Result<std::collections::BTreeMap<(u8, u8), u8>, Error> {
            Ok([((1, 2), 3)].into_iter().collect())
        },
    );
    let (kind, message) = fake2.invoke("{}").error().unwrap();
    assert_eq!(kind, "Runtime.MarshalError");
    assert!(message.contains("key must be a string"), "{message}");
    assert_eq!(fake.invoke("7").json(), json!(7));
}

#[test]
fn raw_value_event_and_response_are_byte_exact() {
    let fake = FakeRuntimeApi::start();
    let _f = fake.spawn(|e: Box<RawValue>, _c: &Context| -> Result<Box<RawValue>, Error> { Ok(e) });
    let input = r#"{"b":  [1.50, 2e3, -0, "\u00e9"],   "a": {"x": null}}"#;
    assert_eq!(
        fake.invoke(input),
        Outcome::Response(input.as_bytes().to_vec())
    );
    let (kind, _) = fake.invoke("{not json").error().unwrap();
    assert_eq!(kind, "Runtime.UnmarshalError");
}

#[test]
fn value_event_works() {
    let fake = FakeRuntimeApi::start();
    let _f = fake.spawn(|e: Value, _c: &Context| -> Result<Value, Error> {
        Ok(json!({ "keys": e.as_object().map(|o| o.len()).unwrap_or(0) }))
    });
    assert_eq!(fake.invoke(r#"{"a":1,"b":2}"#).json(), json!({"keys": 2}));
}

#[test]
fn stateful_handler_keeps_state_across_invocations() {
    let fake = FakeRuntimeApi::start();
    let mut count = 0u32;
    let _f = fake.spawn(move |_: Value, _c: &Context| -> Result<u32, Error> {
        count += 1;
        Ok(count)
    });
    for expected in 1..=3 {
        assert_eq!(fake.invoke_with(Invoke::new("{}")).json(), json!(expected));
    }
}

/// An event whose `Deserialize` panics on `"boom"`, as a buggy user impl might.
struct Touchy(String);

impl<'de> Deserialize<'de> for Touchy {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s == "boom" {
            panic!("deserializer blew up");
        }
        Ok(Touchy(s))
    }
}

/// A result whose `Serialize` panics, as a buggy user impl might.
struct Fragile;

impl Serialize for Fragile {
    fn serialize<S: serde::Serializer>(&self, _s: S) -> Result<S::Ok, S::Error> {
        panic!("serializer blew up")
    }
}

#[test]
fn a_panicking_event_deserialize_is_reported_and_the_next_invocation_served() {
    let fake = FakeRuntimeApi::start();
    let _function = fake
        .spawn(|e: Touchy, _ctx: &Context| -> Result<Value, Error> { Ok(json!({ "got": e.0 })) });
    let (kind, message) = fake.invoke(r#""boom""#).error().expect("an error");
    assert_eq!(kind, "Runtime.Panic");
    assert!(
        message.starts_with("decoding the event panicked: deserializer blew up"),
        "{message}"
    );
    assert_eq!(fake.invoke(r#""calm""#).json(), json!({"got": "calm"}));
}

#[test]
fn a_result_whose_serialize_panics_is_reported_and_the_next_invocation_served() {
    let fake = FakeRuntimeApi::start();
    let _function = fake.spawn(
        |e: Value, _ctx: &Context| -> Result<Option<Fragile>, Error> {
            Ok(e.get("fragile").map(|_| Fragile))
        },
    );
    let (kind, message) = fake.invoke(r#"{"fragile":1}"#).error().expect("an error");
    assert_eq!(kind, "Runtime.Panic");
    assert_eq!(message, "encoding the result panicked: serializer blew up");
    assert_eq!(fake.invoke("{}").json(), Value::Null);
}
