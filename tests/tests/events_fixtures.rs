//! Every fixture in `tests/fixtures/` against its schema and its generated Rust type.
//!
//! The TABLE (in `tests/src/fixture_table.rs`, shared with `any_event.rs`) ties each fixture file
//! to a type (`family::Type`; the type name is also the schema definition name). For each row:
//!
//! 1. the fixture validates against its schema definition (`jsonschema`, shared refs bundled as
//!    the codegen does),
//! 2. it decodes into the type, and the re-encoded JSON keeps every non-null scalar of the input
//!    with an equal value (numbers compared numerically, RFC 3339 strings as instants),
//! 3. the JSON Schema schemars emits for the type accepts it.
//!
//! A glob test fails when a fixture has no row. When `../shared/fixtures` (the public reference
//! corpus) exists, the CORPUS table is swept the same way (validated with open enums widened,
//! since old samples carry values outside our lists).

use std::collections::BTreeSet;

use serde_json::Value;
use typed_lambda_tests::fixture_table::{round_trip, Row, CORPUS, TABLE};
use typed_lambda_tests::{fixture_json, fixtures_dir, read, repo_root, shared_corpus_dir};

/// Corpus files whose name matches a prefix of CORPUS_PREFIXES but that have no CORPUS row, each
/// with the reason. A file is never both here and in CORPUS (a test checks).
const CORPUS_NOT_OURS: &[&str] = &[
    // has keys no real event has (made up / a serialized Lambda context): decodes losing only those, see tests/events_http.rs
    "example-apigw-request-catch-all.json",
    // truncated JSON (aws-lambda-go's malformed-input test); a test checks it fails to decode
    "dynamodb-event-malformed.2.json",
    // has keys no real event has (made up / a serialized Lambda context): decodes losing only those, see tests/events_http.rs
    "example-apigw-v2-custom-authorizer-websocket-request.json",
];

/// Corpus name prefixes of the families swept here; every matching file needs a CORPUS row.
const CORPUS_PREFIXES: &[&str] = &[
    "s3-",
    "example-s3-",
    "sns-",
    "example-sns-",
    "sqs-",
    "example-sqs-",
    "cognito-",
    "example-cognito-",
    "eventbridge-",
    "example-eventbridge-",
    "cloudtrail-",
    "example-cloudwatch-cloudtrail-",
    "s3-eventbridge-",
    "autoscaling-",
    "example-autoscaling-",
    "code-commit-",
    "codecommit-",
    "example-code_commit-",
    "codebuild-",
    "example-codebuild-",
    "codedeploy-",
    "example-codedeploy-",
    "alb-",
    "example-alb-",
    "codepipeline-",
    "example-codepipeline-",
    "example-codepipeline_",
    "ecr-",
    "example-ecr-",
    "apigw-request",
    "apigw-response",
    "apigw-restapi-",
    "apigw-custom-auth-",
    "example-apigw-request",
    "example-apigw-response",
    "example-apigw-restapi-",
    "example-apigw-custom-auth-",
    "example-apigw-console-",
    "example-apigw-sam-rest-",
    "ecs-",
    "example-ecs-",
    "controltower-",
    "dynamodb-",
    "example-dynamodb-",
    "cloudwatch-alarm-",
    "example-cloudwatch-alarm-",
    "kinesis-event",
    "kinesis-time-window-",
    "example-kinesis-event",
    "guardduty-",
    "apigw-websocket-",
    "example-apigw-websocket-",
    "apigw-v2-",
    "example-apigw-v2-",
    "example-apigw-sam-http-",
    "health-",
    "lambda-urls-",
    "example-lambda-url",
    "example-lambda-function-url",
    "kinesis-firehose-",
    "example-firehose-",
    "example-kinesis-firehose-",
    "kinesis-analytics-",
    "kafka-",
    "example-kafka-",
    "activemq-",
    "example-activemq-",
    "rabbitmq-",
    "example-rabbitmq-",
    "documentdb-",
    "example-documentdb-",
    "appsync-",
    "example-appsync-",
    "vpc-lattice-",
    "example-vpc-lattice-",
    "cloudfront-",
    "example-cloudfront-",
    "cloudwatch-logs-",
    "example-cloudwatch_logs-",
    "bedrock-",
    "example-bedrock-",
    "lex-",
    "example-lex-",
    "connect-",
    "example-connect-",
    "clientvpn-",
    "example-clientvpn-",
    "lex-v2-",
    "example-lex-v2-",
    "example-lexv2-",
    "alexa-",
    "example-alexa-",
    "alexa-smart-home-",
    "example-alexa-smart-home-",
    "ses-",
    "example-ses-",
    "secretsmanager-",
    "example-secretsmanager-",
    "config-",
    "example-config-",
    "chime-",
    "example-chime-",
    "appsync-events-",
    "example-appsync-events-",
    "cloudformation-",
    "example-cloudformation-",
    "iot-custom-auth-",
    "iot-preprovision-hook-",
    "example-iot-custom-auth-",
    "iot-1-click-",
    "example-iot_1_click-",
    "iot-button-",
    "example-iot_button-",
];

