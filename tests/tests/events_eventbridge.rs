//! Behaviour of the EventBridge and service-event families (group C of issue 6) beyond the
//! fixture table of `events_fixtures.rs`: typed details, open enums, odd encodings and the SNS
//! alarm payload inside the public corpus samples.

use serde_json::{json, Value};
use typed_lambda_tests::{fixture_json, shared_corpus_json};

#[test]
fn generic_event_keeps_any_detail_and_typed_families_type_it() {
    use typed_lambda_events::eventbridge::EventBridgeEvent;
    let event: EventBridgeEvent =
        serde_json::from_value(fixture_json("eventbridge-event-custom.json")).unwrap();
    assert_eq!(event.detail_type, "Order Placed");
    assert_eq!(event.detail["items"][0]["price"], json!(9.5));
    assert_eq!(event.detail["note"], Value::Null);
    assert!(event.resources.is_empty());
    assert_eq!(
        event.time.to_datetime().unwrap().to_rfc3339(),
        "2024-03-14T09:26:53+00:00"
    );

    // the same bytes of a typed family decode as the generic event too
    let generic: EventBridgeEvent =
        serde_json::from_value(fixture_json("codebuild-state-change-failed.json")).unwrap();
    assert_eq!(generic.detail["build-status"], "FAILED");
    let typed: typed_lambda_events::codebuild::CodeBuildStateChangeEvent =
        serde_json::from_value(fixture_json("codebuild-state-change-failed.json")).unwrap();
    assert_eq!(typed.detail.build_status.as_str(), "FAILED");
    assert_eq!(typed.id, generic.id);
}

#[test]
fn replayed_events_carry_the_replay_name() {
    use typed_lambda_events::eventbridge::EventBridgeEvent;
    let event: EventBridgeEvent =
        serde_json::from_value(fixture_json("eventbridge-event-replayed.json")).unwrap();
    assert_eq!(
        event.replay_name.as_deref(),
        Some("orders-replay-2024-03-15")
    );
    let live: EventBridgeEvent =
        serde_json::from_value(fixture_json("eventbridge-event-custom.json")).unwrap();
    assert_eq!(live.replay_name, None);
    assert!(!serde_json::to_value(&live)
        .unwrap()
        .as_object()
        .unwrap()
        .contains_key("replay-name"));
}

#[test]
fn a_missing_detail_fails_naming_it() {
    let mut event = fixture_json("ecr-image-scan.json");
    event.as_object_mut().unwrap().remove("detail");
    let err =
        serde_json::from_value::<typed_lambda_events::ecr::EcrImageScanEvent>(event).unwrap_err();
    assert!(err.to_string().contains("missing field `detail`"), "{err}");
}

#[test]
fn codebuild_numbers_accept_integers_and_fractions() {
    use typed_lambda_events::codebuild::{
        CodeBuildBuildStatus, CodeBuildPhaseType, CodeBuildStateChangeEvent,
    };
    let event: CodeBuildStateChangeEvent =
        serde_json::from_value(fixture_json("codebuild-state-change-succeeded.json")).unwrap();
    let info = event.detail.additional_information.as_ref().unwrap();
    assert_eq!(info.build_number, Some(55.0));
    let phases = &info.phases;
    // the sample mixes `0` and `0.0`, `36.0` and `4`
    let durations: Vec<Option<f64>> = phases.iter().map(|p| p.duration_in_seconds).collect();
    assert_eq!(durations[2], Some(36.0));
    assert_eq!(durations[3], Some(4.0));
    assert_eq!(
        phases.last().unwrap().phase_type,
        Some(CodeBuildPhaseType::Completed)
    );
    assert_eq!(phases.last().unwrap().end_time, None);
    assert_eq!(event.detail.build_status, CodeBuildBuildStatus::Succeeded);
}

#[test]
fn codepipeline_action_type_version_is_a_string_or_a_number() {
    use typed_lambda_events::codepipeline::{
        CodePipelineActionStateChangeEvent, CodePipelineActionTypeVersion, CodePipelineState,
    };
    let numeric: CodePipelineActionStateChangeEvent = serde_json::from_value(fixture_json(
        "codepipeline-action-state-change-started.json",
    ))
    .unwrap();
    let version = numeric.detail.type_.as_ref().unwrap().version.clone();
    assert_eq!(version, Some(CodePipelineActionTypeVersion::Number(1.0)));
    let text: CodePipelineActionStateChangeEvent =
        serde_json::from_value(fixture_json("codepipeline-action-state-change-failed.json"))
            .unwrap();
    let version = text.detail.type_.as_ref().unwrap().version.clone();
    assert_eq!(
        version,
        Some(CodePipelineActionTypeVersion::String("1".into()))
    );
    assert_eq!(text.detail.state, CodePipelineState::Failed);
    let result = text.detail.execution_result.as_ref().unwrap();
    assert_eq!(result.error_code.as_deref(), Some("JobFailed"));
    // and each writes back as it came
    let out = serde_json::to_value(&text).unwrap();
    assert_eq!(out["detail"]["type"]["version"], "1");
    let out = serde_json::to_value(&numeric).unwrap();
    assert_eq!(out["detail"]["type"]["version"], json!(1.0));
}

