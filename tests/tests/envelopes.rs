//! Envelopes (`typed_lambda_events::Envelope`): typed payloads inside SQS, SNS and EventBridge
//! events, nested envelopes (S3 in SNS in SQS, EventBridge in SQS), and the errors for payloads
//! that do not decode (record index, location in the event, path inside the payload).

use serde::Deserialize;
use serde_json::{json, Value};
use typed_lambda_events::envelope::{PayloadErrorKind, RawPayload};
use typed_lambda_events::eventbridge::EventBridgeEvent;
use typed_lambda_events::s3::{S3Event, S3EventName};
use typed_lambda_events::sns::{SnsEvent, SnsMessage};
use typed_lambda_events::sqs::{SqsEvent, SqsMessage};
use typed_lambda_events::{Envelope, PayloadError};
use typed_lambda_tests::{decode_fixture, fixture};

/// The application payload of the order fixtures.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct Order {
    order_id: String,
    items: Vec<OrderItem>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct OrderItem {
    sku: String,
    quantity: u32,
}

#[test]
fn sqs_bodies_decode_per_record_and_errors_name_record_location_and_path() {
    let event: SqsEvent = decode_fixture("envelope-sqs-orders.json");
    let results: Vec<Result<Order, PayloadError>> = event.payloads::<Order>().collect();
    assert_eq!(results.len(), 5);

    let first = results[0].as_ref().unwrap();
    assert_eq!(first.order_id, "o-1001");
    assert_eq!(
        first.items,
        [OrderItem {
            sku: "A-1".into(),
            quantity: 2
        }]
    );

    // record 1: valid JSON, a string where a number belongs
    let e = results[1].as_ref().unwrap_err();
    assert_eq!(e.kind(), PayloadErrorKind::Data);
    assert_eq!(e.index(), 1);
    assert_eq!(e.location(), "Records[1].body");
    assert_eq!(e.target(), "Order");
    assert_eq!(e.path(), "items[0].quantity");
    assert_eq!(e.position(), Some((1, 58)));
    assert_eq!(
        e.to_string(),
        "decode Records[1].body as Order: invalid type: string \"two\", expected u32 \
         at items[0].quantity (line 1, column 58)"
    );
    let source = std::error::Error::source(e).expect("the serde_json error is the source");
    assert!(source.is::<serde_json::Error>());

    // record 2: not JSON at all
    let e = results[2].as_ref().unwrap_err();
    assert_eq!(e.kind(), PayloadErrorKind::Syntax);
    assert_eq!((e.index(), e.location()), (2, "Records[2].body"));
    assert_eq!(e.path(), "");
    assert_eq!(
        e.to_string(),
        "decode Records[2].body as Order: expected value (line 1, column 1)"
    );

    // the records after the broken ones still decode
    assert_eq!(results[3].as_ref().unwrap().order_id, "o-1004");
    assert_eq!(results[4].as_ref().unwrap().items.len(), 2);
}

#[test]
fn payloads_know_their_length_and_run_backwards() {
    let event: SqsEvent = decode_fixture("envelope-sqs-orders.json");
    let payloads = event.payloads::<Value>();
    assert_eq!(payloads.len(), 5);
    // bodies that are JSON decode as any JSON; the plain-text one does not
    let ok: Vec<bool> = payloads.rev().map(|r| r.is_ok()).collect();
    assert_eq!(ok, [true, true, false, true, true]);
    let mut payloads = event.payloads::<Order>();
    assert_eq!(payloads.next_back().unwrap().unwrap().order_id, "o-1005");
    assert_eq!(payloads.len(), 4);
}

#[test]
fn raw_payloads_are_the_bodies_untouched() {
    let event: SqsEvent = decode_fixture("envelope-sqs-orders.json");
    for (index, record) in event.records.iter().enumerate() {
        match event.raw_payload(index).unwrap() {
            RawPayload::Text(text) => assert_eq!(text, record.body),
            other => panic!("SQS body as {other:?}"),
        }
    }
}

#[test]
fn s3_in_sns_in_sqs_decodes_in_two_calls() {
    let event: SqsEvent = decode_fixture("envelope-sqs-sns-s3.json");
    let messages: Vec<SnsMessage> = event
        .payloads::<SnsMessage>()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(messages.len(), 2);
    // the SQS-body spelling of the SNS keys
    assert_eq!(
        messages[0].signing_cert_url_caps.as_deref(),
        Some("https://sns.us-east-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem")
    );
    assert_eq!(messages[0].signing_cert_url, None);

    let s3: S3Event = messages[0].payload().unwrap();
    let record = &s3.records[0];
    assert_eq!(record.event_name, S3EventName::ObjectCreatedPut);
    assert_eq!(record.s3.bucket.name, "photo-uploads");
    assert_eq!(record.s3.object.key, "2024/05/cat+picture.jpg");
    assert_eq!(record.s3.object.size, Some(48213));

    // S3's test message on the same topic is not an S3Event: a clear error, not a panic
    let e = messages[1].payload::<S3Event>().unwrap_err();
    assert_eq!(e.kind(), PayloadErrorKind::Data);
    assert_eq!((e.index(), e.location()), (0, "Message"));
    assert!(
        e.to_string()
            .starts_with("decode Message as S3Event: missing field `Records`"),
        "{e}"
    );
    // ... and it is still readable as JSON
    let test_event: Value = messages[1].payload().unwrap();
    assert_eq!(test_event["Event"], "s3:TestEvent");
}

