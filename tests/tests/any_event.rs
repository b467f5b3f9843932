//! `AnyEvent` detection against every sample we have: each fixture of `tests/fixtures/` and each
//! file of the public corpus (`../shared/fixtures/`).
//!
//! The expected type of a sample comes from the fixture table (`tests/src/fixture_table.rs`, one
//! source of truth: a fixture's row says which generated type it is). A sample whose type `AnyEvent` can
//! hold must come out as exactly that type; a response or a payload (not an invocation event)
//! and every corpus file without a row must come out `Unknown`: never another type.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;
use typed_lambda_events::AnyEvent;
use typed_lambda_tests::fixture_table::{Row, CORPUS, TABLE};
use typed_lambda_tests::{fixtures_dir, repo_root, shared_corpus_dir};

/// `file => Type` of the rows of one table of the fixture table (`TABLE` or `CORPUS`).
fn table_rows(table: &[Row]) -> BTreeMap<String, String> {
    let rows: BTreeMap<String, String> = table
        .iter()
        .map(|row| (row.fixture.to_owned(), row.type_name.to_owned()))
        .collect();
    assert!(rows.len() > 20, "only {} rows", rows.len());
    rows
}

/// Types of the tables that are neither responses nor identities and are still not invocation
/// events: inner payloads found inside other events, and API replies. The invocation-only rule
/// of the `any_event` module docs names each of them.
const NOT_EVENTS: &[&str] = &[
    "CloudWatchAlarmSnsPayload",
    "CloudWatchLogsData",
    "ConfigInvokingEvent",
    "DynamoDbEventRecord",
    "IamPolicy",
    "IamPolicyDocument",
    "SnsMessage",
    // the SQS ReceiveMessage API reply
    "SqsApiEvent",
];

/// Types in the tables that are not invocation events (the invocation-only rule): responses a
/// function returns, identities, inner payloads and API replies. `AnyEvent` must leave them
/// `Unknown`.
fn is_not_an_event(ty: &str) -> bool {
    ty.ends_with("Response") || ty.ends_with("Identity") || NOT_EVENTS.contains(&ty)
}

/// Corpus files the tables leave out (they carry keys no real event has) with the type
/// `AnyEvent` must still find.
const CORPUS_EXTRA: &[(&str, &str)] = &[
    (
        "aws-lambda-rust-runtime/example-apigw-request-catch-all.json",
        "ApiGatewayProxyRequest",
    ),
    (
        "aws-lambda-rust-runtime/example-apigw-v2-custom-authorizer-websocket-request.json",
        "ApiGatewayWebsocketAuthorizerRequest",
    ),
];

/// What `AnyEvent` must produce for a sample whose row says `ty`.
fn expected(ty: &str) -> Expect {
    if AnyEvent::type_names().contains(&ty) {
        Expect::Type
    } else if is_not_an_event(ty) {
        Expect::Unknown
    } else {
        Expect::NotPlacedYet
    }
}

#[derive(Debug, PartialEq)]
enum Expect {
    Type,
    Unknown,
    NotPlacedYet,
}

struct Outcome {
    misplaced: Vec<String>,
    not_placed: Vec<String>,
    checked: usize,
}

fn check_rows(dir: &Path, rows: &BTreeMap<String, String>, outcome: &mut Outcome) {
    for (file, ty) in rows {
        let bytes = std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("read {file}: {e}"));
        let event = AnyEvent::from_slice(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
        let got = event.type_name();
        outcome.checked += 1;
        match expected(ty) {
            Expect::Type if got != ty => outcome
                .misplaced
                .push(format!("{file}: expected {ty}, got {got}")),
            Expect::Unknown if got != "Unknown" => outcome
                .misplaced
                .push(format!("{file}: a {ty} is not an event, got {got}")),
            Expect::NotPlacedYet if got != "Unknown" => outcome.misplaced.push(format!(
                "{file}: a {ty} (not in AnyEvent) came out as {got}"
            )),
            Expect::NotPlacedYet => outcome.not_placed.push(format!("{file}: {ty}")),
            _ => {}
        }
        // serializing gives back the decoded event: the same JSON as decoding the type directly
        if got != "Unknown" {
            let again = AnyEvent::from_slice(&serde_json::to_vec(&event).unwrap()).unwrap();
            assert_eq!(again, event, "{file}: re-encoded event decodes differently");
        } else {
            let text = std::str::from_utf8(&bytes).unwrap().trim();
            assert_eq!(serde_json::to_string(&event).unwrap(), text, "{file}");
        }
    }
}

