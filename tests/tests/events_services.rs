//! Behaviour of the service integration families beyond the fixture table: SES, Secrets
//! Manager, Config, CloudFormation, IoT and the other request/response events users answer.

use serde_json::{json, Value};
use typed_lambda_tests::fixture;

mod ses {
    use super::*;
    use typed_lambda_events::ses::{
        SesDisposition, SesEvent, SesInvocationType, SesLambdaResponse, SesReceiptActionType,
        SesVerdictStatus,
    };

    #[test]
    fn a_spam_filter_stops_the_rule_set() {
        let event: SesEvent =
            serde_json::from_str(&fixture("ses-lambda-action-request-response-spam.json")).unwrap();
        let receipt = &event.records[0].ses.receipt;
        assert_eq!(receipt.action.type_, SesReceiptActionType::Lambda);
        assert_eq!(
            receipt.action.invocation_type,
            Some(SesInvocationType::RequestResponse)
        );
        let failed = [&receipt.spam_verdict, &receipt.dkim_verdict]
            .iter()
            .all(|v| v.as_ref().unwrap().status == SesVerdictStatus::Fail);
        assert!(failed);
        let response = SesLambdaResponse {
            disposition: if failed {
                SesDisposition::StopRuleSet
            } else {
                SesDisposition::Continue
            },
            ..Default::default()
        };
        let expected: Value =
            serde_json::from_str(&fixture("ses-lambda-response-stop-rule-set.json")).unwrap();
        assert_eq!(serde_json::to_value(&response).unwrap(), expected);
        assert_eq!(
            serde_json::to_value(SesLambdaResponse::default()).unwrap(),
            json!({"disposition": "CONTINUE"})
        );
    }

    #[test]
    fn action_types_and_headers() {
        let s3: SesEvent = serde_json::from_str(&fixture("ses-s3-action.json")).unwrap();
        let action = &s3.records[0].ses.receipt.action;
        assert_eq!(action.type_, SesReceiptActionType::S3);
        assert_eq!(action.bucket_name.as_deref(), Some("my-S3-bucket"));
        let cc: SesEvent = serde_json::from_str(&fixture("ses-sns-action.json")).unwrap();
        let mail = &cc.records[0].ses.mail;
        assert!(!mail.common_headers.as_ref().unwrap().cc.is_empty());
        assert_eq!(
            mail.timestamp.to_datetime().unwrap().to_rfc3339(),
            "2015-09-11T20:32:33.936+00:00"
        );
    }
}

mod secretsmanager {
    use super::*;
    use typed_lambda_events::secretsmanager::{
        SecretsManagerRotationEvent, SecretsManagerRotationStep,
    };

    #[test]
    fn rotation_steps() {
        let create: SecretsManagerRotationEvent =
            serde_json::from_str(&fixture("secretsmanager-rotation-create-secret.json")).unwrap();
        assert_eq!(create.step, SecretsManagerRotationStep::CreateSecret);
        assert!(create.rotation_token.is_some());
        let finish: SecretsManagerRotationEvent =
            serde_json::from_str(&fixture("secretsmanager-rotation-finish-secret.json")).unwrap();
        assert_eq!(finish.step, SecretsManagerRotationStep::FinishSecret);
        assert_eq!(finish.rotation_token, None);
    }
}

mod config {
    use super::*;
    use typed_lambda_events::config::{ConfigEvent, ConfigInvokingEvent, ConfigMessageType};

    #[test]
    fn the_invoking_event_string_parses_into_its_type() {
        let event: ConfigEvent =
            serde_json::from_str(&fixture("config-event-configuration-item-change.json")).unwrap();
        let invoking: ConfigInvokingEvent = serde_json::from_str(&event.invoking_event).unwrap();
        let expected: ConfigInvokingEvent = serde_json::from_str(&fixture(
            "config-invoking-event-configuration-item-change.json",
        ))
        .unwrap();
        assert_eq!(invoking, expected);
        assert_eq!(
            invoking.message_type,
            ConfigMessageType::ConfigurationItemChangeNotification
        );
        let item = invoking.configuration_item.unwrap();
        assert_eq!(item.resource_type, "AWS::EC2::Instance");
        assert_eq!(item.configuration.unwrap()["instanceType"], "t3.micro");
        assert_eq!(item.resource_name, None);
        let params: Value =
            serde_json::from_str(event.rule_parameters.as_deref().unwrap()).unwrap();
        assert_eq!(params["desiredInstanceType"], "t3.micro");

        let go: ConfigEvent =
            serde_json::from_str(&fixture("config-event-snapshot-delivery.json")).unwrap();
        let invoking: ConfigInvokingEvent = serde_json::from_str(&go.invoking_event).unwrap();
        assert_eq!(
            invoking.message_type,
            ConfigMessageType::ConfigurationSnapshotDeliveryCompleted
        );
        assert_eq!(invoking.s3_bucket.as_deref(), Some("config-bucket"));
    }
}

