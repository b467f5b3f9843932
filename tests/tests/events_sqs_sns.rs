//! SQS and SNS events beyond the fixture table: the batch response Lambda expects, odd encodings
//! (epoch-millis strings, base64 attributes), FIFO fields, and SNS `Subject: null`.

use serde_json::{json, Value};
use typed_lambda::testing::FakeRuntimeApi;
use typed_lambda::{Context, Error};
use typed_lambda_events::sns::{SnsEvent, SnsMessage};
use typed_lambda_events::sqs::{SqsBatchItemFailure, SqsBatchResponse, SqsEvent};
use typed_lambda_tests::{decode_fixture, fixture, fixture_json};

#[test]
fn batch_response_serializes_as_lambda_expects() {
    let response = SqsBatchResponse {
        batch_item_failures: vec![
            SqsBatchItemFailure {
                item_identifier: "id2".into(),
                ..Default::default()
            },
            SqsBatchItemFailure {
                item_identifier: "id4".into(),
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    let expected: Value = serde_json::from_str(&fixture("sqs-batch-response.json")).unwrap();
    assert_eq!(serde_json::to_value(&response).unwrap(), expected);
    // all succeeded: the list is still sent, empty
    assert_eq!(
        serde_json::to_value(SqsBatchResponse::default()).unwrap(),
        json!({"batchItemFailures": []})
    );
}

#[test]
fn handler_reports_the_failed_message_ids() {
    let fake = FakeRuntimeApi::start();
    let _function = fake.spawn(
        |event: SqsEvent, _ctx: &Context| -> Result<SqsBatchResponse, Error> {
            let batch_item_failures = event
                .records
                .iter()
                .filter(|m| m.body.contains("failed"))
                .map(|m| SqsBatchItemFailure {
                    item_identifier: m.message_id.clone(),
                    ..Default::default()
                })
                .collect();
            Ok(SqsBatchResponse {
                batch_item_failures,
                ..Default::default()
            })
        },
    );
    let output = fake
        .invoke(fixture("sqs-event-traced-dead-letter.json"))
        .json();
    assert_eq!(
        output,
        json!({"batchItemFailures": [{"itemIdentifier": "4b9a6d7e-2c1f-4f0e-9a55-0d2f3c6b8e71"}]})
    );
    let output = fake.invoke(fixture("sqs-event-standard.json")).json();
    assert_eq!(output, json!({"batchItemFailures": []}));
}

#[test]
fn sqs_fifo_fields_and_timestamps_decode() {
    let event: SqsEvent = decode_fixture("sqs-event-fifo.json");
    let attributes = &event.records[0].attributes;
    assert_eq!(attributes.message_group_id.as_deref(), Some("1"));
    assert_eq!(attributes.message_deduplication_id.as_deref(), Some("1"));
    assert_eq!(
        attributes.sequence_number.as_deref(),
        Some("18849496460467696128")
    );
    assert_eq!(attributes.sent_timestamp.millis(), 1_573_251_510_774);
    // written back exactly as received: a string of epoch milliseconds
    assert_eq!(
        serde_json::to_value(attributes.sent_timestamp).unwrap(),
        json!("1573251510774")
    );
}

#[test]
fn sqs_binary_message_attributes_decode_on_access() {
    let event: SqsEvent = decode_fixture("sqs-event.json");
    let attribute = &event.records[0].message_attributes["Attribute3"];
    assert_eq!(attribute.data_type, "Binary");
    let value = attribute.binary_value.as_ref().expect("binary value");
    assert_eq!(value.decode().unwrap(), b"1100");
    assert_eq!(serde_json::to_value(value).unwrap(), json!("MTEwMA=="));
    assert_eq!(attribute.binary_list_values.len(), 3);
    assert_eq!(attribute.string_list_values, ["abc", "123"]);
}

#[test]
fn sqs_bad_base64_is_kept_and_fails_only_when_read() {
    // Powertools' SQS sample has a binaryValue that is not base64: the batch still decodes, the
    // value is written back as it came, and only reading its bytes is an error
    let mut input: Value = serde_json::from_str(&fixture("sqs-event.json")).unwrap();
    input["Records"][0]["messageAttributes"]["Attribute3"]["binaryValue"] = json!("not base64!");
    let event: SqsEvent = serde_json::from_value(input.clone()).unwrap();
    let value = event.records[0].message_attributes["Attribute3"]
        .binary_value
        .as_ref()
        .unwrap();
    assert_eq!(value.as_str(), "not base64!");
    let err = value.decode().unwrap_err();
    assert!(
        err.to_string()
            .starts_with("invalid base64 (11 characters)"),
        "{err}"
    );
    assert_eq!(
        serde_json::to_value(&event).unwrap()["Records"][0]["messageAttributes"]["Attribute3"]
            ["binaryValue"],
        "not base64!"
    );
    // a value of the wrong JSON type is still a decode error naming the path
    input["Records"][0]["messageAttributes"]["Attribute3"]["binaryValue"] = json!(7);
    let text = input.to_string();
    let de = &mut serde_json::Deserializer::from_str(&text);
    let err = serde_path_to_error::deserialize::<_, SqsEvent>(de).unwrap_err();
    assert_eq!(
        err.path().to_string(),
        "Records[0].messageAttributes.Attribute3.binaryValue"
    );
}

#[test]
fn sns_subject_null_decodes_as_none_and_a_subject_as_some() {
    let event: SnsEvent = decode_fixture("sns-event-subject-null.json");
    let sns = &event.records[0].sns;
    assert_eq!(sns.subject, None);
    assert!(sns.message_attributes.is_empty());
    assert_eq!(sns.message, "Hello from SNS!");

    let event: SnsEvent = decode_fixture("sns-event.json");
    let sns = &event.records[0].sns;
    assert_eq!(sns.subject.as_deref(), Some("TestInvoke"));
    assert_eq!(sns.message_attributes["TestBinary"].type_, "Binary");
    assert_eq!(sns.signing_cert_url.as_deref(), Some("EXAMPLE"));
}

#[test]
fn sns_timestamp_keeps_its_text_and_parses_on_access() {
    let event: SnsEvent = decode_fixture("sns-event-pascal-case.json");
    let timestamp = &event.records[0].sns.timestamp;
    assert_eq!(
        timestamp.to_datetime().unwrap().timestamp_millis(),
        1_439_920_952_111
    );
    let text = fixture_json("sns-event-pascal-case.json")["Records"][0]["Sns"]["Timestamp"].clone();
    assert_eq!(
        serde_json::to_value(timestamp).unwrap(),
        text,
        "written back byte for byte"
    );
}

#[test]
fn sns_keeps_both_spellings_of_the_certificate_and_unsubscribe_urls() {
    // Lambda spells them `SigningCertUrl` / `UnsubscribeUrl`
    let event: SnsEvent = decode_fixture("sns-event-pascal-case.json");
    let sns = &event.records[0].sns;
    assert!(sns.signing_cert_url.is_some() && sns.unsubscribe_url.is_some());
    assert_eq!(sns.signing_cert_url_caps, None);
    assert_eq!(sns.unsubscribe_url_caps, None);

    // the JSON body SNS sends to SQS and HTTP spells them `SigningCertURL` / `UnsubscribeURL`
    let input: Value = serde_json::from_str(&fixture("sns-event-url-caps.json")).unwrap();
    let event: SnsEvent = serde_json::from_value(input.clone()).unwrap();
    let sns = &event.records[0].sns;
    assert_eq!(sns.signing_cert_url, None);
    assert_eq!(
        sns.signing_cert_url_caps.as_deref(),
        Some("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-d6d679a1d18e95c2f9ffcf11f4f9e198.pem")
    );
    let back = serde_json::to_value(&event).unwrap();
    let back = &back["Records"][0]["Sns"];
    assert_eq!(
        back["SigningCertURL"],
        input["Records"][0]["Sns"]["SigningCertURL"]
    );
    assert_eq!(
        back["UnsubscribeURL"],
        input["Records"][0]["Sns"]["UnsubscribeURL"]
    );
    assert!(back.get("SigningCertUrl").is_none());
}

#[test]
fn sns_notification_in_an_sqs_body_decodes_as_sns_message() {
    // SNS -> SQS without raw message delivery: the body is the notification as JSON, with the
    // `SigningCertURL` / `UnsubscribeURL` spelling
    let event: SqsEvent = decode_fixture("sqs-event-sns-notification-body.json");
    let notification: SnsMessage = serde_json::from_str(&event.records[0].body).unwrap();
    assert_eq!(notification.message, "Hello world!");
    assert_eq!(notification.subject.as_deref(), Some("My First Message"));
    assert_eq!(notification.signing_cert_url, None);
    assert!(notification
        .signing_cert_url_caps
        .as_deref()
        .is_some_and(|url| url.ends_with(".pem")));
    assert!(notification.unsubscribe_url_caps.is_some());
    assert_eq!(notification.message_attributes["priority"].value, "1");
    // and back, keeping the SQS-body spelling
    let back: Value = serde_json::to_value(&notification).unwrap();
    let original: Value = serde_json::from_str(&event.records[0].body).unwrap();
    assert_eq!(back, original);
}

/// Every list of structs in a generated model decodes through `ObjectList`, also when the
/// struct comes from a shared module (IoT's `policyDocuments` of the shared IAM
/// `IamPolicyDocument`): a one-record event takes room for one record, where serde's `Vec`
/// impl would reserve four.
#[test]
fn lists_of_records_take_room_for_what_arrives() {
    use typed_lambda_events::iot::IotCustomAuthorizerResponse;
    use typed_lambda_events::s3::S3Event;

    let s3: S3Event = serde_json::from_str(&fixture("corpus/sam/s3__put.json")).unwrap();
    let sns: SnsEvent =
        serde_json::from_str(&fixture("corpus/sam/sns__notification.json")).unwrap();
    let sqs: SqsEvent =
        serde_json::from_str(&fixture("corpus/sam/sqs__receive-message.json")).unwrap();
    let iot: IotCustomAuthorizerResponse =
        serde_json::from_str(&fixture("iot-custom-auth-response.json")).unwrap();
    let lists = [
        ("s3", s3.records.len(), s3.records.capacity()),
        ("sns", sns.records.len(), sns.records.capacity()),
        ("sqs", sqs.records.len(), sqs.records.capacity()),
        (
            "iot",
            iot.policy_documents.len(),
            iot.policy_documents.capacity(),
        ),
    ];
    for (name, len, capacity) in lists {
        assert_eq!(len, 1, "{name}: the sample carries one record");
        assert_eq!(capacity, 1, "{name}: room for the one record, not four");
    }
}
