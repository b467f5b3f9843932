//! [`Context`]: what Lambda tells a handler about the invocation and the function.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// Deadlines below this many epoch milliseconds (2001-09-09) are not epoch times: some
/// emulators send a constant such as `600000`. Those are read as "milliseconds from now".
const SANE_EPOCH_MS: u64 = 1_000_000_000_000;

/// Deadline assumed when the `Lambda-Runtime-Deadline-Ms` header is missing or not a number:
/// Lambda's longest timeout, 15 minutes.
const MISSING_DEADLINE: Duration = Duration::from_secs(15 * 60);

/// What Lambda tells a handler about one invocation and the function it runs in.
///
/// Per-invocation values come from the Runtime API headers of `/invocation/next`
/// (see <https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html#runtimes-api-next>);
/// function values come from the environment Lambda sets
/// (<https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime>).
/// Under the Python runtime (`python_module!`, feature `python`), everything but the
/// request id is read from the Python context object the first time the handler asks for it.
///
/// Handlers get a Context from the runtime. Tests make one with [`Context::builder`] (any
/// field set) or [`Context::local`] (a request id and a timeout):
///
/// ```
/// use std::time::Duration;
/// use typed_lambda::Context;
///
/// let ctx = Context::local("req-1", Duration::from_secs(3));
/// assert_eq!(ctx.request_id(), "req-1");
/// assert!(ctx.remaining_time() <= Duration::from_secs(3));
/// ```
#[derive(Clone)]
pub struct Context {
    pub(crate) request_id: String,
    // Filled when the context is made, except under the Python runtime, where each is read
    // from the Python context object (`source`) the first time the handler asks for it.
    pub(crate) deadline: OnceLock<SystemTime>,
    pub(crate) invoked_function_arn: OnceLock<String>,
    pub(crate) xray_trace_id: OnceLock<Option<String>>,
    pub(crate) tenant_id: OnceLock<Option<String>>,
    pub(crate) identity: OnceLock<Option<CognitoIdentity>>,
    pub(crate) client_context: OnceLock<Option<ClientContext>>,
    pub(crate) function: OnceLock<Arc<FunctionConfig>>,
    pub(crate) source: Option<Arc<dyn ContextSource>>,
}

/// Where the fields of a lazily filled [`Context`] come from (the Python runtime's context
/// object). Each method is called once per context, when the handler first asks (twice if two
/// threads ask at the same moment).
pub(crate) trait ContextSource: Send + Sync {
    fn deadline(&self) -> SystemTime;
    fn invoked_function_arn(&self) -> String;
    fn xray_trace_id(&self) -> Option<String>;
    fn tenant_id(&self) -> Option<String>;
    fn identity(&self) -> Option<CognitoIdentity>;
    fn client_context(&self) -> Option<ClientContext>;
    fn function(&self) -> Arc<FunctionConfig>;
}

/// The source of a context whose fields were all filled when it was made: never asked, it
/// answers with empty values rather than panic.
struct Filled;

impl ContextSource for Filled {
    fn deadline(&self) -> SystemTime {
        SystemTime::now()
    }
    fn invoked_function_arn(&self) -> String {
        String::new()
    }
    fn xray_trace_id(&self) -> Option<String> {
        None
    }
    fn tenant_id(&self) -> Option<String> {
        None
    }
    fn identity(&self) -> Option<CognitoIdentity> {
        None
    }
    fn client_context(&self) -> Option<ClientContext> {
        None
    }
    fn function(&self) -> Arc<FunctionConfig> {
        Arc::default()
    }
}

impl fmt::Debug for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Context")
            .field("request_id", &self.request_id)
            .field("deadline", &self.deadline())
            .field("invoked_function_arn", &self.invoked_function_arn())
            .field("xray_trace_id", &self.xray_trace_id())
            .field("tenant_id", &self.tenant_id())
            .field("identity", &self.identity())
            .field("client_context", &self.client_context())
            .field("function", self.function())
            .finish()
    }
}

