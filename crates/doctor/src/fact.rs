//! What a check found, as data: each [`Fact`] belongs to one step and decides its outcome;
//! `words` says it for people.

use core::fmt;

use s3_presign::XmlError;

use crate::{Outcome, Step};

/// Why a request got no answer, as the runner saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoReply {
    /// The client's own words (`connection refused`, a browser's `Failed to fetch`), shown as
    /// they came; empty when it gave none.
    Said(String),
    /// A browser's reachability probe got nothing back, and a probe does not say why.
    Nothing,
    /// No answer within the runner's time limit.
    TimedOut { seconds: u32 },
}

/// In English, as the CLI prints it; [`crate::words`] says it in either language.
impl fmt::Display for NoReply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Said(words) if words.is_empty() => f.write_str("the request failed"),
            Self::Said(words) => f.write_str(words),
            Self::Nothing => f.write_str(
                "nothing answered: a wrong address, a storage that is down, or a request \
                 the browser blocked as mixed content",
            ),
            Self::TimedOut { seconds } => write!(f, "no answer within {seconds} s"),
        }
    }
}

/// Why a request gave nothing to read: no answer, a refusal, or a body S3 would not send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unlisted {
    /// No answer at all.
    NoReply(NoReply),
    /// An error answer; `code` is empty when the body held no error document.
    Refused { status: u16, code: String },
    /// A 2xx answer that is not the XML asked for.
    NotXml(XmlError),
    /// The runner did not ask.
    NotAsked,
}

/// In English, as the CLI prints it; [`crate::words`] says it in either language.
impl fmt::Display for Unlisted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoReply(reason) => reason.fmt(f),
            Self::Refused { status, code } => f.write_str(&s3_presign::describe(*status, code)),
            Self::NotXml(error) => error.fmt(f),
            Self::NotAsked => f.write_str("not asked"),
        }
    }
}

/// What a check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    /// The site's page (`page`: where it came from, after redirects) is a web page to show.
    #[cfg(feature = "site")]
    SiteOpens { page: String, content_type: String },
    /// Nothing answered at the site.
    #[cfg(feature = "site")]
    SiteNoAnswer { page: String, reason: NoReply },
    /// The site answered with a status other than 2xx.
    #[cfg(feature = "site")]
    SiteRefused { page: String, status: u16 },
    /// A `Content-Disposition` other than `inline`: the browser saves the page as a file.
    #[cfg(feature = "site")]
    SiteDownloads { page: String, disposition: String },
    /// Not `text/html` (`None`: no `Content-Type` at all): the browser will not show it.
    #[cfg(feature = "site")]
    SiteNotHtml {
        page: String,
        content_type: Option<String>,
    },

    /// Something answered at the endpoint (a browser's no-cors request cannot see the status).
    Answers { status: Option<u16> },
    /// Nothing answered: refused, timed out, unknown host, TLS, blocked by the browser.
    NoAnswer { reason: NoReply },

    /// The storage lets the origin read its answers.
    CorsAllowed,
    /// The dashboard is on the storage's own origin, where a browser asks for no CORS.
    CorsSameOrigin,
    /// It does not.
    CorsRefused { seen: CorsSeen },

    /// The storage took the signature (and looked further).
    KeysAccepted,
    /// `InvalidAccessKeyId`.
    UnknownKey,
    /// `SignatureDoesNotMatch`: the secret does not belong to the access key.
    WrongSecret,
    /// `ExpiredToken`, `InvalidToken`, `TokenRefreshRequired`.
    BadToken { code: String },
    /// `AccessDenied` (not about time), with the storage's own message. It proves only that
    /// the listing was refused: AWS and MinIO say `SignatureDoesNotMatch` for a wrong secret,
    /// but other servers (Garage: "Forbidden: Invalid signature") say `AccessDenied`, so a
    /// missing permission and a wrong secret cannot be told apart by the code alone.
    NotAllowed { message: Option<String> },
    /// The storage refused the region of the signature.
    WrongRegion { code: String },
    /// No S3 answer to the signed listing: something else (a web console's page, say), or
    /// none at all although step 1 showed that the storage answers.
    NotS3 { reason: Unlisted },
    /// The storage refused the request's time before looking at the keys, and could not be
    /// asked again by its own time.
    KeysUnchecked,
    /// Any other refusal; `code` is empty when there was no error document.
    Refused {
        status: u16,
        code: String,
        message: Option<String>,
    },

    /// The clocks agree; `offset_ms` (storage minus this computer) when the storage's time
    /// could be read.
    ClockInStep { offset_ms: Option<i64> },
    /// The clocks differ by a minute or more, though the storage still accepts the time.
    ClockOff { offset_ms: i64 },
    /// The storage refused the request's time (`code`: `RequestTimeTooSkewed`, or an
    /// `AccessDenied` saying the request expired or is not valid yet).
    ClockRefused {
        offset_ms: Option<i64>,
        code: String,
    },

    /// The bucket is there.
    BucketFound,
    /// `NoSuchBucket`, with the buckets the key can see, or why they could not be listed.
    NoBucket {
        others: Result<Vec<String>, Unlisted>,
    },

    /// Objects under the prefix; `at_least` when counting stopped before the end.
    ObjectsFound { count: u64, at_least: bool },
    /// None, with what the bucket's top level holds, or why it could not be listed.
    NoObjects { top: Result<Top, Unlisted> },
    /// Some were counted, then a listing page failed.
    CountStopped { count: u64, reason: Unlisted },
}