#[test]
fn every_fixture_is_placed_as_its_row_says() {
    let mut outcome = Outcome {
        misplaced: Vec::new(),
        not_placed: Vec::new(),
        checked: 0,
    };
    check_rows(&fixtures_dir(), &table_rows(TABLE), &mut outcome);
    if shared_corpus_dir().exists() {
        let mut rows = table_rows(CORPUS);
        for (file, ty) in CORPUS_EXTRA {
            rows.insert(file.to_string(), ty.to_string());
        }
        check_rows(&shared_corpus_dir(), &rows, &mut outcome);
    }
    assert!(
        outcome.misplaced.is_empty(),
        "{} misplaced of {}:\n{}",
        outcome.misplaced.len(),
        outcome.checked,
        outcome.misplaced.join("\n")
    );
    assert!(
        outcome.not_placed.is_empty(),
        "{} event samples whose type has no AnyEvent variant yet (add it to the any_event! list \
         and a detection rule in events/src/any_event.rs):\n{}",
        outcome.not_placed.len(),
        outcome.not_placed.join("\n")
    );
}

#[test]
fn corpus_files_without_a_family_stay_unknown() {
    let dir = shared_corpus_dir();
    if !dir.exists() {
        eprintln!("skipped: {} does not exist", dir.display());
        return;
    }
    let rows = table_rows(CORPUS);
    let extra: Vec<&str> = CORPUS_EXTRA.iter().map(|(f, _)| *f).collect();
    let mut misplaced = Vec::new();
    let mut unknown = 0;
    for sub in ["aws-lambda-go", "aws-lambda-rust-runtime"] {
        for entry in std::fs::read_dir(dir.join(sub)).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            let rel = format!("{sub}/{name}");
            if !name.ends_with(".json") || rows.contains_key(&rel) || extra.contains(&rel.as_str())
            {
                continue;
            }
            let bytes = std::fs::read(dir.join(&rel)).unwrap();
            let event = match AnyEvent::from_slice(&bytes) {
                Ok(event) => event,
                // the one corpus sample that is not JSON on purpose
                Err(e) if name == "dynamodb-event-malformed.2.json" => {
                    assert!(e.to_string().contains("EOF while parsing"), "{e}");
                    continue;
                }
                Err(e) => panic!("{rel}: {e}"),
            };
            if event.is_unknown() {
                unknown += 1;
            } else {
                misplaced.push(format!("{rel}: no family row, got {}", event.type_name()));
            }
        }
    }
    assert!(misplaced.is_empty(), "{}", misplaced.join("\n"));
    eprintln!("{unknown} corpus files without a family row are Unknown");
}

