//! The catalogue of event families against aws_lambda_events 1.2.1, the Rust crate most Lambda
//! functions use today: every event module it has (and every `cloudwatch_events` submodule, one
//! per EventBridge service) must map to a family of ours, so nothing it models is missing here.
//!
//! Its module list is read from the crate's own sources (found through `cargo metadata`), so a
//! module added in a later version fails the test by name instead of being overlooked. The
//! mapping below is reasoned, one row per module: where one family of ours covers several of
//! its modules (or one module is split over several families), the row says so.
//!
//! A second test decodes one of our fixtures of each EventBridge family with aws_lambda_events'
//! own type for that detail type: evidence that the family models the same events its module
//! does, not just a name that matches.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use typed_lambda_tests::{fixture, repo_root};

/// aws_lambda_events module path (relative to `aws_lambda_events::event`) => our families that
/// cover it, and why.
const MAPPING: &[(&str, &[&str], &str)] = &[
    ("activemq", &["activemq"], "same events"),
    ("alb", &["alb"], "same events"),
    (
        "apigw",
        &["apigw", "apigw_v2", "apigw_websocket"],
        "their one module holds REST, HTTP API and WebSocket shapes; we have a family each",
    ),
    ("appsync", &["appsync"], "same events"),
    ("autoscaling", &["autoscaling"], "same events"),
    ("bedrock_agent_runtime", &["bedrock_agent"], "same events"),
    ("chime_bot", &["chime_bot"], "same events"),
    ("clientvpn", &["clientvpn"], "same events"),
    ("cloudformation", &["cloudformation"], "same events"),
    (
        "cloudformation::provider",
        &["cloudformation"],
        "the CDK provider framework's requests are in our cloudformation family",
    ),
    ("cloudwatch_alarms", &["cloudwatch_alarms"], "same events"),
    (
        "cloudwatch_events",
        &["eventbridge"],
        "the generic envelope (`CloudWatchEvent<T>`) is our EventBridgeEvent",
    ),
    (
        "cloudwatch_events::cloudtrail",
        &["cloudtrail"],
        "same events",
    ),
    (
        "cloudwatch_events::codedeploy",
        &["codedeploy"],
        "same events",
    ),
    (
        "cloudwatch_events::codepipeline",
        &["codepipeline"],
        "same events",
    ),
    ("cloudwatch_events::ec2", &["ec2"], "same events"),
    ("cloudwatch_events::emr", &["emr"], "same events"),
    ("cloudwatch_events::gamelift", &["gamelift"], "same events"),
    ("cloudwatch_events::glue", &["glue"], "same events"),
    ("cloudwatch_events::health", &["health"], "same events"),
    ("cloudwatch_events::kms", &["kms"], "same events"),
    (
        "cloudwatch_events::macie",
        &["macie"],
        "Macie Classic alerts",
    ),
    ("cloudwatch_events::opsworks", &["opsworks"], "same events"),
    ("cloudwatch_events::signin", &["signin"], "same events"),
    (
        "cloudwatch_events::sms",
        &["server_migration"],
        "Server Migration Service, named so it is not read as text messaging",
    ),
    ("cloudwatch_events::ssm", &["ssm"], "same events"),
    ("cloudwatch_events::tag", &["tag"], "same events"),
    (
        "cloudwatch_events::trustedadvisor",
        &["trusted_advisor"],
        "same events",
    ),
    ("cloudwatch_logs", &["cloudwatch_logs"], "same events"),
    ("code_commit", &["codecommit"], "same events"),
    ("codebuild", &["codebuild"], "same events"),
    ("codedeploy", &["codedeploy"], "same events"),
    (
        "codepipeline_cloudwatch",
        &["codepipeline"],
        "pipeline, stage and action state changes are in our codepipeline family",
    ),
    (
        "codepipeline_job",
        &["codepipeline"],
        "the job invocation is codepipeline::CodePipelineJobEvent",
    ),
    ("cognito", &["cognito"], "same events"),
    ("config", &["config"], "same events"),
    ("connect", &["connect"], "same events"),
    ("controltower", &["controltower"], "same events"),
    ("documentdb", &["documentdb"], "same events"),
    (
        "documentdb::events",
        &["documentdb"],
        "the change stream event kinds are variants of our documentdb family",
    ),
    ("dynamodb", &["dynamodb"], "same events"),
    (
        "ecr_scan",
        &["ecr"],
        "image scans, with image actions, in our ecr family",
    ),
    ("eventbridge", &["eventbridge"], "same events"),
    ("firehose", &["firehose"], "same events"),
    ("iam", &["iam"], "same policy documents"),
    ("iot", &["iot"], "same events"),
    ("iot_1_click", &["iot_1_click"], "same events"),
    ("iot_button", &["iot_button"], "same events"),
    (
        "iot_deprecated",
        &["iot"],
        "their deprecated aliases of the IoT custom authorizer types",
    ),
    ("kafka", &["kafka"], "same events"),
    ("kinesis", &["kinesis"], "same events"),
    ("kinesis::analytics", &["kinesis_analytics"], "same events"),
    (
        "lambda_function_urls",
        &["lambda_function_urls"],
        "same events",
    ),
    ("lex", &["lex"], "same events"),
    ("rabbitmq", &["rabbitmq"], "same events"),
    (
        "s3",
        &["s3", "s3_eventbridge"],
        "notifications, and S3 events delivered by EventBridge",
    ),
    ("s3::batch_job", &["s3_batch_job"], "same events"),
    ("s3::object_lambda", &["s3_object_lambda"], "same events"),
    ("secretsmanager", &["secretsmanager"], "same events"),
    ("ses", &["ses"], "same events"),
    ("sns", &["sns"], "same events"),
    ("sqs", &["sqs"], "same events"),
    (
        "streams",
        &["kinesis", "dynamodb"],
        "partial batch and tumbling-window responses, in the stream families",
    ),
    ("vpc_lattice", &["vpc_lattice"], "same events"),
];

