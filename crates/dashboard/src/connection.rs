//! The connection settings typed into the form, and their validation.
//!
//! This is plain Rust with no DOM access, so it is tested both natively
//! (`cargo test -p dashboard`) and in the browser (wasm-bindgen-test).

use std::fmt;

/// Region filled in when the form first renders.
pub const DEFAULT_REGION: &str = "us-east-1";

/// Key prefix filled in when the form first renders.
pub const DEFAULT_PREFIX: &str = "openai_logs/";

/// Everything needed to reach the bucket, as typed by the user. `Debug` leaves out the
/// secret key and the session token, so they never reach a log or the console.
#[derive(Clone, PartialEq, Eq)]
pub struct ConnectionSettings {
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    pub prefix: String,
    pub access_key_id: String,
    pub secret_access_key: String,
    /// Empty when the credentials are long-lived keys.
    #[allow(dead_code, reason = "read once the dashboard signs requests")]
    pub session_token: String,
    /// Whether the user asked to keep the settings on this device.
    #[allow(dead_code, reason = "read once settings can be stored")]
    pub remember: bool,
}

impl fmt::Debug for ConnectionSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectionSettings")
            .field("endpoint", &self.endpoint)
            .field("bucket", &self.bucket)
            .field("region", &self.region)
            .field("prefix", &self.prefix)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field("session_token", &"<redacted>")
            .field("remember", &self.remember)
            .finish()
    }
}

impl Default for ConnectionSettings {
    fn default() -> Self {
        Self {
            endpoint: String::new(),
            bucket: String::new(),
            region: DEFAULT_REGION.to_owned(),
            prefix: DEFAULT_PREFIX.to_owned(),
            access_key_id: String::new(),
            secret_access_key: String::new(),
            session_token: String::new(),
            remember: false,
        }
    }
}

/// A form field that must not be left empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequiredField {
    Endpoint,
    Bucket,
    Region,
    AccessKeyId,
    SecretAccessKey,
}

impl RequiredField {
    /// The field's label, as shown in the form and in error messages.
    pub fn label(self) -> &'static str {
        match self {
            Self::Endpoint => "Endpoint",
            Self::Bucket => "Bucket",
            Self::Region => "Region",
            Self::AccessKeyId => "Access key ID",
            Self::SecretAccessKey => "Secret access key",
        }
    }
}

/// Why the settings cannot be used yet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValidationError {
    /// Required fields that are empty (or only whitespace), in form order.
    pub missing: Vec<RequiredField>,
    /// The endpoint was given but does not start with `http://` or `https://`.
    pub endpoint_without_scheme: bool,
}

impl ValidationError {
    /// Whether `field` is one of the missing ones.
    pub fn is_missing(&self, field: RequiredField) -> bool {
        self.missing.contains(&field)
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.missing.is_empty() {
            f.write_str("Please fill in: ")?;
            for (i, field) in self.missing.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                f.write_str(field.label())?;
            }
            f.write_str(".")?;
        }
        if self.endpoint_without_scheme {
            if !self.missing.is_empty() {
                f.write_str(" ")?;
            }
            f.write_str("The endpoint must start with http:// or https://.")?;
        }
        Ok(())
    }
}

impl ConnectionSettings {
    /// Where the logs will be listed from, e.g.
    /// `s3://logs/openai_logs/ at https://objectstorageapi.example.com`.
    pub fn location(&self) -> String {
        format!(
            "s3://{}/{} at {}",
            self.bucket.trim(),
            self.prefix.trim(),
            self.endpoint.trim()
        )
    }

    /// Checks that the required fields are filled in and that the endpoint is
    /// an http(s) URL. Surrounding whitespace is ignored.
    pub fn validate(&self) -> Result<(), ValidationError> {
        let required = [
            (RequiredField::Endpoint, &self.endpoint),
            (RequiredField::Bucket, &self.bucket),
            (RequiredField::Region, &self.region),
            (RequiredField::AccessKeyId, &self.access_key_id),
            (RequiredField::SecretAccessKey, &self.secret_access_key),
        ];
        let missing: Vec<RequiredField> = required
            .iter()
            .filter(|(_, value)| value.trim().is_empty())
            .map(|(field, _)| *field)
            .collect();

        let endpoint = self.endpoint.trim();
        let endpoint_without_scheme = !endpoint.is_empty() && !has_http_scheme(endpoint);

        if missing.is_empty() && !endpoint_without_scheme {
            Ok(())
        } else {
            Err(ValidationError {
                missing,
                endpoint_without_scheme,
            })
        }
    }
}