#[test]
fn detection_rules_on_edge_cases() {
    let detect = |v: Value| AnyEvent::detect(&v);
    // not an object, empty batch, unknown record source
    assert_eq!(detect(serde_json::json!([1, 2])), None);
    assert_eq!(detect(serde_json::json!({"Records": []})), None);
    assert_eq!(
        detect(serde_json::json!({"Records": [{"eventSource": "aws:teleport"}]})),
        None
    );
    // the first record decides
    assert_eq!(
        detect(
            serde_json::json!({"Records": [{"EventSource": "aws:sns"}, {"eventSource": "aws:sqs"}]})
        ),
        Some("SnsEvent")
    );
    // an envelope of a service (or a detail type) without a family is the generic EventBridge
    // event; a typed detail type of the same service is not
    assert_eq!(
        detect(
            serde_json::json!({"source": "aws.ec2", "detail-type": "EC2 Spot Instance Interruption Warning"})
        ),
        Some("EventBridgeEvent")
    );
    assert_eq!(
        detect(
            serde_json::json!({"source": "aws.ssm", "detail-type": "Inventory Resource State Change"})
        ),
        Some("EventBridgeEvent")
    );
    assert_eq!(
        detect(
            serde_json::json!({"source": "aws.ec2", "detail-type": "EC2 Instance State-change Notification"})
        ),
        Some("Ec2InstanceStateChangeEvent")
    );
    // a typed family that rejects the detail (Powertools' EC2 sample says `instance_id`) leaves
    // an EventBridge event, never Unknown
    let odd = serde_json::json!({"version": "0", "id": "1", "detail-type": "EC2 Instance State-change Notification",
        "source": "aws.ec2", "account": "111122223333", "time": "2017-12-22T18:43:48Z",
        "region": "us-west-1", "resources": [], "detail": {"instance_id": "i-1", "state": "terminated"}});
    assert_eq!(detect(odd.clone()), Some("Ec2InstanceStateChangeEvent"));
    let event = AnyEvent::from_value(&odd);
    assert_eq!(event.type_name(), "EventBridgeEvent");
    assert_eq!(
        AnyEvent::from_slice(odd.to_string().as_bytes())
            .unwrap()
            .type_name(),
        "EventBridgeEvent"
    );
    let again = AnyEvent::from_slice(&serde_json::to_vec(&event).unwrap()).unwrap();
    assert_eq!(again, event);
    // but an envelope that is not one (no account, time, ...) is still Unknown
    assert!(AnyEvent::from_value(&serde_json::json!({"source": "aws.ec2", "detail-type": "EC2 Instance State-change Notification"})).is_unknown());
    // console sign-ins are sign-in events; other CloudTrail deliveries stay CloudTrail events
    assert_eq!(
        detect(
            serde_json::json!({"source": "aws.signin", "detail-type": "AWS Console Sign In via CloudTrail"})
        ),
        Some("SignInEvent")
    );
    assert_eq!(
        detect(
            serde_json::json!({"source": "aws.signin", "detail-type": "AWS API Call via CloudTrail"})
        ),
        Some("CloudTrailEvent")
    );
    // Lambda destination records: invoked directly, or through EventBridge
    let record = serde_json::json!({"version": "1.0", "timestamp": "2024-01-01T00:00:00Z",
        "requestContext": {"requestId": "r", "functionArn": "arn:aws:lambda:us-east-1:1:function:f",
            "condition": "Success", "approximateInvokeCount": 1},
        "requestPayload": null});
    assert_eq!(detect(record.clone()), Some("LambdaDestinationRecord"));
    let mut no_payload = record.clone();
    no_payload.as_object_mut().unwrap().remove("requestPayload");
    assert_eq!(detect(no_payload), None);
    assert_eq!(
        detect(
            serde_json::json!({"source": "lambda", "detail-type": "Lambda Function Invocation Result - Failure", "detail": record})
        ),
        Some("LambdaDestinationEvent")
    );
    // custom widgets and outbound campaigns custom actions
    assert_eq!(
        detect(serde_json::json!({"widgetContext": {"dashboardName": "d", "widgetId": "w"}})),
        Some("CloudWatchDashboardCustomWidgetEvent")
    );
    assert_eq!(
        detect(
            serde_json::json!({"InvocationMetadata": {"CampaignContext": {"CampaignId": "c"}}, "Items": {"CustomerProfiles": []}})
        ),
        Some("ConnectOutboundCampaignsEvent")
    );
    // CloudTrail events from Control Tower: lifecycle events only with a ...Status member
    assert_eq!(
        detect(
            serde_json::json!({"source": "aws.controltower", "detail-type": "AWS API Call via CloudTrail",
                                  "detail": {"serviceEventDetails": {"relayId": "x"}}})
        ),
        Some("CloudTrailEvent")
    );
    assert_eq!(
        detect(
            serde_json::json!({"source": "aws.controltower", "detail-type": "AWS Service Event via CloudTrail",
                                  "detail": {"serviceEventDetails": {"enableGuardrailStatus": {}}}})
        ),
        Some("ControlTowerLifecycleEvent")
    );
    // ... one the model knows: an operation it does not (which its decode would drop) stays
    // CloudTrail, whose free `serviceEventDetails` keeps it
    assert_eq!(
        detect(
            serde_json::json!({"source": "aws.controltower", "detail-type": "AWS Service Event via CloudTrail",
                                  "detail": {"serviceEventDetails": {"futureOperationStatus": {}}}})
        ),
        Some("CloudTrailEvent")
    );
    // token generation: version 1 is the V1 event
    assert_eq!(
        detect(serde_json::json!({"triggerSource": "TokenGeneration_HostedAuth", "version": "1"})),
        Some("PreTokenGenerationEvent")
    );
    assert_eq!(
        detect(serde_json::json!({"triggerSource": "TokenGeneration_HostedAuth", "version": "2"})),
        Some("PreTokenGenerationV2Event")
    );
    assert_eq!(
        detect(
            serde_json::json!({"triggerSource": "TokenGeneration_HostedAuth", "version": "1",
                                  "request": {"scopes": ["openid"]}})
        ),
        Some("PreTokenGenerationV2Event")
    );
    assert_eq!(
        detect(serde_json::json!({"triggerSource": "Teleport_Now"})),
        None
    );
    // function URLs look like HTTP API 2.0 requests but are not placed as such
    assert_eq!(
        detect(serde_json::json!({"version": "2.0", "routeKey": "$default",
                                  "requestContext": {"domainName": "abc.lambda-url.us-east-1.on.aws"}})),
        Some("LambdaFunctionUrlRequest")
    );
}

