//! [`AnyEvent`]: one type for a function wired to several triggers. The event source is detected
//! from the payload, and the payload decoded into the matching generated type.
//!
//! ```
//! # #[cfg(all(feature = "sqs", feature = "eventbridge"))]
//! # fn main() -> Result<(), typed_lambda_events::DecodeError> {
//! use typed_lambda_events::AnyEvent;
//!
//! let event = AnyEvent::from_slice(br#"{"version": "0", "id": "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa",
//!     "detail-type": "Scheduled Event", "source": "aws.events", "account": "123456789012",
//!     "time": "2015-10-08T16:53:06Z", "region": "us-east-1",
//!     "resources": ["arn:aws:events:us-east-1:123456789012:rule/nightly"], "detail": {}}"#)?;
//! match &event {
//!     AnyEvent::EventBridgeScheduledEvent(tick) => assert_eq!(tick.region, "us-east-1"),
//!     AnyEvent::SqsEvent(batch) => println!("{} messages", batch.records.len()),
//!     other => println!("not for me: {}", other.kind()),
//! }
//! assert_eq!((event.kind(), event.type_name()), ("eventbridge", "EventBridgeScheduledEvent"));
//!
//! // what cannot be placed is kept as it came, never an error
//! let odd = AnyEvent::from_slice(br#"{"hello": "world"}"#)?;
//! assert!(odd.is_unknown());
//! assert_eq!(serde_json::to_string(&odd).unwrap(), r#"{"hello": "world"}"#);
//! // only bytes that are not JSON at all are an error
//! assert!(AnyEvent::from_slice(b"{\"hello\"").is_err());
//! # Ok(())
//! # }
//! # #[cfg(not(all(feature = "sqs", feature = "eventbridge")))]
//! # fn main() {}
//! ```
//!
//! # Detection rules
//!
//! Only invocation events are ever placed (the *invocation-only rule*, see
//! [below](#never-placed-the-invocation-only-rule)). The payload must be a JSON object (an
//! array is only ever an AppSync batch resolver invocation: its first element has `arguments`,
//! `info` and `identity`); anything else is [`AnyEvent::Unknown`]. Rules are tried in this
//! order and the first that applies picks the type:
//!
//! 1. **`Records`** (a non-empty array): the `eventSource` (or `EventSource`) of the *first*
//!    record decides: `aws:s3` → S3, `aws:sns` → SNS, `aws:sqs` → SQS, `aws:dynamodb` → DynamoDB
//!    streams, `aws:kinesis` → Kinesis, `aws:codecommit` → CodeCommit triggers, `aws:ses` → SES.
//!    DynamoDB and Kinesis batches that also carry `window` are time-window (tumbling window)
//!    events. Records with a `cf` member (and no `eventSource`) are Lambda@Edge CloudFront
//!    events.
//! 2. **EventBridge envelope** (`source` and `detail-type` both strings): `source` + `detail-type`
//!    pick the typed family (`aws.codebuild` + `CodeBuild Build State Change`, `aws.ssm` +
//!    `Parameter Store Change`, `lambda` + `Lambda Function Invocation Result - Success`, ...).
//!    `aws.signin` + `AWS Console Sign In via CloudTrail` is a console sign-in event. Any other
//!    `detail-type` ending in `via CloudTrail` is a CloudTrail event, except the `aws.controltower` service
//!    events whose `detail.serviceEventDetails` has one of the `<operation>Status` objects the
//!    Control Tower model knows (`createManagedAccountStatus`, ... : Control Tower lifecycle
//!    events; an operation it does not know stays a CloudTrail event, whose free
//!    `serviceEventDetails` keeps it). `Scheduled Event` from `aws.events` or `aws.scheduler` is a scheduled event. An
//!    envelope with `alarmData` instead of `detail` (seen in published alarm samples) is an alarm
//!    action payload. Any other envelope is the generic `eventbridge::EventBridgeEvent` with free
//!    JSON `detail`: AWS services and detail types without a family land there, not in `Unknown`.
//! 3. **Direct invocations**, recognised by their keys, in this order:
//!    - top-level `eventSource` `aws:mq` → ActiveMQ, `aws:rmq` → RabbitMQ, `aws:kafka` or
//!      `SelfManagedKafka` → Kafka, `aws:docdb` → DocumentDB;
//!    - `records` with `deliveryStreamArn` → Firehose; with `applicationArn` → Kinesis Analytics
//!      (input preprocessing when `streamArn` is there, else output delivery);
//!    - `alarmData` with `source` `aws.cloudwatch` → CloudWatch alarm Lambda action;
//!    - `requestContext.condition` + `requestContext.functionArn` + `requestPayload` → Lambda
//!      destination record of an asynchronous invocation; `widgetContext.dashboardName` →
//!      CloudWatch dashboard custom widget; `InvocationMetadata.CampaignContext` + `Items` →
//!      Amazon Connect outbound campaigns custom action;
//!    - `CodePipeline.job` → CodePipeline job; `DeploymentId` + `LifecycleEventHookExecutionId`
//!      → CodeDeploy lifecycle hook;
//!    - `invocationSchemaVersion` + `tasks` → S3 Batch Operations; `getObjectContext`,
//!      `headObjectContext`, `listObjectsContext` or `listObjectsV2Context` → S3 Object Lambda;
//!    - `Step` + `SecretId` + `ClientRequestToken` → Secrets Manager rotation; `invokingEvent` +
//!      `resultToken` → Config rule; `Name` `ContactFlow...` + `Details` → Connect;
//!      `connection-id` + `endpoint-id` → Client VPN connection handler;
//!    - `messageVersion` + `agent` + `actionGroup` → Bedrock agent action group;
//!      `invocationSource` + `bot` with `currentIntent` → Lex V1, with `sessionState` → Lex V2;
//!    - `directive.header.namespace` `Alexa...` → Alexa smart home directive; `request.type`
//!      with `context.System` or `session.application` → Alexa skill request;
//!    - `RequestType` + `StackId` + `LogicalResourceId` → CloudFormation custom resource (without
//!      `ResponseURL`: the provider framework's request);
//!    - `EventType` + `Sender` + `Discussion` → Chime bot; `deviceEvent` + `deviceInfo` → IoT
//!      1-Click; `serialNumber` + `clickType` → IoT button; `signatureVerified` +
//!      `protocolData`/`protocols` → IoT custom authorizer; `claimCertificateId` + `templateArn`
//!      → IoT pre-provisioning hook;
//!    - `labelingJobArn` with `dataObject` → SageMaker Ground Truth pre-human task, with
//!      `labelAttributeName` or `payload` → annotation consolidation; `serverId` + `username` +
//!      `protocol` → Transfer Family identity provider; `flowDirection` + `envelope` +
//!      `invocationId` → WorkMail email flow;
//!    - `awslogs.data` → CloudWatch Logs subscription;
//!    - `triggerSource` → Cognito user pool trigger, by the prefix before `_` (token generation
//!      is V2 when `version` is not `1`, or when `request.scopes` or
//!      `response.claimsAndScopeOverrideDetails` is there, as in published samples that say
//!      `1`); `eventType` `SyncTrigger` + `datasetName` → Cognito Sync.
//! 4. **HTTP shapes**: `method` with `requestContext.serviceNetworkArn` → VPC Lattice 2.0, `method`
//!    with `raw_path` → VPC Lattice 1.0; a `requestContext.domainName` containing `.lambda-url.`
//!    → Lambda function URL (same shape as HTTP API 2.0); `requestContext.elb` → ALB;
//!    `requestContext.connectionId` → API Gateway WebSocket (a `type` `REQUEST` with `methodArn`
//!    is its `$connect` authorizer); `type` `REQUEST` with
//!    `routeArn` → HTTP API authorizer (payload 2.0), with `version` `1.0` → HTTP API authorizer
//!    (payload 1.0); `type` `TOKEN` → REST token authorizer; `type` `REQUEST` with `methodArn` →
//!    REST request authorizer; `version` `2.0` with `routeKey` → HTTP API (payload 2.0);
//!    `httpMethod` + `requestContext` → REST proxy (HTTP API payload 1.0
//!    has the same shape and is decoded as REST proxy). Then AppSync: `info.channelNamespace` →
//!    Events API handler; `arguments` + `info` + `identity` → direct resolver; `operation`
//!    `Invoke`/`BatchInvoke` + `version` + `payload` → resolver request template;
//!    `authorizationToken` with `requestContext.apiId` and no `methodArn` → Lambda authorizer.
//! 5. **Bare CloudTrail record** (`eventVersion`, `eventSource` ending in `amazonaws.com`,
//!    `eventName`, `eventTime`): what a rule with input path `$.detail` delivers.
//!
//! When a rule applies but the payload does not decode into the type (a required field missing,
//! a wrong type), the result is `Unknown`, not an error and not another type, with one
//! exception: an EventBridge envelope whose typed family rejects its `detail` (an older or
//! hand-made sample, a field AWS changed) is still an EventBridge event, decoded as the generic
//! `eventbridge::EventBridgeEvent` with free `detail` when that feature is enabled. Types of
//! features that are not enabled are never produced: their payloads are `Unknown`.
//!
//! # Never placed: the invocation-only rule
//!
//! `AnyEvent` holds only what a function is *invoked* with. The crate models other shapes too,
//! and these are deliberately never placed: they have no variant, no rule produces them, and
//! their samples come out [`AnyEvent::Unknown`] (the fixture table test,
//! `tests/tests/any_event.rs`, asserts it for every sample of these types):
//!
//! - **responses** a function returns: every `...Response` type (`SqsBatchResponse`,
//!   `ApiGatewayProxyResponse`, `S3BatchJobResponse`, ...). No trigger sends them, and several
//!   look like requests of the same family, so placing them could only misplace events;
//! - **identities**, parts of an event and never a whole one: `AppSyncCognitoIdentity`,
//!   `AppSyncIamIdentity`, `AppSyncIdentity`;
//! - **inner payloads** found inside other events (often as a JSON string): `SnsMessage` (an SNS
//!   notification in an SQS body), `CloudWatchLogsData` (the decoded `awslogs.data`),
//!   `ConfigInvokingEvent` (Config's `invokingEvent` string), `CloudWatchAlarmSnsPayload` (an
//!   alarm's SNS `Message`), `DynamoDbEventRecord` (one record of a stream batch), `IamPolicy` and
//!   `IamPolicyDocument`;
//! - **API replies**: `SqsApiEvent`, the reply of the SQS `ReceiveMessage` API. Lambda's SQS
//!   trigger delivers an `SqsEvent`; a `{"Messages": [...]}` object is what code that called the
//!   API got back, so it is `Unknown` here.
//!
//! Decode those with their own type, e.g. `serde_json::from_slice::<sqs::SqsApiEvent>(bytes)`.
//!
//! # Serializing
//!
//! Serializing an `AnyEvent` writes the decoded event, so the shape is the original one (keys the
//! models do not know are kept only with the `catch-all-fields` feature); `Unknown` writes the
//! original JSON text back verbatim.
//!
//! # Round trip
//!
//! Detection reads only what the type it picks keeps, so serializing a placed event and
//! detecting the result again gives the same type, with or without `catch-all-fields`:
//! `AnyEvent::from_slice(&serde_json::to_vec(&event)?)?.type_name() == event.type_name()`. The
//! `any_event` fuzz target asserts this for every input it accepts, and the fixture tests for
//! every fixture (there the re-decoded event is also equal to the first).

