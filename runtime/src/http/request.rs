//! From an [`HttpEvent`] to the `http::Request<Body>` a router sees.

use std::collections::BTreeMap;
use std::sync::Arc;

use base64::Engine as _;
use http::header::{HeaderName, HeaderValue};
use http::{HeaderMap, Method, Request, Uri};

use typed_lambda_events::vpc_lattice::VpcLatticeStringOrList;

use super::event::HttpEvent;
use super::{Body, Config, RawPath};
use crate::error::UNMARSHAL_ERROR;
use crate::{Context, Error};

/// How the response must be shaped for the trigger a request came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// `statusCode`, `multiValueHeaders`, `body`, `isBase64Encoded` (REST, HTTP API 1.0,
    /// WebSocket).
    ApiGatewayV1,
    /// `statusCode`, `headers` (repeated values joined with `, `), `cookies`, `body`,
    /// `isBase64Encoded` (HTTP API 2.0, function URLs).
    ApiGatewayV2,
    /// ALB with single-value headers: `headers`, `statusDescription`.
    AlbSingle,
    /// ALB with multi-value headers on: `multiValueHeaders`, `statusDescription`.
    AlbMulti,
    /// VPC Lattice: `headers` (joined), `body`, `isBase64Encoded`.
    VpcLattice,
}

/// What one event reads as: the parts of the request, before the extensions are added.
struct Parts {
    method: String,
    /// Path the router sees (stage stripped where API Gateway added it).
    path: String,
    /// Path as the trigger gave it.
    raw_path: String,
    /// Query string, percent-encoded, without `?`.
    query: String,
    headers: HeaderMap,
    /// The domain name of the API, for the URI when there is no `Host` header.
    host_fallback: Option<String>,
    body: Option<String>,
    base64: bool,
}

/// Builds the request for `event`; `ctx` and the event go into its extensions.
pub(crate) fn into_request(
    mut event: HttpEvent,
    ctx: &Context,
    config: &Config,
) -> Result<(Request<Body>, Origin), Error> {
    let (mut parts, origin) = read_parts(&mut event, config)?;
    let method = Method::from_bytes(parts.method.as_bytes()).map_err(|_| {
        bad_input(format!(
            "HTTP method {:?} is not a valid method token",
            parts.method
        ))
    })?;
    let body = match parts.body.take() {
        None => Body::Empty,
        Some(b) if b.is_empty() => Body::Empty,
        Some(b) if parts.base64 => Body::Binary(
            base64::engine::general_purpose::STANDARD
                .decode(b.as_bytes())
                .map_err(|e| bad_input(format!("body: isBase64Encoded is true but {e}")))?,
        ),
        Some(b) => Body::Text(b),
    };
    let uri = build_uri(&parts, &parts.headers)?;
    let mut request = Request::new(body);
    *request.method_mut() = method;
    *request.uri_mut() = uri;
    *request.headers_mut() = std::mem::take(&mut parts.headers);
    let extensions = request.extensions_mut();
    extensions.insert(RawPath(parts.raw_path));
    extensions.insert(ctx.clone());
    extensions.insert(event);
    Ok((request, origin))
}

fn bad_input(message: String) -> Error {
    Error::new(UNMARSHAL_ERROR, message)
}

