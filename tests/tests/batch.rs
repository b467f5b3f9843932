//! Partial batch processing (`typed_lambda_events::batch`): which records are reported failed
//! and why, FIFO ordering, the async variants, and a handler run through the real loop.

use std::cell::RefCell;
use std::future::Future;
use std::pin::pin;
use std::task::{Context as TaskContext, Poll, Waker};

use serde::Deserialize;
use serde_json::{json, Value};
use typed_lambda::testing::FakeRuntimeApi;
use typed_lambda::{Context, Error};
use typed_lambda_events::batch::{
    process_batch, process_batch_async, process_records, process_records_async, BatchEvent,
    FailureReason,
};
use typed_lambda_events::envelope::PayloadErrorKind;
use typed_lambda_events::sqs::{SqsBatchResponse, SqsEvent, SqsMessage};
use typed_lambda_tests::{decode_fixture, fixture};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Order {
    order_id: String,
    items: Vec<OrderItem>,
}

#[derive(Debug, Deserialize)]
struct OrderItem {
    #[allow(dead_code)]
    sku: String,
    quantity: u32,
}

/// The business rule of these tests: an order needs a positive quantity on every item.
fn check(order: &Order) -> Result<(), String> {
    match order.items.iter().find(|i| i.quantity == 0) {
        Some(_) => Err(format!("order {} has an empty item", order.order_id)),
        None => Ok(()),
    }
}

fn failed_ids(response: &SqsBatchResponse) -> Vec<&str> {
    response
        .batch_item_failures
        .iter()
        .map(|f| f.item_identifier.as_str())
        .collect()
}

/// Polls a future to completion on this thread (std only; the futures here never park).
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = TaskContext::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

/// A future that is pending once before it resolves, so the async loop really awaits.
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

#[test]
fn standard_queue_reports_undecodable_and_rejected_records_and_processes_the_rest() {
    let event: SqsEvent = decode_fixture("envelope-sqs-orders.json");
    assert!(!event.is_ordered());
    let processed = RefCell::new(Vec::new());
    let outcome = process_batch(&event, |order: Order, message: &SqsMessage| {
        processed.borrow_mut().push(order.order_id.clone());
        assert!(message.body.contains(&order.order_id));
        check(&order)
    });
    // the closure saw only the records that decoded, in order
    assert_eq!(*processed.borrow(), ["o-1001", "o-1004", "o-1005"]);
    assert_eq!(outcome.succeeded, 2);
    assert_eq!(
        failed_ids(&outcome.response),
        [
            "c1a2b3d4-0002-4e5f-8a9b-0c1d2e3f4a52",
            "c1a2b3d4-0003-4e5f-8a9b-0c1d2e3f4a53",
            "c1a2b3d4-0004-4e5f-8a9b-0c1d2e3f4a54",
        ]
    );
    let indexes: Vec<usize> = outcome.failures.iter().map(|f| f.index).collect();
    assert_eq!(indexes, [1, 2, 3]);
    match &outcome.failures[0].reason {
        FailureReason::Payload(e) => {
            assert_eq!(e.kind(), PayloadErrorKind::Data);
            assert_eq!(e.path(), "items[0].quantity");
        }
        other => panic!("record 1: {other:?}"),
    }
    match &outcome.failures[1].reason {
        FailureReason::Payload(e) => assert_eq!(e.kind(), PayloadErrorKind::Syntax),
        other => panic!("record 2: {other:?}"),
    }
    match &outcome.failures[2].reason {
        FailureReason::Handler(message) => assert_eq!(message, "order o-1004 has an empty item"),
        other => panic!("record 3: {other:?}"),
    }
    assert_eq!(
        outcome.failures[2].to_string(),
        "record 3 (c1a2b3d4-0004-4e5f-8a9b-0c1d2e3f4a54) failed: order o-1004 has an empty item"
    );
    assert!(outcome.failures[0]
        .to_string()
        .starts_with("record 1 (c1a2b3d4-0002-4e5f-8a9b-0c1d2e3f4a52) failed: decode Records[1].body as Order: invalid type"));
    assert!(!outcome.all_succeeded());
    // the wire shape Lambda reads
    assert_eq!(
        serde_json::to_value(outcome.into_response()).unwrap(),
        json!({"batchItemFailures": [
            {"itemIdentifier": "c1a2b3d4-0002-4e5f-8a9b-0c1d2e3f4a52"},
            {"itemIdentifier": "c1a2b3d4-0003-4e5f-8a9b-0c1d2e3f4a53"},
            {"itemIdentifier": "c1a2b3d4-0004-4e5f-8a9b-0c1d2e3f4a54"},
        ]})
    );
}

