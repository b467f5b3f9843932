//! Behaviour of the stream and queue families beyond the fixture table: DynamoDB attribute
//! values, Kinesis and Kafka payloads, batch and window responses users build.

use serde_json::{json, Value};
use typed_lambda_tests::{fixture, repo_root};

// --- dynamodb ----------------------------------------------------------------------------------

mod dynamodb {
    use super::*;
    use typed_lambda_events::dynamodb::{
        DynamoDbAttributeValue as Av, DynamoDbBatchItemFailure, DynamoDbBatchResponse,
        DynamoDbEvent, DynamoDbOperationType, DynamoDbStreamViewType, DynamoDbTimeWindowEvent,
        DynamoDbTimeWindowResponse,
    };

    #[test]
    fn every_attribute_value_type_decodes_to_its_variant() {
        let event: DynamoDbEvent = serde_json::from_str(&fixture("dynamodb-event.json")).unwrap();
        let image = event.records[1].dynamodb.new_image.clone();
        assert_eq!(image["String"], Av::S("Hello".into()));
        assert_eq!(image["FloatNumber"], Av::N("123.45".into()));
        assert_eq!(image["Binary"], Av::B(vec![0, 1, 42, 65].into()));
        assert_eq!(image["Boolean"], Av::Bool(true));
        assert_eq!(image["Null"], Av::Null(true));
        assert_eq!(
            image["StringSet"],
            Av::Ss(vec!["Giraffe".into(), "Zebra".into()])
        );
        assert_eq!(image["EmptyStringSet"], Av::Ss(vec![]));
        assert_eq!(
            image["NumberSet"],
            Av::Ns(vec!["1234".into(), "567.8".into()])
        );
        let Av::Bs(set) = &image["BinarySet"] else {
            panic!("BinarySet is {:?}", image["BinarySet"]);
        };
        assert_eq!(set.len(), 2);
        assert_eq!(set[0].decode().unwrap(), [0, 1, 42, 65]);
        let Av::M(map) = &image["Map"] else {
            panic!("Map is {:?}", image["Map"]);
        };
        assert_eq!(map["Age"], Av::N("35".into()));
        assert_eq!(
            image["List"],
            Av::L(vec![
                Av::S("Cookies".into()),
                Av::S("Coffee".into()),
                Av::N("3.14159".into())
            ])
        );
        assert_eq!(event.records[1].event_name, DynamoDbOperationType::Insert);
        assert_eq!(
            event.records[1].dynamodb.stream_view_type,
            Some(DynamoDbStreamViewType::NewAndOldImages)
        );
        let identity = event.records[0].user_identity.as_ref().unwrap();
        assert_eq!(identity.principal_id, "dynamodb.amazonaws.com");
    }

    #[test]
    fn attribute_values_encode_as_single_key_objects() {
        let nested = Av::M(
            [
                ("tags".to_string(), Av::Ss(vec!["a".into()])),
                ("blob".to_string(), Av::B(b"hi".to_vec().into())),
                (
                    "items".to_string(),
                    Av::L(vec![Av::Null(true), Av::Bool(false), Av::Bs(vec![])]),
                ),
            ]
            .into_iter()
            .collect(),
        );
        let encoded = serde_json::to_value(&nested).unwrap();
        assert_eq!(
            encoded,
            json!({"M": {
                "blob": {"B": "aGk="},
                "items": {"L": [{"NULL": true}, {"BOOL": false}, {"BS": []}]},
                "tags": {"SS": ["a"]}
            }})
        );
        let back: Av = serde_json::from_value(encoded).unwrap();
        assert_eq!(back, nested);
    }

    #[test]
    fn an_unknown_or_ambiguous_attribute_type_is_an_error() {
        let err = serde_json::from_value::<Av>(json!({"X": "1"})).unwrap_err();
        assert!(err.to_string().contains("unknown variant `X`"), "{err}");
        let err = serde_json::from_value::<Av>(json!({"N": 1})).unwrap_err();
        assert!(
            err.to_string().contains("invalid type: integer `1`"),
            "{err}"
        );
        assert!(serde_json::from_value::<Av>(json!({"S": "a", "N": "1"})).is_err());
        // binary values keep their text: a bad one decodes, and fails when read
        let Av::B(bad) = serde_json::from_value::<Av>(json!({"B": "not base64!"})).unwrap() else {
            panic!("a B attribute")
        };
        assert!(bad.decode().is_err());
        assert!(serde_json::from_value::<Av>(json!({"B": 7})).is_err());
    }

