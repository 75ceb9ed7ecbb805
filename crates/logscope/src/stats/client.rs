//! The CLI's runner of s3-read's machines: it signs each request they ask for by this
//! machine's clock (corrected when the storage says it is off), sends it with ureq and
//! timeouts, and hands back the status, body and `Date`, or why there was none. Which page to
//! ask next, when to try again and what a failure was are s3-read's.

use chrono::{DateTime, Utc};
use s3_presign::{Bucket, Credentials, ListObjectsV2Page};
use s3_read::{Answer, Ask, Failed, Fetch, Listing, Lost, Machine, Skew, MAX_ERROR_BYTES};
use session_log::SizeLimit;
use std::io;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::Duration;

pub struct Client {
    agent: ureq::Agent,
    bucket: Bucket,
    credentials: Credentials,
    limit: SizeLimit,
    clock: Clock,
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
            limit,
            clock: Clock::default(),
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

    /// The next page of `listing`; call it while the listing is not
    /// [finished](Listing::finished).
    pub fn page(&self, listing: &mut Listing) -> Result<ListObjectsV2Page, Failed> {
        self.run(listing)
            .expect("a listing that is not finished has a page or a failure to come")
    }

    /// The bytes of the object `fetch` reads.
    pub fn get(&self, mut fetch: Fetch) -> Result<Vec<u8>, Failed> {
        self.run(&mut fetch)
            .expect("a fetch ends with the bytes or a failure")
    }

    /// Does what `read` asks until it yields its next output or fails; `None` once it is
    /// done.
    fn run<M: Machine>(&self, read: &mut M) -> Option<Result<M::Output, Failed>> {
        let mut signed_with = self.clock.offset_ms();
        loop {
            let ended = match read.next() {
                Ask::Send(request) => {
                    signed_with = self.clock.offset_ms();
                    let url = request.presign(&self.bucket, &self.credentials, self.clock.now());
                    match read.got(self.send(&url, request.body_limit())) {
                        Some(result) => return Some(result),
                        None => None,
                    }
                }
                Ask::Wait(backoff) => {
                    std::thread::sleep(backoff.wait(fastrand::f64()));
                    None
                }
                // Only a page's rejected fetch is probed: ureq tells every failure apart, and
                // this runner never reports one as blocked.
                Ask::Probe(_) => read.probed(false),
                Ask::FixClock(skew) => read.clock_fixed(self.clock.fix(&skew, signed_with)),
                Ask::Done => return None,
            };
            if let Some(failed) = ended {
                return Some(Err(failed));
            }
        }
    }

    fn send(&self, url: &str, limit: u64) -> Result<Answer, Lost> {
        let response = self.agent.get(url).call().map_err(network)?;
        read_answer(response, limit)
    }
}

/// The time requests are signed by: this machine's clock, plus the correction the storage's
/// time called for. Shared by the workers, so that one correction serves them all.
#[derive(Default)]
struct Clock {
    offset_ms: AtomicI64,
    told: AtomicBool,
}

impl Clock {
    fn offset_ms(&self) -> i64 {
        self.offset_ms.load(Ordering::Relaxed)
    }

    fn now(&self) -> DateTime<Utc> {
        Utc::now() + chrono::Duration::milliseconds(self.offset_ms())
    }

    /// Whether the clock is now right for a request signed with the correction
    /// `signed_with` that the storage refused for its time: corrected since by another
    /// worker, or now to the storage's time.
    fn fix(&self, skew: &Skew, signed_with: i64) -> bool {
        let Some(server) = skew.server else {
            return self.offset_ms() != signed_with;
        };
        let Some(offset) =
            s3_read::clock::correction(server, Utc::now().timestamp_millis(), signed_with)
        else {
            return self.offset_ms() != signed_with;
        };
        match self.offset_ms.compare_exchange(
            signed_with,
            offset,
            Ordering::Relaxed,
            Ordering::Relaxed,
        ) {
            Ok(_) => {
                if !self.told.swap(true, Ordering::Relaxed) {
                    eprintln!(
                        "logscope: {} Requests are signed with the storage's time.",
                        doctor::clock::sentence(offset, doctor::Lang::En)
                    );
                }
                true
            }
            // Another worker corrected it meanwhile.
            Err(_) => true,
        }
    }
}

/// What came back: the status, the body of a 2xx answer (at most `limit` bytes) or of an
/// error answer (an S3 error document, or whatever a proxy sent), and the `Date` header.
pub(crate) fn read_answer(
    mut response: ureq::http::Response<ureq::Body>,
    limit: u64,
) -> Result<Answer, Lost> {
    let status = response.status().as_u16();
    let date = response
        .headers()
        .get("date")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let body = response.body_mut();
    let body = if (200..300).contains(&status) {
        body.with_config()
            .limit(limit)
            .read_to_vec()
            .map_err(|error| match network(error) {
                Lost::Network(reason) => Lost::BrokeOff(reason),
                other => other,
            })?
    } else {
        // A 5xx from a proxy may have no body, or an HTML one: the status still counts.
        body.with_config()
            .limit(MAX_ERROR_BYTES)
            .read_to_vec()
            .unwrap_or_default()
    };
    Ok(Answer { status, body, date })
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
        .tls_config(crate::trust::tls())
        .build();
    ureq::Agent::new_with_config(config)
}

/// Names the network failure as a person would, and whether trying again may help.
pub(crate) fn network(error: ureq::Error) -> Lost {
    match &error {
        ureq::Error::Io(e) => match e.kind() {
            io::ErrorKind::ConnectionRefused => Lost::Network("connection refused".to_owned()),
            io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted => {
                Lost::Network("connection reset".to_owned())
            }
            io::ErrorKind::TimedOut => Lost::TimedOut("timed out".to_owned()),
            io::ErrorKind::UnexpectedEof | io::ErrorKind::BrokenPipe => {
                Lost::Network("connection closed early".to_owned())
            }
            // rustls reports a certificate it does not trust as InvalidData: no retry fixes it.
            io::ErrorKind::InvalidData => Lost::Lasting(crate::trust::with_hint(e)),
            _ => Lost::Network(e.to_string()),
        },
        ureq::Error::Timeout(which) => Lost::TimedOut(format!("timed out ({which})")),
        ureq::Error::HostNotFound => Lost::Network("host not found".to_owned()),
        ureq::Error::ConnectionFailed => Lost::Network("connection failed".to_owned()),
        ureq::Error::Protocol(e) => Lost::Network(format!("broken HTTP answer: {e}")),
        ureq::Error::BodyExceedsLimit(limit) => Lost::OverLimit(*limit),
        other => Lost::Lasting(other.to_string()),
    }
}
