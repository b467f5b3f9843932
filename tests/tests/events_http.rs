//! Behaviour of the HTTP-style event families (group A of issue 6) beyond the fixture table:
//! building responses, one-or-many IAM values, and the public samples that carry keys no real
//! event has (they decode; only those keys are dropped).

use std::collections::BTreeSet;

use serde_json::{json, Value};
use typed_lambda_tests::{fixture_json, shared_corpus_json};

/// JSON pointers of the non-null leaves of `input` that are missing from `output`.
fn missing_leaves(input: &Value, output: &Value, at: &str, out: &mut BTreeSet<String>) {
    match input {
        Value::Null => {}
        Value::Object(map) => {
            for (k, v) in map {
                let here = format!("{at}/{k}");
                match output.get(k) {
                    Some(o) => missing_leaves(v, o, &here, out),
                    None if !v.is_null() => {
                        out.insert(here);
                    }
                    None => {}
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                match output.get(i) {
                    Some(o) => missing_leaves(v, o, &format!("{at}/{i}"), out),
                    None => {
                        out.insert(format!("{at}/{i}"));
                    }
                }
            }
        }
        scalar => assert_eq!(Some(scalar), Some(output), "{at} changed"),
    }
}

#[test]
fn alb_response_is_built_with_defaults() {
    use typed_lambda_events::alb::{AlbTargetGroupRequest, AlbTargetGroupResponse};
    let request: AlbTargetGroupRequest =
        serde_json::from_value(fixture_json("alb-request-multi-value-headers.json")).unwrap();
    assert!(request.headers.is_empty());
    assert_eq!(
        request.multi_value_headers.get("x-myheader"),
        Some(&vec!["123".to_string()])
    );
    let response = AlbTargetGroupResponse {
        status_code: 404,
        status_description: Some("404 Not Found".into()),
        body: Some("nothing here".into()),
        ..Default::default()
    };
    // empty maps and unset options are left out, so ALB sees only what was set
    assert_eq!(
        serde_json::to_value(&response).unwrap(),
        json!({"statusCode": 404, "statusDescription": "404 Not Found", "body": "nothing here"})
    );
}

#[test]
fn apigw_nulls_decode_as_none() {
    use typed_lambda_events::apigw::ApiGatewayProxyRequest;
    let request: ApiGatewayProxyRequest =
        serde_json::from_value(fixture_json("apigw-proxy-request-get-root.json")).unwrap();
    assert_eq!(request.query_string_parameters, None);
    assert_eq!(request.body, None);
    assert_eq!(request.request_context.stage.as_deref(), Some("Prod"));
    let identity = request.request_context.identity.as_ref().unwrap();
    assert_eq!(identity.source_ip.as_deref(), Some("52.255.255.12"));
    assert_eq!(identity.user_arn, None);
    // a Cognito user pool authorizer puts its claims in the free-form authorizer map
    let cognito: ApiGatewayProxyRequest =
        serde_json::from_value(fixture_json("apigw-proxy-request-cognito-authorizer.json"))
            .unwrap();
    let authorizer = cognito.request_context.authorizer.as_ref().unwrap();
    assert_eq!(authorizer["claims"]["cognito:username"], "jdoe");
    assert_eq!(cognito.is_base64_encoded, Some(true));
}

#[test]
fn iam_action_and_resource_keep_their_one_or_many_form() {
    use typed_lambda_events::apigw::{
        ApiGatewayCustomAuthorizerResponse, IamPolicyEffect, IamStringOrList,
    };
    let single: ApiGatewayCustomAuthorizerResponse = serde_json::from_value(fixture_json(
        "apigw-custom-authorizer-response-single-value-action.json",
    ))
    .unwrap();
    let statement = &single.policy_document.statement[0];
    assert_eq!(
        statement.action,
        Some(IamStringOrList::String("execute-api:Invoke".into()))
    );
    assert!(matches!(statement.resource, Some(IamStringOrList::Array(ref r)) if r.len() == 1));
    assert_eq!(statement.effect, IamPolicyEffect::Allow);
    let back = serde_json::to_value(&single).unwrap();
    assert_eq!(
        back["policyDocument"]["Statement"][0]["Action"],
        json!("execute-api:Invoke")
    );
    assert_eq!(
        back["policyDocument"]["Statement"][0]["Resource"],
        json!(["arn:aws:execute-api:{regionId}:{accountId}:{appId}/{stage}/{httpVerb}/[{resource}/[child-resources]]"])
    );

    let with_condition: ApiGatewayCustomAuthorizerResponse = serde_json::from_value(fixture_json(
        "apigw-custom-authorizer-response-condition.json",
    ))
    .unwrap();
    let condition = &with_condition.policy_document.statement[0].condition;
    assert_eq!(
        condition["StringEquals"]["aws:SourceIp"],
        IamStringOrList::Array(vec!["xxx".into()])
    );
    // `Effect` must be a string; anything else is a decode error naming the place
    let mut bad = fixture_json("apigw-custom-authorizer-response.json");
    bad["policyDocument"]["Statement"][0]["Effect"] = json!(true);
    let err = serde_json::from_value::<ApiGatewayCustomAuthorizerResponse>(bad).unwrap_err();
    assert!(err.to_string().contains("IamPolicyEffect"), "{err}");
}

#[test]
fn apigw_catch_all_sample_decodes_dropping_only_its_made_up_keys() {
    use typed_lambda_events::apigw::ApiGatewayProxyRequest;
    let Some(input) =
        shared_corpus_json("aws-lambda-rust-runtime/example-apigw-request-catch-all.json")
    else {
        return;
    };
    let decoded: ApiGatewayProxyRequest = serde_json::from_value(input.clone()).unwrap();
    let mut missing = BTreeSet::new();
    missing_leaves(
        &input,
        &serde_json::to_value(&decoded).unwrap(),
        "",
        &mut missing,
    );
    // the sample tests a catch-all feature with two keys no API Gateway event has; without the
    // `catch-all-fields` feature they are ignored, everything else survives
    let expected: BTreeSet<String> = ["/otherField", "/requestContext/identity/otherField"]
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(missing, expected);
}

#[test]
fn websocket_authorizer_sample_decodes_dropping_only_the_serialized_lambda_context() {
    use typed_lambda_events::apigw_websocket::{
        ApiGatewayWebsocketAuthorizerRequest, ApiGatewayWebsocketEventType,
    };
    let Some(input) = shared_corpus_json(
        "aws-lambda-rust-runtime/example-apigw-v2-custom-authorizer-websocket-request.json",
    ) else {
        return;
    };
    let decoded: ApiGatewayWebsocketAuthorizerRequest =
        serde_json::from_value(input.clone()).unwrap();
    assert_eq!(
        decoded.request_context.event_type,
        ApiGatewayWebsocketEventType::Connect
    );
    assert_eq!(decoded.request_context.route_key, "$connect");
    let mut missing = BTreeSet::new();
    missing_leaves(
        &input,
        &serde_json::to_value(&decoded).unwrap(),
        "",
        &mut missing,
    );
    // the sample was captured together with the Lambda context object of the invocation;
    // those keys are not part of what API Gateway sends
    let expected: BTreeSet<String> = [
        "/context",
        "/deadline",
        "/invoked_function_arn",
        "/xray_trace_id",
        "/env_config",
        "/memory",
        "/log_stream",
        "/log_group",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(missing, expected);
}

#[test]
fn apigw_proxy_response_is_built_with_defaults() {
    use std::collections::BTreeMap;
    use typed_lambda_events::apigw::ApiGatewayProxyResponse;
    let response = ApiGatewayProxyResponse {
        status_code: 200,
        headers: BTreeMap::from([("Content-Type".to_string(), "application/json".to_string())]),
        body: Some("{}".into()),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&response).unwrap(),
        json!({"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": "{}"})
    );
}

#[test]
fn authorizer_policy_is_built_with_defaults_and_denies_unless_told() {
    use typed_lambda_events::apigw_v2::{
        ApiGatewayV2CustomAuthorizerIamPolicyResponse, IamPolicyDocument, IamPolicyEffect,
        IamPolicyStatement, IamStringOrList,
    };
    let statement = IamPolicyStatement {
        action: Some(IamStringOrList::String("execute-api:Invoke".into())),
        resource: Some(IamStringOrList::Array(vec![
            "arn:aws:execute-api:us-east-1:123456789012:api-id/$default/GET/pets".into(),
        ])),
        ..Default::default()
    };
    assert_eq!(statement.effect, IamPolicyEffect::Deny);
    let response = ApiGatewayV2CustomAuthorizerIamPolicyResponse {
        principal_id: "user-1".into(),
        policy_document: IamPolicyDocument {
            version: "2012-10-17".into(),
            statement: vec![IamPolicyStatement {
                effect: IamPolicyEffect::Allow,
                ..statement
            }],
            ..Default::default()
        },
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&response).unwrap(),
        json!({
            "principalId": "user-1",
            "policyDocument": {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow",
                "Action": "execute-api:Invoke",
                "Resource": ["arn:aws:execute-api:us-east-1:123456789012:api-id/$default/GET/pets"]
            }]}
        })
    );
}

