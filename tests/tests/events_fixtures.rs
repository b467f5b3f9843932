//! Every fixture in `tests/fixtures/` against its schema and its generated Rust type.
//!
//! The TABLE ties each fixture file to a type (`family::Type`; the type name is also the schema
//! definition name). For each row:
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
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// One fixture and the type it must decode into.
struct Row {
    fixture: &'static str,
    family: &'static str,
    type_name: &'static str,
    round_trip: fn(&str) -> Result<Value, String>,
    schemars: fn() -> Value,
}

macro_rules! rows {
    ($( $file:literal => $family:ident :: $ty:ident ),* $(,)?) => {
        &[ $( Row {
            fixture: $file,
            family: stringify!($family),
            type_name: stringify!($ty),
            round_trip: round_trip::<typed_lambda_events::$family::$ty>,
            schemars: schemars_schema::<typed_lambda_events::$family::$ty>,
        } ),* ]
    };
}

/// Fixture file (in `tests/fixtures/`) => generated type. Add a row with every new fixture.
const TABLE: &[Row] = rows! {
    // s3
    "s3-object-created-put.json" => s3::S3Event,
    "s3-object-created-put-url-decoded-key.json" => s3::S3Event,
    "s3-object-created-complete-multipart-upload.json" => s3::S3Event,
    "s3-object-removed-delete.json" => s3::S3Event,
    "s3-object-removed-delete-marker.json" => s3::S3Event,
    "s3-object-removed-delete-marker-null-version.json" => s3::S3Event,
    "s3-object-restore-post.json" => s3::S3Event,
    "s3-object-restore-completed.json" => s3::S3Event,
    "s3-object-restore-delete.json" => s3::S3Event,
    "s3-replication-failed.json" => s3::S3Event,
    "s3-lifecycle-transition.json" => s3::S3Event,
    "s3-lifecycle-expiration-delete.json" => s3::S3Event,
    "s3-lifecycle-expiration-delete-marker-created.json" => s3::S3Event,
    "s3-intelligent-tiering.json" => s3::S3Event,
    "s3-object-tagging-put.json" => s3::S3Event,
    "s3-object-acl-put.json" => s3::S3Event,
    // s3_batch_job
    "s3-batch-job-request-1-0.json" => s3_batch_job::S3BatchJobEvent,
    "s3-batch-job-request-2-0.json" => s3_batch_job::S3BatchJobEvent,
    "s3-batch-job-request-2-0-unversioned.json" => s3_batch_job::S3BatchJobEvent,
    "s3-batch-job-response.json" => s3_batch_job::S3BatchJobResponse,
    "s3-batch-job-response-failure.json" => s3_batch_job::S3BatchJobResponse,
    // s3_object_lambda
    "s3-object-lambda-get-object-iam.json" => s3_object_lambda::S3ObjectLambdaEvent,
    "s3-object-lambda-get-object-assumed-role.json" => s3_object_lambda::S3ObjectLambdaEvent,
    "s3-object-lambda-head-object-iam.json" => s3_object_lambda::S3ObjectLambdaEvent,
    "s3-object-lambda-list-objects-iam.json" => s3_object_lambda::S3ObjectLambdaEvent,
    "s3-object-lambda-list-objects-v2-iam.json" => s3_object_lambda::S3ObjectLambdaEvent,
    // sns
    "sns-event.json" => sns::SnsEvent,
    "sns-event-url-caps.json" => sns::SnsEvent,
    "sns-event-pascal-case.json" => sns::SnsEvent,
    "sns-event-json-message.json" => sns::SnsEvent,
    "sns-event-subject-null.json" => sns::SnsEvent,
    // sqs
    "sqs-event.json" => sqs::SqsEvent,
    "sqs-event-json-body.json" => sqs::SqsEvent,
    "sqs-event-standard.json" => sqs::SqsEvent,
    "sqs-event-fifo.json" => sqs::SqsEvent,
    "sqs-event-traced-dead-letter.json" => sqs::SqsEvent,
    "sqs-event-sns-notification-body.json" => sqs::SqsEvent,
    "sqs-batch-response.json" => sqs::SqsBatchResponse,
    "sqs-api-event.json" => sqs::SqsApiEvent,
    "sqs-api-event-fifo-message-attributes.json" => sqs::SqsApiEvent,
    "sqs-api-event-empty.json" => sqs::SqsApiEvent,
    // envelopes (tests/tests/envelopes.rs, batch.rs): SQS events with JSON, SNS and EventBridge bodies
    "envelope-sqs-orders.json" => sqs::SqsEvent,
    "envelope-sqs-fifo-orders.json" => sqs::SqsEvent,
    "envelope-sqs-sns-s3.json" => sqs::SqsEvent,
    "envelope-sqs-eventbridge.json" => sqs::SqsEvent,
    "envelope-kinesis-orders.json" => kinesis::KinesisEvent,
    // cognito
    "cognito-sync.json" => cognito::CognitoSyncEvent,
    "cognito-pre-sign-up.json" => cognito::PreSignUpEvent,
    "cognito-pre-sign-up-external-provider.json" => cognito::PreSignUpEvent,
    "cognito-post-confirmation.json" => cognito::PostConfirmationEvent,
    "cognito-pre-authentication.json" => cognito::PreAuthenticationEvent,
    "cognito-post-authentication.json" => cognito::PostAuthenticationEvent,
    "cognito-define-auth-challenge.json" => cognito::DefineAuthChallengeEvent,
    "cognito-define-auth-challenge-optional-response-fields.json" => cognito::DefineAuthChallengeEvent,
    "cognito-define-auth-challenge-user-not-found.json" => cognito::DefineAuthChallengeEvent,
    "cognito-create-auth-challenge.json" => cognito::CreateAuthChallengeEvent,
    "cognito-create-auth-challenge-user-not-found.json" => cognito::CreateAuthChallengeEvent,
    "cognito-verify-auth-challenge.json" => cognito::VerifyAuthChallengeEvent,
    "cognito-verify-auth-challenge-no-answer-correct.json" => cognito::VerifyAuthChallengeEvent,
    "cognito-verify-auth-challenge-null-answer-correct.json" => cognito::VerifyAuthChallengeEvent,
    "cognito-verify-auth-challenge-user-not-found.json" => cognito::VerifyAuthChallengeEvent,
    "cognito-pre-token-generation.json" => cognito::PreTokenGenerationEvent,
    "cognito-pre-token-generation-incoming.json" => cognito::PreTokenGenerationEvent,
    "cognito-pre-token-generation-v2.json" => cognito::PreTokenGenerationV2Event,
    "cognito-pre-token-generation-v2-incoming.json" => cognito::PreTokenGenerationV2Event,
    "cognito-pre-token-generation-v2-hosted-auth.json" => cognito::PreTokenGenerationV2Event,
    "cognito-pre-token-generation-v2-non-string-claims.json" => cognito::PreTokenGenerationV2Event,
    "cognito-pre-token-generation-v3-client-credentials.json" => cognito::PreTokenGenerationV2Event,
    "cognito-user-migration.json" => cognito::UserMigrationEvent,
    "cognito-user-migration-forgot-password.json" => cognito::UserMigrationEvent,
    "cognito-custom-message.json" => cognito::CustomMessageEvent,
    "cognito-custom-message-admin-create-user.json" => cognito::CustomMessageEvent,
    "cognito-custom-email-sender.json" => cognito::CustomEmailSenderEvent,
    "cognito-custom-email-sender-account-takeover.json" => cognito::CustomEmailSenderEvent,
    "cognito-custom-sms-sender.json" => cognito::CustomSmsSenderEvent,
    "cognito-inbound-federation-oidc.json" => cognito::InboundFederationEvent,
    "cognito-inbound-federation-saml.json" => cognito::InboundFederationEvent,
    // eventbridge
    "eventbridge-scheduled-event.json" => eventbridge::EventBridgeScheduledEvent,
    "eventbridge-event-ec2-state-change.json" => ec2::Ec2InstanceStateChangeEvent,
    "eventbridge-event-custom.json" => eventbridge::EventBridgeEvent,
    "eventbridge-event-replayed.json" => eventbridge::EventBridgeEvent,
    // cloudtrail
    "cloudtrail-record-assumed-role.json" => cloudtrail::CloudTrailRecord,
    "cloudtrail-event-api-call-assumed-role.json" => cloudtrail::CloudTrailEvent,
    "cloudtrail-event-api-call-error.json" => cloudtrail::CloudTrailEvent,
    // s3_eventbridge
    "s3-eventbridge-object-created.json" => s3_eventbridge::S3EventBridgeEvent,
    "s3-eventbridge-object-created-event-version.json" => s3_eventbridge::S3EventBridgeEvent,
    "s3-eventbridge-object-deleted.json" => s3_eventbridge::S3EventBridgeEvent,
    "s3-eventbridge-object-deleted-lifecycle.json" => s3_eventbridge::S3EventBridgeEvent,
    "s3-eventbridge-object-restore-initiated.json" => s3_eventbridge::S3EventBridgeEvent,
    "s3-eventbridge-object-restore-completed.json" => s3_eventbridge::S3EventBridgeEvent,
    "s3-eventbridge-object-storage-class-changed.json" => s3_eventbridge::S3EventBridgeEvent,
    "s3-eventbridge-object-access-tier-changed.json" => s3_eventbridge::S3EventBridgeEvent,
    "s3-eventbridge-object-tags-added.json" => s3_eventbridge::S3EventBridgeEvent,
    // autoscaling
    "autoscaling-launch-successful.json" => autoscaling::AutoScalingActivityEvent,
    "autoscaling-terminate-lifecycle-action.json" => autoscaling::AutoScalingLifecycleActionEvent,
    "autoscaling-launch-unsuccessful-warm-pool.json" => autoscaling::AutoScalingActivityEvent,
    "autoscaling-launch-lifecycle-action-warm-pool.json" => autoscaling::AutoScalingLifecycleActionEvent,
    // codecommit
    "codecommit-trigger-test.json" => codecommit::CodeCommitEvent,
    "codecommit-trigger-push.json" => codecommit::CodeCommitEvent,
    "codecommit-repository-state-change.json" => codecommit::CodeCommitRepositoryStateChangeEvent,
    "codecommit-repository-state-change-merge.json" => codecommit::CodeCommitRepositoryStateChangeEvent,
    // codebuild
    "codebuild-state-change-succeeded.json" => codebuild::CodeBuildStateChangeEvent,
    "codebuild-phase-change-completed.json" => codebuild::CodeBuildPhaseChangeEvent,
    "codebuild-state-change-failed.json" => codebuild::CodeBuildStateChangeEvent,
    // codedeploy
    "codedeploy-deployment-success.json" => codedeploy::CodeDeployDeploymentEvent,
    "codedeploy-deployment-failure.json" => codedeploy::CodeDeployDeploymentEvent,
    "codedeploy-instance-success.json" => codedeploy::CodeDeployInstanceEvent,
    "codedeploy-instance-start.json" => codedeploy::CodeDeployInstanceEvent,
    "codedeploy-lifecycle-hook.json" => codedeploy::CodeDeployLifecycleEvent,
    // alb
    "alb-request-headers-only.json" => alb::AlbTargetGroupRequest,
    "alb-request-multi-value-headers.json" => alb::AlbTargetGroupRequest,
    "alb-response-multi-value-headers.json" => alb::AlbTargetGroupResponse,
    "alb-request-query.json" => alb::AlbTargetGroupRequest,
    "alb-response.json" => alb::AlbTargetGroupResponse,
    "alb-request-post-binary.json" => alb::AlbTargetGroupRequest,
    // codepipeline
    "codepipeline-job.json" => codepipeline::CodePipelineJobEvent,
    "codepipeline-job-continuation.json" => codepipeline::CodePipelineJobEvent,
    "codepipeline-execution-state-change-started.json" => codepipeline::CodePipelineExecutionStateChangeEvent,
    "codepipeline-execution-state-change-failed.json" => codepipeline::CodePipelineExecutionStateChangeEvent,
    "codepipeline-stage-state-change-started.json" => codepipeline::CodePipelineStageStateChangeEvent,
    "codepipeline-action-state-change-started.json" => codepipeline::CodePipelineActionStateChangeEvent,
    "codepipeline-action-state-change-failed.json" => codepipeline::CodePipelineActionStateChangeEvent,
    // ecr
    "ecr-image-action-push.json" => ecr::EcrImageActionEvent,
    "ecr-image-action-delete.json" => ecr::EcrImageActionEvent,
    "ecr-image-action-push-media-types.json" => ecr::EcrImageActionEvent,
    "ecr-image-scan.json" => ecr::EcrImageScanEvent,
    "ecr-image-scan-missing-severities.json" => ecr::EcrImageScanEvent,
    // apigw
    "apigw-proxy-request.json" => apigw::ApiGatewayProxyRequest,
    "apigw-proxy-request-operation-name.json" => apigw::ApiGatewayProxyRequest,
    "apigw-proxy-request-console-test.json" => apigw::ApiGatewayProxyRequest,
    "apigw-proxy-request-multi-value-parameters.json" => apigw::ApiGatewayProxyRequest,
    "apigw-proxy-request-sam-local.json" => apigw::ApiGatewayProxyRequest,
    "apigw-proxy-request-get-root.json" => apigw::ApiGatewayProxyRequest,
    "apigw-proxy-request-cognito-authorizer.json" => apigw::ApiGatewayProxyRequest,
    "apigw-proxy-response.json" => apigw::ApiGatewayProxyResponse,
    "apigw-proxy-response-multi-value-headers.json" => apigw::ApiGatewayProxyResponse,
    "apigw-custom-authorizer-token-request.json" => apigw::ApiGatewayCustomAuthorizerRequest,
    "apigw-custom-authorizer-request-type-request.json" => apigw::ApiGatewayCustomAuthorizerRequestTypeRequest,
    "apigw-custom-authorizer-response.json" => apigw::ApiGatewayCustomAuthorizerResponse,
    "apigw-custom-authorizer-response-condition.json" => apigw::ApiGatewayCustomAuthorizerResponse,
    "apigw-custom-authorizer-response-single-value-action.json" => apigw::ApiGatewayCustomAuthorizerResponse,
    "apigw-custom-authorizer-response-single-value-resource.json" => apigw::ApiGatewayCustomAuthorizerResponse,
    "apigw-custom-authorizer-response-context.json" => apigw::ApiGatewayCustomAuthorizerResponse,
    // ecs
    "ecs-container-instance-state-change.json" => ecs::EcsContainerInstanceStateChangeEvent,
    "ecs-container-instance-state-change-draining.json" => ecs::EcsContainerInstanceStateChangeEvent,
    // controltower
    "controltower-create-managed-account.json" => controltower::ControlTowerLifecycleEvent,
    "controltower-enable-guardrail.json" => controltower::ControlTowerLifecycleEvent,
    "controltower-setup-landing-zone.json" => controltower::ControlTowerLifecycleEvent,
    "controltower-register-organizational-unit-failed.json" => controltower::ControlTowerLifecycleEvent,
    // dynamodb
    "dynamodb-event.json" => dynamodb::DynamoDbEvent,
    "dynamodb-event-insert-modify.json" => dynamodb::DynamoDbEvent,
    "dynamodb-event-ttl-remove-keys-only.json" => dynamodb::DynamoDbEvent,
    "dynamodb-time-window-event.json" => dynamodb::DynamoDbTimeWindowEvent,
    "dynamodb-time-window-event-numeric-state.json" => dynamodb::DynamoDbTimeWindowEvent,
    "dynamodb-time-window-response.json" => dynamodb::DynamoDbTimeWindowResponse,
    "dynamodb-batch-response.json" => dynamodb::DynamoDbBatchResponse,
    // cloudwatch_alarms
    "cloudwatch-alarms-metric.json" => cloudwatch_alarms::CloudWatchAlarmEvent,
    "cloudwatch-alarms-composite.json" => cloudwatch_alarms::CloudWatchAlarmEvent,
    "cloudwatch-alarms-composite-with-suppressor.json" => cloudwatch_alarms::CloudWatchAlarmEvent,
    "cloudwatch-alarms-sns-payload-multiple-metrics.json" => cloudwatch_alarms::CloudWatchAlarmSnsPayload,
    "cloudwatch-alarms-sns-payload-single-metric.json" => cloudwatch_alarms::CloudWatchAlarmSnsPayload,
    "cloudwatch-alarms-state-change-metric.json" => cloudwatch_alarms::CloudWatchAlarmStateChangeEvent,
    "cloudwatch-alarms-state-change-composite.json" => cloudwatch_alarms::CloudWatchAlarmStateChangeEvent,
    // kinesis
    "kinesis-event.json" => kinesis::KinesisEvent,
    "kinesis-event-encrypted.json" => kinesis::KinesisEvent,
    "kinesis-event-two-records.json" => kinesis::KinesisEvent,
    "kinesis-event-dynamodb-change.json" => kinesis::KinesisEvent,
    "kinesis-time-window-event.json" => kinesis::KinesisTimeWindowEvent,
    "kinesis-time-window-response.json" => kinesis::KinesisTimeWindowResponse,
    "kinesis-batch-response.json" => kinesis::KinesisBatchResponse,
    // guardduty
    "guardduty-finding-network-connection.json" => guardduty::GuardDutyFindingEvent,
    "guardduty-finding-api-call.json" => guardduty::GuardDutyFindingEvent,
    // apigw_websocket
    "apigw-websocket-connect.json" => apigw_websocket::ApiGatewayWebsocketProxyRequest,
    "apigw-websocket-connect-authorized.json" => apigw_websocket::ApiGatewayWebsocketProxyRequest,
    "apigw-websocket-message.json" => apigw_websocket::ApiGatewayWebsocketProxyRequest,
    "apigw-websocket-disconnect.json" => apigw_websocket::ApiGatewayWebsocketProxyRequest,
    "apigw-websocket-disconnect-close-reason.json" => apigw_websocket::ApiGatewayWebsocketProxyRequest,
    "apigw-websocket-response.json" => apigw_websocket::ApiGatewayWebsocketProxyResponse,
    "apigw-websocket-authorizer-request.json" => apigw_websocket::ApiGatewayWebsocketAuthorizerRequest,
    // apigw_v2
    "apigw-v2-http-request-no-authorizer.json" => apigw_v2::ApiGatewayV2HttpRequest,
    "apigw-v2-http-request-jwt-authorizer.json" => apigw_v2::ApiGatewayV2HttpRequest,
    "apigw-v2-http-request-iam.json" => apigw_v2::ApiGatewayV2HttpRequest,
    "apigw-v2-http-request-lambda-authorizer.json" => apigw_v2::ApiGatewayV2HttpRequest,
    "apigw-v2-http-request-sam-local.json" => apigw_v2::ApiGatewayV2HttpRequest,
    "apigw-v2-http-request-post-binary.json" => apigw_v2::ApiGatewayV2HttpRequest,
    "apigw-v2-http-response.json" => apigw_v2::ApiGatewayV2HttpResponse,
    "apigw-v2-custom-authorizer-v1-request.json" => apigw_v2::ApiGatewayV2CustomAuthorizerV1Request,
    "apigw-v2-custom-authorizer-v2-request.json" => apigw_v2::ApiGatewayV2CustomAuthorizerV2Request,
    "apigw-v2-custom-authorizer-v2-request-without-identity-source.json" => apigw_v2::ApiGatewayV2CustomAuthorizerV2Request,
    "apigw-v2-custom-authorizer-simple-response.json" => apigw_v2::ApiGatewayV2CustomAuthorizerSimpleResponse,
    "apigw-v2-custom-authorizer-iam-policy-response.json" => apigw_v2::ApiGatewayV2CustomAuthorizerIamPolicyResponse,
    // health
    "health-event-public-issue.json" => health::HealthEvent,
    "health-event-scheduled-change.json" => health::HealthEvent,
    // lambda_function_urls
    "lambda-function-urls-request.json" => lambda_function_urls::LambdaFunctionUrlRequest,
    "lambda-function-urls-request-iam.json" => lambda_function_urls::LambdaFunctionUrlRequest,
    "lambda-function-urls-request-public-get.json" => lambda_function_urls::LambdaFunctionUrlRequest,
    "lambda-function-urls-response-cookies.json" => lambda_function_urls::LambdaFunctionUrlResponse,
    "lambda-function-urls-response-binary.json" => lambda_function_urls::LambdaFunctionUrlResponse,
    // firehose
    "firehose-event-kinesis-source.json" => firehose::FirehoseEvent,
    "firehose-event-direct-put.json" => firehose::FirehoseEvent,
    "firehose-response.json" => firehose::FirehoseResponse,
    "firehose-response-dynamic-partitioning.json" => firehose::FirehoseResponse,
    // kinesis_analytics
    "kinesis-analytics-output-delivery-event.json" => kinesis_analytics::KinesisAnalyticsOutputDeliveryEvent,
    "kinesis-analytics-output-delivery-event-retry.json" => kinesis_analytics::KinesisAnalyticsOutputDeliveryEvent,
    "kinesis-analytics-output-delivery-response.json" => kinesis_analytics::KinesisAnalyticsOutputDeliveryResponse,
    "kinesis-analytics-output-delivery-response-failed.json" => kinesis_analytics::KinesisAnalyticsOutputDeliveryResponse,
    "kinesis-analytics-input-preprocessing-event-kinesis.json" => kinesis_analytics::KinesisAnalyticsInputPreprocessingEvent,
    "kinesis-analytics-input-preprocessing-event-firehose.json" => kinesis_analytics::KinesisAnalyticsInputPreprocessingEvent,
    "kinesis-analytics-input-preprocessing-response.json" => kinesis_analytics::KinesisAnalyticsInputPreprocessingResponse,
    // kafka
    "kafka-event-msk.json" => kafka::KafkaEvent,
    "kafka-event-self-managed.json" => kafka::KafkaEvent,
    "kafka-event-msk-tombstone-no-key.json" => kafka::KafkaEvent,
    "kafka-event-msk-schema-registry.json" => kafka::KafkaEvent,
    // activemq
    "activemq-event.json" => activemq::ActiveMqEvent,
    "activemq-event-bytes-message.json" => activemq::ActiveMqEvent,
    // rabbitmq
    "rabbitmq-event.json" => rabbitmq::RabbitMqEvent,
    "rabbitmq-event-two-queues.json" => rabbitmq::RabbitMqEvent,
    // documentdb
    "documentdb-delete.json" => documentdb::DocumentDbEvent,
    "documentdb-drop-database.json" => documentdb::DocumentDbEvent,
    "documentdb-drop.json" => documentdb::DocumentDbEvent,
    "documentdb-insert.json" => documentdb::DocumentDbEvent,
    "documentdb-invalidate.json" => documentdb::DocumentDbEvent,
    "documentdb-rename.json" => documentdb::DocumentDbEvent,
    "documentdb-replace.json" => documentdb::DocumentDbEvent,
    "documentdb-update.json" => documentdb::DocumentDbEvent,
    "documentdb-insert-full-document.json" => documentdb::DocumentDbEvent,
    "documentdb-update-lookup-batch.json" => documentdb::DocumentDbEvent,
    // appsync
    "appsync-resolver-iam.json" => appsync::AppSyncResolverEvent,
    "appsync-resolver-cognito-pipeline.json" => appsync::AppSyncResolverEvent,
    "appsync-batch-resolver.json" => appsync::AppSyncBatchResolverEvent,
    "appsync-resolver-template-invoke.json" => appsync::AppSyncResolverTemplate,
    "appsync-resolver-template-batch-invoke.json" => appsync::AppSyncResolverTemplate,
    "appsync-identity-cognito.json" => appsync::AppSyncCognitoIdentity,
    "appsync-identity-iam.json" => appsync::AppSyncIamIdentity,
    "appsync-lambda-authorizer-request.json" => appsync::AppSyncLambdaAuthorizerRequest,
    "appsync-lambda-authorizer-request-headers.json" => appsync::AppSyncLambdaAuthorizerRequest,
    "appsync-lambda-authorizer-response.json" => appsync::AppSyncLambdaAuthorizerResponse,
    "appsync-lambda-authorizer-response-denied-fields.json" => appsync::AppSyncLambdaAuthorizerResponse,
    // vpc_lattice
    "vpc-lattice-request-v1.json" => vpc_lattice::VpcLatticeRequestV1,
    "vpc-lattice-request-v2.json" => vpc_lattice::VpcLatticeRequestV2,
    "vpc-lattice-request-v2-single-value.json" => vpc_lattice::VpcLatticeRequestV2,
    "vpc-lattice-response.json" => vpc_lattice::VpcLatticeResponse,
    // cloudfront
    "cloudfront-viewer-request.json" => cloudfront::CloudFrontEvent,
    "cloudfront-origin-request-custom-origin.json" => cloudfront::CloudFrontEvent,
    "cloudfront-origin-request-s3-origin-body.json" => cloudfront::CloudFrontEvent,
    "cloudfront-origin-response.json" => cloudfront::CloudFrontEvent,
    "cloudfront-viewer-response.json" => cloudfront::CloudFrontEvent,
    "cloudfront-generated-response.json" => cloudfront::CloudFrontResponse,
    // cloudwatch_logs
    "cloudwatch-logs-event.json" => cloudwatch_logs::CloudWatchLogsEvent,
    "cloudwatch-logs-event-lambda-errors.json" => cloudwatch_logs::CloudWatchLogsEvent,
    "cloudwatch-logs-data.json" => cloudwatch_logs::CloudWatchLogsData,
    "cloudwatch-logs-data-control-message.json" => cloudwatch_logs::CloudWatchLogsData,
    "cloudwatch-logs-data-account-policy-extracted-fields.json" => cloudwatch_logs::CloudWatchLogsData,
    // bedrock_agent
    "bedrock-agent-event.json" => bedrock_agent::BedrockAgentEvent,
    "bedrock-agent-event-without-parameters.json" => bedrock_agent::BedrockAgentEvent,
    "bedrock-agent-event-without-request-body.json" => bedrock_agent::BedrockAgentEvent,
    "bedrock-agent-event-function.json" => bedrock_agent::BedrockAgentEvent,
    "bedrock-agent-response-api.json" => bedrock_agent::BedrockAgentResponse,
    "bedrock-agent-response-function.json" => bedrock_agent::BedrockAgentResponse,
    // lex
    "lex-event-dialog-code-hook.json" => lex::LexEvent,
    "lex-response-elicit-slot.json" => lex::LexResponse,
    "lex-response-close.json" => lex::LexResponse,
    // connect
    "connect-event.json" => connect::ConnectEvent,
    "connect-event-chat-no-queue.json" => connect::ConnectEvent,
    "connect-response.json" => connect::ConnectResponse,
    // clientvpn
    "clientvpn-connection-handler-request.json" => clientvpn::ClientVpnConnectionHandlerRequest,
    "clientvpn-connection-handler-request-certificate.json" => clientvpn::ClientVpnConnectionHandlerRequest,
    "clientvpn-connection-handler-response.json" => clientvpn::ClientVpnConnectionHandlerResponse,
    // lex_v2
    "lex-v2-event-dialog-code-hook.json" => lex_v2::LexV2Event,
    "lex-v2-event-fulfillment-list-slot.json" => lex_v2::LexV2Event,
    "lex-v2-response-close.json" => lex_v2::LexV2Response,
    "lex-v2-response-elicit-slot.json" => lex_v2::LexV2Response,
    // alexa
    "alexa-launch-request.json" => alexa::AlexaSkillRequest,
    "alexa-intent-request.json" => alexa::AlexaSkillRequest,
    "alexa-session-ended-request.json" => alexa::AlexaSkillRequest,
    "alexa-response.json" => alexa::AlexaSkillResponse,
    // alexa_smart_home
    "alexa-smart-home-discover.json" => alexa_smart_home::AlexaSmartHomeRequest,
    "alexa-smart-home-discover-response.json" => alexa_smart_home::AlexaSmartHomeResponse,
    "alexa-smart-home-turn-on.json" => alexa_smart_home::AlexaSmartHomeRequest,
    "alexa-smart-home-turn-on-response.json" => alexa_smart_home::AlexaSmartHomeResponse,
    // ses
    "ses-lambda-action.json" => ses::SesEvent,
    "ses-s3-action.json" => ses::SesEvent,
    "ses-sns-action.json" => ses::SesEvent,
    "ses-event.json" => ses::SesEvent,
    "ses-lambda-action-request-response-spam.json" => ses::SesEvent,
    "ses-lambda-response-stop-rule-set.json" => ses::SesLambdaResponse,
    // secretsmanager
    "secretsmanager-rotation-create-secret.json" => secretsmanager::SecretsManagerRotationEvent,
    "secretsmanager-rotation-finish-secret.json" => secretsmanager::SecretsManagerRotationEvent,
    // config
    "config-event-snapshot-delivery.json" => config::ConfigEvent,
    "config-event-configuration-item-change.json" => config::ConfigEvent,
    "config-event-scheduled.json" => config::ConfigEvent,
    "config-invoking-event-snapshot-delivery.json" => config::ConfigInvokingEvent,
    "config-invoking-event-configuration-item-change.json" => config::ConfigInvokingEvent,
    "config-invoking-event-scheduled.json" => config::ConfigInvokingEvent,
    // chime_bot
    "chime-bot-invite.json" => chime_bot::ChimeBotEvent,
    "chime-bot-mention.json" => chime_bot::ChimeBotEvent,
    "chime-bot-remove.json" => chime_bot::ChimeBotEvent,
    // appsync_events
    "appsync-events-publish.json" => appsync_events::AppSyncEventsEvent,
    "appsync-events-subscribe.json" => appsync_events::AppSyncEventsEvent,
    "appsync-events-publish-response.json" => appsync_events::AppSyncEventsResponse,
    // cloudformation
    "cloudformation-custom-resource-create-request.json" => cloudformation::CloudFormationCustomResourceRequest,
    "cloudformation-custom-resource-delete-request.json" => cloudformation::CloudFormationCustomResourceRequest,
    "cloudformation-custom-resource-update-request.json" => cloudformation::CloudFormationCustomResourceRequest,
    "cloudformation-custom-resource-response.json" => cloudformation::CloudFormationCustomResourceResponse,
    "cloudformation-custom-resource-provider-create-request.json" => cloudformation::CloudFormationProviderRequest,
    "cloudformation-custom-resource-provider-delete-request.json" => cloudformation::CloudFormationProviderRequest,
    "cloudformation-custom-resource-provider-update-request.json" => cloudformation::CloudFormationProviderRequest,
    "cloudformation-custom-resource-provider-response.json" => cloudformation::CloudFormationProviderResponse,
    // iot
    "iot-custom-auth-request.json" => iot::IotCustomAuthorizerRequest,
    "iot-custom-auth-request-mqtt-no-token.json" => iot::IotCustomAuthorizerRequest,
    "iot-custom-auth-response.json" => iot::IotCustomAuthorizerResponse,
    "iot-custom-auth-response-denied.json" => iot::IotCustomAuthorizerResponse,
    "iot-preprovision-hook-request.json" => iot::IotPreProvisioningHookRequest,
    "iot-preprovision-hook-response.json" => iot::IotPreProvisioningHookResponse,
    "iot-preprovision-hook-response-denied.json" => iot::IotPreProvisioningHookResponse,
    // iot_1_click
    "iot-1-click-event.json" => iot_1_click::Iot1ClickEvent,
    // iot_button
    "iot-button-event.json" => iot_button::IotButtonEvent,
    "iot-button-event-double.json" => iot_button::IotButtonEvent,
    // transfer_family
    "transfer-family-authorizer-request-password.json" => transfer_family::TransferFamilyAuthorizerRequest,
    "transfer-family-authorizer-request-ssh-key.json" => transfer_family::TransferFamilyAuthorizerRequest,
    "transfer-family-authorizer-request-ftps.json" => transfer_family::TransferFamilyAuthorizerRequest,
    "transfer-family-authorizer-response-s3-logical.json" => transfer_family::TransferFamilyAuthorizerResponse,
    "transfer-family-authorizer-response-efs-ssh-keys.json" => transfer_family::TransferFamilyAuthorizerResponse,
    "transfer-family-authorizer-response-denied.json" => transfer_family::TransferFamilyAuthorizerResponse,
    // workmail
    "workmail-email-flow-inbound.json" => workmail::WorkMailEmailFlowEvent,
    "workmail-email-flow-outbound.json" => workmail::WorkMailEmailFlowEvent,
    "workmail-email-flow-response-bounce.json" => workmail::WorkMailEmailFlowResponse,
    "workmail-email-flow-response-per-recipient.json" => workmail::WorkMailEmailFlowResponse,
    // sagemaker_ground_truth
    "sagemaker-ground-truth-pre-human-task-source-ref.json" => sagemaker_ground_truth::SageMakerGroundTruthPreHumanTaskEvent,
    "sagemaker-ground-truth-pre-human-task-source.json" => sagemaker_ground_truth::SageMakerGroundTruthPreHumanTaskEvent,
    "sagemaker-ground-truth-pre-human-task-response.json" => sagemaker_ground_truth::SageMakerGroundTruthPreHumanTaskResponse,
    "sagemaker-ground-truth-annotation-consolidation-event.json" => sagemaker_ground_truth::SageMakerGroundTruthAnnotationConsolidationEvent,
    "sagemaker-ground-truth-annotation-consolidation-response.json" => sagemaker_ground_truth::SageMakerGroundTruthAnnotationConsolidationResponse,
    // iam
    "iam-policy-document-s3-read.json" => iam::IamPolicyDocument,
    "iam-policy-document-trust-policy.json" => iam::IamPolicyDocument,
    "iam-policy-document-deny-not-action.json" => iam::IamPolicyDocument,
    "iam-policy-inline.json" => iam::IamPolicy,
    "apigw-proxy-request-http-api-v1.json" => apigw::ApiGatewayProxyRequest,
    // ec2
    "ec2-instance-state-change-pending.json" => ec2::Ec2InstanceStateChangeEvent,
    "ec2-instance-state-change-stopped.json" => ec2::Ec2InstanceStateChangeEvent,
    // emr
    "emr-auto-scaling-policy-state-change.json" => emr::EmrAutoScalingPolicyStateChangeEvent,
    "emr-cluster-state-change-starting.json" => emr::EmrClusterStateChangeEvent,
    "emr-cluster-state-change-terminated.json" => emr::EmrClusterStateChangeEvent,
    "emr-instance-group-state-change.json" => emr::EmrInstanceGroupStateChangeEvent,
    "emr-step-status-change.json" => emr::EmrStepStatusChangeEvent,
    // gamelift
    "gamelift-accept-match.json" => gamelift::GameLiftMatchmakingEvent,
    "gamelift-matchmaking-failed.json" => gamelift::GameLiftMatchmakingEvent,
    "gamelift-matchmaking-searching.json" => gamelift::GameLiftMatchmakingEvent,
    "gamelift-matchmaking-succeeded.json" => gamelift::GameLiftMatchmakingEvent,
    "gamelift-matchmaking-timed-out.json" => gamelift::GameLiftMatchmakingEvent,
    "gamelift-potential-match-created.json" => gamelift::GameLiftMatchmakingEvent,
    // glue
    "glue-job-state-change-failed.json" => glue::GlueJobStateChangeEvent,
    "glue-job-run-status-running.json" => glue::GlueJobRunStatusEvent,
    "glue-crawler-failed.json" => glue::GlueCrawlerStateChangeEvent,
    "glue-crawler-started.json" => glue::GlueCrawlerStateChangeEvent,
    "glue-crawler-succeeded.json" => glue::GlueCrawlerStateChangeEvent,
    "glue-data-catalog-table-state-change.json" => glue::GlueDataCatalogTableStateChangeEvent,
    "glue-data-catalog-database-state-change.json" => glue::GlueDataCatalogDatabaseStateChangeEvent,
    // kms
    "kms-cmk-deletion.json" => kms::KmsKeyEvent,
    "kms-cmk-rotation.json" => kms::KmsKeyEvent,
    "kms-imported-key-material-expiration.json" => kms::KmsKeyEvent,
    // macie
    "macie-alert-created-bucket-scan.json" => macie::MacieAlertEvent,
    "macie-alert-created-bucket-writable.json" => macie::MacieAlertEvent,
    "macie-alert-updated-predictive.json" => macie::MacieAlertEvent,
    // opsworks
    "opsworks-instance-state-change.json" => opsworks::OpsWorksInstanceStateChangeEvent,
    "opsworks-command-state-change.json" => opsworks::OpsWorksCommandStateChangeEvent,
    "opsworks-deployment-state-change.json" => opsworks::OpsWorksDeploymentStateChangeEvent,
    "opsworks-alert.json" => opsworks::OpsWorksAlertEvent,
    // signin
    "signin-console-sign-in-root.json" => signin::SignInEvent,
    "signin-console-sign-in-iam-user-mfa.json" => signin::SignInEvent,
    // server_migration
    "server-migration-job-state-change-completed.json" => server_migration::ServerMigrationJobStateChangeEvent,
    "server-migration-job-state-change-deleted.json" => server_migration::ServerMigrationJobStateChangeEvent,
    // ssm
    "ssm-command-status-change.json" => ssm::SsmCommandStatusChangeEvent,
    "ssm-command-invocation-status-change.json" => ssm::SsmCommandInvocationStatusChangeEvent,
    "ssm-automation-step-status-change.json" => ssm::SsmAutomationStepStatusChangeEvent,
    "ssm-automation-execution-status-change.json" => ssm::SsmAutomationExecutionStatusChangeEvent,
    "ssm-state-manager-association-state-change.json" => ssm::SsmAssociationStateChangeEvent,
    "ssm-state-manager-instance-association-state-change.json" => ssm::SsmInstanceAssociationStateChangeEvent,
    "ssm-configuration-compliance-association-compliant.json" => ssm::SsmConfigurationComplianceStateChangeEvent,
    "ssm-configuration-compliance-patch-non-compliant.json" => ssm::SsmConfigurationComplianceStateChangeEvent,
    "ssm-maintenance-window-target-registration.json" => ssm::SsmMaintenanceWindowTargetRegistrationEvent,
    "ssm-maintenance-window-execution-state-change.json" => ssm::SsmMaintenanceWindowExecutionStateChangeEvent,
    "ssm-maintenance-window-task-execution-state-change.json" => ssm::SsmMaintenanceWindowTaskExecutionStateChangeEvent,
    "ssm-maintenance-window-task-target-invocation-state-change.json" => ssm::SsmMaintenanceWindowTaskTargetInvocationStateChangeEvent,
    "ssm-maintenance-window-state-change.json" => ssm::SsmMaintenanceWindowStateChangeEvent,
    "ssm-parameter-store-change-create.json" => ssm::SsmParameterStoreChangeEvent,
    // tag
    "tag-change-on-resource.json" => tag::TagChangeOnResourceEvent,
    // trusted_advisor
    "trusted-advisor-exposed-access-keys.json" => trusted_advisor::TrustedAdvisorCheckItemRefreshEvent,
    "trusted-advisor-low-utilization-ec2.json" => trusted_advisor::TrustedAdvisorCheckItemRefreshEvent,
    // lambda_destination
    "lambda-destination-record-event-age-exceeded.json" => lambda_destination::LambdaDestinationRecord,
    "lambda-destination-record-retries-exhausted.json" => lambda_destination::LambdaDestinationRecord,
    "lambda-destination-record-success.json" => lambda_destination::LambdaDestinationRecord,
    "lambda-destination-eventbridge-failure.json" => lambda_destination::LambdaDestinationEvent,
    "lambda-destination-eventbridge-success.json" => lambda_destination::LambdaDestinationEvent,
    // cloudwatch_dashboard
    "cloudwatch-dashboard-custom-widget-describe.json" => cloudwatch_dashboard::CloudWatchDashboardCustomWidgetEvent,
    "cloudwatch-dashboard-custom-widget.json" => cloudwatch_dashboard::CloudWatchDashboardCustomWidgetEvent,
    // connect_outbound_campaigns
    "connect-outbound-campaigns-custom-action.json" => connect_outbound_campaigns::ConnectOutboundCampaignsEvent,
};