/// The Cognito identity of the caller, from the `Lambda-Runtime-Cognito-Identity` header
/// (present when an AWS Mobile SDK invoked the function through Cognito Identity).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CognitoIdentity {
    /// The authenticated Amazon Cognito identity.
    #[serde(rename = "cognitoIdentityId", default)]
    pub identity_id: Option<String>,
    /// The Amazon Cognito identity pool that authorized the invocation.
    #[serde(rename = "cognitoIdentityPoolId", default)]
    pub identity_pool_id: Option<String>,
}

/// Client context sent by the AWS Mobile SDK, from the `Lambda-Runtime-Client-Context` header.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientContext {
    /// Information about the client application.
    #[serde(default)]
    pub client: Option<ClientApplication>,
    /// Custom values set by the mobile client application.
    #[serde(default)]
    pub custom: BTreeMap<String, String>,
    /// Environment information provided by the AWS SDK.
    #[serde(default)]
    pub env: BTreeMap<String, String>,
}

/// The client application part of a [`ClientContext`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientApplication {
    /// Installation id of the app.
    #[serde(default)]
    pub installation_id: Option<String>,
    /// Title of the app.
    #[serde(default)]
    pub app_title: Option<String>,
    /// Version name of the app.
    #[serde(default)]
    pub app_version_name: Option<String>,
    /// Version code of the app.
    #[serde(default)]
    pub app_version_code: Option<String>,
    /// Package name of the app.
    #[serde(default)]
    pub app_package_name: Option<String>,
}

/// Function settings Lambda puts in the environment; read once at start-up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FunctionConfig {
    pub(crate) function_name: String,
    pub(crate) function_version: String,
    pub(crate) memory_limit_mb: u32,
    pub(crate) log_group_name: String,
    pub(crate) log_stream_name: String,
}

impl FunctionConfig {
    /// Reads `AWS_LAMBDA_FUNCTION_NAME` and friends; missing values are empty (or 0).
    pub(crate) fn from_env() -> Self {
        let var = |name: &str| std::env::var(name).unwrap_or_default();
        FunctionConfig {
            function_name: var("AWS_LAMBDA_FUNCTION_NAME"),
            function_version: var("AWS_LAMBDA_FUNCTION_VERSION"),
            memory_limit_mb: var("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
                .trim()
                .parse()
                .unwrap_or(0),
            log_group_name: var("AWS_LAMBDA_LOG_GROUP_NAME"),
            log_stream_name: var("AWS_LAMBDA_LOG_STREAM_NAME"),
        }
    }
}

/// The running binary's file name without extension (`hello`), or empty when unknown.
fn binary_name() -> String {
    std::env::args_os()
        .next()
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::current_exe().ok())
        .and_then(|path| path.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_default()
}

/// The invocation headers of a `/next` response, as received (values not yet interpreted).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct InvocationHeaders {
    pub(crate) request_id: String,
    pub(crate) deadline_ms: Option<String>,
    pub(crate) invoked_function_arn: Option<String>,
    pub(crate) trace_id: Option<String>,
    pub(crate) client_context: Option<String>,
    pub(crate) cognito_identity: Option<String>,
    pub(crate) tenant_id: Option<String>,
}

impl InvocationHeaders {
    /// Records one header if it is an invocation header (names compare case-insensitively).
    pub(crate) fn record(&mut self, name: &str, value: &str) {
        let slot = if name.eq_ignore_ascii_case("lambda-runtime-aws-request-id") {
            self.request_id = value.to_owned();
            return;
        } else if name.eq_ignore_ascii_case("lambda-runtime-deadline-ms") {
            &mut self.deadline_ms
        } else if name.eq_ignore_ascii_case("lambda-runtime-invoked-function-arn") {
            &mut self.invoked_function_arn
        } else if name.eq_ignore_ascii_case("lambda-runtime-trace-id") {
            &mut self.trace_id
        } else if name.eq_ignore_ascii_case("lambda-runtime-client-context") {
            &mut self.client_context
        } else if name.eq_ignore_ascii_case("lambda-runtime-cognito-identity") {
            &mut self.cognito_identity
        } else if name.eq_ignore_ascii_case("lambda-runtime-aws-tenant-id") {
            &mut self.tenant_id
        } else {
            return;
        };
        *slot = Some(value.to_owned());
    }
}

