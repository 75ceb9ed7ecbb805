//! Where the settings are kept between page loads: sessionStorage (this tab only, gone when
//! it closes) unless the user ticked "Remember on this device", then localStorage, until
//! "Forget" removes them. Exactly one of the two holds them at any time, so turning
//! "remember" off also takes the secret out of localStorage.

use serde_json::{json, Value};

use super::model::Settings;
use crate::io::storage::{self, Kept};

/// The one storage key, in whichever storage holds the settings.
pub const KEY: &str = "logscope.settings";

/// The settings kept on this device, else those kept for this tab.
pub fn load() -> Option<Settings> {
    [Kept::OnDevice, Kept::InTab]
        .into_iter()
        .find_map(|kept| storage::get(kept, KEY))
        .and_then(|text| from_json(&text))
}

/// Keeps `settings` where their `remember` flag says, and removes them from the other place.
pub fn save(settings: &Settings) {
    let (keep, clear) = if settings.remember {
        (Kept::OnDevice, Kept::InTab)
    } else {
        (Kept::InTab, Kept::OnDevice)
    };
    storage::remove(clear, KEY);
    // A full or disabled storage only means the settings are not kept.
    storage::set(keep, KEY, &to_json(settings));
}

/// Removes the settings from both storages.
pub fn forget() {
    storage::remove(Kept::OnDevice, KEY);
    storage::remove(Kept::InTab, KEY);
}

/// Whether localStorage holds settings, i.e. whether there is anything for "Forget" to do.
pub fn remembered() -> bool {
    storage::get(Kept::OnDevice, KEY).is_some()
}

fn to_json(settings: &Settings) -> String {
    json!({
        "endpoint": settings.endpoint,
        "bucket": settings.bucket,
        "region": settings.region,
        "prefix": settings.prefix,
        "access_key_id": settings.access_key_id,
        "secret_access_key": settings.secret_access_key,
        "session_token": settings.session_token,
        "max_object_mb": settings.max_object_mb,
        "lanes": settings.lanes,
        "remember": settings.remember,
    })
    .to_string()
}

/// Lenient: a field that is missing or of the wrong kind keeps its default.
fn from_json(text: &str) -> Option<Settings> {
    let value: Value = serde_json::from_str(text).ok()?;
    let object = value.as_object()?;
    let text = |name: &str| object.get(name).and_then(Value::as_str).map(str::to_owned);
    let mut settings = Settings::default();
    for (field, name) in [
        (&mut settings.endpoint, "endpoint"),
        (&mut settings.bucket, "bucket"),
        (&mut settings.region, "region"),
        (&mut settings.prefix, "prefix"),
        (&mut settings.access_key_id, "access_key_id"),
        (&mut settings.secret_access_key, "secret_access_key"),
        (&mut settings.session_token, "session_token"),
        (&mut settings.max_object_mb, "max_object_mb"),
        (&mut settings.lanes, "lanes"),
    ] {
        if let Some(value) = text(name) {
            *field = value;
        }
    }
    settings.remember = object
        .get("remember")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    Some(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_survive_the_round_trip() {
        let settings = Settings {
            endpoint: "http://127.0.0.1:9000".into(),
            bucket: "logs".into(),
            prefix: "ai_interactions/".into(),
            access_key_id: "AKID".into(),
            secret_access_key: "se\"cret/+=".into(),
            session_token: "token".into(),
            remember: true,
            ..Settings::default()
        };
        assert_eq!(from_json(&to_json(&settings)), Some(settings));
    }

    #[test]
    fn damaged_storage_falls_back_to_defaults() {
        assert_eq!(from_json("not json"), None);
        assert_eq!(from_json("[]"), None);
        let partial = from_json(r#"{"bucket": "logs", "region": 7, "remember": "yes"}"#).unwrap();
        assert_eq!(partial.bucket, "logs");
        assert_eq!(partial.region, "us-east-1");
        assert!(!partial.remember);
    }
}