#[test]
fn sns_message_is_the_same_type_in_both_key_spellings() {
    // the Lambda-event spelling, taken from an SNS event record
    let sns: SnsEvent = decode_fixture("sns-event-pascal-case.json");
    let lambda_form = serde_json::to_string(&sns.records[0].sns).unwrap();
    assert!(lambda_form.contains("\"SigningCertUrl\""), "{lambda_form}");
    let from_lambda: SnsMessage = serde_json::from_str(&lambda_form).unwrap();
    assert!(from_lambda.signing_cert_url.is_some());
    assert!(from_lambda.unsubscribe_url.is_some());

    // the queue spelling, as an SQS body
    let sqs: SqsEvent = decode_fixture("sqs-event-sns-notification-body.json");
    let from_queue: SnsMessage = sqs.records[0].payload().unwrap();
    assert!(from_queue.signing_cert_url_caps.is_some());
    assert!(from_queue.unsubscribe_url_caps.is_some());
    assert_eq!(from_queue.message, "Hello world!");
    assert_eq!(from_queue.subject.as_deref(), Some("My First Message"));
}

#[test]
fn sns_event_message_decodes_as_json() {
    let event: SnsEvent = decode_fixture("sns-event-json-message.json");
    let message: Value = event.payload().unwrap();
    let raw: Value = serde_json::from_str(&event.records[0].sns.message).unwrap();
    assert_eq!(message, raw);
    assert!(message.is_object());
    // the record alone is an envelope too
    let from_record: Value = event.records[0].payload().unwrap();
    assert_eq!(from_record, raw);
    // a plain-text message is not JSON: the error says where
    let event: SnsEvent = decode_fixture("sns-event.json");
    let e = event.payload::<Value>().unwrap_err();
    assert_eq!(e.location(), "Records[0].Sns.Message");
    assert_eq!(e.kind(), PayloadErrorKind::Syntax);
}

#[test]
fn eventbridge_detail_decodes_from_an_object_or_a_string() {
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct OrderPlaced {
        order_id: String,
        items: Vec<OrderItem>,
        gift: bool,
    }
    let event: EventBridgeEvent = decode_fixture("eventbridge-event-custom.json");
    let detail: OrderPlaced = event.payload().unwrap();
    assert_eq!(detail.order_id, "o-1001");
    assert_eq!(detail.items[0].quantity, 2);
    assert!(!detail.gift);
    assert!(matches!(event.raw_payload(0).unwrap(), RawPayload::Json(_)));

    // the same detail sent as a string holding the JSON
    let mut as_string = event.clone();
    as_string.detail = Value::String(serde_json::to_string(&event.detail).unwrap());
    let detail: OrderPlaced = as_string.payload().unwrap();
    assert_eq!(detail.order_id, "o-1001");
    assert!(matches!(
        as_string.raw_payload(0).unwrap(),
        RawPayload::Text(_)
    ));

    // wrong shape inside an object: the path, and no line/column (it was never text)
    let mut broken = event.clone();
    broken.detail["items"][0]["quantity"] = json!(-1);
    let e = broken.payload::<OrderPlaced>().unwrap_err();
    assert_eq!(e.kind(), PayloadErrorKind::Data);
    assert_eq!(e.path(), "items[0].quantity");
    assert_eq!(e.position(), None);
    assert_eq!(
        e.to_string(),
        "decode detail as OrderPlaced: invalid value: integer `-1`, expected u32 at items[0].quantity"
    );
}

#[test]
fn eventbridge_event_in_sqs_decodes_in_two_calls() {
    let event: SqsEvent = decode_fixture("envelope-sqs-eventbridge.json");
    let events: Vec<EventBridgeEvent> = event
        .payloads::<EventBridgeEvent>()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(events[0].detail_type, "Order Placed");
    assert_eq!(events[0].source, "com.example.orders");
    let order: Order = events[0].payload().unwrap();
    assert_eq!(order.order_id, "o-3001");
}

#[test]
fn payload_needs_exactly_one_record() {
    let event: SqsEvent = decode_fixture("envelope-sqs-orders.json");
    let e = event.payload::<Order>().unwrap_err();
    assert_eq!(e.kind(), PayloadErrorKind::Count);
    assert_eq!(
        e.to_string(),
        "decode Records as Order: expected exactly one payload, found 5 (use payloads() for batches)"
    );
    let empty = SqsEvent::default();
    assert_eq!(empty.payloads::<Order>().len(), 0);
    let e = empty.payload::<Order>().unwrap_err();
    assert_eq!(e.kind(), PayloadErrorKind::Count);
    assert!(e.to_string().contains("found 0"), "{e}");

    // a single record of the batch: its body
    let one: Order = event.records[4].payload().unwrap();
    assert_eq!(one.order_id, "o-1005");
    let e = event.records[1].payload::<Order>().unwrap_err();
    assert_eq!((e.index(), e.location()), (0, "body"));
}