impl Context {
    pub(crate) fn from_invocation(
        headers: InvocationHeaders,
        received_at: SystemTime,
        function: Arc<FunctionConfig>,
    ) -> Self {
        let deadline = deadline_from_header(headers.deadline_ms.as_deref(), received_at);
        let identity = headers
            .cognito_identity
            .as_deref()
            .and_then(|raw| parse_header_json(raw, "Lambda-Runtime-Cognito-Identity"));
        let client_context = headers
            .client_context
            .as_deref()
            .and_then(|raw| parse_header_json(raw, "Lambda-Runtime-Client-Context"));
        Context {
            request_id: headers.request_id,
            deadline: deadline.into(),
            invoked_function_arn: headers.invoked_function_arn.unwrap_or_default().into(),
            xray_trace_id: headers.trace_id.filter(|t| !t.is_empty()).into(),
            tenant_id: headers.tenant_id.filter(|t| !t.is_empty()).into(),
            identity: identity.into(),
            client_context: client_context.into(),
            function: function.into(),
            source: None,
        }
    }

    /// A context whose fields other than the request id are read from `source` on first use.
    #[cfg_attr(not(feature = "python"), allow(dead_code))]
    pub(crate) fn lazy(request_id: String, source: Arc<dyn ContextSource>) -> Self {
        Context {
            request_id,
            deadline: OnceLock::new(),
            invoked_function_arn: OnceLock::new(),
            xray_trace_id: OnceLock::new(),
            tenant_id: OnceLock::new(),
            identity: OnceLock::new(),
            client_context: OnceLock::new(),
            function: OnceLock::new(),
            source: Some(source),
        }
    }

