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
use axum::response::{AppendHeaders, IntoResponse, Response};
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
            [(header::CONTENT_TYPE, "application/json")],
            AppendHeaders([
                (header::SET_COOKIE, "a=1; Path=/"),
                (header::SET_COOKIE, "b=2"),
                (header::HeaderName::from_static("x-multi"), "one"),
                (header::HeaderName::from_static("x-multi"), "two"),
            ]),
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
    let response = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        rt.block_on(adapter.call(lambda_http::LambdaEvent::new(
            request,
            lambda_http::Context::default(),
        )))
        .unwrap()
    }));
    match response {
        Ok(response) => Some(serde_json::to_value(response).unwrap()),
        Err(_) => Some(Value::String("panicked".into())),
    }
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

/// `v` as the client gets it from a trigger that reads `multiValueHeaders` (`multi`: API
/// Gateway 1.0 payloads, WebSocket, ALB with multi-value headers on) or `headers` (the others).
fn normal_as(v: &Value, multi: bool) -> Normal {
    let mut headers = BTreeMap::new();
    let multi_map = v["multiValueHeaders"]
        .as_object()
        .filter(|m| multi && !m.is_empty());
    if let Some(map) = multi_map {
        for (k, vs) in map {
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

/// Whether the trigger of fixture `name` (event `event`) reads `multiValueHeaders`.
fn reads_multi(name: &str, event: &[u8]) -> bool {
    if name.starts_with("alb-") {
        let event: Value = serde_json::from_slice(event).unwrap();
        return event["multiValueHeaders"]
            .as_object()
            .is_some_and(|m| !m.is_empty());
    }
    name.starts_with("apigw-proxy") || name.starts_with("apigw-websocket")
}

/// `v` as the client of the fixture's trigger gets it.
fn normal_for(name: &str, event: &[u8], v: &Value) -> Normal {
    normal_as(v, reads_multi(name, event))
}

/// How lambda_http answered an event.
enum Theirs {
    Answered(Value),
    /// Its event type does not decode (serde error).
    CannotDecode,
    /// It panicked building the request.
    Panicked,
}

fn theirs_outcome(rt: &tokio::runtime::Runtime, app: &Router, event: &[u8]) -> Theirs {
    match theirs(rt, app, event) {
        None => Theirs::CannotDecode,
        Some(Value::String(_)) => Theirs::Panicked,
        Some(v) => Theirs::Answered(v),
    }
}

/// The fields where two answers differ: response fields by name, `header:<name>` for a
/// response header, `request.<field>` for what the router saw (from the echo).
fn differences(ours: &Normal, theirs: &Normal) -> Vec<String> {
    let mut out = Vec::new();
    if ours.status != theirs.status {
        out.push("status".to_owned());
    }
    // Without a body (HEAD), `isBase64Encoded` says nothing.
    if ours.base64 != theirs.base64 && !(ours.body.is_empty() && theirs.body.is_empty()) {
        out.push("isBase64Encoded".to_owned());
    }
    if ours.cookies != theirs.cookies {
        out.push("cookies".to_owned());
    }
    if ours.status_description != theirs.status_description {
        out.push("statusDescription".to_owned());
    }
    let names: std::collections::BTreeSet<&String> =
        ours.headers.keys().chain(theirs.headers.keys()).collect();
    for name in names {
        if ours.headers.get(name) != theirs.headers.get(name) {
            out.push(format!("header:{name}"));
        }
    }
    let echo = |n: &Normal| serde_json::from_slice::<Value>(&n.body).ok();
    match (echo(ours), echo(theirs)) {
        (Some(o), Some(t)) => {
            for field in ["method", "path", "host", "query", "body"] {
                if o[field] != t[field] {
                    out.push(format!("request.{field}"));
                }
            }
            let (oh, th) = (
                o["headers"].as_object().unwrap(),
                t["headers"].as_object().unwrap(),
            );
            let names: std::collections::BTreeSet<&String> = oh.keys().chain(th.keys()).collect();
            for name in names {
                if oh.get(name) != th.get(name) {
                    out.push(format!("request.header:{name}"));
                }
            }
        }
        _ if ours.body != theirs.body => out.push("body".to_owned()),
        _ => {}
    }
    out
}

/// What typed-lambda answers must be what the echo app said, in the trigger's shape: every
/// value of every header (joined with `, ` where the shape has one value per name, cookies in
/// `cookies` for HTTP API 2.0 and function URLs), status 201, text body.
fn assert_ours_is_the_apps_answer(name: &str, raw: &Value, ours: &Normal) {
    let v2 = name.starts_with("apigw-v2") || name.starts_with("lambda-function-urls");
    let multi = raw
        .get("multiValueHeaders")
        .is_some_and(|m| m.as_object().is_some_and(|m| !m.is_empty()));
    assert_eq!(ours.status, 201, "{name}: {raw}");
    assert!(!ours.base64, "{name}: JSON goes out as text: {raw}");
    assert_eq!(
        ours.headers["content-type"],
        ["application/json"],
        "{name}: {raw}"
    );
    if v2 {
        assert_eq!(ours.cookies, ["a=1; Path=/", "b=2"], "{name}: {raw}");
        assert!(!ours.headers.contains_key("set-cookie"), "{name}: {raw}");
        assert_eq!(ours.headers["x-multi"], ["one, two"], "{name}: {raw}");
        assert!(raw.get("multiValueHeaders").is_none(), "{name}: {raw}");
    } else if multi {
        assert_eq!(
            ours.headers["set-cookie"],
            ["a=1; Path=/", "b=2"],
            "{name}: {raw}"
        );
        assert_eq!(ours.headers["x-multi"], ["one", "two"], "{name}: {raw}");
        assert!(
            raw.get("headers").is_none(),
            "{name}: one header shape only: {raw}"
        );
    } else {
        assert_eq!(ours.headers["x-multi"], ["one, two"], "{name}: {raw}");
        assert_eq!(
            ours.headers["set-cookie"],
            ["a=1; Path=/"],
            "{name}: one Set-Cookie per name: {raw}"
        );
    }
    if name.starts_with("alb-") {
        assert_eq!(
            ours.status_description.as_deref(),
            Some("201 Created"),
            "{name}: {raw}"
        );
    }
}

/// Differences from lambda_http on the echo app, fixture by fixture, and why. Everything not
/// listed is equal.
fn expected_differences(name: &str) -> Vec<&'static str> {
    // Response headers in a shape with one value per name (HTTP API 2.0, function URLs,
    // single-value ALB, VPC Lattice): lambda_http keeps the first value of `x-multi` (`one`),
    // typed-lambda joins them (`one, two`), as API Gateway does with repeated headers.
    const JOINED: &str = "header:x-multi";
    // ALB: lambda_http answers both `headers` and `multiValueHeaders` whatever the request's
    // shape; typed-lambda answers in the request's shape (single-value: `x-multi` joined).
    let mut expected = match name {
        // REST API: lambda_http puts the stage back into the path (`/testStage/hello/world`),
        // so routes written as `/hello/world` answer 404; typed-lambda routes on `path`.
        "apigw-proxy-request.json"
        | "apigw-proxy-request-cognito-authorizer.json"
        | "apigw-proxy-request-get-root.json"
        | "apigw-proxy-request-operation-name.json"
        | "apigw-proxy-request-sam-local.json" => vec!["request.path"],
        // The same, and lambda_http normalises the host to lower case (`testprefix...`).
        "apigw-proxy-request-console-test.json" => vec!["request.path", "request.host"],
        // lambda_http reads `headers` (last value) rather than `multiValueHeaders`: the
        // router sees one value of a repeated header; typed-lambda sees every value.
        "apigw-proxy-request-http-api-v1.json" => vec!["request.header:header2"],
        "apigw-proxy-request-multi-value-parameters.json" => {
            vec!["request.path", "request.header:headername"]
        }
        // SAM local sends `cookies: []`: lambda_http adds an empty `cookie:` header.
        "apigw-v2-http-request-sam-local.json" => vec![JOINED, "request.header:cookie"],
        n if n.starts_with("apigw-v2") || n.starts_with("lambda-function-urls") => vec![JOINED],
        // Multi-value ALB: lambda_http loses the host (it looks in `headers`, which is empty);
        // typed-lambda's URI has it.
        "alb-request-multi-value-headers.json" | "alb-request-post-binary.json" => {
            vec!["request.host"]
        }
        "alb-request-headers-only.json" | "alb-request-query.json" => vec![JOINED],
        n if n.starts_with("vpc-lattice") => vec![JOINED],
        // WebSocket: typed-lambda routes on `/` + the route key (`/$connect`) with the event's
        // `httpMethod` when the event has one, else POST; lambda_http on `/` with GET.
        n if n.starts_with("apigw-websocket") => vec!["request.method", "request.path"],
        _ => vec![],
    };
    expected.sort();
    expected
}

#[test]
fn the_echo_app_answers_every_http_fixture_like_lambda_http_but_for_the_listed_differences() {
    let rt = runtime();
    let app = echo_app();
    let mut compared = 0;
    let mut failures = Vec::new();
    for name in FIXTURES {
        let event = fixture(name);
        let raw = ours(&app, &event);
        let mine = normal_for(name, &event, &raw);
        let head = serde_json::from_slice::<Value>(&event).unwrap()["method"] == "HEAD";
        if head {
            // axum answers HEAD without a body: nothing to echo.
            assert!(mine.body.is_empty(), "{name}: {raw}");
        } else {
            assert_ours_is_the_apps_answer(name, &raw, &mine);
        }
        match theirs_outcome(&rt, &app, &event) {
            Theirs::Answered(t) => {
                let mut found = differences(&mine, &normal_for(name, &event, &t));
                found.sort();
                found.dedup();
                if found != expected_differences(name) {
                    failures.push(format!(
                        "{name}: differences {found:?}, expected {:?}\nours   {raw}\ntheirs {t}",
                        expected_differences(name)
                    ));
                }
                compared += 1;
            }
            // lambda_http has no VPC Lattice 1.0 request type.
            Theirs::CannotDecode => assert_eq!(*name, "vpc-lattice-request-v1.json"),
            // lambda_http unwraps a URL parse of `https://<url-id>.lambda-url...` (the AWS
            // documentation's placeholder host) and panics; typed-lambda answers.
            Theirs::Panicked => assert!(
                matches!(
                    *name,
                    "lambda-function-urls-request.json" | "lambda-function-urls-request-iam.json"
                ),
                "{name}: lambda_http panicked"
            ),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(compared >= 24, "only {compared} fixtures compared");
}

#[test]
fn a_binary_answer_is_base64_with_the_same_bytes_as_lambda_http() {
    let rt = runtime();
    let app = binary_app();
    for name in FIXTURES {
        let event = fixture(name);
        let raw = ours(&app, &event);
        let mine = normal_for(name, &event, &raw);
        assert_eq!(mine.status, 200, "{name}: {raw}");
        let head = serde_json::from_slice::<Value>(&event).unwrap()["method"] == "HEAD";
        if !head {
            assert!(mine.base64, "{name}: {raw}");
            assert_eq!(
                mine.body,
                [0x89, b'P', b'N', b'G', 0xff, 0x00],
                "{name}: {raw}"
            );
        }
        if let Theirs::Answered(t) = theirs_outcome(&rt, &app, &event) {
            assert_eq!(
                differences(&mine, &normal_for(name, &event, &t)),
                Vec::<String>::new(),
                "{name}:\nours   {raw}\ntheirs {t}"
            );
        }
    }
}

/// WebSocket routes: typed-lambda routes on `/` + the route key (`/$connect`), so one app can
/// answer each route; lambda_http gives every WebSocket event the path `/`.
#[test]
fn websocket_events_route_on_their_route_key() {
    let rt = runtime();
    let app = echo_app();
    for (name, path) in [
        ("apigw-websocket-connect.json", "/$connect"),
        ("apigw-websocket-disconnect.json", "/$disconnect"),
        ("apigw-websocket-message.json", "/$default"),
    ] {
        let raw = ours(&app, &fixture(name));
        let echo: Value = serde_json::from_slice(&normal_as(&raw, true).body).unwrap();
        assert_eq!(echo["path"], path, "{name}: {raw}");
        if let Theirs::Answered(t) = theirs_outcome(&rt, &app, &fixture(name)) {
            let theirs: Value = serde_json::from_slice(&normal_as(&t, true).body).unwrap();
            assert_ne!(
                theirs["path"], path,
                "{name}: lambda_http routes WebSocket events the same way now: {t}"
            );
        }
    }
}

/// The REST stage trap, with routes: `/pets/{id}` answers behind stage `prod` through
/// typed-lambda; through lambda_http the same router answers 404 (its path is
/// `/prod/pets/42`).
#[test]
fn rest_routes_match_behind_a_stage_where_lambda_http_answers_404() {
    let rt = runtime();
    let app = Router::new().route(
        "/pets/{id}",
        axum::routing::put(
            |axum::extract::Path(id): axum::extract::Path<u32>| async move { format!("pet {id}") },
        ),
    );
    let event = fixture("apigw-proxy-request-cognito-authorizer.json");
    let mine = normal_as(&ours(&app, &event), true);
    assert_eq!((mine.status, mine.body.as_slice()), (200, &b"pet 42"[..]));
    let Theirs::Answered(t) = theirs_outcome(&rt, &app, &event) else {
        panic!("lambda_http did not answer")
    };
    assert_eq!(normal_as(&t, true).status, 404, "{t}");
}