/// The schema definition of `row`, bundled; `widen` drops open-enum value lists.
fn definition_schema(row: &Row, widen: bool) -> Value {
    let path = repo_root()
        .join("schemas")
        .join(format!("{}.json", row.family));
    let mut bundled = typed_lambda_codegen::bundle_schema_file(&path)
        .unwrap_or_else(|e| panic!("bundle {}: {e}", path.display()));
    if widen {
        typed_lambda_codegen::widen_open_enums(&mut bundled);
    }
    typed_lambda_codegen::definition_schema(&bundled, row.type_name)
}

/// Validation errors of `instance`. Formats are asserted: `date-time` by the validator, our
/// custom formats by the checks below; with `our_formats_only`, any other format is an error
/// (it would be a typo in a schema of ours; schemars' schemas carry `uint64` and the like).
fn schema_errors(schema: &Value, instance: &Value, our_formats_only: bool) -> Vec<String> {
    let mut options = jsonschema::options()
        .should_validate_formats(true)
        .should_ignore_unknown_formats(!our_formats_only)
        .with_format("epoch-millis-string", |s: &str| {
            s.strip_prefix('-')
                .unwrap_or(s)
                .bytes()
                .all(|b| b.is_ascii_digit())
                && !s.is_empty()
        })
        .with_format("base64", |s: &str| {
            s.len() % 4 == 0
                && s.trim_end_matches('=')
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
        });
    // integer widths apply to numbers, which formats never constrain; `loose-scalar` is
    // constrained by its `type` list alone
    for width in [
        "loose-scalar",
        "int8",
        "int16",
        "int32",
        "int64",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "epoch-seconds",
    ] {
        options = options.with_format(width, |_: &str| true);
    }
    let validator = match options.build(schema) {
        Ok(v) => v,
        Err(e) => return vec![format!("schema does not compile: {e}")],
    };
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Every non-null scalar of `input`, by JSON pointer, must be in `output` with an equal value
/// (the shared walk of `typed_lambda_tests::json_leaves`, with equal instants accepted).
fn lost_leaves(input: &Value, output: &Value) -> Vec<String> {
    typed_lambda_tests::json_leaves::lost(input, output, scalar_eq)
}

fn scalar_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => {
            x == y
                || matches!(
                    (
                        chrono::DateTime::parse_from_rfc3339(x),
                        chrono::DateTime::parse_from_rfc3339(y)
                    ),
                    (Ok(p), Ok(q)) if p == q
                )
        }
        _ => typed_lambda_tests::json_leaves::exact(a, b),
    }
}

