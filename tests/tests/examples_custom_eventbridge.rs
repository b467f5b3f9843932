//! `runtime/examples/custom_eventbridge.rs`: models generated from an EventBridge Schema
//! Registry export (OpenAPI 3 and draft-04) decode the bundled events, run locally.

use std::process::Command;

use serde_json::{json, Value};
use typed_lambda_tests::{example_bin, repo_root};

fn run_local(event: &str) -> (Option<i32>, Value, String) {
    let path = repo_root().join("runtime/examples/events").join(event);
    let out = Command::new(example_bin("custom_eventbridge"))
        .arg(&path)
        .env_remove("AWS_LAMBDA_RUNTIME_API")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json = serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{stdout}\nstderr:\n{stderr}"));
    (out.status.code(), json, stderr)
}

#[test]
fn order_placed_from_the_openapi_export_keeps_a_new_channel() {
    let (code, output, stderr) = run_local("custom_eventbridge-order-placed.json");
    assert_eq!(code, Some(0), "{output} {stderr}");
    assert_eq!(
        output,
        json!({
            "kind": "order",
            "orderId": "ORD-10492",
            "customerId": "C-881",
            "items": 3,
            "total": "31.90 EUR",
            "channel": "kiosk",
            "newChannel": true,
            "delayMs": 588
        })
    );
    assert!(stderr.contains("order placed"), "{stderr}");
}

#[test]
fn shipment_dispatched_from_the_draft04_export() {
    let (code, output, stderr) = run_local("custom_eventbridge-shipment-dispatched.json");
    assert_eq!(code, Some(0), "{output} {stderr}");
    assert_eq!(
        output,
        json!({
            "kind": "shipment",
            "shipmentId": "SHP-5521",
            "orderId": "ORD-10492",
            "carrier": "DHL",
            "trackingNumbers": ["JJD000390007"]
        })
    );
}