    /// The value in `cell`, read from the source first if it is not filled yet.
    fn filled<'a, T>(
        &'a self,
        cell: &'a OnceLock<T>,
        read: impl FnOnce(&dyn ContextSource) -> T,
    ) -> &'a T {
        if let Some(value) = cell.get() {
            return value;
        }
        // Read outside the cell's lock: the Python source takes the GIL, and a thread holding
        // the GIL must never wait on a thread that waits for it. Two threads asking at once
        // both read; the first answer is kept.
        let value = read(self.source.as_deref().unwrap_or(&Filled));
        cell.get_or_init(|| value)
    }

    fn function(&self) -> &FunctionConfig {
        self.filled(&self.function, |s| s.function()).as_ref()
    }

    /// A context for running a handler outside Lambda (local invoke, unit tests): the given
    /// request id, a deadline `timeout` from now, and function settings from the environment.
    /// Without `AWS_LAMBDA_FUNCTION_NAME` the function is named after the running binary
    /// (`hello` for `target/debug/hello`), so logs that print the name read as on Lambda.
    pub fn local(request_id: &str, timeout: Duration) -> Self {
        let mut function = FunctionConfig::from_env();
        if function.function_name.is_empty() {
            function.function_name = binary_name();
        }
        Context {
            request_id: request_id.to_owned(),
            deadline: (SystemTime::now() + timeout).into(),
            invoked_function_arn: String::new().into(),
            xray_trace_id: None.into(),
            tenant_id: None.into(),
            identity: None.into(),
            client_context: None.into(),
            function: Arc::new(function).into(),
            source: None,
        }
    }

    /// A builder for a context with any field set, to call handlers from unit tests without
    /// the Runtime API. Unset fields are empty (`""`, 0, `None`), and the deadline is 3 s
    /// (Lambda's default timeout) after [`build`](ContextBuilder::build); nothing is read from
    /// the environment.
    ///
    /// ```
    /// use std::time::Duration;
    /// use typed_lambda::{ClientApplication, ClientContext, CognitoIdentity, Context, Error};
    ///
    /// fn greet(name: String, ctx: &Context) -> Result<String, Error> {
    ///     let app = ctx
    ///         .client_context()
    ///         .and_then(|c| c.client.as_ref())
    ///         .and_then(|a| a.app_title.as_deref())
    ///         .unwrap_or("the web");
    ///     Ok(format!("Hello {name} from {app} ({})", ctx.request_id()))
    /// }
    ///
    /// let ctx = Context::builder()
    ///     .request_id("8476a536-e9f4-11e8-9739-2dfe598c3fcd")
    ///     .timeout(Duration::from_secs(30))
    ///     .invoked_function_arn("arn:aws:lambda:us-east-1:123456789012:function:greet:prod")
    ///     .xray_trace_id("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1")
    ///     .identity(CognitoIdentity {
    ///         identity_id: Some("us-east-1:1234".into()),
    ///         identity_pool_id: Some("us-east-1:pool".into()),
    ///     })
    ///     .client_context(ClientContext {
    ///         client: Some(ClientApplication {
    ///             app_title: Some("Shop".into()),
    ///             ..ClientApplication::default()
    ///         }),
    ///         ..ClientContext::default()
    ///     })
    ///     .function_name("greet")
    ///     .memory_limit_mb(256)
    ///     .build();
    /// assert_eq!(
    ///     greet("Jane".into(), &ctx).unwrap(),
    ///     "Hello Jane from Shop (8476a536-e9f4-11e8-9739-2dfe598c3fcd)"
    /// );
    /// assert_eq!(ctx.memory_limit_mb(), 256);
    /// assert!(ctx.remaining_time() > Duration::from_secs(29));
    /// ```
    pub fn builder() -> ContextBuilder {
        ContextBuilder::default()
    }

    /// The AWS request id of this invocation (`Lambda-Runtime-Aws-Request-Id`).
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// When Lambda stops this invocation (`Lambda-Runtime-Deadline-Ms`).
    ///
    /// A header value too small to be an epoch time (emulators send constants like `600000`) is
    /// taken as milliseconds from when the invocation was received; a missing or unreadable one
    /// as 15 minutes (Lambda's longest timeout) from then.
    pub fn deadline(&self) -> SystemTime {
        *self.filled(&self.deadline, |s| s.deadline())
    }

    /// Time left until [`deadline`](Self::deadline); zero once it has passed (never panics).
    pub fn remaining_time(&self) -> Duration {
        self.deadline()
            .duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO)
    }

    /// The ARN used to invoke the function, with a version or alias qualifier if one was used
    /// (`Lambda-Runtime-Invoked-Function-Arn`); empty when the header is missing.
    pub fn invoked_function_arn(&self) -> &str {
        self.filled(&self.invoked_function_arn, |s| s.invoked_function_arn())
            .as_str()
    }

    /// The function's name (`AWS_LAMBDA_FUNCTION_NAME`).
    pub fn function_name(&self) -> &str {
        &self.function().function_name
    }

    /// The version being executed, `$LATEST` when unqualified (`AWS_LAMBDA_FUNCTION_VERSION`).
    pub fn function_version(&self) -> &str {
        &self.function().function_version
    }

    /// Memory configured for the function in MB (`AWS_LAMBDA_FUNCTION_MEMORY_SIZE`; 0 if unset).
    pub fn memory_limit_mb(&self) -> u32 {
        self.function().memory_limit_mb
    }

    /// CloudWatch Logs group of the function (`AWS_LAMBDA_LOG_GROUP_NAME`).
    pub fn log_group_name(&self) -> &str {
        &self.function().log_group_name
    }

    /// CloudWatch Logs stream of this execution environment (`AWS_LAMBDA_LOG_STREAM_NAME`).
    pub fn log_stream_name(&self) -> &str {
        &self.function().log_stream_name
    }

    /// The caller's Cognito identity, when the `Lambda-Runtime-Cognito-Identity` header was sent
    /// and held valid JSON (an invalid one is logged as a warning and ignored).
    pub fn identity(&self) -> Option<&CognitoIdentity> {
        self.filled(&self.identity, |s| s.identity()).as_ref()
    }

    /// The mobile client context, when the `Lambda-Runtime-Client-Context` header was sent and
    /// held valid JSON (an invalid one is logged as a warning and ignored).
    pub fn client_context(&self) -> Option<&ClientContext> {
        self.filled(&self.client_context, |s| s.client_context())
            .as_ref()
    }

    /// The AWS X-Ray trace header (`Lambda-Runtime-Trace-Id`), also exported to the handler as
    /// the `_X_AMZN_TRACE_ID` environment variable for each invocation.
    pub fn xray_trace_id(&self) -> Option<&str> {
        self.filled(&self.xray_trace_id, |s| s.xray_trace_id())
            .as_deref()
    }

    /// The tenant of a tenant-isolated function (`Lambda-Runtime-Aws-Tenant-Id`), if any.
    pub fn tenant_id(&self) -> Option<&str> {
        self.filled(&self.tenant_id, |s| s.tenant_id()).as_deref()
    }
}

