//! Both machines against the real S3 server (local-s3 on 127.0.0.1), driven by a small ureq
//! runner: real pages of a thousand keys, real error documents, real faults on the wire, and
//! a server whose clock is an hour ahead.

// local-s3 and ureq are native: the machines themselves are tested on wasm32 too.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use local_s3::faults::{Fault, Faults};
use local_s3::{LocalS3, LocalS3Config};
use s3_presign::{Bucket, Credentials, ObjectEntry, UrlStyle};
use s3_read::clock::correction;
use s3_read::{Answer, Ask, Failed, Failure, Fetch, Listing, Lost, Machine, MAX_ERROR_BYTES};
use session_log::SizeLimit;

const ACCESS: &str = "S3READTESTKEY";
const SECRET: &str = "s3-read/test+secret";
const BUCKET: &str = "logs";

/// A runner as the CLI's is, with its own clock correction.
struct Runner {
    agent: ureq::Agent,
    bucket: Bucket,
    credentials: Credentials,
    offset_ms: i64,
}

impl Runner {
    fn new(s3: &LocalS3, bucket: &str, timeout: Duration) -> Self {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(timeout))
            .build();
        Self {
            agent: ureq::Agent::new_with_config(config),
            bucket: Bucket::new(&s3.endpoint(), bucket, "us-east-1", UrlStyle::Path).unwrap(),
            credentials: Credentials::new(ACCESS, SECRET).unwrap(),
            offset_ms: 0,
        }
    }

    fn now(&self) -> DateTime<Utc> {
        Utc::now() + chrono::Duration::milliseconds(self.offset_ms)
    }

    /// Runs `read` to its end; each output goes to `each`.
    fn run<M: Machine>(
        &mut self,
        read: &mut M,
        mut each: impl FnMut(M::Output),
    ) -> Result<(), Failed> {
        loop {
            let ended = match read.next() {
                Ask::Send(request) => {
                    let url = request.presign(&self.bucket, &self.credentials, self.now());
                    match read.got(self.send(&url, request.body_limit())) {
                        Some(Ok(output)) => {
                            each(output);
                            None
                        }
                        Some(Err(failed)) => Some(failed),
                        None => None,
                    }
                }
                Ask::Wait(backoff) => {
                    std::thread::sleep(backoff.wait(fastrand::f64()));
                    None
                }
                Ask::Probe(_) => read.probed(false),
                Ask::FixClock(skew) => {
                    let local = Utc::now().timestamp_millis();
                    let fixed = skew
                        .server
                        .and_then(|server| correction(server, local, self.offset_ms));
                    if let Some(offset) = fixed {
                        self.offset_ms = offset;
                    }
                    read.clock_fixed(fixed.is_some())
                }
                Ask::Done => return Ok(()),
            };
            if let Some(failed) = ended {
                return Err(failed);
            }
        }
    }

    fn send(&self, url: &str, limit: u64) -> Result<Answer, Lost> {
        let lost = |error: ureq::Error| match error {
            ureq::Error::Timeout(which) => Lost::TimedOut(format!("timed out ({which})")),
            other => Lost::Network(other.to_string()),
        };
        let mut response = self.agent.get(url).call().map_err(lost)?;
        let status = response.status().as_u16();
        let date = response
            .headers()
            .get("date")
            .and_then(|d| d.to_str().ok())
            .map(str::to_owned);
        let success = (200..300).contains(&status);
        let read = response
            .body_mut()
            .with_config()
            .limit(if success { limit } else { MAX_ERROR_BYTES })
            .read_to_vec();
        let body = match read {
            Ok(body) => body,
            Err(ureq::Error::BodyExceedsLimit(_)) => return Err(Lost::OverLimit(limit)),
            Err(ureq::Error::Timeout(which)) => {
                return Err(Lost::TimedOut(format!("timed out ({which})")))
            }
            Err(error) if success => return Err(Lost::BrokeOff(error.to_string())),
            Err(_) => Vec::new(),
        };
        Ok(Answer { status, body, date })
    }

    fn list(&mut self, listing: Listing) -> Result<Vec<ObjectEntry>, Failed> {
        let mut objects = Vec::new();
        self.run(&mut { listing }, |page| objects.extend(page.contents))?;
        Ok(objects)
    }

    fn fetch(&mut self, object: &ObjectEntry, limit: SizeLimit) -> Result<Vec<u8>, Failed> {
        let mut fetch = Fetch::new(&object.key, object.size, limit)?;
        let mut body = None;
        self.run(&mut fetch, |bytes| body = Some(bytes))?;
        Ok(body.expect("a read that did not fail has its bytes"))
    }
}

fn body_of(i: usize) -> Vec<u8> {
    format!("object {i} ").repeat(i % 7 + 1).into_bytes()
}

/// `n` objects under `logs/`, spread over folders; returns their keys, sorted.
fn fill(root: &Path, n: usize) -> Vec<String> {
    let mut keys: Vec<String> = (0..n)
        .map(|i| {
            let key = format!("logs/{}/é {i:05}+x.txt", i % 13);
            local_s3::put_object(root, BUCKET, &key, &body_of(i)).unwrap();
            key
        })
        .collect();
    local_s3::put_object(root, BUCKET, "other/readme.txt", b"not here").unwrap();
    keys.sort();
    keys
}

fn index_of(key: &str) -> usize {
    key.rsplit(' ').next().unwrap()[..5].parse().unwrap()
}

