//! The codegen snapshot cases (`codegen/tests/cases/*.rs`) compile against this crate and behave
//! as their schemas say. Each case is a module here, the way `src/generated/` modules are.

// the cases' public items are dead code in a test binary
#![allow(dead_code)]

// the generated code names the hand-written format types (and serde_with) as `crate::...`
pub use typed_lambda_events::{
    serde_with, Base64Text, DateTimeText, EpochMillisString, EpochSeconds, LooseScalar, ObjectList,
    UnknownFields,
};

#[path = "../../codegen/tests/cases/formats.rs"]
mod formats;
#[path = "../../codegen/tests/cases/maps.rs"]
mod maps;
#[path = "../../codegen/tests/cases/open_enum.rs"]
mod open_enum;
#[path = "../../codegen/tests/cases/open_enum_default.rs"]
mod open_enum_default;
#[path = "../../codegen/tests/cases/optional_required_nullable.rs"]
mod optional_required_nullable;
#[path = "../../codegen/tests/cases/renames.rs"]
mod renames;
#[path = "../../codegen/tests/cases/responses_and_unions.rs"]
mod responses_and_unions;
#[path = "../../codegen/tests/cases/shared_ref.rs"]
mod shared_ref;

use serde_json::{json, Value};

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(input: Value) -> (T, Value) {
    let value: T = serde_json::from_value(input).unwrap();
    let output = serde_json::to_value(&value).unwrap();
    (value, output)
}

#[test]
fn open_enum_variants_and_fallback() {
    use open_enum::{Color, Paint};
    let (paint, out) = round_trip::<Paint>(json!({"color": "2.0", "trim": "purple"}));
    assert_eq!(paint.color, Color::V20);
    assert_eq!(paint.trim, Some(Color::Unknown("purple".into())));
    assert_eq!(out, json!({"color": "2.0", "trim": "purple"}));
    assert_eq!(Color::DarkGreen.as_str(), "dark-green");
    // compared with the wire text, known or not
    assert!(paint.color == "2.0" && paint.color != "2.1");
    assert!(Color::Unknown("purple".into()) == *"purple");
    assert_eq!(
        "ObjectCreated:Put".parse::<Color>().unwrap(),
        Color::ObjectCreatedPut
    );
    assert!(serde_json::from_value::<Paint>(json!({"color": 7})).is_err());
}

#[test]
fn formats_map_to_the_hand_written_types() {
    let input = json!({
        "at": "2024-01-02T03:04:05.500Z", "sent": "1700000000123",
        "approx": 1700000000.25, "blob": "AAEC", "size": 7, "loose": 21,
        "looseMap": {"on": true, "off": null}
    });
    let (stamps, out) = round_trip::<formats::Stamps>(input.clone());
    assert_eq!(
        stamps.at.to_datetime().unwrap().timestamp_millis(),
        1_704_164_645_500
    );
    assert_eq!(stamps.sent.unwrap().millis(), 1_700_000_000_123);
    assert_eq!(stamps.approx.unwrap().seconds(), 1_700_000_000.25);
    assert_eq!(stamps.blob.unwrap().decode().unwrap(), [0, 1, 2]);
    assert_eq!(stamps.loose.unwrap().as_i64(), Some(21));
    assert_eq!(
        stamps.loose_map["on"].as_ref().unwrap().as_bool(),
        Some(true)
    );
    assert_eq!(stamps.loose_map["off"], None);
    assert_eq!(stamps.size, Some(7u32));
    assert_eq!(out, input);
}

#[test]
fn optional_required_and_nullable() {
    use optional_required_nullable::Shape;
    let (shape, out) = round_trip::<Shape>(json!({
        "always": "a", "alwaysButNull": null, "sometimesNull": null, "nested": null, "count": 3
    }));
    assert_eq!(shape.always_but_null, None);
    assert_eq!(shape.sometimes, None);
    assert_eq!(shape.count, Some(3u64));
    // a required nullable field is written back as null; optional `None`s are left out
    assert_eq!(
        out,
        json!({"always": "a", "alwaysButNull": null, "count": 3})
    );
    let err = serde_json::from_value::<Shape>(json!({"always": "a"})).unwrap_err();
    assert!(
        err.to_string().contains("missing field `alwaysButNull`"),
        "{err}"
    );
    let err =
        serde_json::from_value::<Shape>(json!({"always": "a", "alwaysButNull": null, "count": -1}))
            .unwrap_err();
    assert!(
        err.to_string().contains("invalid value: integer `-1`"),
        "{err}"
    );
}