use std::fmt;

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::Value;

/// The payload is not JSON, so not even `AnyEvent::Unknown` can hold it.
#[derive(Debug)]
pub struct DecodeError(serde_json::Error);

impl DecodeError {
    /// The underlying JSON syntax error (with line and column).
    pub fn json_error(&self) -> &serde_json::Error {
        &self.0
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "decode AnyEvent: {}", self.0)
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

macro_rules! any_event {
    ($( $feature:literal => $module:ident :: $ty:ident ),* $(,)?) => {
        /// An event of any source this crate models, detected from the payload (see the
        /// [module docs](crate::any_event) for the rules), or `Unknown`.
        ///
        /// Variants are named after the generated type they hold and exist only when the
        /// family's cargo feature is enabled.
        #[derive(Debug, Clone)]
        #[allow(clippy::large_enum_variant)]
        pub enum AnyEvent {
            $(
                #[cfg(feature = $feature)]
                #[doc = concat!("[`crate::", stringify!($module), "::", stringify!($ty), "`] (feature `", $feature, "`).")]
                $ty(crate::$module::$ty),
            )*
            /// A payload no rule places (or that a rule placed but that did not decode), kept
            /// as the original JSON text.
            Unknown(Box<RawValue>),
        }

        impl AnyEvent {
            /// The family of the event: the module and cargo feature name (`"s3"`,
            /// `"eventbridge"`, `"codebuild"`, ...), or `"unknown"`.
            pub fn kind(&self) -> &'static str {
                match self {
                    $( #[cfg(feature = $feature)] Self::$ty(_) => $feature, )*
                    Self::Unknown(_) => "unknown",
                }
            }

            /// The name of the generated type held (`"S3Event"`, ...), or `"Unknown"`.
            pub fn type_name(&self) -> &'static str {
                match self {
                    $( #[cfg(feature = $feature)] Self::$ty(_) => stringify!($ty), )*
                    Self::Unknown(_) => "Unknown",
                }
            }

            /// Every type name `AnyEvent` can produce with the enabled features (besides
            /// `"Unknown"`).
            #[allow(clippy::vec_init_then_push)]
            pub fn type_names() -> Vec<&'static str> {
                #[allow(unused_mut)]
                let mut names = Vec::new();
                $( #[cfg(feature = $feature)] names.push(stringify!($ty)); )*
                names
            }
        }

        /// Events compare by value; `Unknown` payloads by their JSON text.
        impl PartialEq for AnyEvent {
            fn eq(&self, other: &Self) -> bool {
                match (self, other) {
                    $( #[cfg(feature = $feature)] (Self::$ty(a), Self::$ty(b)) => a == b, )*
                    (Self::Unknown(a), Self::Unknown(b)) => a.get() == b.get(),
                    #[allow(unreachable_patterns)]
                    _ => false,
                }
            }
        }

        impl Serialize for AnyEvent {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    $( #[cfg(feature = $feature)] Self::$ty(event) => event.serialize(serializer), )*
                    Self::Unknown(raw) => raw.serialize(serializer),
                }
            }
        }

        /// Decodes `input` as the type named `type_name`; `None` if the name is not enabled
        /// or the input does not decode.
        #[allow(unused_variables)]
        fn decode_as<I: DecodeInput>(type_name: &str, input: I) -> Option<AnyEvent> {
            match type_name {
                $( #[cfg(feature = $feature)] stringify!($ty) => input.decode().map(AnyEvent::$ty), )*
                _ => None,
            }
        }
    };
}

any_event! {
    "s3" => s3::S3Event,
    "s3_batch_job" => s3_batch_job::S3BatchJobEvent,
    "s3_object_lambda" => s3_object_lambda::S3ObjectLambdaEvent,
    "sns" => sns::SnsEvent,
    "sqs" => sqs::SqsEvent,
    "dynamodb" => dynamodb::DynamoDbEvent,
    "dynamodb" => dynamodb::DynamoDbTimeWindowEvent,
    "kinesis" => kinesis::KinesisEvent,
    "kinesis" => kinesis::KinesisTimeWindowEvent,
    "cognito" => cognito::CognitoSyncEvent,
    "cognito" => cognito::PreSignUpEvent,
    "cognito" => cognito::PostConfirmationEvent,
    "cognito" => cognito::PreAuthenticationEvent,
    "cognito" => cognito::PostAuthenticationEvent,
    "cognito" => cognito::DefineAuthChallengeEvent,
    "cognito" => cognito::CreateAuthChallengeEvent,
    "cognito" => cognito::VerifyAuthChallengeEvent,
    "cognito" => cognito::PreTokenGenerationEvent,
    "cognito" => cognito::PreTokenGenerationV2Event,
    "cognito" => cognito::UserMigrationEvent,
    "cognito" => cognito::CustomMessageEvent,
    "cognito" => cognito::CustomEmailSenderEvent,
    "cognito" => cognito::CustomSmsSenderEvent,
    "cognito" => cognito::InboundFederationEvent,
    "alb" => alb::AlbTargetGroupRequest,
    "apigw" => apigw::ApiGatewayProxyRequest,
    "apigw" => apigw::ApiGatewayCustomAuthorizerRequest,
    "apigw" => apigw::ApiGatewayCustomAuthorizerRequestTypeRequest,
    "apigw_v2" => apigw_v2::ApiGatewayV2HttpRequest,
    "apigw_v2" => apigw_v2::ApiGatewayV2CustomAuthorizerV1Request,
    "apigw_v2" => apigw_v2::ApiGatewayV2CustomAuthorizerV2Request,
    "apigw_websocket" => apigw_websocket::ApiGatewayWebsocketProxyRequest,
    "apigw_websocket" => apigw_websocket::ApiGatewayWebsocketAuthorizerRequest,
    "eventbridge" => eventbridge::EventBridgeEvent,
    "eventbridge" => eventbridge::EventBridgeScheduledEvent,
    "cloudtrail" => cloudtrail::CloudTrailEvent,
    "cloudtrail" => cloudtrail::CloudTrailRecord,
    "s3_eventbridge" => s3_eventbridge::S3EventBridgeEvent,
    "autoscaling" => autoscaling::AutoScalingActivityEvent,
    "autoscaling" => autoscaling::AutoScalingLifecycleActionEvent,
    "codecommit" => codecommit::CodeCommitEvent,
    "codecommit" => codecommit::CodeCommitRepositoryStateChangeEvent,
    "codebuild" => codebuild::CodeBuildStateChangeEvent,
    "codebuild" => codebuild::CodeBuildPhaseChangeEvent,
    "codedeploy" => codedeploy::CodeDeployDeploymentEvent,
    "codedeploy" => codedeploy::CodeDeployInstanceEvent,
    "codedeploy" => codedeploy::CodeDeployLifecycleEvent,
    "codepipeline" => codepipeline::CodePipelineJobEvent,
    "codepipeline" => codepipeline::CodePipelineExecutionStateChangeEvent,
    "codepipeline" => codepipeline::CodePipelineStageStateChangeEvent,
    "codepipeline" => codepipeline::CodePipelineActionStateChangeEvent,
    "ecr" => ecr::EcrImageActionEvent,
    "ecr" => ecr::EcrImageScanEvent,
    "ecs" => ecs::EcsContainerInstanceStateChangeEvent,
    "controltower" => controltower::ControlTowerLifecycleEvent,
    "guardduty" => guardduty::GuardDutyFindingEvent,
    "health" => health::HealthEvent,
    "cloudwatch_alarms" => cloudwatch_alarms::CloudWatchAlarmEvent,
    "cloudwatch_alarms" => cloudwatch_alarms::CloudWatchAlarmStateChangeEvent,
    "lambda_function_urls" => lambda_function_urls::LambdaFunctionUrlRequest,
    "firehose" => firehose::FirehoseEvent,
    "kinesis_analytics" => kinesis_analytics::KinesisAnalyticsOutputDeliveryEvent,
    "kinesis_analytics" => kinesis_analytics::KinesisAnalyticsInputPreprocessingEvent,
    "kafka" => kafka::KafkaEvent,
    "activemq" => activemq::ActiveMqEvent,
    "rabbitmq" => rabbitmq::RabbitMqEvent,
    "documentdb" => documentdb::DocumentDbEvent,
    "appsync" => appsync::AppSyncResolverEvent,
    "appsync" => appsync::AppSyncBatchResolverEvent,
    "appsync" => appsync::AppSyncResolverTemplate,
    "appsync" => appsync::AppSyncLambdaAuthorizerRequest,
    "vpc_lattice" => vpc_lattice::VpcLatticeRequestV1,
    "vpc_lattice" => vpc_lattice::VpcLatticeRequestV2,
    "cloudfront" => cloudfront::CloudFrontEvent,
    "cloudwatch_logs" => cloudwatch_logs::CloudWatchLogsEvent,
    "bedrock_agent" => bedrock_agent::BedrockAgentEvent,
    "clientvpn" => clientvpn::ClientVpnConnectionHandlerRequest,
    "connect" => connect::ConnectEvent,
    "lex" => lex::LexEvent,
    "lex_v2" => lex_v2::LexV2Event,
    "config" => config::ConfigEvent,
    "secretsmanager" => secretsmanager::SecretsManagerRotationEvent,
    "ses" => ses::SesEvent,
    "alexa" => alexa::AlexaSkillRequest,
    "alexa_smart_home" => alexa_smart_home::AlexaSmartHomeRequest,
    "appsync_events" => appsync_events::AppSyncEventsEvent,
    "chime_bot" => chime_bot::ChimeBotEvent,
    "cloudformation" => cloudformation::CloudFormationCustomResourceRequest,
    "cloudformation" => cloudformation::CloudFormationProviderRequest,
    "iot" => iot::IotCustomAuthorizerRequest,
    "iot" => iot::IotPreProvisioningHookRequest,
    "iot_1_click" => iot_1_click::Iot1ClickEvent,
    "iot_button" => iot_button::IotButtonEvent,
    "sagemaker_ground_truth" => sagemaker_ground_truth::SageMakerGroundTruthPreHumanTaskEvent,
    "sagemaker_ground_truth" => sagemaker_ground_truth::SageMakerGroundTruthAnnotationConsolidationEvent,
    "transfer_family" => transfer_family::TransferFamilyAuthorizerRequest,
    "workmail" => workmail::WorkMailEmailFlowEvent,
    "ec2" => ec2::Ec2InstanceStateChangeEvent,
    "emr" => emr::EmrAutoScalingPolicyStateChangeEvent,
    "emr" => emr::EmrClusterStateChangeEvent,
    "emr" => emr::EmrInstanceGroupStateChangeEvent,
    "emr" => emr::EmrStepStatusChangeEvent,
    "gamelift" => gamelift::GameLiftMatchmakingEvent,
    "glue" => glue::GlueJobStateChangeEvent,
    "glue" => glue::GlueJobRunStatusEvent,
    "glue" => glue::GlueCrawlerStateChangeEvent,
    "glue" => glue::GlueDataCatalogTableStateChangeEvent,
    "glue" => glue::GlueDataCatalogDatabaseStateChangeEvent,
    "kms" => kms::KmsKeyEvent,
    "macie" => macie::MacieAlertEvent,
    "opsworks" => opsworks::OpsWorksInstanceStateChangeEvent,
    "opsworks" => opsworks::OpsWorksCommandStateChangeEvent,
    "opsworks" => opsworks::OpsWorksDeploymentStateChangeEvent,
    "opsworks" => opsworks::OpsWorksAlertEvent,
    "signin" => signin::SignInEvent,
    "server_migration" => server_migration::ServerMigrationJobStateChangeEvent,
    "ssm" => ssm::SsmCommandStatusChangeEvent,
    "ssm" => ssm::SsmCommandInvocationStatusChangeEvent,
    "ssm" => ssm::SsmAutomationStepStatusChangeEvent,
    "ssm" => ssm::SsmAutomationExecutionStatusChangeEvent,
    "ssm" => ssm::SsmAssociationStateChangeEvent,
    "ssm" => ssm::SsmInstanceAssociationStateChangeEvent,
    "ssm" => ssm::SsmConfigurationComplianceStateChangeEvent,
    "ssm" => ssm::SsmMaintenanceWindowTargetRegistrationEvent,
    "ssm" => ssm::SsmMaintenanceWindowExecutionStateChangeEvent,
    "ssm" => ssm::SsmMaintenanceWindowTaskExecutionStateChangeEvent,
    "ssm" => ssm::SsmMaintenanceWindowTaskTargetInvocationStateChangeEvent,
    "ssm" => ssm::SsmMaintenanceWindowStateChangeEvent,
    "ssm" => ssm::SsmParameterStoreChangeEvent,
    "tag" => tag::TagChangeOnResourceEvent,
    "trusted_advisor" => trusted_advisor::TrustedAdvisorCheckItemRefreshEvent,
    "lambda_destination" => lambda_destination::LambdaDestinationRecord,
    "lambda_destination" => lambda_destination::LambdaDestinationEvent,
    "cloudwatch_dashboard" => cloudwatch_dashboard::CloudWatchDashboardCustomWidgetEvent,
    "connect_outbound_campaigns" => connect_outbound_campaigns::ConnectOutboundCampaignsEvent,
}

/// Where the typed decode reads from: the original bytes, or an already parsed value.
trait DecodeInput {
    #[allow(dead_code)]
    fn decode<T: serde::de::DeserializeOwned>(self) -> Option<T>;
}

impl DecodeInput for &[u8] {
    fn decode<T: serde::de::DeserializeOwned>(self) -> Option<T> {
        serde_json::from_slice(self).ok()
    }
}

impl DecodeInput for &Value {
    fn decode<T: serde::de::DeserializeOwned>(self) -> Option<T> {
        T::deserialize(self).ok()
    }
}

impl AnyEvent {
    /// Detects and decodes the event in `bytes`. Fails only when `bytes` is not JSON; a payload
    /// no rule places, or that does not decode as the detected type, is [`AnyEvent::Unknown`]
    /// holding the original text.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, DecodeError> {
        let value: Value = serde_json::from_slice(bytes).map_err(DecodeError)?;
        if let Some(event) = place(&value, bytes) {
            return Ok(event);
        }
        // valid JSON, hence valid UTF-8
        let text = std::str::from_utf8(bytes)
            .expect("JSON text is UTF-8")
            .trim();
        let raw = RawValue::from_string(text.to_owned()).map_err(DecodeError)?;
        Ok(Self::Unknown(raw))
    }

    /// [`AnyEvent::from_slice`] for a string.
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(text: &str) -> Result<Self, DecodeError> {
        Self::from_slice(text.as_bytes())
    }

    /// Detects and decodes an already parsed payload (never fails; see [`AnyEvent::from_slice`]).
    /// `Unknown` holds the value written out compactly.
    pub fn from_value(value: &Value) -> Self {
        place(value, value).unwrap_or_else(|| {
            let raw = RawValue::from_string(value.to_string())
                .expect("a serde_json::Value writes valid JSON");
            Self::Unknown(raw)
        })
    }

    /// Whether no rule placed the payload.
    pub fn is_unknown(&self) -> bool {
        matches!(self, Self::Unknown(_))
    }

    /// The type name the rules pick for `value` (whether or not it is enabled or decodes), or
    /// `None` when no rule applies. Useful to see why a payload ends up `Unknown`.
    pub fn detect(value: &Value) -> Option<&'static str> {
        detect(value)
    }
}