#[test]
fn a_listing_of_more_than_a_thousand_keys_comes_page_by_page() {
    let root = tempfile::tempdir().unwrap();
    let keys = fill(root.path(), 1100);
    let s3 = LocalS3::start(LocalS3Config::new(root.path(), ACCESS, SECRET)).unwrap();
    let mut runner = Runner::new(&s3, BUCKET, Duration::from_secs(30));

    let mut pages = Vec::new();
    runner
        .run(&mut Listing::new("logs/"), |page| pages.push(page))
        .unwrap();
    assert_eq!(pages.len(), 2, "S3 pages hold a thousand keys");
    let listed: Vec<&str> = pages
        .iter()
        .flat_map(|page| page.contents.iter().map(|o| o.key.as_str()))
        .collect();
    assert_eq!(listed, keys);

    let top = runner.list(Listing::new("").delimiter("/")).unwrap();
    assert!(top.is_empty());
    let mut folders = Vec::new();
    runner
        .run(&mut Listing::new("").delimiter("/"), |page| {
            folders.extend(page.common_prefixes)
        })
        .unwrap();
    assert_eq!(folders, ["logs/", "other/"]);

    let nine: Vec<&String> = keys.iter().filter(|k| k.starts_with("logs/9/")).collect();
    let middle = nine[nine.len() / 2];
    let after = runner
        .list(Listing::new("logs/9/").start_after(middle))
        .unwrap();
    let after: Vec<&String> = after.iter().map(|o| &o.key).collect();
    assert_eq!(after, nine[nine.len() / 2 + 1..]);

    let object = &runner.list(Listing::new("logs/3/")).unwrap()[0];
    let body = runner.fetch(object, SizeLimit::default()).unwrap();
    assert_eq!(body, body_of(index_of(&object.key)));
}

#[test]
fn refusals_come_back_as_the_failures_they_are() {
    let root = tempfile::tempdir().unwrap();
    fill(root.path(), 3);
    let s3 = LocalS3::start(LocalS3Config::new(root.path(), ACCESS, SECRET)).unwrap();

    let mut missing = Runner::new(&s3, "no-such-bucket", Duration::from_secs(30));
    let failed = missing.list(Listing::new("logs/")).unwrap_err();
    assert!(
        matches!(&failed.failure, Failure::S3 { status: 404, code, .. } if code == "NoSuchBucket"),
        "{failed:?}"
    );
    assert!(failed.failure.is_fatal());
    assert_eq!(failed.tries, 1);

    let mut runner = Runner::new(&s3, BUCKET, Duration::from_secs(30));
    let gone = ObjectEntry {
        key: "logs/1/gone.txt".into(),
        ..ObjectEntry::default()
    };
    let failed = runner.fetch(&gone, SizeLimit::default()).unwrap_err();
    assert!(
        matches!(&failed.failure, Failure::S3 { status: 404, code, .. } if code == "NoSuchKey"),
        "{failed:?}"
    );
    assert!(!failed.failure.is_fatal());

    let mut wrong = Runner::new(&s3, BUCKET, Duration::from_secs(30));
    wrong.credentials = Credentials::new(ACCESS, "not the secret").unwrap();
    let failed = wrong.list(Listing::new("")).unwrap_err();
    assert!(
        failed
            .to_string()
            .starts_with("SignatureDoesNotMatch (HTTP 403)"),
        "{failed}"
    );
    assert!(!failed.to_string().contains("not the secret"));
}

#[test]
fn a_clock_an_hour_behind_the_storage_is_corrected_and_the_read_goes_through() {
    let root = tempfile::tempdir().unwrap();
    let keys = fill(root.path(), 5);
    let mut config = LocalS3Config::new(root.path(), ACCESS, SECRET);
    config.clock_ahead = Duration::from_secs(3600);
    let s3 = LocalS3::start(config).unwrap();
    let mut runner = Runner::new(&s3, BUCKET, Duration::from_secs(30));

    let listed = runner.list(Listing::new("logs/")).unwrap();
    assert_eq!(listed.len(), keys.len());
    let off = (runner.offset_ms - 3_600_000).abs();
    assert!(off < 5_000, "corrected by {} ms", runner.offset_ms);
    // Signed by the corrected clock from the start: no refusal, one try.
    let body = runner.fetch(&listed[0], SizeLimit::default()).unwrap();
    assert_eq!(body, body_of(index_of(&listed[0].key)));
}

#[test]
fn with_faults_of_every_kind_every_object_still_arrives_whole() {
    let root = tempfile::tempdir().unwrap();
    let keys = fill(root.path(), 150);
    let mut config = LocalS3Config::new(root.path(), ACCESS, SECRET);
    // Never more than three faults in a row for one path, so that five tries get through.
    config.faults = Some(Faults::new(
        0.25,
        Fault::all(Duration::from_millis(100)),
        3,
        7,
    ));
    let s3 = LocalS3::start(config).unwrap();
    // Stalled answers are given up after a second, then tried again.
    let mut runner = Runner::new(&s3, BUCKET, Duration::from_secs(1));

    let listed = runner.list(Listing::new("logs/")).unwrap();
    let listed_keys: Vec<&str> = listed.iter().map(|o| o.key.as_str()).collect();
    assert_eq!(listed_keys, keys);
    for object in &listed {
        let body = runner.fetch(object, SizeLimit::default()).unwrap();
        assert_eq!(body, body_of(index_of(&object.key)), "{}", object.key);
    }
    let count = s3.fault_count().unwrap();
    assert_eq!(
        count.by_kind.len(),
        7,
        "every kind of fault was met: {count:?}"
    );
}