/// `http://` or `https://`, ignoring ASCII case (URL schemes are case-insensitive).
fn has_http_scheme(url: &str) -> bool {
    ["http://", "https://"].iter().any(|scheme| {
        url.get(..scheme.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn filled() -> ConnectionSettings {
        ConnectionSettings {
            endpoint: "https://objectstorageapi.example.com".into(),
            bucket: "logs".into(),
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".into(),
            ..ConnectionSettings::default()
        }
    }

    #[test]
    fn debug_output_never_holds_the_secret_or_token() {
        let mut settings = filled();
        settings.session_token = "token-value".into();
        let shown = format!("{settings:?}");
        assert!(shown.contains(&settings.access_key_id));
        assert!(!shown.contains(&settings.secret_access_key));
        assert!(!shown.contains("token-value"));
    }

    #[test]
    fn defaults_match_the_form() {
        let settings = ConnectionSettings::default();
        assert_eq!(settings.region, "us-east-1");
        assert_eq!(settings.prefix, "openai_logs/");
        assert!(!settings.remember);
        assert!(settings.endpoint.is_empty());
        assert!(settings.session_token.is_empty());
    }

    #[test]
    fn filled_settings_are_valid() {
        assert_eq!(filled().validate(), Ok(()));
        let plain_http = ConnectionSettings {
            endpoint: "  HTTP://127.0.0.1:9000 ".into(),
            ..filled()
        };
        assert_eq!(plain_http.validate(), Ok(()));
    }

    #[test]
    fn empty_form_names_every_missing_field() {
        let err = ConnectionSettings::default().validate().unwrap_err();
        assert_eq!(
            err.missing,
            vec![
                RequiredField::Endpoint,
                RequiredField::Bucket,
                RequiredField::AccessKeyId,
                RequiredField::SecretAccessKey,
            ]
        );
        assert!(!err.endpoint_without_scheme);
        assert_eq!(
            err.to_string(),
            "Please fill in: Endpoint, Bucket, Access key ID, Secret access key."
        );
    }

    #[test]
    fn whitespace_only_counts_as_missing() {
        let settings = ConnectionSettings {
            bucket: "   ".into(),
            region: "\t".into(),
            ..filled()
        };
        let err = settings.validate().unwrap_err();
        assert_eq!(
            err.missing,
            vec![RequiredField::Bucket, RequiredField::Region]
        );
        assert!(err.is_missing(RequiredField::Region));
        assert!(!err.is_missing(RequiredField::Endpoint));
    }

    #[test]
    fn endpoint_needs_an_http_scheme() {
        for endpoint in [
            "objectstorageapi.example.com",
            "ftp://example.com",
            "https:/x",
            "h",
        ] {
            let settings = ConnectionSettings {
                endpoint: endpoint.into(),
                ..filled()
            };
            let err = settings.validate().unwrap_err();
            assert!(err.missing.is_empty(), "{endpoint}");
            assert!(err.endpoint_without_scheme, "{endpoint}");
            assert_eq!(
                err.to_string(),
                "The endpoint must start with http:// or https://."
            );
        }
    }

    #[test]
    fn both_problems_are_reported_together() {
        let settings = ConnectionSettings {
            endpoint: "example.com".into(),
            bucket: String::new(),
            ..filled()
        };
        assert_eq!(
            settings.validate().unwrap_err().to_string(),
            "Please fill in: Bucket. The endpoint must start with http:// or https://."
        );
    }

    #[test]
    fn location_names_bucket_prefix_and_endpoint() {
        assert_eq!(
            filled().location(),
            "s3://logs/openai_logs/ at https://objectstorageapi.example.com"
        );
    }

    #[test]
    fn multibyte_endpoint_does_not_panic() {
        let settings = ConnectionSettings {
            endpoint: "ééé".into(),
            ..filled()
        };
        assert!(settings.validate().unwrap_err().endpoint_without_scheme);
    }
}
