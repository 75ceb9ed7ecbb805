//! Why a read failed, as data: the one failure type of the page and the CLI, whether it is
//! tried again, whether every other read would meet it too, and the words for it.
//!
//! No failure holds a signed URL or a secret: the runner hands in statuses, bodies and its
//! own reasons (`connection refused`), never the URL it fetched.

use core::fmt;

use s3_presign::{ErrorKind, PresignError, XmlError};
use session_log::SizeLimit;

use crate::Lost;

/// How one try of a read failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// S3 answered with an error status, or a listing with an error document in a 200;
    /// `code` is empty when there was no error document, `message` is the server's own.
    S3 {
        status: u16,
        code: String,
        message: Option<String>,
    },
    /// No answer: refused, reset, unknown host, in the client's words (empty when it gave
    /// none). `lasting` when trying again cannot help (a certificate that is not trusted, a
    /// URL the client cannot send).
    Network { reason: String, lasting: bool },
    /// No whole answer in the time allowed; the reason says which time.
    TimedOut(String),
    /// The answer's head came, then its body stopped part way.
    BrokeOff(String),
    /// A body that looks whole but is not the size the listing gave: a connection dropped
    /// at a point that looked like the end, or a `Content-Length` that said too little.
    Short { got: u64, listed: u64 },
    /// A 2xx answer to a listing that is not a listing.
    NotListing(XmlError),
    /// The server said more keys follow but gave no token, or the one it was asked with:
    /// asking again would loop forever, and stopping would leave keys out silently.
    NoNewToken,
    /// Not fetched: the listing says the object is larger than the limit.
    TooLarge { size: u64, limit: SizeLimit },
    /// The answer ran past the most bytes the request reads.
    Overflowed { limit: u64 },
    /// Page only: the storage answers, but its CORS rules do not let this page read it.
    Cors,
    /// The request could not be signed (an empty key).
    Unsignable(PresignError),
}

impl Failure {
    /// The failure an error answer names: its status, and the code and message of S3's
    /// error document when the body holds one (a proxy's 5xx may hold none, or HTML).
    pub fn of_error(status: u16, body: &[u8]) -> Self {
        let (code, message) = match s3_presign::parse_error(body) {
            Ok(error) => (error.code, error.message),
            Err(_) => (String::new(), None),
        };
        Self::S3 {
            status,
            code,
            message,
        }
    }

    /// Whether trying again may help: a busy or failing server (503 `SlowDown`, 500, 429,
    /// ...), no answer, a timeout, a body that broke off, came short, or (a listing) whose
    /// XML ends early. Not an error that names the request or the settings (403, 404,
    /// `NoSuchBucket`, ...), nor an answer that is whole but not S3's.
    pub fn is_retried(&self) -> bool {
        match self {
            Self::S3 { status, code, .. } => {
                s3_presign::classify(*status, code) == ErrorKind::Transient
            }
            Self::Network { lasting, .. } => !lasting,
            Self::TimedOut(_) | Self::BrokeOff(_) | Self::Short { .. } => true,
            // A listing has no size to check its body against: XML that ends early is how
            // a short one shows.
            Self::NotListing(error) => *error == XmlError::Truncated,
            Self::NoNewToken
            | Self::TooLarge { .. }
            | Self::Overflowed { .. }
            | Self::Cors
            | Self::Unsignable(_) => false,
        }
    }

    /// Whether every other request with these settings would fail the same way (a wrong
    /// secret, a missing bucket, a skewed clock, CORS), so that a run should stop rather
    /// than mark one object unavailable.
    pub fn is_fatal(&self) -> bool {
        match self {
            Self::S3 { status, code, .. } => {
                s3_presign::classify(*status, code) == ErrorKind::Fatal
            }
            Self::Cors => true,
            _ => false,
        }
    }
}

