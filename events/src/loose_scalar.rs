//! Scalars that AWS or its tools send in more than one JSON type.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// The JSON type a [`LooseScalar`] came in (and is written back as).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ScalarKind {
    /// A JSON string.
    #[default]
    String,
    /// A JSON number.
    Number,
    /// `true` or `false`.
    Boolean,
}

/// A scalar value documented as one JSON type that AWS or its tools also send as another,
/// schema format `loose-scalar` (`"type": ["string", "number", "boolean"]`): Lex V1 slot values
/// (`"DriverAge": 21` in `sam local generate-event lex`), Cognito user attributes
/// (`"phone_number_verified": true`), Firehose's `subsequenceNumber` as a string, an ISO time
/// where epoch milliseconds are documented.
///
/// It keeps the value's text and the JSON type it came in, and is written back in that type, so
/// decode-then-encode is lossless. Read it as text ([`as_str`](Self::as_str), `Deref<Target =
/// str>`, `==` with a string) or parse it on access ([`as_i64`](Self::as_i64),
/// [`as_f64`](Self::as_f64), [`as_bool`](Self::as_bool)), whichever JSON type it came in.
///
/// ```
/// use typed_lambda_events::{LooseScalar, ScalarKind};
///
/// let age: LooseScalar = serde_json::from_str("21")?;
/// let text: LooseScalar = serde_json::from_str(r#""21""#)?;
/// assert_eq!((age.as_i64(), text.as_i64()), (Some(21), Some(21)));
/// assert_eq!(age, "21");
/// assert_eq!(age.kind(), ScalarKind::Number);
/// assert_eq!(serde_json::to_string(&age)?, "21"); // written back as a number
/// assert_eq!(serde_json::to_string(&text)?, r#""21""#); // and this one as a string
///
/// let verified: LooseScalar = serde_json::from_str("true")?;
/// assert_eq!((verified.as_bool(), verified.as_str()), (Some(true), "true"));
///
/// // building one: from a string, a number or a boolean
/// assert_eq!(serde_json::to_string(&LooseScalar::from("x"))?, r#""x""#);
/// assert_eq!(serde_json::to_string(&LooseScalar::from(7_i64))?, "7");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LooseScalar {
    text: String,
    kind: ScalarKind,
}

impl LooseScalar {
    /// A string value.
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            kind: ScalarKind::String,
        }
    }

    /// The value as text: a string as it is, a number as JSON writes it, `true`/`false`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The text, by value.
    pub fn into_string(self) -> String {
        self.text
    }

    /// The JSON type the value came in, and is written back as.
    pub fn kind(&self) -> ScalarKind {
        self.kind
    }

    /// The value as an `i64`: a JSON integer, or a string holding one (surrounding spaces
    /// allowed); `None` otherwise.
    pub fn as_i64(&self) -> Option<i64> {
        match self.kind {
            ScalarKind::Boolean => None,
            _ => self.text.trim().parse().ok(),
        }
    }

    /// The value as a `u64`, like [`as_i64`](Self::as_i64).
    pub fn as_u64(&self) -> Option<u64> {
        match self.kind {
            ScalarKind::Boolean => None,
            _ => self.text.trim().parse().ok(),
        }
    }

    /// The value as an `f64`: a JSON number, or a string holding a finite decimal number.
    pub fn as_f64(&self) -> Option<f64> {
        match self.kind {
            ScalarKind::Boolean => None,
            _ => self
                .text
                .trim()
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite()),
        }
    }

    /// The value as a `bool`: JSON `true`/`false`, or the strings `"true"`/`"false"` in any
    /// case.
    pub fn as_bool(&self) -> Option<bool> {
        let t = self.text.trim();
        if t.eq_ignore_ascii_case("true") {
            Some(true)
        } else if t.eq_ignore_ascii_case("false") {
            Some(false)
        } else {
            None
        }
    }
}