#[test]
fn maps_are_sorted_and_free_form_values_kept() {
    let input = json!({
        "labels": {"b": "2", "a": "1"},
        "nested": {"x": {"n": 1}},
        "free": {"any": [1, {"deep": true}]},
        "anything": 5,
        "list": ["p", "q"],
        "items": [{"n": 1}, {"n": 2}, {"n": 3}],
        "records": [{"n": 4}]
    });
    let (bag, out) = round_trip::<maps::Bag>(input.clone());
    assert_eq!(bag.labels.keys().collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(bag.nested["x"].n, 1);
    assert_eq!(bag.items.iter().map(|i| i.n).collect::<Vec<_>>(), [1, 2, 3]);
    // a list of structs decodes through ObjectList: one record takes room for one
    assert_eq!((bag.records.len(), bag.records.capacity()), (1, 1));
    assert_eq!(out, input);
    let (_, empty) = round_trip::<maps::Bag>(json!({"records": []}));
    assert_eq!(empty, json!({"records": []}));
    // optional means absent or null: null maps and lists decode as empty, written back absent
    let (bag, out) = round_trip::<maps::Bag>(
        json!({"labels": null, "nested": null, "free": null, "list": null, "items": null, "records": []}),
    );
    assert!(bag.labels.is_empty() && bag.nested.is_empty() && bag.free.is_empty());
    assert!(bag.list.is_empty() && bag.items.is_empty());
    assert_eq!(out, json!({"records": []}));
    // a required list of structs stays required, and refuses null with serde's own words
    let err = serde_json::from_value::<maps::Bag>(json!({})).unwrap_err();
    assert_eq!(err.to_string(), "missing field `records`");
    let err = serde_json::from_value::<maps::Bag>(json!({"records": null})).unwrap_err();
    assert_eq!(err.to_string(), "invalid type: null, expected a sequence");
}

#[test]
fn renames_keep_both_spellings_apart() {
    let input = json!({
        "x-amz-request-id": "r", "Records": ["1"], "SigningCertUrl": "lower",
        "SigningCertURL": "caps", "type": "t", "eTag": "e", "SeqID": "id", "seq": "text"
    });
    let (odd, out) = round_trip::<renames::Odd>(input.clone());
    assert_eq!(odd.signing_cert_url.as_deref(), Some("lower"));
    assert_eq!(odd.signing_cert_url_caps.as_deref(), Some("caps"));
    // a Rust name one property gives up (`seq`) is taken by another
    assert_eq!(odd.seq.as_deref(), Some("id"));
    assert_eq!(odd.seq_text.as_deref(), Some("text"));
    assert_eq!(odd.type_.as_deref(), Some("t"));
    assert_eq!(out, input);
}

#[test]
fn a_boxed_property_reads_and_writes_as_the_plain_one() {
    let input = json!({"rareData": {"note": "n"}});
    let (odd, out) = round_trip::<renames::Odd>(input.clone());
    let rare: &renames::Rare = odd.rare_data.as_deref().unwrap();
    assert_eq!(rare.note.as_deref(), Some("n"));
    assert_eq!(out, input);
    let (absent, _) = round_trip::<renames::Odd>(json!({}));
    assert!(absent.rare_data.is_none());
}

#[test]
fn responses_default_and_unions_pick_the_matching_branch() {
    use responses_and_unions::{Code, Either, ThingResponse};
    let response = ThingResponse {
        ids: vec!["a".into()],
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&response).unwrap(),
        json!({"ids": ["a"]})
    );
    assert_eq!(Code::default(), Code::Ok);
    let (by_name, _) = round_trip::<Either>(json!({"name": "n"}));
    assert!(matches!(by_name, Either::Name(_)));
    let (by_arn, _) = round_trip::<Either>(json!({"arn": "a"}));
    assert!(matches!(by_arn, Either::Arn(_)));
}

#[test]
fn shared_definitions_are_bundled_in() {
    let (env, out) =
        round_trip::<shared_ref::Envelope>(json!({"who": {"name": "n", "home": {"city": "c"}}}));
    assert_eq!(env.who.home.unwrap().city.as_deref(), Some("c"));
    assert_eq!(out, json!({"who": {"name": "n", "home": {"city": "c"}}}));
}

#[test]
fn open_enum_with_a_default_lets_its_struct_default() {
    use open_enum_default::{ItemResponse, Outcome};
    assert_eq!(Outcome::default(), Outcome::Ok);
    let item = ItemResponse {
        id: "r1".into(),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&item).unwrap(),
        json!({"id": "r1", "result": "Ok"})
    );
    // still open: an unknown value decodes and goes back unchanged
    let (item, out) = round_trip::<ItemResponse>(json!({"id": "r2", "result": "Later"}));
    assert_eq!(item.result, Outcome::Unknown("Later".into()));
    assert_eq!(out, json!({"id": "r2", "result": "Later"}));
}