impl From<Lost> for Failure {
    fn from(lost: Lost) -> Self {
        match lost {
            Lost::Network(reason) | Lost::Blocked(reason) => Self::Network {
                reason,
                lasting: false,
            },
            Lost::Lasting(reason) => Self::Network {
                reason,
                lasting: true,
            },
            Lost::TimedOut(reason) => Self::TimedOut(reason),
            Lost::BrokeOff(reason) => Self::BrokeOff(reason),
            Lost::OverLimit(limit) => Self::Overflowed { limit },
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Failed::once(self).fmt(f)
    }
}

/// A read that was given up: its last failure, and how many requests it sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failed {
    pub failure: Failure,
    /// Requests sent, a re-signed one after a clock correction included; 0 for an object
    /// that was not fetched at all.
    pub tries: u32,
}

impl Failed {
    fn once(failure: &Failure) -> FailedRef<'_> {
        FailedRef { failure, tries: 1 }
    }
}

struct FailedRef<'a> {
    failure: &'a Failure,
    tries: u32,
}

/// The reason recorded for an object that could not be read, as `logscope stats` reports
/// it: `InternalError (HTTP 500) after 5 attempts: We encountered an internal error.`
impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        FailedRef {
            failure: &self.failure,
            tries: self.tries,
        }
        .fmt(f)
    }
}

