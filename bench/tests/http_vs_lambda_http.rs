//! The same axum app answers every HTTP request fixture of `tests/fixtures` (every trigger and
//! payload version) through typed-lambda's `http` adapter and through `lambda_http` 1.3.2, and
//! the two responses are compared field by field: status, body (decoded), `isBase64Encoded`,
//! every header with all its values, cookies, `statusDescription`; and, through the app's echo,
//! what the request looked like to the router (method, path, decoded query, headers, body).
//!
//! Where the two differ on purpose (typed-lambda's choices, see the `typed_lambda::http` docs),
//! the test asserts the difference exactly, fixture by fixture, so a change on either side
//! shows. Run: `cargo test -p typed-lambda-bench --features http --test http_vs_lambda_http`.

use std::collections::BTreeMap;
use std::time::Duration;

use axum::body::Body as AxumBody;
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use base64::Engine as _;
use lambda_http::Service as _;
use serde_json::{json, Value};

/// Every HTTP request fixture: (file, trigger as typed-lambda names it).
const FIXTURES: &[&str] = &[
    "apigw-proxy-request.json",
    "apigw-proxy-request-cognito-authorizer.json",
    "apigw-proxy-request-console-test.json",
    "apigw-proxy-request-get-root.json",
    "apigw-proxy-request-http-api-v1.json",
    "apigw-proxy-request-multi-value-parameters.json",
    "apigw-proxy-request-operation-name.json",
    "apigw-proxy-request-sam-local.json",
    "apigw-v2-http-request-iam.json",
    "apigw-v2-http-request-jwt-authorizer.json",
    "apigw-v2-http-request-lambda-authorizer.json",
    "apigw-v2-http-request-no-authorizer.json",
    "apigw-v2-http-request-post-binary.json",
    "apigw-v2-http-request-sam-local.json",
    "lambda-function-urls-request.json",
    "lambda-function-urls-request-iam.json",
    "lambda-function-urls-request-public-get.json",
    "alb-request-headers-only.json",
    "alb-request-multi-value-headers.json",
    "alb-request-post-binary.json",
    "alb-request-query.json",
    "vpc-lattice-request-v1.json",
    "vpc-lattice-request-v2.json",
    "vpc-lattice-request-v2-single-value.json",
    "apigw-websocket-connect.json",
    "apigw-websocket-connect-authorized.json",
    "apigw-websocket-disconnect.json",
    "apigw-websocket-disconnect-close-reason.json",
    "apigw-websocket-message.json",
];

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The app: every path echoes what the request looked like, as JSON, with a status, repeated
/// headers and two cookies to answer.
fn echo_app() -> Router {
    Router::new().fallback(|req: Request| async move {
        let (parts, body) = req.into_parts();
        let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
        let mut headers: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (name, value) in &parts.headers {
            headers
                .entry(name.as_str().to_owned())
                .or_default()
                .push(String::from_utf8_lossy(value.as_bytes()).into_owned());
        }
        let echo = json!({
            "method": parts.method.as_str(),
            "path": parts.uri.path(),
            "host": parts.uri.host(),
            "query": query_pairs(parts.uri.query().unwrap_or("")),
            "headers": headers,
            "body": base64::engine::general_purpose::STANDARD.encode(&bytes),
        });
        (
            StatusCode::CREATED,
            [
                (header::CONTENT_TYPE, "application/json"),
                (header::SET_COOKIE, "a=1; Path=/"),
                (header::SET_COOKIE, "b=2"),
                (header::HeaderName::from_static("x-multi"), "one"),
                (header::HeaderName::from_static("x-multi"), "two"),
            ],
            echo.to_string(),
        )
            .into_response()
    })
}

/// The app answering bytes that are not text.
fn binary_app() -> Router {
    Router::new().fallback(|| async {
        Response::builder()
            .header(header::CONTENT_TYPE, "image/png")
            .body(AxumBody::from(vec![0x89, b'P', b'N', b'G', 0xff, 0x00]))
            .unwrap()
    })
}

/// Decoded query pairs, sorted: the raw strings may differ in which characters are escaped.
fn query_pairs(query: &str) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = typed_lambda::http::QueryParams::parse(query)
        .iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    pairs.sort();
    pairs
}

fn ours(app: &Router, event: &[u8]) -> Value {
    let ctx = typed_lambda::Context::local("req-1", Duration::from_secs(3));
    let mut adapter = typed_lambda::http::Adapter::new(app.clone());
    let reply = adapter.invoke(event, &ctx).expect("typed-lambda answers");
    serde_json::from_slice(&reply).unwrap()
}

fn theirs(rt: &tokio::runtime::Runtime, app: &Router, event: &[u8]) -> Option<Value> {
    let request: lambda_http::request::LambdaRequest = serde_json::from_slice(event).ok()?;
    let mut adapter = lambda_http::Adapter::from(app.clone());
    let response = rt
        .block_on(adapter.call(lambda_http::LambdaEvent::new(
            request,
            lambda_http::Context::default(),
        )))
        .unwrap();
    Some(serde_json::to_value(response).unwrap())
}

/// A response, trigger shape taken off: what reached the client.
#[derive(Debug, Clone, PartialEq)]
struct Normal {
    status: u64,
    base64: bool,
    body: Vec<u8>,
    /// Every header with its values; from `multiValueHeaders` when set, else `headers`.
    headers: BTreeMap<String, Vec<String>>,
    cookies: Vec<String>,
    status_description: Option<String>,
}

fn normal(v: &Value) -> Normal {
    let mut headers = BTreeMap::new();
    let multi = v["multiValueHeaders"].as_object().filter(|m| !m.is_empty());
    if let Some(multi) = multi {
        for (k, vs) in multi {
            let values = vs
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_owned())
                .collect();
            headers.insert(k.to_ascii_lowercase(), values);
        }
    } else if let Some(single) = v["headers"].as_object() {
        for (k, x) in single {
            headers.insert(k.to_ascii_lowercase(), vec![x.as_str().unwrap().to_owned()]);
        }
    }
    // Framework-computed, not the adapter's business.
    headers.remove("content-length");
    let base64 = v["isBase64Encoded"].as_bool().unwrap_or(false);
    let body = match v["body"].as_str() {
        Some(b) if base64 => base64::engine::general_purpose::STANDARD.decode(b).unwrap(),
        Some(b) => b.as_bytes().to_vec(),
        None => Vec::new(),
    };
    let cookies = v["cookies"]
        .as_array()
        .map(|a| a.iter().map(|c| c.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default();
    Normal {
        status: v["statusCode"].as_u64().unwrap(),
        base64,
        body,
        headers,
        cookies,
        status_description: v["statusDescription"].as_str().map(str::to_owned),
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
}

#[test]
fn dump() {
    let rt = runtime();
    let app = echo_app();
    for name in FIXTURES {
        let event = fixture(name);
        let o = ours(&app, &event);
        let t = theirs(&rt, &app, &event);
        let on = normal(&o);
        let echo_o: Value = serde_json::from_slice(&on.body).unwrap();
        println!("=== {name}\nOURS   {o}\n  echo {echo_o}");
        match t {
            Some(t) => {
                let tn = normal(&t);
                let echo_t: Value = serde_json::from_slice(&tn.body).unwrap_or(Value::Null);
                println!("THEIRS {t}\n  echo {echo_t}");
            }
            None => println!("THEIRS: cannot decode"),
        }
    }
}