/// Runs every check on one sample; returns the problems found.
fn check(row: &Row, text: &str, widen_enums: bool) -> Vec<String> {
    let mut problems = Vec::new();
    let input: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return vec![format!("not JSON: {e}")],
    };
    for e in schema_errors(&definition_schema(row, widen_enums), &input, true) {
        problems.push(format!(
            "schema {}.json#/$defs/{}: {e}",
            row.family, row.type_name
        ));
    }
    match (row.round_trip)(text) {
        Ok(output) => {
            let lost = lost_leaves(&input, &output);
            problems.extend(lost.into_iter().map(|l| format!("round trip lost {l}")));
        }
        Err(e) => problems.push(e),
    }
    for e in schema_errors(&(row.schemars)(), &input, false) {
        problems.push(format!("schemars schema of {}: {e}", row.type_name));
    }
    problems
}

fn report(failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{} problem(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_fixture_has_a_row_and_every_row_a_fixture() {
    let mut on_disk = BTreeSet::new();
    for entry in std::fs::read_dir(fixtures_dir()).expect("tests/fixtures exists") {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") {
            on_disk.insert(name);
        }
    }
    let mut failures = Vec::new();
    let mut seen = BTreeSet::new();
    for row in TABLE {
        if !seen.insert(row.fixture) {
            failures.push(format!("{}: two rows", row.fixture));
        }
        if !on_disk.contains(row.fixture) {
            failures.push(format!(
                "{}: row without a file in tests/fixtures",
                row.fixture
            ));
        }
    }
    for name in &on_disk {
        if !seen.contains(name.as_str()) {
            failures.push(format!(
                "{name}: no row in TABLE of tests/src/fixture_table.rs"
            ));
        }
    }
    assert!(on_disk.len() >= TABLE.len());
    report(failures);
}

/// No corpus file has two CORPUS rows, and none is both swept (CORPUS) and excused
/// (CORPUS_NOT_OURS). Runs without the corpus on disk: it checks the tables only.
#[test]
fn corpus_rows_are_unique_and_not_excused() {
    let mut failures = Vec::new();
    let mut seen = BTreeSet::new();
    for row in CORPUS {
        if !seen.insert(row.fixture) {
            failures.push(format!("{}: two rows in CORPUS", row.fixture));
        }
        let name = row.fixture.rsplit('/').next().unwrap_or(row.fixture);
        if CORPUS_NOT_OURS.contains(&name) {
            failures.push(format!(
                "{}: has a CORPUS row and is listed in CORPUS_NOT_OURS",
                row.fixture
            ));
        }
    }
    let mut excused = BTreeSet::new();
    for name in CORPUS_NOT_OURS {
        if !excused.insert(name) {
            failures.push(format!("{name}: listed twice in CORPUS_NOT_OURS"));
        }
    }
    report(failures);
}

#[test]
fn every_fixture_has_provenance() {
    let readme = read(&fixtures_dir().join("README.md"));
    let failures = TABLE
        .iter()
        .filter(|row| !readme.contains(&format!("`{}`", row.fixture)))
        .map(|row| format!("{}: no row in tests/fixtures/README.md", row.fixture))
        .collect();
    report(failures);
}

#[test]
fn fixtures_validate_decode_round_trip_and_match_schemars() {
    let mut failures = Vec::new();
    for row in TABLE {
        let text = read(&fixtures_dir().join(row.fixture));
        for p in check(row, &text, false) {
            failures.push(format!("{}: {p}", row.fixture));
        }
    }
    report(failures);
}

#[test]
fn shared_corpus_decodes_without_loss() {
    let dir = shared_corpus_dir();
    if !dir.exists() {
        eprintln!("skipped: {} does not exist", dir.display());
        return;
    }
    let mut failures = Vec::new();
    // every corpus file of our families has a row
    for sub in ["aws-lambda-go", "aws-lambda-rust-runtime"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for entry in entries {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            let ours = CORPUS_PREFIXES.iter().any(|p| name.starts_with(p))
                && name.ends_with(".json")
                && !CORPUS_NOT_OURS.contains(&name.as_str());
            let rel = format!("{sub}/{name}");
            if ours && !CORPUS.iter().any(|r| r.fixture == rel) {
                failures.push(format!("{rel}: no row in CORPUS"));
            }
        }
    }
    for row in CORPUS {
        let text = read(&dir.join(row.fixture));
        for p in check(row, &text, true) {
            failures.push(format!("{}: {p}", row.fixture));
        }
    }
    report(failures);
}

#[test]
fn the_checks_catch_a_lost_field_and_a_changed_value() {
    let input: Value =
        serde_json::json!({"a": {"b": 1, "c": null, "t": "2024-01-01T00:00:00Z"}, "d": [1, 2]});
    let same_instant =
        serde_json::json!({"a": {"b": 1.0, "t": "2024-01-01T01:00:00+01:00"}, "d": [1, 2]});
    let lost = lost_leaves(&input, &same_instant);
    assert!(lost.is_empty(), "{lost:?}");
    let changed = serde_json::json!({"a": {"b": 2, "t": "2024-01-01T00:00:01Z"}, "d": [1]});
    assert_eq!(
        lost_leaves(&input, &changed),
        [
            "/a/b: 1 became 2",
            "/a/t: \"2024-01-01T00:00:00Z\" became \"2024-01-01T00:00:01Z\"",
            "/d/1: missing"
        ]
    );
}

// --- behaviour beyond the table -------------------------------------------------------------

use typed_lambda_events::s3::{S3Event, S3EventName, S3StorageClass};

#[test]
fn wrong_typed_input_fails_naming_the_path() {
    let mut event = fixture_json("s3-object-created-put.json");
    event["Records"][0]["s3"]["object"]["size"] = Value::String("big".into());
    let err = round_trip::<S3Event>(&event.to_string()).unwrap_err();
    assert!(err.contains("Records[0].s3.object.size"), "{err}");
    assert!(
        err.contains("invalid type: string \"big\", expected u64"),
        "{err}"
    );

    let mut event = fixture_json("s3-object-created-put.json");
    event["Records"][0]["s3"]["bucket"]
        .as_object_mut()
        .unwrap()
        .remove("name");
    let err = round_trip::<S3Event>(&event.to_string()).unwrap_err();
    assert!(err.contains("missing field `name`"), "{err}");
    assert!(err.contains("Records[0].s3.bucket"), "{err}");

    // a timestamp keeps its text: "tomorrow" decodes (and is written back), reading it fails;
    // a number where the text belongs is still a decode error naming the path
    let mut event = fixture_json("s3-object-restore-completed.json");
    let at = "/Records/0/glacierEventData/restoreEventData/lifecycleRestorationExpiryTime";
    *event.pointer_mut(at).unwrap() = Value::String("tomorrow".into());
    let decoded: S3Event = serde_json::from_value(event.clone()).unwrap();
    assert_eq!(
        serde_json::to_value(&decoded).unwrap().pointer(at),
        event.pointer(at)
    );
    let expiry = decoded.records[0].glacier_event_data.as_ref().unwrap();
    let expiry = expiry.restore_event_data.as_ref().unwrap();
    assert!(expiry
        .lifecycle_restoration_expiry_time
        .as_ref()
        .unwrap()
        .to_datetime()
        .is_err());
    *event.pointer_mut(at).unwrap() = Value::from(1_700_000_000);
    let err = round_trip::<S3Event>(&event.to_string()).unwrap_err();
    assert!(
        err.contains("Records[0].glacierEventData.restoreEventData.lifecycleRestorationExpiryTime"),
        "{err}"
    );
    assert!(
        err.contains("expected an RFC 3339 timestamp string"),
        "{err}"
    );
}

#[test]
fn malformed_json_fails_with_position() {
    let text = read(&fixtures_dir().join("s3-object-created-put.json"));
    let truncated = &text[..text.len() / 2];
    let err = round_trip::<S3Event>(truncated).unwrap_err();
    assert!(
        err.starts_with("decode S3Event: EOF while parsing"),
        "{err}"
    );
    let err = round_trip::<S3Event>("{\"Records\": [}").unwrap_err();
    assert!(err.contains("line 1 column"), "{err}");
}

#[test]
fn unknown_enum_values_survive_a_round_trip() {
    let mut event = fixture_json("s3-object-restore-completed.json");
    event["Records"][0]["eventName"] = Value::String("ObjectCreated:Teleport".into());
    event["Records"][0]["glacierEventData"]["restoreEventData"]["lifecycleRestoreStorageClass"] =
        Value::String("QUANTUM_ARCHIVE".into());
    let decoded: S3Event = serde_json::from_value(event.clone()).unwrap();
    let record = &decoded.records[0];
    assert_eq!(
        record.event_name,
        S3EventName::Unknown("ObjectCreated:Teleport".into())
    );
    assert!(record.event_name.is_unknown());
    let restore = record
        .glacier_event_data
        .as_ref()
        .and_then(|g| g.restore_event_data.as_ref())
        .unwrap();
    assert_eq!(
        restore.lifecycle_restore_storage_class,
        Some(S3StorageClass::Unknown("QUANTUM_ARCHIVE".into()))
    );
    let encoded = serde_json::to_value(&decoded).unwrap();
    assert_eq!(encoded["Records"][0]["eventName"], "ObjectCreated:Teleport");
    assert_eq!(
        encoded["Records"][0]["glacierEventData"]["restoreEventData"]
            ["lifecycleRestoreStorageClass"],
        "QUANTUM_ARCHIVE"
    );
    // known values map to their variants and back
    assert_eq!(
        S3EventName::from("ObjectRemoved:DeleteMarkerCreated"),
        S3EventName::ObjectRemovedDeleteMarkerCreated
    );
    assert_eq!(S3StorageClass::GlacierIr.to_string(), "GLACIER_IR");
    assert!(S3EventName::KNOWN.contains(&"LifecycleTransition"));
}

#[test]
fn delete_events_have_no_size_and_delete_markers_a_null_version() {
    let event: S3Event = serde_json::from_value(fixture_json(
        "s3-object-removed-delete-marker-null-version.json",
    ))
    .unwrap();
    let object = &event.records[0].s3.object;
    assert_eq!(
        event.records[0].event_name,
        S3EventName::ObjectRemovedDeleteMarkerCreated
    );
    assert_eq!(object.size, None);
    assert_eq!(object.e_tag, None);
    assert_eq!(object.version_id, None);
    assert_eq!(object.key, "reports/2024/q2.csv");
}

#[test]
fn timestamps_decode_as_instants() {
    let event: S3Event =
        serde_json::from_value(fixture_json("s3-object-restore-completed.json")).unwrap();
    let record = &event.records[0];
    assert_eq!(
        record.event_time.to_datetime().unwrap().to_rfc3339(),
        "2023-05-10T15:00:00.123+00:00"
    );
    let expiry = record
        .glacier_event_data
        .as_ref()
        .and_then(|g| g.restore_event_data.as_ref())
        .and_then(|r| r.lifecycle_restoration_expiry_time.as_ref())
        .unwrap();
    assert!(expiry.to_datetime().unwrap() > record.event_time.to_datetime().unwrap());
}

#[test]
fn batch_job_response_is_built_from_the_request() {
    use typed_lambda_events::s3_batch_job::{
        S3BatchJobEvent, S3BatchJobResponse, S3BatchJobResult, S3BatchJobResultCode,
    };
    let event: S3BatchJobEvent =
        serde_json::from_value(fixture_json("s3-batch-job-request-2-0.json")).unwrap();
    assert_eq!(
        event.job.user_arguments.get("k1").map(String::as_str),
        Some("v1")
    );
    let task = &event.tasks[0];
    assert_eq!(task.s3_bucket.as_deref(), Some("awsexamplebucket"));
    assert_eq!(task.s3_bucket_arn, None);
    let response = S3BatchJobResponse {
        invocation_schema_version: event.invocation_schema_version.clone(),
        invocation_id: event.invocation_id.clone(),
        treat_missing_keys_as: Some(S3BatchJobResultCode::PermanentFailure),
        results: vec![S3BatchJobResult {
            task_id: task.task_id.clone(),
            result_string: Some(format!("processed {}", task.s3_key)),
            ..Default::default()
        }],
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&response).unwrap(),
        serde_json::json!({
            "invocationSchemaVersion": "2.0",
            "invocationId": "YXNkbGZqYWRmaiBhc2RmdW9hZHNmZGpmaGFzbGtkaGZza2RmaAo",
            "treatMissingKeysAs": "PermanentFailure",
            "results": [{
                "taskId": "dGFza2lkZ29lc2hlcmUK",
                "resultCode": "Succeeded",
                "resultString": "processed customerImage1.jpg"
            }]
        })
    );
    // S3 accepts only three result codes: anything else is an error, not `Unknown`
    let err = serde_json::from_str::<S3BatchJobResultCode>("\"Maybe\"").unwrap_err();
    assert!(err.to_string().contains("unknown variant `Maybe`"), "{err}");
}

