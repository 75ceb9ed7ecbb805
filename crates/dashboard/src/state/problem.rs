//! What stopped a load, as data: the loader builds a [`Problem`], the store holds it, and
//! `app/error.rs` shows it with the words from [`crate::i18n::explain`]. No sentence here holds
//! the secret key or a signed URL.

use s3_read::Failure;

use crate::i18n::locale::Lang;

/// The connection a problem happened on, for the explanation's wording.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Place {
    /// `scheme://host[:port]`.
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    pub access_key: String,
    /// The prefix as a folder, or empty.
    pub prefix: String,
    /// This page's origin, e.g. `https://logs.example.com`: what CORS must allow.
    pub origin: String,
}

/// Why the load stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Trouble {
    /// S3 answered with an error; `code` is empty when it sent no error document.
    S3 {
        status: u16,
        code: String,
        message: Option<String>,
    },
    /// The storage answered, but not with CORS headers that let this page read it.
    Cors,
    /// No whole answer: wrong address, server down, certificate refused, mixed content, a
    /// timeout or a body that broke off.
    Network(Failure),
    /// An answer S3 would not give, such as a web console's HTML page, or one the page
    /// cannot go on from.
    Unreadable(Failure),
    /// Nothing under the prefix; `top` holds the bucket's top-level prefixes, or why they
    /// could not be listed.
    EmptyPrefix { top: Result<Vec<String>, Failure> },
}

/// A read's failure as a load's problem shows it.
impl From<Failure> for Trouble {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::S3 {
                status,
                code,
                message,
            } => Self::S3 {
                status,
                code,
                message,
            },
            Failure::Cors => Self::Cors,
            Failure::Network { .. }
            | Failure::TimedOut(_)
            | Failure::BrokeOff(_)
            | Failure::Short { .. } => Self::Network(failure),
            Failure::NotListing(_)
            | Failure::NoNewToken
            | Failure::TooLarge { .. }
            | Failure::Overflowed { .. }
            | Failure::Unsignable(_) => Self::Unreadable(failure),
        }
    }
}

/// The machine code of a read's failure, shown as `data-code`: the code of the trouble it
/// would be, so that the page and a session's own view say the same.
pub fn failure_code(failure: &Failure) -> String {
    Trouble::from(failure.clone()).code()
}

impl Trouble {
    /// The machine code: the S3 code, `http-403` for an error status without a document,
    /// `cors`, `network`, `unreadable` or `empty-prefix`.
    pub fn code(&self) -> String {
        match self {
            Self::S3 { code, .. } if !code.is_empty() => code.clone(),
            Self::S3 { status, .. } => format!("http-{status}"),
            Self::Cors => "cors".to_owned(),
            Self::Network(_) => "network".to_owned(),
            Self::Unreadable(_) => "unreadable".to_owned(),
            Self::EmptyPrefix { .. } => "empty-prefix".to_owned(),
        }
    }
}

/// What the loader was doing when a problem stopped it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Doing {
    /// Listing `folder` (a prefix) of `bucket`.
    Listing { folder: String, bucket: String },
    /// Reading the object `key`.
    Reading { key: String },
}

impl Doing {
    /// `listing openai_logs/ in bucket logs`, `reading openai_logs/1/…`.
    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (Self::Listing { folder, bucket }, Lang::En) => {
                format!("listing {folder} in bucket {bucket}")
            }
            (Self::Listing { folder, bucket }, Lang::Zh) => {
                format!("列出存储桶 {bucket} 中的 {folder}")
            }
            (Self::Reading { key }, Lang::En) => format!("reading {key}"),
            (Self::Reading { key }, Lang::Zh) => format!("读取 {key}"),
        }
    }
}

/// A problem: what was being done, what went wrong, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub doing: Doing,
    pub trouble: Trouble,
    pub place: Place,
}

impl Problem {
    /// The trouble's machine code, shown as `data-code`.
    pub fn code(&self) -> String {
        self.trouble.code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use s3_presign::XmlError;

    #[test]
    fn a_read_failure_becomes_the_trouble_its_explanation_is_for() {
        let denied = Failure::S3 {
            status: 403,
            code: "SignatureDoesNotMatch".into(),
            message: Some("The request signature we calculated does not match.".into()),
        };
        assert_eq!(
            Trouble::from(denied),
            Trouble::S3 {
                status: 403,
                code: "SignatureDoesNotMatch".into(),
                message: Some("The request signature we calculated does not match.".into()),
            }
        );
        assert_eq!(Trouble::from(Failure::Cors), Trouble::Cors);
        let reset = Failure::Network {
            reason: "Failed to fetch".into(),
            lasting: false,
        };
        assert_eq!(Trouble::from(reset.clone()), Trouble::Network(reset));
        let cut = Failure::BrokeOff("network error".into());
        assert_eq!(Trouble::from(cut.clone()), Trouble::Network(cut));
        let html = Failure::NotListing(XmlError::UnexpectedRoot {
            found: "html".into(),
            expected: "ListBucketResult",
        });
        assert_eq!(Trouble::from(html.clone()), Trouble::Unreadable(html));
        assert_eq!(
            Trouble::from(Failure::NoNewToken),
            Trouble::Unreadable(Failure::NoNewToken)
        );
    }

    #[test]
    fn a_failure_has_the_code_its_trouble_has() {
        for failure in [
            Failure::of_error(403, b""),
            Failure::Cors,
            Failure::TimedOut("no answer within a minute".into()),
            Failure::Short { got: 1, listed: 2 },
            Failure::NoNewToken,
            Failure::NotListing(XmlError::Truncated),
        ] {
            let problem = Problem {
                doing: Doing::Reading { key: "k".into() },
                trouble: failure.clone().into(),
                place: Place::default(),
            };
            assert_eq!(problem.code(), failure_code(&failure), "{failure:?}");
        }
        assert_eq!(failure_code(&Failure::of_error(403, b"")), "http-403");
        assert_eq!(failure_code(&Failure::NoNewToken), "unreadable");
    }
}
