//! Hand-written lean models of the S3 and SQS events, generic over the string type, to measure
//! decode levers before anyone changes the generated types: plain `String`, inline short
//! strings (`CompactString`), and strings borrowed from the input ([`BStr`]). They carry the
//! same fields as the sample events (timestamps and event names stay strings: no parsing).

// The fields are decoded and never read: the decode cost is what is measured.
#![allow(dead_code)]

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;

use serde::de::{Deserializer, Visitor};
use serde::Deserialize;

/// A string borrowed from the input when it has no escapes, owned otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BStr<'a>(pub Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for BStr<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = BStr<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(BStr(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(BStr(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(BStr(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(V)
    }
}

/// `S3Event` with string type `S`.
#[derive(Debug, Deserialize)]
pub struct S3Event<S> {
    /// The records.
    #[serde(rename = "Records")]
    pub records: Vec<S3Record<S>>,
}

/// One S3 notification record.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct S3Record<S> {
    pub event_version: S,
    pub event_source: S,
    pub aws_region: S,
    pub event_time: S,
    pub event_name: S,
    pub user_identity: Option<Principal<S>>,
    pub request_parameters: Option<RequestParameters<S>>,
    pub response_elements: Option<ResponseElements<S>>,
    pub s3: S3Entity<S>,
}

/// `{"principalId": ...}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct Principal<S> {
    pub principal_id: Option<S>,
}

/// `requestParameters`.
#[derive(Debug, Deserialize)]
#[allow(missing_docs)]
pub struct RequestParameters<S> {
    #[serde(rename = "sourceIPAddress")]
    pub source_ip_address: Option<S>,
}

/// `responseElements`.
#[derive(Debug, Deserialize)]
#[allow(missing_docs)]
pub struct ResponseElements<S> {
    #[serde(rename = "x-amz-request-id")]
    pub request_id: Option<S>,
    #[serde(rename = "x-amz-id-2")]
    pub id_2: Option<S>,
}

/// The `s3` entity.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct S3Entity<S> {
    pub s3_schema_version: S,
    pub configuration_id: Option<S>,
    pub bucket: Bucket<S>,
    pub object: Object<S>,
}

/// The bucket.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct Bucket<S> {
    pub name: S,
    pub owner_identity: Option<Principal<S>>,
    pub arn: Option<S>,
}

/// The object.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct Object<S> {
    pub key: S,
    pub size: Option<u64>,
    pub e_tag: Option<S>,
    pub version_id: Option<S>,
    pub sequencer: Option<S>,
}

/// `SqsEvent` with string type `S`.
#[derive(Debug, Deserialize)]
pub struct SqsEvent<S: Eq + Hash> {
    /// The messages.
    #[serde(rename = "Records")]
    pub records: Vec<SqsMessage<S>>,
}

/// One SQS message.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct SqsMessage<S: Eq + Hash> {
    pub message_id: S,
    pub receipt_handle: S,
    pub body: S,
    pub attributes: SqsAttributes<S>,
    #[serde(default = "HashMap::new")]
    pub message_attributes: HashMap<S, SqsMessageAttribute<S>>,
    pub md5_of_body: Option<S>,
    pub md5_of_message_attributes: Option<S>,
    pub event_source: S,
    #[serde(rename = "eventSourceARN")]
    pub event_source_arn: S,
    pub aws_region: S,
}

/// The system attributes.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct SqsAttributes<S> {
    pub approximate_receive_count: S,
    pub sent_timestamp: S,
    pub sender_id: S,
    pub approximate_first_receive_timestamp: S,
}

/// A message attribute.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct SqsMessageAttribute<S> {
    pub string_value: Option<S>,
    #[serde(default = "Vec::new")]
    pub string_list_values: Vec<S>,
    #[serde(default = "Vec::new")]
    pub binary_list_values: Vec<S>,
    pub data_type: S,
}

#[cfg(test)]
mod tests {
    use super::*;
    use compact_str::CompactString;

    const S3: &str = include_str!("../events/s3-put.json");
    const SQS: &str = include_str!("../events/sqs-10.json");

    #[test]
    fn lean_models_decode_the_samples_alike() {
        let owned: S3Event<String> = serde_json::from_str(S3).unwrap();
        let compact: S3Event<CompactString> = serde_json::from_str(S3).unwrap();
        let borrowed: S3Event<BStr<'_>> = serde_json::from_str(S3).unwrap();
        assert_eq!(
            owned.records[0].s3.object.key,
            "uploads/2024/05/HappyFace.jpg"
        );
        assert_eq!(
            compact.records[0].s3.object.key,
            owned.records[0].s3.object.key
        );
        assert!(matches!(
            borrowed.records[0].s3.object.key.0,
            Cow::Borrowed(_)
        ));
        assert_eq!(borrowed.records[0].s3.object.size, Some(1048576));

        let sqs: SqsEvent<BStr<'_>> = serde_json::from_str(SQS).unwrap();
        assert_eq!(sqs.records.len(), 10);
        // bodies are JSON with escaped quotes: those cannot be borrowed
        assert!(matches!(sqs.records[0].body.0, Cow::Owned(_)));
        assert!(sqs.records[0].body.0.starts_with(r#"{"orderId":"o-1000""#));
        let sonic: SqsEvent<BStr<'_>> = sonic_rs::from_str(SQS).unwrap();
        assert_eq!(sonic.records[9].body, sqs.records[9].body);
    }
}
