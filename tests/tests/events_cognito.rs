//! Cognito events beyond the fixture table: handlers that fill in the `response` part and return
//! the whole event (as Cognito expects), open trigger sources, and the sync trigger.

use serde_json::{json, Value};
use typed_lambda::testing::{FakeRuntimeApi, Outcome};
use typed_lambda::{Context, Error};
use typed_lambda_events::cognito::{
    CognitoChallengeName, CognitoChallengeResult, CognitoGroupConfiguration, CognitoSyncEvent,
    CognitoTriggerSource, CreateAuthChallengeEvent, CustomMessageEvent, DefineAuthChallengeEvent,
    PreSignUpEvent, PreSignUpResponse, PreTokenGenerationClaimsOverrideDetails,
    PreTokenGenerationEvent, PreTokenGenerationResponse, PreTokenGenerationV2AccessTokenGeneration,
    PreTokenGenerationV2ClaimsAndScopeOverrideDetails, PreTokenGenerationV2Event,
    PreTokenGenerationV2Response, UserMigrationEvent, UserMigrationResponse,
    VerifyAuthChallengeEvent,
};
use typed_lambda_tests::{decode_fixture, fixture};

#[test]
fn pre_sign_up_handler_sets_auto_confirm_and_returns_the_whole_event() {
    let fake = FakeRuntimeApi::start();
    let _function = fake.spawn(
        |mut event: PreSignUpEvent, _ctx: &Context| -> Result<PreSignUpEvent, Error> {
            if event.trigger_source == CognitoTriggerSource::PreSignUpSignUp
                && event
                    .request
                    .user_attributes
                    .get("email")
                    .is_some_and(|e| e.ends_with("@example.com"))
            {
                event.response.auto_confirm_user = Some(true);
                event.response.auto_verify_email = Some(true);
            }
            Ok(event)
        },
    );
    let mut input: Value = serde_json::from_str(&fixture("cognito-pre-sign-up.json")).unwrap();
    input["request"]["userAttributes"]["email"] = json!("jane@example.com");
    input["response"] = json!({});

    let outcome = fake.invoke(serde_json::to_vec(&input).unwrap());
    let Outcome::Response(_) = outcome else {
        panic!("expected a response, got {outcome:?}");
    };
    let output = outcome.json();
    assert_eq!(
        output["response"],
        json!({"autoConfirmUser": true, "autoVerifyEmail": true}),
        "unset response fields are left out, not sent as null"
    );
    // everything else comes back as Cognito sent it
    let mut expected = input.clone();
    expected["response"] = output["response"].clone();
    assert_eq!(output, expected);
}

#[test]
fn pre_sign_up_handler_leaves_other_trigger_sources_alone() {
    let fake = FakeRuntimeApi::start();
    let _function = fake.spawn(
        |mut event: PreSignUpEvent, _ctx: &Context| -> Result<PreSignUpEvent, Error> {
            if event.trigger_source == CognitoTriggerSource::PreSignUpSignUp {
                event.response.auto_confirm_user = Some(true);
            }
            Ok(event)
        },
    );
    let input: Value =
        serde_json::from_str(&fixture("cognito-pre-sign-up-external-provider.json")).unwrap();
    let output = fake.invoke(input.to_string()).json();
    assert_eq!(output, input);
}

#[test]
fn response_parts_are_constructible_and_serialize_only_what_is_set() {
    let response = PreSignUpResponse {
        auto_confirm_user: Some(true),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&response).unwrap(),
        json!({"autoConfirmUser": true})
    );
    assert_eq!(
        serde_json::to_value(PreSignUpResponse::default()).unwrap(),
        json!({})
    );

    let mut event: UserMigrationEvent =
        decode_fixture("cognito-user-migration-forgot-password.json");
    event.response = UserMigrationResponse {
        user_attributes: Some(
            [("email".to_owned(), "jane@example.com".into())]
                .into_iter()
                .collect(),
        ),
        final_user_status: Some("RESET_REQUIRED".to_owned()),
        message_action: Some("SUPPRESS".to_owned()),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&event).unwrap()["response"],
        json!({
            "userAttributes": {"email": "jane@example.com"},
            "finalUserStatus": "RESET_REQUIRED",
            "messageAction": "SUPPRESS"
        })
    );
}

