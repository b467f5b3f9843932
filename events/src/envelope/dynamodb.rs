//! DynamoDB Streams: item images in attribute-value form (`{"S": "x"}`, `{"N": "1"}`, ...)
//! decoded straight into your types.
//!
//! The images are read by a small serde `Deserializer` over [`DynamoDbAttributeValue`], so no
//! intermediate JSON is built and numbers keep their exact digits when the target asks for a
//! string (`N` into a `String` or a decimal type); into integer and float fields they are parsed.
//! `serde_dynamo` was not used: it works on its own and the AWS SDK's attribute-value types,
//! not on ours.
//!
//! | attribute value | serde data model | decodes into, e.g. |
//! |---|---|---|
//! | `S` | string | `String`, `&str`-like, unit enum variants |
//! | `N` | `i64`, `u64` or `f64` (parsed), or the digits as a string when asked for one | integers, floats, `String` |
//! | `B` | bytes | `Vec<u8>` via `serde_bytes`, `Base64Bytes` no (that wants base64 text) |
//! | `BOOL` | bool | `bool` |
//! | `NULL` | unit / `None` | `Option<T>`, `()` |
//! | `M` | map | structs, `HashMap`, `BTreeMap` |
//! | `L`, `SS`, `NS`, `BS` | sequence | `Vec<T>`, `HashSet<T>` |

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use serde_json::{Map, Number, Value};

use super::{Envelope, PayloadError, RawPayload};
use crate::dynamodb::{DynamoDbAttributeValue, DynamoDbEvent, DynamoDbEventRecord};

type Image = BTreeMap<String, DynamoDbAttributeValue>;
type Error = serde_json::Error;

/// One payload per record: its `dynamodb.NewImage`. A record without one (a `REMOVE`, or a
/// stream whose view type is `KEYS_ONLY` or `OLD_IMAGE`) is an error of kind
/// [`Missing`](super::PayloadErrorKind::Missing); to handle deletes, go through the records
/// and use [`DynamoDbEventRecord::old_image`] and [`DynamoDbEventRecord::keys`]; for batch
/// handlers see [DynamoDB streams](crate::batch#dynamodb-streams-deletes-have-no-newimage).
impl Envelope for DynamoDbEvent {
    fn payload_count(&self) -> usize {
        self.records.len()
    }

    fn payload_location(&self, index: usize) -> String {
        format!("Records[{index}].dynamodb.NewImage")
    }

    /// The image as JSON with the attribute-value wrappers removed; numbers become JSON
    /// numbers when they fit `i64`, `u64` or `f64` exactly, and stay strings otherwise.
    fn raw_payload(&self, index: usize) -> Result<RawPayload<'_>, PayloadError> {
        let record = &self.records[index];
        let image = present(
            &record.dynamodb.new_image,
            record,
            index,
            self.payload_location(index),
        )?;
        Ok(RawPayload::Json(Cow::Owned(image_to_json(image))))
    }

    fn decode_payload<T: DeserializeOwned>(&self, index: usize) -> Result<T, PayloadError> {
        let record = &self.records[index];
        let image = present(
            &record.dynamodb.new_image,
            record,
            index,
            self.payload_location(index),
        )?;
        decode_image(image).map_err(|(path, e)| {
            PayloadError::json::<T>(index, self.payload_location(index), path, e)
        })
    }
}

/// A single record: its `dynamodb.NewImage` (see also [`old_image`](Self::old_image) and
/// [`keys`](Self::keys)).
impl Envelope for DynamoDbEventRecord {
    fn payload_count(&self) -> usize {
        1
    }

    fn payload_location(&self, _index: usize) -> String {
        "dynamodb.NewImage".to_owned()
    }

    fn raw_payload(&self, _index: usize) -> Result<RawPayload<'_>, PayloadError> {
        let image = present(&self.dynamodb.new_image, self, 0, "dynamodb.NewImage")?;
        Ok(RawPayload::Json(Cow::Owned(image_to_json(image))))
    }

    fn decode_payload<T: DeserializeOwned>(&self, _index: usize) -> Result<T, PayloadError> {
        self.new_image()
    }

    fn payload_location_all(&self) -> String {
        "dynamodb.NewImage".to_owned()
    }
}

