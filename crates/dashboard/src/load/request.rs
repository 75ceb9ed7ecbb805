//! One S3 request, start to end: sign it as of the (corrected) clock, fetch it, read S3's
//! error document, and try again when that may help: after a short wait for what goes away
//! by itself (5xx, `SlowDown`, a dropped connection), and once after correcting the clock
//! when the storage says it is off. Above this there are only bytes or a [`Failure`].

use std::cell::Cell;

use s3_presign::{Bucket, Credentials, Expiry, ListObjectsV2};

use crate::io::clock::{self, Clock};
use crate::io::http::{self, Refused};
use crate::state::problem::Trouble;
use crate::state::Store;

/// A signature need only outlive its one request; each try is signed anew.
const SIGNED_FOR_SECS: u64 = 900;
/// Tries for a failure that may go away by itself.
pub const ATTEMPTS: u32 = 3;

/// The wait after the `attempt`-th failed try: 300 ms, then 600 ms, each with up to half
/// again of jitter so that the lanes that failed together do not come back together.
pub fn backoff_ms(attempt: u32) -> u32 {
    let base = 300.0 * f64::from(1 << (attempt - 1).min(10));
    (base * (1.0 + js_sys::Math::random() / 2.0)) as u32
}

/// What a fetch of `url` that got no whole answer means. A dropped connection and a storage
/// without CORS look the same to a page: it is taken for CORS only when `may_be_cors` (the
/// storage never let this page read it, and trying again did not help) and the storage does
/// answer.
pub async fn no_answer(refused: Refused, url: &str, may_be_cors: bool) -> Failure {
    match refused {
        Refused::TimedOut => Failure::Network("no answer within a minute".to_owned()),
        Refused::Cut(reason) => Failure::Network(format!("the answer broke off: {reason}")),
        Refused::Blocked(_) if may_be_cors && http::answers(url).await => Failure::Cors,
        Refused::Blocked(reason) => Failure::Network(reason),
    }
}

/// How a request failed, after its retries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// S3 answered with an error; `code` is empty when it sent no error document.
    S3 {
        status: u16,
        code: String,
        message: Option<String>,
    },
    /// The storage answers, but not in a way this page may read.
    Cors,
    /// No answer.
    Network(String),
    /// An answer S3 would not give.
    Unreadable(String),
}

impl Failure {
    pub fn is_transient(&self) -> bool {
        match self {
            Self::S3 { status, code, .. } => {
                s3_presign::classify(*status, code) == s3_presign::ErrorKind::Transient
            }
            Self::Network(_) => true,
            Self::Cors | Self::Unreadable(_) => false,
        }
    }

    /// Whether every other request would fail the same way, so the load should stop.
    pub fn is_fatal(&self) -> bool {
        match self {
            Self::S3 { status, code, .. } => {
                s3_presign::classify(*status, code) == s3_presign::ErrorKind::Fatal
            }
            Self::Cors => true,
            Self::Network(_) | Self::Unreadable(_) => false,
        }
    }

    /// The reason recorded for one object that could not be read.
    pub fn reason(&self) -> String {
        match self {
            Self::S3 {
                status,
                code,
                message,
            } => {
                let answer = s3_presign::describe(*status, code);
                match message {
                    Some(message) => format!("{answer}: {message}"),
                    None => answer,
                }
            }
            Self::Cors => "blocked by the browser (CORS)".to_owned(),
            Self::Network(reason) | Self::Unreadable(reason) => reason.clone(),
        }
    }

    /// The failure as the store and the views know it.
    pub fn into_trouble(self) -> Trouble {
        match self {
            Self::S3 {
                status,
                code,
                message,
            } => Trouble::S3 {
                status,
                code,
                message,
            },
            Self::Cors => Trouble::Cors,
            Self::Network(reason) => Trouble::Network { reason },
            Self::Unreadable(reason) => Trouble::Unreadable { reason },
        }
    }
}

/// What to ask for.
pub enum Target<'a> {
    /// A ListObjectsV2 page; keys come url-encoded so any character survives XML.
    List {
        prefix: &'a str,
        delimiter: Option<&'a str>,
        token: Option<&'a str>,
        /// Only keys after this one (ignored by the server once a token is given).
        start_after: Option<&'a str>,
    },
    /// An object's bytes, with its size when the listing gave one: an answer of another
    /// length was cut short and is asked for again.
    Object { key: &'a str, size: Option<u64> },
}

/// Signs and sends the requests of one load.
pub struct Requester {
    bucket: Bucket,
    credentials: Credentials,
    clock: Clock,
    store: Store,
    run: u64,
    stopped: Cell<bool>,
    /// Whether some answer of this load could be read: then CORS lets this page read the
    /// storage, and a failed fetch is the network's doing.
    read_any: Cell<bool>,
}

impl Requester {
    pub fn new(bucket: Bucket, credentials: Credentials, store: Store, run: u64) -> Self {
        Self {
            bucket,
            credentials,
            clock: Clock::default(),
            store,
            run,
            stopped: Cell::new(false),
            read_any: Cell::new(false),
        }
    }