#[test]
fn pre_token_generation_v2_response_adds_claims_of_any_json_type_and_scopes() {
    let mut event: PreTokenGenerationV2Event =
        decode_fixture("cognito-pre-token-generation-v2.json");
    let mut claims = serde_json::Map::new();
    claims.insert("tenant".into(), json!("acme"));
    claims.insert("tier".into(), json!(2));
    claims.insert("roles".into(), json!(["admin", "billing"]));
    event.response = PreTokenGenerationV2Response {
        claims_and_scope_override_details: Some(
            PreTokenGenerationV2ClaimsAndScopeOverrideDetails {
                access_token_generation: Some(PreTokenGenerationV2AccessTokenGeneration {
                    claims_to_add_or_override: Some(claims),
                    scopes_to_add: Some(vec!["orders/read".into()]),
                    ..Default::default()
                }),
                ..Default::default()
            },
        ),
        ..Default::default()
    };
    let out = serde_json::to_value(&event).unwrap();
    assert_eq!(
        out["response"],
        json!({"claimsAndScopeOverrideDetails": {"accessTokenGeneration": {
            "claimsToAddOrOverride": {"tenant": "acme", "tier": 2, "roles": ["admin", "billing"]},
            "scopesToAdd": ["orders/read"]
        }}})
    );
    assert_eq!(out["version"], json!("2"));
}

#[test]
fn version_3_client_credentials_event_has_no_user_and_no_groups() {
    let event: PreTokenGenerationV2Event =
        decode_fixture("cognito-pre-token-generation-v3-client-credentials.json");
    assert_eq!(event.version, "3");
    assert_eq!(
        event.trigger_source,
        CognitoTriggerSource::TokenGenerationClientCredentials
    );
    assert!(event.request.user_attributes.is_empty());
    assert_eq!(event.request.group_configuration, None);
    assert_eq!(
        event.request.scopes.as_deref(),
        Some(&["my-api/read".to_owned(), "my-api/write".to_owned()][..])
    );
    let claims = event
        .response
        .claims_and_scope_override_details
        .and_then(|d| d.access_token_generation)
        .and_then(|a| a.claims_to_add_or_override)
        .expect("claims in the fixture");
    assert_eq!(claims["tier"], json!(2));

    // a machine grant concerns no user: the event decodes without `userName` too
    let mut input: Value = serde_json::from_str(&fixture(
        "cognito-pre-token-generation-v3-client-credentials.json",
    ))
    .unwrap();
    input.as_object_mut().unwrap().remove("userName");
    let event: PreTokenGenerationV2Event = serde_json::from_value(input).unwrap();
    assert_eq!(event.user_name, None);
    let back = serde_json::to_value(&event).unwrap();
    assert!(back.get("userName").is_none(), "{back}");
    assert_eq!(back["callerContext"]["clientId"], json!("1example23456789"));
}

#[test]
fn unknown_trigger_source_round_trips_verbatim() {
    // aws-lambda-go's pre token generation sample uses the undocumented value `PreTokenGen`
    let mut input: Value =
        serde_json::from_str(&fixture("cognito-pre-token-generation.json")).unwrap();
    input["triggerSource"] = json!("PreTokenGen");
    let event: typed_lambda_events::cognito::PreTokenGenerationEvent =
        serde_json::from_value(input.clone()).unwrap();
    assert_eq!(
        event.trigger_source,
        CognitoTriggerSource::Unknown("PreTokenGen".to_owned())
    );
    assert_eq!(event.trigger_source.as_str(), "PreTokenGen");
    assert_eq!(serde_json::to_value(&event).unwrap(), input);
}

#[test]
fn every_documented_trigger_source_round_trips_as_a_known_variant() {
    for &known in CognitoTriggerSource::KNOWN {
        let source: CognitoTriggerSource = serde_json::from_value(json!(known)).unwrap();
        assert!(
            !matches!(source, CognitoTriggerSource::Unknown(_)),
            "{known} decoded as Unknown"
        );
        assert_eq!(serde_json::to_value(&source).unwrap(), json!(known));
    }
}

