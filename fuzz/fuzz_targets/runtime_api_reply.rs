//! Any bytes as a Runtime API reply: parsing (head, Content-Length, chunks, trailers) and the
//! invocation headers → Context (deadline arithmetic included) must never panic, and the limits
//! must hold.
//!
//! The first five bytes choose small limits (so that inputs of a few hundred bytes reach every
//! one of them) and a read size: the same reply read whole and in pieces of 1 to 8 bytes must
//! give the same result (segmentation never changes what is accepted), and an accepted body is
//! never over the body limit. The rest is also read with the runtime's own limits.
#![no_main]

use typed_lambda::{parse_reply_for_fuzzing, parse_reply_segmented_for_fuzzing, ReplyLimits};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = parse_reply_for_fuzzing(data);
    let Some((&[head, body, chunk_line, trailers, read_size], reply)) = data.split_first_chunk()
    else {
        return;
    };
    let limits = ReplyLimits {
        head: 16 + usize::from(head) * 4,
        body: usize::from(body) * 4,
        chunk_line: 1 + usize::from(chunk_line) / 8,
        trailers: 2 + usize::from(trailers) * 2,
    };
    let outcome = |read_size: usize| {
        parse_reply_segmented_for_fuzzing(reply, limits, read_size)
            .map(|(status, body, ctx)| (status, body, ctx.request_id().to_owned()))
    };
    let whole = outcome(usize::MAX);
    let pieces = outcome(1 + usize::from(read_size % 8));
    assert_eq!(whole, pieces, "read in pieces of {}", 1 + read_size % 8);
    if let Ok((_, body, _)) = &whole {
        assert!(body.len() <= limits.body, "{} > {}", body.len(), limits.body);
    }
});