#[test]
fn malformed_payloads_are_told_apart() {
    let with_body = |body: &str| SqsMessage {
        body: body.into(),
        ..Default::default()
    };
    let eof = with_body(r#"{"orderId": "o-1", "items": ["#)
        .payload::<Order>()
        .unwrap_err();
    assert_eq!(eof.kind(), PayloadErrorKind::Eof);
    let trailing = with_body(r#"{"orderId": "o-1", "items": []} {}"#)
        .payload::<Order>()
        .unwrap_err();
    assert_eq!(trailing.kind(), PayloadErrorKind::Syntax);
    assert_eq!(trailing.path(), "");
    assert!(
        trailing.to_string().contains("trailing characters"),
        "{trailing}"
    );
    let missing = with_body(r#"{"items": []}"#)
        .payload::<Order>()
        .unwrap_err();
    assert_eq!(missing.kind(), PayloadErrorKind::Data);
    assert_eq!(missing.message(), "missing field `orderId`");
    let empty = with_body("").payload::<Order>().unwrap_err();
    assert_eq!(empty.kind(), PayloadErrorKind::Eof);
    // generic targets keep their shape, without module paths
    let e = with_body("{}").payload::<Vec<Order>>().unwrap_err();
    assert_eq!(e.target(), "Vec<Order>");
}

#[test]
fn sns_in_sqs_s3_example_logs_the_uploads_and_skips_the_s3_test_message() {
    let event = typed_lambda_tests::repo_root().join("runtime/examples/events/sns_in_sqs_s3.json");
    let run = typed_lambda_tests::run_locally("sns_in_sqs_s3", &[&event], b"");
    assert_eq!(run.code, Some(0), "stderr:\n{}", run.stderr);
    assert_eq!(run.json(), json!({"batchItemFailures": []}));
    assert!(
        run.stderr.contains("key=2024/05/cat.jpg size=48213"),
        "{}",
        run.stderr
    );
    // the key as S3 sent it is `dog+in+snow.png`
    assert!(
        run.stderr.contains("key=2024/05/dog in snow.png"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("S3 test message skipped"),
        "{}",
        run.stderr
    );
}

#[test]
fn eventbridge_detail_example_totals_the_order_or_names_the_bad_field() {
    let events = typed_lambda_tests::repo_root().join("runtime/examples/events");
    let run = typed_lambda_tests::run_locally(
        "eventbridge_detail",
        &[&events.join("eventbridge_detail.json")],
        b"",
    );
    assert_eq!(run.code, Some(0), "stderr:\n{}", run.stderr);
    assert_eq!(
        run.json(),
        json!({"eventId": "6a7e8feb-b491-4cf7-a9f1-bf3703467718", "orderId": "o-1001",
               "customerId": "c-42", "total": 12.25})
    );
    let run = typed_lambda_tests::run_locally(
        "eventbridge_detail",
        &[&events.join("eventbridge_detail-invalid.json")],
        b"",
    );
    assert_eq!(run.code, Some(1), "stderr:\n{}", run.stderr);
    assert_eq!(
        run.json(),
        json!({"errorType": "InvalidDetail",
               "errorMessage": "decode detail as OrderPlaced: invalid type: string \"one\", expected u32 at items[1].quantity"})
    );
}

#[test]
fn kinesis_data_decodes_after_base64_and_errors_name_the_record() {
    use typed_lambda_events::kinesis::KinesisEvent;
    let event: KinesisEvent = decode_fixture("envelope-kinesis-orders.json");
    let orders: Vec<Order> = event.payloads::<Order>().collect::<Result<_, _>>().unwrap();
    let ids: Vec<&str> = orders.iter().map(|o| o.order_id.as_str()).collect();
    assert_eq!(ids, ["o-5001", "o-5002", "o-5003"]);
    assert!(matches!(
        event.raw_payload(0).unwrap(),
        RawPayload::Bytes(_)
    ));

    // text that is not JSON (the AWS sample records say "Hello World")
    let hello: KinesisEvent = decode_fixture("kinesis-event.json");
    let e = hello.payloads::<Order>().nth(1).unwrap().unwrap_err();
    assert_eq!(e.kind(), PayloadErrorKind::Syntax);
    assert_eq!((e.index(), e.location()), (1, "Records[1].kinesis.data"));
    // the raw bytes stay available
    assert_eq!(
        hello.raw_payload(1).unwrap().to_bytes().as_ref(),
        b"Hello World"
    );
    assert_eq!(
        hello.records[1].kinesis.data.decode().unwrap(),
        b"Hello World"
    );
}

#[test]
fn dynamodb_change_in_kinesis_decodes_to_typed_images() {
    use typed_lambda_events::dynamodb::{DynamoDbEventRecord, DynamoDbOperationType};
    use typed_lambda_events::kinesis::KinesisEvent;
    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct OrderRow {
        order_id: String,
        status: String,
        /// exact digits: `N` into a String keeps "42.50"
        total: String,
    }
    let event: KinesisEvent = decode_fixture("kinesis-event-dynamodb-change.json");
    let change: DynamoDbEventRecord = event.payload().unwrap();
    assert_eq!(change.event_name, DynamoDbOperationType::Modify);
    let new: OrderRow = change.new_image().unwrap();
    let old: OrderRow = change.old_image().unwrap();
    assert_eq!(
        (new.status.as_str(), old.status.as_str()),
        ("SHIPPED", "PAID")
    );
    assert_eq!(new.total, "42.50");
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Key {
        order_id: String,
    }
    assert_eq!(change.keys::<Key>().unwrap().order_id, "o-1001");
    // into a float field the same N is parsed
    #[derive(Debug, Deserialize)]
    struct Total {
        total: f64,
    }
    assert_eq!(change.new_image::<Total>().unwrap().total, 42.5);
}

#[test]
fn dynamodb_stream_images_decode_and_missing_images_say_why() {
    use typed_lambda_events::dynamodb::DynamoDbEvent;
    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    struct Item {
        id: u64,
        message: String,
    }
    let event: DynamoDbEvent = decode_fixture("dynamodb-event-insert-modify.json");
    let items: Vec<Item> = event.payloads::<Item>().collect::<Result<_, _>>().unwrap();
    assert_eq!(
        items,
        [
            Item {
                id: 101,
                message: "New item!".into()
            },
            Item {
                id: 101,
                message: "This item has changed".into()
            }
        ]
    );
    let old: Item = event.records[1].old_image().unwrap();
    assert_eq!(old.message, "New item!");
    // the INSERT has no old image
    let e = event.records[0].old_image::<Item>().unwrap_err();
    assert_eq!(e.kind(), PayloadErrorKind::Missing);
    assert_eq!(
        e.to_string(),
        "decode dynamodb.OldImage: no OldImage in this INSERT record, stream view type NEW_AND_OLD_IMAGES"
    );
    // the JSON view of an image, without the attribute-value wrappers
    match event.raw_payload(0).unwrap() {
        RawPayload::Json(value) => {
            assert_eq!(value.as_ref(), &json!({"Id": 101, "Message": "New item!"}))
        }
        other => panic!("{other:?}"),
    }
    // a wrong type names the attribute
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Wrong {
        #[serde(rename = "Message")]
        message: u32,
    }
    assert_eq!(event.payload_count(), 2);
    let e = event.payloads::<Wrong>().next().unwrap().unwrap_err();
    assert_eq!(e.location(), "Records[0].dynamodb.NewImage");
    assert_eq!(e.path(), "Message");
    assert_eq!(e.kind(), PayloadErrorKind::Data);

    // a TTL delete on a KEYS_ONLY stream: no NewImage, but the keys
    let removed: DynamoDbEvent = decode_fixture("dynamodb-event-ttl-remove-keys-only.json");
    let e = removed.payloads::<Value>().next().unwrap().unwrap_err();
    assert_eq!(e.kind(), PayloadErrorKind::Missing);
    assert_eq!(
        e.to_string(),
        "decode Records[0].dynamodb.NewImage: no NewImage in this REMOVE record, stream view type KEYS_ONLY"
    );
    #[derive(Debug, Deserialize)]
    struct SessionKey {
        pk: String,
        sk: i64,
    }
    let key: SessionKey = removed.records[0].keys().unwrap();
    assert_eq!((key.pk.as_str(), key.sk), ("session#42", 1699990000));
}

#[test]
fn firehose_transform_answers_every_record() {
    use typed_lambda_events::firehose::{
        FirehoseEvent, FirehoseResponseRecord, FirehoseTransformationResult,
    };
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct PageView {
        customer_id: String,
        page: String,
    }
    #[derive(serde::Serialize)]
    struct Slim<'a> {
        customer: &'a str,
        page: &'a str,
    }
    let event: FirehoseEvent = decode_fixture("firehose-event-direct-put.json");
    let response = event.transform(|view: PageView, _record| -> Result<_, String> {
        Ok(Some(json!(Slim {
            customer: &view.customer_id,
            page: &view.page
        })))
    });
    assert_eq!(response.records.len(), event.records.len());
    let first = &response.records[0];
    assert_eq!(first.record_id, event.records[0].record_id);
    assert_eq!(first.result, FirehoseTransformationResult::Ok);
    assert_eq!(
        first.data.decode().unwrap(),
        b"{\"customer\":\"c-17\",\"page\":\"/cart\"}\n"
    );
    // the record that is not JSON goes back as ProcessingFailed with its original data
    let second = &response.records[1];
    assert_eq!(
        second.result,
        FirehoseTransformationResult::ProcessingFailed
    );
    assert_eq!(second.data.decode().unwrap(), b"not json at all");
    // on the wire: base64 data, result names as Firehose spells them
    let wire = serde_json::to_value(&response).unwrap();
    assert_eq!(wire["records"][1]["result"], "ProcessingFailed");
    assert_eq!(wire["records"][1]["data"], "bm90IGpzb24gYXQgYWxs");

    // dropping and failing on purpose
    let response = event.transform(|view: PageView, _| match view.page.as_str() {
        "/cart" => Ok(None::<Value>),
        _ => Err("unexpected page"),
    });
    assert_eq!(
        response.records[0].result,
        FirehoseTransformationResult::Dropped
    );
    // the builders, for hand-made responses
    let record = FirehoseResponseRecord::ok("r-1", b"a,b\n".to_vec());
    assert_eq!(
        serde_json::to_value(&record).unwrap(),
        json!({"recordId": "r-1", "result": "Ok", "data": "YSxiCg=="})
    );
}

#[test]
fn http_bodies_decode_as_text_or_after_base64_and_missing_bodies_say_so() {
    use typed_lambda_events::alb::AlbTargetGroupRequest;
    use typed_lambda_events::apigw::ApiGatewayProxyRequest;
    use typed_lambda_events::apigw_v2::ApiGatewayV2HttpRequest;
    use typed_lambda_events::lambda_function_urls::LambdaFunctionUrlRequest;

    let rest: ApiGatewayProxyRequest = decode_fixture("apigw-proxy-request.json");
    let body: Value = rest.payload().unwrap();
    assert_eq!(body, json!({"a": 1}));

    // isBase64Encoded: the bytes of a PNG, not JSON
    let binary: ApiGatewayV2HttpRequest = decode_fixture("apigw-v2-http-request-post-binary.json");
    let raw = binary.raw_payload(0).unwrap();
    assert!(matches!(raw, RawPayload::Bytes(_)));
    assert_eq!(&raw.to_bytes()[..4], b"\x89PNG");
    let e = binary.payload::<Value>().unwrap_err();
    assert_eq!((e.kind(), e.location()), (PayloadErrorKind::Syntax, "body"));
    let alb: AlbTargetGroupRequest = decode_fixture("alb-request-post-binary.json");
    assert_eq!(&alb.raw_payload(0).unwrap().to_bytes()[..4], b"\x89PNG");

    // a JSON body sent base64-encoded decodes as JSON
    let mut encoded = binary.clone();
    encoded.body = Some("eyJhIjogMX0=".into()); // {"a": 1}
    assert_eq!(encoded.payload::<Value>().unwrap(), json!({"a": 1}));
    encoded.body = Some("eyJhIjogMX0".into());
    let e = encoded.payload::<Value>().unwrap_err();
    assert_eq!(e.kind(), PayloadErrorKind::Encoding);

    // GET: no body
    let get: ApiGatewayV2HttpRequest = decode_fixture("apigw-v2-http-request-no-authorizer.json");
    let e = get.payload::<Value>().unwrap_err();
    assert_eq!(e.kind(), PayloadErrorKind::Missing);
    assert_eq!(e.to_string(), "decode body: the request has no body");

    // a text body that is not JSON
    let url: LambdaFunctionUrlRequest = decode_fixture("lambda-function-urls-request.json");
    let e = url.payload::<Value>().unwrap_err();
    assert_eq!(e.kind(), PayloadErrorKind::Syntax);
    assert_eq!(url.body.as_deref(), Some("Hello from client!"));
}

#[test]
fn kafka_values_decode_across_partitions_and_tombstones_are_missing() {
    use typed_lambda_events::kafka::KafkaEvent;
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct KafkaOrder {
        order_id: String,
        total: f64,
    }
    let event: KafkaEvent = decode_fixture("kafka-event-self-managed.json");
    let orders: Vec<KafkaOrder> = event
        .payloads::<KafkaOrder>()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(orders.len(), 2);
    assert_eq!(
        (orders[0].order_id.as_str(), orders[0].total),
        ("1001", 42.5)
    );
    assert_eq!(orders[1].total, 7.0);
    let keys: Vec<(&str, Vec<u8>)> = event
        .all_records()
        .map(|(partition, r)| (partition, r.key.as_ref().unwrap().decode().unwrap()))
        .collect();
    assert_eq!(
        keys,
        [
            ("orders-0", b"order-1001".to_vec()),
            ("orders-0", b"order-1002".to_vec())
        ]
    );
    // keys are not JSON here: decode_key says so; the bytes stay available
    let (_, first) = event.all_records().next().unwrap();
    let e = first.decode_key::<String>().unwrap_err();
    assert_eq!((e.kind(), e.location()), (PayloadErrorKind::Syntax, "key"));

    let mixed: KafkaEvent = decode_fixture("kafka-event-msk-tombstone-no-key.json");
    let results: Vec<_> = mixed.payloads::<Value>().collect();
    let e = results[0].as_ref().unwrap_err();
    assert_eq!(e.kind(), PayloadErrorKind::Missing);
    assert_eq!(
        e.to_string(),
        "decode records[\"customers-1\"][0].value: the record has no value (a tombstone)"
    );
    // binary values are bytes for you to decode (here not JSON)
    let e = results[1].as_ref().unwrap_err();
    assert_eq!(e.index(), 1);
    assert_eq!(e.location(), "records[\"metrics-0\"][0].value");
    assert_eq!(
        mixed.raw_payload(1).unwrap().to_bytes().as_ref(),
        b"\x00\xff\x10 \x80"
    );
    let (_, metrics) = mixed.all_records().nth(1).unwrap();
    assert_eq!(
        metrics.decode_key::<Value>().unwrap_err().kind(),
        PayloadErrorKind::Missing
    );
}

#[test]
fn cloudwatch_logs_gunzip_then_json_log_messages() {
    use typed_lambda_events::cloudwatch_logs::{CloudWatchLogsData, CloudWatchLogsEvent};
    use typed_lambda_events::Base64Text;
    /// Lambda's JSON log format, as in the fixture's first message.
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct LambdaLog {
        level: String,
        request_id: String,
        message: String,
    }
    let event: CloudWatchLogsEvent = decode_fixture("cloudwatch-logs-event-lambda-errors.json");
    let data: CloudWatchLogsData = event.payload().unwrap();
    assert_eq!(
        data,
        event.decode().unwrap(),
        "same as the family's own decode_fixture()"
    );
    assert_eq!(data.log_group, "/aws/lambda/checkout");

    let logs: Vec<Result<LambdaLog, PayloadError>> = data.payloads().collect();
    let first = logs[0].as_ref().unwrap();
    assert_eq!(
        (first.level.as_str(), first.message.as_str()),
        ("ERROR", "payment declined")
    );
    assert_eq!(first.request_id, "79b4f56e-95b1-4643-9700-2807f4e68189");
    // the second message is Lambda's plain-text format; it starts with a date, which JSON
    // reads as the number 2023
    let e = logs[1].as_ref().unwrap_err();
    assert_eq!((e.index(), e.location()), (1, "logEvents[1].message"));
    assert_eq!(e.kind(), PayloadErrorKind::Data);
    assert!(
        e.message().starts_with("invalid type: integer `2023`"),
        "{e}"
    );

    // not gzip at all
    let mut broken = event.clone();
    broken.awslogs.data = Base64Text::encode(b"plain text");
    let e = broken.payload::<CloudWatchLogsData>().unwrap_err();
    assert_eq!(e.kind(), PayloadErrorKind::Encoding);
    assert!(
        e.to_string()
            .starts_with("decode awslogs.data: invalid gzip"),
        "{e}"
    );
}

#[test]
fn broker_messages_and_change_documents_are_payloads() {
    use typed_lambda_events::activemq::ActiveMqEvent;
    use typed_lambda_events::documentdb::DocumentDbEvent;
    use typed_lambda_events::rabbitmq::RabbitMqEvent;

    // RabbitMQ: messages of all queues, sorted by queue key
    let rabbit: RabbitMqEvent = decode_fixture("rabbitmq-event-two-queues.json");
    let results: Vec<Result<Value, PayloadError>> = rabbit.payloads().collect();
    assert_eq!(results.len(), 2);
    let queues: Vec<&str> = rabbit.all_messages().map(|(queue, _)| queue).collect();
    assert_eq!(queues, ["audit::staging", "orders::/"]);
    // `hello` in the audit queue is not JSON
    let e = results[0].as_ref().unwrap_err();
    assert_eq!(
        e.location(),
        "rmqMessagesByQueue[\"audit::staging\"][0].data"
    );
    assert_eq!(
        results[1].as_ref().unwrap(),
        &json!({"orderId": "1001", "total": 42.5})
    );

    // ActiveMQ: text body, not JSON; the bytes stay available
    let active: ActiveMqEvent = decode_fixture("activemq-event.json");
    let e = active.payloads::<Value>().next().unwrap().unwrap_err();
    assert_eq!(e.location(), "messages[0].data");
    assert_eq!(
        active.raw_payload(0).unwrap().to_bytes().as_ref(),
        b"Enter some text here for the message body..."
    );

    // DocumentDB: the looked-up full document of an update; the delete has none
    #[derive(Debug, Deserialize)]
    struct Shipment {
        status: String,
    }
    let docs: DocumentDbEvent = decode_fixture("documentdb-update-lookup-batch.json");
    let results: Vec<Result<Shipment, PayloadError>> = docs.payloads().collect();
    assert_eq!(results[0].as_ref().unwrap().status, "SHIPPED");
    let e = results[1].as_ref().unwrap_err();
    assert_eq!(e.kind(), PayloadErrorKind::Missing);
    assert_eq!(
        e.to_string(),
        "decode events[1].event.fullDocument: no fullDocument in this delete event"
    );
}

#[test]
fn s3_notification_sent_to_sqs_directly_is_one_call() {
    // S3 can notify an SQS queue itself: the body is the S3 event JSON
    let mut event: SqsEvent = decode_fixture("sqs-event-standard.json");
    event.records[0].body = fixture("s3-object-created-put.json");
    let results: Vec<Result<S3Event, PayloadError>> = event.payloads().collect();
    let s3 = results[0].as_ref().unwrap();
    assert_eq!(s3.records[0].event_name, S3EventName::ObjectCreatedPut);
    // the second record still says "Test message.", which is not an S3 event
    let e = results[1].as_ref().unwrap_err();
    assert_eq!((e.index(), e.location()), (1, "Records[1].body"));
    assert_eq!(e.target(), "S3Event");
}

#[test]
fn kinesis_time_window_records_are_payloads_like_a_stream_batch() {
    use typed_lambda_events::kinesis::KinesisTimeWindowEvent;
    use typed_lambda_events::Base64Text;
    let event: KinesisTimeWindowEvent = decode_fixture("kinesis-time-window-event.json");
    assert_eq!(event.payload_count(), 1);
    // the AWS sample's data is plain text: an error naming the record, the bytes still there
    let e = event.payloads::<Order>().next().unwrap().unwrap_err();
    assert_eq!(e.kind(), PayloadErrorKind::Syntax);
    assert_eq!((e.index(), e.location()), (0, "Records[0].kinesis.data"));
    assert_eq!(
        event.raw_payload(0).unwrap().to_bytes().as_ref(),
        b"Hello, this is a test."
    );

    // a window of JSON orders: each record's data decodes after base64, in record order
    let mut window = event.clone();
    let template = window.records[0].clone();
    window.records = ["o-6001", "o-6002"]
        .iter()
        .map(|id| {
            let mut record = template.clone();
            record.kinesis.data = Base64Text::encode(
                format!(r#"{{"orderId": "{id}", "items": [{{"sku": "A-1", "quantity": 1}}]}}"#)
                    .into_bytes(),
            );
            record
        })
        .collect();
    // on the wire the data is base64 again, and decodes back to the same orders
    let wire = serde_json::to_string(&window).unwrap();
    let window: KinesisTimeWindowEvent = serde_json::from_str(&wire).unwrap();
    let ids: Vec<String> = window
        .payloads::<Order>()
        .map(|order| order.unwrap().order_id)
        .collect();
    assert_eq!(ids, ["o-6001", "o-6002"]);
    // the window's own fields are untouched by the envelope
    assert_eq!(window.shard_id, "shardId-000000000006");
    assert_eq!(window.state["1"], "state 1");
    // payload() is for single-payload envelopes
    let e = window.payload::<Order>().unwrap_err();
    assert_eq!(e.kind(), PayloadErrorKind::Count);
}

#[test]
fn kafka_json_keys_decode_with_decode_key() {
    use typed_lambda_events::kafka::KafkaEvent;
    use typed_lambda_events::Base64Text;
    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct OrderKey {
        tenant: String,
        order_id: u64,
    }
    let mut event: KafkaEvent = decode_fixture("kafka-event-self-managed.json");
    let partition = event.records.keys().next().unwrap().clone();
    let record = &mut event.records.get_mut(&partition).unwrap()[0];
    record.key = Some(Base64Text::encode(
        br#"{"tenant": "acme", "orderId": 1001}"#,
    ));
    // through the wire form (base64 key), as Lambda would deliver it
    let wire = serde_json::to_value(&event).unwrap();
    assert_eq!(
        wire["records"][&partition][0]["key"],
        "eyJ0ZW5hbnQiOiAiYWNtZSIsICJvcmRlcklkIjogMTAwMX0="
    );
    let event: KafkaEvent = serde_json::from_value(wire).unwrap();
    let (_, first) = event.all_records().next().unwrap();
    assert_eq!(
        first.decode_key::<OrderKey>().unwrap(),
        OrderKey {
            tenant: "acme".into(),
            order_id: 1001
        }
    );
    // a key of the wrong shape names the path inside the key
    let e = first.decode_key::<Vec<String>>().unwrap_err();
    assert_eq!((e.kind(), e.location()), (PayloadErrorKind::Data, "key"));
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct NumericTenant {
        tenant: u32,
    }
    let e = first.decode_key::<NumericTenant>().unwrap_err();
    assert_eq!(e.path(), "tenant");
    assert!(
        e.to_string()
            .starts_with("decode key as NumericTenant: invalid type"),
        "{e}"
    );
    // the value of the same record still decodes independently
    let value: Value = first.payload().unwrap();
    assert_eq!(value["orderId"], "1001");
}

#[test]
fn firehose_response_builders_serialize_as_firehose_expects() {
    use typed_lambda_events::firehose::{
        FirehoseResponse, FirehoseResponseRecord, FirehoseTransformationResult,
    };
    #[derive(serde::Serialize)]
    struct Row<'a> {
        customer: &'a str,
        total: f64,
    }
    let ok = FirehoseResponseRecord::ok_json(
        "49546986683135544286507457936321625675700192471156785154",
        &Row {
            customer: "c-17",
            total: 12.5,
        },
    )
    .unwrap();
    assert_eq!(ok.result, FirehoseTransformationResult::Ok);
    // one line of JSON per record, newline-terminated
    assert_eq!(
        ok.data.decode().unwrap(),
        b"{\"customer\":\"c-17\",\"total\":12.5}\n"
    );
    let dropped = FirehoseResponseRecord::dropped("r-2");
    assert_eq!(dropped.result, FirehoseTransformationResult::Dropped);
    let failed = FirehoseResponseRecord::failed("r-3", b"not json".to_vec());
    assert_eq!(
        failed.result,
        FirehoseTransformationResult::ProcessingFailed
    );

    let response = FirehoseResponse {
        records: vec![ok, dropped, failed],
        ..Default::default()
    };
    // Firehose needs recordId, result and data on every record (data base64, empty when
    // dropped); result spelled Ok / Dropped / ProcessingFailed
    assert_eq!(
        serde_json::to_value(&response).unwrap(),
        json!({"records": [
            {"recordId": "49546986683135544286507457936321625675700192471156785154",
             "result": "Ok", "data": "eyJjdXN0b21lciI6ImMtMTciLCJ0b3RhbCI6MTIuNX0K"},
            {"recordId": "r-2", "result": "Dropped", "data": ""},
            {"recordId": "r-3", "result": "ProcessingFailed", "data": "bm90IGpzb24="},
        ]})
    );
    // a value that cannot be JSON is an error, not a record with bad data
    let mut not_json = std::collections::BTreeMap::new();
    not_json.insert((1, 2), "tuple keys are not JSON object keys");
    assert!(FirehoseResponseRecord::ok_json("r-4", &not_json).is_err());
}

#[test]
fn alb_json_bodies_decode_plain_and_base64() {
    use typed_lambda_events::alb::AlbTargetGroupRequest;
    // the AWS developer guide's ALB request, turned into a JSON POST
    let mut request: AlbTargetGroupRequest = decode_fixture("alb-request-query.json");
    let body = r#"{"orderId": "o-7001", "items": [{"sku": "TEA-1", "quantity": 3}]}"#;
    request.http_method = "POST".into();
    request
        .headers
        .insert("content-type".into(), "application/json".into());
    request.body = Some(body.into());
    let expected = Order {
        order_id: "o-7001".into(),
        items: vec![OrderItem {
            sku: "TEA-1".into(),
            quantity: 3,
        }],
    };
    assert_eq!(request.payload::<Order>().unwrap(), expected);
    assert!(matches!(
        request.raw_payload(0).unwrap(),
        RawPayload::Text(_)
    ));

    // the same body base64-encoded, as ALB sends bodies it treats as binary
    let mut encoded = request.clone();
    encoded.body = Some(
        "eyJvcmRlcklkIjogIm8tNzAwMSIsICJpdGVtcyI6IFt7InNrdSI6ICJURUEtMSIsICJxdWFudGl0eSI6IDN9XX0="
            .into(),
    );
    encoded.is_base64_encoded = true;
    assert_eq!(encoded.payload::<Order>().unwrap(), expected);
    // the flag decides: base64 text read as JSON is a syntax error at the body
    encoded.is_base64_encoded = false;
    let e = encoded.payload::<Order>().unwrap_err();
    assert_eq!((e.kind(), e.location()), (PayloadErrorKind::Syntax, "body"));

    // a body that is JSON but not an Order names the path
    request.body = Some(r#"{"orderId": "o-7002", "items": [{"sku": "X"}]}"#.into());
    let e = request.payload::<Order>().unwrap_err();
    assert_eq!(e.path(), "items[0]");
    assert_eq!(e.message(), "missing field `quantity`");
    // the AWS sample itself has an empty body: not JSON
    let empty: AlbTargetGroupRequest = decode_fixture("alb-request-query.json");
    assert_eq!(
        empty.payload::<Order>().unwrap_err().kind(),
        PayloadErrorKind::Eof
    );
}

#[test]
fn websocket_message_bodies_are_payloads() {
    use typed_lambda_events::apigw_websocket::ApiGatewayWebsocketProxyRequest;
    #[derive(Debug, Deserialize, PartialEq)]
    struct Message {
        a: u32,
    }
    let message: ApiGatewayWebsocketProxyRequest = decode_fixture("apigw-websocket-message.json");
    // the sample's body has CR/LF and tabs around the JSON
    assert_eq!(message.body.as_deref(), Some("{\r\n\t\"a\": 1\r\n}"));
    assert_eq!(message.payload::<Message>().unwrap(), Message { a: 1 });
    let e = message.payload::<Vec<u32>>().unwrap_err();
    assert_eq!((e.kind(), e.location()), (PayloadErrorKind::Data, "body"));
    // read from text: the error has a line (serde_json's position of the object's start)
    assert_eq!(e.position().map(|(line, _)| line), Some(1));

    // base64-encoded frames (binary WebSocket messages) are decoded first
    let mut binary = message.clone();
    binary.body = Some("eyJhIjogMn0=".into()); // {"a": 2}
    binary.is_base64_encoded = Some(true);
    assert_eq!(binary.payload::<Message>().unwrap(), Message { a: 2 });

    // $disconnect carries no body
    let disconnect: ApiGatewayWebsocketProxyRequest =
        decode_fixture("apigw-websocket-disconnect.json");
    let e = disconnect.payload::<Message>().unwrap_err();
    assert_eq!(e.kind(), PayloadErrorKind::Missing);
    assert_eq!(e.to_string(), "decode body: the request has no body");
}

#[test]
fn sns_message_links_read_whichever_spelling_is_set() {
    // the Lambda-event spelling
    let sns: SnsEvent = decode_fixture("sns-event-pascal-case.json");
    let lambda_form = &sns.records[0].sns;
    assert!(lambda_form.signing_cert_url_caps.is_none());
    assert_eq!(
        lambda_form.signing_cert_url(),
        lambda_form.signing_cert_url.as_deref()
    );
    assert!(lambda_form.signing_cert_url().unwrap().ends_with(".pem"));
    assert_eq!(
        lambda_form.unsubscribe_url(),
        lambda_form.unsubscribe_url.as_deref()
    );
    assert!(lambda_form
        .unsubscribe_url()
        .unwrap()
        .contains("Action=Unsubscribe"));

    // the queue spelling, as an SQS body
    let sqs: SqsEvent = decode_fixture("envelope-sqs-sns-s3.json");
    let from_queue: SnsMessage = sqs.records[0].payload().unwrap();
    assert!(from_queue.signing_cert_url.is_none());
    assert_eq!(
        from_queue.signing_cert_url(),
        Some("https://sns.us-east-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem")
    );
    assert_eq!(
        from_queue.unsubscribe_url(),
        from_queue.unsubscribe_url_caps.as_deref()
    );
    assert!(from_queue.unsubscribe_url().is_some());

    // neither set: None; both set: the Lambda spelling
    let mut neither = from_queue.clone();
    neither.signing_cert_url_caps = None;
    neither.unsubscribe_url_caps = None;
    assert_eq!(
        (neither.signing_cert_url(), neither.unsubscribe_url()),
        (None, None)
    );
    let mut both = from_queue.clone();
    both.signing_cert_url = Some("https://lambda-spelling/cert.pem".into());
    both.unsubscribe_url = Some("https://lambda-spelling/unsubscribe".into());
    assert_eq!(
        both.signing_cert_url(),
        Some("https://lambda-spelling/cert.pem")
    );
    assert_eq!(
        both.unsubscribe_url(),
        Some("https://lambda-spelling/unsubscribe")
    );
}

#[test]
fn sqs_payloads_with_ids_pair_each_body_with_its_message_id() {
    let event: SqsEvent = decode_fixture("envelope-sqs-orders.json");
    let pairs: Vec<(&str, Result<Order, PayloadError>)> =
        event.payloads_with_ids::<Order>().collect();
    assert_eq!(pairs.len(), event.records.len());
    for ((id, _), record) in pairs.iter().zip(&event.records) {
        assert_eq!(*id, record.message_id);
    }
    assert_eq!(pairs[0].0, "c1a2b3d4-0001-4e5f-8a9b-0c1d2e3f4a51");
    assert_eq!(pairs[0].1.as_ref().unwrap().order_id, "o-1001");
    // the failed ones: exactly the ids a partial batch response reports
    let failed: Vec<&str> = pairs
        .iter()
        .filter(|(_, order)| order.is_err())
        .map(|(id, _)| *id)
        .collect();
    assert_eq!(
        failed,
        [
            "c1a2b3d4-0002-4e5f-8a9b-0c1d2e3f4a52",
            "c1a2b3d4-0003-4e5f-8a9b-0c1d2e3f4a53"
        ]
    );
    let (_, e) = &pairs[2];
    assert_eq!(e.as_ref().unwrap_err().location(), "Records[2].body");
    // exact size, and from the back
    let mut iter = event.payloads_with_ids::<Value>();
    assert_eq!(iter.len(), 5);
    let (last_id, last) = iter.next_back().unwrap();
    assert_eq!(last_id, "c1a2b3d4-0005-4e5f-8a9b-0c1d2e3f4a55");
    assert_eq!(last.unwrap()["orderId"], "o-1005");
    assert_eq!(iter.len(), 4);
    assert_eq!(SqsEvent::default().payloads_with_ids::<Value>().count(), 0);
}
