//! [`HttpEvent`]: which HTTP trigger sent an event, found from its shape, and the event decoded
//! into that trigger's model from `typed_lambda::events`.

use std::borrow::Cow;
use std::sync::Arc;

use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::value::RawValue;

use typed_lambda_events::alb::AlbTargetGroupRequest;
use typed_lambda_events::apigw::ApiGatewayProxyRequest;
use typed_lambda_events::apigw_v2::ApiGatewayV2HttpRequest;
use typed_lambda_events::apigw_websocket::ApiGatewayWebsocketProxyRequest;
use typed_lambda_events::lambda_function_urls::LambdaFunctionUrlRequest;
use typed_lambda_events::vpc_lattice::{VpcLatticeRequestV1, VpcLatticeRequestV2};

use crate::decode::decode_event;
use crate::error::UNMARSHAL_ERROR;
use crate::Error;

/// The event an HTTP request was built from, as its trigger sent it: reachable from the request
/// with [`RequestExt::lambda_event`](super::RequestExt::lambda_event) for what a request does
/// not carry (authorizer claims, path parameters, stage variables, the WebSocket connection id).
///
/// The `body` of the event is moved into the request (decoded): here it is `None`.
///
/// Each model is behind an [`Arc`]: the request's extensions are cloned with the request
/// (`http` requires it, and axum's `Extension<HttpEvent>` takes a clone), and a clone is then
/// a count, not a copy of every header and authorizer claim (nor the code of such a copy in
/// every binary: ≈ 60 KB).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum HttpEvent {
    /// API Gateway REST API (Lambda proxy integration), or HTTP API with payload format 1.0:
    /// the same event shape and the same response shape.
    ApiGatewayV1(Arc<ApiGatewayProxyRequest>),
    /// API Gateway HTTP API, payload format 2.0.
    ApiGatewayV2(Arc<ApiGatewayV2HttpRequest>),
    /// A Lambda function URL (the HTTP API 2.0 shape, on a `*.lambda-url.*` domain).
    FunctionUrl(Arc<LambdaFunctionUrlRequest>),
    /// An Application Load Balancer target group. `multi_value_headers` is set when the target
    /// group has multi-value headers on; the response is answered in the same shape.
    Alb(Arc<AlbTargetGroupRequest>),
    /// VPC Lattice, event structure 1.0.
    VpcLatticeV1(Arc<VpcLatticeRequestV1>),
    /// VPC Lattice, event structure 2.0.
    VpcLatticeV2(Arc<VpcLatticeRequestV2>),
    /// An API Gateway WebSocket API route (`$connect`, `$disconnect`, `$default`, custom
    /// routes). The request's path is `/` plus the route key (`/$connect`), its method the
    /// event's `httpMethod` (`GET` on `$connect`) or `POST`.
    WebSocket(Arc<ApiGatewayWebsocketProxyRequest>),
}

impl HttpEvent {
    /// Which trigger, in words (`"API Gateway HTTP API (2.0)"`), for logs and errors.
    pub fn trigger(&self) -> &'static str {
        match self {
            HttpEvent::ApiGatewayV1(_) => "API Gateway REST API / HTTP API (1.0)",
            HttpEvent::ApiGatewayV2(_) => "API Gateway HTTP API (2.0)",
            HttpEvent::FunctionUrl(_) => "Lambda function URL",
            HttpEvent::Alb(_) => "Application Load Balancer",
            HttpEvent::VpcLatticeV1(_) => "VPC Lattice (1.0)",
            HttpEvent::VpcLatticeV2(_) => "VPC Lattice (2.0)",
            HttpEvent::WebSocket(_) => "API Gateway WebSocket API",
        }
    }

    /// Finds the trigger from the event's keys and decodes the event into its model. An event
    /// of no HTTP trigger is a `Runtime.UnmarshalError` saying which keys were looked for.
    pub fn from_slice(event: &[u8]) -> Result<HttpEvent, Error> {
        Ok(match Trigger::detect(event)? {
            Trigger::ApiGatewayV1 => HttpEvent::ApiGatewayV1(Arc::new(decode_event(event)?)),
            Trigger::ApiGatewayV2 => HttpEvent::ApiGatewayV2(Arc::new(decode_event(event)?)),
            Trigger::FunctionUrl => HttpEvent::FunctionUrl(Arc::new(decode_event(event)?)),
            Trigger::Alb => HttpEvent::Alb(Arc::new(decode_event(event)?)),
            Trigger::VpcLatticeV1 => HttpEvent::VpcLatticeV1(Arc::new(decode_event(event)?)),
            Trigger::VpcLatticeV2 => HttpEvent::VpcLatticeV2(Arc::new(decode_event(event)?)),
            Trigger::WebSocket => HttpEvent::WebSocket(Arc::new(decode_event(event)?)),
        })
    }
}

