//! The connection settings: what the form holds, how it is checked, where it is kept
//! ([`storage`]) and where its non-secret fields may be prefilled from ([`prefill`]).
//!
//! Checking goes through `s3_presign::Bucket::new` and `Credentials::new`, so the rules for
//! endpoints, bucket names, regions and keys live in one place: settings that pass here are
//! exactly what the loader signs with. Plain Rust with no DOM access in this file, so it is
//! tested natively and in the browser.

use std::fmt;

use s3_presign::{
    Bucket, BucketProblem, Credentials, CredentialsProblem, EndpointProblem, PresignError, UrlStyle,
};
use session_log::SizeLimit;

use crate::i18n::locale::Lang;
use crate::i18n::reasons;

/// Region filled in when the form first renders.
pub const DEFAULT_REGION: &str = "us-east-1";

/// Key prefix filled in when the form first renders.
pub const DEFAULT_PREFIX: &str = "openai_logs/";
/// The most reads at once a setting may ask for: past Sealos's ingress's 150 streams on one
/// HTTP/2 connection, a browser queues them anyway.
pub const MOST_LANES: usize = 256;

/// Everything needed to reach the bucket, as typed by the user. `Debug` leaves out the
/// secret key and the session token, so they never reach a log or the console.
#[derive(Clone, PartialEq, Eq)]
pub struct Settings {
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    pub prefix: String,
    pub access_key_id: String,
    pub secret_access_key: String,
    /// Empty when the credentials are long-lived keys.
    pub session_token: String,
    /// The largest object read, in MB, as typed: a larger one is not fetched, and its row
    /// says why.
    pub max_object_mb: String,
    /// The reads kept in flight, as typed; empty to let the page find how many the link
    /// carries (`s3_read::lanes`).
    pub lanes: String,
    /// Keep the settings, secret included, in localStorage rather than for this tab only.
    pub remember: bool,
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("endpoint", &self.endpoint)
            .field("bucket", &self.bucket)
            .field("region", &self.region)
            .field("prefix", &self.prefix)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field("session_token", &"<redacted>")
            .field("max_object_mb", &self.max_object_mb)
            .field("lanes", &self.lanes)
            .field("remember", &self.remember)
            .finish()
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            endpoint: String::new(),
            bucket: String::new(),
            region: DEFAULT_REGION.to_owned(),
            prefix: DEFAULT_PREFIX.to_owned(),
            access_key_id: String::new(),
            secret_access_key: String::new(),
            session_token: String::new(),
            max_object_mb: session_log::DEFAULT_MAX_OBJECT_MB.to_string(),
            lanes: String::new(),
            remember: false,
        }
    }
}

/// A form field a problem can point at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Endpoint,
    Bucket,
    Region,
    AccessKeyId,
    SecretAccessKey,
    SessionToken,
    MaxObjectMb,
    Lanes,
}

impl Field {
    /// The field's label, as shown in the form and in error messages.
    pub fn label(self, lang: Lang) -> &'static str {
        let (en, zh) = match self {
            Self::Endpoint => ("Endpoint", "服务地址"),
            Self::Bucket => ("Bucket", "存储桶"),
            Self::Region => ("Region", "区域"),
            Self::AccessKeyId => ("Access key ID", "访问密钥 ID"),
            Self::SecretAccessKey => ("Secret access key", "私有访问密钥"),
            Self::SessionToken => ("Session token", "会话令牌"),
            Self::MaxObjectMb => ("Largest object to read (MB)", "读取对象的大小上限（MB）"),
            Self::Lanes => ("Reads at once", "同时读取数"),
        };
        lang.pick(en, zh)
    }
}

/// Why the settings cannot be used yet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValidationError {
    /// Required fields that are empty (or only whitespace), in form order.
    pub missing: Vec<Field>,
    /// A field that is filled in but refused by s3-presign, with its reason. Its sentences
    /// never hold the secret key.
    pub invalid: Option<(Field, Refusal)>,
}