mod cloudformation {
    use super::*;
    use typed_lambda_events::cloudformation::{
        CloudFormationCustomResourceRequest, CloudFormationCustomResourceResponse,
        CloudFormationProviderRequest, CloudFormationRequestType, CloudFormationResponseStatus,
    };

    #[test]
    fn a_response_echoes_the_request() {
        let request: CloudFormationCustomResourceRequest = serde_json::from_str(&fixture(
            "cloudformation-custom-resource-update-request.json",
        ))
        .unwrap();
        assert_eq!(request.request_type, CloudFormationRequestType::Update);
        assert_eq!(request.old_resource_properties["Key1"], "string");
        let response = CloudFormationCustomResourceResponse {
            status: CloudFormationResponseStatus::Failed,
            reason: Some("This is a test failure.".into()),
            physical_resource_id: request.physical_resource_id.clone().unwrap(),
            stack_id: request.stack_id.clone(),
            request_id: request.request_id.clone(),
            logical_resource_id: request.logical_resource_id.clone(),
            no_echo: Some(false),
            data: [("Key1", "a"), ("Key2", "b"), ("Key3", "c")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), json!(v)))
                .collect(),
            ..Default::default()
        };
        let expected: Value =
            serde_json::from_str(&fixture("cloudformation-custom-resource-response.json")).unwrap();
        assert_eq!(serde_json::to_value(&response).unwrap(), expected);
        // the status CloudFormation accepts is a closed set that defaults to SUCCESS
        assert_eq!(
            serde_json::to_value(CloudFormationCustomResourceResponse::default()).unwrap()
                ["Status"],
            "SUCCESS"
        );
        assert!(serde_json::from_value::<CloudFormationResponseStatus>(json!("OK")).is_err());
    }

    #[test]
    fn provider_requests_have_no_response_url() {
        let text = fixture("cloudformation-custom-resource-provider-delete-request.json");
        let request: CloudFormationProviderRequest = serde_json::from_str(&text).unwrap();
        assert_eq!(request.request_type, CloudFormationRequestType::Delete);
        let err = serde_json::from_str::<CloudFormationCustomResourceRequest>(&text).unwrap_err();
        assert!(err.to_string().contains("missing field"), "{err}");
    }
}

mod iot {
    use super::*;
    use typed_lambda_events::iot::{
        IamPolicyDocument, IamPolicyEffect, IamPolicyStatement, IamStringOrList,
        IotCustomAuthorizerRequest, IotCustomAuthorizerResponse,
    };
    use typed_lambda_events::iot_button::{IotButtonClickType, IotButtonEvent};

    #[test]
    fn custom_authorizer_round() {
        let request: IotCustomAuthorizerRequest =
            serde_json::from_str(&fixture("iot-custom-auth-request-mqtt-no-token.json")).unwrap();
        let mqtt = request.protocol_data.mqtt.as_ref().unwrap();
        assert_eq!(
            mqtt.password.as_ref().map(|p| p.decode().unwrap()),
            Some(b"secret-token".to_vec())
        );
        assert_eq!(request.token, None);
        assert!(!request.signature_verified);

        let response = IotCustomAuthorizerResponse {
            is_authenticated: true,
            principal_id: "sensor42".into(),
            disconnect_after_in_seconds: 86400,
            refresh_after_in_seconds: 300,
            policy_documents: vec![IamPolicyDocument {
                version: "2012-10-17".into(),
                statement: vec![IamPolicyStatement {
                    effect: IamPolicyEffect::Allow,
                    action: Some(IamStringOrList::Array(vec!["iot:Connect".into()])),
                    resource: Some(IamStringOrList::String(
                        "arn:aws:iot:eu-west-1:123456789012:client/sensor-42".into(),
                    )),
                    ..Default::default()
                }],
                ..Default::default()
            }],
            ..Default::default()
        };
        let out = serde_json::to_value(&response).unwrap();
        assert_eq!(out["policyDocuments"][0]["Statement"][0]["Effect"], "Allow");
        assert_eq!(
            out["policyDocuments"][0]["Statement"][0]["Action"],
            json!(["iot:Connect"])
        );
        let go: IotCustomAuthorizerResponse =
            serde_json::from_str(&fixture("iot-custom-auth-response.json")).unwrap();
        assert_eq!(
            go.policy_documents[0].statement[0].effect,
            IamPolicyEffect::Allow
        );
    }

    #[test]
    fn button_clicks() {
        let event: IotButtonEvent =
            serde_json::from_str(&fixture("iot-button-event-double.json")).unwrap();
        assert_eq!(event.click_type, IotButtonClickType::Double);
    }
}

mod identity_mail_labeling {
    use super::*;
    use typed_lambda_events::sagemaker_ground_truth::{
        SageMakerGroundTruthAnnotationConsolidationResponse,
        SageMakerGroundTruthConsolidatedAnnotation, SageMakerGroundTruthConsolidatedObject,
        SageMakerGroundTruthPreHumanTaskEvent,
    };
    use typed_lambda_events::transfer_family::{
        TransferFamilyAuthorizerRequest, TransferFamilyAuthorizerResponse,
        TransferFamilyHomeDirectoryType, TransferFamilyProtocol,
    };
    use typed_lambda_events::workmail::{
        WorkMailAction, WorkMailActionParameters, WorkMailActionType, WorkMailEmailFlowEvent,
        WorkMailEmailFlowResponse, WorkMailFlowDirection, WorkMailRecipientAction,
    };