#[test]
fn fifo_queue_stops_at_the_first_failure_and_reports_the_rest() {
    let event: SqsEvent = decode_fixture("envelope-sqs-fifo-orders.json");
    assert!(event.is_ordered());
    let mut calls = 0;
    let outcome = process_batch(&event, |order: Order, _: &SqsMessage| {
        calls += 1;
        check(&order)
    });
    assert_eq!(
        calls, 2,
        "the third order must not run after the second failed"
    );
    assert_eq!(outcome.succeeded, 1);
    assert_eq!(
        failed_ids(&outcome.response),
        [
            "f1e2d3c4-0002-4b5a-9c8d-7e6f5a4b3c22",
            "f1e2d3c4-0003-4b5a-9c8d-7e6f5a4b3c23",
        ]
    );
    assert!(matches!(
        outcome.failures[0].reason,
        FailureReason::Handler(_)
    ));
    assert!(matches!(
        outcome.failures[1].reason,
        FailureReason::NotProcessed
    ));
    assert_eq!(
        outcome.failures[1].to_string(),
        "record 2 (f1e2d3c4-0003-4b5a-9c8d-7e6f5a4b3c23) failed: not processed: an earlier record of this ordered batch failed"
    );
}

#[test]
fn fifo_queue_with_an_undecodable_first_record_fails_the_whole_batch() {
    let mut event: SqsEvent = decode_fixture("envelope-sqs-fifo-orders.json");
    event.records[0].body = "{\"orderId\": 7}".into();
    let outcome = process_batch(&event, |_: Order, _: &SqsMessage| -> Result<(), String> {
        panic!("no record may run")
    });
    assert_eq!(outcome.failures.len(), 3);
    assert_eq!(outcome.succeeded, 0);
    assert!(matches!(
        outcome.failures[0].reason,
        FailureReason::Payload(_)
    ));
}

#[test]
fn all_succeeded_and_empty_batches_send_an_empty_list() {
    let event: SqsEvent = decode_fixture("envelope-sqs-fifo-orders.json");
    let outcome = process_batch(&event, |_: Value, _: &SqsMessage| Ok::<(), String>(()));
    assert!(outcome.all_succeeded());
    assert_eq!(outcome.succeeded, 3);
    assert_eq!(
        serde_json::to_value(outcome.into_response()).unwrap(),
        json!({"batchItemFailures": []})
    );
    let empty = SqsEvent::default();
    let outcome = process_batch(&empty, |_: Value, _: &SqsMessage| Ok::<(), String>(()));
    assert_eq!(outcome.succeeded, 0);
    assert!(outcome.response.batch_item_failures.is_empty());
}

#[test]
fn process_records_hands_over_raw_records() {
    // bodies that are not JSON at all are fine here: nothing is decoded
    let event: SqsEvent = decode_fixture("sqs-event-standard.json");
    let mut seen = Vec::new();
    let outcome = process_records(&event, |message: &SqsMessage| {
        seen.push(message.body.clone());
        if seen.len() == 2 {
            Err("second one fails")
        } else {
            Ok(())
        }
    });
    assert_eq!(seen, ["Test message.", "Test message."]);
    assert_eq!(
        failed_ids(&outcome.response),
        ["2e1424d4-f796-459a-8184-9c92662be6da"]
    );
}

#[test]
fn async_variants_await_each_record_in_order() {
    let event: SqsEvent = decode_fixture("envelope-sqs-orders.json");
    let log = RefCell::new(Vec::new());
    let outcome = block_on(process_batch_async(
        &event,
        |order: Order, message: &SqsMessage| {
            let log = &log;
            async move {
                YieldOnce(false).await;
                log.borrow_mut()
                    .push(format!("{} {}", message.message_id, order.order_id));
                check(&order)
            }
        },
    ));
    assert_eq!(log.borrow().len(), 3);
    assert!(log.borrow()[0].ends_with("o-1001"));
    assert_eq!(outcome.failures.len(), 3);
    assert_eq!(outcome.succeeded, 2);

    let fifo: SqsEvent = decode_fixture("envelope-sqs-fifo-orders.json");
    let calls = RefCell::new(0);
    let outcome = block_on(process_records_async(&fifo, |message: &SqsMessage| {
        let calls = &calls;
        async move {
            YieldOnce(false).await;
            *calls.borrow_mut() += 1;
            if message.body.contains("o-2001") {
                Err("first fails")
            } else {
                Ok(())
            }
        }
    }));
    assert_eq!(*calls.borrow(), 1);
    assert_eq!(outcome.failures.len(), 3);
}

