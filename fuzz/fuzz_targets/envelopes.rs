//! Any bytes as every envelope event (and each record of a batch as an envelope of its own):
//! decoding, then reading every payload (JSON, base64, gzip, DynamoDB images, Kafka records,
//! HTTP bodies ...) as `serde_json::Value`, never panics; a payload error names the record it
//! belongs to (its index and location); `payload()` on an envelope without exactly one payload
//! is a `Count` error. CloudWatch Logs data, gunzipped through the envelope, is read as an
//! envelope in turn (its log messages), and agrees with `CloudWatchLogsEvent::decode`.
#![no_main]

use serde::de::DeserializeOwned;
use serde_json::Value;
use typed_lambda_events::envelope::{Envelope, PayloadErrorKind};
use typed_lambda_events::{
    activemq, alb, apigw, apigw_v2, apigw_websocket, cloudwatch_logs, documentdb, dynamodb,
    eventbridge, firehose, kafka, kinesis, lambda_function_urls, rabbitmq, sns, sqs,
};

/// Reads every payload of `event` and checks what its errors say.
fn read_event<E: Envelope>(event: &E) {
    let count = event.payload_count();
    let mut seen = 0;
    for (index, payload) in event.payloads::<Value>().enumerate() {
        assert!(index < count);
        seen += 1;
        let location = event.payload_location(index);
        if let Err(e) = payload {
            assert_eq!(e.index(), index, "{e}");
            assert_eq!(e.location(), location, "{e}");
            assert_ne!(e.kind(), PayloadErrorKind::Count, "{e}");
            let _ = e.to_string();
        }
    }
    assert_eq!(seen, count);
    match event.payload::<Value>() {
        Err(e) if count != 1 => assert_eq!(e.kind(), PayloadErrorKind::Count, "{e}"),
        Err(e) => assert_ne!(e.kind(), PayloadErrorKind::Count, "{e}"),
        Ok(_) => assert_eq!(count, 1),
    }
}

/// `data` as `E`; when it decodes, every payload of it and of each record `records` yields.
fn read_all<E, R>(data: &[u8], records: impl Fn(&E) -> Vec<&R>) -> Option<E>
where
    E: Envelope + DeserializeOwned,
    R: Envelope,
{
    let event = serde_json::from_slice::<E>(data).ok()?;
    read_event(&event);
    for record in records(&event) {
        read_event(record);
    }
    Some(event)
}

/// For envelopes whose records are not envelopes of their own.
fn none<E>(_: &E) -> Vec<&sqs::SqsMessage> {
    Vec::new()
}

/// The log data as an envelope of its log messages, each message as an envelope too.
fn log_events(
    data: &cloudwatch_logs::CloudWatchLogsData,
) -> Vec<&cloudwatch_logs::CloudWatchLogsLogEvent> {
    data.log_events.iter().collect()
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    read_all(data, |e: &sqs::SqsEvent| e.records.iter().collect());
    read_all(data, |e: &sns::SnsEvent| e.records.iter().collect());
    read_all(data, none::<sns::SnsMessage>);
    read_all(data, none::<eventbridge::EventBridgeEvent>);
    read_all(data, |e: &kinesis::KinesisEvent| e.records.iter().collect());
    read_all(data, |e: &kinesis::KinesisTimeWindowEvent| {
        e.records.iter().collect()
    });
    read_all(data, |e: &firehose::FirehoseEvent| {
        e.records.iter().collect()
    });
    read_all(data, |e: &dynamodb::DynamoDbEvent| {
        e.records.iter().collect()
    });
    read_all(data, |e: &kafka::KafkaEvent| {
        e.records.values().flatten().collect()
    });
    read_all(data, none::<activemq::ActiveMqEvent>);
    read_all(data, none::<rabbitmq::RabbitMqEvent>);
    read_all(data, none::<documentdb::DocumentDbEvent>);
    read_all(data, none::<apigw::ApiGatewayProxyRequest>);
    read_all(data, none::<apigw_v2::ApiGatewayV2HttpRequest>);
    read_all(
        data,
        none::<apigw_websocket::ApiGatewayWebsocketProxyRequest>,
    );
    read_all(data, none::<alb::AlbTargetGroupRequest>);
    read_all(data, none::<lambda_function_urls::LambdaFunctionUrlRequest>);
    if let Some(logs) = read_all(data, none::<cloudwatch_logs::CloudWatchLogsEvent>) {
        let through_envelope = logs.payload::<cloudwatch_logs::CloudWatchLogsData>();
        let decoded = logs.decode();
        // both inflate with the same limit, so they agree on every input
        match (&through_envelope, &decoded) {
            (Ok(a), Ok(b)) => assert_eq!(a, b),
            (Err(_), Err(_)) => {}
            _ => panic!("envelope {through_envelope:?} vs decode {decoded:?}"),
        }
        if let Ok(logs_data) = through_envelope {
            read_event(&logs_data);
            for log_event in log_events(&logs_data) {
                read_event(log_event);
            }
        }
    }
    // the log data on its own, as a seed from the fixtures can give it
    read_all(data, log_events);
});