#[test]
fn a_detected_event_that_does_not_decode_is_unknown_with_its_text() {
    // an EventBridge envelope without the required `detail`
    let text =
        r#"{"source": "aws.codebuild", "detail-type": "CodeBuild Build State Change", "id": "x"}"#;
    let event = AnyEvent::from_str(text).unwrap();
    assert!(event.is_unknown());
    assert_eq!(event.kind(), "unknown");
    assert_eq!(serde_json::to_string(&event).unwrap(), text);
    // ... and through the Deserialize impl (any deserializer) too
    let via_serde: AnyEvent = serde_json::from_str(text).unwrap();
    assert!(via_serde.is_unknown());
}

#[test]
fn invalid_json_is_the_only_error() {
    let err = AnyEvent::from_slice(b"{\"Records\": [").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("decode AnyEvent: EOF while parsing"),
        "{err}"
    );
    assert!(AnyEvent::from_slice(b"").is_err());
    assert!(AnyEvent::from_slice(b"null").unwrap().is_unknown());
    assert!(AnyEvent::from_slice(b"  \"text\"  ").unwrap().is_unknown());
}

#[test]
fn deserialize_impl_matches_from_slice() {
    let bytes =
        std::fs::read(repo_root().join("tests/fixtures/codebuild-state-change-failed.json"))
            .unwrap();
    let a = AnyEvent::from_slice(&bytes).unwrap();
    let b: AnyEvent = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(a, b);
    assert_eq!(
        (a.kind(), a.type_name()),
        ("codebuild", "CodeBuildStateChangeEvent")
    );
    let AnyEvent::CodeBuildStateChangeEvent(build) = a else {
        panic!("not a build state change")
    };
    assert_eq!(build.detail.project_name, "my-sample-project");
}

