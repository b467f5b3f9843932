//! The function behind the bad-input matrix when it runs through cargo-lambda's emulator
//! (`tests/tests/cargo_lambda.rs`): the same handlers the fake-API run spawns in-process
//! (`tests/tests/support/bad_input_cases.rs`, included here), picked by `BAD_INPUT_HANDLER`:
//! `s3` (default), `sqs`, `value`, `kinesis`, `firehose`, `dynamodb` or `cloudwatch_logs`.
//!
//! Locally: `cargo run -p typed-lambda-tests --example bad_input -- event.json`.

#[path = "../tests/support/bad_input_cases.rs"]
#[allow(dead_code)] // the case tables are for the tests; the binary needs only the handlers
mod bad_input_cases;

fn main() {
    let handler = std::env::var("BAD_INPUT_HANDLER").unwrap_or_else(|_| "s3".to_owned());
    match handler.as_str() {
        "s3" => typed_lambda::handle_func(bad_input_cases::s3_summary),
        "sqs" => typed_lambda::handle_func(bad_input_cases::sqs_summary),
        "value" => typed_lambda::handle_func(bad_input_cases::value_size),
        "kinesis" => typed_lambda::handle_func(bad_input_cases::kinesis_summary),
        "firehose" => typed_lambda::handle_func(bad_input_cases::firehose_summary),
        "dynamodb" => typed_lambda::handle_func(bad_input_cases::dynamodb_summary),
        "cloudwatch_logs" => typed_lambda::handle_func(bad_input_cases::logs_summary),
        other => {
            eprintln!(
                "BAD_INPUT_HANDLER={other}: no such handler (one of {:?})",
                bad_input_cases::handler_names()
            );
            std::process::exit(2);
        }
    }
}