/// Detects the type of `value` and decodes `input` (the same payload) as it. An EventBridge
/// envelope that its typed family does not decode falls back to the generic event.
fn place<I: DecodeInput + Copy>(value: &Value, input: I) -> Option<AnyEvent> {
    let name = detect(value)?;
    decode_as(name, input).or_else(|| {
        let envelope = !value.get("Records").is_some_and(Value::is_array)
            && str_of(value, "source").is_some()
            && str_of(value, "detail-type").is_some();
        // Only when the typed family rejects the parsed value too: text it rejects only for a
        // duplicate key would decode as the family once written back, so it stays Unknown and
        // a placed event is placed the same after serialization.
        let rejected = envelope && name != "EventBridgeEvent" && decode_as(name, value).is_none();
        rejected
            .then(|| decode_as("EventBridgeEvent", input))
            .flatten()
    })
}

/// Decodes through a [`serde_json::Value`], so it works with any deserializer (the Python shim's
/// too); with `serde_json`, [`AnyEvent::from_slice`] is cheaper and keeps `Unknown` byte for byte.
impl<'de> Deserialize<'de> for AnyEvent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Ok(Self::from_value(&value))
    }
}

fn str_of<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

fn has(value: &Value, key: &str) -> bool {
    value.get(key).is_some_and(|v| !v.is_null())
}