/// Why a filled-in field was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    Endpoint(EndpointProblem),
    Bucket(BucketProblem),
    Credentials(CredentialsProblem),
    /// s3-presign refuses a region with no reason of its own: it is always this one.
    Region,
    /// The largest object is not a whole number of MB, 1 or more.
    Size,
    /// The reads at once are not a whole number from 1 to [`MOST_LANES`].
    Lanes,
    /// Anything else s3-presign refused. `Bucket::new` and `Credentials::new` refuse
    /// nothing else today; should they, the form still says so.
    Other(PresignError),
}

impl Refusal {
    /// Why, in `lang`, as the form's message says it after the field's label.
    pub fn words(&self, lang: Lang) -> String {
        match (self, lang) {
            (Self::Endpoint(problem), _) => reasons::endpoint_problem(*problem, lang),
            (Self::Bucket(problem), _) => reasons::bucket_problem(*problem, lang),
            (Self::Credentials(problem), _) => reasons::credentials_problem(*problem, lang),
            (Self::Region, Lang::En) => {
                "it must not contain '/', spaces or control characters".to_owned()
            }
            (Self::Region, Lang::Zh) => "不能包含 '/'、空格或控制字符".to_owned(),
            (Self::Size, Lang::En) => "it must be a whole number of MB, 1 or more".to_owned(),
            (Self::Size, Lang::Zh) => "须为 1 或更大的整数（MB）".to_owned(),
            (Self::Lanes, Lang::En) => {
                format!("leave it empty, or give a whole number from 1 to {MOST_LANES}")
            }
            (Self::Lanes, Lang::Zh) => format!("留空，或填 1 到 {MOST_LANES} 的整数"),
            (Self::Other(error), _) => reasons::presign_error(error, lang),
        }
    }
}

impl ValidationError {
    /// Whether the last check found a problem with `field`.
    pub fn concerns(&self, field: Field) -> bool {
        self.missing.contains(&field) || self.invalid.as_ref().is_some_and(|(f, _)| *f == field)
    }
}

impl ValidationError {
    /// What to fix, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let mut parts = Vec::new();
        if !self.missing.is_empty() {
            let labels: Vec<&str> = self.missing.iter().map(|f| f.label(lang)).collect();
            parts.push(match lang {
                Lang::En => format!("Please fill in: {}.", labels.join(", ")),
                Lang::Zh => format!("请填写：{}。", labels.join("、")),
            });
        }
        if let Some((field, refusal)) = &self.invalid {
            let reason = refusal.words(lang);
            parts.push(match lang {
                Lang::En => format!("{}: {reason}.", field.label(lang)),
                Lang::Zh => format!("{}：{reason}。", field.label(lang)),
            });
        }
        parts.join(lang.pick(" ", ""))
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// Checked settings: what the loader signs with.
#[derive(Debug, Clone)]
pub struct Connection {
    pub bucket: Bucket,
    pub credentials: Credentials,
    /// The prefix as a folder (`openai_logs/`), or empty for the whole bucket.
    pub prefix: String,
    /// `scheme://host[:port]`, for messages.
    pub endpoint: String,
    /// Larger objects are not read.
    pub size_limit: SizeLimit,
    /// Reads kept in flight whatever the link does; `None` to find how many it carries.
    pub lanes: Option<usize>,
}

impl Connection {
    /// `s3://logs/openai_logs/`.
    pub fn folder(&self) -> String {
        format!("s3://{}/{}", self.bucket.name(), self.prefix)
    }