#[test]
fn codepipeline_job_keeps_user_parameters_and_null_revisions() {
    use typed_lambda_events::codepipeline::CodePipelineJobEvent;
    let event: CodePipelineJobEvent =
        serde_json::from_value(fixture_json("codepipeline-job-continuation.json")).unwrap();
    let job = &event.code_pipeline_job;
    let config = &job
        .data
        .action_configuration
        .as_ref()
        .unwrap()
        .configuration;
    let params = config.get("UserParameters").unwrap();
    let params: Value = serde_json::from_str(params).unwrap();
    assert_eq!(params["environment"], "staging");
    let outputs = &job.data.output_artifacts;
    assert_eq!(outputs[0].revision, None);
    assert_eq!(
        job.data.continuation_token.as_deref(),
        Some("{\"step\": 2}")
    );
}

#[test]
fn cloudtrail_unknown_identity_type_and_null_parameters() {
    use typed_lambda_events::cloudtrail::{AwsIdentityType, CloudTrailEventType, CloudTrailRecord};
    let Some(sample) = shared_corpus_json(
        "aws-lambda-rust-runtime/example-cloudwatch-cloudtrail-unknown-federate.json",
    ) else {
        return;
    };
    let record: CloudTrailRecord = serde_json::from_value(sample).unwrap();
    let identity = record.user_identity.as_ref().unwrap();
    // CloudTrail's own `Unknown` identity type is not our catch-all by accident: it is kept
    assert_eq!(
        identity.type_,
        Some(AwsIdentityType::Unknown("Unknown".into()))
    );
    assert_eq!(record.event_type, CloudTrailEventType::AwsServiceEvent);
    assert_eq!(record.request_parameters, None);
    assert_eq!(
        record.service_event_details.as_ref().unwrap()["relayId"],
        "00000000-0000-0000-0000-000000000000_00000000-0000-0000-0000-000000000000"
    );
    let out = serde_json::to_value(&record).unwrap();
    assert_eq!(out["userIdentity"]["type"], "Unknown");
}

#[test]
fn controltower_lifecycle_details_are_typed() {
    use typed_lambda_events::controltower::{ControlTowerLifecycleEvent, ControlTowerState};
    let event: ControlTowerLifecycleEvent =
        serde_json::from_value(fixture_json("controltower-enable-guardrail.json")).unwrap();
    assert_eq!(event.detail.event_name, "EnableGuardrail");
    let details = event.detail.service_event_details.as_ref().unwrap();
    let status = details.enable_guardrail_status.as_ref().unwrap();
    assert_eq!(status.state, ControlTowerState::Succeeded);
    let guardrail = &status.guardrails[0];
    assert_eq!(
        guardrail.guardrail_id.as_deref(),
        Some("AWS-GR_RESTRICT_ROOT_USER")
    );
    assert!(details.create_managed_account_status.is_none());
}

#[test]
fn s3_eventbridge_keys_are_plain_and_deletions_have_no_size() {
    use typed_lambda_events::s3_eventbridge::{S3EventBridgeDeletionType, S3EventBridgeEvent};
    let created: S3EventBridgeEvent = serde_json::from_value(fixture_json(
        "s3-eventbridge-object-created-event-version.json",
    ))
    .unwrap();
    // unlike S3 notifications, the key is not URL-encoded
    assert_eq!(
        created.detail.object.key,
        "uploads/2025/01/report final.pdf"
    );
    assert_eq!(created.detail.object.size, Some(104857600));
    assert_eq!(created.detail.event_version.as_deref(), Some("1.0"));
    let deleted: S3EventBridgeEvent =
        serde_json::from_value(fixture_json("s3-eventbridge-object-deleted-lifecycle.json"))
            .unwrap();
    assert_eq!(deleted.detail.object.size, None);
    assert_eq!(
        deleted.detail.deletion_type,
        Some(S3EventBridgeDeletionType::DeleteMarkerCreated)
    );
    assert_eq!(deleted.detail.source_ip_address, None);
    assert_eq!(
        deleted.detail.reason.as_deref(),
        Some("Lifecycle Expiration")
    );
}