#[test]
fn custom_auth_challenge_flow_types_read_the_session() {
    let define: DefineAuthChallengeEvent = decode_fixture("cognito-define-auth-challenge.json");
    let last = define.request.session.last().expect("one challenge");
    assert_eq!(last.challenge_name, CognitoChallengeName::PasswordVerifier);
    assert!(last.challenge_result);
    assert_eq!(last.challenge_metadata.as_deref(), Some("metadata"));

    let create: CreateAuthChallengeEvent =
        decode_fixture("cognito-create-auth-challenge-user-not-found.json");
    assert_eq!(create.request.user_not_found, Some(true));

    let verify: VerifyAuthChallengeEvent =
        decode_fixture("cognito-verify-auth-challenge-null-answer-correct.json");
    assert_eq!(verify.response.answer_correct, None);
    let verify: VerifyAuthChallengeEvent = decode_fixture("cognito-verify-auth-challenge.json");
    assert_eq!(verify.response.answer_correct, Some(true));
    assert_eq!(verify.request.challenge_answer.as_deref(), Some("123xxxx"));
}

#[test]
fn custom_message_keeps_non_string_user_attributes() {
    // AWS's console test event for this trigger has JSON booleans; Cognito itself sends strings
    let event: CustomMessageEvent = decode_fixture("cognito-custom-message.json");
    let verified = &event.request.user_attributes["phone_number_verified"];
    assert_eq!(
        (verified.as_bool(), verified.kind()),
        (Some(true), typed_lambda_events::ScalarKind::Boolean)
    );
    let event: CustomMessageEvent = decode_fixture("cognito-custom-message-admin-create-user.json");
    let verified = &event.request.user_attributes["email_verified"];
    assert_eq!(
        (verified.as_bool(), verified.kind()),
        (Some(true), typed_lambda_events::ScalarKind::String)
    );
    assert_eq!(
        event.request.username_parameter.as_deref(),
        Some("{username}")
    );
}

#[test]
fn cognito_sync_event_reads_dataset_records() {
    let event: CognitoSyncEvent = decode_fixture("cognito-sync.json");
    assert_eq!(event.version, 2);
    let record = &event.dataset_records["SampleKey1"];
    assert_eq!(record.op, "replace");
    assert_eq!(record.old_value.as_deref(), Some("oldValue1"));
    assert_eq!(record.new_value.as_deref(), Some("newValue1"));
}

#[test]
fn wrong_typed_response_field_fails_naming_the_path() {
    let mut input: Value = serde_json::from_str(&fixture("cognito-pre-sign-up.json")).unwrap();
    input["response"]["autoConfirmUser"] = json!("yes");
    let text = input.to_string();
    let de = &mut serde_json::Deserializer::from_str(&text);
    let err = serde_path_to_error::deserialize::<_, PreSignUpEvent>(de).unwrap_err();
    assert_eq!(err.path().to_string(), "response.autoConfirmUser");
}

