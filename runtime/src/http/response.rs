//! From the handler's `http::Response` to the JSON its trigger expects.

use std::collections::BTreeMap;

use base64::Engine as _;
use http::header::{CONTENT_ENCODING, CONTENT_TYPE, SET_COOKIE};
use http::{HeaderMap, StatusCode};

use typed_lambda_events::alb::AlbTargetGroupResponse;
use typed_lambda_events::apigw::ApiGatewayProxyResponse;
use typed_lambda_events::apigw_v2::ApiGatewayV2HttpResponse;
use typed_lambda_events::vpc_lattice::VpcLatticeResponse;

use super::request::Origin;
use crate::decode::encode_response;
use crate::Error;

/// A response body for the trigger: text as it is, anything else base64.
pub(crate) struct EncodedBody {
    pub(crate) body: Option<String>,
    pub(crate) base64: bool,
}

/// Whether a body with these headers goes out as text: no `Content-Encoding`, and a textual
/// `Content-Type` (`text/*`, JSON, XML, YAML, JavaScript, form data, `+json`/`+xml`/`+yaml`)
/// in UTF-8, or none at all. The bytes must be UTF-8 as well, else they go out as base64.
pub(crate) fn is_text(headers: &HeaderMap) -> bool {
    if headers.contains_key(CONTENT_ENCODING) {
        return false;
    }
    let Some(content_type) = headers.get(CONTENT_TYPE) else {
        return true;
    };
    let Ok(content_type) = content_type.to_str() else {
        return false;
    };
    let mut params = content_type.split(';');
    let mime = params.next().unwrap_or("").trim().to_ascii_lowercase();
    let utf8 = params.all(|p| match p.trim().split_once('=') {
        Some((k, v)) if k.trim().eq_ignore_ascii_case("charset") => {
            let v = v.trim().trim_matches('"');
            v.eq_ignore_ascii_case("utf-8")
                || v.eq_ignore_ascii_case("utf8")
                || v.eq_ignore_ascii_case("us-ascii")
        }
        _ => true,
    });
    let textual = mime.starts_with("text/")
        || matches!(
            mime.as_str(),
            "application/json"
                | "application/javascript"
                | "application/xml"
                | "application/yaml"
                | "application/x-yaml"
                | "application/x-www-form-urlencoded"
                | "application/graphql"
                | "image/svg+xml"
        )
        || mime.ends_with("+json")
        || mime.ends_with("+xml")
        || mime.ends_with("+yaml");
    textual && utf8
}

pub(crate) fn encode_body(headers: &HeaderMap, bytes: Vec<u8>) -> EncodedBody {
    if bytes.is_empty() {
        return EncodedBody {
            body: None,
            base64: false,
        };
    }
    if is_text(headers) {
        match String::from_utf8(bytes) {
            Ok(text) => {
                return EncodedBody {
                    body: Some(text),
                    base64: false,
                }
            }
            Err(e) => {
                return EncodedBody {
                    body: Some(base64::engine::general_purpose::STANDARD.encode(e.as_bytes())),
                    base64: true,
                }
            }
        }
    }
    EncodedBody {
        body: Some(base64::engine::general_purpose::STANDARD.encode(&bytes)),
        base64: true,
    }
}

fn value_text(value: &http::HeaderValue) -> String {
    match value.to_str() {
        Ok(s) => s.to_owned(),
        Err(_) => String::from_utf8_lossy(value.as_bytes()).into_owned(),
    }
}

/// Every header with all its values.
fn multi_value(headers: &HeaderMap) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, value) in headers {
        out.entry(name.as_str().to_owned())
            .or_default()
            .push(value_text(value));
    }
    out
}

/// Every header once, repeated values joined with `, ` (RFC 9110 list syntax), except
/// `Set-Cookie`: left out when `skip_set_cookie` (it goes to `cookies`), else its first value
/// only (a comma-joined `Set-Cookie` would read as one cookie; an ALB target group that sets
/// several cookies wants multi-value headers on).
fn joined(headers: &HeaderMap, skip_set_cookie: bool) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for (name, value) in headers {
        if name == SET_COOKIE && (skip_set_cookie || out.contains_key(SET_COOKIE.as_str())) {
            continue;
        }
        let value = value_text(value);
        out.entry(name.as_str().to_owned())
            .and_modify(|v| {
                v.push_str(", ");
                v.push_str(&value);
            })
            .or_insert(value);
    }
    out
}

