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
