//! Any bytes to `AnyEvent::from_slice`: never panics; fails only on invalid JSON; whatever it
//! places serializes to JSON that places again as the same type (detection reads only what the
//! chosen type keeps, so the round trip holds without `catch-all-fields` too).
#![no_main]

use typed_lambda_events::AnyEvent;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    // `Value` as the oracle: `IgnoredAny` would skip strings without checking their UTF-8.
    let is_json = serde_json::from_slice::<serde_json::Value>(data).is_ok();
    match AnyEvent::from_slice(data) {
        Ok(event) => {
            assert!(is_json, "placed something that is not JSON");
            let again = serde_json::to_vec(&event).expect("an AnyEvent serializes");
            let back = AnyEvent::from_slice(&again).expect("its own output is JSON");
            assert_eq!(
                event.type_name(),
                back.type_name(),
                "re-serialized event placed differently: {}",
                String::from_utf8_lossy(&again)
            );
        }
        Err(_) => assert!(!is_json, "refused valid JSON"),
    }
});