/// The detection rules of the module docs; returns a generated type name.
fn detect(value: &Value) -> Option<&'static str> {
    if let Value::Array(items) = value {
        return items
            .first()
            .filter(|first| appsync_resolver(first))
            .map(|_| "AppSyncBatchResolverEvent");
    }
    let obj = value.as_object()?;
    // 1. record batches
    if let Some(Value::Array(records)) = obj.get("Records") {
        let first = records.first()?;
        if has(first, "cf") {
            return Some("CloudFrontEvent");
        }
        let source = str_of(first, "eventSource").or_else(|| str_of(first, "EventSource"))?;
        let windowed = has(value, "window");
        return match source {
            "aws:s3" => Some("S3Event"),
            "aws:sns" => Some("SnsEvent"),
            "aws:sqs" => Some("SqsEvent"),
            "aws:dynamodb" if windowed => Some("DynamoDbTimeWindowEvent"),
            "aws:dynamodb" => Some("DynamoDbEvent"),
            "aws:kinesis" if windowed => Some("KinesisTimeWindowEvent"),
            "aws:kinesis" => Some("KinesisEvent"),
            "aws:codecommit" => Some("CodeCommitEvent"),
            "aws:ses" => Some("SesEvent"),
            _ => None,
        };
    }
    // 2. EventBridge envelope
    if let (Some(source), Some(detail_type)) =
        (str_of(value, "source"), str_of(value, "detail-type"))
    {
        return Some(eventbridge_type(value, source, detail_type));
    }
    // 3. direct invocations
    match str_of(value, "eventSource") {
        Some("aws:mq") => return Some("ActiveMqEvent"),
        Some("aws:rmq") => return Some("RabbitMqEvent"),
        Some("aws:kafka" | "SelfManagedKafka") => return Some("KafkaEvent"),
        Some("aws:docdb") => return Some("DocumentDbEvent"),
        _ => {}
    }
    if has(value, "records") && has(value, "deliveryStreamArn") {
        return Some("FirehoseEvent");
    }
    if has(value, "records") && has(value, "applicationArn") {
        return Some(if has(value, "streamArn") {
            "KinesisAnalyticsInputPreprocessingEvent"
        } else {
            "KinesisAnalyticsOutputDeliveryEvent"
        });
    }
    if has(value, "alarmData") && str_of(value, "source") == Some("aws.cloudwatch") {
        return Some("CloudWatchAlarmEvent");
    }
    if value
        .pointer("/requestContext/condition")
        .is_some_and(Value::is_string)
        && value.pointer("/requestContext/functionArn").is_some()
        && obj.contains_key("requestPayload")
    {
        return Some("LambdaDestinationRecord");
    }
    if value
        .pointer("/widgetContext/dashboardName")
        .is_some_and(Value::is_string)
    {
        return Some("CloudWatchDashboardCustomWidgetEvent");
    }
    if value
        .pointer("/InvocationMetadata/CampaignContext")
        .is_some_and(Value::is_object)
        && has(value, "Items")
    {
        return Some("ConnectOutboundCampaignsEvent");
    }
    if has(value, "CodePipeline.job") {
        return Some("CodePipelineJobEvent");
    }
    if has(value, "DeploymentId") && has(value, "LifecycleEventHookExecutionId") {
        return Some("CodeDeployLifecycleEvent");
    }
    if has(value, "invocationSchemaVersion") && has(value, "tasks") {
        return Some("S3BatchJobEvent");
    }
    if [
        "getObjectContext",
        "headObjectContext",
        "listObjectsContext",
        "listObjectsV2Context",
    ]
    .iter()
    .any(|k| has(value, k))
    {
        return Some("S3ObjectLambdaEvent");
    }
    if has(value, "Step") && has(value, "SecretId") && has(value, "ClientRequestToken") {
        return Some("SecretsManagerRotationEvent");
    }
    if has(value, "invokingEvent") && has(value, "resultToken") {
        return Some("ConfigEvent");
    }
    if str_of(value, "Name").is_some_and(|n| n.starts_with("ContactFlow")) && has(value, "Details")
    {
        return Some("ConnectEvent");
    }
    if has(value, "connection-id") && has(value, "endpoint-id") {
        return Some("ClientVpnConnectionHandlerRequest");
    }
    if has(value, "messageVersion") && has(value, "agent") && has(value, "actionGroup") {
        return Some("BedrockAgentEvent");
    }
    if has(value, "invocationSource") && has(value, "bot") {
        if has(value, "currentIntent") {
            return Some("LexEvent");
        }
        if has(value, "sessionState") {
            return Some("LexV2Event");
        }
    }
    if value
        .pointer("/directive/header/namespace")
        .and_then(Value::as_str)
        .is_some_and(|n| n.starts_with("Alexa"))
    {
        return Some("AlexaSmartHomeRequest");
    }
    if value.pointer("/request/type").is_some_and(Value::is_string)
        && (value.pointer("/context/System").is_some()
            || value.pointer("/session/application").is_some())
    {
        return Some("AlexaSkillRequest");
    }
    if has(value, "RequestType") && has(value, "StackId") && has(value, "LogicalResourceId") {
        return Some(if has(value, "ResponseURL") {
            "CloudFormationCustomResourceRequest"
        } else {
            "CloudFormationProviderRequest"
        });
    }
    if has(value, "EventType") && has(value, "Sender") && has(value, "Discussion") {
        return Some("ChimeBotEvent");
    }
    if has(value, "deviceEvent") && has(value, "deviceInfo") {
        return Some("Iot1ClickEvent");
    }
    if has(value, "serialNumber") && has(value, "clickType") {
        return Some("IotButtonEvent");
    }
    if has(value, "signatureVerified") && (has(value, "protocolData") || has(value, "protocols")) {
        return Some("IotCustomAuthorizerRequest");
    }
    if has(value, "claimCertificateId") && has(value, "templateArn") {
        return Some("IotPreProvisioningHookRequest");
    }
    if has(value, "labelingJobArn") {
        if has(value, "dataObject") {
            return Some("SageMakerGroundTruthPreHumanTaskEvent");
        }
        if has(value, "labelAttributeName") || has(value, "payload") {
            return Some("SageMakerGroundTruthAnnotationConsolidationEvent");
        }
    }
    if has(value, "serverId") && has(value, "username") && has(value, "protocol") {
        return Some("TransferFamilyAuthorizerRequest");
    }
    if has(value, "flowDirection") && has(value, "envelope") && has(value, "invocationId") {
        return Some("WorkMailEmailFlowEvent");
    }
    if value.pointer("/awslogs/data").is_some() {
        return Some("CloudWatchLogsEvent");
    }
    if let Some(trigger) = str_of(value, "triggerSource") {
        return cognito_type(value, trigger);
    }
    if str_of(value, "eventType") == Some("SyncTrigger") && has(value, "datasetName") {
        return Some("CognitoSyncEvent");
    }
    // 4. HTTP shapes
    if let Some(name) = http_type(value) {
        return Some(name);
    }
    // AppSync: Events API handlers, resolver invocations, request templates, Lambda authorizers
    if value.pointer("/info/channelNamespace").is_some() {
        return Some("AppSyncEventsEvent");
    }
    if appsync_resolver(value) {
        return Some("AppSyncResolverEvent");
    }
    if matches!(str_of(value, "operation"), Some("Invoke" | "BatchInvoke"))
        && has(value, "version")
        && obj.contains_key("payload")
    {
        return Some("AppSyncResolverTemplate");
    }
    if has(value, "authorizationToken")
        && !has(value, "methodArn")
        && value.pointer("/requestContext/apiId").is_some()
    {
        return Some("AppSyncLambdaAuthorizerRequest");
    }
    // 5. bare CloudTrail record
    if has(value, "eventVersion")
        && has(value, "eventName")
        && has(value, "eventTime")
        && str_of(value, "eventSource").is_some_and(|s| s.ends_with("amazonaws.com"))
    {
        return Some("CloudTrailRecord");
    }
    None
}