#[test]
fn autoscaling_details_and_open_enums() {
    use typed_lambda_events::autoscaling::{
        AutoScalingActivityEvent, AutoScalingActivityStatusCode, AutoScalingLifecycleActionEvent,
        AutoScalingLifecycleTransition,
    };
    let activity: AutoScalingActivityEvent = serde_json::from_value(fixture_json(
        "autoscaling-launch-unsuccessful-warm-pool.json",
    ))
    .unwrap();
    assert_eq!(
        activity.detail.status_code,
        AutoScalingActivityStatusCode::Failed
    );
    let details = activity.detail.details.as_ref().unwrap();
    assert_eq!(details.availability_zone.as_deref(), Some("us-west-2b"));
    assert_eq!(details.subnet_id.as_deref(), Some("subnet-12345678"));
    assert_eq!(activity.detail.origin.as_deref(), Some("WarmPool"));

    let mut hook = fixture_json("autoscaling-launch-lifecycle-action-warm-pool.json");
    hook["detail"]["LifecycleTransition"] = json!("autoscaling:EC2_INSTANCE_HIBERNATING");
    let hook: AutoScalingLifecycleActionEvent = serde_json::from_value(hook).unwrap();
    assert_eq!(
        hook.detail.lifecycle_transition,
        AutoScalingLifecycleTransition::Unknown("autoscaling:EC2_INSTANCE_HIBERNATING".into())
    );
    assert_eq!(
        serde_json::to_value(&hook).unwrap()["detail"]["LifecycleTransition"],
        "autoscaling:EC2_INSTANCE_HIBERNATING"
    );
}

#[test]
fn sns_alarm_messages_of_the_corpus_decode_as_the_alarm_payload() {
    use typed_lambda_events::cloudwatch_alarms::{
        CloudWatchAlarmSnsPayload, CloudWatchAlarmStateValue,
    };
    use typed_lambda_events::sns::SnsEvent;
    let mut checked = 0;
    for rel in [
        "aws-lambda-go/cloudwatch-alarm-sns-payload-multiple-metrics.json",
        "aws-lambda-go/cloudwatch-alarm-sns-payload-single-metric.json",
        "aws-lambda-rust-runtime/example-cloudwatch-alarm-sns-payload-multiple-metrics.json",
        "aws-lambda-rust-runtime/example-cloudwatch-alarm-sns-payload-single-metric.json",
    ] {
        let Some(sample) = shared_corpus_json(rel) else {
            continue;
        };
        let event: SnsEvent = serde_json::from_value(sample).unwrap();
        for record in &event.records {
            let message: Value = serde_json::from_str(&record.sns.message).unwrap();
            let payload: CloudWatchAlarmSnsPayload =
                serde_json::from_value(message.clone()).unwrap_or_else(|e| panic!("{rel}: {e}"));
            assert_eq!(
                payload.new_state_value,
                CloudWatchAlarmStateValue::Alarm,
                "{rel}"
            );
            assert!(payload.trigger.is_some(), "{rel}");
            // nothing of the message is lost (null values aside)
            let back = serde_json::to_value(&payload).unwrap();
            for (key, value) in message.as_object().unwrap() {
                if !value.is_null() {
                    assert!(back.get(key).is_some(), "{rel}: lost {key}");
                }
            }
            checked += 1;
        }
    }
    if shared_corpus_json("aws-lambda-go/cloudwatch-alarm-sns-payload-single-metric.json").is_some()
    {
        assert!(checked >= 5, "only {checked} alarm messages checked");
    }
}

