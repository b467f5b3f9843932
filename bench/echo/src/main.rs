//! The echo function on typed-lambda: decodes the event as JSON and returns it.

use typed_lambda::{handle_func, Context, Error};

fn main() {
    handle_func(|event: serde_json::Value, _ctx: &Context| -> Result<_, Error> { Ok(event) })
}