    #[test]
    fn time_window_state_is_any_json_object() {
        let strings: DynamoDbTimeWindowEvent =
            serde_json::from_str(&fixture("dynamodb-time-window-event.json")).unwrap();
        assert_eq!(strings.state["1"], json!("state1"));
        assert!(!strings.is_final_invoke_for_window);
        let numbers: DynamoDbTimeWindowEvent =
            serde_json::from_str(&fixture("dynamodb-time-window-event-numeric-state.json"))
                .unwrap();
        assert_eq!(numbers.state["2"], json!(715));
        assert!(
            numbers.window.start.to_datetime().unwrap() < numbers.window.end.to_datetime().unwrap()
        );

        let mut state = serde_json::Map::new();
        state.insert("1".into(), json!(282));
        let response = DynamoDbTimeWindowResponse {
            state,
            batch_item_failures: vec![DynamoDbBatchItemFailure {
                item_identifier: "222".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&response).unwrap(),
            json!({"state": {"1": 282}, "batchItemFailures": [{"itemIdentifier": "222"}]})
        );
        // Lambda counts a response without `state` as a failure: an empty state is still sent
        assert_eq!(
            serde_json::to_value(DynamoDbTimeWindowResponse::default()).unwrap(),
            json!({"state": {}})
        );
    }

    #[test]
    fn batch_response_names_failed_sequence_numbers() {
        let event: DynamoDbEvent =
            serde_json::from_str(&fixture("dynamodb-event-insert-modify.json")).unwrap();
        let response = DynamoDbBatchResponse {
            batch_item_failures: event
                .records
                .iter()
                .filter(|r| r.event_name == DynamoDbOperationType::Modify)
                .map(|r| DynamoDbBatchItemFailure {
                    item_identifier: r.dynamodb.sequence_number.clone().unwrap(),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&response).unwrap(),
            fixture("dynamodb-batch-response.json")
                .parse::<Value>()
                .unwrap()
                .to_string()
        );
        assert_eq!(
            serde_json::to_value(DynamoDbBatchResponse::default()).unwrap(),
            json!({"batchItemFailures": []})
        );
    }

    #[test]
    fn the_truncated_corpus_sample_fails_with_its_position() {
        let path = repo_root()
            .join("..")
            .join("shared/fixtures/aws-lambda-go/dynamodb-event-malformed.2.json");
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("skipped: {} does not exist", path.display());
            return;
        };
        let err = serde_json::from_str::<DynamoDbEvent>(&text).unwrap_err();
        assert!(err.is_eof(), "{err}");
        assert!(err.to_string().contains("EOF while parsing"), "{err}");
    }
}

// --- kinesis -----------------------------------------------------------------------------------

mod kinesis {
    use super::*;
    use typed_lambda_events::dynamodb::{
        DynamoDbAttributeValue, DynamoDbEventRecord, DynamoDbTimestampPrecision,
    };
    use typed_lambda_events::kinesis::{
        KinesisBatchItemFailure, KinesisBatchResponse, KinesisEncryptionType, KinesisEvent,
        KinesisTimeWindowEvent, KinesisTimeWindowResponse,
    };

    #[test]
    fn data_arrives_decoded_and_goes_back_as_base64() {
        let event: KinesisEvent =
            serde_json::from_str(&fixture("kinesis-event-encrypted.json")).unwrap();
        let first = &event.records[0].kinesis;
        assert_eq!(first.data.decode().unwrap(), b"Hello World");
        assert_eq!(first.encryption_type, Some(KinesisEncryptionType::Kms));
        assert_eq!(event.records[1].kinesis.encryption_type, None);
        assert_eq!(
            first
                .approximate_arrival_timestamp
                .to_datetime()
                .unwrap()
                .to_rfc3339(),
            "2016-12-02T01:18:43.477+00:00"
        );
        let encoded = serde_json::to_value(&event).unwrap();
        assert_eq!(encoded["Records"][0]["kinesis"]["data"], "SGVsbG8gV29ybGQ=");
        assert_eq!(encoded["Records"][0]["kinesis"]["encryptionType"], "KMS");
    }