/// Our families: the stems of `schemas/*.json`.
fn our_families() -> BTreeSet<String> {
    std::fs::read_dir(repo_root().join("schemas"))
        .expect("read schemas/")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect()
}

/// `src/event/` of the aws_lambda_events the workspace locks: its version from Cargo.lock, its
/// sources where cargo unpacked them to compile this dev-dependency
/// (`$CARGO_HOME/registry/src/<index>/aws_lambda_events-<version>`). Not `cargo metadata`: that
/// resolves every platform's dependencies and fails offline when a CI build never fetched them.
fn their_event_dir() -> PathBuf {
    let lock = std::fs::read_to_string(repo_root().join("Cargo.lock")).expect("read Cargo.lock");
    let version = lock
        .split("[[package]]")
        .find(|p| p.contains("name = \"aws_lambda_events\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = ")))
        .map(|v| v.trim_matches('"').to_owned())
        .expect("aws_lambda_events in Cargo.lock (dev-dependency of typed-lambda-tests)");
    assert_eq!(version, "1.2.1", "the version compared against");
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .expect("CARGO_HOME or HOME");
    let registry = cargo_home.join("registry").join("src");
    let found = std::fs::read_dir(&registry)
        .unwrap_or_else(|e| panic!("{}: {e}", registry.display()))
        .map(|e| {
            e.unwrap()
                .path()
                .join(format!("aws_lambda_events-{version}"))
        })
        .find(|dir| dir.join("src").join("event").is_dir());
    found
        .unwrap_or_else(|| {
            panic!(
                "aws_lambda_events-{version} not unpacked under {}: build this test first",
                registry.display()
            )
        })
        .join("src")
        .join("event")
}

/// `pub mod NAME;` declarations of one module file.
fn pub_mods(file: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .filter_map(|rest| rest.strip_suffix(';'))
        .map(str::to_owned)
        .collect()
}