#[test]
fn pre_token_generation_can_override_groups_with_an_empty_list() {
    let mut event: PreTokenGenerationEvent = decode_fixture("cognito-pre-token-generation.json");
    assert_eq!(
        event
            .request
            .group_configuration
            .groups_to_override
            .as_deref(),
        Some(
            &[
                "group-A".to_owned(),
                "group-B".to_owned(),
                "group-C".to_owned()
            ][..]
        )
    );
    event.response = PreTokenGenerationResponse {
        claims_override_details: Some(PreTokenGenerationClaimsOverrideDetails {
            claims_to_suppress: Some(vec!["email".into()]),
            group_override_details: Some(CognitoGroupConfiguration {
                groups_to_override: Some(vec![]),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&event).unwrap()["response"],
        json!({"claimsOverrideDetails": {
            "claimsToSuppress": ["email"],
            "groupOverrideDetails": {"groupsToOverride": []}
        }})
    );
}

#[test]
fn define_auth_challenge_handler_drives_the_custom_flow() {
    // the usual state machine: password first, then one custom challenge, then tokens
    fn define(mut event: DefineAuthChallengeEvent) -> DefineAuthChallengeEvent {
        let session = &event.request.session;
        let response = &mut event.response;
        match session.last() {
            Some(last) if !last.challenge_result => response.fail_authentication = Some(true),
            Some(last) if last.challenge_name == CognitoChallengeName::CustomChallenge => {
                response.issue_tokens = Some(true);
                response.fail_authentication = Some(false);
            }
            _ => {
                response.challenge_name = Some(CognitoChallengeName::CustomChallenge);
                response.issue_tokens = Some(false);
                response.fail_authentication = Some(false);
            }
        }
        event
    }
    let mut event: DefineAuthChallengeEvent = decode_fixture("cognito-define-auth-challenge.json");
    event.response = Default::default();
    let out = serde_json::to_value(define(event.clone())).unwrap();
    assert_eq!(
        out["response"],
        json!({"challengeName": "CUSTOM_CHALLENGE", "issueTokens": false, "failAuthentication": false})
    );

    let mut answered = event;
    answered.request.session.push(CognitoChallengeResult {
        challenge_name: CognitoChallengeName::CustomChallenge,
        challenge_result: true,
        challenge_metadata: Some("captcha".into()),
        unknown_fields: Default::default(),
    });
    let out = serde_json::to_value(define(answered)).unwrap();
    assert_eq!(
        out["response"],
        json!({"issueTokens": true, "failAuthentication": false})
    );
    assert_eq!(
        out["request"]["session"][1]["challengeName"],
        "CUSTOM_CHALLENGE"
    );
}

#[test]
fn unknown_challenge_name_round_trips() {
    let mut input: Value =
        serde_json::from_str(&fixture("cognito-define-auth-challenge.json")).unwrap();
    input["request"]["session"][0]["challengeName"] = json!("WEB_AUTHN");
    let event: DefineAuthChallengeEvent = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(
        event.request.session[0].challenge_name,
        CognitoChallengeName::Unknown("WEB_AUTHN".into())
    );
    assert_eq!(serde_json::to_value(&event).unwrap(), input);
}

#[test]
fn every_default_response_serializes_as_an_empty_object() {
    // returning the event untouched must not add keys (or nulls) to what Cognito sent
    use typed_lambda_events::cognito as c;
    fn empty<T: Default + serde::Serialize>() -> Value {
        serde_json::to_value(T::default()).unwrap()
    }
    let all = [
        ("PreSignUpResponse", empty::<c::PreSignUpResponse>()),
        (
            "PostConfirmationResponse",
            empty::<c::PostConfirmationResponse>(),
        ),
        (
            "PreAuthenticationResponse",
            empty::<c::PreAuthenticationResponse>(),
        ),
        (
            "PostAuthenticationResponse",
            empty::<c::PostAuthenticationResponse>(),
        ),
        (
            "DefineAuthChallengeResponse",
            empty::<c::DefineAuthChallengeResponse>(),
        ),
        (
            "CreateAuthChallengeResponse",
            empty::<c::CreateAuthChallengeResponse>(),
        ),
        (
            "VerifyAuthChallengeResponse",
            empty::<c::VerifyAuthChallengeResponse>(),
        ),
        (
            "PreTokenGenerationResponse",
            empty::<c::PreTokenGenerationResponse>(),
        ),
        (
            "PreTokenGenerationV2Response",
            empty::<c::PreTokenGenerationV2Response>(),
        ),
        ("UserMigrationResponse", empty::<c::UserMigrationResponse>()),
        ("CustomMessageResponse", empty::<c::CustomMessageResponse>()),
        (
            "CustomEmailSenderResponse",
            empty::<c::CustomEmailSenderResponse>(),
        ),
        (
            "CustomSmsSenderResponse",
            empty::<c::CustomSmsSenderResponse>(),
        ),
        (
            "InboundFederationResponse",
            empty::<c::InboundFederationResponse>(),
        ),
    ];
    for (name, value) in all {
        assert_eq!(value, json!({}), "{name}");
    }
}