    #[test]
    fn a_dynamodb_change_record_decodes_from_the_data() {
        let event: KinesisEvent =
            serde_json::from_str(&fixture("kinesis-event-dynamodb-change.json")).unwrap();
        let change: DynamoDbEventRecord =
            serde_json::from_slice(&event.records[0].kinesis.data.decode().unwrap()).unwrap();
        assert_eq!(change.table_name.as_deref(), Some("orders"));
        assert_eq!(change.user_identity, None);
        assert_eq!(
            change.dynamodb.approximate_creation_date_time_precision,
            Some(DynamoDbTimestampPrecision::Millisecond)
        );
        assert_eq!(
            change.dynamodb.new_image["status"],
            DynamoDbAttributeValue::S("SHIPPED".into())
        );
    }

    #[test]
    fn invalid_base64_data_sinks_only_its_record_naming_the_field() {
        use typed_lambda_events::envelope::PayloadErrorKind;
        use typed_lambda_events::Envelope;
        let mut event: Value = serde_json::from_str(&fixture("kinesis-event.json")).unwrap();
        event["Records"][1]["kinesis"]["data"] = Value::String("not*base64".into());
        let event: KinesisEvent = serde_json::from_value(event).unwrap();
        assert!(event.records[0].kinesis.data.decode().is_ok());
        let err = event.raw_payload(1).unwrap_err();
        assert_eq!(err.kind(), PayloadErrorKind::Encoding);
        assert_eq!(err.location(), "Records[1].kinesis.data");
        assert!(
            err.to_string()
                .starts_with("decode Records[1].kinesis.data: invalid base64"),
            "{err}"
        );
    }

    #[test]
    fn window_and_batch_responses() {
        let event: KinesisTimeWindowEvent =
            serde_json::from_str(&fixture("kinesis-time-window-event.json")).unwrap();
        assert_eq!(event.shard_id, "shardId-000000000006");
        let mut state = event.state.clone();
        state.insert("3".into(), json!(event.records.len()));
        let response = KinesisTimeWindowResponse {
            state,
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&response).unwrap(),
            json!({"state": {"1": "state 1", "2": "state 2", "3": 1}})
        );
        let failed = KinesisBatchResponse {
            batch_item_failures: vec![KinesisBatchItemFailure {
                item_identifier: event.records[0].kinesis.sequence_number.clone(),
                ..Default::default()
            }],
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&failed).unwrap()["batchItemFailures"][0]["itemIdentifier"],
            "49590338271490256608559692538361571095921575989136588898"
        );
    }
}

// --- firehose and kinesis_analytics --------------------------------------------------------------

mod firehose {
    use super::*;
    use typed_lambda_events::firehose::{
        FirehoseEvent, FirehoseResponse, FirehoseResponseRecord, FirehoseResponseRecordMetadata,
        FirehoseTransformationResult,
    };
    use typed_lambda_events::kinesis_analytics::{
        KinesisAnalyticsInputPreprocessingEvent, KinesisAnalyticsOutputDeliveryEvent,
        KinesisAnalyticsOutputDeliveryResponse, KinesisAnalyticsOutputDeliveryResponseRecord,
        KinesisAnalyticsOutputDeliveryResult,
    };