#[test]
fn alarm_action_payloads_metric_and_composite() {
    use typed_lambda_events::cloudwatch_alarms::{CloudWatchAlarmEvent, CloudWatchAlarmStateValue};
    let metric: CloudWatchAlarmEvent =
        serde_json::from_value(fixture_json("cloudwatch-alarms-metric.json")).unwrap();
    let config = metric.alarm_data.configuration.as_ref().unwrap();
    let query = &config.metrics[0];
    let stat = query.metric_stat.as_ref().unwrap();
    assert_eq!(
        stat.metric.as_ref().unwrap().dimensions["InstanceId"],
        "i-12345678"
    );
    assert!(config.alarm_rule.is_none());
    let reason: Value = serde_json::from_str(
        metric
            .alarm_data
            .previous_state
            .as_ref()
            .unwrap()
            .reason_data
            .as_deref()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(reason["threshold"], json!(5.0));

    let composite: CloudWatchAlarmEvent = serde_json::from_value(fixture_json(
        "cloudwatch-alarms-composite-with-suppressor.json",
    ))
    .unwrap();
    let state = &composite.alarm_data.state;
    assert_eq!(state.value, CloudWatchAlarmStateValue::Alarm);
    assert_eq!(state.actions_suppressed_by.as_deref(), Some("WaitPeriod"));
    let config = composite.alarm_data.configuration.as_ref().unwrap();
    assert_eq!(config.actions_suppressor_wait_period, Some(120));
    // the envelope-shaped sample keeps its envelope fields
    assert_eq!(
        composite.detail_type.as_deref(),
        Some("CloudWatch Alarm State Change")
    );
}

#[test]
fn health_and_guardduty_keep_service_formats() {
    use typed_lambda_events::guardduty::GuardDutyFindingEvent;
    use typed_lambda_events::health::{
        HealthEvent, HealthEventStatusCode, HealthEventTypeCategory,
    };
    let health: HealthEvent =
        serde_json::from_value(fixture_json("health-event-scheduled-change.json")).unwrap();
    assert_eq!(
        health.detail.event_type_category,
        HealthEventTypeCategory::ScheduledChange
    );
    assert_eq!(
        health.detail.status_code,
        Some(HealthEventStatusCode::Upcoming)
    );
    // HTTP-date timestamps stay text
    assert_eq!(
        health.detail.start_time.as_deref(),
        Some("Sat, 04 Jun 2022 06:00:00 GMT")
    );
    let entity = &health.detail.affected_entities[0];
    assert_eq!(entity.tags["stage"], "prod");

    let finding: GuardDutyFindingEvent =
        serde_json::from_value(fixture_json("guardduty-finding-api-call.json")).unwrap();
    assert_eq!(finding.detail.severity, 8.0);
    let keys = finding
        .detail
        .resource
        .as_ref()
        .unwrap()
        .access_key_details
        .as_ref()
        .unwrap();
    assert_eq!(keys.user_type.as_deref(), Some("AssumedRole"));
    let action = finding
        .detail
        .service
        .as_ref()
        .unwrap()
        .action
        .as_ref()
        .unwrap();
    // action details vary by finding type and are kept as JSON
    assert_eq!(
        action.aws_api_call_action.as_ref().unwrap()["api"],
        "ListBuckets"
    );
}

/// A helper written for the one `CloudTrailRecord` type takes CloudTrail's records and Control
/// Tower's (whose record types `serviceEventDetails`) alike: the Control Tower record converts
/// into it with `.into()`, keeping every field, its details as JSON again.
#[test]
fn a_cloudtrail_record_helper_accepts_control_tower_records() {
    use typed_lambda_events::cloudtrail::{CloudTrailEvent, CloudTrailRecord};
    use typed_lambda_events::controltower::ControlTowerLifecycleEvent;
    use typed_lambda_events::shared::eventbridge::EventBridgeEnvelope;

    fn who_did_what(record: impl Into<CloudTrailRecord>) -> (String, String, Option<Value>) {
        let record: CloudTrailRecord = record.into();
        (
            record.event_source,
            record.event_name,
            record.service_event_details,
        )
    }
    let tower: ControlTowerLifecycleEvent =
        serde_json::from_value(fixture_json("controltower-enable-guardrail.json")).unwrap();
    let original = fixture_json("controltower-enable-guardrail.json");
    let (source, name, details) = who_did_what(tower.detail.clone());
    assert_eq!(source, "controltower.amazonaws.com");
    assert_eq!(name, "EnableGuardrail");
    assert_eq!(
        details.unwrap()["enableGuardrailStatus"]["state"],
        original["detail"]["serviceEventDetails"]["enableGuardrailStatus"]["state"]
    );
    // the same helper on a plain CloudTrail record
    let trail: CloudTrailEvent =
        serde_json::from_value(fixture_json("cloudtrail-event-api-call-assumed-role.json"))
            .unwrap();
    let (_, name, _) = who_did_what(trail.detail.clone());
    assert_eq!(name, trail.detail.event_name);
    // every typed EventBridge event gives the one envelope
    let envelope: EventBridgeEnvelope = tower.clone().into();
    assert_eq!(envelope.source, "aws.controltower");
    assert_eq!(envelope.detail_type, tower.detail_type);
}
