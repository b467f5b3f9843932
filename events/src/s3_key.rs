//! Object keys in S3 event notifications are URL-encoded: helpers to get the real key.

use std::fmt;

use crate::s3::S3Object;

/// An object key that is not valid form-URL-encoding of UTF-8 text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyDecodeError {
    key: String,
    reason: &'static str,
}

impl fmt::Display for KeyDecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "decode S3 object key `{}`: {}", self.key, self.reason)
    }
}

impl std::error::Error for KeyDecodeError {}

impl S3Object {
    /// The object key as stored in S3. Notifications send `key` form-URL-encoded (a space
    /// arrives as `+`, other bytes as `%XX`); this decodes it.
    ///
    /// ```
    /// # use typed_lambda_events::s3::S3Object;
    /// let object = S3Object { key: "photos/my+cat%C3%A9.jpg".into(), ..Default::default() };
    /// assert_eq!(object.decoded_key().unwrap(), "photos/my caté.jpg");
    /// ```
    pub fn decoded_key(&self) -> Result<String, KeyDecodeError> {
        decode_form_component(&self.key)
    }
}

/// Decodes `application/x-www-form-urlencoded` text: `+` is a space, `%XX` a byte.
fn decode_form_component(encoded: &str) -> Result<String, KeyDecodeError> {
    let err = |reason| KeyDecodeError {
        key: encoded.to_string(),
        reason,
    };
    let bytes = encoded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .ok_or_else(|| err("`%` not followed by two hex digits"))?;
                let hex = std::str::from_utf8(hex)
                    .map_err(|_| err("`%` not followed by two hex digits"))?;
                let byte = u8::from_str_radix(hex, 16)
                    .map_err(|_| err("`%` not followed by two hex digits"))?;
                out.push(byte);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| err("decoded bytes are not UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(key: &str) -> Result<String, String> {
        decode_form_component(key).map_err(|e| e.to_string())
    }

    #[test]
    fn decodes_plus_and_percent_escapes() {
        assert_eq!(decode("Happy%20Face.jpg").unwrap(), "Happy Face.jpg");
        assert_eq!(decode("a+b%2Bc").unwrap(), "a b+c");
        assert_eq!(decode("%E2%82%AC/x").unwrap(), "€/x");
        assert_eq!(decode("plain/key.txt").unwrap(), "plain/key.txt");
    }

    #[test]
    fn rejects_bad_escapes_naming_the_key() {
        assert_eq!(
            decode("bad%2").unwrap_err(),
            "decode S3 object key `bad%2`: `%` not followed by two hex digits"
        );
        assert!(decode("bad%zz").is_err());
        assert_eq!(
            decode("%FF").unwrap_err(),
            "decode S3 object key `%FF`: decoded bytes are not UTF-8"
        );
    }
}