/// The trigger of an event, from a scan of its top-level keys and `requestContext`'s keys
/// (values skipped, nothing allocated but what a key needs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trigger {
    ApiGatewayV1,
    ApiGatewayV2,
    FunctionUrl,
    Alb,
    VpcLatticeV1,
    VpcLatticeV2,
    WebSocket,
}

#[derive(Deserialize)]
struct Probe<'a> {
    #[serde(borrow, default)]
    version: Option<Cow<'a, str>>,
    #[serde(rename = "httpMethod", default)]
    http_method: Option<IgnoredAny>,
    #[serde(default)]
    method: Option<IgnoredAny>,
    #[serde(default)]
    raw_path: Option<IgnoredAny>,
    #[serde(rename = "rawPath", default)]
    raw_path_v2: Option<IgnoredAny>,
    #[serde(rename = "requestContext", borrow, default)]
    request_context: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct ContextProbe<'a> {
    #[serde(default)]
    elb: Option<IgnoredAny>,
    #[serde(default)]
    http: Option<IgnoredAny>,
    #[serde(rename = "connectionId", default)]
    connection_id: Option<IgnoredAny>,
    #[serde(rename = "serviceNetworkArn", default)]
    service_network_arn: Option<IgnoredAny>,
    #[serde(rename = "serviceArn", default)]
    service_arn: Option<IgnoredAny>,
    #[serde(rename = "domainName", borrow, default)]
    domain_name: Option<Cow<'a, str>>,
}

