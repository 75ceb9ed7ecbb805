//! Baseline (c), the floor: a native client that does only what the dashboard's load must
//! do, with its concurrency, and nothing else. It lists the prefix flat (one listing request
//! at a time, 1000 keys a page, following continuation tokens) while `lanes` threads GET the
//! keys already found, each signed with s3-presign, parse them with `session_log::load` and
//! hand them over; the totals are then added in key order. No retries, no progress bar, no
//! report formatting: any failure ends the bench.

use crate::sums::Sums;
use chrono::Utc;
use s3_presign::{Bucket, Credentials, Expiry, ListObjectsV2, UrlStyle};
use session_log::{KeyKind, Loaded, PriceTable, SessionKey, Totals};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Where and as whom the floor reads.
pub struct Target<'a> {
    pub endpoint: &'a str,
    pub bucket: &'a str,
    pub prefix: &'a str,
    pub access: &'a str,
    pub secret: &'a str,
}

/// What the floor measured.
pub struct Floor {
    /// From the first listing request to the last sum.
    pub seconds: f64,
    /// From the first listing request to the last page of the listing.
    pub listing_seconds: f64,
    pub sums: Sums,
}

struct Signer {
    bucket: Bucket,
    credentials: Credentials,
    agent: ureq::Agent,
}

impl Signer {
    fn fetch(&self, url: &str, what: &str) -> Vec<u8> {
        let mut response = self
            .agent
            .get(url)
            .call()
            .unwrap_or_else(|e| panic!("floor: {what}: {e}"));
        response
            .body_mut()
            .with_config()
            .limit(256 * 1024 * 1024)
            .read_to_vec()
            .unwrap_or_else(|e| panic!("floor: reading {what}: {e}"))
    }
}

fn expiry() -> Expiry {
    Expiry::from_secs(900).expect("900 seconds is a valid expiry")
}

impl Signer {
    fn new(target: &Target<'_>, connections: usize) -> Signer {
        let agent = ureq::Agent::new_with_config(
            ureq::Agent::config_builder()
                .timeout_global(Some(Duration::from_secs(120)))
                .max_idle_connections(connections)
                .max_idle_connections_per_host(connections)
                .build(),
        );
        Signer {
            bucket: Bucket::new(target.endpoint, target.bucket, "us-east-1", UrlStyle::Path)
                .expect("the bench's endpoint and bucket are valid"),
            credentials: Credentials::new(target.access, target.secret)
                .expect("the bench's keys are valid"),
            agent,
        }
    }
}

/// The seconds the first page of the target's flat listing takes alone (1000 keys): what
/// every later page costs too on a server that walks the whole bucket for each.
pub fn first_page(target: &Target<'_>) -> f64 {
    let signer = Signer::new(target, 1);
    let (keys, _found) = mpsc::channel::<SessionKey>();
    list(&signer, target.prefix, &keys, Instant::now(), Some(1))
}

/// A presigned GET for every session object under the target's prefix, in key order (what
/// the page's floor, `logscope_e2e::floor`, fetches), and the seconds the flat listing took
/// alone, with nothing else asking the server: what no load, even a warm one, can go under.
pub fn presigned_gets(target: &Target<'_>) -> (Vec<String>, f64) {
    let signer = Signer::new(target, 1);
    let (keys, found) = mpsc::channel::<SessionKey>();
    let listing_seconds = list(&signer, target.prefix, &keys, Instant::now(), None);
    drop(keys);
    let urls = found
        .iter()
        .map(|key| {
            s3_presign::get_object(
                &signer.bucket,
                &signer.credentials,
                &key.key,
                Utc::now(),
                expiry(),
            )
            .expect("a session key is never empty")
        })
        .collect();
    (urls, listing_seconds)
}

/// Lists, fetches, parses and sums everything under the target's prefix.
pub fn run(target: &Target<'_>, lanes: usize) -> Floor {
    let signer = Arc::new(Signer::new(target, lanes + 1));
    let prices = Arc::new(PriceTable::builtin());
    let started = Instant::now();

    let (keys, queue) = mpsc::channel::<SessionKey>();
    let queue = Arc::new(Mutex::new(queue));
    let (loaded, arrived) = mpsc::channel::<Loaded>();
    let workers: Vec<_> = (0..lanes)
        .map(|_| {
            let (signer, prices, queue, loaded) = (
                Arc::clone(&signer),
                Arc::clone(&prices),
                Arc::clone(&queue),
                loaded.clone(),
            );
            std::thread::spawn(move || loop {
                let next = queue.lock().expect("no worker panics holding it").recv();
                let Ok(key) = next else { return };
                let url = s3_presign::get_object(
                    &signer.bucket,
                    &signer.credentials,
                    &key.key,
                    Utc::now(),
                    expiry(),
                )
                .expect("a session key is never empty");
                let body = signer.fetch(&url, &key.key);
                loaded
                    .send(session_log::load(key, &body, &prices))
                    .expect("the collector waits for every worker");
            })
        })
        .collect();
    drop(loaded);

    let listing_seconds = list(&signer, target.prefix, &keys, started, None);
    drop(keys);
    let mut all: Vec<Loaded> = arrived.iter().collect();
    for worker in workers {
        worker.join().expect("a floor worker failed");
    }
    all.sort_by(|a, b| a.key().cmp(b.key()));
    let mut totals = Totals::default();
    for one in &all {
        totals.add(one);
    }
    let sums = Sums::from_totals(&totals, "the native floor");
    Floor {
        seconds: started.elapsed().as_secs_f64(),
        listing_seconds,
        sums,
    }
}

/// Sends every session key under `prefix` to the workers as each page arrives, up to
/// `max_pages` pages; returns the seconds from `started` to the last page.
fn list(
    signer: &Signer,
    prefix: &str,
    keys: &mpsc::Sender<SessionKey>,
    started: Instant,
    max_pages: Option<usize>,
) -> f64 {
    let mut token: Option<String> = None;
    for _ in 0..max_pages.unwrap_or(usize::MAX) {
        let request = ListObjectsV2 {
            prefix: Some(prefix),
            continuation_token: token.as_deref(),
            encoding_type: Some("url"),
            ..ListObjectsV2::default()
        };
        let url = s3_presign::list_objects_v2(
            &signer.bucket,
            &signer.credentials,
            &request,
            Utc::now(),
            expiry(),
        );
        let body = signer.fetch(&url, &format!("listing {prefix}"));
        let page = s3_presign::parse_list_objects_v2(&body)
            .unwrap_or_else(|e| panic!("floor: listing {prefix}: {e}"));
        for object in page.contents {
            if let KeyKind::Session(key) = session_log::parse_key(prefix, &object.key) {
                keys.send(key).expect("the workers wait for every key");
            }
        }
        match page.next_continuation_token {
            Some(next) if page.is_truncated && token.as_ref() != Some(&next) => token = Some(next),
            _ if page.is_truncated => panic!("floor: listing {prefix}: truncated, no new token"),
            _ => break,
        }
    }
    started.elapsed().as_secs_f64()
}