#[test]
fn appsync_identity_is_placed_by_its_keys() {
    use typed_lambda_events::appsync::{AppSyncIdentity, AppSyncResolverEvent};
    let iam: AppSyncResolverEvent =
        serde_json::from_value(fixture_json("appsync-resolver-iam.json")).unwrap();
    match iam.identity {
        Some(AppSyncIdentity::IamIdentity(ref id)) => {
            assert_eq!(id.account_id, "666666666666");
            assert_eq!(id.user.as_deref(), Some("AIDAAAAAAAAAAAAAAAAAA"));
        }
        ref other => panic!("expected an IAM identity, got {other:?}"),
    }
    let cognito: AppSyncResolverEvent =
        serde_json::from_value(fixture_json("appsync-resolver-cognito-pipeline.json")).unwrap();
    match cognito.identity {
        Some(AppSyncIdentity::CognitoIdentity(ref id)) => {
            assert_eq!(id.username.as_deref(), Some("jdoe"));
            assert_eq!(id.groups.as_deref(), Some(&["admins".to_string()][..]));
        }
        ref other => panic!("expected a Cognito identity, got {other:?}"),
    }
    let lambda: AppSyncIdentity =
        serde_json::from_value(json!({"resolverContext": {"tenant": "t-1"}})).unwrap();
    assert!(matches!(lambda, AppSyncIdentity::LambdaIdentity(_)));
    // API key authorization: no identity at all
    let mut api_key = fixture_json("appsync-resolver-iam.json");
    api_key["identity"] = Value::Null;
    let decoded: AppSyncResolverEvent = serde_json::from_value(api_key).unwrap();
    assert_eq!(decoded.identity, None);
}

