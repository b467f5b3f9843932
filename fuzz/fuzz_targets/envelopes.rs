//! Any bytes as every envelope event: decoding, then reading every payload (JSON, base64,
//! gzip, DynamoDB images, Kafka records ...) as `serde_json::Value`, never panics, and a payload
//! error names a record that exists.
#![no_main]

use serde::de::DeserializeOwned;
use typed_lambda_events::envelope::Envelope;
use typed_lambda_events::{
    activemq, cloudwatch_logs, documentdb, dynamodb, eventbridge, firehose, kafka, kinesis,
    rabbitmq, sns, sqs,
};

fn read_all<E: Envelope + DeserializeOwned>(data: &[u8]) {
    let Ok(event) = serde_json::from_slice::<E>(data) else {
        return;
    };
    let count = event.payload_count();
    for (index, payload) in event.payloads::<serde_json::Value>().enumerate() {
        assert!(index < count);
        let _ = payload;
        let _ = event.payload_location(index);
    }
    let _ = event.payload::<serde_json::Value>();
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    read_all::<sqs::SqsEvent>(data);
    read_all::<sns::SnsEvent>(data);
    read_all::<sns::SnsMessage>(data);
    read_all::<eventbridge::EventBridgeEvent>(data);
    read_all::<kinesis::KinesisEvent>(data);
    read_all::<firehose::FirehoseEvent>(data);
    read_all::<cloudwatch_logs::CloudWatchLogsEvent>(data);
    read_all::<dynamodb::DynamoDbEvent>(data);
    read_all::<kafka::KafkaEvent>(data);
    read_all::<activemq::ActiveMqEvent>(data);
    read_all::<rabbitmq::RabbitMqEvent>(data);
    read_all::<documentdb::DocumentDbEvent>(data);
    if let Ok(event) = serde_json::from_slice::<cloudwatch_logs::CloudWatchLogsEvent>(data) {
        let _ = event.decode();
    }
});
