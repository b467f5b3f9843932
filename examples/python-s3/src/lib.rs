//! The S3 example on Lambda's Python runtime: the same `summarize` handler as the native
//! `runtime/examples/s3.rs`, exposed as the Python module `handler` with `handle(event, context)`.

#[path = "../../../runtime/examples/shared/s3_summary.rs"]
mod s3_summary;

typed_lambda::python_module!(handler, s3_summary::summarize);