    #[test]
    fn transfer_family_grants_or_denies() {
        let request: TransferFamilyAuthorizerRequest =
            serde_json::from_str(&fixture("transfer-family-authorizer-request-ssh-key.json"))
                .unwrap();
        assert_eq!(request.protocol, TransferFamilyProtocol::Sftp);
        assert_eq!(request.password, None);
        let denied = TransferFamilyAuthorizerResponse::default();
        assert_eq!(serde_json::to_value(&denied).unwrap(), json!({}));
        let granted = TransferFamilyAuthorizerResponse {
            role: Some("arn:aws:iam::123456789012:role/transfer-s3-access".into()),
            home_directory_type: Some(TransferFamilyHomeDirectoryType::Logical),
            home_directory_details: Some(
                json!([{"Entry": "/", "Target": "/sftp-bucket/home/alice"}]).to_string(),
            ),
            ..Default::default()
        };
        let out = serde_json::to_value(&granted).unwrap();
        assert_eq!(out["HomeDirectoryType"], "LOGICAL");
        assert!(out.get("PublicKeys").is_none());
    }

    #[test]
    fn workmail_bounce_for_everyone() {
        let event: WorkMailEmailFlowEvent =
            serde_json::from_str(&fixture("workmail-email-flow-inbound.json")).unwrap();
        assert_eq!(event.flow_direction, WorkMailFlowDirection::Inbound);
        assert_eq!(event.envelope.recipients.len(), 2);
        let response = WorkMailEmailFlowResponse {
            actions: vec![WorkMailRecipientAction {
                action: WorkMailAction {
                    type_: WorkMailActionType::Bounce,
                    parameters: Some(WorkMailActionParameters {
                        bounce_message: Some("Email in breach of company policy.".into()),
                        ..Default::default()
                    }),
                    ..Default::default()
                },
                all_recipients: Some(true),
                ..Default::default()
            }],
            ..Default::default()
        };
        let expected: Value =
            serde_json::from_str(&fixture("workmail-email-flow-response-bounce.json")).unwrap();
        assert_eq!(serde_json::to_value(&response).unwrap(), expected);
    }

    #[test]
    fn ground_truth_consolidation_response_is_a_top_level_array() {
        let pre: SageMakerGroundTruthPreHumanTaskEvent = serde_json::from_str(&fixture(
            "sagemaker-ground-truth-pre-human-task-source-ref.json",
        ))
        .unwrap();
        assert_eq!(
            pre.data_object["source-ref"],
            "s3://label-input/images/sign-0001.jpg"
        );
        let mut content = serde_json::Map::new();
        content.insert("street-signs".into(), json!({"label": "yield"}));
        let response = SageMakerGroundTruthAnnotationConsolidationResponse(vec![
            SageMakerGroundTruthConsolidatedObject {
                dataset_object_id: "1".into(),
                consolidated_annotation: SageMakerGroundTruthConsolidatedAnnotation {
                    content,
                    ..Default::default()
                },
                ..Default::default()
            },
        ]);
        assert_eq!(
            serde_json::to_value(&response).unwrap(),
            json!([{"datasetObjectId": "1",
                    "consolidatedAnnotation": {"content": {"street-signs": {"label": "yield"}}}}])
        );
    }
}

mod iam {
    use super::*;
    use typed_lambda_events::iam::{
        IamPolicy, IamPolicyDocument, IamPolicyEffect, IamPrincipal, IamStringOrList,
    };

    #[test]
    fn string_or_list_and_principals_keep_their_form() {
        let trust: IamPolicyDocument =
            serde_json::from_str(&fixture("iam-policy-document-trust-policy.json")).unwrap();
        assert_eq!(
            trust.statement[0].action,
            Some(IamStringOrList::String("sts:AssumeRole".into()))
        );
        assert!(matches!(
            trust.statement[1].action,
            Some(IamStringOrList::Array(ref a)) if a.len() == 2
        ));
        assert!(matches!(
            trust.statement[0].principal,
            Some(IamPrincipal::Object(_))
        ));
        let deny: IamPolicyDocument =
            serde_json::from_str(&fixture("iam-policy-document-deny-not-action.json")).unwrap();
        assert_eq!(deny.statement[0].effect, IamPolicyEffect::Deny);
        assert!(
            matches!(deny.statement[0].principal, Some(IamPrincipal::String(ref s)) if s == "*")
        );
        let text = fixture("iam-policy-document-deny-not-action.json");
        assert_eq!(
            serde_json::to_value(&deny).unwrap(),
            serde_json::from_str::<Value>(&text).unwrap()
        );
        let inline: IamPolicy = serde_json::from_str(&fixture("iam-policy-inline.json")).unwrap();
        assert_eq!(inline.policy_name, "write-orders-table");
    }
}
