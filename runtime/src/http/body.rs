//! [`Body`]: the body of a request built from an HTTP trigger, and a body a handler may answer
//! with.

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Frame, SizeHint};

/// A whole HTTP body, as Lambda delivers it: nothing, text, or bytes (an event's body that was
/// base64-encoded arrives here decoded, as [`Body::Binary`]).
///
/// It is an [`http_body::Body`], so frameworks take it as is (`axum::Router` serves
/// `http::Request<Body>`), and handlers of [`handle`](super::handle) may answer with it or with
/// anything that converts into it (`String`, `&'static str`, `Vec<u8>`, `()`).
///
/// ```
/// use typed_lambda::http::Body;
///
/// assert_eq!(Body::from("hi").as_bytes(), b"hi");
/// assert_eq!(Body::from(vec![0xff]), Body::Binary(vec![0xff]));
/// assert!(Body::default().is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Body {
    /// No body.
    #[default]
    Empty,
    /// A text body.
    Text(String),
    /// A binary body (decoded from base64 when the event carried it so).
    Binary(Vec<u8>),
}

impl Body {
    /// The body's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Body::Empty => &[],
            Body::Text(s) => s.as_bytes(),
            Body::Binary(b) => b,
        }
    }

    /// The body's bytes, owned.
    pub fn into_bytes(self) -> Vec<u8> {
        match self {
            Body::Empty => Vec::new(),
            Body::Text(s) => s.into_bytes(),
            Body::Binary(b) => b,
        }
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.as_bytes().is_empty()
    }
}

impl From<String> for Body {
    fn from(s: String) -> Self {
        Body::Text(s)
    }
}

impl From<&str> for Body {
    fn from(s: &str) -> Self {
        Body::Text(s.to_owned())
    }
}

impl From<Vec<u8>> for Body {
    fn from(b: Vec<u8>) -> Self {
        Body::Binary(b)
    }
}

impl From<&[u8]> for Body {
    fn from(b: &[u8]) -> Self {
        Body::Binary(b.to_vec())
    }
}

impl From<Bytes> for Body {
    fn from(b: Bytes) -> Self {
        Body::Binary(b.to_vec())
    }
}

impl From<()> for Body {
    fn from(_: ()) -> Self {
        Body::Empty
    }
}

impl http_body::Body for Body {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let data = match std::mem::take(self.get_mut()) {
            Body::Empty => return Poll::Ready(None),
            Body::Text(s) => Bytes::from(s),
            Body::Binary(b) => Bytes::from(b),
        };
        Poll::Ready(Some(Ok(Frame::data(data))))
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Body::Empty)
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.as_bytes().len() as u64)
    }
}
