//! Summarises an S3 event notification (typed: `typed_lambda::events::s3::S3Event`).
//!
//! Run locally: `cargo run -p typed-lambda --example s3 -- runtime/examples/events/s3-put.json`
//!
//! The handler lives in `shared/s3_summary.rs` so that `examples/python-s3` runs the very same
//! function on Lambda's Python runtime.

#[path = "shared/s3_summary.rs"]
mod s3_summary;

fn main() {
    typed_lambda::handle_func(s3_summary::summarize)
}