impl fmt::Display for FailedRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tries = Tries(self.tries);
        match self.failure {
            Failure::S3 {
                status,
                code,
                message,
            } => {
                f.write_str(&s3_presign::describe(*status, code))?;
                write!(f, "{tries}")?;
                match message {
                    Some(message) => write!(f, ": {message}"),
                    None => Ok(()),
                }
            }
            Failure::Network { reason, .. } if reason.is_empty() => {
                write!(f, "the request failed{tries}")
            }
            Failure::Network { reason, .. } | Failure::TimedOut(reason) => {
                write!(f, "{reason}{tries}")
            }
            Failure::BrokeOff(reason) => write!(f, "the answer broke off: {reason}{tries}"),
            Failure::Short { got, listed } => write!(
                f,
                "the answer held {got} bytes, the listing said {listed}{tries}"
            ),
            Failure::NotListing(error) => write!(f, "{error}{tries}"),
            Failure::NoNewToken => {
                f.write_str("the server said more keys follow but gave no new continuation token")
            }
            Failure::TooLarge { size, limit } => match limit.refuses(*size) {
                Some(why) => write!(f, "{why}"),
                None => write!(f, "not read: larger than {} bytes", limit.bytes()),
            },
            Failure::Overflowed { limit } => write!(f, "larger than {limit} bytes"),
            Failure::Cors => f.write_str("blocked by the browser (CORS)"),
            Failure::Unsignable(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for Failure {}

impl std::error::Error for Failed {}

/// ` after 5 attempts`, or nothing for one.
struct Tries(u32);

impl fmt::Display for Tries {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            0 | 1 => Ok(()),
            n => write!(f, " after {n} attempts"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn s3(status: u16, code: &str) -> Failure {
        Failure::S3 {
            status,
            code: code.into(),
            message: None,
        }
    }

    fn failed(failure: Failure, tries: u32) -> String {
        Failed { failure, tries }.to_string()
    }

    #[test]
    fn busy_servers_and_lost_answers_are_retried_but_refusals_are_not() {
        for retried in [
            s3(503, "SlowDown"),
            s3(500, "InternalError"),
            s3(500, ""),
            s3(502, ""),
            s3(429, ""),
            Failure::from(Lost::Network("connection reset".into())),
            Failure::from(Lost::Blocked("Failed to fetch".into())),
            Failure::from(Lost::TimedOut("timed out".into())),
            Failure::from(Lost::BrokeOff("connection closed early".into())),
            Failure::Short { got: 5, listed: 10 },
            Failure::NotListing(XmlError::Truncated),
        ] {
            assert!(retried.is_retried(), "{retried:?}");
        }
        for not in [
            s3(403, "AccessDenied"),
            s3(403, "SignatureDoesNotMatch"),
            s3(404, "NoSuchKey"),
            s3(404, "NoSuchBucket"),
            s3(403, "RequestTimeTooSkewed"),
            s3(400, "InvalidArgument"),
            Failure::from(Lost::Lasting("invalid peer certificate".into())),
            Failure::from(Lost::OverLimit(10)),
            Failure::NotListing(XmlError::TooDeep),
            Failure::NoNewToken,
            Failure::TooLarge {
                size: 3_000_000,
                limit: SizeLimit::from_mb(2),
            },
            Failure::Cors,
            Failure::Unsignable(PresignError::EmptyKey),
        ] {
            assert!(!not.is_retried(), "{not:?}");
        }
    }

    #[test]
    fn settings_failures_and_cors_are_fatal_but_one_object_is_not() {
        assert!(s3(403, "SignatureDoesNotMatch").is_fatal());
        assert!(s3(404, "NoSuchBucket").is_fatal());
        assert!(s3(403, "RequestTimeTooSkewed").is_fatal());
        assert!(Failure::Cors.is_fatal());
        assert!(!s3(404, "NoSuchKey").is_fatal());
        assert!(!s3(503, "SlowDown").is_fatal());
        assert!(!Failure::from(Lost::Network("reset".into())).is_fatal());
    }

    #[test]
    fn an_error_answer_is_read_for_its_code_and_message() {
        let body = b"<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code>\
                     <Message>The specified key does not exist.</Message></Error>";
        assert_eq!(
            Failure::of_error(404, body),
            Failure::S3 {
                status: 404,
                code: "NoSuchKey".into(),
                message: Some("The specified key does not exist.".into()),
            }
        );
        assert_eq!(
            Failure::of_error(502, b"<html>Bad Gateway</html>"),
            s3(502, "")
        );
        assert_eq!(Failure::of_error(500, b""), s3(500, ""));
    }

    #[test]
    fn the_words_are_those_logscope_stats_reports() {
        let internal = Failure::S3 {
            status: 500,
            code: "InternalError".into(),
            message: Some("We encountered an internal error. Please try again.".into()),
        };
        assert_eq!(
            failed(internal.clone(), 5),
            "InternalError (HTTP 500) after 5 attempts: We encountered an internal error. \
             Please try again."
        );
        assert_eq!(
            internal.to_string(),
            "InternalError (HTTP 500): We encountered an internal error. Please try again."
        );
        assert_eq!(
            failed(s3(502, ""), 3),
            "no error code (HTTP 502) after 3 attempts"
        );
        assert_eq!(
            failed(Failure::from(Lost::Network("connection refused".into())), 5),
            "connection refused after 5 attempts"
        );
        assert_eq!(
            failed(Failure::from(Lost::Network(String::new())), 2),
            "the request failed after 2 attempts"
        );
        assert_eq!(
            failed(
                Failure::from(Lost::TimedOut("timed out (global)".into())),
                2
            ),
            "timed out (global) after 2 attempts"
        );
        assert_eq!(
            failed(Failure::from(Lost::BrokeOff("connection reset".into())), 1),
            "the answer broke off: connection reset"
        );
        assert_eq!(
            failed(
                Failure::Short {
                    got: 10,
                    listed: 20
                },
                5
            ),
            "the answer held 10 bytes, the listing said 20 after 5 attempts"
        );
        assert_eq!(
            Failure::NotListing(XmlError::UnexpectedRoot {
                found: "html".into(),
                expected: "ListBucketResult",
            })
            .to_string(),
            "the response is <html>, expected <ListBucketResult>"
        );
        assert_eq!(
            Failure::NoNewToken.to_string(),
            "the server said more keys follow but gave no new continuation token"
        );
        let too_large = Failure::TooLarge {
            size: 2_500_000,
            limit: SizeLimit::from_mb(2),
        };
        assert_eq!(
            failed(too_large, 0),
            "not read: 2.5 MB is over the limit of 2 MB for one object"
        );
        assert_eq!(
            Failure::from(Lost::OverLimit(32_000_000)).to_string(),
            "larger than 32000000 bytes"
        );
        assert_eq!(Failure::Cors.to_string(), "blocked by the browser (CORS)");
        assert_eq!(
            Failure::Unsignable(PresignError::EmptyKey).to_string(),
            "the object key is empty"
        );
    }
}
