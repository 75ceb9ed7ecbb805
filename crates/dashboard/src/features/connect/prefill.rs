//! Settings given ahead of time: by the page URL's query
//! (`?endpoint=…&bucket=…&region=…&prefix=…`, e.g. the link `logscope demo` prints) and by
//! an optional `config.json` beside index.html (deploy-time defaults).
//!
//! The query only ever fills the non-secret fields: a URL ends up in history, logs and
//! chat messages. config.json may also hold credentials and `"connect": true`, which is how
//! `logscope demo` opens already loading; whoever deploys one must know that anyone who can
//! load the page can read it, so it suits throwaway or read-only public keys only.
//!
//! Layers, weakest first: the form's defaults, config.json, settings kept in storage, the
//! URL query. A link names a bucket on purpose; config.json only says what is usual.

use serde_json::Value;

use super::model::Settings;

/// Values for the form's fields; `None` leaves a field as it was. `Debug` leaves out the
/// secret key and the session token.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Prefill {
    pub endpoint: Option<String>,
    pub bucket: Option<String>,
    pub region: Option<String>,
    pub prefix: Option<String>,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
    pub session_token: Option<String>,
    pub max_object_mb: Option<String>,
    pub lanes: Option<String>,
    /// Connect as soon as the page opens (config.json only).
    pub connect: bool,
}

impl std::fmt::Debug for Prefill {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let redacted = |value: &Option<String>| value.as_ref().map(|_| "<redacted>");
        f.debug_struct("Prefill")
            .field("endpoint", &self.endpoint)
            .field("bucket", &self.bucket)
            .field("region", &self.region)
            .field("prefix", &self.prefix)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &redacted(&self.secret_access_key))
            .field("session_token", &redacted(&self.session_token))
            .field("max_object_mb", &self.max_object_mb)
            .field("lanes", &self.lanes)
            .field("connect", &self.connect)
            .finish()
    }
}

impl Prefill {
    /// From a query string such as `location.search` (with or without its `?`). Unknown
    /// parameters are ignored, and so are credentials put there by mistake.
    pub fn from_query(query: &str) -> Self {
        let mut prefill = Self::default();
        for pair in query.trim_start_matches('?').split('&') {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let Ok(value) = s3_presign::encode::decode_form(value) else {
                continue;
            };
            if let Some(slot) = prefill.public_slot(name) {
                *slot = Some(value);
            }
        }
        prefill
    }

    /// From the bytes of config.json: an object whose string members `endpoint`, `bucket`,
    /// `region`, `prefix`, `access_key_id`, `secret_access_key` and `session_token`, string or
    /// number `max_object_mb` and `lanes`, and boolean `connect`, are used; anything else is
    /// ignored.
    pub fn from_config_json(bytes: &[u8]) -> Result<Self, String> {
        let value: Value =
            serde_json::from_slice(bytes).map_err(|e| format!("config.json is not JSON: {e}"))?;
        let object = value
            .as_object()
            .ok_or("config.json must hold a JSON object")?;
        let mut prefill = Self::default();
        for (name, value) in object {
            let slot = match name.as_str() {
                "access_key_id" => Some(&mut prefill.access_key_id),
                "secret_access_key" => Some(&mut prefill.secret_access_key),
                "session_token" => Some(&mut prefill.session_token),
                other => prefill.public_slot(other),
            };
            // A size may come as a number; every other field is text.
            let number = matches!(name.as_str(), "max_object_mb" | "lanes")
                .then(|| value.as_u64())
                .flatten();
            let text =
                (value.as_str().map(str::to_owned)).or_else(|| number.map(|n| n.to_string()));
            if let (Some(slot), Some(text)) = (slot, text) {
                *slot = Some(text);
            }
        }
        prefill.connect = object.get("connect").and_then(Value::as_bool) == Some(true);
        Ok(prefill)
    }

    /// The fields a URL may fill.
    fn public_slot(&mut self, name: &str) -> Option<&mut Option<String>> {
        match name {
            "endpoint" => Some(&mut self.endpoint),
            "bucket" => Some(&mut self.bucket),
            "region" => Some(&mut self.region),
            "prefix" => Some(&mut self.prefix),
            "max_object_mb" => Some(&mut self.max_object_mb),
            "lanes" => Some(&mut self.lanes),
            _ => None,
        }
    }