/// The invocation-only rule: the module docs name every non-event type of the tables, and
/// none of them (nor any response or identity type of the tables) has an `AnyEvent` variant.
#[test]
fn non_event_types_are_documented_and_have_no_variant() {
    let source = std::fs::read_to_string(repo_root().join("events/src/any_event.rs"))
        .expect("read events/src/any_event.rs");
    let docs: String = source
        .lines()
        .filter_map(|l| l.strip_prefix("//!"))
        .collect::<Vec<_>>()
        .join("\n");
    let section = docs
        .split("# Never placed: the invocation-only rule")
        .nth(1)
        .expect("module docs have the invocation-only rule section");
    let section = section.split("\n # ").next().unwrap();
    for ty in NOT_EVENTS {
        assert!(
            section.contains(&format!("`{ty}`")),
            "the invocation-only rule of the any_event docs does not name `{ty}`"
        );
    }
    let mut rows = table_rows(TABLE);
    rows.extend(table_rows(CORPUS));
    let placed = AnyEvent::type_names();
    let mut not_events = 0;
    for (file, ty) in &rows {
        if is_not_an_event(ty) {
            not_events += 1;
            assert!(
                !placed.contains(&ty.as_str()),
                "{file}: {ty} is not an invocation event but has an AnyEvent variant"
            );
        }
    }
    // responses, identities, payloads and the SQS API reply all have samples
    assert!(not_events >= 40, "only {not_events} non-event samples");
}

/// The SQS ReceiveMessage reply decodes as `sqs::SqsApiEvent` but is never placed: no rule
/// applies, and the text comes back verbatim.
#[test]
fn sqs_api_reply_decodes_as_its_type_and_stays_unknown() {
    use typed_lambda_events::sqs::SqsApiEvent;
    let mut samples = vec![
        repo_root().join("tests/fixtures/sqs-api-event.json"),
        repo_root().join("tests/fixtures/sqs-api-event-fifo-message-attributes.json"),
    ];
    let corpus_file =
        shared_corpus_dir().join("aws-lambda-rust-runtime/example-sqs-api-event-obj.json");
    if corpus_file.exists() {
        samples.push(corpus_file);
    }
    for path in &samples {
        let bytes = std::fs::read(path).unwrap();
        let reply: SqsApiEvent = serde_json::from_slice(&bytes).unwrap();
        assert!(!reply.messages.is_empty(), "{}", path.display());
        assert!(reply.messages.iter().all(|m| !m.receipt_handle.is_empty()));
        let value: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(AnyEvent::detect(&value), None, "{}", path.display());
        let event = AnyEvent::from_slice(&bytes).unwrap();
        assert!(
            event.is_unknown(),
            "{}: {}",
            path.display(),
            event.type_name()
        );
        let text = std::str::from_utf8(&bytes).unwrap().trim();
        assert_eq!(serde_json::to_string(&event).unwrap(), text);
    }
    // the SQS trigger's own event, with the same messages, is placed
    let trigger = std::fs::read(repo_root().join("tests/fixtures/sqs-event-fifo.json")).unwrap();
    assert_eq!(
        AnyEvent::from_slice(&trigger).unwrap().type_name(),
        "SqsEvent"
    );
}

/// Detection falls back: a rule that holds but whose type does not decode hands over to the next
/// rule that holds, down to the family-level catches.
#[test]
fn a_failed_decode_falls_back_to_the_next_rule() {
    use typed_lambda_events::AnyEventKind;
    // a typed EventBridge detail that does not fit its model is still an EventBridge event
    let text = r#"{"version": "0", "id": "1", "source": "aws.codebuild",
        "detail-type": "CodeBuild Build State Change", "account": "123456789012",
        "time": "2024-01-01T00:00:00Z", "region": "us-east-1", "resources": [],
        "detail": {"build-status": 42}}"#;
    let value: Value = serde_json::from_str(text).unwrap();
    assert_eq!(
        AnyEvent::detect_all(&value),
        [
            AnyEventKind::CodeBuildStateChangeEvent,
            AnyEventKind::EventBridgeEvent
        ]
    );
    let event = AnyEvent::from_str(text).unwrap();
    assert_eq!(event.event_kind(), AnyEventKind::EventBridgeEvent);
    let AnyEvent::EventBridgeEvent(generic) = &event else {
        panic!("{event:?}")
    };
    assert_eq!(generic.detail["build-status"], 42);
    assert_eq!(AnyEvent::from_value(&value), event);
}