#[test]
fn object_lambda_events_carry_their_context_and_identity() {
    use typed_lambda_events::s3_object_lambda::{AwsIdentityType, S3ObjectLambdaEvent};
    let event: S3ObjectLambdaEvent = serde_json::from_value(fixture_json(
        "s3-object-lambda-get-object-assumed-role.json",
    ))
    .unwrap();
    let get = event.get_object_context.as_ref().unwrap();
    assert_eq!(get.output_route, "io-use1-001");
    assert!(event.head_object_context.is_none());
    let identity = event.user_identity.as_ref().unwrap();
    assert_eq!(identity.type_, Some(AwsIdentityType::AssumedRole));
    let issuer = identity
        .session_context
        .as_ref()
        .and_then(|c| c.session_issuer.as_ref())
        .unwrap();
    assert_eq!(issuer.user_name.as_deref(), Some("Admin"));
    assert_eq!(
        event
            .user_request
            .headers
            .get("Accept-Encoding")
            .map(String::as_str),
        Some("identity")
    );

    let list: S3ObjectLambdaEvent =
        serde_json::from_value(fixture_json("s3-object-lambda-list-objects-v2-iam.json")).unwrap();
    assert!(list.list_objects_v2_context.is_some());
    assert!(list.get_object_context.is_none());
    assert_eq!(list.protocol_version, "1.01");
}