/// What showed that CORS does not allow the origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CorsSeen {
    /// A browser withheld the answer to the signed request (what it said, if anything).
    Blocked { browser_said: NoReply },
    /// The answer to a CORS preflight (`OPTIONS` with `Origin` and
    /// `Access-Control-Request-Method: GET`).
    Preflight {
        status: u16,
        allow_origin: Option<String>,
        allow_methods: Option<String>,
    },
}

/// A bucket's top level: its "folders" and how many objects lie outside any.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Top {
    pub prefixes: Vec<String>,
    pub loose_objects: usize,
    /// The listing had more pages than the one read.
    pub more: bool,
}

impl Fact {
    /// The step this finding answers.
    pub fn step(&self) -> Step {
        match self {
            #[cfg(feature = "site")]
            Fact::SiteOpens { .. }
            | Fact::SiteNoAnswer { .. }
            | Fact::SiteRefused { .. }
            | Fact::SiteDownloads { .. }
            | Fact::SiteNotHtml { .. } => Step::Site,
            Fact::Answers { .. } | Fact::NoAnswer { .. } => Step::Reachable,
            Fact::CorsAllowed | Fact::CorsSameOrigin | Fact::CorsRefused { .. } => Step::Cors,
            Fact::KeysAccepted
            | Fact::UnknownKey
            | Fact::WrongSecret
            | Fact::BadToken { .. }
            | Fact::NotAllowed { .. }
            | Fact::WrongRegion { .. }
            | Fact::NotS3 { .. }
            | Fact::KeysUnchecked
            | Fact::Refused { .. } => Step::Credentials,
            Fact::ClockInStep { .. } | Fact::ClockOff { .. } | Fact::ClockRefused { .. } => {
                Step::Clock
            }
            Fact::BucketFound | Fact::NoBucket { .. } => Step::Bucket,
            Fact::ObjectsFound { .. } | Fact::NoObjects { .. } | Fact::CountStopped { .. } => {
                Step::Objects
            }
        }
    }

    /// How the step went.
    pub fn outcome(&self) -> Outcome {
        match self {
            #[cfg(feature = "site")]
            Fact::SiteOpens { .. } => Outcome::Pass,
            Fact::Answers { .. }
            | Fact::CorsAllowed
            | Fact::CorsSameOrigin
            | Fact::KeysAccepted
            | Fact::ClockInStep { .. }
            | Fact::BucketFound
            | Fact::ObjectsFound { .. } => Outcome::Pass,
            Fact::ClockOff { .. } | Fact::KeysUnchecked | Fact::CountStopped { .. } => {
                Outcome::Warn
            }
            _ => Outcome::Fail,
        }
    }
}
