//! Behaviour of the families added to reach the catalogue of issue 20 (EventBridge services that
//! aws_lambda_events types, Lambda destination records, dashboard custom widgets, outbound
//! campaigns custom actions) beyond the fixture table: what a handler reads from them.

use serde_json::{json, Value};
use typed_lambda_events::AnyEvent;
use typed_lambda_tests::{fixture as fixture_text, fixture_json as fixture};

#[test]
fn destination_records_say_why_they_were_sent() {
    use typed_lambda_events::lambda_destination::{
        LambdaDestinationCondition, LambdaDestinationEvent, LambdaDestinationRecord,
    };
    let failed: LambdaDestinationRecord =
        serde_json::from_value(fixture("lambda-destination-record-retries-exhausted.json"))
            .unwrap();
    assert_eq!(
        failed.request_context.condition,
        LambdaDestinationCondition::RetriesExhausted
    );
    assert_eq!(failed.request_context.approximate_invoke_count, Some(3));
    let response = failed.response_context.as_ref().unwrap();
    assert_eq!(response.function_error.as_deref(), Some("Unhandled"));
    assert_eq!(response.executed_version.as_deref(), Some("7"));
    // the original event, as the function was invoked with it
    assert_eq!(
        failed.request_payload["ORDER_IDS"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // an event that expired before any attempt: no response at all, any JSON as the payload
    let expired: LambdaDestinationRecord =
        serde_json::from_value(fixture("lambda-destination-record-event-age-exceeded.json"))
            .unwrap();
    assert_eq!(
        expired.request_context.condition,
        LambdaDestinationCondition::EventAgeExceeded
    );
    assert!(expired.response_context.is_none() && expired.response_payload.is_none());
    assert_eq!(expired.request_payload, json!("plain string event"));

    // a condition this version does not know is kept, not an error
    let mut future = fixture("lambda-destination-record-success.json");
    future["requestContext"]["condition"] = json!("SomethingNew");
    let record: LambdaDestinationRecord = serde_json::from_value(future).unwrap();
    assert_eq!(record.request_context.condition.as_str(), "SomethingNew");

    // through an event bus the same record is the detail
    let delivered: LambdaDestinationEvent =
        serde_json::from_value(fixture("lambda-destination-eventbridge-failure.json")).unwrap();
    assert_eq!(delivered.source, "lambda");
    assert_eq!(delivered.detail.request_payload["orderId"], "A-1001");
    assert_eq!(
        delivered.detail.response_payload.as_ref().unwrap()["errorType"],
        "ValidationError"
    );
    // a function that returned null: the payload is JSON null, and stays so on the way back
    let success = fixture("lambda-destination-eventbridge-success.json");
    let event: LambdaDestinationEvent = serde_json::from_value(success.clone()).unwrap();
    let again = serde_json::to_value(&event).unwrap();
    assert_eq!(
        again["detail"]["requestPayload"],
        success["detail"]["requestPayload"]
    );
}

#[test]
fn destination_records_are_not_mistaken_for_http_requests() {
    // an API Gateway request has a requestContext too; a record has condition + functionArn
    let record = AnyEvent::from_str(&fixture_text("lambda-destination-record-success.json"));
    assert_eq!(record.unwrap().type_name(), "LambdaDestinationRecord");
    let rest = AnyEvent::from_str(&fixture_text("apigw-proxy-request.json")).unwrap();
    assert_eq!(rest.type_name(), "ApiGatewayProxyRequest");
}

#[test]
fn custom_widgets_read_their_parameters_and_time_range() {
    use typed_lambda_events::cloudwatch_dashboard::CloudWatchDashboardCustomWidgetEvent;
    let event: CloudWatchDashboardCustomWidgetEvent =
        serde_json::from_value(fixture("cloudwatch-dashboard-custom-widget.json")).unwrap();
    let context = &event.widget_context;
    assert_eq!(context.dashboard_name, "Name-of-current-dashboard");
    assert_eq!(context.params["original"], "param-to-widget");
    let range = context.time_range.as_ref().unwrap();
    assert_eq!(
        (range.start, range.end),
        (Some(1627236199729), Some(1627322599729))
    );
    assert_eq!(range.zoom.as_ref().unwrap().start, Some(1627276030434));
    assert_eq!(event.describe, None);

    let docs: CloudWatchDashboardCustomWidgetEvent =
        serde_json::from_value(fixture("cloudwatch-dashboard-custom-widget-describe.json"))
            .unwrap();
    assert_eq!(docs.describe, Some(true));
    assert_eq!(docs.widget_context.forms["all"]["tenant"], "acme");
}

#[test]
fn outbound_campaign_profiles_carry_their_data_as_json_text() {
    use typed_lambda_events::connect_outbound_campaigns::ConnectOutboundCampaignsEvent;
    let event: ConnectOutboundCampaignsEvent =
        serde_json::from_value(fixture("connect-outbound-campaigns-custom-action.json")).unwrap();
    let campaign = &event.invocation_metadata.campaign_context;
    assert_eq!(campaign.campaign_id, "campaign-12345");
    assert_eq!(campaign.run_id.as_deref(), Some("run-67890"));
    let profiles = &event.items.customer_profiles;
    assert_eq!(profiles.len(), 2);
    let data: Value = serde_json::from_str(profiles[1].customer_data.as_deref().unwrap()).unwrap();
    assert_eq!(data["firstName"], "Jane");
    assert_eq!(
        profiles[1].idempotency_token.as_deref(),
        Some("token-abc456")
    );
}

#[test]
fn eventbridge_service_details_are_typed() {
    use typed_lambda_events::ec2::{Ec2InstanceState, Ec2InstanceStateChangeEvent};
    use typed_lambda_events::gamelift::GameLiftMatchmakingEventType;
    use typed_lambda_events::gamelift::{GameLiftEstimatedWaitMillis, GameLiftMatchmakingEvent};
    use typed_lambda_events::trusted_advisor::TrustedAdvisorCheckItemRefreshEvent;

    let ec2: Ec2InstanceStateChangeEvent =
        serde_json::from_value(fixture("ec2-instance-state-change-stopped.json")).unwrap();
    assert_eq!(ec2.detail.state, Ec2InstanceState::Stopped);
    assert_eq!(ec2.detail.instance_id, "i-0abcdef1234567890");

    // the wait estimate is a number of milliseconds, or a string when GameLift has none
    let searching: GameLiftMatchmakingEvent =
        serde_json::from_value(fixture("gamelift-matchmaking-searching.json")).unwrap();
    assert_eq!(
        searching.detail.type_,
        GameLiftMatchmakingEventType::MatchmakingSearching
    );
    assert_eq!(
        searching.detail.estimated_wait_millis,
        Some(GameLiftEstimatedWaitMillis::String("NOT_AVAILABLE".into()))
    );
    let mut estimated = fixture("gamelift-matchmaking-searching.json");
    estimated["detail"]["estimatedWaitMillis"] = json!(4500);
    let estimated: GameLiftMatchmakingEvent = serde_json::from_value(estimated).unwrap();
    assert_eq!(
        estimated.detail.estimated_wait_millis,
        Some(GameLiftEstimatedWaitMillis::Integer(4500))
    );
    let placed: GameLiftMatchmakingEvent =
        serde_json::from_value(fixture("gamelift-matchmaking-succeeded.json")).unwrap();
    let session = placed.detail.game_session_info.as_ref().unwrap();
    assert_eq!(session.port, Some(10777));
    assert_eq!(
        session.players[1].player_session_id.as_deref(),
        Some("psess-786b342f-9c94-44eb-bb9e-c1de46c472ce")
    );

    // Trusted Advisor columns depend on the check; a column may be null and stays null
    let text = fixture_text("trusted-advisor-low-utilization-ec2.json");
    let advisor: TrustedAdvisorCheckItemRefreshEvent = serde_json::from_str(&text).unwrap();
    let columns = &advisor.detail.check_item_detail;
    assert_eq!(columns["Instance Name"], None);
    assert_eq!(columns["Instance Type"].as_deref(), Some("t2.micro"));
    let again = serde_json::to_value(&advisor).unwrap();
    assert_eq!(
        again["detail"]["check-item-detail"]["Instance Name"],
        Value::Null
    );
}

#[test]
fn console_sign_ins_have_a_typed_outcome() {
    use typed_lambda_events::signin::SignInEvent;
    let event: SignInEvent =
        serde_json::from_value(fixture("signin-console-sign-in-iam-user-mfa.json")).unwrap();
    let record = &event.detail;
    assert_eq!(record.event_name, "ConsoleLogin");
    let outcome = record.response_elements.as_ref().unwrap();
    assert_eq!(outcome.console_login.as_deref(), Some("Success"));
    let extra = record.additional_event_data.as_ref().unwrap();
    assert_eq!(extra.mfa_used.as_deref(), Some("Yes"));
    assert_eq!(
        extra.mfa_identifier.as_deref(),
        Some("arn:aws:iam::111122223333:mfa/Mary_Major")
    );
    // other CloudTrail deliveries of the same source stay plain CloudTrail events
    let mut api_call = fixture("signin-console-sign-in-iam-user-mfa.json");
    api_call["detail-type"] = json!("AWS API Call via CloudTrail");
    assert_eq!(
        AnyEvent::from_value(&api_call).type_name(),
        "CloudTrailEvent"
    );
}

#[test]
fn kms_detail_types_share_one_type() {
    use typed_lambda_events::kms::KmsKeyEvent;
    for file in [
        "kms-cmk-rotation.json",
        "kms-imported-key-material-expiration.json",
        "kms-cmk-deletion.json",
    ] {
        let event: KmsKeyEvent = serde_json::from_value(fixture(file)).unwrap();
        assert_eq!(event.detail.key_id, "1234abcd-12ab-34cd-56ef-1234567890ab");
        assert_eq!(
            AnyEvent::from_str(&fixture_text(file)).unwrap().kind(),
            "kms"
        );
    }
}