#[test]
fn decoded_keys_match_the_url_decoded_key_of_the_samples() {
    let mut checked = 0;
    for row in TABLE.iter().filter(|r| r.family == "s3") {
        let event: S3Event = serde_json::from_value(fixture_json(row.fixture)).unwrap();
        for record in &event.records {
            let object = &record.s3.object;
            if let Some(expected) = &object.url_decoded_key {
                assert_eq!(&object.decoded_key().unwrap(), expected, "{}", row.fixture);
                checked += 1;
            }
        }
    }
    assert!(checked >= 5, "only {checked} samples carry urlDecodedKey");
}

#[test]
fn schema_validation_asserts_formats() {
    let row = TABLE
        .iter()
        .find(|r| r.fixture == "s3-object-created-put.json")
        .unwrap();
    let schema = definition_schema(row, false);
    let mut event = fixture_json(row.fixture);
    assert!(schema_errors(&schema, &event, true).is_empty());
    event["Records"][0]["eventTime"] = Value::String("1970-01-01 00:00".into());
    let errors = schema_errors(&schema, &event, true);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("/Records/0/eventTime"), "{errors:?}");

    let millis = serde_json::json!({"type": "string", "format": "epoch-millis-string"});
    assert!(schema_errors(&millis, &Value::String("1545082649183".into()), true).is_empty());
    assert_eq!(
        schema_errors(&millis, &Value::String("soon".into()), true).len(),
        1
    );
    let b64 = serde_json::json!({"type": "string", "format": "base64"});
    assert!(schema_errors(&b64, &Value::String("SGVsbG8=".into()), true).is_empty());
    assert_eq!(
        schema_errors(&b64, &Value::String("SGVsbG8".into()), true).len(),
        1
    );
    let typo = serde_json::json!({"type": "string", "format": "date-tiem"});
    assert!(!schema_errors(&typo, &Value::String("x".into()), true).is_empty());
}
