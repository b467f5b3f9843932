//! Any string as a value of the generated open enums: a known value maps to its variant, an
//! unknown one to `Unknown` – and either way it comes back out unchanged, through `as_str` and
//! through JSON.
#![no_main]

use typed_lambda_events::{cognito, s3};

macro_rules! check {
    ($s:expr, $($ty:ty),+) => {$(
        let value = <$ty>::from($s);
        assert_eq!(value.as_str(), $s);
        let json = serde_json::to_string(&value).unwrap();
        let back: $ty = serde_json::from_str(&json).unwrap();
        assert_eq!(back, value);
        assert_eq!(json, serde_json::to_string($s).unwrap());
    )+};
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        check!(
            s,
            s3::S3EventName,
            s3::S3StorageClass,
            cognito::CognitoTriggerSource,
            s3::S3IntelligentTieringAccessTier,
            cognito::CognitoChallengeName
        );
    }
});