fn read_parts(event: &mut HttpEvent, config: &Config) -> Result<(Parts, Origin), Error> {
    Ok(match event {
        HttpEvent::ApiGatewayV1(e) => {
            let headers = match &e.multi_value_headers {
                Some(multi) if !multi.is_empty() => multi_headers(multi, "multiValueHeaders")?,
                _ => single_headers(e.headers.iter().flatten(), "headers")?,
            };
            let query = match &e.multi_value_query_string_parameters {
                Some(multi) if !multi.is_empty() => encode_decoded_pairs(
                    multi
                        .iter()
                        .flat_map(|(k, vs)| vs.iter().map(move |v| (k.as_str(), v.as_str()))),
                ),
                _ => encode_decoded_pairs(
                    e.query_string_parameters
                        .iter()
                        .flatten()
                        .map(|(k, v)| (k.as_str(), v.as_str())),
                ),
            };
            let stage = e.request_context.stage.as_deref().unwrap_or_default();
            // REST: `path` is the resource path without the stage; `requestContext.path` is
            // what the client asked for, stage included. HTTP API 1.0 (and emulators marking
            // the version): `path` includes a named stage.
            let raw_path = e
                .request_context
                .path
                .clone()
                .unwrap_or_else(|| e.path.clone());
            let path = if config.keep_stage {
                raw_path.clone()
            } else if e.version.as_deref() == Some("1.0") {
                strip_stage(&e.path, stage).to_owned()
            } else {
                e.path.clone()
            };
            let parts = Parts {
                method: e.http_method.clone(),
                path,
                raw_path,
                query,
                headers,
                host_fallback: e.request_context.domain_name.clone(),
                body: unshared(e).body.take(),
                base64: e.is_base64_encoded.unwrap_or(false),
            };
            (parts, Origin::ApiGatewayV1)
        }
        HttpEvent::ApiGatewayV2(e) => {
            let mut headers = single_headers(e.headers.iter(), "headers")?;
            add_cookies(&mut headers, &e.cookies)?;
            let stage = e.request_context.stage.as_str();
            let path = if config.keep_stage {
                e.raw_path.clone()
            } else {
                strip_stage(&e.raw_path, stage).to_owned()
            };
            let parts = Parts {
                method: e.request_context.http.method.clone(),
                path,
                raw_path: e.raw_path.clone(),
                query: e.raw_query_string.clone(),
                headers,
                host_fallback: e.request_context.domain_name.clone(),
                body: unshared(e).body.take(),
                base64: e.is_base64_encoded,
            };
            (parts, Origin::ApiGatewayV2)
        }
        HttpEvent::FunctionUrl(e) => {
            let mut headers = single_headers(e.headers.iter(), "headers")?;
            add_cookies(&mut headers, &e.cookies)?;
            let parts = Parts {
                method: e.request_context.http.method.clone(),
                path: e.raw_path.clone(),
                raw_path: e.raw_path.clone(),
                query: e.raw_query_string.clone(),
                headers,
                host_fallback: Some(e.request_context.domain_name.clone()),
                body: unshared(e).body.take(),
                base64: e.is_base64_encoded,
            };
            (parts, Origin::ApiGatewayV2)
        }
        HttpEvent::Alb(e) => {
            let multi = !e.multi_value_headers.is_empty()
                || !e.multi_value_query_string_parameters.is_empty();
            let headers = if multi {
                multi_headers(&e.multi_value_headers, "multiValueHeaders")?
            } else {
                single_headers(e.headers.iter(), "headers")?
            };
            // ALB passes keys and values as the client sent them (still percent-encoded).
            let query = if multi {
                join_raw_pairs(
                    e.multi_value_query_string_parameters
                        .iter()
                        .flat_map(|(k, vs)| vs.iter().map(move |v| (k.as_str(), v.as_str()))),
                )
            } else {
                join_raw_pairs(
                    e.query_string_parameters
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.as_str())),
                )
            };
            let parts = Parts {
                method: e.http_method.clone(),
                path: e.path.clone(),
                raw_path: e.path.clone(),
                query,
                headers,
                host_fallback: None,
                body: unshared(e).body.take(),
                base64: e.is_base64_encoded,
            };
            let origin = if multi {
                Origin::AlbMulti
            } else {
                Origin::AlbSingle
            };
            (parts, origin)
        }
        HttpEvent::VpcLatticeV1(e) => {
            let headers = single_headers(e.headers.iter(), "headers")?;
            let (path, query) = match e.raw_path.split_once('?') {
                Some((path, query)) => (path.to_owned(), query.to_owned()),
                None => (
                    e.raw_path.clone(),
                    join_raw_pairs(
                        e.query_string_parameters
                            .iter()
                            .map(|(k, v)| (k.as_str(), v.as_str())),
                    ),
                ),
            };
            let parts = Parts {
                method: e.method.clone(),
                path,
                raw_path: e.raw_path.clone(),
                query,
                headers,
                host_fallback: None,
                body: unshared(e).body.take(),
                base64: e.is_base64_encoded.unwrap_or(false),
            };
            (parts, Origin::VpcLattice)
        }
        HttpEvent::VpcLatticeV2(e) => {
            let mut headers = HeaderMap::new();
            for (name, values) in &e.headers {
                for value in string_or_list(values) {
                    append(&mut headers, name, value, "headers")?;
                }
            }
            let query = join_raw_pairs(
                e.query_string_parameters
                    .iter()
                    .flat_map(|(k, vs)| string_or_list(vs).map(move |v| (k.as_str(), v))),
            );
            let parts = Parts {
                method: e.method.clone(),
                path: e.path.clone(),
                raw_path: e.path.clone(),
                query,
                headers,
                host_fallback: None,
                body: unshared(e).body.take(),
                base64: e.is_base64_encoded.unwrap_or(false),
            };
            (parts, Origin::VpcLattice)
        }
        HttpEvent::WebSocket(e) => {
            let headers = match &e.multi_value_headers {
                Some(multi) if !multi.is_empty() => multi_headers(multi, "multiValueHeaders")?,
                _ => single_headers(e.headers.iter().flatten(), "headers")?,
            };
            let query = match &e.multi_value_query_string_parameters {
                Some(multi) if !multi.is_empty() => encode_decoded_pairs(
                    multi
                        .iter()
                        .flat_map(|(k, vs)| vs.iter().map(move |v| (k.as_str(), v.as_str()))),
                ),
                _ => encode_decoded_pairs(
                    e.query_string_parameters
                        .iter()
                        .flatten()
                        .map(|(k, v)| (k.as_str(), v.as_str())),
                ),
            };
            let path = match &e.path {
                Some(path) => path.clone(),
                None => format!("/{}", e.request_context.route_key),
            };
            let parts = Parts {
                method: e.http_method.clone().unwrap_or_else(|| "POST".to_owned()),
                raw_path: path.clone(),
                path,
                query,
                headers,
                host_fallback: e.request_context.domain_name.clone(),
                body: unshared(e).body.take(),
                base64: e.is_base64_encoded.unwrap_or(false),
            };
            (parts, Origin::ApiGatewayV1)
        }
    })
}