/// Every public event module of aws_lambda_events, nested ones as `parent::child`.
fn their_modules() -> BTreeSet<String> {
    let dir = their_event_dir();
    let mut modules = BTreeSet::new();
    for module in pub_mods(&dir.join("mod.rs")) {
        let nested = dir.join(&module).join("mod.rs");
        if nested.exists() {
            for child in pub_mods(&nested) {
                modules.insert(format!("{module}::{child}"));
            }
        }
        modules.insert(module);
    }
    modules
}

#[test]
fn every_aws_lambda_events_module_has_a_family() {
    let theirs = their_modules();
    assert!(
        theirs.len() > 50 && theirs.contains("cloudwatch_events::ssm"),
        "module scan found too little: {theirs:?}"
    );
    let mapped: BTreeSet<&str> = MAPPING.iter().map(|(m, _, _)| *m).collect();
    let missing: Vec<&String> = theirs
        .iter()
        .filter(|m| !mapped.contains(m.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "aws_lambda_events modules without a family of ours (add the family, or a reasoned row \
         to MAPPING): {missing:?}"
    );
    let stale: Vec<&&str> = mapped.iter().filter(|m| !theirs.contains(**m)).collect();
    assert!(
        stale.is_empty(),
        "MAPPING rows for modules aws_lambda_events does not have: {stale:?}"
    );
}

#[test]
fn mapping_names_only_real_families_once_per_module() {
    let ours = our_families();
    let mut seen = BTreeSet::new();
    for (module, families, why) in MAPPING {
        assert!(seen.insert(*module), "{module}: two MAPPING rows");
        assert!(
            !families.is_empty() && !why.is_empty(),
            "{module}: empty row"
        );
        for family in *families {
            assert!(
                ours.contains(*family),
                "{module}: `{family}` is not a family (no schemas/{family}.json)"
            );
        }
    }
}

#[test]
fn the_catalogue_has_at_least_70_families() {
    let ours = our_families();
    assert!(ours.len() >= 70, "{} families: {ours:?}", ours.len());
    // one cargo feature per family, each placed by AnyEvent when it has an invocation event
    let manifest = std::fs::read_to_string(repo_root().join("events/Cargo.toml")).unwrap();
    for family in &ours {
        assert!(
            manifest.contains(&format!("\n{family} = [")),
            "events/Cargo.toml has no feature `{family}`"
        );
    }
}

/// A decode of a fixture file with one of aws_lambda_events' types.
type TheirDecode = fn(&str) -> Result<(), String>;

/// Decodes `file` as aws_lambda_events' `CloudWatchEvent<T>`; the error names the file.
fn theirs<T: DeserializeOwned + serde::Serialize>(file: &str) -> Result<(), String> {
    use aws_lambda_events::event::cloudwatch_events::CloudWatchEvent;
    let event: CloudWatchEvent<T> =
        serde_json::from_str(&fixture(file)).map_err(|e| format!("{file}: {e}"))?;
    if event.detail.is_none() {
        return Err(format!("{file}: decoded without a detail"));
    }
    Ok(())
}

#[test]
fn our_eventbridge_fixtures_are_what_their_cloudwatch_events_modules_model() {
    use aws_lambda_events::event::cloudwatch_events as cw;
    use typed_lambda_events::AnyEvent;
    // (our fixture, the type AnyEvent must give, their decode of the same file)
    let rows: &[(&str, &str, TheirDecode)] = &[
        (
            "ec2-instance-state-change-pending.json",
            "Ec2InstanceStateChangeEvent",
            theirs::<cw::ec2::InstanceStateChange>,
        ),
        (
            "emr-cluster-state-change-terminated.json",
            "EmrClusterStateChangeEvent",
            theirs::<cw::emr::ClusterStateChange>,
        ),
        (
            "emr-step-status-change.json",
            "EmrStepStatusChangeEvent",
            theirs::<cw::emr::StepStatusChange>,
        ),
        (
            "gamelift-matchmaking-timed-out.json",
            "GameLiftMatchmakingEvent",
            theirs::<cw::gamelift::MatchmakingTimedOut>,
        ),
        (
            "glue-crawler-failed.json",
            "GlueCrawlerStateChangeEvent",
            theirs::<cw::glue::CrawlerFailed>,
        ),
        (
            "glue-data-catalog-table-state-change.json",
            "GlueDataCatalogTableStateChangeEvent",
            theirs::<cw::glue::DataCatalogTableStateChange>,
        ),
        (
            "kms-cmk-rotation.json",
            "KmsKeyEvent",
            theirs::<cw::kms::CMKEvent>,
        ),
        (
            "macie-alert-created-bucket-scan.json",
            "MacieAlertEvent",
            theirs::<cw::macie::BucketScanAlert>,
        ),
        (
            "opsworks-deployment-state-change.json",
            "OpsWorksDeploymentStateChangeEvent",
            theirs::<cw::opsworks::DeploymentStateChange>,
        ),
        (
            "signin-console-sign-in-root.json",
            "SignInEvent",
            theirs::<cw::signin::SignIn>,
        ),
        (
            "server-migration-job-state-change-completed.json",
            "ServerMigrationJobStateChangeEvent",
            theirs::<cw::sms::JobStateChange>,
        ),
        (
            "ssm-parameter-store-change-create.json",
            "SsmParameterStoreChangeEvent",
            theirs::<cw::ssm::ParameterStoreStateChange>,
        ),
        (
            "ssm-maintenance-window-state-change.json",
            "SsmMaintenanceWindowStateChangeEvent",
            theirs::<cw::ssm::MaintenanceWindowStateChange>,
        ),
        (
            "tag-change-on-resource.json",
            "TagChangeOnResourceEvent",
            theirs::<cw::tag::TagChangeOnResource>,
        ),
        (
            "trusted-advisor-exposed-access-keys.json",
            "TrustedAdvisorCheckItemRefreshEvent",
            theirs::<cw::trustedadvisor::CheckItemRefreshNotification>,
        ),
    ];
    let mut failures = Vec::new();
    for (file, ours, theirs) in rows {
        let got = AnyEvent::from_str(&fixture(file)).unwrap();
        if got.type_name() != *ours {
            failures.push(format!(
                "{file}: AnyEvent gave {}, not {ours}",
                got.type_name()
            ));
        }
        if let Err(e) = theirs(file) {
            failures.push(format!("aws_lambda_events rejects {e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Where the documented samples are what aws_lambda_events cannot decode, and we can: Run Command
/// parameters are lists of strings (their model says one string per name), and a predictive
/// Macie alert's features need not say `anomalous` (their model requires it).
#[test]
fn documented_samples_their_models_reject_decode_here() {
    use aws_lambda_events::event::cloudwatch_events::ssm::EC2CommandStatusChange;
    let file = "ssm-command-status-change.json";
    assert!(theirs::<EC2CommandStatusChange>(file).is_err());
    let event: typed_lambda_events::ssm::SsmCommandStatusChangeEvent =
        serde_json::from_str(&fixture(file)).unwrap();
    let parameters = &event.detail.parameters;
    assert_eq!(parameters["commands"], ["date"]);
    assert_eq!(parameters["executionTimeout"], ["3600"]);

    use aws_lambda_events::event::cloudwatch_events::macie::AlertUpdated;
    let file = "macie-alert-updated-predictive.json";
    assert!(theirs::<AlertUpdated>(file).is_err());
    let event: typed_lambda_events::macie::MacieAlertEvent =
        serde_json::from_str(&fixture(file)).unwrap();
    let features = &event.detail.trigger.as_ref().unwrap().features;
    assert_eq!(features["distinctEventName"].anomalous, None);
    assert_eq!(features["ListRolePolicies"].anomalous, Some(true));
}