/// Builds a [`Context`] with any field set, for unit tests; made by [`Context::builder`].
/// Each setter names the [`Context`] accessor it fills.
#[derive(Debug, Clone, Default)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct ContextBuilder {
    request_id: String,
    deadline: Option<Deadline>,
    invoked_function_arn: String,
    xray_trace_id: Option<String>,
    tenant_id: Option<String>,
    identity: Option<CognitoIdentity>,
    client_context: Option<ClientContext>,
    function: FunctionConfig,
}

/// A deadline as given to the builder: a point in time, or a time after `build`.
#[derive(Debug, Clone, Copy)]
enum Deadline {
    At(SystemTime),
    After(Duration),
}

/// Lambda's default function timeout: the builder's deadline when none is set.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(3);

impl ContextBuilder {
    /// [`Context::request_id`].
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = request_id.into();
        self
    }

    /// [`Context::deadline`]: this point in time (may be in the past: then
    /// [`remaining_time`](Context::remaining_time) is zero).
    pub fn deadline(mut self, deadline: SystemTime) -> Self {
        self.deadline = Some(Deadline::At(deadline));
        self
    }

    /// [`Context::deadline`]: `timeout` after [`build`](Self::build) (default 3 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.deadline = Some(Deadline::After(timeout));
        self
    }

    /// [`Context::invoked_function_arn`].
    pub fn invoked_function_arn(mut self, arn: impl Into<String>) -> Self {
        self.invoked_function_arn = arn.into();
        self
    }

    /// [`Context::xray_trace_id`].
    pub fn xray_trace_id(mut self, trace_id: impl Into<String>) -> Self {
        self.xray_trace_id = Some(trace_id.into());
        self
    }

    /// [`Context::tenant_id`].
    pub fn tenant_id(mut self, tenant_id: impl Into<String>) -> Self {
        self.tenant_id = Some(tenant_id.into());
        self
    }

    /// [`Context::identity`].
    pub fn identity(mut self, identity: CognitoIdentity) -> Self {
        self.identity = Some(identity);
        self
    }

    /// [`Context::client_context`].
    pub fn client_context(mut self, client_context: ClientContext) -> Self {
        self.client_context = Some(client_context);
        self
    }

    /// [`Context::function_name`].
    pub fn function_name(mut self, name: impl Into<String>) -> Self {
        self.function.function_name = name.into();
        self
    }

    /// [`Context::function_version`].
    pub fn function_version(mut self, version: impl Into<String>) -> Self {
        self.function.function_version = version.into();
        self
    }

    /// [`Context::memory_limit_mb`].
    pub fn memory_limit_mb(mut self, mb: u32) -> Self {
        self.function.memory_limit_mb = mb;
        self
    }

    /// [`Context::log_group_name`].
    pub fn log_group_name(mut self, name: impl Into<String>) -> Self {
        self.function.log_group_name = name.into();
        self
    }

    /// [`Context::log_stream_name`].
    pub fn log_stream_name(mut self, name: impl Into<String>) -> Self {
        self.function.log_stream_name = name.into();
        self
    }

    /// The context.
    pub fn build(self) -> Context {
        let deadline = match self.deadline.unwrap_or(Deadline::After(DEFAULT_TIMEOUT)) {
            Deadline::At(at) => at,
            Deadline::After(timeout) => SystemTime::now() + timeout,
        };
        Context {
            request_id: self.request_id,
            deadline: deadline.into(),
            invoked_function_arn: self.invoked_function_arn.into(),
            xray_trace_id: self.xray_trace_id.into(),
            tenant_id: self.tenant_id.into(),
            identity: self.identity.into(),
            client_context: self.client_context.into(),
            function: Arc::new(self.function).into(),
            source: None,
        }
    }
}

