//! Any bytes as a Runtime API reply: parsing (head, Content-Length, chunks, trailers) and the
//! invocation headers → Context (deadline arithmetic included) must never panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = typed_lambda::parse_reply_for_fuzzing(data);
});
