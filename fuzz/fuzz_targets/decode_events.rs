//! Any bytes as an event of the typed models: decoding never panics, and whatever decodes
//! re-encodes into JSON that decodes again to the same value.
#![no_main]

use serde::de::DeserializeOwned;
use serde::Serialize;
use typed_lambda_events::{cognito, s3, sns, sqs};

fn roundtrip<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(data: &[u8]) {
    if let Ok(value) = typed_lambda::decode_event::<T>(data) {
        let again = serde_json::to_vec(&value).expect("a decoded event serializes");
        let back: T = serde_json::from_slice(&again).expect("a re-encoded event decodes");
        assert_eq!(value, back);
    }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    roundtrip::<s3::S3Event>(data);
    roundtrip::<sns::SnsEvent>(data);
    roundtrip::<sqs::SqsEvent>(data);
    roundtrip::<cognito::CognitoSyncEvent>(data);
    roundtrip::<cognito::PreSignUpEvent>(data);
    roundtrip::<cognito::PreTokenGenerationV2Event>(data);
    let _ = typed_lambda::decode_event::<Box<serde_json::value::RawValue>>(data);
});