fn deadline_from_header(raw: Option<&str>, received_at: SystemTime) -> SystemTime {
    match raw.map(str::trim).and_then(|v| v.parse::<u64>().ok()) {
        Some(ms) if ms >= SANE_EPOCH_MS => UNIX_EPOCH + Duration::from_millis(ms),
        Some(ms) => received_at + Duration::from_millis(ms),
        None => {
            if let Some(raw) = raw {
                tracing::warn!("ignoring Lambda-Runtime-Deadline-Ms {raw:?}: not a number");
            }
            received_at + MISSING_DEADLINE
        }
    }
}

fn parse_header_json<T: serde::de::DeserializeOwned>(raw: &str, header: &str) -> Option<T> {
    match serde_json::from_str(raw) {
        Ok(value) => Some(value),
        Err(e) => {
            tracing::warn!("ignoring {header}: not valid JSON: {e}");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> InvocationHeaders {
        let mut h = InvocationHeaders::default();
        for (name, value) in pairs {
            h.record(name, value);
        }
        h
    }

    #[test]
    fn epoch_deadline_is_absolute() {
        let now = SystemTime::now();
        let ms = now.duration_since(UNIX_EPOCH).unwrap().as_millis() as u64 + 2_000;
        let ctx = Context::from_invocation(
            headers(&[("Lambda-Runtime-Deadline-Ms", &ms.to_string())]),
            now,
            Arc::default(),
        );
        assert_eq!(ctx.deadline(), UNIX_EPOCH + Duration::from_millis(ms));
        let left = ctx.remaining_time();
        assert!(left <= Duration::from_secs(2) && left > Duration::from_millis(1_500));
    }

    #[test]
    fn emulator_constant_deadline_is_relative_and_past_deadline_is_zero() {
        let received = SystemTime::now();
        let ctx = Context::from_invocation(
            headers(&[("lambda-runtime-deadline-ms", "600000")]),
            received,
            Arc::default(),
        );
        assert_eq!(ctx.deadline(), received + Duration::from_secs(600));
        for raw in ["0", "1", "1700000000000"] {
            let ctx = Context::from_invocation(
                headers(&[("Lambda-Runtime-Deadline-Ms", raw)]),
                UNIX_EPOCH + Duration::from_secs(1),
                Arc::default(),
            );
            assert_eq!(ctx.remaining_time(), Duration::ZERO, "{raw}");
        }
    }

    #[test]
    fn missing_or_garbage_deadline_does_not_panic() {
        let received = SystemTime::now();
        for h in [
            headers(&[]),
            headers(&[("Lambda-Runtime-Deadline-Ms", "soon")]),
            headers(&[("Lambda-Runtime-Deadline-Ms", "-5")]),
            headers(&[("Lambda-Runtime-Deadline-Ms", "99999999999999999999999")]),
        ] {
            let ctx = Context::from_invocation(h, received, Arc::default());
            assert_eq!(ctx.deadline(), received + MISSING_DEADLINE);
        }
    }

    #[test]
    fn identity_and_client_context_are_decoded() {
        let ctx = Context::from_invocation(
            headers(&[
                ("Lambda-Runtime-Aws-Request-Id", "abc"),
                (
                    "Lambda-Runtime-Cognito-Identity",
                    r#"{"cognitoIdentityId":"us-east-1:123","cognitoIdentityPoolId":"us-east-1:pool"}"#,
                ),
                (
                    "Lambda-Runtime-Client-Context",
                    r#"{"client":{"installation_id":"i-1","app_title":"Shop"},"custom":{"k":"v"},"env":{"platform":"Android"}}"#,
                ),
                ("Lambda-Runtime-Trace-Id", "Root=1-5;Sampled=1"),
            ]),
            SystemTime::now(),
            Arc::default(),
        );
        assert_eq!(ctx.request_id(), "abc");
        let id = ctx.identity().unwrap();
        assert_eq!(id.identity_id.as_deref(), Some("us-east-1:123"));
        assert_eq!(id.identity_pool_id.as_deref(), Some("us-east-1:pool"));
        let cc = ctx.client_context().unwrap();
        assert_eq!(
            cc.client.as_ref().unwrap().app_title.as_deref(),
            Some("Shop")
        );
        assert_eq!(cc.custom["k"], "v");
        assert_eq!(cc.env["platform"], "Android");
        assert_eq!(ctx.xray_trace_id(), Some("Root=1-5;Sampled=1"));
    }

    /// A source that counts how often it is asked.
    #[derive(Default)]
    struct Counting(std::sync::atomic::AtomicUsize);

    impl Counting {
        fn asked(&self) -> usize {
            self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1
        }
    }

    impl ContextSource for Counting {
        fn deadline(&self) -> SystemTime {
            self.asked();
            UNIX_EPOCH + Duration::from_secs(7)
        }
        fn invoked_function_arn(&self) -> String {
            format!("arn-{}", self.asked())
        }
        fn xray_trace_id(&self) -> Option<String> {
            Some(format!("trace-{}", self.asked()))
        }
        fn tenant_id(&self) -> Option<String> {
            self.asked();
            None
        }
        fn identity(&self) -> Option<CognitoIdentity> {
            self.asked();
            None
        }
        fn client_context(&self) -> Option<ClientContext> {
            self.asked();
            None
        }
        fn function(&self) -> Arc<FunctionConfig> {
            Arc::new(FunctionConfig {
                function_name: format!("fn-{}", self.asked()),
                memory_limit_mb: 128,
                ..FunctionConfig::default()
            })
        }
    }

    #[test]
    fn lazy_context_asks_its_source_once_per_value_on_first_use() {
        let source = Arc::new(Counting::default());
        let ctx = Context::lazy("req-9".into(), source.clone());
        assert_eq!(ctx.request_id(), "req-9");
        assert_eq!(source.0.load(std::sync::atomic::Ordering::SeqCst), 0);
        // The n-th question answers with n: each value shows when it was first asked for.
        assert_eq!(ctx.invoked_function_arn(), "arn-1");
        assert_eq!(ctx.function_name(), "fn-2");
        assert_eq!(ctx.memory_limit_mb(), 128);
        assert_eq!(ctx.xray_trace_id(), Some("trace-3"));
        assert_eq!(ctx.invoked_function_arn(), "arn-1");
        assert_eq!(ctx.function_name(), "fn-2");
        assert_eq!(ctx.deadline(), UNIX_EPOCH + Duration::from_secs(7));
        assert_eq!(ctx.remaining_time(), Duration::ZERO);
        assert_eq!(source.0.load(std::sync::atomic::Ordering::SeqCst), 4);
        // A clone keeps what was read and reads the rest from the same source.
        let clone = ctx.clone();
        assert_eq!(clone.function_name(), "fn-2");
        assert!(clone.identity().is_none() && clone.client_context().is_none());
        assert_eq!(clone.tenant_id(), None);
        assert_eq!(source.0.load(std::sync::atomic::Ordering::SeqCst), 7);
        assert!(format!("{ctx:?}").contains("req-9"));
    }

    /// A source whose tenant id is answered only once two threads are reading it together,
    /// like a Python read that needs the GIL another reader holds.
    struct Rendezvous(std::sync::Barrier);

    impl ContextSource for Rendezvous {
        fn deadline(&self) -> SystemTime {
            Filled.deadline()
        }
        fn invoked_function_arn(&self) -> String {
            Filled.invoked_function_arn()
        }
        fn xray_trace_id(&self) -> Option<String> {
            None
        }
        fn tenant_id(&self) -> Option<String> {
            self.0.wait();
            Some("tenant-a".into())
        }
        fn identity(&self) -> Option<CognitoIdentity> {
            None
        }
        fn client_context(&self) -> Option<ClientContext> {
            None
        }
        fn function(&self) -> Arc<FunctionConfig> {
            Arc::default()
        }
    }

    #[test]
    fn a_read_in_progress_does_not_make_another_reader_wait() {
        let ctx = Context::lazy(
            "req".into(),
            Arc::new(Rendezvous(std::sync::Barrier::new(2))),
        );
        std::thread::scope(|s| {
            let other = s.spawn(|| ctx.tenant_id().map(str::to_owned));
            assert_eq!(ctx.tenant_id(), Some("tenant-a"));
            assert_eq!(other.join().unwrap().as_deref(), Some("tenant-a"));
        });
    }

    #[test]
    fn builder_sets_every_field_and_defaults_to_empty() {
        let identity = CognitoIdentity {
            identity_id: Some("id".into()),
            identity_pool_id: None,
        };
        let client = ClientContext {
            custom: BTreeMap::from([("k".to_owned(), "v".to_owned())]),
            ..ClientContext::default()
        };
        let at = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let ctx = Context::builder()
            .request_id("r-1")
            .deadline(at)
            .invoked_function_arn("arn:aws:lambda:eu-west-1:123456789012:function:f")
            .xray_trace_id("Root=1-2-3")
            .tenant_id("t-1")
            .identity(identity.clone())
            .client_context(client.clone())
            .function_name("f")
            .function_version("7")
            .memory_limit_mb(1024)
            .log_group_name("/aws/lambda/f")
            .log_stream_name("s")
            .build();
        assert_eq!(ctx.request_id(), "r-1");
        assert_eq!(ctx.deadline(), at);
        assert_eq!(ctx.remaining_time(), Duration::ZERO);
        assert_eq!(
            ctx.invoked_function_arn(),
            "arn:aws:lambda:eu-west-1:123456789012:function:f"
        );
        assert_eq!(ctx.xray_trace_id(), Some("Root=1-2-3"));
        assert_eq!(ctx.tenant_id(), Some("t-1"));
        assert_eq!(ctx.identity(), Some(&identity));
        assert_eq!(ctx.client_context(), Some(&client));
        assert_eq!(
            (
                ctx.function_name(),
                ctx.function_version(),
                ctx.memory_limit_mb()
            ),
            ("f", "7", 1024)
        );
        assert_eq!(
            (ctx.log_group_name(), ctx.log_stream_name()),
            ("/aws/lambda/f", "s")
        );

        let before = SystemTime::now();
        let empty = Context::builder().build();
        assert_eq!(empty.request_id(), "");
        assert!(empty.deadline() >= before + DEFAULT_TIMEOUT);
        assert!(empty.deadline() <= SystemTime::now() + DEFAULT_TIMEOUT);
        assert_eq!(empty.invoked_function_arn(), "");
        assert_eq!((empty.xray_trace_id(), empty.tenant_id()), (None, None));
        assert!(empty.identity().is_none() && empty.client_context().is_none());
        assert_eq!((empty.function_name(), empty.memory_limit_mb()), ("", 0));

        let timed = Context::builder().timeout(Duration::from_secs(60)).build();
        let left = timed.remaining_time();
        assert!(left > Duration::from_secs(59) && left <= Duration::from_secs(60));
    }

    #[test]
    fn invalid_header_json_is_ignored() {
        let ctx = Context::from_invocation(
            headers(&[
                ("Lambda-Runtime-Cognito-Identity", "{not json"),
                ("Lambda-Runtime-Client-Context", "[1,2]"),
            ]),
            SystemTime::now(),
            Arc::default(),
        );
        assert!(ctx.identity().is_none());
        assert!(ctx.client_context().is_none());
    }
}
