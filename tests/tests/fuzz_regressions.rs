//! Inputs the fuzzers (`fuzz/`) turned up, kept as regression tests.

mod support;

use typed_lambda_events::AnyEvent;

/// Found by `any_event`: a Config-like event with invalid UTF-8 bytes inside a string. serde's
/// `IgnoredAny` skips such strings without checking them, so the fuzz target's own oracle called
/// it JSON; `AnyEvent` (and the runtime's decode step) rightly refuse it.
#[test]
fn invalid_utf8_inside_a_string_is_not_json() {
    let path = support::repo_root().join("fuzz/regressions/any_event-invalid-utf8-in-string.json");
    let bytes = std::fs::read(&path).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err());
    assert!(AnyEvent::from_slice(&bytes).is_err());
    let error = typed_lambda::decode_event::<serde_json::Value>(&bytes).unwrap_err();
    assert_eq!(error.error_type(), "Runtime.UnmarshalError");
    // Even where the bytes sit in a field the type ignores, the event is refused.
    #[derive(serde::Deserialize)]
    struct Nothing {}
    assert!(typed_lambda::decode_event::<Nothing>(&bytes).is_err());
}

/// Found by `any_event`: a Control Tower event whose `serviceEventDetails` key is mangled used to
/// be placed as Control Tower (any `...Status` key counted), but its re-serialized form (the
/// unknown key dropped) placed as plain CloudTrail. Detection now asks for a status key the model
/// keeps, so the event is CloudTrail (which keeps `serviceEventDetails` whole) both times.
#[test]
fn mangled_control_tower_detail_places_the_same_after_reserialization() {
    let path =
        support::repo_root().join("fuzz/regressions/any_event-controltower-mangled-detail.json");
    let bytes = std::fs::read(&path).unwrap();
    let event = AnyEvent::from_slice(&bytes).unwrap();
    assert_eq!(event.type_name(), "CloudTrailEvent");
    let again = serde_json::to_vec(&event).unwrap();
    assert!(
        String::from_utf8_lossy(&again).contains("registuserIdnizationalUnitStatus"),
        "the unknown operation is kept"
    );
    let back = AnyEvent::from_slice(&again).unwrap();
    assert_eq!(back.type_name(), event.type_name());
    assert_eq!(back, event);
}

/// The `any_event` target's round-trip contract over its whole kept corpus (what the fuzzer
/// found interesting so far), in the normal test run: every input `AnyEvent` accepts places as
/// the same type after serialization.
#[test]
fn any_event_corpus_places_the_same_after_reserialization() {
    let dir = support::repo_root().join("fuzz/corpus/any_event");
    let mut checked = 0;
    let mut differ = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let Ok(event) = AnyEvent::from_slice(&bytes) else {
            continue;
        };
        checked += 1;
        let again = serde_json::to_vec(&event).unwrap();
        let back = AnyEvent::from_slice(&again).unwrap();
        if back.type_name() != event.type_name() {
            differ.push(format!(
                "{}: {} then {}",
                path.display(),
                event.type_name(),
                back.type_name()
            ));
        }
    }
    assert!(
        checked > 100,
        "only {checked} JSON inputs in {}",
        dir.display()
    );
    assert!(
        differ.is_empty(),
        "{} of {checked} placed differently after re-serialization:\n{}",
        differ.len(),
        differ.join("\n")
    );
}