impl DynamoDbEventRecord {
    /// The item after the change (`INSERT`, `MODIFY`; stream view `NEW_IMAGE` or
    /// `NEW_AND_OLD_IMAGES`) decoded as `T`.
    pub fn new_image<T: DeserializeOwned>(&self) -> Result<T, PayloadError> {
        self.image(&self.dynamodb.new_image, "dynamodb.NewImage")
    }

    /// The item before the change (`MODIFY`, `REMOVE`; stream view `OLD_IMAGE` or
    /// `NEW_AND_OLD_IMAGES`) decoded as `T`.
    pub fn old_image<T: DeserializeOwned>(&self) -> Result<T, PayloadError> {
        self.image(&self.dynamodb.old_image, "dynamodb.OldImage")
    }

    /// The item's primary key attributes (always present) decoded as `T`.
    pub fn keys<T: DeserializeOwned>(&self) -> Result<T, PayloadError> {
        self.image(&self.dynamodb.keys, "dynamodb.Keys")
    }

    fn image<T: DeserializeOwned>(
        &self,
        image: &Image,
        location: &'static str,
    ) -> Result<T, PayloadError> {
        let image = present(image, self, 0, location)?;
        decode_image(image)
            .map_err(|(path, e)| PayloadError::json::<T>(0, location.to_owned(), path, e))
    }
}

/// The image, or a `Missing` error saying why there is none.
fn present<'a>(
    image: &'a Image,
    record: &DynamoDbEventRecord,
    index: usize,
    location: impl Into<String>,
) -> Result<&'a Image, PayloadError> {
    if image.is_empty() {
        let location = location.into();
        let field = location.rsplit('.').next().unwrap_or_default().to_owned();
        let view = record
            .dynamodb
            .stream_view_type
            .as_ref()
            .map(|v| format!(", stream view type {v}"))
            .unwrap_or_default();
        return Err(PayloadError::missing(
            index,
            location,
            format!("no {field} in this {} record{view}", record.event_name),
        ));
    }
    Ok(image)
}

/// Decodes an image as `T`; on failure the path inside the image and the error.
fn decode_image<T: DeserializeOwned>(image: &Image) -> Result<T, (String, Error)> {
    let de = MapDeserializer::new(image.iter().map(|(k, v)| (k.as_str(), AttributeDe(v))));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        (path, e.into_inner())
    })
}

/// An image as plain JSON (see [`DynamoDbEvent`]'s `raw_payload`).
pub(crate) fn image_to_json(image: &Image) -> Value {
    Value::Object(
        image
            .iter()
            .map(|(k, v)| (k.clone(), to_json(v)))
            .collect::<Map<String, Value>>(),
    )
}

fn to_json(value: &DynamoDbAttributeValue) -> Value {
    // binary values as their base64 text, as it came
    let b64 = |b: &crate::Base64Text| Value::String(b.as_str().to_owned());
    match value {
        DynamoDbAttributeValue::S(s) => Value::String(s.clone()),
        DynamoDbAttributeValue::N(n) => number_to_json(n),
        DynamoDbAttributeValue::B(b) => b64(b),
        DynamoDbAttributeValue::Ss(v) => v.iter().cloned().map(Value::String).collect(),
        DynamoDbAttributeValue::Ns(v) => v.iter().map(|n| number_to_json(n)).collect(),
        DynamoDbAttributeValue::Bs(v) => v.iter().map(b64).collect(),
        DynamoDbAttributeValue::M(m) => image_to_json(m),
        DynamoDbAttributeValue::L(v) => v.iter().map(to_json).collect(),
        DynamoDbAttributeValue::Null(_) => Value::Null,
        DynamoDbAttributeValue::Bool(b) => Value::Bool(*b),
    }
}

/// A JSON number when the digits survive the trip exactly, else the digits as a string.
fn number_to_json(n: &str) -> Value {
    match parse_number(n) {
        Some(Parsed::I(i)) => Value::from(i),
        Some(Parsed::U(u)) => Value::from(u),
        Some(Parsed::F(f)) if f.to_string() == n.trim_start_matches('+') => {
            Number::from_f64(f).map_or_else(|| Value::String(n.to_owned()), Value::Number)
        }
        _ => Value::String(n.to_owned()),
    }
}