/// The `serviceEventDetails` members of the Control Tower lifecycle model (`<operation>Status`).
const CONTROL_TOWER_STATUS_KEYS: [&str; 9] = [
    "createManagedAccountStatus",
    "updateManagedAccountStatus",
    "enableGuardrailStatus",
    "disableGuardrailStatus",
    "setupLandingZoneStatus",
    "updateLandingZoneStatus",
    "registerOrganizationalUnitStatus",
    "deregisterOrganizationalUnitStatus",
    "precheckOrganizationalUnitStatus",
];

fn eventbridge_type(value: &Value, source: &str, detail_type: &str) -> &'static str {
    if !has(value, "detail") && has(value, "alarmData") && source == "aws.cloudwatch" {
        return "CloudWatchAlarmEvent";
    }
    if source == "aws.signin" && detail_type == "AWS Console Sign In via CloudTrail" {
        return "SignInEvent";
    }
    if detail_type.ends_with("via CloudTrail") {
        // Only the operations the model knows: a status key it does not model would be dropped
        // on re-serialization, and the event would then place as plain CloudTrail (whose free
        // `serviceEventDetails` keeps any key, so that is where unknown operations belong).
        let lifecycle = source == "aws.controltower"
            && value
                .pointer("/detail/serviceEventDetails")
                .and_then(Value::as_object)
                .is_some_and(|m| {
                    CONTROL_TOWER_STATUS_KEYS
                        .iter()
                        .any(|k| m.get(*k).is_some_and(Value::is_object))
                });
        return if lifecycle {
            "ControlTowerLifecycleEvent"
        } else {
            "CloudTrailEvent"
        };
    }
    match (source, detail_type) {
        ("aws.events" | "aws.scheduler", "Scheduled Event") => "EventBridgeScheduledEvent",
        ("aws.s3", t) if t.starts_with("Object ") => "S3EventBridgeEvent",
        (
            "aws.autoscaling",
            "EC2 Instance Launch Successful"
            | "EC2 Instance Launch Unsuccessful"
            | "EC2 Instance Terminate Successful"
            | "EC2 Instance Terminate Unsuccessful",
        ) => "AutoScalingActivityEvent",
        (
            "aws.autoscaling",
            "EC2 Instance-launch Lifecycle Action" | "EC2 Instance-terminate Lifecycle Action",
        ) => "AutoScalingLifecycleActionEvent",
        ("aws.codecommit", "CodeCommit Repository State Change") => {
            "CodeCommitRepositoryStateChangeEvent"
        }
        ("aws.codebuild", "CodeBuild Build State Change") => "CodeBuildStateChangeEvent",
        ("aws.codebuild", "CodeBuild Build Phase Change") => "CodeBuildPhaseChangeEvent",
        ("aws.codedeploy", "CodeDeploy Deployment State-change Notification") => {
            "CodeDeployDeploymentEvent"
        }
        ("aws.codedeploy", "CodeDeploy Instance State-change Notification") => {
            "CodeDeployInstanceEvent"
        }
        ("aws.codepipeline", "CodePipeline Pipeline Execution State Change") => {
            "CodePipelineExecutionStateChangeEvent"
        }
        ("aws.codepipeline", "CodePipeline Stage Execution State Change") => {
            "CodePipelineStageStateChangeEvent"
        }
        ("aws.codepipeline", "CodePipeline Action Execution State Change") => {
            "CodePipelineActionStateChangeEvent"
        }
        ("aws.ecr", "ECR Image Action") => "EcrImageActionEvent",
        ("aws.ecr", "ECR Image Scan") => "EcrImageScanEvent",
        ("aws.ecs", "ECS Container Instance State Change") => {
            "EcsContainerInstanceStateChangeEvent"
        }
        ("aws.guardduty", "GuardDuty Finding") => "GuardDutyFindingEvent",
        ("aws.health", "AWS Health Event" | "AWS Health Abuse Event") => "HealthEvent",
        ("aws.cloudwatch", "CloudWatch Alarm State Change") => "CloudWatchAlarmStateChangeEvent",
        ("aws.ec2", "EC2 Instance State-change Notification") => "Ec2InstanceStateChangeEvent",
        ("aws.emr", "EMR Auto Scaling Policy State Change") => {
            "EmrAutoScalingPolicyStateChangeEvent"
        }
        ("aws.emr", "EMR Cluster State Change") => "EmrClusterStateChangeEvent",
        ("aws.emr", "EMR Instance Group State Change") => "EmrInstanceGroupStateChangeEvent",
        ("aws.emr", "EMR Step Status Change") => "EmrStepStatusChangeEvent",
        ("aws.gamelift", "GameLift Matchmaking Event") => "GameLiftMatchmakingEvent",
        ("aws.glue", "Glue Job State Change") => "GlueJobStateChangeEvent",
        ("aws.glue", "Glue Job Run Status") => "GlueJobRunStatusEvent",
        ("aws.glue", "Glue Crawler State Change") => "GlueCrawlerStateChangeEvent",
        ("aws.glue", "Glue Data Catalog Table State Change") => {
            "GlueDataCatalogTableStateChangeEvent"
        }
        ("aws.glue", "Glue Data Catalog Database State Change") => {
            "GlueDataCatalogDatabaseStateChangeEvent"
        }
        (
            "aws.kms",
            "KMS CMK Rotation" | "KMS Imported Key Material Expiration" | "KMS CMK Deletion",
        ) => "KmsKeyEvent",
        ("aws.macie", "Macie Alert") => "MacieAlertEvent",
        ("aws.opsworks", "OpsWorks Instance State Change") => "OpsWorksInstanceStateChangeEvent",
        ("aws.opsworks", "OpsWorks Command State Change") => "OpsWorksCommandStateChangeEvent",
        ("aws.opsworks", "OpsWorks Deployment State Change") => {
            "OpsWorksDeploymentStateChangeEvent"
        }
        ("aws.opsworks", "OpsWorks Alert") => "OpsWorksAlertEvent",
        ("aws.sms", "Server Migration Job State Change") => "ServerMigrationJobStateChangeEvent",
        ("aws.ssm", t) => match t {
            "EC2 Command Status-change Notification" => "SsmCommandStatusChangeEvent",
            "EC2 Command Invocation Status-change Notification" => {
                "SsmCommandInvocationStatusChangeEvent"
            }
            "EC2 Automation Step Status-change Notification" => {
                "SsmAutomationStepStatusChangeEvent"
            }
            "EC2 Automation Execution Status-change Notification" => {
                "SsmAutomationExecutionStatusChangeEvent"
            }
            "EC2 State Manager Association State Change" => "SsmAssociationStateChangeEvent",
            "EC2 State Manager Instance Association State Change" => {
                "SsmInstanceAssociationStateChangeEvent"
            }
            "Configuration Compliance State Change" => "SsmConfigurationComplianceStateChangeEvent",
            "Maintenance Window Target Registration Notification" => {
                "SsmMaintenanceWindowTargetRegistrationEvent"
            }
            "Maintenance Window Execution State-change Notification" => {
                "SsmMaintenanceWindowExecutionStateChangeEvent"
            }
            "Maintenance Window Task Execution State-change Notification" => {
                "SsmMaintenanceWindowTaskExecutionStateChangeEvent"
            }
            "Maintenance Window Task Target Invocation State-change Notification" => {
                "SsmMaintenanceWindowTaskTargetInvocationStateChangeEvent"
            }
            "Maintenance Window State-change Notification" => {
                "SsmMaintenanceWindowStateChangeEvent"
            }
            "Parameter Store Change" => "SsmParameterStoreChangeEvent",
            _ => "EventBridgeEvent",
        },
        ("aws.tag", "Tag Change on Resource") => "TagChangeOnResourceEvent",
        ("aws.trustedadvisor", "Trusted Advisor Check Item Refresh Notification") => {
            "TrustedAdvisorCheckItemRefreshEvent"
        }
        (
            "lambda",
            "Lambda Function Invocation Result - Success"
            | "Lambda Function Invocation Result - Failure",
        ) => "LambdaDestinationEvent",
        _ => "EventBridgeEvent",
    }
}

