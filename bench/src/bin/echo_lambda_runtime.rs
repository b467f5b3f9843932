//! The echo function on `lambda_runtime` 1.5, written the way its README does.

use lambda_runtime::{run, service_fn, Error, LambdaEvent};

async fn echo(event: LambdaEvent<serde_json::Value>) -> Result<serde_json::Value, Error> {
    Ok(event.payload)
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    run(service_fn(echo)).await
}