    /// Writes the given fields into `settings`.
    pub fn apply(&self, settings: &mut Settings) {
        for (value, field) in [
            (&self.endpoint, &mut settings.endpoint),
            (&self.bucket, &mut settings.bucket),
            (&self.region, &mut settings.region),
            (&self.prefix, &mut settings.prefix),
            (&self.access_key_id, &mut settings.access_key_id),
            (&self.secret_access_key, &mut settings.secret_access_key),
            (&self.session_token, &mut settings.session_token),
            (&self.max_object_mb, &mut settings.max_object_mb),
            (&self.lanes, &mut settings.lanes),
        ] {
            if let Some(value) = value {
                value.clone_into(field);
            }
        }
    }
}

/// The settings the form starts with, from every layer.
pub fn initial(config: &Prefill, stored: Option<Settings>, query: &Prefill) -> Settings {
    let mut settings = Settings::default();
    config.apply(&mut settings);
    if let Some(stored) = stored {
        settings = stored;
    }
    query.apply(&mut settings);
    settings
}

/// The current page's query string.
pub fn page_query() -> Prefill {
    Prefill::from_query(&crate::io::page::query())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_fills_non_secret_fields_only() {
        let prefill = Prefill::from_query(
            "?endpoint=http%3A%2F%2F127.0.0.1%3A9000&bucket=logscope-demo&region=us-east-1\
             &prefix=openai_logs%2F&secret_access_key=leak&access_key_id=x&connect=true&other",
        );
        assert_eq!(
            prefill,
            Prefill {
                endpoint: Some("http://127.0.0.1:9000".into()),
                bucket: Some("logscope-demo".into()),
                region: Some("us-east-1".into()),
                prefix: Some("openai_logs/".into()),
                ..Prefill::default()
            }
        );
        assert_eq!(Prefill::from_query(""), Prefill::default());
        assert_eq!(
            Prefill::from_query("prefix=a+b%2F").prefix.as_deref(),
            Some("a b/")
        );
        assert_eq!(Prefill::from_query("lanes=4").lanes.as_deref(), Some("4"));
    }

    #[test]
    fn config_json_may_hold_credentials_and_ask_to_connect() {
        let prefill = Prefill::from_config_json(
            br#"{"endpoint": "https://s3.example.com", "region": "cn-1", "bucket": 7,
                 "access_key_id": "demo", "secret_access_key": "demo-secret",
                 "connect": true, "extra": "ignored", "max_object_mb": 64, "lanes": 32}"#,
        )
        .unwrap();
        assert_eq!(prefill.max_object_mb.as_deref(), Some("64"));
        assert_eq!(prefill.lanes.as_deref(), Some("32"));
        assert_eq!(prefill.endpoint.as_deref(), Some("https://s3.example.com"));
        assert_eq!(prefill.region.as_deref(), Some("cn-1"));
        assert_eq!(prefill.bucket, None);
        assert_eq!(prefill.secret_access_key.as_deref(), Some("demo-secret"));
        assert!(prefill.connect);
        assert!(!format!("{prefill:?}").contains("demo-secret"));
        let plain = Prefill::from_config_json(br#"{"connect": "yes"}"#).unwrap();
        assert!(!plain.connect);
        assert!(Prefill::from_config_json(b"[1]").is_err());
        assert!(Prefill::from_config_json(b"<html>").is_err());
    }

    #[test]
    fn the_query_beats_storage_which_beats_config() {
        let config = Prefill {
            endpoint: Some("https://config".into()),
            region: Some("config-region".into()),
            ..Prefill::default()
        };
        let stored = Settings {
            endpoint: "https://stored".into(),
            secret_access_key: "kept".into(),
            ..Settings::default()
        };
        let query = Prefill {
            bucket: Some("from-link".into()),
            ..Prefill::default()
        };
        let only_config = initial(&config, None, &Prefill::default());
        assert_eq!(only_config.endpoint, "https://config");
        assert_eq!(only_config.region, "config-region");
        assert_eq!(only_config.prefix, "openai_logs/");

        let all = initial(&config, Some(stored), &query);
        assert_eq!(all.endpoint, "https://stored");
        assert_eq!(all.bucket, "from-link");
        assert_eq!(all.secret_access_key, "kept");
    }
}