fn cognito_type(value: &Value, trigger: &str) -> Option<&'static str> {
    let prefix = trigger.split('_').next().unwrap_or(trigger);
    Some(match prefix {
        "PreSignUp" => "PreSignUpEvent",
        "PostConfirmation" => "PostConfirmationEvent",
        "PreAuthentication" => "PreAuthenticationEvent",
        "PostAuthentication" => "PostAuthenticationEvent",
        "DefineAuthChallenge" => "DefineAuthChallengeEvent",
        "CreateAuthChallenge" => "CreateAuthChallengeEvent",
        "VerifyAuthChallengeResponse" => "VerifyAuthChallengeEvent",
        "TokenGeneration" | "PreTokenGen" => {
            let v2 = str_of(value, "version") != Some("1")
                || value.pointer("/request/scopes").is_some()
                || value
                    .pointer("/response/claimsAndScopeOverrideDetails")
                    .is_some();
            if v2 {
                "PreTokenGenerationV2Event"
            } else {
                "PreTokenGenerationEvent"
            }
        }
        "UserMigration" => "UserMigrationEvent",
        "CustomMessage" => "CustomMessageEvent",
        "CustomEmailSender" => "CustomEmailSenderEvent",
        "CustomSMSSender" => "CustomSmsSenderEvent",
        "InboundFederation" => "InboundFederationEvent",
        _ => return None,
    })
}

