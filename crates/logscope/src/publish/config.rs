//! The `config.json` that goes beside the published index.html, checked before anything is
//! uploaded. The dashboard reads it to fill in its connection form (see the dashboard's
//! `settings/prefill.rs`). A published file is readable by every visitor, so a secret in it
//! would be handed to all of them: such a config is refused, and so is one the dashboard
//! would misread.

use crate::UsageError;
use s3_presign::{Bucket, UrlStyle};
use serde_json::Value;

/// Members the dashboard reads that must be strings.
const TEXT_FIELDS: [&str; 5] = ["endpoint", "bucket", "region", "prefix", "access_key_id"];
/// Members the dashboard reads that must be whole numbers: the largest object it reads, in
/// MB, and the reads it keeps in flight (found by itself when absent).
const NUMBER_FIELDS: [&str; 2] = ["max_object_mb", "lanes"];
/// The reads in flight a `lanes` may ask for, as the dashboard's form takes them.
const LANES: std::ops::RangeInclusive<u64> = 1..=256;
/// Members the dashboard would read as credentials, which no published file may hold.
const SECRET_FIELDS: [&str; 2] = ["secret_access_key", "session_token"];

/// Checks the bytes of a config.json (`origin` names the file in messages). `site_scheme`
/// is the scheme the site will be served with, `https` or `http`.
pub fn check(bytes: &[u8], origin: &str, site_scheme: &str) -> Result<(), UsageError> {
    let refuse = |why: String| Err(UsageError(format!("{origin}: {why}")));
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(value) => value,
        Err(error) => return refuse(format!("not JSON: {error}")),
    };
    let Some(object) = value.as_object() else {
        return refuse("it must hold a JSON object, such as {\"endpoint\": …}".into());
    };
    if let Some(field) = SECRET_FIELDS.iter().find(|f| object.contains_key(**f)) {
        return refuse(format!(
            "it holds a secret key ({field}), and every visitor of the site could read it. \
             Take it out: each person types the secret into the dashboard's form, where it \
             stays in their browser"
        ));
    }
    for (name, value) in object {
        let expected = if TEXT_FIELDS.contains(&name.as_str()) {
            value.is_string().then_some(()).ok_or("a string")
        } else if NUMBER_FIELDS.contains(&name.as_str()) {
            match value.as_u64() {
                Some(n) if name == "lanes" && !LANES.contains(&n) => {
                    return refuse(format!("lanes must be from 1 to 256, not {n}"));
                }
                Some(_) => Ok(()),
                None => Err("a whole number"),
            }
        } else if name == "connect" {
            value.is_boolean().then_some(()).ok_or("true or false")
        } else {
            return refuse(format!(
                "unknown member {name:?}: the dashboard reads only {}, {}, and connect",
                TEXT_FIELDS.join(", "),
                NUMBER_FIELDS.join(", ")
            ));
        };
        if let Err(kind) = expected {
            return refuse(format!("{name} must be {kind}, not {}", json_kind(value)));
        }
    }
    let text = |name: &str| object.get(name).and_then(Value::as_str);
    if let Some(endpoint) = text("endpoint") {
        let bucket = text("bucket").unwrap_or("bucket");
        let region = text("region").unwrap_or("us-east-1");
        if let Err(error) = Bucket::new(endpoint, bucket, region, UrlStyle::Path) {
            return refuse(error.to_string());
        }
        if site_scheme == "https" && endpoint.starts_with("http://") {
            return refuse(format!(
                "the site is served over https, and a browser blocks its requests to the \
                 plain-http endpoint {endpoint} (mixed content): give the https endpoint"
            ));
        }
    }
    Ok(())
}

/// What a JSON value is, for messages that must not repeat a value that may be secret.
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::check;

    fn refusal(json: &str) -> String {
        check(json.as_bytes(), "config.json", "https")
            .unwrap_err()
            .0
    }

    #[test]
    fn a_config_of_the_log_bucket_is_accepted() {
        let json = r#"{"endpoint": "https://objectstorageapi.example.com", "bucket": "logs",
                       "region": "us-east-1", "prefix": "openai_logs/", "connect": false,
                       "access_key_id": "READONLY", "max_object_mb": 64, "lanes": 32}"#;
        assert_eq!(
            check(json.as_bytes(), "config.json", "https").map_err(|e| e.0),
            Ok(())
        );
        assert_eq!(check(b"{}", "config.json", "http").map_err(|e| e.0), Ok(()));
    }

    #[test]
    fn secrets_are_refused_without_being_repeated() {
        let message = refusal(r#"{"bucket": "logs", "secret_access_key": "s3cr3t-value"}"#);
        assert!(message.contains("secret_access_key"), "{message}");
        assert!(message.contains("every visitor"), "{message}");
        assert!(!message.contains("s3cr3t-value"), "{message}");
        assert!(refusal(r#"{"session_token": "t"}"#).contains("session_token"));
    }

    #[test]
    fn what_the_dashboard_would_misread_is_refused() {
        assert!(refusal("endpoint=x").contains("not JSON"));
        assert!(refusal("[1]").contains("JSON object"));
        assert!(refusal(r#"{"endpont": "x"}"#).contains("unknown member \"endpont\""));
        assert!(refusal(r#"{"bucket": 7}"#).contains("bucket must be a string, not a number"));
        assert!(refusal(r#"{"connect": "yes"}"#).contains("connect must be true or false"));
        assert!(refusal(r#"{"lanes": "32"}"#).contains("lanes must be a whole number"));
        assert!(refusal(r#"{"lanes": 0}"#).contains("lanes must be from 1 to 256, not 0"));
        assert!(refusal(r#"{"max_object_mb": -1}"#).contains("must be a whole number"));
        assert!(refusal(r#"{"endpoint": "s3.example.com"}"#).contains("invalid endpoint"));
        assert!(refusal(r#"{"endpoint": "http://s3.example.com"}"#).contains("mixed content"));
    }
}