/// A Cognito user pool trigger is placed even when its `triggerSource` is new, or when its typed
/// event does not decode: as the family-level `CognitoUserPoolTriggerEvent`.
#[test]
fn cognito_triggers_have_a_family_level_catch() {
    use typed_lambda_events::cognito::{CognitoTriggerSource, CognitoUserPoolTriggerEvent};
    use typed_lambda_events::AnyEventKind;
    let new_trigger = serde_json::json!({"version": "1", "triggerSource": "PreTeleport_Now",
        "region": "us-east-1", "userPoolId": "us-east-1_abc", "userName": "jane",
        "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "client"},
        "request": {"userAttributes": {"email": "jane@example.com"}}, "response": {}});
    let event = AnyEvent::from_value(&new_trigger);
    assert_eq!(
        event.event_kind(),
        AnyEventKind::CognitoUserPoolTriggerEvent
    );
    assert_eq!(event.kind(), "cognito");
    let AnyEvent::CognitoUserPoolTriggerEvent(trigger) = &event else {
        panic!("{event:?}")
    };
    assert_eq!(
        trigger.trigger_source,
        CognitoTriggerSource::Unknown("PreTeleport_Now".into())
    );
    assert_eq!(
        trigger.request.as_ref().unwrap()["userAttributes"]["email"],
        "jane@example.com"
    );
    // written back as it came
    assert_eq!(serde_json::to_value(&event).unwrap(), new_trigger);

    // a known trigger whose typed event does not decode (no `request`) is caught too
    let mut broken = new_trigger.clone();
    broken["triggerSource"] = "PreSignUp_SignUp".into();
    broken.as_object_mut().unwrap().remove("request");
    let value = broken.clone();
    assert_eq!(
        AnyEvent::detect_all(&value),
        [
            AnyEventKind::PreSignUpEvent,
            AnyEventKind::CognitoUserPoolTriggerEvent
        ]
    );
    let caught: CognitoUserPoolTriggerEvent = match AnyEvent::from_value(&value) {
        AnyEvent::CognitoUserPoolTriggerEvent(t) => t,
        other => panic!("{other:?}"),
    };
    assert_eq!(caught.trigger_source, CognitoTriggerSource::PreSignUpSignUp);
    // and a well-formed one is its typed event, as before
    let mut fine = new_trigger;
    fine["triggerSource"] = "PreSignUp_SignUp".into();
    assert_eq!(
        AnyEvent::from_value(&fine).event_kind(),
        AnyEventKind::PreSignUpEvent
    );
}

/// The kind enum names every type the string methods name, both ways.
#[test]
fn kinds_and_their_names_agree() {
    use typed_lambda_events::AnyEventKind;
    for kind in AnyEventKind::ALL {
        assert_eq!(AnyEventKind::from_type_name(kind.type_name()), Some(*kind));
        assert!(kind.is_enabled(), "default features enable every family");
    }
    assert_eq!(AnyEvent::type_names().len(), AnyEventKind::ALL.len());
    assert_eq!(AnyEventKind::S3Event.family(), "s3");
    assert_eq!(AnyEventKind::Unknown.type_name(), "Unknown");
    let unknown = AnyEvent::from_str(r#"{"hello": "world"}"#).unwrap();
    assert_eq!(unknown.event_kind(), AnyEventKind::Unknown);
    assert_eq!(unknown.kind(), unknown.event_kind().family());
}
