//! From what came back to a [`Fact`], one step at a time. The runner (CLI or browser) makes
//! the requests; everything it has to decide besides sending them is here, so that both
//! decide alike: which answer settles which step, when to sign again by the storage's clock,
//! when to list the buckets or the top level, and when to stop counting.

use s3_presign::{parse_error, parse_list_buckets, parse_list_objects_v2, S3Error, XmlError};

use crate::clock::{is_time_refusal, NOTICEABLE_MS};
use crate::fact::{CorsSeen, Fact, NoReply, Top, Unlisted};

/// Counting stops after this many listing pages of 1000 keys: enough to say there are logs.
pub const MAX_PAGES: u32 = 10;

/// Step 1: any HTTP answer (`Ok`, with its status when it can be seen), or why there was none.
pub fn reach(answer: Result<Option<u16>, NoReply>) -> Fact {
    match answer {
        Ok(status) => Fact::Answers { status },
        Err(reason) => Fact::NoAnswer { reason },
    }
}

/// Step 2 from a CORS preflight: the origin must be allowed, for GET.
pub fn preflight(
    origin: &str,
    status: u16,
    allow_origin: Option<&str>,
    allow_methods: Option<&str>,
) -> Fact {
    let origin_ok = allow_origin
        .map(|seen| seen.trim())
        .is_some_and(|seen| seen == "*" || seen == origin.trim_end_matches('/'));
    let get_ok = allow_methods.is_none_or(|methods| {
        methods
            .split(',')
            .map(str::trim)
            .any(|m| m == "*" || m.eq_ignore_ascii_case("GET"))
    });
    if (200..300).contains(&status) && origin_ok && get_ok {
        Fact::CorsAllowed
    } else {
        Fact::CorsRefused {
            seen: CorsSeen::Preflight {
                status,
                allow_origin: allow_origin.map(str::to_owned),
                allow_methods: allow_methods.map(str::to_owned),
            },
        }
    }
}

/// Step 2 in a browser: the signed request was answered (`Ok`), or the browser withheld the
/// answer although step 1 showed that the storage answers (`Err`, the browser's message).
pub fn browser_cors(result: Result<(), NoReply>) -> Fact {
    match result {
        Ok(()) => Fact::CorsAllowed,
        Err(browser_said) => Fact::CorsRefused {
            seen: CorsSeen::Blocked { browser_said },
        },
    }
}

/// A signed listing's answer, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Page(s3_presign::ListObjectsV2Page),
    /// An S3 error; `error.code` is empty when the body held no error document.
    Error {
        status: u16,
        error: S3Error,
    },
    /// Something S3 would not send, or nothing at all.
    NotS3(Unlisted),
}

impl Answer {
    /// Reads the status and body of a ListObjectsV2 request.
    pub fn of_listing(status: u16, body: &[u8]) -> Self {
        if (200..300).contains(&status) {
            return match parse_list_objects_v2(body) {
                Ok(page) => Answer::Page(page),
                Err(XmlError::ErrorDocument(error)) => Answer::Error {
                    status,
                    error: *error,
                },
                Err(other) => Answer::NotS3(Unlisted::NotXml(other)),
            };
        }
        Answer::Error {
            status,
            error: parse_error(body).unwrap_or_default(),
        }
    }

    fn code(&self) -> &str {
        match self {
            Answer::Error { error, .. } => &error.code,
            _ => "",
        }
    }

    /// Whether the storage refused the request's time; then it did not look at the keys,
    /// and the runner signs again by the storage's clock if it can read it.
    pub fn refused_time(&self) -> bool {
        match self {
            Answer::Error { error, .. } => is_time_refusal(&error.code, error.message.as_deref()),
            _ => false,
        }
    }

    /// The storage's time as its error document says it (AWS sends it with skew errors).
    pub fn server_time(&self) -> Option<&str> {
        match self {
            Answer::Error { error, .. } => error.server_time.as_deref(),
            _ => None,
        }
    }

    /// The listing page, or why there is none.
    pub fn page(self) -> Result<s3_presign::ListObjectsV2Page, Unlisted> {
        match self {
            Answer::Page(page) => Ok(page),
            Answer::Error { status, error } => Err(Unlisted::Refused {
                status,
                code: error.code,
            }),
            Answer::NotS3(reason) => Err(reason),
        }
    }

    /// Whether the bucket is missing; then the runner lists the buckets for step 5.
    pub fn no_such_bucket(&self) -> bool {
        self.code() == "NoSuchBucket"
    }
}

