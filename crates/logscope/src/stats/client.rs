//! One S3 request at a time, over HTTP: sign it as of now, send it with timeouts, read the
//! answer, and retry what may go away by itself. Above this, there are only listing pages,
//! object bytes, or a [`Failure`] that says which of the three ways it went wrong.

use super::retry::{GaveUp, RetryPolicy, Transient};
use chrono::Utc;
use s3_presign::{Bucket, Credentials, Expiry, ListObjectsV2, ListObjectsV2Page, XmlError};
use session_log::SizeLimit;
use std::io;
use std::time::Duration;

/// A signature need only outlive its one request; each retry is signed anew.
const SIGNED_FOR_SECS: u64 = 900;
/// A page of 1000 keys is well under a megabyte.
const MAX_LISTING_BYTES: u64 = 64 * 1024 * 1024;
/// Error documents are a few hundred bytes.
const MAX_ERROR_BYTES: u64 = 1024 * 1024;

/// How a request failed.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// S3 answered with an error status; `code` comes from its error document, and is
    /// empty when it sent none.
    S3 {
        status: u16,
        code: String,
        message: Option<String>,
    },
    /// No answer: refused, reset, timed out, unknown host, TLS.
    Network { reason: String, transient: bool },
    /// An answer, but not one S3 would give.
    Unreadable(String),
}

impl Transient for Failure {
    fn is_transient(&self) -> bool {
        match self {
            Self::S3 { status, code, .. } => {
                s3_presign::classify(*status, code) == s3_presign::ErrorKind::Transient
            }
            Self::Network { transient, .. } => *transient,
            Self::Unreadable(_) => false,
        }
    }
}

/// A failure after its retries.
pub type Failed = GaveUp<Failure>;

pub struct Client {
    agent: ureq::Agent,
    bucket: Bucket,
    credentials: Credentials,
    retry: RetryPolicy,
    limit: SizeLimit,
}

impl Client {
    /// `connections` is how many requests may be in flight at once, so as many are kept
    /// open for reuse; each may take `timeout` at most; no object over `limit` is read.
    pub fn new(
        bucket: Bucket,
        credentials: Credentials,
        connections: usize,
        timeout: Duration,
        limit: SizeLimit,
    ) -> Self {
        Self {
            agent: agent_with_timeout(connections, timeout),
            bucket,
            credentials,
            retry: RetryPolicy::default(),
            limit,
        }
    }

    pub fn size_limit(&self) -> SizeLimit {
        self.limit
    }

    pub fn bucket(&self) -> &Bucket {
        &self.bucket
    }

    pub fn access_key(&self) -> &str {
        self.credentials.access_key()
    }

    /// `scheme://host[:port]`, for messages.
    pub fn endpoint(&self) -> String {
        format!("{}://{}", self.bucket.scheme(), self.bucket.host())
    }

    /// One page of keys under `prefix`; keys come url-encoded on the wire so that any
    /// character survives XML, and decoded here.
    pub fn list_page(
        &self,
        prefix: &str,
        delimiter: Option<&str>,
        continuation_token: Option<&str>,
    ) -> Result<ListObjectsV2Page, Failed> {
        let list = ListObjectsV2 {
            prefix: Some(prefix).filter(|p| !p.is_empty()),
            delimiter,
            continuation_token,
            encoding_type: Some("url"),
            ..ListObjectsV2::default()
        };
        let body = self.retry.run(|| {
            let url = s3_presign::list_objects_v2(
                &self.bucket,
                &self.credentials,
                &list,
                Utc::now(),
                expiry(),
            );
            self.send(&url, MAX_LISTING_BYTES)
        })?;
        s3_presign::parse_list_objects_v2(&body).map_err(|error| GaveUp {
            last: match error {
                XmlError::ErrorDocument(e) => Failure::S3 {
                    status: 200,
                    code: e.code,
                    message: e.message,
                },
                other => Failure::Unreadable(other.to_string()),
            },
            attempts: 1,
        })
    }