/// Public corpus file (relative to `../shared/fixtures/`) => generated type, for the sweep.
const CORPUS: &[Row] = rows! {
    "aws-lambda-go/s3-event.json" => s3::S3Event,
    "aws-lambda-go/s3-event-with-decoded.json" => s3::S3Event,
    "aws-lambda-go/s3-glacier-event.json" => s3::S3Event,
    "aws-lambda-go/s3-intelligenttier-event.json" => s3::S3Event,
    "aws-lambda-go/s3-lifecycle-event.json" => s3::S3Event,
    "aws-lambda-go/s3-replication-event.json" => s3::S3Event,
    "aws-lambda-go/s3-restore-event.json" => s3::S3Event,
    "aws-lambda-rust-runtime/example-s3-event.json" => s3::S3Event,
    "aws-lambda-rust-runtime/example-s3-event-with-decoded.json" => s3::S3Event,
    // sns, sqs, cognito
    "aws-lambda-go/cognito-event-userpools-create-auth-challenge.json" => cognito::CreateAuthChallengeEvent,
    "aws-lambda-go/cognito-event-userpools-custommessage.json" => cognito::CustomMessageEvent,
    "aws-lambda-go/cognito-event-userpools-define-auth-challenge.json" => cognito::DefineAuthChallengeEvent,
    "aws-lambda-go/cognito-event-userpools-inbound-federation-oidc.json" => cognito::InboundFederationEvent,
    "aws-lambda-go/cognito-event-userpools-inbound-federation-saml.json" => cognito::InboundFederationEvent,
    "aws-lambda-go/cognito-event-userpools-migrateuser.json" => cognito::UserMigrationEvent,
    "aws-lambda-go/cognito-event-userpools-postauthentication.json" => cognito::PostAuthenticationEvent,
    "aws-lambda-go/cognito-event-userpools-postconfirmation.json" => cognito::PostConfirmationEvent,
    "aws-lambda-go/cognito-event-userpools-preauthentication.json" => cognito::PreAuthenticationEvent,
    "aws-lambda-go/cognito-event-userpools-presignup.json" => cognito::PreSignUpEvent,
    "aws-lambda-go/cognito-event-userpools-pretokengen-v2.json" => cognito::PreTokenGenerationV2Event,
    "aws-lambda-go/cognito-event-userpools-pretokengen-v2_0.json" => cognito::PreTokenGenerationV2Event,
    "aws-lambda-go/cognito-event-userpools-pretokengen.json" => cognito::PreTokenGenerationEvent,
    "aws-lambda-go/cognito-event-userpools-verify-auth-challenge.json" => cognito::VerifyAuthChallengeEvent,
    "aws-lambda-go/cognito-event.json" => cognito::CognitoSyncEvent,
    "aws-lambda-go/sns-event.json" => sns::SnsEvent,
    "aws-lambda-go/sqs-event.json" => sqs::SqsEvent,
    "aws-lambda-rust-runtime/example-cognito-event-userpools-create-auth-challenge-user-not-found.json" => cognito::CreateAuthChallengeEvent,
    "aws-lambda-rust-runtime/example-cognito-event-userpools-create-auth-challenge.json" => cognito::CreateAuthChallengeEvent,
    "aws-lambda-rust-runtime/example-cognito-event-userpools-custommessage.json" => cognito::CustomMessageEvent,
    "aws-lambda-rust-runtime/example-cognito-event-userpools-define-auth-challenge-optional-response-fields.json" => cognito::DefineAuthChallengeEvent,
    "aws-lambda-rust-runtime/example-cognito-event-userpools-define-auth-challenge-user-not-found.json" => cognito::DefineAuthChallengeEvent,
    "aws-lambda-rust-runtime/example-cognito-event-userpools-define-auth-challenge.json" => cognito::DefineAuthChallengeEvent,
    "aws-lambda-rust-runtime/example-cognito-event-userpools-migrateuser.json" => cognito::UserMigrationEvent,
    "aws-lambda-rust-runtime/example-cognito-event-userpools-postauthentication.json" => cognito::PostAuthenticationEvent,
    "aws-lambda-rust-runtime/example-cognito-event-userpools-postconfirmation.json" => cognito::PostConfirmationEvent,
    "aws-lambda-rust-runtime/example-cognito-event-userpools-preauthentication.json" => cognito::PreAuthenticationEvent,
    "aws-lambda-rust-runtime/example-cognito-event-userpools-presignup.json" => cognito::PreSignUpEvent,
    "aws-lambda-rust-runtime/example-cognito-event-userpools-pretokengen-incoming.json" => cognito::PreTokenGenerationEvent,
    "aws-lambda-rust-runtime/example-cognito-event-userpools-pretokengen-v2-incoming.json" => cognito::PreTokenGenerationV2Event,
    "aws-lambda-rust-runtime/example-cognito-event-userpools-pretokengen-v2.json" => cognito::PreTokenGenerationV2Event,
    "aws-lambda-rust-runtime/example-cognito-event-userpools-pretokengen.json" => cognito::PreTokenGenerationEvent,
    "aws-lambda-rust-runtime/example-cognito-event-userpools-verify-auth-challenge-null-answer-correct.json" => cognito::VerifyAuthChallengeEvent,
    "aws-lambda-rust-runtime/example-cognito-event-userpools-verify-auth-challenge-optional-answer-correct.json" => cognito::VerifyAuthChallengeEvent,
    "aws-lambda-rust-runtime/example-cognito-event-userpools-verify-auth-challenge-user-not-found.json" => cognito::VerifyAuthChallengeEvent,
    "aws-lambda-rust-runtime/example-cognito-event-userpools-verify-auth-challenge.json" => cognito::VerifyAuthChallengeEvent,
    "aws-lambda-rust-runtime/example-cognito-event.json" => cognito::CognitoSyncEvent,
    "aws-lambda-rust-runtime/example-sns-event-obj.json" => sns::SnsEvent,
    "aws-lambda-rust-runtime/example-sns-event-pascal-case.json" => sns::SnsEvent,
    "aws-lambda-rust-runtime/example-sns-event.json" => sns::SnsEvent,
    "aws-lambda-rust-runtime/example-sqs-batch-response.json" => sqs::SqsBatchResponse,
    "aws-lambda-rust-runtime/example-sqs-event-obj.json" => sqs::SqsEvent,
    "aws-lambda-rust-runtime/example-sqs-event.json" => sqs::SqsEvent,
    // the SQS ReceiveMessage API reply (not a Lambda event; AnyEvent leaves it Unknown)
    "aws-lambda-rust-runtime/example-sqs-api-event-obj.json" => sqs::SqsApiEvent,
    "aws-lambda-go/s3-batch-job-event-request-1.0.json" => s3_batch_job::S3BatchJobEvent,
    "aws-lambda-go/s3-batch-job-event-request-2.0.json" => s3_batch_job::S3BatchJobEvent,
    "aws-lambda-go/s3-batch-job-event-response.json" => s3_batch_job::S3BatchJobResponse,
    "aws-lambda-go/s3-object-lambda-event-get-object-iam.json" => s3_object_lambda::S3ObjectLambdaEvent,
    "aws-lambda-rust-runtime/example-s3-object-lambda-event-get-object-iam.json" => s3_object_lambda::S3ObjectLambdaEvent,
    "aws-lambda-go/s3-object-lambda-event-get-object-assumed-role.json" => s3_object_lambda::S3ObjectLambdaEvent,
    "aws-lambda-rust-runtime/example-s3-object-lambda-event-get-object-assumed-role.json" => s3_object_lambda::S3ObjectLambdaEvent,
    "aws-lambda-go/s3-object-lambda-event-head-object-iam.json" => s3_object_lambda::S3ObjectLambdaEvent,
    "aws-lambda-rust-runtime/example-s3-object-lambda-event-head-object-iam.json" => s3_object_lambda::S3ObjectLambdaEvent,
    "aws-lambda-go/s3-object-lambda-event-list-objects-iam.json" => s3_object_lambda::S3ObjectLambdaEvent,
    "aws-lambda-rust-runtime/example-s3-object-lambda-event-list-objects-iam.json" => s3_object_lambda::S3ObjectLambdaEvent,
    "aws-lambda-go/s3-object-lambda-event-list-objects-v2-iam.json" => s3_object_lambda::S3ObjectLambdaEvent,
    "aws-lambda-rust-runtime/example-s3-object-lambda-event-list-objects-v2-iam.json" => s3_object_lambda::S3ObjectLambdaEvent,
    "aws-lambda-rust-runtime/example-eventbridge-event-obj.json" => ec2::Ec2InstanceStateChangeEvent,
    "aws-lambda-rust-runtime/example-eventbridge-schedule.json" => eventbridge::EventBridgeScheduledEvent,
    "aws-lambda-rust-runtime/example-cloudwatch-cloudtrail-assumed-role.json" => cloudtrail::CloudTrailRecord,
    "aws-lambda-rust-runtime/example-cloudwatch-cloudtrail-unknown-federate.json" => cloudtrail::CloudTrailRecord,
    "aws-lambda-rust-runtime/example-cloudwatch-cloudtrail-unknown-user-auth.json" => cloudtrail::CloudTrailRecord,
    "aws-lambda-go/autoscaling-event-launch-successful.json" => autoscaling::AutoScalingActivityEvent,
    "aws-lambda-go/autoscaling-event-launch-unsuccessful.json" => autoscaling::AutoScalingActivityEvent,
    "aws-lambda-go/autoscaling-event-terminate-successful.json" => autoscaling::AutoScalingActivityEvent,
    "aws-lambda-go/autoscaling-event-terminate-unsuccessful.json" => autoscaling::AutoScalingActivityEvent,
    "aws-lambda-go/autoscaling-event-lifecycle-action.json" => autoscaling::AutoScalingLifecycleActionEvent,
    "aws-lambda-go/autoscaling-event-terminate-action.json" => autoscaling::AutoScalingLifecycleActionEvent,
    "aws-lambda-rust-runtime/example-autoscaling-event-launch-successful.json" => autoscaling::AutoScalingActivityEvent,
    "aws-lambda-rust-runtime/example-autoscaling-event-launch-unsuccessful.json" => autoscaling::AutoScalingActivityEvent,
    "aws-lambda-rust-runtime/example-autoscaling-event-terminate-successful.json" => autoscaling::AutoScalingActivityEvent,
    "aws-lambda-rust-runtime/example-autoscaling-event-terminate-unsuccessful.json" => autoscaling::AutoScalingActivityEvent,
    "aws-lambda-rust-runtime/example-autoscaling-event-lifecycle-action.json" => autoscaling::AutoScalingLifecycleActionEvent,
    "aws-lambda-rust-runtime/example-autoscaling-event-terminate-action.json" => autoscaling::AutoScalingLifecycleActionEvent,
    "aws-lambda-go/code-commit-event.json" => codecommit::CodeCommitEvent,
    "aws-lambda-rust-runtime/example-code_commit-event.json" => codecommit::CodeCommitEvent,
    "aws-lambda-go/codebuild-state-change.json" => codebuild::CodeBuildStateChangeEvent,
    "aws-lambda-rust-runtime/example-codebuild-state-change.json" => codebuild::CodeBuildStateChangeEvent,
    "aws-lambda-go/codebuild-phase-change.json" => codebuild::CodeBuildPhaseChangeEvent,
    "aws-lambda-rust-runtime/example-codebuild-phase-change.json" => codebuild::CodeBuildPhaseChangeEvent,
    "aws-lambda-go/codedeploy-deployment-event.json" => codedeploy::CodeDeployDeploymentEvent,
    "aws-lambda-rust-runtime/example-codedeploy-deployment-event.json" => codedeploy::CodeDeployDeploymentEvent,
    "aws-lambda-go/codedeploy-instance-event.json" => codedeploy::CodeDeployInstanceEvent,
    "aws-lambda-rust-runtime/example-codedeploy-instance-event.json" => codedeploy::CodeDeployInstanceEvent,
    "aws-lambda-rust-runtime/example-codedeploy-lifecycle-event.json" => codedeploy::CodeDeployLifecycleEvent,
    "aws-lambda-go/alb-lambda-target-request-headers-only.json" => alb::AlbTargetGroupRequest,
    "aws-lambda-go/alb-lambda-target-request-multivalue-headers.json" => alb::AlbTargetGroupRequest,
    "aws-lambda-go/alb-lambda-target-response.json" => alb::AlbTargetGroupResponse,
    "aws-lambda-rust-runtime/example-alb-lambda-target-request-headers-only.json" => alb::AlbTargetGroupRequest,
    "aws-lambda-rust-runtime/example-alb-lambda-target-request-multivalue-headers.json" => alb::AlbTargetGroupRequest,
    "aws-lambda-rust-runtime/example-alb-lambda-target-response.json" => alb::AlbTargetGroupResponse,
    "aws-lambda-go/codepipeline-job-event.json" => codepipeline::CodePipelineJobEvent,
    "aws-lambda-rust-runtime/example-codepipeline_job-event.json" => codepipeline::CodePipelineJobEvent,
    "aws-lambda-go/codepipeline-execution-state-change-event.json" => codepipeline::CodePipelineExecutionStateChangeEvent,
    "aws-lambda-rust-runtime/example-codepipeline-execution-state-change-event.json" => codepipeline::CodePipelineExecutionStateChangeEvent,
    "aws-lambda-go/codepipeline-execution-stage-change-event.json" => codepipeline::CodePipelineStageStateChangeEvent,
    "aws-lambda-rust-runtime/example-codepipeline-execution-stage-change-event.json" => codepipeline::CodePipelineStageStateChangeEvent,
    "aws-lambda-go/codepipeline-action-execution-stage-change-event.json" => codepipeline::CodePipelineActionStateChangeEvent,
    "aws-lambda-rust-runtime/example-codepipeline-action-execution-stage-change-event.json" => codepipeline::CodePipelineActionStateChangeEvent,
    "aws-lambda-go/ecr-image-push-event.json" => ecr::EcrImageActionEvent,
    "aws-lambda-go/ecr-image-scan-event.json" => ecr::EcrImageScanEvent,
    "aws-lambda-rust-runtime/example-ecr-image-scan-event.json" => ecr::EcrImageScanEvent,
    "aws-lambda-rust-runtime/example-ecr-image-scan-event-with-missing-severities.json" => ecr::EcrImageScanEvent,
    "aws-lambda-go/apigw-request.json" => apigw::ApiGatewayProxyRequest,
    "aws-lambda-go/apigw-restapi-openapi-request.json" => apigw::ApiGatewayProxyRequest,
    "aws-lambda-go/apigw-response.json" => apigw::ApiGatewayProxyResponse,
    "aws-lambda-go/apigw-custom-auth-request.json" => apigw::ApiGatewayCustomAuthorizerRequest,
    "aws-lambda-go/apigw-custom-auth-request-type-request.json" => apigw::ApiGatewayCustomAuthorizerRequestTypeRequest,
    "aws-lambda-go/apigw-custom-auth-response.json" => apigw::ApiGatewayCustomAuthorizerResponse,
    "aws-lambda-rust-runtime/example-apigw-request.json" => apigw::ApiGatewayProxyRequest,
    "aws-lambda-rust-runtime/example-apigw-restapi-openapi-request.json" => apigw::ApiGatewayProxyRequest,
    "aws-lambda-rust-runtime/example-apigw-console-request.json" => apigw::ApiGatewayProxyRequest,
    "aws-lambda-rust-runtime/example-apigw-console-test-request.json" => apigw::ApiGatewayProxyRequest,
    "aws-lambda-rust-runtime/example-apigw-request-multi-value-parameters.json" => apigw::ApiGatewayProxyRequest,
    "aws-lambda-rust-runtime/example-apigw-sam-rest-request.json" => apigw::ApiGatewayProxyRequest,
    "aws-lambda-rust-runtime/example-apigw-response.json" => apigw::ApiGatewayProxyResponse,
    "aws-lambda-rust-runtime/example-apigw-custom-auth-request.json" => apigw::ApiGatewayCustomAuthorizerRequest,
    "aws-lambda-rust-runtime/example-apigw-custom-auth-request-type-request.json" => apigw::ApiGatewayCustomAuthorizerRequestTypeRequest,
    "aws-lambda-rust-runtime/example-apigw-custom-auth-response.json" => apigw::ApiGatewayCustomAuthorizerResponse,
    "aws-lambda-rust-runtime/example-apigw-custom-auth-response-with-condition.json" => apigw::ApiGatewayCustomAuthorizerResponse,
    "aws-lambda-rust-runtime/example-apigw-custom-auth-response-with-single-value-action.json" => apigw::ApiGatewayCustomAuthorizerResponse,
    "aws-lambda-rust-runtime/example-apigw-custom-auth-response-with-single-value-resource.json" => apigw::ApiGatewayCustomAuthorizerResponse,
    "aws-lambda-go/ecs-container-instance-state-change.json" => ecs::EcsContainerInstanceStateChangeEvent,
    // dynamodb
    "aws-lambda-go/dynamodb-event.json" => dynamodb::DynamoDbEvent,
    "aws-lambda-go/dynamodb-time-window-event.json" => dynamodb::DynamoDbTimeWindowEvent,
    "aws-lambda-rust-runtime/example-dynamodb-event.json" => dynamodb::DynamoDbEvent,
    "aws-lambda-rust-runtime/example-dynamodb-event-record-with-optional-fields.json" => dynamodb::DynamoDbEventRecord,
    "aws-lambda-rust-runtime/example-cloudwatch-alarm-metric.json" => cloudwatch_alarms::CloudWatchAlarmEvent,
    "aws-lambda-rust-runtime/example-cloudwatch-alarm-composite.json" => cloudwatch_alarms::CloudWatchAlarmEvent,
    "aws-lambda-rust-runtime/example-cloudwatch-alarm-composite-with-suppressor-alarm.json" => cloudwatch_alarms::CloudWatchAlarmEvent,
    "aws-lambda-go/cloudwatch-alarm-sns-payload-multiple-metrics.json" => sns::SnsEvent,
    "aws-lambda-go/cloudwatch-alarm-sns-payload-single-metric.json" => sns::SnsEvent,
    "aws-lambda-rust-runtime/example-cloudwatch-alarm-sns-payload-multiple-metrics.json" => sns::SnsEvent,
    "aws-lambda-rust-runtime/example-cloudwatch-alarm-sns-payload-single-metric.json" => sns::SnsEvent,
    // kinesis
    "aws-lambda-go/kinesis-event.json" => kinesis::KinesisEvent,
    "aws-lambda-go/kinesis-time-window-event.json" => kinesis::KinesisTimeWindowEvent,
    "aws-lambda-rust-runtime/example-kinesis-event.json" => kinesis::KinesisEvent,
    "aws-lambda-rust-runtime/example-kinesis-event-encrypted.json" => kinesis::KinesisEvent,
    "aws-lambda-go/apigw-websocket-request.json" => apigw_websocket::ApiGatewayWebsocketProxyRequest,
    "aws-lambda-go/apigw-websocket-request-send-message.json" => apigw_websocket::ApiGatewayWebsocketProxyRequest,
    "aws-lambda-go/apigw-websocket-request-disconnect.json" => apigw_websocket::ApiGatewayWebsocketProxyRequest,
    "aws-lambda-rust-runtime/example-apigw-websocket-request.json" => apigw_websocket::ApiGatewayWebsocketProxyRequest,
    "aws-lambda-rust-runtime/example-apigw-websocket-request-without-method.json" => apigw_websocket::ApiGatewayWebsocketProxyRequest,
    "aws-lambda-rust-runtime/example-apigw-websocket-request-disconnect-route.json" => apigw_websocket::ApiGatewayWebsocketProxyRequest,
    "aws-lambda-go/apigw-v2-request-no-authorizer.json" => apigw_v2::ApiGatewayV2HttpRequest,
    "aws-lambda-go/apigw-v2-request-jwt-authorizer.json" => apigw_v2::ApiGatewayV2HttpRequest,
    "aws-lambda-go/apigw-v2-request-iam.json" => apigw_v2::ApiGatewayV2HttpRequest,
    "aws-lambda-go/apigw-v2-request-lambda-authorizer.json" => apigw_v2::ApiGatewayV2HttpRequest,
    "aws-lambda-go/apigw-v2-custom-authorizer-v1-request.json" => apigw_v2::ApiGatewayV2CustomAuthorizerV1Request,
    "aws-lambda-go/apigw-v2-custom-authorizer-v2-request.json" => apigw_v2::ApiGatewayV2CustomAuthorizerV2Request,
    "aws-lambda-rust-runtime/example-apigw-v2-request-no-authorizer.json" => apigw_v2::ApiGatewayV2HttpRequest,
    "aws-lambda-rust-runtime/example-apigw-v2-request-jwt-authorizer.json" => apigw_v2::ApiGatewayV2HttpRequest,
    "aws-lambda-rust-runtime/example-apigw-v2-request-iam.json" => apigw_v2::ApiGatewayV2HttpRequest,
    "aws-lambda-rust-runtime/example-apigw-v2-request-lambda-authorizer.json" => apigw_v2::ApiGatewayV2HttpRequest,
    "aws-lambda-rust-runtime/example-apigw-v2-request-multi-value-parameters.json" => apigw_v2::ApiGatewayV2HttpRequest,
    "aws-lambda-rust-runtime/example-apigw-sam-http-request.json" => apigw_v2::ApiGatewayV2HttpRequest,
    "aws-lambda-rust-runtime/example-apigw-v2-custom-authorizer-v1-request.json" => apigw_v2::ApiGatewayV2CustomAuthorizerV1Request,
    "aws-lambda-rust-runtime/example-apigw-v2-custom-authorizer-v2-request.json" => apigw_v2::ApiGatewayV2CustomAuthorizerV2Request,
    "aws-lambda-rust-runtime/example-apigw-v2-custom-authorizer-v2-request-without-cookies.json" => apigw_v2::ApiGatewayV2CustomAuthorizerV2Request,
    "aws-lambda-rust-runtime/example-apigw-v2-custom-authorizer-v2-request-without-identity-source.json" => apigw_v2::ApiGatewayV2CustomAuthorizerV2Request,
    "aws-lambda-go/lambda-urls-request.json" => lambda_function_urls::LambdaFunctionUrlRequest,
    "aws-lambda-go/lambda-urls-response.json" => lambda_function_urls::LambdaFunctionUrlResponse,
    // firehose
    "aws-lambda-go/kinesis-firehose-event.json" => firehose::FirehoseEvent,
    "aws-lambda-go/kinesis-firehose-response.json" => firehose::FirehoseResponse,
    "aws-lambda-rust-runtime/example-firehose-event.json" => firehose::FirehoseEvent,
    "aws-lambda-rust-runtime/example-kinesis-firehose-event.json" => firehose::FirehoseEvent,
    "aws-lambda-rust-runtime/example-kinesis-firehose-response.json" => firehose::FirehoseResponse,
    // kinesis_analytics
    "aws-lambda-go/kinesis-analytics-output-delivery-event.json" => kinesis_analytics::KinesisAnalyticsOutputDeliveryEvent,
    "aws-lambda-go/kinesis-analytics-output-delivery-response.json" => kinesis_analytics::KinesisAnalyticsOutputDeliveryResponse,
    // kafka
    "aws-lambda-go/kafka-event.json" => kafka::KafkaEvent,
    "aws-lambda-rust-runtime/example-kafka-event.json" => kafka::KafkaEvent,
    // activemq
    "aws-lambda-go/activemq-event.json" => activemq::ActiveMqEvent,
    "aws-lambda-rust-runtime/example-activemq-event.json" => activemq::ActiveMqEvent,
    // rabbitmq
    "aws-lambda-go/rabbitmq-event.json" => rabbitmq::RabbitMqEvent,
    "aws-lambda-rust-runtime/example-rabbitmq-event.json" => rabbitmq::RabbitMqEvent,
    // documentdb
    "aws-lambda-rust-runtime/example-documentdb-delete-event.json" => documentdb::DocumentDbEvent,
    "aws-lambda-rust-runtime/example-documentdb-drop-database-event.json" => documentdb::DocumentDbEvent,
    "aws-lambda-rust-runtime/example-documentdb-drop-event.json" => documentdb::DocumentDbEvent,
    "aws-lambda-rust-runtime/example-documentdb-insert-event.json" => documentdb::DocumentDbEvent,
    "aws-lambda-rust-runtime/example-documentdb-invalidate-event.json" => documentdb::DocumentDbEvent,
    "aws-lambda-rust-runtime/example-documentdb-rename-event.json" => documentdb::DocumentDbEvent,
    "aws-lambda-rust-runtime/example-documentdb-replace-event.json" => documentdb::DocumentDbEvent,
    "aws-lambda-rust-runtime/example-documentdb-update-event.json" => documentdb::DocumentDbEvent,
    "aws-lambda-go/appsync-identity-cognito.json" => appsync::AppSyncCognitoIdentity,
    "aws-lambda-go/appsync-identity-iam.json" => appsync::AppSyncIamIdentity,
    "aws-lambda-go/appsync-lambda-auth-request.json" => appsync::AppSyncLambdaAuthorizerRequest,
    "aws-lambda-go/appsync-lambda-auth-response.json" => appsync::AppSyncLambdaAuthorizerResponse,
    "aws-lambda-rust-runtime/example-appsync-identity-cognito.json" => appsync::AppSyncIdentity,
    "aws-lambda-rust-runtime/example-appsync-identity-iam.json" => appsync::AppSyncIdentity,
    "aws-lambda-rust-runtime/example-appsync-lambda-auth-request.json" => appsync::AppSyncLambdaAuthorizerRequest,
    "aws-lambda-rust-runtime/example-appsync-lambda-auth-response.json" => appsync::AppSyncLambdaAuthorizerResponse,
    "aws-lambda-rust-runtime/example-appsync-direct-resolver.json" => appsync::AppSyncResolverEvent,
    "aws-lambda-rust-runtime/example-appsync-invoke.json" => appsync::AppSyncResolverTemplate,
    "aws-lambda-rust-runtime/example-appsync-batchinvoke.json" => appsync::AppSyncResolverTemplate,
    // cloudwatch_logs
    "aws-lambda-go/cloudwatch-logs-event.json" => cloudwatch_logs::CloudWatchLogsEvent,
    "aws-lambda-rust-runtime/example-cloudwatch_logs-event.json" => cloudwatch_logs::CloudWatchLogsEvent,
    "aws-lambda-rust-runtime/example-bedrock-agent-runtime-event.json" => bedrock_agent::BedrockAgentEvent,
    "aws-lambda-rust-runtime/example-bedrock-agent-runtime-event-without-parameters.json" => bedrock_agent::BedrockAgentEvent,
    "aws-lambda-rust-runtime/example-bedrock-agent-runtime-event-without-request-body.json" => bedrock_agent::BedrockAgentEvent,
    "aws-lambda-go/lex-event.json" => lex::LexEvent,
    "aws-lambda-go/lex-response.json" => lex::LexResponse,
    "aws-lambda-rust-runtime/example-lex-event.json" => lex::LexEvent,
    "aws-lambda-rust-runtime/example-lex-response.json" => lex::LexResponse,
    "aws-lambda-go/connect-event.json" => connect::ConnectEvent,
    "aws-lambda-rust-runtime/example-connect-event.json" => connect::ConnectEvent,
    "aws-lambda-rust-runtime/example-connect-event-without-queue.json" => connect::ConnectEvent,
    "aws-lambda-go/clientvpn-connectionhandler-request.json" => clientvpn::ClientVpnConnectionHandlerRequest,
    "aws-lambda-rust-runtime/example-clientvpn-connectionhandler-request.json" => clientvpn::ClientVpnConnectionHandlerRequest,
    // ses
    "aws-lambda-go/ses-lambda-event.json" => ses::SesEvent,
    "aws-lambda-go/ses-s3-event.json" => ses::SesEvent,
    "aws-lambda-go/ses-sns-event.json" => ses::SesEvent,
    "aws-lambda-rust-runtime/example-ses-event.json" => ses::SesEvent,
    "aws-lambda-rust-runtime/example-ses-lambda-event.json" => ses::SesEvent,
    "aws-lambda-rust-runtime/example-ses-s3-event.json" => ses::SesEvent,
    "aws-lambda-rust-runtime/example-ses-sns-event.json" => ses::SesEvent,
    // secretsmanager
    "aws-lambda-go/secretsmanager-secret-rotation-event.json" => secretsmanager::SecretsManagerRotationEvent,
    "aws-lambda-rust-runtime/example-secretsmanager-secret-rotation-event.json" => secretsmanager::SecretsManagerRotationEvent,
    // config
    "aws-lambda-go/config-event.json" => config::ConfigEvent,
    "aws-lambda-rust-runtime/example-config-event.json" => config::ConfigEvent,
    // cloudformation
    "aws-lambda-rust-runtime/example-cloudformation-custom-resource-create-request.json" => cloudformation::CloudFormationCustomResourceRequest,
    "aws-lambda-rust-runtime/example-cloudformation-custom-resource-delete-request.json" => cloudformation::CloudFormationCustomResourceRequest,
    "aws-lambda-rust-runtime/example-cloudformation-custom-resource-update-request.json" => cloudformation::CloudFormationCustomResourceRequest,
    "aws-lambda-rust-runtime/example-cloudformation-custom-resource-response.json" => cloudformation::CloudFormationCustomResourceResponse,
    "aws-lambda-rust-runtime/example-cloudformation-custom-resource-provider-create-request.json" => cloudformation::CloudFormationProviderRequest,
    "aws-lambda-rust-runtime/example-cloudformation-custom-resource-provider-delete-request.json" => cloudformation::CloudFormationProviderRequest,
    "aws-lambda-rust-runtime/example-cloudformation-custom-resource-provider-update-request.json" => cloudformation::CloudFormationProviderRequest,
    "aws-lambda-rust-runtime/example-cloudformation-custom-resource-provider-response.json" => cloudformation::CloudFormationProviderResponse,
    // iot
    "aws-lambda-go/iot-custom-auth-request.json" => iot::IotCustomAuthorizerRequest,
    "aws-lambda-go/iot-custom-auth-response.json" => iot::IotCustomAuthorizerResponse,
    "aws-lambda-go/iot-preprovision-hook-request.json" => iot::IotPreProvisioningHookRequest,
    "aws-lambda-go/iot-preprovision-hook-response.json" => iot::IotPreProvisioningHookResponse,
    "aws-lambda-rust-runtime/example-iot-custom-auth-request.json" => iot::IotCustomAuthorizerRequest,
    "aws-lambda-rust-runtime/example-iot-custom-auth-response.json" => iot::IotCustomAuthorizerResponse,
    // iot_1_click
    "aws-lambda-go/iot-1-click-event.json" => iot_1_click::Iot1ClickEvent,
    "aws-lambda-rust-runtime/example-iot_1_click-event.json" => iot_1_click::Iot1ClickEvent,
    // iot_button
    "aws-lambda-go/iot-button-event.json" => iot_button::IotButtonEvent,
    "aws-lambda-rust-runtime/example-iot_button-event.json" => iot_button::IotButtonEvent,
};

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

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

