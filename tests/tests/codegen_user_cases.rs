//! The user-schema snapshot cases of the code generator (`codegen/tests/user_cases/*.rs`, made
//! from OpenAPI 3 and draft-04 registry exports, a draft-07 and a 2020-12 schema, and one with
//! every option) compile in a crate that depends on `typed-lambda`, and decode what their
//! schemas describe.

#[path = "../../codegen/tests/user_cases/draft07.rs"]
mod draft07;
#[path = "../../codegen/tests/user_cases/draft2020.rs"]
mod draft2020;
#[path = "../../codegen/tests/user_cases/options.rs"]
mod options;
#[path = "../../codegen/tests/user_cases/registry_draft04.rs"]
mod registry_draft04;
#[path = "../../codegen/tests/user_cases/registry_inline_detail.rs"]
mod registry_inline_detail;
#[path = "../../codegen/tests/user_cases/registry_openapi.rs"]
mod registry_openapi;

/// The existing type `options.rs` uses instead of generating `Money`
/// (`--replace Money=crate::money::Money:Default`).
mod money {
    #[derive(
        Clone, Debug, Default, PartialEq, serde::Deserialize, serde::Serialize, schemars::JsonSchema,
    )]
    pub struct Money {
        pub cents: i64,
    }
}

/// The type `options.rs` maps `format: uuid` to (`--format uuid=crate::ids::Uuid`).
mod ids {
    #[derive(
        Clone, Debug, PartialEq, serde::Deserialize, serde::Serialize, schemars::JsonSchema,
    )]
    #[serde(transparent)]
    pub struct Uuid(pub String);
}

use serde_json::{json, Value};

fn envelope(detail_type: &str, detail: Value) -> Value {
    json!({
        "version": "0",
        "id": "5b6c7d8e-0000-4000-8000-000000000001",
        "detail-type": detail_type,
        "source": "com.example",
        "account": "123456789012",
        "time": "2026-01-02T03:04:05Z",
        "region": "us-east-1",
        "resources": [],
        "detail": detail
    })
}

#[test]
fn openapi_export_awsevent_is_the_envelope_with_a_typed_detail() {
    use registry_openapi::{InvoiceIssuedEvent, InvoiceStatus};
    let input = envelope(
        "InvoiceIssued",
        json!({
            "invoice-id": "INV-7",
            "status": "ISSUED",
            "lines": [{"amount": 10.5, "quantity": 2, "taxRate": null}],
            "dueDate": "2026-02-01T00:00:00Z",
            "note": null,
            "paidAt": null,
            "payer": {"name": "Ana", "address": {"name": "Ana's office"}},
            "metadata": {"po": "42"}
        }),
    );
    let event: InvoiceIssuedEvent = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(event.detail_type, "InvoiceIssued");
    assert_eq!(event.time.to_string(), "2026-01-02T03:04:05Z");
    assert_eq!(event.detail.status, InvoiceStatus::Issued);
    assert_eq!(event.detail.note, None, "nullable: null decodes as None");
    assert_eq!(event.detail.paid_at, None);
    assert_eq!(event.detail.lines[0].tax_rate, None);
    let payer = event.detail.payer.as_ref().unwrap();
    assert_eq!(
        payer.address.as_ref().as_ref().unwrap().name,
        "Ana's office"
    );
    // a closed enum rejects values the schema does not list
    let mut bad = input.clone();
    bad["detail"]["status"] = json!("VOID");
    assert!(serde_json::from_value::<InvoiceIssuedEvent>(bad).is_err());
    // a missing required envelope key is an error
    let mut bad = input;
    bad.as_object_mut().unwrap().remove("source");
    let err = serde_json::from_value::<InvoiceIssuedEvent>(bad).unwrap_err();
    assert!(err.to_string().contains("missing field `source`"), "{err}");
}

#[test]
fn draft04_export_maps_exclusive_minimum_and_nests_the_detail() {
    use registry_draft04::{UserSignedUpEvent, UserSignedUpPlan};
    let input = envelope(
        "UserSignedUp",
        json!({"userId": "u1", "plan": "pro", "age": 30, "referrer": {"code": "X", "extra": 1}}),
    );
    let event: UserSignedUpEvent = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(event.detail.plan, UserSignedUpPlan::Pro);
    assert_eq!(event.detail.age.map(|a| a.get()), Some(30));
    assert_eq!(event.detail.referrer.unwrap().code.as_deref(), Some("X"));
    // draft-04 `minimum: 0, exclusiveMinimum: true`: 0 is out of range
    let mut zero = input;
    zero["detail"]["age"] = json!(0);
    assert!(serde_json::from_value::<UserSignedUpEvent>(zero).is_err());
}

#[test]
fn draft07_root_type_const_recursion_and_unions() {
    use draft07::{StepRetry, TaskMessage, TaskMessageKind};
    let task: TaskMessage = serde_json::from_value(json!({
        "kind": "task",
        "taskId": "0f8fad5b-d9cb-469f-a165-70867728950e",
        "steps": [
            {"name": "fetch", "retry": {"intervalSeconds": 5}},
            {"name": "store", "retry": {"baseSeconds": 1, "factor": 2.0}}
        ],
        "parent": {"kind": "task", "taskId": "p", "steps": []},
        "owner": null
    }))
    .unwrap();
    assert_eq!(task.kind, TaskMessageKind::Task);
    assert!(matches!(
        task.steps[0].retry,
        Some(StepRetry::FixedRetry(_))
    ));
    assert!(matches!(
        task.steps[1].retry,
        Some(StepRetry::ExponentialRetry(_))
    ));
    assert_eq!(task.parent.unwrap().task_id, "p");
    // `const` became a one-value enum, `minLength: 1` a checked newtype
    assert!(serde_json::from_value::<TaskMessage>(
        json!({"kind": "job", "taskId": "t", "steps": []})
    )
    .is_err());
    let err = serde_json::from_value::<TaskMessage>(
        json!({"kind": "task", "taskId": "t", "steps": [{"name": ""}]}),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("shorter than 1 characters"),
        "{err}"
    );
}