    /// The bytes of one object, of `listed_size` bytes when the listing gave one: an answer
    /// of another length was cut short (a dropped connection, a `Content-Length` that says
    /// less than the object holds) and is asked for again.
    pub fn get(&self, key: &str, listed_size: Option<u64>) -> Result<Vec<u8>, Failed> {
        self.retry.run(|| {
            let url =
                s3_presign::get_object(&self.bucket, &self.credentials, key, Utc::now(), expiry())
                    .map_err(|e| Failure::Unreadable(e.to_string()))?;
            let bytes = self.send(&url, self.limit.bytes())?;
            match s3_presign::short_answer(bytes.len(), listed_size) {
                Some(short) => Err(Failure::Network {
                    reason: short.to_string(),
                    transient: true,
                }),
                None => Ok(bytes),
            }
        })
    }

    fn send(&self, url: &str, limit: u64) -> Result<Vec<u8>, Failure> {
        let response = self.agent.get(url).call().map_err(network)?;
        read_answer(response, limit)
    }
}

/// The body of a 2xx answer (at most `limit` bytes), or the failure an error answer names.
pub(crate) fn read_answer(
    mut response: ureq::http::Response<ureq::Body>,
    limit: u64,
) -> Result<Vec<u8>, Failure> {
    let status = response.status().as_u16();
    let body = response.body_mut();
    if (200..300).contains(&status) {
        return body
            .with_config()
            .limit(limit)
            .read_to_vec()
            .map_err(network);
    }
    // A 5xx from a proxy may have no body, or an HTML one: the status still counts.
    let text = body
        .with_config()
        .limit(MAX_ERROR_BYTES)
        .read_to_vec()
        .unwrap_or_default();
    let s3_presign::ErrorAnswer {
        status,
        code,
        message,
    } = s3_presign::ErrorAnswer::read(status, &text);
    Err(Failure::S3 {
        status,
        code,
        message,
    })
}

/// The HTTP agent every S3 request of the CLI goes through; `connections` are kept open for
/// reuse.
pub(crate) fn agent(connections: usize) -> ureq::Agent {
    agent_with_timeout(connections, Duration::from_secs(120))
}

/// [`agent`], with requests given up after `timeout` in all (and after 30 seconds, or
/// `timeout` if less, without an answer's head).
fn agent_with_timeout(connections: usize, timeout: Duration) -> ureq::Agent {
    let config = ureq::Agent::config_builder()
        // Error statuses carry S3's error document, which we read ourselves.
        .http_status_as_error(false)
        // S3 redirects only to say "wrong region"; a presigned URL cannot follow it.
        .max_redirects(0)
        .timeout_connect(Some(Duration::from_secs(10).min(timeout)))
        .timeout_recv_response(Some(Duration::from_secs(30).min(timeout)))
        .timeout_global(Some(timeout))
        .max_idle_connections(connections)
        .max_idle_connections_per_host(connections)
        .user_agent(concat!("logscope/", env!("CARGO_PKG_VERSION")))
        .build();
    ureq::Agent::new_with_config(config)
}

fn expiry() -> Expiry {
    Expiry::from_secs(SIGNED_FOR_SECS).expect("900 seconds is a valid expiry")
}

/// Names the network failure as a person would, and says whether trying again may help.
pub(crate) fn network(error: ureq::Error) -> Failure {
    let (reason, transient) = match &error {
        ureq::Error::Io(e) => match e.kind() {
            io::ErrorKind::ConnectionRefused => ("connection refused".to_owned(), true),
            io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted => {
                ("connection reset".to_owned(), true)
            }
            io::ErrorKind::TimedOut => ("timed out".to_owned(), true),
            io::ErrorKind::UnexpectedEof | io::ErrorKind::BrokenPipe => {
                ("connection closed early".to_owned(), true)
            }
            // rustls reports a certificate it does not trust as InvalidData: no retry fixes it.
            io::ErrorKind::InvalidData => (e.to_string(), false),
            _ => (e.to_string(), true),
        },
        ureq::Error::Timeout(which) => (format!("timed out ({which})"), true),
        ureq::Error::HostNotFound => ("host not found".to_owned(), true),
        ureq::Error::ConnectionFailed => ("connection failed".to_owned(), true),
        ureq::Error::Protocol(e) => (format!("broken HTTP answer: {e}"), true),
        ureq::Error::BodyExceedsLimit(limit) => {
            return Failure::Unreadable(format!("larger than {limit} bytes"))
        }
        other => (other.to_string(), false),
    };
    Failure::Network { reason, transient }
}