/// Step 3, from the answer to the signed listing (signed again by the storage's clock when
/// the first was refused for its time and that clock could be read).
pub fn keys(answer: &Answer) -> Fact {
    let (status, error) = match answer {
        Answer::Page(_) => return Fact::KeysAccepted,
        Answer::NotS3(reason) => {
            return Fact::NotS3 {
                reason: reason.clone(),
            }
        }
        Answer::Error { status, error } => (*status, error),
    };
    if answer.refused_time() {
        return Fact::KeysUnchecked;
    }
    let code = error.code.clone();
    match code.as_str() {
        "InvalidAccessKeyId" => Fact::UnknownKey,
        "SignatureDoesNotMatch" => Fact::WrongSecret,
        "ExpiredToken" | "InvalidToken" | "TokenRefreshRequired" => Fact::BadToken { code },
        "AccessDenied" | "AllAccessDisabled" | "AccountProblem" => Fact::NotAllowed {
            message: error.message.clone(),
        },
        "AuthorizationHeaderMalformed"
        | "AuthorizationQueryParametersError"
        | "PermanentRedirect"
        | "IllegalLocationConstraintException" => Fact::WrongRegion { code },
        // The storage checked the signature before it looked for the bucket.
        "NoSuchBucket" => Fact::KeysAccepted,
        _ => Fact::Refused {
            status,
            code,
            message: error.message.clone(),
        },
    }
}

/// Step 4: `first` is the answer to the request signed by this computer's clock, `offset_ms`
/// the storage's clock minus this computer's, when it could be read.
pub fn clock(first: &Answer, offset_ms: Option<i64>) -> Fact {
    if first.refused_time() {
        return Fact::ClockRefused {
            offset_ms,
            code: first.code().to_owned(),
        };
    }
    match offset_ms {
        Some(offset_ms) if offset_ms.abs() >= NOTICEABLE_MS => Fact::ClockOff { offset_ms },
        _ => Fact::ClockInStep { offset_ms },
    }
}

/// Step 5; `others` is the ListBuckets answer read by [`bucket_names`], asked for only when
/// the bucket is missing.
pub fn bucket(answer: &Answer, others: Option<Result<Vec<String>, Unlisted>>) -> Fact {
    if answer.no_such_bucket() {
        Fact::NoBucket {
            others: others.unwrap_or(Err(Unlisted::NotAsked)),
        }
    } else {
        Fact::BucketFound
    }
}

/// The buckets in a ListBuckets answer, sorted, or why there are none to name.
pub fn bucket_names(status: u16, body: &[u8]) -> Result<Vec<String>, Unlisted> {
    if (200..300).contains(&status) {
        let mut names = parse_list_buckets(body).map_err(Unlisted::NotXml)?;
        names.sort();
        return Ok(names);
    }
    let code = parse_error(body).map(|e| e.code).unwrap_or_default();
    Err(Unlisted::Refused { status, code })
}

/// The bucket's top level from a listing with delimiter `/` and no prefix, or why it
/// could not be read.
pub fn top_level(answer: Answer) -> Result<Top, Unlisted> {
    answer.page().map(|page| Top {
        loose_objects: page.contents.len(),
        more: page.is_truncated,
        prefixes: page.common_prefixes,
    })
}

/// Step 6: objects counted page by page, up to [`MAX_PAGES`].
#[derive(Debug, Default, Clone)]
pub struct Tally {
    /// The prefix listed, to tell logscope's own folder in it.
    prefix: String,
    count: u64,
    pages: u32,
    more: bool,
}

impl Tally {
    pub fn new(prefix: &str) -> Self {
        Self {
            prefix: prefix.to_owned(),
            ..Self::default()
        }
    }

    /// Counts one page; returns the continuation token when another page should be read.
    pub fn add(&mut self, page: &s3_presign::ListObjectsV2Page) -> Option<String> {
        // logscope's own objects (the summary index) are not logs.
        let logs = page
            .contents
            .iter()
            .filter(|object| !session_log::key::is_own(&self.prefix, &object.key));
        self.count += logs.count() as u64;
        self.pages += 1;
        self.more = page.is_truncated;
        let token = page.next_continuation_token.clone().filter(|_| self.more);
        token.filter(|_| self.pages < MAX_PAGES)
    }

    /// Whether the objects are so far none: then the runner lists the top level.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The step's finding; `top` is the bucket's top level when nothing was found.
    pub fn fact(&self, top: Option<Result<Top, Unlisted>>) -> Fact {
        if self.count > 0 {
            return Fact::ObjectsFound {
                count: self.count,
                at_least: self.more,
            };
        }
        Fact::NoObjects {
            top: top.unwrap_or(Err(Unlisted::NotAsked)),
        }
    }

    /// A page after the first failed: what was counted, and why counting stopped.
    pub fn stopped(&self, reason: Unlisted) -> Fact {
        Fact::CountStopped {
            count: self.count,
            reason,
        }
    }
}

#[cfg(test)]
mod tests;
