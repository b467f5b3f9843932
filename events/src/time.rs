//! Timestamps in the encodings AWS events use, as `chrono::DateTime<Utc>` underneath.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, SecondsFormat, TimeZone, Utc};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// An RFC 3339 timestamp string (`"2023-05-10T15:00:00.123Z"`), schema format `date-time`.
///
/// Decoding accepts any offset and converts to UTC. Encoding writes UTC with `Z` and as many
/// fraction digits as the input had (so `.000Z` stays `.000Z` and a UTC input is written back
/// byte for byte); a value built from a `DateTime` gets as many digits as it needs. Equality,
/// ordering and hashing look at the instant only.
#[derive(Clone, Copy, Debug, Default)]
pub struct Rfc3339Timestamp {
    instant: DateTime<Utc>,
    /// Fraction digits of the decoded text; `None`: as many as needed.
    fraction_digits: Option<u8>,
}

impl Rfc3339Timestamp {
    /// The timestamp of `instant` (written with as many fraction digits as needed).
    pub fn new(instant: DateTime<Utc>) -> Self {
        Self {
            instant,
            fraction_digits: None,
        }
    }

    /// The instant.
    pub fn as_datetime(&self) -> DateTime<Utc> {
        self.instant
    }
}

impl PartialEq for Rfc3339Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.instant == other.instant
    }
}

impl Eq for Rfc3339Timestamp {}

impl PartialOrd for Rfc3339Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Rfc3339Timestamp {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.instant.cmp(&other.instant)
    }
}

impl std::hash::Hash for Rfc3339Timestamp {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.instant.hash(state);
    }
}

impl From<DateTime<Utc>> for Rfc3339Timestamp {
    fn from(value: DateTime<Utc>) -> Self {
        Self::new(value)
    }
}

impl From<Rfc3339Timestamp> for DateTime<Utc> {
    fn from(value: Rfc3339Timestamp) -> Self {
        value.instant
    }
}

/// Number of digits after the seconds' decimal point in an RFC 3339 text (at most 9).
fn fraction_digits(text: &str) -> u8 {
    let Some(time) = text.find(['T', 't', ' ']).map(|i| &text[i..]) else {
        return 0;
    };
    match time.find('.') {
        Some(dot) => time[dot + 1..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count()
            .min(9) as u8,
        None => 0,
    }
}

impl FromStr for Rfc3339Timestamp {
    type Err = chrono::ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DateTime::parse_from_rfc3339(s).map(|t| Self {
            instant: t.with_timezone(&Utc),
            fraction_digits: Some(fraction_digits(s)),
        })
    }
}

impl fmt::Display for Rfc3339Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let nanos = self.instant.timestamp_subsec_nanos();
        match self.fraction_digits {
            // a leap second (nanos >= 1e9) has no fixed-width fraction: fall back
            Some(digits) if nanos < 1_000_000_000 => {
                write!(f, "{}", self.instant.format("%Y-%m-%dT%H:%M:%S"))?;
                if digits > 0 {
                    let fraction = format!("{nanos:09}");
                    write!(f, ".{}", &fraction[..usize::from(digits)])?;
                }
                f.write_str("Z")
            }
            _ => f.write_str(&self.instant.to_rfc3339_opts(SecondsFormat::AutoSi, true)),
        }
    }
}

impl Serialize for Rfc3339Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Rfc3339Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Rfc3339Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 timestamp string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                v.parse()
                    .map_err(|e| E::custom(format!("invalid RFC 3339 timestamp `{v}`: {e}")))
            }
        }
        deserializer.deserialize_str(V)
    }
}

/// Milliseconds since the Unix epoch, sent as a decimal string (`"1545082649183"`), schema
/// format `epoch-millis-string` (SQS `SentTimestamp`, ...). Encoded back as a string.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EpochMillisString(pub i64);

impl EpochMillisString {
    /// Milliseconds since the epoch.
    pub fn millis(&self) -> i64 {
        self.0
    }

    /// The instant, if it is in chrono's range.
    pub fn to_datetime(&self) -> Option<DateTime<Utc>> {
        Utc.timestamp_millis_opt(self.0).single()
    }
}

impl From<DateTime<Utc>> for EpochMillisString {
    fn from(value: DateTime<Utc>) -> Self {
        Self(value.timestamp_millis())
    }
}

impl fmt::Display for EpochMillisString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for EpochMillisString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for EpochMillisString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = EpochMillisString;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("epoch milliseconds as a decimal string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                v.parse().map(EpochMillisString).map_err(|_| {
                    E::custom(format!(
                        "invalid epoch milliseconds `{v}`: not a decimal integer"
                    ))
                })
            }
        }
        deserializer.deserialize_str(V)
    }
}

/// Seconds since the Unix epoch as a JSON number, fraction allowed (`1545082649.183`), schema
/// format `epoch-seconds`. A whole number is written back without a fraction.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
pub struct EpochSeconds(pub f64);