#[test]
fn a_batch_handler_through_the_runtime_returns_the_failures() {
    fn handler(event: SqsEvent, _ctx: &Context) -> Result<SqsBatchResponse, Error> {
        Ok(process_batch(&event, |order: Order, _: &SqsMessage| check(&order)).into_response())
    }
    let fake = FakeRuntimeApi::start();
    let _function = fake.spawn(handler);
    let output = fake.invoke(fixture("envelope-sqs-orders.json")).json();
    assert_eq!(
        output,
        json!({"batchItemFailures": [
            {"itemIdentifier": "c1a2b3d4-0002-4e5f-8a9b-0c1d2e3f4a52"},
            {"itemIdentifier": "c1a2b3d4-0003-4e5f-8a9b-0c1d2e3f4a53"},
            {"itemIdentifier": "c1a2b3d4-0004-4e5f-8a9b-0c1d2e3f4a54"},
        ]})
    );
    let output = fake.invoke(fixture("envelope-sqs-fifo-orders.json")).json();
    assert_eq!(
        output,
        json!({"batchItemFailures": [
            {"itemIdentifier": "f1e2d3c4-0002-4b5a-9c8d-7e6f5a4b3c22"},
            {"itemIdentifier": "f1e2d3c4-0003-4b5a-9c8d-7e6f5a4b3c23"},
        ]})
    );
}

