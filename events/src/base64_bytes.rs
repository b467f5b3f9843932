//! Binary values sent as base64 strings.

use std::fmt;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Bytes sent as a standard (padded) base64 string, schema format `base64` (SQS binary message
/// attributes, ...). Decoded on input, encoded again on output.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Base64Bytes(pub Vec<u8>);

impl Base64Bytes {
    /// The decoded bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Base64Bytes {
    fn from(value: Vec<u8>) -> Self {
        Self(value)
    }
}

impl From<&[u8]> for Base64Bytes {
    fn from(value: &[u8]) -> Self {
        Self(value.to_vec())
    }
}

impl std::ops::Deref for Base64Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl Serialize for Base64Bytes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Base64Bytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Base64Bytes;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a base64 string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                STANDARD
                    .decode(v)
                    .map(Base64Bytes)
                    .map_err(|e| E::custom(format!("invalid base64: {e}")))
            }
        }
        deserializer.deserialize_str(V)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Base64Bytes {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Base64Bytes".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "string", "contentEncoding": "base64"})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_encodes_standard_base64() {
        let b: Base64Bytes = serde_json::from_str(r#""SGVsbG8=""#).unwrap();
        assert_eq!(b.as_bytes(), b"Hello");
        assert_eq!(serde_json::to_string(&b).unwrap(), r#""SGVsbG8=""#);
        let err = serde_json::from_str::<Base64Bytes>(r#""not base64!""#).unwrap_err();
        assert!(err.to_string().contains("invalid base64"), "{err}");
    }
}