impl EpochSeconds {
    /// Seconds since the epoch.
    pub fn seconds(&self) -> f64 {
        self.0
    }

    /// The instant (to the millisecond), if it is in chrono's range.
    pub fn to_datetime(&self) -> Option<DateTime<Utc>> {
        if !self.0.is_finite() {
            return None;
        }
        Utc.timestamp_millis_opt((self.0 * 1000.0).round() as i64)
            .single()
    }
}

impl From<DateTime<Utc>> for EpochSeconds {
    fn from(value: DateTime<Utc>) -> Self {
        Self(value.timestamp_millis() as f64 / 1000.0)
    }
}

impl Serialize for EpochSeconds {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            serializer.serialize_i64(v as i64)
        } else {
            serializer.serialize_f64(v)
        }
    }
}

impl<'de> Deserialize<'de> for EpochSeconds {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        f64::deserialize(deserializer).map(EpochSeconds)
    }
}

#[cfg(feature = "schemars")]
mod json_schema {
    use std::borrow::Cow;

    use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};

    impl JsonSchema for super::Rfc3339Timestamp {
        fn schema_name() -> Cow<'static, str> {
            "Rfc3339Timestamp".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({"type": "string", "format": "date-time"})
        }
    }

    impl JsonSchema for super::EpochMillisString {
        fn schema_name() -> Cow<'static, str> {
            "EpochMillisString".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({"type": "string", "pattern": "^-?[0-9]+$"})
        }
    }

    impl JsonSchema for super::EpochSeconds {
        fn schema_name() -> Cow<'static, str> {
            "EpochSeconds".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({"type": "number"})
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str) -> String {
        let t: Rfc3339Timestamp = serde_json::from_str(&format!("\"{text}\"")).unwrap();
        serde_json::to_value(t)
            .unwrap()
            .as_str()
            .unwrap()
            .to_string()
    }

    #[test]
    fn rfc3339_utc_text_round_trips_byte_for_byte() {
        for text in [
            "1970-01-01T00:00:00.000Z",
            "2023-05-10T15:00:00.123Z",
            "2021-11-12T00:00:00Z",
            "2024-01-02T03:04:05.5Z",
            "2024-01-02T03:04:05.123456789Z",
        ] {
            assert_eq!(round_trip(text), text);
        }
    }

    #[test]
    fn rfc3339_keeps_the_instant_and_normalises_to_utc() {
        let t: Rfc3339Timestamp =
            serde_json::from_str(r#""2023-05-10T17:00:00.123+02:00""#).unwrap();
        assert_eq!(t.as_datetime().timestamp_millis(), 1_683_730_800_123);
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#""2023-05-10T15:00:00.123Z""#
        );
        // equality is by instant, whatever the text looked like
        let same: Rfc3339Timestamp = "2023-05-10T15:00:00.1230Z".parse().unwrap();
        assert_eq!(t, same);
        let built = Rfc3339Timestamp::new(t.as_datetime());
        assert_eq!(built.to_string(), "2023-05-10T15:00:00.123Z");
        assert_eq!(
            Rfc3339Timestamp::default().to_string(),
            "1970-01-01T00:00:00Z"
        );
    }

    #[test]
    fn rfc3339_rejects_garbage_naming_the_value() {
        let err = serde_json::from_str::<Rfc3339Timestamp>(r#""yesterday""#).unwrap_err();
        assert!(
            err.to_string()
                .contains("invalid RFC 3339 timestamp `yesterday`"),
            "{err}"
        );
        assert!(serde_json::from_str::<Rfc3339Timestamp>("12").is_err());
    }

    #[test]
    fn epoch_millis_string_round_trips_as_a_string() {
        let t: EpochMillisString = serde_json::from_str(r#""1545082649183""#).unwrap();
        assert_eq!(t.millis(), 1_545_082_649_183);
        assert_eq!(
            t.to_datetime().unwrap().to_rfc3339(),
            "2018-12-17T21:37:29.183+00:00"
        );
        assert_eq!(serde_json::to_string(&t).unwrap(), r#""1545082649183""#);
        let err = serde_json::from_str::<EpochMillisString>(r#""12a""#).unwrap_err();
        assert!(
            err.to_string().contains("invalid epoch milliseconds `12a`"),
            "{err}"
        );
        assert!(serde_json::from_str::<EpochMillisString>("1545082649183").is_err());
    }

    #[test]
    fn epoch_seconds_keeps_whole_numbers_whole() {
        let t: EpochSeconds = serde_json::from_str("1545082649").unwrap();
        assert_eq!(serde_json::to_string(&t).unwrap(), "1545082649");
        let f: EpochSeconds = serde_json::from_str("1545082649.183").unwrap();
        assert_eq!(serde_json::to_string(&f).unwrap(), "1545082649.183");
        assert_eq!(
            f.to_datetime().unwrap().timestamp_millis(),
            1_545_082_649_183
        );
        assert!(serde_json::from_str::<EpochSeconds>(r#""1545082649""#).is_err());
    }
}
