//! The classic greeting, typed: `{"FirstName":"Jane","LastName":"Doe"}` →
//! `{"message":"Hello, Jane Doe!"}`.
//!
//! Run locally: `cargo run -p typed-lambda --example hello -- runtime/examples/events/hello.json`

use serde::{Deserialize, Serialize};
use typed_lambda::{handle_func, Context, Error};

/// The event: a person's name, with the field names of the original Go example.
#[derive(Debug, Deserialize)]
struct Person {
    #[serde(rename = "FirstName")]
    first_name: String,
    #[serde(rename = "LastName")]
    last_name: String,
}

/// The response.
#[derive(Debug, Serialize)]
struct Greeting {
    message: String,
}

fn hello(person: Person, ctx: &Context) -> Result<Greeting, Error> {
    tracing::info!(first_name = %person.first_name, "greeting in {}", ctx.function_name());
    Ok(Greeting {
        message: format!("Hello, {} {}!", person.first_name, person.last_name),
    })
}

fn main() {
    handle_func(hello)
}