/// The response JSON for `origin`.
pub(crate) fn encode(
    origin: Origin,
    status: StatusCode,
    headers: &HeaderMap,
    body: EncodedBody,
) -> Result<Vec<u8>, Error> {
    let status_code = u64::from(status.as_u16());
    match origin {
        // API Gateway merges `headers` into `multiValueHeaders`: send every header once, in
        // the multi-value map.
        Origin::ApiGatewayV1 => encode_response(&ApiGatewayProxyResponse {
            body: body.body,
            is_base64_encoded: Some(body.base64),
            multi_value_headers: multi_value(headers),
            status_code,
            ..Default::default()
        }),
        Origin::ApiGatewayV2 => encode_response(&ApiGatewayV2HttpResponse {
            body: body.body,
            cookies: headers.get_all(SET_COOKIE).iter().map(value_text).collect(),
            headers: joined(headers, true),
            is_base64_encoded: Some(body.base64),
            status_code,
            ..Default::default()
        }),
        Origin::AlbSingle | Origin::AlbMulti => {
            let multi = origin == Origin::AlbMulti;
            encode_response(&AlbTargetGroupResponse {
                body: body.body,
                headers: if multi {
                    BTreeMap::new()
                } else {
                    joined(headers, false)
                },
                multi_value_headers: if multi {
                    multi_value(headers)
                } else {
                    BTreeMap::new()
                },
                is_base64_encoded: Some(body.base64),
                status_code,
                status_description: Some(status_description(status)),
                ..Default::default()
            })
        }
        Origin::VpcLattice => encode_response(&VpcLatticeResponse {
            body: body.body,
            headers: joined(headers, false),
            is_base64_encoded: Some(body.base64),
            status_code,
            ..Default::default()
        }),
    }
}

/// `200 OK`, as an ALB wants `statusDescription`.
fn status_description(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, http::HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn text_or_binary_follows_content_type_encoding_and_charset() {
        assert!(is_text(&headers(&[])));
        assert!(is_text(&headers(&[(
            "content-type",
            "text/html; charset=utf-8"
        )])));
        assert!(is_text(&headers(&[(
            "content-type",
            "application/problem+json"
        )])));
        assert!(is_text(&headers(&[("content-type", "Application/JSON")])));
        assert!(!is_text(&headers(&[("content-type", "image/png")])));
        assert!(!is_text(&headers(&[(
            "content-type",
            "text/plain; charset=utf-16"
        )])));
        assert!(!is_text(&headers(&[
            ("content-type", "text/plain"),
            ("content-encoding", "gzip")
        ])));
        let b = encode_body(
            &headers(&[("content-type", "text/plain")]),
            vec![0xff, 0xfe],
        );
        assert!(b.base64, "text that is not UTF-8 goes out as base64");
        assert_eq!(b.body.as_deref(), Some("//4="));
    }

    #[test]
    fn v2_answers_set_cookie_as_cookies_and_joins_repeated_headers() {
        let h = headers(&[
            ("set-cookie", "a=1"),
            ("set-cookie", "b=2"),
            ("vary", "x"),
            ("vary", "y"),
        ]);
        let json = encode(
            Origin::ApiGatewayV2,
            StatusCode::OK,
            &h,
            encode_body(&h, b"hi".to_vec()),
        )
        .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(v["cookies"], serde_json::json!(["a=1", "b=2"]));
        assert_eq!(v["headers"], serde_json::json!({"vary": "x, y"}));
        assert_eq!(v["body"], "hi");
        assert_eq!(v["isBase64Encoded"], false);
    }

    #[test]
    fn alb_answers_in_the_shape_it_asked_in() {
        let h = headers(&[("x", "1"), ("x", "2")]);
        let multi: serde_json::Value = serde_json::from_slice(
            &encode(
                Origin::AlbMulti,
                StatusCode::NOT_FOUND,
                &h,
                encode_body(&h, vec![]),
            )
            .unwrap(),
        )
        .unwrap();
        assert_eq!(
            multi["multiValueHeaders"],
            serde_json::json!({"x": ["1", "2"]})
        );
        assert!(multi.get("headers").is_none());
        assert_eq!(multi["statusDescription"], "404 Not Found");
        let single: serde_json::Value = serde_json::from_slice(
            &encode(
                Origin::AlbSingle,
                StatusCode::OK,
                &h,
                encode_body(&h, vec![]),
            )
            .unwrap(),
        )
        .unwrap();
        assert_eq!(single["headers"], serde_json::json!({"x": "1, 2"}));
        assert!(single.get("multiValueHeaders").is_none());
    }
}