impl std::ops::Deref for LooseScalar {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl AsRef<str> for LooseScalar {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for LooseScalar {
    /// The text ([`LooseScalar::as_str`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialEq<str> for LooseScalar {
    /// Compares the text, whatever the JSON type.
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for LooseScalar {
    /// Compares the text, whatever the JSON type.
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl PartialEq<String> for LooseScalar {
    /// Compares the text, whatever the JSON type.
    fn eq(&self, other: &String) -> bool {
        &self.text == other
    }
}

impl From<String> for LooseScalar {
    /// A string value.
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

impl From<&str> for LooseScalar {
    /// A string value.
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

impl From<bool> for LooseScalar {
    /// A boolean value.
    fn from(value: bool) -> Self {
        Self {
            text: value.to_string(),
            kind: ScalarKind::Boolean,
        }
    }
}

impl From<i64> for LooseScalar {
    /// A number value.
    fn from(value: i64) -> Self {
        Self {
            text: value.to_string(),
            kind: ScalarKind::Number,
        }
    }
}

impl From<u64> for LooseScalar {
    /// A number value.
    fn from(value: u64) -> Self {
        Self {
            text: value.to_string(),
            kind: ScalarKind::Number,
        }
    }
}

impl From<serde_json::Number> for LooseScalar {
    /// A number value.
    fn from(value: serde_json::Number) -> Self {
        Self {
            text: value.to_string(),
            kind: ScalarKind::Number,
        }
    }
}

impl Serialize for LooseScalar {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.kind {
            ScalarKind::String => serializer.serialize_str(&self.text),
            ScalarKind::Boolean => serializer.serialize_bool(self.text == "true"),
            ScalarKind::Number => {
                if let Ok(v) = self.text.parse::<i64>() {
                    serializer.serialize_i64(v)
                } else if let Ok(v) = self.text.parse::<u64>() {
                    serializer.serialize_u64(v)
                } else {
                    match self.text.parse::<f64>() {
                        Ok(v) if v.is_finite() => serializer.serialize_f64(v),
                        // only reachable through a hand-built value: keep the text
                        _ => serializer.serialize_str(&self.text),
                    }
                }
            }
        }
    }
}

impl<'de> Deserialize<'de> for LooseScalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = LooseScalar;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, number or boolean")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(LooseScalar::new(v))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(LooseScalar::new(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(LooseScalar::from(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(LooseScalar::from(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(LooseScalar::from(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                serde_json::Number::from_f64(v)
                    .map(LooseScalar::from)
                    .ok_or_else(|| E::custom("a number that is not finite"))
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for LooseScalar {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "LooseScalar".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": ["string", "number", "boolean"]})
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn every_shape_is_written_back_in_its_json_type() {
        for input in [
            json!("21"),
            json!(21),
            json!(-3),
            json!(1.5),
            json!(u64::MAX),
            json!(true),
            json!(false),
            json!(""),
        ] {
            let v: LooseScalar = serde_json::from_value(input.clone()).unwrap();
            assert_eq!(serde_json::to_value(&v).unwrap(), input, "{input}");
        }
    }

    #[test]
    fn reads_parse_on_access() {
        let v = |j: Value| serde_json::from_value::<LooseScalar>(j).unwrap();
        assert_eq!(v(json!(" 12 ")).as_i64(), Some(12));
        assert_eq!(v(json!("")).as_i64(), None);
        assert_eq!(v(json!(2.5)).as_f64(), Some(2.5));
        assert_eq!(v(json!(2.5)).as_i64(), None);
        assert_eq!(v(json!("TRUE")).as_bool(), Some(true));
        assert_eq!(v(json!(true)).as_i64(), None);
        assert_eq!(v(json!(false)).kind(), ScalarKind::Boolean);
        assert_eq!(&*v(json!(7)), "7");
    }

    #[test]
    fn objects_and_arrays_are_errors() {
        for bad in [json!({}), json!([1]), Value::Null] {
            let err = serde_json::from_value::<LooseScalar>(bad.clone()).unwrap_err();
            assert!(
                err.to_string().contains("a string, number or boolean"),
                "{bad}: {err}"
            );
        }
    }
}
