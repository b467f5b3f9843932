//! Binary values sent as base64 strings, kept as the text that came in.

use std::fmt;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Bytes sent as a base64 string, schema format `base64` (Kinesis and Firehose `data`, SQS
/// binary message attributes, Kafka keys and values, ...), **kept as the text that came in**
/// and decoded on access with [`Base64Text::decode`].
///
/// Keeping the text makes a batch tolerant and the decode cheap: a record whose `data` is not
/// valid base64 (a hand-written test event, a producer's bug) still decodes with its batch, is
/// written back byte for byte, and only the code that reads its bytes gets the error, with the
/// position of the first bad character. Decoding a whole event does no base64 work at all.
///
/// ```
/// use typed_lambda_events::Base64Text;
///
/// let data: Base64Text = serde_json::from_str(r#""SGVsbG8=""#)?;
/// assert_eq!(data.decode()?, b"Hello");
/// assert_eq!(data.as_str(), "SGVsbG8=");
///
/// let odd: Base64Text = serde_json::from_str(r#""not base64!""#)?; // still decodes
/// let err = odd.decode().unwrap_err();
/// assert!(err.to_string().starts_with("invalid base64"), "{err}");
/// assert_eq!(serde_json::to_string(&odd)?, r#""not base64!""#); // written back as it came
///
/// // building one for a response: encode bytes
/// assert_eq!(Base64Text::encode(b"Hello").as_str(), "SGVsbG8=");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Base64Text(String);

impl Base64Text {
    /// A value holding `text` as it is (not checked: [`Base64Text::decode`] reports bad text).
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The standard (padded) base64 encoding of `bytes`.
    pub fn encode(bytes: impl AsRef<[u8]>) -> Self {
        Self(STANDARD.encode(bytes))
    }

    /// The text as it came in (or as encoded).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text, by value.
    pub fn into_string(self) -> String {
        self.0
    }

    /// The decoded bytes (standard alphabet, padding required as AWS sends it).
    pub fn decode(&self) -> Result<Vec<u8>, Base64Error> {
        STANDARD.decode(&self.0).map_err(|source| Base64Error {
            len: self.0.len(),
            source,
        })
    }
}

impl From<Vec<u8>> for Base64Text {
    /// Encodes the bytes.
    fn from(value: Vec<u8>) -> Self {
        Self::encode(value)
    }
}

impl From<&[u8]> for Base64Text {
    /// Encodes the bytes.
    fn from(value: &[u8]) -> Self {
        Self::encode(value)
    }
}

impl From<crate::Base64Bytes> for Base64Text {
    /// Encodes the bytes.
    fn from(value: crate::Base64Bytes) -> Self {
        Self::encode(value.0)
    }
}

impl fmt::Display for Base64Text {
    /// The text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a [`Base64Text`] did not decode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base64Error {
    len: usize,
    source: base64::DecodeError,
}

impl fmt::Display for Base64Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid base64 ({} characters): {}",
            self.len, self.source
        )
    }
}

impl std::error::Error for Base64Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

impl Serialize for Base64Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Base64Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Base64Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a base64 string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Base64Text(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Base64Text(v))
            }
        }
        deserializer.deserialize_string(V)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Base64Text {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Base64Text".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "string", "contentEncoding": "base64"})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_text_and_decodes_on_access() {
        let b: Base64Text = serde_json::from_str(r#""SGVsbG8=""#).unwrap();
        assert_eq!(b.decode().unwrap(), b"Hello");
        assert_eq!(serde_json::to_string(&b).unwrap(), r#""SGVsbG8=""#);

        // an over-padded value (as in a SAM template) is kept, written back, reported on access
        let odd: Base64Text = serde_json::from_str(r#""SGVsbG8===""#).unwrap();
        assert_eq!(serde_json::to_string(&odd).unwrap(), r#""SGVsbG8===""#);
        let err = odd.decode().unwrap_err();
        assert!(
            err.to_string()
                .starts_with("invalid base64 (10 characters): "),
            "{err}"
        );

        // a wrong JSON type is still an error
        let err = serde_json::from_str::<Base64Text>("7").unwrap_err();
        assert!(
            err.to_string().contains("expected a base64 string"),
            "{err}"
        );
    }

    #[test]
    fn encodes_bytes() {
        assert_eq!(Base64Text::from(b"Hello".to_vec()).as_str(), "SGVsbG8=");
        assert_eq!(Base64Text::from(&b""[..]).as_str(), "");
        let from_bytes = Base64Text::from(crate::Base64Bytes(b"Hi".to_vec()));
        assert_eq!(from_bytes.decode().unwrap(), b"Hi");
    }
}
