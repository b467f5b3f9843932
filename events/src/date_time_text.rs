//! RFC 3339 timestamps kept as the text that came in, parsed on access.

use std::fmt;

use chrono::{DateTime, SecondsFormat, Utc};
use compact_str::CompactString;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// An RFC 3339 timestamp string (`"2023-05-10T15:00:00.123Z"`), schema format `date-time` (S3
/// `eventTime`, SNS `Timestamp`, EventBridge `time`, ...), **kept as the text that came in** and
/// parsed on access with [`DateTimeText::to_datetime`].
///
/// Keeping the text makes decoding cheaper (no date arithmetic for a field most handlers never
/// read), a round trip byte for byte (`.000Z` stays `.000Z`, an offset stays an offset), and a
/// batch tolerant: an odd time in one record is that record reader's error, not a decode error
/// of the whole event. [`Rfc3339Timestamp`](crate::Rfc3339Timestamp) is the eagerly parsed
/// form, for your own types.
///
/// ```
/// use typed_lambda_events::DateTimeText;
///
/// let t: DateTimeText = serde_json::from_str(r#""2023-05-10T17:00:00.123+02:00""#)?;
/// assert_eq!(t.to_datetime()?.to_rfc3339(), "2023-05-10T15:00:00.123+00:00");
/// assert_eq!(serde_json::to_string(&t)?, r#""2023-05-10T17:00:00.123+02:00""#);
///
/// let odd: DateTimeText = serde_json::from_str(r#""yesterday""#)?; // still decodes
/// assert!(odd.to_datetime().is_err());
///
/// // building one: from a chrono time (UTC, `Z`, as many fraction digits as needed)
/// let now = DateTimeText::from(chrono::DateTime::UNIX_EPOCH);
/// assert_eq!(now.as_str(), "1970-01-01T00:00:00Z");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTimeText(CompactString);

impl DateTimeText {
    /// A value holding `text` as it is (not checked: [`DateTimeText::to_datetime`] reports bad
    /// text).
    pub fn new(text: impl Into<String>) -> Self {
        Self(CompactString::from(text.into()))
    }

    /// The text as it came in.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text, by value.
    pub fn into_string(self) -> String {
        self.0.into_string()
    }

    /// The instant, in UTC: the text parsed as RFC 3339 (any offset; `t`, `z` and a space
    /// between date and time accepted, as chrono's RFC 3339 parser does).
    pub fn to_datetime(&self) -> Result<DateTime<Utc>, chrono::ParseError> {
        DateTime::parse_from_rfc3339(&self.0).map(|t| t.with_timezone(&Utc))
    }
}

impl From<DateTime<Utc>> for DateTimeText {
    /// RFC 3339 in UTC with `Z` and as many fraction digits as needed.
    fn from(value: DateTime<Utc>) -> Self {
        Self(value.to_rfc3339_opts(SecondsFormat::AutoSi, true).into())
    }
}

impl From<crate::Rfc3339Timestamp> for DateTimeText {
    /// The timestamp's text.
    fn from(value: crate::Rfc3339Timestamp) -> Self {
        Self(value.to_string().into())
    }
}

impl fmt::Display for DateTimeText {
    /// The text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for DateTimeText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for DateTimeText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DateTimeText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 timestamp string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(DateTimeText(CompactString::from(v)))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(DateTimeText(CompactString::from(v)))
            }
        }
        deserializer.deserialize_str(V)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for DateTimeText {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DateTimeText".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "string", "format": "date-time"})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_text_and_parses_on_access() {
        for text in [
            "1970-01-01T00:00:00.000Z",
            "2023-05-10T15:00:00.123Z",
            "2024-01-02T03:04:05.123456789Z",
            "2023-05-10T17:00:00+02:00",
        ] {
            let t: DateTimeText = serde_json::from_str(&format!("\"{text}\"")).unwrap();
            assert_eq!(serde_json::to_string(&t).unwrap(), format!("\"{text}\""));
            assert!(t.to_datetime().is_ok(), "{text}");
        }
        let t = DateTimeText::new("2023-05-10T17:00:00+02:00");
        assert_eq!(t.to_datetime().unwrap().timestamp(), 1_683_730_800);
        let odd = DateTimeText::new("2018-09-07T16: 20: 46Z");
        assert!(odd.to_datetime().is_err());
        let err = serde_json::from_str::<DateTimeText>("1683730800").unwrap_err();
        assert!(
            err.to_string().contains("an RFC 3339 timestamp string"),
            "{err}"
        );
    }

    #[test]
    fn builds_from_chrono_and_from_the_eager_type() {
        let instant = DateTime::parse_from_rfc3339("2023-05-10T15:00:00.120Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            DateTimeText::from(instant).as_str(),
            "2023-05-10T15:00:00.120Z"
        );
        let eager: crate::Rfc3339Timestamp = "2023-05-10T15:00:00.000Z".parse().unwrap();
        assert_eq!(
            DateTimeText::from(eager).as_str(),
            "2023-05-10T15:00:00.000Z"
        );
    }
}
