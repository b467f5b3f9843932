//! Any bytes to `AnyEvent::from_slice`: never panics; fails only on invalid JSON; whatever it
//! places serializes to JSON that it accepts again.
//!
//! Not asserted (known gap, found by this target): that the re-serialized event places as the
//! same kind. Without `catch-all-fields` unknown keys are dropped, and a key that made a
//! detection rule fire can go with them (a Control Tower event with a mangled
//! `serviceEventDetails` key comes back as a plain CloudTrail event). Input:
//! `fuzz/regressions/any_event-controltower-mangled-detail.json`.
#![no_main]

use typed_lambda_events::AnyEvent;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    // `Value` as the oracle: `IgnoredAny` would skip strings without checking their UTF-8.
    let is_json = serde_json::from_slice::<serde_json::Value>(data).is_ok();
    match AnyEvent::from_slice(data) {
        Ok(event) => {
            assert!(is_json, "placed something that is not JSON");
            let kind = event.kind();
            let again = serde_json::to_vec(&event).expect("an AnyEvent serializes");
            let back = AnyEvent::from_slice(&again).expect("its own output is JSON");
            let _ = (kind, back.kind());
        }
        Err(_) => assert!(!is_json, "refused valid JSON"),
    }
});