/// The event's model, not shared before the request carries it: its body moves out.
fn unshared<T>(event: &mut Arc<T>) -> &mut T {
    Arc::get_mut(event).expect("the event is shared only once the request carries it")
}

fn string_or_list(values: &VpcLatticeStringOrList) -> impl Iterator<Item = &str> {
    let slice: &[String] = match values {
        VpcLatticeStringOrList::String(s) => std::slice::from_ref(s),
        VpcLatticeStringOrList::Array(list) => list,
    };
    slice.iter().map(String::as_str)
}

/// `path` without a leading `/{stage}` that API Gateway added for a named stage (`$default`
/// adds nothing).
fn strip_stage<'a>(path: &'a str, stage: &str) -> &'a str {
    if stage.is_empty() || stage == "$default" {
        return path;
    }
    match path
        .strip_prefix('/')
        .and_then(|rest| rest.strip_prefix(stage))
    {
        Some("") => "/",
        Some(rest) if rest.starts_with('/') => rest,
        _ => path,
    }
}

fn append(headers: &mut HeaderMap, name: &str, value: &str, field: &str) -> Result<(), Error> {
    let name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| bad_input(format!("{field}: {name:?} is not a valid header name")))?;
    let value = HeaderValue::from_str(value).map_err(|_| {
        bad_input(format!(
            "{field}.{name}: {value:?} is not a valid header value"
        ))
    })?;
    headers.append(name, value);
    Ok(())
}

fn single_headers<'a>(
    map: impl Iterator<Item = (&'a String, &'a String)>,
    field: &str,
) -> Result<HeaderMap, Error> {
    let mut headers = HeaderMap::new();
    for (name, value) in map {
        append(&mut headers, name, value, field)?;
    }
    Ok(headers)
}

