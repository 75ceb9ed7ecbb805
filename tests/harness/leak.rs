//! Finding a secret in text, in any form it could take on the way out of the page: as typed,
//! percent-encoded once or twice (upper or lower case hex), JSON-escaped, or base64.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use s3_presign::encode::encode_query;

/// Every form of `secret` worth looking for, lower-cased: the search ignores case, since
/// percent-encoding may write its hex either way.
pub fn forms(secret: &str) -> Vec<String> {
    let once = encode_query(secret).into_owned();
    let twice = encode_query(&once).into_owned();
    let json = serde_json::to_string(secret).unwrap();
    [
        secret.to_owned(),
        once,
        twice,
        json.trim_matches('"').replace('/', "\\/"),
        STANDARD.encode(secret),
        URL_SAFE_NO_PAD.encode(secret),
    ]
    .into_iter()
    .map(|form| form.to_lowercase())
    .collect()
}

/// The first form of `secret` found in `text`, if any.
pub fn found(text: &str, secret: &str) -> Option<String> {
    let text = text.to_lowercase();
    forms(secret).into_iter().find(|form| text.contains(form))
}

/// Panics, saying where and in which form, when `text` holds `secret`.
pub fn assert_absent(text: &str, secret: &str, place: &str) {
    if let Some(form) = found(text, secret) {
        panic!("the secret is in {place}, as {form:?}:\n{text}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_encoding_of_the_secret_is_found() {
        let secret = "dashboard/test+secret=value";
        for text in [
            "x=dashboard/test+secret=value",
            "X-Secret=dashboard%2Ftest%2Bsecret%3Dvalue&",
            "q=dashboard%2ftest%2bsecret%3dvalue",
            "u=dashboard%252Ftest%252Bsecret%253Dvalue",
            r#"{"s":"dashboard\/test+secret=value"}"#,
            "Authorization: Basic ZGFzaGJvYXJkL3Rlc3Qrc2VjcmV0PXZhbHVl",
            "t=ZGFzaGJvYXJkL3Rlc3Qrc2VjcmV0PXZhbHVl",
            "t=ZGFzaGJvYXJkL3Rlc3Qrc2VjcmV0PXZhbHVl"
                .replace('+', "-")
                .as_str(),
        ] {
            assert!(found(text, secret).is_some(), "{text}");
        }
        assert_eq!(found("dashboard/test secret=value", secret), None);
    }
}