    #[test]
    fn a_transformation_response_is_built_from_the_event() {
        let event: FirehoseEvent =
            serde_json::from_str(&fixture("firehose-event-direct-put.json")).unwrap();
        let records = event
            .records
            .iter()
            .map(|r| {
                match serde_json::from_slice::<Value>(&r.data.decode().unwrap()) {
                    Ok(v) => {
                        let customer = v["customerId"].as_str().unwrap().to_string();
                        let mut line = serde_json::to_vec(&json!({
                            "customerId": customer, "page": v["page"]
                        }))
                        .unwrap();
                        line.push(b'\n');
                        FirehoseResponseRecord {
                            record_id: r.record_id.clone(),
                            data: line.into(),
                            metadata: Some(FirehoseResponseRecordMetadata {
                                partition_keys: [
                                    ("customerId".to_string(), customer),
                                    ("year".into(), "2023".into()),
                                    ("month".into(), "11".into()),
                                ]
                                .into_iter()
                                .collect(),
                                ..Default::default()
                            }),
                            ..Default::default()
                        }
                    }
                    // not JSON: hand it back unchanged as failed
                    Err(_) => FirehoseResponseRecord {
                        record_id: r.record_id.clone(),
                        result: FirehoseTransformationResult::ProcessingFailed,
                        data: r.data.clone(),
                        ..Default::default()
                    },
                }
            })
            .collect();
        let response = FirehoseResponse {
            records,
            ..Default::default()
        };
        let expected: Value =
            serde_json::from_str(&fixture("firehose-response-dynamic-partitioning.json")).unwrap();
        assert_eq!(serde_json::to_value(&response).unwrap(), expected);
    }

    #[test]
    fn kinesis_metadata_and_result_values() {
        let event: FirehoseEvent =
            serde_json::from_str(&fixture("firehose-event-kinesis-source.json")).unwrap();
        let meta = event.records[1].kinesis_record_metadata.as_ref().unwrap();
        assert_eq!(meta.shard_id, "shardId-000000000001");
        assert_eq!(
            meta.subsequence_number.as_ref().and_then(|n| n.as_u64()),
            Some(123457)
        );
        assert_eq!(event.records[0].data.decode().unwrap(), b"Hello World");
        // Firehose knows three results; anything else still decodes and is written back
        let response: FirehoseResponse = serde_json::from_value(
            json!({"records": [{"recordId": "r", "result": "Later", "data": ""}]}),
        )
        .unwrap();
        assert_eq!(
            response.records[0].result,
            FirehoseTransformationResult::Unknown("Later".into())
        );
        assert_eq!(FirehoseTransformationResult::default().as_str(), "Ok");
    }

