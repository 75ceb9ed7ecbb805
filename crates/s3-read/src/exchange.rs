//! What passes between a machine and its runner: the [`Ask`] (a request to sign and send, a
//! wait, ...) and what came back, an [`Answer`] or the reason there was none ([`Lost`]).

use chrono::{DateTime, Utc};
use s3_presign::{Bucket, Credentials, Expiry, ListObjectsV2};

use crate::Backoff;

/// A signature need only outlive its one request: each try is signed anew.
pub const SIGNED_FOR_SECS: u64 = 900;
/// The most bytes read of a listing page: a page of 1000 keys is well under a megabyte.
pub const MAX_PAGE_BYTES: u64 = 64 * 1024 * 1024;
/// The most bytes read of an error answer: S3's error documents are a few hundred bytes.
pub const MAX_ERROR_BYTES: u64 = 1024 * 1024;

/// What the runner should do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// Sign this request by your clock ([`Request::presign`]), `GET` it, and hand what came
    /// back to `got`: the status and body (of a 2xx at most [`Request::body_limit`] bytes,
    /// of an error at most [`MAX_ERROR_BYTES`]), or why there was none.
    Send(Request),
    /// Wait [`Backoff::wait`] for a random draw, then ask again.
    Wait(Backoff),
    /// Only after [`Lost::Blocked`]: does the storage answer this URL at all, readable or
    /// not (a browser's `fetch` with `mode: "no-cors"`)? Hand the answer to `probed`.
    Probe(Request),
    /// The storage refused the request's time. Correct your clock to [`Skew::server`] (or
    /// to another time you can learn of the storage's) if that changes it; hand whether the
    /// clock is now right to `clock_fixed`. Another read may have corrected it already.
    FixClock(Skew),
    /// Nothing more: the read is over.
    Done,
}

/// A request to sign: the runner signs it at the moment it sends it, by its own clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    target: Target,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    List {
        prefix: String,
        delimiter: Option<String>,
        token: Option<String>,
        start_after: Option<String>,
    },
    /// The key is never empty: the machine refused to read one.
    Object { key: String, limit: u64 },
}

impl Request {
    pub(crate) fn new(target: Target) -> Self {
        Self { target }
    }

    /// The presigned `GET` URL of this request as of `at`, valid for [`SIGNED_FOR_SECS`].
    /// Listings ask for url-encoded keys, so that any key survives XML.
    pub fn presign(&self, bucket: &Bucket, credentials: &Credentials, at: DateTime<Utc>) -> String {
        let expiry = Expiry::from_secs(SIGNED_FOR_SECS).expect("900 seconds is a valid expiry");
        match &self.target {
            Target::List {
                prefix,
                delimiter,
                token,
                start_after,
            } => {
                let list = ListObjectsV2 {
                    prefix: Some(prefix.as_str()).filter(|p| !p.is_empty()),
                    delimiter: delimiter.as_deref(),
                    continuation_token: token.as_deref(),
                    start_after: start_after.as_deref(),
                    encoding_type: Some("url"),
                    ..ListObjectsV2::default()
                };
                s3_presign::list_objects_v2(bucket, credentials, &list, at, expiry)
            }
            Target::Object { key, .. } => {
                s3_presign::get_object(bucket, credentials, key, at, expiry)
                    .expect("the only refusal, an empty key, is refused before any request")
            }
        }
    }

    /// The most bytes to read of a 2xx body; past them, the answer is [`Lost::OverLimit`].
    pub fn body_limit(&self) -> u64 {
        match &self.target {
            Target::List { .. } => MAX_PAGE_BYTES,
            Target::Object { limit, .. } => *limit,
        }
    }

    /// The object key, or `None` for a listing.
    pub fn key(&self) -> Option<&str> {
        match &self.target {
            Target::Object { key, .. } => Some(key),
            Target::List { .. } => None,
        }
    }

    /// The continuation token a listing page is asked with, if any.
    pub fn token(&self) -> Option<&str> {
        match &self.target {
            Target::List { token, .. } => token.as_deref(),
            Target::Object { .. } => None,
        }
    }
}

/// An HTTP answer, whatever its status.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
    /// The `Date` header, when it can be read (a page may read it only when CORS exposes
    /// it): the storage's time, for a clock correction.
    pub date: Option<String>,
}

/// Why there is no whole answer. The reasons are the runner's words for people, and never
/// hold the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lost {
    /// No answer: refused, reset, unknown host. Tried again.
    Network(String),
    /// No answer, and trying again cannot help: a certificate that is not trusted, a URL
    /// the client cannot send.
    Lasting(String),
    /// No whole answer in the time allowed.
    TimedOut(String),
    /// The head came, then the body stopped part way.
    BrokeOff(String),
    /// The 2xx body ran past [`Request::body_limit`] (this many bytes).
    OverLimit(u64),
    /// Page only: the browser's `fetch` was rejected. A page cannot tell a dropped
    /// connection from a storage without CORS rules for it: both reject with the same
    /// `TypeError`. It is taken as a network failure and tried again; when the last try
    /// fails too, the machine asks for a [`Ask::Probe`], and a storage that answers a
    /// `no-cors` request then is one whose CORS rules keep this page out. A runner that
    /// has read an answer from the storage before knows CORS lets it in, and reports
    /// [`Lost::Network`] instead. The CLI sees every answer and never reports this.
    Blocked(String),
}

/// The storage said the request's time was off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skew {
    /// The storage's time, from its error document's `ServerTime` or the answer's `Date`;
    /// `None` when neither told it (a page may then read its own host's `Date`).
    pub server: Option<DateTime<Utc>>,
}