#[test]
fn edge_and_lex_responses_are_built_with_defaults() {
    use std::collections::BTreeMap;
    use typed_lambda_events::cloudfront::{CloudFrontHeader, CloudFrontResponse};
    use typed_lambda_events::lex_v2::{
        LexV2DialogAction, LexV2DialogActionType, LexV2Message, LexV2Response, LexV2SessionState,
    };
    let redirect = CloudFrontResponse {
        status: "302".into(),
        headers: BTreeMap::from([(
            "location".to_string(),
            vec![CloudFrontHeader {
                key: Some("Location".into()),
                value: "https://example.com/".into(),
                ..Default::default()
            }],
        )]),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&redirect).unwrap(),
        json!({"status": "302", "headers": {"location": [{"key": "Location", "value": "https://example.com/"}]}})
    );
    let close = LexV2Response {
        session_state: LexV2SessionState {
            dialog_action: Some(LexV2DialogAction::default()),
            ..Default::default()
        },
        messages: vec![LexV2Message {
            content_type: "PlainText".into(),
            content: Some("Done.".into()),
            ..Default::default()
        }],
        ..Default::default()
    };
    assert_eq!(
        close.session_state.dialog_action.as_ref().unwrap().type_,
        LexV2DialogActionType::Close
    );
    assert_eq!(
        serde_json::to_value(&close).unwrap(),
        json!({"sessionState": {"dialogAction": {"type": "Close"}},
               "messages": [{"contentType": "PlainText", "content": "Done."}]})
    );
}

/// One deny-all policy, built once by a helper that names only the shared type, serves the REST,
/// HTTP API and IoT authorizer responses: `apigw::IamPolicyDocument`,
/// `apigw_v2::IamPolicyDocument` and `iot::IamPolicyDocument` are the same type
/// (`shared::iam::IamPolicyDocument`), generated once from `schemas/shared/iam.json`.
#[test]
fn one_iam_policy_document_serves_every_authorizer() {
    use typed_lambda_events::shared::iam::{
        IamPolicyDocument, IamPolicyEffect, IamPolicyStatement, IamStringOrList,
    };
    use typed_lambda_events::{apigw, apigw_v2, iot};

    fn deny_all(resource: &str) -> IamPolicyDocument {
        IamPolicyDocument {
            version: "2012-10-17".into(),
            statement: vec![IamPolicyStatement {
                effect: IamPolicyEffect::Deny,
                action: Some(IamStringOrList::String("execute-api:Invoke".into())),
                resource: Some(IamStringOrList::String(resource.into())),
                ..Default::default()
            }],
            ..Default::default()
        }
    }
    let policy: apigw::IamPolicyDocument = deny_all("*");
    let rest = apigw::ApiGatewayCustomAuthorizerResponse {
        principal_id: "user".into(),
        policy_document: policy.clone(),
        ..Default::default()
    };
    let http = apigw_v2::ApiGatewayV2CustomAuthorizerIamPolicyResponse {
        principal_id: "user".into(),
        policy_document: policy.clone(),
        ..Default::default()
    };
    let iot_response = iot::IotCustomAuthorizerResponse {
        principal_id: "device".into(),
        policy_documents: vec![policy.clone()],
        ..Default::default()
    };
    let written = [
        serde_json::to_value(&rest).unwrap()["policyDocument"].clone(),
        serde_json::to_value(&http).unwrap()["policyDocument"].clone(),
        serde_json::to_value(&iot_response).unwrap()["policyDocuments"][0].clone(),
    ];
    let expected = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Action": "execute-api:Invoke", "Resource": "*"}]});
    for value in &written {
        assert_eq!(value, &expected);
    }
    // and what one family decodes, another takes as it is
    let decoded: apigw_v2::IamPolicyDocument = serde_json::from_value(written[0].clone()).unwrap();
    let back_to_iot = iot::IotCustomAuthorizerResponse {
        policy_documents: vec![decoded],
        ..iot_response
    };
    assert_eq!(back_to_iot.policy_documents[0], rest.policy_document);
}
