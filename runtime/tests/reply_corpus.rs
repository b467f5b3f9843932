//! The committed inputs of the `runtime_api_reply` fuzz target (its seeds,
//! `fuzz/seeds/runtime_api_reply/`, and regressions, `fuzz/regressions/runtime_api_reply-*`),
//! replayed through the reply parser with the target's own checks, so that they hold on every
//! test run and not only where cargo-fuzz is installed: with small limits taken from the first
//! five bytes, a reply read whole and read in pieces of 1 to 8 bytes gives the same result, and
//! no accepted body is over the body limit; read whole with the runtime's limits, nothing
//! panics.

use std::path::Path;

use typed_lambda::{parse_reply_for_fuzzing, parse_reply_segmented_for_fuzzing, ReplyLimits};

/// What the fuzz target checks for one input (`fuzz/fuzz_targets/runtime_api_reply.rs`).
fn check(data: &[u8]) {
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
        assert!(
            body.len() <= limits.body,
            "{} > {}",
            body.len(),
            limits.body
        );
    }
}

#[test]
fn committed_replies_read_the_same_in_any_pieces_and_within_the_limits() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz");
    let seeds = fuzz.join("seeds/runtime_api_reply");
    let mut inputs: Vec<_> = std::fs::read_dir(&seeds)
        .unwrap_or_else(|e| panic!("{}: {e}", seeds.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    for entry in std::fs::read_dir(fuzz.join("regressions")).unwrap() {
        let path = entry.unwrap().path();
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("runtime_api_reply-"))
        {
            inputs.push(path);
        }
    }
    let mut checked = 0;
    let mut accepted = 0;
    for path in &inputs {
        let data = std::fs::read(path).unwrap();
        let result = std::panic::catch_unwind(|| check(&data));
        assert!(result.is_ok(), "{}", path.display());
        checked += 1;
        accepted += usize::from(parse_reply_for_fuzzing(&data).is_ok());
    }
    assert!(
        checked >= 20,
        "only {checked} inputs in {}",
        seeds.display()
    );
    // The inputs reach both sides: replies accepted and refused.
    assert!(
        accepted > 0 && accepted < checked,
        "{accepted} of {checked} accepted"
    );
}

#[test]
fn limits_at_their_edges_accept_and_refuse_alike_in_any_pieces() {
    let reply: &[u8] = b"HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: r\r\n\
        Transfer-Encoding: chunked\r\n\r\n4;a=b\r\nwxyz\r\n0\r\nT: 1\r\n\r\n";
    let head = reply.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    let fits = ReplyLimits {
        head,
        body: 4,
        chunk_line: 7,
        trailers: 8,
    };
    for read_size in [1, 2, 3, 7, usize::MAX] {
        let (status, body, ctx) = parse_reply_segmented_for_fuzzing(reply, fits, read_size)
            .unwrap_or_else(|e| panic!("{read_size}: {e}"));
        assert_eq!(
            (status, &body[..], ctx.request_id()),
            (200, &b"wxyz"[..], "r")
        );
        // One byte less of any limit refuses the reply, naming what was over.
        for (less, what) in [
            (
                ReplyLimits {
                    head: head - 1,
                    ..fits
                },
                "head",
            ),
            (ReplyLimits { body: 3, ..fits }, "body"),
            (
                ReplyLimits {
                    chunk_line: 6,
                    ..fits
                },
                "chunk-size line",
            ),
            (
                ReplyLimits {
                    trailers: 7,
                    ..fits
                },
                "trailers",
            ),
        ] {
            let e = parse_reply_segmented_for_fuzzing(reply, less, read_size).unwrap_err();
            assert!(e.contains(what) && e.contains("limit"), "{read_size}: {e}");
        }
    }
}
