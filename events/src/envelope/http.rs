//! HTTP requests (API Gateway REST, HTTP and WebSocket APIs, Application Load Balancer, Lambda
//! function URLs): the request `body`, base64-decoded first when `isBase64Encoded` is true.

#![allow(dead_code)] // with only some of the HTTP families enabled

use std::borrow::Cow;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use super::{Envelope, PayloadError, RawPayload};

/// The body as a payload: missing (`null`, absent) is a `Missing` error, base64 is decoded
/// (bad base64 is an `Encoding` error), text is taken as is.
fn body_payload(body: Option<&str>, base64: bool) -> Result<RawPayload<'_>, PayloadError> {
    match body {
        None => Err(PayloadError::missing(0, "body", "the request has no body")),
        Some(body) if base64 => STANDARD
            .decode(body)
            .map(|bytes| RawPayload::Bytes(Cow::Owned(bytes)))
            .map_err(|e| PayloadError::encoding(0, "body", format!("invalid base64: {e}"))),
        Some(body) => Ok(RawPayload::Text(Cow::Borrowed(body))),
    }
}

/// `impl Envelope` for a request type with `body: Option<String>` and an
/// `is_base64_encoded` field (`bool` or `Option<bool>`).
macro_rules! http_request_envelope {
    ($(#[$doc:meta])* $feature:literal, $ty:path) => {
        #[cfg(feature = $feature)]
        $(#[$doc])*
        impl Envelope for $ty {
            fn payload_count(&self) -> usize {
                1
            }

            fn payload_location(&self, _index: usize) -> String {
                "body".to_owned()
            }

            fn raw_payload(&self, _index: usize) -> Result<RawPayload<'_>, PayloadError> {
                let base64: Option<bool> = self.is_base64_encoded.into();
                body_payload(self.body.as_deref(), base64.unwrap_or(false))
            }

            fn payload_location_all(&self) -> String {
                "body".to_owned()
            }
        }
    };
}

http_request_envelope!(
    /// The request `body` as JSON (`isBase64Encoded` honoured).
    "apigw",
    crate::apigw::ApiGatewayProxyRequest
);
http_request_envelope!(
    /// The request `body` as JSON (`isBase64Encoded` honoured).
    "apigw_v2",
    crate::apigw_v2::ApiGatewayV2HttpRequest
);
http_request_envelope!(
    /// The message `body` as JSON (`isBase64Encoded` honoured).
    "apigw_websocket",
    crate::apigw_websocket::ApiGatewayWebsocketProxyRequest
);
http_request_envelope!(
    /// The request `body` as JSON (`isBase64Encoded` honoured).
    "alb",
    crate::alb::AlbTargetGroupRequest
);
http_request_envelope!(
    /// The request `body` as JSON (`isBase64Encoded` honoured).
    "lambda_function_urls",
    crate::lambda_function_urls::LambdaFunctionUrlRequest
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_text_base64_or_missing() {
        assert_eq!(
            body_payload(Some("{}"), false).unwrap(),
            RawPayload::Text("{}".into())
        );
        assert_eq!(
            body_payload(Some("e30="), true).unwrap(),
            RawPayload::Bytes(Cow::Owned(b"{}".to_vec()))
        );
        let e = body_payload(Some("e30"), true).unwrap_err();
        assert_eq!(e.kind(), super::super::PayloadErrorKind::Encoding);
        assert!(
            e.to_string().starts_with("decode body: invalid base64"),
            "{e}"
        );
        let e = body_payload(None, false).unwrap_err();
        assert_eq!(e.to_string(), "decode body: the request has no body");
    }
}