fn multi_headers(map: &BTreeMap<String, Vec<String>>, field: &str) -> Result<HeaderMap, Error> {
    let mut headers = HeaderMap::new();
    for (name, values) in map {
        for value in values {
            append(&mut headers, name, value, field)?;
        }
    }
    Ok(headers)
}

/// HTTP API 2.0 and function URLs move `Cookie` out of the headers into `cookies`; put it back.
fn add_cookies(headers: &mut HeaderMap, cookies: &[String]) -> Result<(), Error> {
    if cookies.is_empty() {
        return Ok(());
    }
    let joined = cookies.join("; ");
    let value = HeaderValue::from_str(&joined)
        .map_err(|_| bad_input(format!("cookies: {joined:?} is not a valid header value")))?;
    headers.insert(http::header::COOKIE, value);
    Ok(())
}

/// Query pairs whose keys and values API Gateway decoded: encoded again.
fn encode_decoded_pairs<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (k, v) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        percent_encode_component(k, &mut out);
        out.push('=');
        percent_encode_component(v, &mut out);
    }
    out
}

/// Query pairs as the client sent them: joined.
fn join_raw_pairs<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (k, v) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
    out
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn percent_encode_component(s: &str, out: &mut String) {
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            push_escaped(b, out);
        }
    }
}

fn push_escaped(b: u8, out: &mut String) {
    out.push('%');
    out.push(HEX[(b >> 4) as usize] as char);
    out.push(HEX[(b & 15) as usize] as char);
}

/// Escapes bytes a URI may not hold (spaces, non-ASCII, quotes, ...), keeping `%` escapes and
/// every character that is legal where it stands.
fn sanitize(s: &str, allow_question: bool, out: &mut String) {
    for &b in s.as_bytes() {
        let legal = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'@'
                    | b'/'
                    | b'%'
            )
            || (allow_question && b == b'?');
        if legal {
            out.push(b as char);
        } else {
            push_escaped(b, out);
        }
    }
}

/// `scheme://host/path?query` when the host is known (from `Host`, else the API's domain),
/// else `/path?query`.
fn build_uri(parts: &Parts, headers: &HeaderMap) -> Result<Uri, Error> {
    let mut uri = String::with_capacity(parts.path.len() + parts.query.len() + 64);
    let host = headers
        .get(http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .or(parts.host_fallback.as_deref())
        .filter(|h| !h.is_empty() && h.parse::<http::uri::Authority>().is_ok());
    if let Some(host) = host {
        let scheme = headers
            .get("x-forwarded-proto")
            .and_then(|h| h.to_str().ok())
            .filter(|s| *s == "http" || *s == "https")
            .unwrap_or("https");
        uri.push_str(scheme);
        uri.push_str("://");
        uri.push_str(host);
    }
    if !parts.path.starts_with('/') {
        uri.push('/');
    }
    sanitize(&parts.path, false, &mut uri);
    if !parts.query.is_empty() {
        uri.push('?');
        sanitize(&parts.query, true, &mut uri);
    }
    uri.parse::<Uri>()
        .map_err(|e| bad_input(format!("path {:?}: not a valid URI: {e}", parts.path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stage_is_stripped_only_as_a_whole_leading_segment() {
        assert_eq!(strip_stage("/prod/pets", "prod"), "/pets");
        assert_eq!(strip_stage("/prod", "prod"), "/");
        assert_eq!(strip_stage("/production/pets", "prod"), "/production/pets");
        assert_eq!(strip_stage("/pets", "prod"), "/pets");
        assert_eq!(strip_stage("/$default/x", "$default"), "/$default/x");
    }

    #[test]
    fn decoded_query_values_are_encoded_again() {
        let q = encode_decoded_pairs([("a b", "x&y=z"), ("k", "é")].into_iter());
        assert_eq!(q, "a%20b=x%26y%3Dz&k=%C3%A9");
    }

    #[test]
    fn illegal_uri_bytes_are_escaped_and_escapes_kept() {
        let mut out = String::new();
        sanitize("/a b/%20/\"x\"", false, &mut out);
        assert_eq!(out, "/a%20b/%20/%22x%22");
    }
}