#[test]
fn draft2020_cross_file_definition_open_enum_and_rust_names() {
    use draft2020::{Channel, Currency, PaymentCaptured};
    let input = json!({
        "paymentId": "p1",
        "amount": {"value": 1250, "currency": "EUR"},
        "capturedAt": "2026-03-04T05:06:07.5Z",
        "receipt": "aGk=",
        "card": {"last4": "4242", "Last4": "4243"},
        "channel": "kiosk"
    });
    let payment: PaymentCaptured = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(payment.amount.currency, Currency::Eur);
    assert_eq!(payment.channel, Some(Channel::Unknown("kiosk".into())));
    let card = payment.card.as_ref().unwrap();
    assert_eq!(
        (card.last4.as_deref(), card.last4_caps.as_deref()),
        (Some("4242"), Some("4243"))
    );
    assert_eq!(payment.receipt.as_ref().unwrap().decode().unwrap(), b"hi");
    assert_eq!(serde_json::to_value(&payment).unwrap(), input, "round trip");
}

#[test]
fn options_replacement_format_mapping_catch_all_open_enums_and_schemars() {
    use options::{Rail, Transfer, TransferState, TransferTagsItem};
    let input = json!({
        "id": "0f8fad5b-d9cb-469f-a165-70867728950e",
        "amount": {"cents": 1250},
        "state": "reversed",
        "tags": ["urgent", "audited"],
        "at": "2026-03-04T05:06:07Z",
        "memo": {"by": "ops"}
    });
    let transfer: Transfer = serde_json::from_value(input.clone()).unwrap();
    // the replaced definition and the mapped format are the user's own types
    assert_eq!(transfer.amount, money::Money { cents: 1250 });
    assert_eq!(
        transfer.id,
        ids::Uuid("0f8fad5b-d9cb-469f-a165-70867728950e".into())
    );
    // `--crate-path typed_lambda_events`: the timestamp type of the events crate
    let at: &typed_lambda_events::DateTimeText = &transfer.at;
    assert_eq!(at.to_string(), "2026-03-04T05:06:07Z");
    // `--open-enums all`: named and inline enums (and array items) keep unknown values
    assert_eq!(transfer.state, TransferState::Unknown("reversed".into()));
    assert_eq!(
        transfer.tags,
        [
            TransferTagsItem::Urgent,
            TransferTagsItem::Unknown("audited".into())
        ]
    );
    assert_eq!(
        serde_json::from_value::<Rail>(json!("swift")).unwrap(),
        Rail::Swift
    );
    // `--catch-all always`: keys the schema does not model are kept and written back
    assert_eq!(transfer.unknown_fields["memo"], json!({"by": "ops"}));
    assert_eq!(
        serde_json::to_value(&transfer).unwrap(),
        input,
        "round trip"
    );
    // `--schemars always`: the schema of the generated type names its wire keys
    let schema = serde_json::to_value(schemars::schema_for!(Transfer)).unwrap();
    let mut required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    required.sort_unstable();
    assert_eq!(required, ["amount", "at", "id", "state"], "{schema}");
    let rail = serde_json::to_value(schemars::schema_for!(Rail)).unwrap();
    assert_eq!(rail["type"], "string", "{rail}");
}

#[test]
fn awsevent_with_an_inline_detail_gets_a_detail_type_of_its_own() {
    use registry_inline_detail::{ShipmentDispatchedDetailCarrier, ShipmentDispatchedDetailEvent};
    let input = envelope(
        "Shipment Dispatched",
        json!({
            "shipmentId": "s-1",
            "carrier": "dhl",
            "parcels": [{"weightGrams": 900, "fragile": true}, {"weightGrams": 20}],
            "destination": {"country": "PT", "city": "Porto"}
        }),
    );
    let event: ShipmentDispatchedDetailEvent = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(event.detail_type, "Shipment Dispatched");
    assert_eq!(event.detail.carrier, ShipmentDispatchedDetailCarrier::Dhl);
    assert_eq!(event.detail.parcels[0].weight_grams.get(), 900);
    let destination = event.detail.destination.as_ref().unwrap();
    assert_eq!(destination.country.as_str(), "PT");
    assert_eq!(serde_json::to_value(&event).unwrap(), input, "round trip");
    // the inline detail's checks hold: a three-letter country, a parcel of 0 g
    for (pointer, bad) in [
        ("/detail/destination/country", json!("PRT")),
        ("/detail/parcels/1/weightGrams", json!(0)),
    ] {
        let mut wrong = input.clone();
        *wrong.pointer_mut(pointer).unwrap() = bad;
        assert!(
            serde_json::from_value::<ShipmentDispatchedDetailEvent>(wrong).is_err(),
            "{pointer}"
        );
    }
}