fn fixtures_dir() -> PathBuf {
    repo_root().join("tests").join("fixtures")
}

fn corpus_dir() -> PathBuf {
    repo_root().join("..").join("shared").join("fixtures")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Decodes `json` as `T` (errors name the JSON path) and encodes it again.
fn round_trip<T: DeserializeOwned + Serialize>(json: &str) -> Result<Value, String> {
    let de = &mut serde_json::Deserializer::from_str(json);
    let value: T = serde_path_to_error::deserialize(de).map_err(|e| {
        format!(
            "decode {}: {} at {}",
            short_type_name::<T>(),
            e.inner(),
            e.path()
        )
    })?;
    serde_json::to_value(&value).map_err(|e| format!("encode {}: {e}", short_type_name::<T>()))
}

fn short_type_name<T>() -> &'static str {
    let full = std::any::type_name::<T>();
    full.rsplit("::").next().unwrap_or(full)
}

fn schemars_schema<T: schemars::JsonSchema>() -> Value {
    serde_json::to_value(schemars::schema_for!(T)).expect("schemars schema is JSON")
}

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
    // integer widths apply to numbers, which formats never constrain
    for width in [
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
                "{name}: no row in TABLE of tests/tests/events_fixtures.rs"
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
    let dir = corpus_dir();
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

fn s3_fixture(name: &str) -> Value {
    serde_json::from_str(&read(&fixtures_dir().join(name))).unwrap()
}

#[test]
fn wrong_typed_input_fails_naming_the_path() {
    let mut event = s3_fixture("s3-object-created-put.json");
    event["Records"][0]["s3"]["object"]["size"] = Value::String("big".into());
    let err = round_trip::<S3Event>(&event.to_string()).unwrap_err();
    assert!(err.contains("Records[0].s3.object.size"), "{err}");
    assert!(
        err.contains("invalid type: string \"big\", expected u64"),
        "{err}"
    );

    let mut event = s3_fixture("s3-object-created-put.json");
    event["Records"][0]["s3"]["bucket"]
        .as_object_mut()
        .unwrap()
        .remove("name");
    let err = round_trip::<S3Event>(&event.to_string()).unwrap_err();
    assert!(err.contains("missing field `name`"), "{err}");
    assert!(err.contains("Records[0].s3.bucket"), "{err}");

    let mut event = s3_fixture("s3-object-restore-completed.json");
    event["Records"][0]["glacierEventData"]["restoreEventData"]["lifecycleRestorationExpiryTime"] =
        Value::String("tomorrow".into());
    let err = round_trip::<S3Event>(&event.to_string()).unwrap_err();
    assert!(
        err.contains("Records[0].glacierEventData.restoreEventData.lifecycleRestorationExpiryTime"),
        "{err}"
    );
    assert!(
        err.contains("invalid RFC 3339 timestamp `tomorrow`"),
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
    let mut event = s3_fixture("s3-object-restore-completed.json");
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
    let event: S3Event = serde_json::from_value(s3_fixture(
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
        serde_json::from_value(s3_fixture("s3-object-restore-completed.json")).unwrap();
    let record = &event.records[0];
    assert_eq!(
        record.event_time.as_datetime().to_rfc3339(),
        "2023-05-10T15:00:00.123+00:00"
    );
    let expiry = record
        .glacier_event_data
        .as_ref()
        .and_then(|g| g.restore_event_data.as_ref())
        .and_then(|r| r.lifecycle_restoration_expiry_time)
        .unwrap();
    assert!(expiry.as_datetime() > record.event_time.as_datetime());
}

#[test]
fn batch_job_response_is_built_from_the_request() {
    use typed_lambda_events::s3_batch_job::{
        S3BatchJobEvent, S3BatchJobResponse, S3BatchJobResult, S3BatchJobResultCode,
    };
    let event: S3BatchJobEvent =
        serde_json::from_value(s3_fixture("s3-batch-job-request-2-0.json")).unwrap();
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
    let event: S3ObjectLambdaEvent =
        serde_json::from_value(s3_fixture("s3-object-lambda-get-object-assumed-role.json"))
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
        serde_json::from_value(s3_fixture("s3-object-lambda-list-objects-v2-iam.json")).unwrap();
    assert!(list.list_objects_v2_context.is_some());
    assert!(list.get_object_context.is_none());
    assert_eq!(list.protocol_version, "1.01");
}

#[test]
fn decoded_keys_match_the_url_decoded_key_of_the_samples() {
    let mut checked = 0;
    for row in TABLE.iter().filter(|r| r.family == "s3") {
        let event: S3Event = serde_json::from_value(s3_fixture(row.fixture)).unwrap();
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
    let mut event = s3_fixture(row.fixture);
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
