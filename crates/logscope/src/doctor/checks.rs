//! The requests of `logscope doctor`, over HTTP with ureq: `doctor::checkup` says what to
//! ask next and decides what each answer means; this only sends and reads.

use std::io;
use std::time::Duration;

use chrono::{DateTime, Utc};
use doctor::checkup::{Ask, Checkup, Got, Runner};
use doctor::{Fact, NoReply};
use s3_presign::{Bucket, Credentials};

/// Error documents and listing pages of 1000 keys are well under this.
const MAX_BODY_BYTES: u64 = 64 * 1024 * 1024;

/// An HTTP answer, with the headers the checks read.
struct Reply {
    status: u16,
    body: Vec<u8>,
    date: Option<String>,
    at: DateTime<Utc>,
    allow_origin: Option<String>,
    allow_methods: Option<String>,
}

pub struct Checks {
    agent: ureq::Agent,
    checkup: Checkup,
}

impl Checks {
    pub fn new(bucket: Bucket, credentials: Credentials, prefix: &str, origin: &str) -> Self {
        let config = ureq::Agent::config_builder()
            // Error statuses carry S3's error document, which is what the checks read.
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(30)))
            .user_agent(concat!("logscope/", env!("CARGO_PKG_VERSION")))
            .tls_config(crate::trust::tls())
            .build();
        Self {
            agent: ureq::Agent::new_with_config(config),
            checkup: Checkup::new(bucket, credentials, prefix, origin, Runner::Terminal),
        }
    }

    /// Runs the steps in order, giving each finding to `step` as soon as it is known.
    pub fn run(mut self, mut step: impl FnMut(Fact)) {
        loop {
            let facts = match self.checkup.ask(Utc::now()) {
                Ask::Reach(url) => {
                    let reached = self.send("GET", &url, &[]).map(|reply| Some(reply.status));
                    self.checkup.reached(reached)
                }
                Ask::Preflight { url, origin } => {
                    let headers = [
                        ("Origin", origin.as_str()),
                        ("Access-Control-Request-Method", "GET"),
                    ];
                    let answer = self
                        .send("OPTIONS", &url, &headers)
                        .map(|reply| (reply.status, reply.allow_origin, reply.allow_methods));
                    self.checkup.preflighted(answer)
                }
                Ask::Get(url) => {
                    let got = self.send("GET", &url, &[]).map(|reply| Got {
                        status: reply.status,
                        body: reply.body,
                        date: reply.date,
                        at: reply.at,
                    });
                    self.checkup.got(got)
                }
                // A terminal reads every Date the storage sends: there is nothing better.
                Ask::HostDate => self.checkup.host_date(None),
                Ask::Done => return,
            };
            facts.into_iter().for_each(&mut step);
        }
    }

    fn send(&self, method: &str, url: &str, headers: &[(&str, &str)]) -> Result<Reply, NoReply> {
        let mut request = ureq::http::Request::builder().method(method).uri(url);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request.body(()).map_err(|e| NoReply::Said(e.to_string()))?;
        let mut response = self.agent.run(request).map_err(reason)?;
        let at = Utc::now();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let (date, allow_origin, allow_methods) = (
            header("date"),
            header("access-control-allow-origin"),
            header("access-control-allow-methods"),
        );
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY_BYTES)
            .read_to_vec()
            .map_err(reason)?;
        Ok(Reply {
            status,
            body,
            date,
            at,
            allow_origin,
            allow_methods,
        })
    }
}

/// A failed request as a person would name it.
pub(super) fn reason(error: ureq::Error) -> NoReply {
    let words = match &error {
        ureq::Error::Io(e) => match e.kind() {
            io::ErrorKind::ConnectionRefused => "connection refused".to_owned(),
            io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted => {
                "connection reset".to_owned()
            }
            io::ErrorKind::TimedOut => "timed out".to_owned(),
            io::ErrorKind::InvalidData => crate::trust::with_hint(e),
            _ => e.to_string(),
        },
        ureq::Error::Timeout(which) => format!("timed out ({which})"),
        ureq::Error::HostNotFound => "host not found".to_owned(),
        ureq::Error::ConnectionFailed => "connection failed".to_owned(),
        other => other.to_string(),
    };
    NoReply::Said(words)
}