    pub fn bucket(&self) -> &Bucket {
        &self.bucket
    }

    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// Now, by the clock requests are signed with.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    pub fn store(&self) -> Store {
        self.store
    }

    pub fn run(&self) -> u64 {
        self.run
    }

    /// Whether this load should go on: it neither failed nor was replaced by a newer one.
    pub fn live(&self) -> bool {
        !self.stopped.get() && self.store.is_current(self.run)
    }

    /// Stops the load; returns whether it was still going (so only the first problem shows).
    pub fn stop(&self) -> bool {
        !self.stopped.replace(true)
    }

    /// The body of a 2xx answer to `target`.
    pub async fn get(&self, target: Target<'_>) -> Result<Vec<u8>, Failure> {
        let mut attempt = 0;
        let mut clock_retried = false;
        loop {
            attempt += 1;
            let signed_with = self.clock.offset_ms();
            let url = self.sign(&target)?;
            let reply = http::get(&url).await;
            if reply.is_ok() {
                self.read_any.set(true);
            }
            let failure = match reply {
                Ok(reply) if (200..300).contains(&reply.status) => {
                    let listed = match target {
                        Target::Object { size, .. } => size,
                        Target::List { .. } => None,
                    };
                    match s3_presign::short_answer(reply.body.len(), listed) {
                        Some(why) => Failure::Network(why.to_string()),
                        None => return Ok(reply.body),
                    }
                }
                Ok(reply) => {
                    let error = s3_presign::parse_error(&reply.body).unwrap_or_default();
                    if !clock_retried && clock::is_skew(&error.code, error.message.as_deref()) {
                        clock_retried = true;
                        // Requests that failed alongside this one need not correct again.
                        let corrected = self.clock.offset_ms() != signed_with
                            || self
                                .correct_clock(error.server_time.as_deref(), reply.date.as_deref())
                                .await;
                        if corrected {
                            continue;
                        }
                    }
                    Failure::S3 {
                        status: reply.status,
                        code: error.code,
                        message: error.message,
                    }
                }
                Err(refused) => {
                    let may_be_cors = !self.read_any.get() && attempt >= ATTEMPTS;
                    no_answer(refused, &url, may_be_cors).await
                }
            };
            if !failure.is_transient() || attempt >= ATTEMPTS || !self.live() {
                return Err(failure);
            }
            crate::io::timer::sleep(backoff_ms(attempt)).await;
        }
    }

    fn sign(&self, target: &Target<'_>) -> Result<String, Failure> {
        let now = self.clock.now();
        let expiry = Expiry::from_secs(SIGNED_FOR_SECS).expect("900 seconds is a valid expiry");
        match *target {
            Target::List {
                prefix,
                delimiter,
                token,
                start_after,
            } => {
                let list = ListObjectsV2 {
                    prefix: Some(prefix).filter(|p| !p.is_empty()),
                    delimiter,
                    continuation_token: token,
                    start_after,
                    encoding_type: Some("url"),
                    ..ListObjectsV2::default()
                };
                Ok(s3_presign::list_objects_v2(
                    &self.bucket,
                    &self.credentials,
                    &list,
                    now,
                    expiry,
                ))
            }
            Target::Object { key, .. } => {
                s3_presign::get_object(&self.bucket, &self.credentials, key, now, expiry)
                    .map_err(|e| Failure::Unreadable(e.to_string()))
            }
        }
    }

    /// Sets the clock from the server's time, if it can be found and differs enough.
    async fn correct_clock(&self, server_time: Option<&str>, date: Option<&str>) -> bool {
        let server = match clock::server_time(server_time, date) {
            Some(time) => Some(time),
            None => {
                let own = http::own_host_date().await;
                clock::server_time(None, own.as_deref())
            }
        };
        let Some(offset) = server.and_then(|time| self.clock.correct_to(time)) else {
            return false;
        };
        self.store.update_progress(self.run, |p| {
            p.clock_offset_ms = Some(offset);
        });
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s3(status: u16, code: &str) -> Failure {
        Failure::S3 {
            status,
            code: code.into(),
            message: None,
        }
    }

    #[test]
    fn credentials_and_cors_stop_the_load_but_one_bad_object_does_not() {
        assert!(s3(403, "SignatureDoesNotMatch").is_fatal());
        assert!(s3(404, "NoSuchBucket").is_fatal());
        assert!(Failure::Cors.is_fatal());
        assert!(!s3(404, "NoSuchKey").is_fatal());
        assert!(!s3(503, "SlowDown").is_fatal());
        assert!(!Failure::Network("reset".into()).is_fatal());
    }

    #[test]
    fn only_what_may_go_away_is_retried() {
        assert!(s3(503, "SlowDown").is_transient());
        assert!(s3(500, "").is_transient());
        assert!(s3(429, "").is_transient());
        assert!(Failure::Network("reset".into()).is_transient());
        assert!(!s3(403, "AccessDenied").is_transient());
        assert!(!Failure::Cors.is_transient());
    }

    #[test]
    fn an_unavailable_object_says_why() {
        let failure = Failure::S3 {
            status: 404,
            code: "NoSuchKey".into(),
            message: Some("The specified key does not exist.".into()),
        };
        assert_eq!(
            failure.reason(),
            "NoSuchKey (HTTP 404): The specified key does not exist."
        );
        assert_eq!(s3(502, "").reason(), "no error code (HTTP 502)");
    }
}