#[test]
fn sqs_batch_example_reports_the_order_without_items_and_the_body_that_is_not_json() {
    let event = typed_lambda_tests::repo_root().join("runtime/examples/events/sqs_batch.json");
    let run = typed_lambda_tests::run_locally("sqs_batch", &[&event], b"");
    assert_eq!(run.code, Some(0), "stderr:\n{}", run.stderr);
    assert_eq!(
        run.json(),
        json!({"batchItemFailures": [
            {"itemIdentifier": "a1b2c3d4-0002-4f00-8000-000000000002"},
            {"itemIdentifier": "a1b2c3d4-0003-4f00-8000-000000000003"},
        ]})
    );
    // each failure is logged with its reason
    assert!(
        run.stderr.contains("reason=order o-2 has no items"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("reason=decode Records[2].body as Order: expected value (line 1, column 1)"),
        "{}",
        run.stderr
    );
}

#[test]
fn kinesis_batch_stops_at_the_first_failure_and_reports_sequence_numbers() {
    use typed_lambda_events::kinesis::{KinesisEvent, KinesisEventRecord};
    let event: KinesisEvent = decode_fixture("envelope-kinesis-orders.json");
    assert!(event.is_ordered());
    let mut seen = Vec::new();
    let outcome = process_batch(&event, |order: Order, record: &KinesisEventRecord| {
        seen.push(record.kinesis.partition_key.clone());
        check(&order)
    });
    assert_eq!(seen.len(), 2);
    assert_eq!(
        serde_json::to_value(outcome.into_response()).unwrap(),
        json!({"batchItemFailures": [
            {"itemIdentifier": "49590338271490256608559692540925702759324208523137515618"},
            {"itemIdentifier": "49590338271490256608559692542325702759324208523137515619"},
        ]})
    );
}

#[test]
fn dynamodb_batch_reports_sequence_numbers_and_records_give_every_image() {
    use typed_lambda_events::dynamodb::{
        DynamoDbEvent, DynamoDbEventRecord, DynamoDbOperationType,
    };
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Item {
        message: String,
    }
    let event: DynamoDbEvent = decode_fixture("dynamodb-event-insert-modify.json");
    let outcome = process_batch(&event, |item: Item, record: &DynamoDbEventRecord| {
        if record.event_name == DynamoDbOperationType::Modify {
            Err(format!("cannot apply change to {:?}", item.message))
        } else {
            Ok(())
        }
    });
    assert_eq!(outcome.succeeded, 1);
    assert_eq!(
        serde_json::to_value(outcome.into_response()).unwrap(),
        json!({"batchItemFailures": [{"itemIdentifier": "222"}]})
    );
    // deletes have no NewImage: go through the records
    let removed: DynamoDbEvent = decode_fixture("dynamodb-event-ttl-remove-keys-only.json");
    let outcome = process_records(&removed, |record: &DynamoDbEventRecord| {
        record.keys::<Value>().map(|_| ())
    });
    assert!(outcome.all_succeeded());
    let outcome = process_batch(&removed, |_: Value, _: &DynamoDbEventRecord| {
        Ok::<(), String>(())
    });
    match &outcome.failures[0].reason {
        FailureReason::Payload(e) => assert_eq!(e.kind(), PayloadErrorKind::Missing),
        other => panic!("{other:?}"),
    }
}

#[test]
fn kinesis_example_reports_the_bad_view_and_everything_after_it() {
    let event = typed_lambda_tests::repo_root().join("runtime/examples/events/kinesis.json");
    let run = typed_lambda_tests::run_locally("kinesis", &[&event], b"");
    assert_eq!(run.code, Some(0), "stderr:\n{}", run.stderr);
    assert_eq!(
        run.json(),
        json!({"batchItemFailures": [
            {"itemIdentifier": "49590338271490256608559692538361571095921575989136588803"},
            {"itemIdentifier": "49590338271490256608559692538361571095921575989136588804"},
        ]})
    );
    assert!(
        run.stderr
            .contains("reason=negative duration -1 ms in session s-2"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(r#"pages={"/": 1200, "/cart": 5400}"#),
        "{}",
        run.stderr
    );
}

#[test]
fn async_kinesis_batch_stops_at_the_first_failure() {
    use typed_lambda_events::kinesis::{KinesisEvent, KinesisEventRecord};
    let event: KinesisEvent = decode_fixture("envelope-kinesis-orders.json");
    let seen = RefCell::new(Vec::new());
    let outcome = block_on(process_batch_async(
        &event,
        |order: Order, record: &KinesisEventRecord| {
            let seen = &seen;
            async move {
                YieldOnce(false).await;
                seen.borrow_mut().push(order.order_id.clone());
                assert_eq!(record.kinesis.partition_key, "customer-42");
                check(&order)
            }
        },
    ));
    // the second order is rejected; the third is not run but reported
    assert_eq!(*seen.borrow(), ["o-5001", "o-5002"]);
    assert_eq!(outcome.succeeded, 1);
    let reasons: Vec<&str> = outcome
        .failures
        .iter()
        .map(|f| match &f.reason {
            FailureReason::Handler(_) => "handler",
            FailureReason::NotProcessed => "not processed",
            FailureReason::Payload(_) => "payload",
        })
        .collect();
    assert_eq!(reasons, ["handler", "not processed"]);
    assert_eq!(
        serde_json::to_value(outcome.into_response()).unwrap(),
        json!({"batchItemFailures": [
            {"itemIdentifier": "49590338271490256608559692540925702759324208523137515618"},
            {"itemIdentifier": "49590338271490256608559692542325702759324208523137515619"},
        ]})
    );

    // the raw-record variant: a record that is not JSON at all is fine here
    let hello: KinesisEvent = decode_fixture("kinesis-event.json");
    let outcome = block_on(process_records_async(
        &hello,
        |record: &KinesisEventRecord| async move {
            YieldOnce(false).await;
            match record
                .kinesis
                .data
                .decode()
                .map_err(|e| e.to_string())?
                .as_slice()
            {
                b"Hello World" => Ok(()),
                other => Err(format!("unexpected data {other:?}")),
            }
        },
    ));
    assert!(outcome.all_succeeded(), "{:?}", outcome.failures);
    assert_eq!(outcome.succeeded, hello.records.len());
}

#[test]
fn async_dynamodb_batch_reports_sequence_numbers_and_handles_deletes_through_records() {
    use typed_lambda_events::dynamodb::{
        DynamoDbEvent, DynamoDbEventRecord, DynamoDbOperationType,
    };
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Item {
        message: String,
    }
    let event: DynamoDbEvent = decode_fixture("dynamodb-event-insert-modify.json");
    let messages = RefCell::new(Vec::new());
    let outcome = block_on(process_batch_async(
        &event,
        |item: Item, record: &DynamoDbEventRecord| {
            let messages = &messages;
            async move {
                YieldOnce(false).await;
                messages.borrow_mut().push(item.message.clone());
                if record.event_name == DynamoDbOperationType::Insert {
                    Err(format!("duplicate {:?}", item.message))
                } else {
                    Ok(())
                }
            }
        },
    ));
    // ordered: the INSERT fails, the MODIFY after it is not run
    assert_eq!(*messages.borrow(), ["New item!"]);
    assert_eq!(outcome.succeeded, 0);
    assert_eq!(
        serde_json::to_value(outcome.into_response()).unwrap(),
        json!({"batchItemFailures": [{"itemIdentifier": "111"}, {"itemIdentifier": "222"}]})
    );

    // a REMOVE has no NewImage: process_batch_async fails it (and would stop the shard) ...
    let removed: DynamoDbEvent = decode_fixture("dynamodb-event-ttl-remove-keys-only.json");
    let outcome = block_on(process_batch_async(
        &removed,
        |_: Value, _: &DynamoDbEventRecord| async { Ok::<(), String>(()) },
    ));
    assert_eq!(
        outcome.response.batch_item_failures[0].item_identifier,
        "4421584500000000017450439091"
    );
    // ... process_records_async reads the keys instead
    let keys = RefCell::new(Vec::new());
    let outcome = block_on(process_records_async(
        &removed,
        |record: &DynamoDbEventRecord| {
            let keys = &keys;
            async move {
                YieldOnce(false).await;
                let key: Value = record.keys()?;
                keys.borrow_mut().push(key);
                Ok::<(), typed_lambda_events::PayloadError>(())
            }
        },
    ));
    assert!(outcome.all_succeeded());
    assert_eq!(
        *keys.borrow(),
        [json!({"pk": "session#42", "sk": 1699990000})]
    );
}