    #[test]
    fn kinesis_analytics_delivery_and_preprocessing() {
        let event: KinesisAnalyticsOutputDeliveryEvent = serde_json::from_str(&fixture(
            "kinesis-analytics-output-delivery-event-retry.json",
        ))
        .unwrap();
        let response = KinesisAnalyticsOutputDeliveryResponse {
            records: event
                .records
                .iter()
                .map(|r| KinesisAnalyticsOutputDeliveryResponseRecord {
                    record_id: r.record_id.clone(),
                    result: if r
                        .data
                        .decode()
                        .unwrap()
                        .starts_with(b"{\"TICKER_SYMBOL\":\"AMZN\"")
                    {
                        KinesisAnalyticsOutputDeliveryResult::Ok
                    } else {
                        KinesisAnalyticsOutputDeliveryResult::DeliveryFailed
                    },
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        };
        let expected: Value = serde_json::from_str(&fixture(
            "kinesis-analytics-output-delivery-response-failed.json",
        ))
        .unwrap();
        assert_eq!(serde_json::to_value(&response).unwrap(), expected);

        let from_firehose: KinesisAnalyticsInputPreprocessingEvent = serde_json::from_str(
            &fixture("kinesis-analytics-input-preprocessing-event-firehose.json"),
        )
        .unwrap();
        let record = &from_firehose.records[0];
        assert!(record.kinesis_stream_record_metadata.is_none());
        assert_eq!(
            record
                .kinesis_firehose_record_metadata
                .as_ref()
                .and_then(|m| m.approximate_arrival_timestamp),
            Some(1700000000456)
        );
        assert_eq!(record.data.decode().unwrap(), b"QXZ,17.05");
    }
}

// --- kafka, activemq, rabbitmq, documentdb ---------------------------------------------------------

mod brokers {
    use super::*;
    use typed_lambda_events::activemq::{ActiveMqEvent, ActiveMqExpiration};
    use typed_lambda_events::documentdb::{DocumentDbEvent, DocumentDbOperationType};
    use typed_lambda_events::kafka::{KafkaEvent, KafkaTimestampType};
    use typed_lambda_events::rabbitmq::RabbitMqEvent;

    #[test]
    fn kafka_records_by_topic_partition_with_decoded_key_value_and_headers() {
        let event: KafkaEvent =
            serde_json::from_str(&fixture("kafka-event-self-managed.json")).unwrap();
        assert_eq!(event.event_source, "SelfManagedKafka");
        assert_eq!(event.event_source_arn, None);
        let records = &event.records["orders-0"];
        assert_eq!(
            records[0].key.as_ref().map(|k| k.decode().unwrap()),
            Some(b"order-1001".to_vec())
        );
        let value: Value =
            serde_json::from_slice(&records[0].value.as_ref().unwrap().decode().unwrap()).unwrap();
        assert_eq!(value["total"], json!(42.5));
        assert_eq!(records[0].timestamp_type, KafkaTimestampType::CreateTime);
        let source: Vec<u8> = records[0].headers[1]["source"]
            .iter()
            .map(|b| *b as u8)
            .collect();
        assert_eq!(source, b"checkout");

        let msk: KafkaEvent =
            serde_json::from_str(&fixture("kafka-event-msk-tombstone-no-key.json")).unwrap();
        let tombstone = &msk.records["customers-1"][0];
        assert!(tombstone.value.is_none());
        assert_eq!(tombstone.timestamp_type, KafkaTimestampType::LogAppendTime);
        let binary = &msk.records["metrics-0"][0];
        assert!(binary.key.is_none());
        assert_eq!(
            binary.value.as_ref().map(|v| v.decode().unwrap()),
            Some(vec![0u8, 255, 16, 32, 128])
        );
        // header bytes are Java's signed bytes
        let bytes: Vec<u8> = binary.headers[0]["bin"].iter().map(|b| *b as u8).collect();
        assert_eq!(bytes, [0, 255, 16, 32, 128]);
    }

    #[test]
    fn activemq_expiration_as_number_or_text_and_both_correlation_spellings() {
        let event: ActiveMqEvent =
            serde_json::from_str(&fixture("activemq-event-bytes-message.json")).unwrap();
        let text = &event.messages[0];
        assert_eq!(text.data.decode().unwrap(), b"ABC:AAAA");
        assert_eq!(
            text.expiration,
            Some(ActiveMqExpiration::String("60000".into()))
        );
        assert_eq!(text.correlation_id_camel.as_deref(), Some("myJMSCoID"));
        assert_eq!(text.correlation_id, None);
        assert_eq!(text.reply_to, None);
        let out = serde_json::to_value(&event).unwrap();
        assert_eq!(out["messages"][0]["correlationId"], "myJMSCoID");
        assert!(out["messages"][0].get("correlationID").is_none());

        let go: ActiveMqEvent = serde_json::from_str(&fixture("activemq-event.json")).unwrap();
        assert_eq!(
            go.messages[0].expiration,
            Some(ActiveMqExpiration::Integer(0))
        );
        assert_eq!(go.messages[0].correlation_id.as_deref(), Some(""));
        assert_eq!(go.messages[0].destination.physical_name, "testQueue");
        assert_eq!(go.messages[0].properties["testKey"], "testValue");
    }

    #[test]
    fn rabbitmq_messages_by_queue_with_null_properties() {
        let event: RabbitMqEvent =
            serde_json::from_str(&fixture("rabbitmq-event-two-queues.json")).unwrap();
        let orders = &event.rmq_messages_by_queue["orders::/"][0];
        assert!(orders.redelivered);
        let props = &orders.basic_properties;
        assert_eq!(props.delivery_mode, Some(2));
        assert_eq!(props.headers.as_ref().unwrap()["x-retry"], json!(2));
        assert_eq!(
            props.headers.as_ref().unwrap()["x-origin"],
            json!({"bytes": [119, 101, 98]})
        );
        let audit = &event.rmq_messages_by_queue["audit::staging"][0];
        assert_eq!(audit.basic_properties.headers, None);
        assert_eq!(audit.basic_properties.priority, None);
        assert_eq!(audit.data.decode().unwrap(), b"hello");
    }

    #[test]
    fn documentdb_every_operation_type() {
        let mut seen = Vec::new();
        for op in [
            "insert",
            "update",
            "replace",
            "delete",
            "drop",
            "rename",
            "drop-database",
            "invalidate",
        ] {
            let event: DocumentDbEvent =
                serde_json::from_str(&fixture(&format!("documentdb-{op}.json"))).unwrap();
            let change = &event.events[0].event;
            assert!(!change.operation_type.is_unknown(), "{op}");
            assert_eq!(change.id.data, "0163eeb6e7000000090100000009000041e1");
            seen.push(change.operation_type.clone());
            match change.operation_type {
                DocumentDbOperationType::Rename => {
                    assert_eq!(
                        change.to.as_ref().unwrap().coll.as_deref(),
                        Some("test_collection_new")
                    )
                }
                DocumentDbOperationType::DropDatabase => {
                    assert_eq!(change.ns.as_ref().unwrap().coll, None)
                }
                DocumentDbOperationType::Invalidate => assert!(change.ns.is_none()),
                DocumentDbOperationType::Update => {
                    let update = change.update_description.as_ref().unwrap();
                    assert_eq!(update.removed_fields, ["phoneNumber"]);
                    assert_eq!(update.truncated_arrays[0].new_size, 36);
                }
                _ => {}
            }
        }
        assert_eq!(seen.len(), DocumentDbOperationType::KNOWN.len());
        let lookup: DocumentDbEvent =
            serde_json::from_str(&fixture("documentdb-update-lookup-batch.json")).unwrap();
        let full = &lookup.events[0].event.full_document;
        assert_eq!(full["total"], json!({"$numberDecimal": "42.50"}));
        let time = lookup.events[1].event.cluster_time.as_ref().unwrap();
        assert_eq!((time.timestamp.t, time.timestamp.i), (1700062880, 2));
    }
}

// --- cloudwatch_logs -----------------------------------------------------------------------------

mod cloudwatch_logs {
    use super::*;
    use typed_lambda_events::cloudwatch_logs::{
        CloudWatchLogsData, CloudWatchLogsEvent, CloudWatchLogsMessageType,
    };

    #[test]
    fn the_subscription_payload_inflates_to_the_decoded_fixture() {
        let event: CloudWatchLogsEvent =
            serde_json::from_str(&fixture("cloudwatch-logs-event-lambda-errors.json")).unwrap();
        let data = event.decode().unwrap();
        let expected: CloudWatchLogsData =
            serde_json::from_str(&fixture("cloudwatch-logs-data.json")).unwrap();
        assert_eq!(data, expected);
        assert_eq!(data.message_type, CloudWatchLogsMessageType::DataMessage);
        let first: Value = serde_json::from_str(&data.log_events[0].message).unwrap();
        assert_eq!(first["level"], "ERROR");

        let go: CloudWatchLogsEvent =
            serde_json::from_str(&fixture("cloudwatch-logs-event.json")).unwrap();
        let data = go.decode().unwrap();
        assert_eq!(data.subscription_filters, ["testFilter"]);
        assert_eq!(data.log_events.len(), 2);
        assert_eq!(data.log_events[1].timestamp, 1440442987001);
    }

    #[test]
    fn control_messages_and_extracted_fields() {
        let control: CloudWatchLogsData =
            serde_json::from_str(&fixture("cloudwatch-logs-data-control-message.json")).unwrap();
        assert_eq!(
            control.message_type,
            CloudWatchLogsMessageType::ControlMessage
        );
        let account: CloudWatchLogsData = serde_json::from_str(&fixture(
            "cloudwatch-logs-data-account-policy-extracted-fields.json",
        ))
        .unwrap();
        assert_eq!(
            account.policy_level.as_deref(),
            Some("ACCOUNT_LEVEL_POLICY")
        );
        assert_eq!(account.log_events[0].extracted_fields["action"], "ACCEPT");
    }
}
