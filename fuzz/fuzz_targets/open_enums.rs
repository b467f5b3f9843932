//! Any string as a value of every generated open enum: a known value (one of `KNOWN`) maps to
//! its variant, any other to `Unknown`, and either way it comes back out unchanged, through
//! `as_str`, `Display` and JSON.
//!
//! The list below is every open enum of `events/src/generated/` (an enum with an
//! `Unknown(String)` variant); `tests/tests/fuzz_regressions.rs` compares it with the generated
//! code, so a new open enum fails that test until it is added here.
#![no_main]

use typed_lambda_events::{
    alexa, apigw, apigw_websocket, appsync, appsync_events, autoscaling, chime_bot, cloudformation,
    cloudfront, cloudwatch_alarms, cloudwatch_logs, codebuild, codecommit, codedeploy,
    codepipeline, cognito, config, connect, controltower, documentdb, dynamodb, ec2, firehose,
    gamelift, health, iot_button, kafka, kinesis, kinesis_analytics, lambda_destination, lex,
    lex_v2, s3, s3_eventbridge, secretsmanager, ses, shared, sns, transfer_family, workmail,
};

macro_rules! check {
    ($s:expr, $($ty:ty),+ $(,)?) => {$(
        let value = <$ty>::from($s);
        assert_eq!(value.as_str(), $s);
        assert_eq!(value.to_string(), $s);
        assert_eq!(value.is_unknown(), !<$ty>::KNOWN.contains(&$s), "{}", stringify!($ty));
        assert_eq!(<$ty>::from($s.to_owned()), value);
        let json = serde_json::to_string(&value).unwrap();
        let back: $ty = serde_json::from_str(&json).unwrap();
        assert_eq!(back, value);
        assert_eq!(json, serde_json::to_string($s).unwrap());
    )+};
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        check!(
            s,
            // open enums: begin
            alexa::AlexaRequestType,
            apigw::ApiGatewayAuthorizerType,
            apigw_websocket::ApiGatewayWebsocketEventType,
            appsync::AppSyncOperation,
            appsync_events::AppSyncEventsOperation,
            autoscaling::AutoScalingActivityStatusCode,
            autoscaling::AutoScalingLifecycleTransition,
            chime_bot::ChimeBotEventType,
            cloudformation::CloudFormationRequestType,
            cloudfront::CloudFrontEventType,
            cloudwatch_alarms::CloudWatchAlarmStateValue,
            cloudwatch_logs::CloudWatchLogsMessageType,
            codebuild::CodeBuildBuildStatus,
            codebuild::CodeBuildPhaseType,
            codecommit::CodeCommitReferenceEventName,
            codedeploy::CodeDeployState,
            codepipeline::CodePipelineState,
            cognito::CognitoChallengeName,
            cognito::CognitoTriggerSource,
            config::ConfigEvaluationMode,
            config::ConfigMessageType,
            connect::ConnectChannel,
            controltower::ControlTowerState,
            documentdb::DocumentDbOperationType,
            dynamodb::DynamoDbOperationType,
            dynamodb::DynamoDbStreamViewType,
            dynamodb::DynamoDbTimestampPrecision,
            ec2::Ec2InstanceState,
            firehose::FirehoseTransformationResult,
            gamelift::GameLiftMatchmakingEventType,
            health::HealthEventStatusCode,
            health::HealthEventTypeCategory,
            iot_button::IotButtonClickType,
            kafka::KafkaTimestampType,
            kinesis::KinesisEncryptionType,
            kinesis_analytics::KinesisAnalyticsInputPreprocessingResult,
            kinesis_analytics::KinesisAnalyticsOutputDeliveryResult,
            lambda_destination::LambdaDestinationCondition,
            lex::LexConfirmationStatus,
            lex::LexDialogActionType,
            lex::LexFulfillmentState,
            lex::LexInvocationSource,
            lex::LexOutputDialogMode,
            lex_v2::LexV2ConfirmationState,
            lex_v2::LexV2DialogActionType,
            lex_v2::LexV2IntentState,
            lex_v2::LexV2InvocationSource,
            s3::S3EventName,
            s3::S3EventSource,
            s3::S3EventVersion,
            s3::S3IntelligentTieringAccessTier,
            s3::S3SchemaVersion,
            s3::S3StorageClass,
            s3_eventbridge::S3EventBridgeDeletionType,
            secretsmanager::SecretsManagerRotationStep,
            ses::SesDisposition,
            ses::SesDmarcPolicy,
            ses::SesInvocationType,
            ses::SesReceiptActionType,
            ses::SesVerdictStatus,
            sns::SnsEventSource,
            sns::SnsEventVersion,
            sns::SnsMessageAttributeType,
            sns::SnsMessageType,
            sns::SnsSignatureVersion,
            shared::cloudtrail::CloudTrailEventCategory,
            shared::cloudtrail::CloudTrailEventType,
            shared::iam::IamPolicyEffect,
            shared::identity::AwsIdentityType,
            transfer_family::TransferFamilyHomeDirectoryType,
            transfer_family::TransferFamilyProtocol,
            workmail::WorkMailActionType,
            workmail::WorkMailFlowDirection,
            // open enums: end
        );
    }
});