enum Parsed {
    I(i64),
    U(u64),
    F(f64),
}

fn parse_number(n: &str) -> Option<Parsed> {
    if let Ok(i) = n.parse::<i64>() {
        return Some(Parsed::I(i));
    }
    if let Ok(u) = n.parse::<u64>() {
        return Some(Parsed::U(u));
    }
    n.parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .map(Parsed::F)
}

/// Deserializer over one attribute value.
#[derive(Clone, Copy)]
struct AttributeDe<'a>(&'a DynamoDbAttributeValue);

impl<'de> IntoDeserializer<'de, Error> for AttributeDe<'de> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

/// Deserializer over the digits of one `N` value.
#[derive(Clone, Copy)]
struct NumberDe<'a>(&'a str);

impl<'de> IntoDeserializer<'de, Error> for NumberDe<'de> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

/// Deserializer over one binary value (base64 text in the model, decoded here).
#[derive(Clone, Copy)]
struct BytesDe<'a>(&'a crate::Base64Text);

impl BytesDe<'_> {
    fn bytes(self) -> Result<Vec<u8>, Error> {
        self.0.decode().map_err(de::Error::custom)
    }
}

impl<'de> IntoDeserializer<'de, Error> for BytesDe<'de> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> de::Deserializer<'de> for NumberDe<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match parse_number(self.0) {
            Some(Parsed::I(i)) => visitor.visit_i64(i),
            Some(Parsed::U(u)) => visitor.visit_u64(u),
            Some(Parsed::F(f)) => visitor.visit_f64(f),
            None => Err(de::Error::custom(format!(
                "invalid DynamoDB number {:?}",
                self.0
            ))),
        }
    }

    /// Exact digits for targets that want text (strings, decimal types).
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(self.0)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(self.0)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char
        bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de> de::Deserializer<'de> for BytesDe<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_byte_buf(self.bytes()?)
    }

    /// A `Vec<u8>` without `serde_bytes` asks for a sequence of numbers.
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(SeqDeserializer::new(self.bytes()?.into_iter()))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de> de::Deserializer<'de> for AttributeDe<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            DynamoDbAttributeValue::S(s) => visitor.visit_borrowed_str(s),
            DynamoDbAttributeValue::N(n) => NumberDe(n).deserialize_any(visitor),
            DynamoDbAttributeValue::B(b) => BytesDe(b).deserialize_any(visitor),
            DynamoDbAttributeValue::Bool(b) => visitor.visit_bool(*b),
            DynamoDbAttributeValue::Null(_) => visitor.visit_unit(),
            DynamoDbAttributeValue::M(m) => visitor.visit_map(MapDeserializer::new(
                m.iter().map(|(k, v)| (k.as_str(), AttributeDe(v))),
            )),
            DynamoDbAttributeValue::L(l) => {
                visitor.visit_seq(SeqDeserializer::new(l.iter().map(AttributeDe)))
            }
            DynamoDbAttributeValue::Ss(v) => {
                visitor.visit_seq(SeqDeserializer::new(v.iter().map(String::as_str)))
            }
            DynamoDbAttributeValue::Ns(v) => {
                visitor.visit_seq(SeqDeserializer::new(v.iter().map(|n| NumberDe(n))))
            }
            DynamoDbAttributeValue::Bs(v) => {
                visitor.visit_seq(SeqDeserializer::new(v.iter().map(BytesDe)))
            }
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            DynamoDbAttributeValue::N(n) => visitor.visit_borrowed_str(n),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            DynamoDbAttributeValue::B(b) => BytesDe(b).deserialize_seq(visitor),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            DynamoDbAttributeValue::Null(_) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    /// Unit variants from `S`, other variants from a one-entry `M` (`{"Variant": ...}`).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            DynamoDbAttributeValue::S(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            DynamoDbAttributeValue::M(m) if m.len() == 1 => {
                let map = MapDeserializer::new(m.iter().map(|(k, v)| (k.as_str(), AttributeDe(v))));
                visitor.visit_enum(de::value::MapAccessDeserializer::new(map))
            }
            _ => self.deserialize_any(visitor),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char
        bytes byte_buf unit unit_struct tuple
        tuple_struct map struct identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::HashSet;

    fn image(json: Value) -> Image {
        serde_json::from_value(json).unwrap()
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    enum Status {
        Active,
        Closed,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Customer {
        id: String,
        age: u8,
        balance: f64,
        exact: String,
        tags: HashSet<String>,
        scores: Vec<i64>,
        status: Status,
        nickname: Option<String>,
        verified: bool,
        address: Address,
        history: Vec<Value>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Address {
        city: String,
    }

    #[test]
    fn every_attribute_type_decodes() {
        let item = image(serde_json::json!({
            "id": {"S": "c-1"},
            "age": {"N": "42"},
            "balance": {"N": "10.25"},
            "exact": {"N": "12345678901234567890.123456789"},
            "tags": {"SS": ["a", "b"]},
            "scores": {"NS": ["1", "-2"]},
            "status": {"S": "active"},
            "nickname": {"NULL": true},
            "verified": {"BOOL": true},
            "address": {"M": {"city": {"S": "Oslo"}}},
            "history": {"L": [{"N": "1"}, {"S": "x"}, {"BOOL": false}]},
            "ignored": {"B": "SGVsbG8="}
        }));
        let c: Customer = decode_image(&item).unwrap();
        assert_eq!(c.id, "c-1");
        assert_eq!(c.age, 42);
        assert_eq!(c.balance, 10.25);
        assert_eq!(c.exact, "12345678901234567890.123456789");
        assert_eq!(c.tags, HashSet::from(["a".to_owned(), "b".to_owned()]));
        assert_eq!(c.scores, [1, -2]);
        assert_eq!(c.status, Status::Active);
        assert_eq!(c.nickname, None);
        assert!(c.verified);
        assert_eq!(c.address.city, "Oslo");
        assert_eq!(
            c.history,
            [
                serde_json::json!(1),
                serde_json::json!("x"),
                serde_json::json!(false)
            ]
        );
        let _ = Status::Closed;
    }

    #[test]
    fn binary_values_decode_as_bytes() {
        #[derive(Deserialize)]
        struct Blob {
            data: Vec<u8>,
            parts: Vec<Vec<u8>>,
        }
        let item = image(serde_json::json!({
            "data": {"B": "SGVsbG8="},
            "parts": {"BS": ["AQI=", "Aw=="]}
        }));
        let blob: Blob = decode_image(&item).unwrap();
        assert_eq!(blob.data, b"Hello");
        assert_eq!(blob.parts, [vec![1, 2], vec![3]]);
    }

    #[test]
    fn errors_carry_the_path_inside_the_image() {
        let item = image(serde_json::json!({
            "id": {"S": "c-1"}, "age": {"N": "300"}
        }));
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Small {
            id: String,
            age: u8,
        }
        let (path, e) = decode_image::<Small>(&item).unwrap_err();
        assert_eq!(path, "age");
        assert!(e.to_string().contains("300"), "{e}");
        let item = image(serde_json::json!({"age": {"N": "not a number"}}));
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Age {
            age: u8,
        }
        let (path, e) = decode_image::<Age>(&item).unwrap_err();
        assert_eq!(path, "age");
        assert!(e.to_string().contains("invalid DynamoDB number"), "{e}");
    }

    #[test]
    fn json_view_keeps_numbers_exact() {
        let item = image(serde_json::json!({
            "small": {"N": "42"}, "neg": {"N": "-7"}, "float": {"N": "1.5"},
            "huge": {"N": "123456789012345678901234567890"}, "precise": {"N": "0.1000000000000000000001"},
            "set": {"NS": ["1", "2.5"]}, "bin": {"B": "AQI="}, "nil": {"NULL": true}
        }));
        assert_eq!(
            image_to_json(&item),
            serde_json::json!({
                "small": 42, "neg": -7, "float": 1.5,
                "huge": "123456789012345678901234567890", "precise": "0.1000000000000000000001",
                "set": [1, 2.5], "bin": "AQI=", "nil": null
            })
        );
    }
}