/// An AppSync direct Lambda resolver invocation: `arguments`, `info` and `identity` keys.
fn appsync_resolver(value: &Value) -> bool {
    value.get("arguments").is_some_and(Value::is_object)
        && value.get("info").is_some_and(Value::is_object)
        && value
            .as_object()
            .is_some_and(|o| o.contains_key("identity"))
}

fn http_type(value: &Value) -> Option<&'static str> {
    // VPC Lattice: version 2.0 has `method` + `path` and a `serviceNetworkArn` context;
    // version 1.0 uses snake_case keys
    if has(value, "method") {
        if value.pointer("/requestContext/serviceNetworkArn").is_some() {
            return Some("VpcLatticeRequestV2");
        }
        if has(value, "raw_path") {
            return Some("VpcLatticeRequestV1");
        }
    }
    let context = value.get("requestContext");
    // Lambda function URL requests share the HTTP API 2.0 shape; their domain tells them apart
    if context
        .and_then(|c| str_of(c, "domainName"))
        .is_some_and(|d| d.contains(".lambda-url."))
    {
        return Some("LambdaFunctionUrlRequest");
    }
    if context.is_some_and(|c| has(c, "elb")) {
        return Some("AlbTargetGroupRequest");
    }
    let kind = str_of(value, "type");
    let version = str_of(value, "version");
    if context.is_some_and(|c| has(c, "connectionId")) {
        return Some(if kind == Some("REQUEST") && has(value, "methodArn") {
            "ApiGatewayWebsocketAuthorizerRequest"
        } else {
            "ApiGatewayWebsocketProxyRequest"
        });
    }
    match (kind, version) {
        (Some("REQUEST"), Some("2.0")) if has(value, "routeArn") => {
            return Some("ApiGatewayV2CustomAuthorizerV2Request")
        }
        (Some("REQUEST"), Some("1.0")) if has(value, "methodArn") => {
            return Some("ApiGatewayV2CustomAuthorizerV1Request")
        }
        (Some("TOKEN"), _) if has(value, "methodArn") => {
            return Some("ApiGatewayCustomAuthorizerRequest")
        }
        (Some("REQUEST"), _) if has(value, "methodArn") => {
            return Some("ApiGatewayCustomAuthorizerRequestTypeRequest")
        }
        _ => {}
    }
    if version == Some("2.0") && has(value, "routeKey") && context.is_some() {
        return Some("ApiGatewayV2HttpRequest");
    }
    if has(value, "httpMethod") && context.is_some() {
        return Some("ApiGatewayProxyRequest");
    }
    None
}