impl Trigger {
    fn detect(event: &[u8]) -> Result<Trigger, Error> {
        // Read as `str` like `decode_event` reads it (one JSON reader in the binary, not a
        // second for bytes); a body that is not UTF-8 is still told its trigger, and
        // `decode_event` then says where the bad byte is.
        let text = String::from_utf8_lossy(event);
        let probe: Probe<'_> = serde_json::from_str(&text).map_err(|e| {
            Error::new(
                UNMARSHAL_ERROR,
                format!("the event is not a JSON object of an HTTP trigger: {e}"),
            )
        })?;
        let context: Option<ContextProbe<'_>> = match probe.request_context {
            Some(raw) => serde_json::from_str(raw.get()).ok(),
            None => None,
        };
        if let Some(ctx) = &context {
            if ctx.elb.is_some() {
                return Ok(Trigger::Alb);
            }
            if ctx.service_network_arn.is_some() || ctx.service_arn.is_some() {
                return Ok(Trigger::VpcLatticeV2);
            }
            if ctx.connection_id.is_some() && ctx.http.is_none() {
                return Ok(Trigger::WebSocket);
            }
            if ctx.http.is_some() && probe.raw_path_v2.is_some() {
                let url = ctx
                    .domain_name
                    .as_deref()
                    .is_some_and(|d| d.contains(".lambda-url."));
                return Ok(if url {
                    Trigger::FunctionUrl
                } else {
                    Trigger::ApiGatewayV2
                });
            }
            if probe.http_method.is_some() {
                return Ok(Trigger::ApiGatewayV1);
            }
        }
        if context.is_none() && probe.method.is_some() && probe.raw_path.is_some() {
            return Ok(Trigger::VpcLatticeV1);
        }
        let version = probe.version.as_deref().unwrap_or("none");
        Err(Error::new(
            UNMARSHAL_ERROR,
            format!(
                "the event is not from an HTTP trigger: expected API Gateway (`httpMethod` or \
                 `rawPath` with `requestContext.http`), a function URL, an ALB \
                 (`requestContext.elb`), VPC Lattice (`raw_path`/`method`, or \
                 `requestContext.serviceNetworkArn`) or a WebSocket route \
                 (`requestContext.connectionId`); version: {version}"
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!("{}/../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn every_http_fixture_is_detected_as_its_trigger() {
        use Trigger::*;
        let cases = [
            ("apigw-proxy-request.json", ApiGatewayV1),
            ("apigw-proxy-request-http-api-v1.json", ApiGatewayV1),
            ("apigw-proxy-request-sam-local.json", ApiGatewayV1),
            ("apigw-v2-http-request-iam.json", ApiGatewayV2),
            ("apigw-v2-http-request-sam-local.json", ApiGatewayV2),
            ("lambda-function-urls-request.json", FunctionUrl),
            ("lambda-function-urls-request-public-get.json", FunctionUrl),
            ("alb-request-query.json", Alb),
            ("alb-request-multi-value-headers.json", Alb),
            ("vpc-lattice-request-v1.json", VpcLatticeV1),
            ("vpc-lattice-request-v2.json", VpcLatticeV2),
            ("apigw-websocket-connect.json", WebSocket),
            ("apigw-websocket-message.json", WebSocket),
        ];
        for (name, want) in cases {
            assert_eq!(Trigger::detect(&fixture(name)).unwrap(), want, "{name}");
            HttpEvent::from_slice(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    #[test]
    fn a_non_http_event_is_an_unmarshal_error_naming_the_keys_looked_for() {
        for event in [&b"{\"Records\":[]}"[..], b"[1]", b"not json"] {
            let e = HttpEvent::from_slice(event).unwrap_err();
            assert_eq!(e.error_type(), UNMARSHAL_ERROR);
            assert!(e.message().contains("HTTP trigger"), "{e}");
        }
        let e = HttpEvent::from_slice(&fixture("sqs-event.json")).unwrap_err();
        assert!(e.message().contains("requestContext.elb"), "{e}");
    }

    #[test]
    fn an_event_that_is_not_utf8_is_told_its_trigger_and_where_the_bad_byte_is() {
        let mut event = fixture("apigw-v2-http-request-iam.json");
        let at = event
            .windows(8)
            .position(|w| w == b"/my/path")
            .expect("a rawPath");
        event[at + 1] = 0xff;
        assert_eq!(Trigger::detect(&event).unwrap(), Trigger::ApiGatewayV2);
        let e = HttpEvent::from_slice(&event).unwrap_err();
        assert_eq!(e.error_type(), UNMARSHAL_ERROR);
        assert!(
            e.message()
                .starts_with("rawPath: invalid unicode code point"),
            "{e}"
        );
    }

    #[test]
    fn a_malformed_event_of_a_known_trigger_names_the_json_path() {
        let e = HttpEvent::from_slice(
            br#"{"version":"2.0","rawPath":"/","rawQueryString":"","routeKey":"$default","requestContext":{"http":{"method":7,"path":"/"},"accountId":"1","apiId":"a","requestId":"r","routeKey":"$default","stage":"$default"}}"#,
        )
        .unwrap_err();
        assert_eq!(e.error_type(), UNMARSHAL_ERROR);
        assert!(e.message().contains("requestContext.http.method"), "{e}");
    }
}