    /// `s3://logs/openai_logs/ (https://objectstorageapi.example.com)`: the same in every
    /// language, for a status line.
    pub fn place(&self) -> String {
        format!("{} ({})", self.folder(), self.endpoint)
    }
}

impl Settings {
    /// Checks the settings the way signing will use them. Surrounding whitespace is ignored
    /// everywhere, the secret included: no key has any, and a pasted one often does.
    pub fn validate(&self) -> Result<Connection, ValidationError> {
        let required = [
            (Field::Endpoint, &self.endpoint),
            (Field::Bucket, &self.bucket),
            (Field::Region, &self.region),
            (Field::AccessKeyId, &self.access_key_id),
            (Field::SecretAccessKey, &self.secret_access_key),
        ];
        let missing: Vec<Field> = required
            .iter()
            .filter(|(_, value)| value.trim().is_empty())
            .map(|(field, _)| *field)
            .collect();

        // Bucket::new checks the endpoint before the bucket and the region, so a bad
        // endpoint is reported even when other fields are still empty.
        let bucket = Bucket::new(
            self.endpoint.trim(),
            self.bucket.trim(),
            self.region.trim(),
            UrlStyle::Path,
        );
        let credentials =
            Credentials::new(self.access_key_id.trim(), self.secret_access_key.trim())
                .map(|c| c.with_session_token(self.session_token.trim()));

        let size_limit = match self.max_object_mb.trim().parse::<u64>() {
            Ok(mb) if mb >= 1 => Ok(SizeLimit::from_mb(mb)),
            _ => Err((Field::MaxObjectMb, Refusal::Size)),
        };

        let lanes = match self.lanes.trim() {
            "" => Ok(None),
            typed => match typed.parse::<usize>() {
                Ok(n) if (1..=MOST_LANES).contains(&n) => Ok(Some(n)),
                _ => Err((Field::Lanes, Refusal::Lanes)),
            },
        };

        let invalid = [bucket.as_ref().err(), credentials.as_ref().err()]
            .into_iter()
            .flatten()
            .map(refusal)
            .chain(size_limit.clone().err())
            .chain(lanes.clone().err())
            .find(|(field, _)| !missing.contains(field));

        match (bucket, credentials, size_limit, lanes) {
            (Ok(bucket), Ok(credentials), Ok(size_limit), Ok(lanes)) if missing.is_empty() => {
                Ok(Connection {
                    endpoint: format!("{}://{}", bucket.scheme(), bucket.host()),
                    bucket,
                    credentials,
                    prefix: s3_read::folder(self.prefix.trim()),
                    size_limit,
                    lanes,
                })
            }
            _ => Err(ValidationError { missing, invalid }),
        }
    }
}

/// The field s3-presign refused and why.
fn refusal(error: &PresignError) -> (Field, Refusal) {
    match error {
        PresignError::InvalidEndpoint { reason, .. } => {
            (Field::Endpoint, Refusal::Endpoint(*reason))
        }
        PresignError::InvalidBucket { reason, .. } => (Field::Bucket, Refusal::Bucket(*reason)),
        PresignError::InvalidRegion { .. } => (Field::Region, Refusal::Region),
        // Only the access key id can be refused once both are filled in.
        PresignError::InvalidCredentials { reason } => {
            (Field::AccessKeyId, Refusal::Credentials(*reason))
        }
        other => (Field::Endpoint, Refusal::Other(other.clone())),
    }
}

/// `folder` at `endpoint`, for sentences: `s3://logs/openai_logs/ at
/// https://objectstorageapi.example.com`.
pub fn location(folder: &str, endpoint: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{folder} at {endpoint}"),
        Lang::Zh => format!("{endpoint} 上的 {folder}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled() -> Settings {
        Settings {
            endpoint: "https://objectstorageapi.example.com".into(),
            bucket: "logs".into(),
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".into(),
            ..Settings::default()
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
        let connection = settings.validate().unwrap();
        let shown = format!("{connection:?}");
        assert!(!shown.contains(&settings.secret_access_key));
        assert!(!shown.contains("token-value"));
    }

    #[test]
    fn defaults_match_the_form() {
        let settings = Settings::default();
        assert_eq!(settings.region, "us-east-1");
        assert_eq!(settings.prefix, "openai_logs/");
        assert!(!settings.remember);
        assert!(settings.endpoint.is_empty());
        assert!(settings.session_token.is_empty());
    }

    #[test]
    fn the_largest_object_is_a_whole_number_of_mb() {
        assert_eq!(
            filled().validate().unwrap().size_limit,
            SizeLimit::default()
        );
        let with = |mb: &str| Settings {
            max_object_mb: mb.into(),
            ..filled()
        };
        assert_eq!(
            with(" 64 ").validate().unwrap().size_limit,
            SizeLimit::from_mb(64)
        );
        for bad in ["0", "-1", "1.5", "lots", ""] {
            let error = with(bad).validate().unwrap_err();
            assert!(error.concerns(Field::MaxObjectMb), "{bad:?}: {error:?}");
            assert_eq!(
                error.message(Lang::En),
                "Largest object to read (MB): it must be a whole number of MB, 1 or more."
            );
        }
    }

    #[test]
    fn reads_at_once_are_found_unless_a_number_from_1_to_256_is_given() {
        assert_eq!(filled().validate().unwrap().lanes, None);
        let with = |lanes: &str| Settings {
            lanes: lanes.into(),
            ..filled()
        };
        assert_eq!(with(" 32 ").validate().unwrap().lanes, Some(32));
        assert_eq!(with("256").validate().unwrap().lanes, Some(256));
        for bad in ["0", "257", "-1", "1.5", "many"] {
            let error = with(bad).validate().unwrap_err();
            assert!(error.concerns(Field::Lanes), "{bad:?}: {error:?}");
            assert_eq!(
                error.message(Lang::En),
                "Reads at once: leave it empty, or give a whole number from 1 to 256."
            );
        }
    }

    #[test]
    fn filled_settings_become_a_connection() {
        let connection = filled().validate().unwrap();
        assert_eq!(
            location(&connection.folder(), &connection.endpoint, Lang::En),
            "s3://logs/openai_logs/ at https://objectstorageapi.example.com"
        );
        assert_eq!(
            location(&connection.folder(), &connection.endpoint, Lang::Zh),
            "https://objectstorageapi.example.com 上的 s3://logs/openai_logs/"
        );
        assert_eq!(
            connection.place(),
            "s3://logs/openai_logs/ (https://objectstorageapi.example.com)"
        );
        let plain_http = Settings {
            endpoint: "  HTTP://127.0.0.1:9000 ".into(),
            prefix: "ai_interactions".into(),
            ..filled()
        };
        let connection = plain_http.validate().unwrap();
        assert_eq!(connection.endpoint, "http://127.0.0.1:9000");
        assert_eq!(connection.prefix, "ai_interactions/");
    }

    #[test]
    fn the_session_token_is_optional_and_trimmed() {
        let with_token = Settings {
            session_token: " token ".into(),
            ..filled()
        };
        let connection = with_token.validate().unwrap();
        assert_eq!(connection.credentials.session_token(), Some("token"));
        assert_eq!(
            filled().validate().unwrap().credentials.session_token(),
            None
        );
    }

    #[test]
    fn empty_form_names_every_missing_field() {
        let err = Settings::default().validate().unwrap_err();
        assert_eq!(
            err.missing,
            vec![
                Field::Endpoint,
                Field::Bucket,
                Field::AccessKeyId,
                Field::SecretAccessKey,
            ]
        );
        assert_eq!(err.invalid, None);
        assert_eq!(
            err.to_string(),
            "Please fill in: Endpoint, Bucket, Access key ID, Secret access key."
        );
    }

    #[test]
    fn whitespace_only_counts_as_missing() {
        let settings = Settings {
            bucket: "   ".into(),
            region: "\t".into(),
            ..filled()
        };
        let err = settings.validate().unwrap_err();
        assert_eq!(err.missing, vec![Field::Bucket, Field::Region]);
        assert!(err.concerns(Field::Region));
        assert!(!err.concerns(Field::Endpoint));
    }

    #[test]
    fn the_endpoint_is_checked_by_s3_presign() {
        for endpoint in [
            "objectstorageapi.example.com",
            "ftp://example.com",
            "https:/x",
            "h",
        ] {
            let settings = Settings {
                endpoint: endpoint.into(),
                ..filled()
            };
            let err = settings.validate().unwrap_err();
            assert!(err.missing.is_empty(), "{endpoint}");
            assert!(err.concerns(Field::Endpoint), "{endpoint}");
            assert_eq!(
                err.to_string(),
                "Endpoint: it must start with http:// or https://."
            );
        }
        let with_path = Settings {
            endpoint: "https://console.example.com/buckets".into(),
            ..filled()
        };
        assert_eq!(
            with_path.validate().unwrap_err().to_string(),
            "Endpoint: it must be scheme://host[:port] with no path, query or fragment."
        );
    }

    #[test]
    fn bucket_region_and_access_key_are_checked_by_s3_presign() {
        let cases = [
            (
                Settings {
                    bucket: "a/b".into(),
                    ..filled()
                },
                Field::Bucket,
            ),
            (
                Settings {
                    region: "us east".into(),
                    ..filled()
                },
                Field::Region,
            ),
            (
                Settings {
                    access_key_id: "AK/ID".into(),
                    ..filled()
                },
                Field::AccessKeyId,
            ),
        ];
        for (settings, field) in cases {
            let err = settings.validate().unwrap_err();
            assert_eq!(err.invalid.as_ref().map(|(f, _)| *f), Some(field));
            assert!(!err.to_string().contains(&settings.secret_access_key));
        }
    }

    #[test]
    fn both_problems_are_reported_together() {
        let settings = Settings {
            endpoint: "example.com".into(),
            bucket: String::new(),
            ..filled()
        };
        assert_eq!(
            settings.validate().unwrap_err().to_string(),
            "Please fill in: Bucket. Endpoint: it must start with http:// or https://."
        );
    }

    #[test]
    fn problems_are_told_in_chinese_with_every_s3_presign_reason_translated() {
        let err = Settings::default().validate().unwrap_err();
        assert_eq!(
            err.message(Lang::Zh),
            "请填写：服务地址、存储桶、访问密钥 ID、私有访问密钥。"
        );
        let endpoints = [
            "example.com",
            "https://console.example.com/buckets",
            "https://user:pw@example.com",
            "http://[::1",
            "http://[::1]x",
            "https://exa mple.com",
            "https://example.com:70000",
        ];
        let mut refused: Vec<Settings> = endpoints
            .iter()
            .map(|endpoint| Settings {
                endpoint: (*endpoint).into(),
                ..filled()
            })
            .collect();
        for (bucket, region, access_key_id) in [
            ("a/b", "us-east-1", "AKIDEXAMPLE"),
            ("logs", "us east", "AKIDEXAMPLE"),
            ("logs", "us-east-1", "AK/ID"),
        ] {
            refused.push(Settings {
                bucket: bucket.into(),
                region: region.into(),
                access_key_id: access_key_id.into(),
                ..filled()
            });
        }
        for settings in refused {
            let err = settings.validate().unwrap_err();
            let (_, refusal) = err.invalid.clone().expect("refused");
            let english = refusal.words(Lang::En);
            let zh = err.message(Lang::Zh);
            assert!(!zh.contains(&english), "untranslated: {english}");
        }
        let both = Settings {
            endpoint: "example.com".into(),
            bucket: String::new(),
            ..filled()
        };
        assert_eq!(
            both.validate().unwrap_err().message(Lang::Zh),
            "请填写：存储桶。服务地址：必须以 http:// 或 https:// 开头。"
        );
    }

    #[test]
    fn multibyte_endpoint_does_not_panic() {
        let settings = Settings {
            endpoint: "ééé".into(),
            ..filled()
        };
        assert!(settings.validate().unwrap_err().concerns(Field::Endpoint));
    }

    #[test]
    fn a_prefix_is_read_as_a_folder() {
        for (typed, read) in [
            ("openai_logs", "openai_logs/"),
            (" openai_logs/ ", "openai_logs/"),
            ("", ""),
        ] {
            let settings = Settings {
                prefix: typed.into(),
                ..filled()
            };
            assert_eq!(settings.validate().unwrap().prefix, read, "{typed:?}");
        }
    }
}
