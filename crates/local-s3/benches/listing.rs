//! What one ListObjectsV2 page costs as the bucket grows: the same page (1,000 keys from the
//! middle of `logs/`, as a client pages) at 1,000 and at 100,000 objects, over HTTP with a
//! presigned URL. Each is reported against a GET of one object on the same server in the same
//! run, since absolute times on a shared machine drift.
//!
//! `cargo bench -p local-s3 --bench listing` (`OBJECTS=1000,100000` to choose the sizes).

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::Utc;
use local_s3::{LocalS3, LocalS3Config};
use s3_presign::{Bucket, Credentials, Expiry, ListObjectsV2, UrlStyle};

const ACCESS_KEY: &str = "AKIDLISTINGBENCH";
const SECRET_KEY: &str = "listing-bench-secret";
/// Objects per folder, as sessions sit in drawing folders.
const PER_FOLDER: usize = 10;
const RUNS: usize = 15;

fn main() {
    let sizes: Vec<usize> = std::env::var("OBJECTS")
        .unwrap_or_else(|_| "1000,100000".into())
        .split(',')
        .map(|n| {
            n.trim()
                .parse()
                .expect("OBJECTS: numbers separated by commas")
        })
        .collect();
    let mut pages = Vec::new();
    for &objects in &sizes {
        let root = tempfile::tempdir().expect("a temporary folder");
        let started = Instant::now();
        seed(root.path(), objects);
        println!(
            "listing: {objects} objects written in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        let s3 = LocalS3::start(LocalS3Config::new(root.path(), ACCESS_KEY, SECRET_KEY))
            .expect("local-s3 starts");
        let client = Client::new(&s3.endpoint());
        let middle = key(objects / 2);
        let cold = client.page(&middle);
        // What the first page read is kept once the folders are older than a tick of the
        // file system's clock.
        std::thread::sleep(Duration::from_secs(3));
        let page = median((0..RUNS).map(|_| client.page(&middle)));
        let get = median((0..RUNS).map(|_| client.get(&middle)));
        println!(
            "listing: {objects} objects: first page {:.1} ms, a page {:.1} ms, a GET {:.1} ms, \
             page / GET {:.2}",
            cold * 1e3,
            page * 1e3,
            get * 1e3,
            page / get
        );
        pages.push((objects, page / get));
    }
    if let (Some((small, first)), Some((large, last))) = (pages.first(), pages.last()) {
        println!(
            "listing: a page at {large} objects costs {:.2} times what it costs at {small} \
             (each against a GET on its own server)",
            last / first
        );
    }
}

fn key(index: usize) -> String {
    format!(
        "logs/{:06}/openai_interaction_{index:07}.json_0.txt",
        index / PER_FOLDER
    )
}

fn seed(root: &Path, objects: usize) {
    for index in 0..objects {
        local_s3::put_object(root, "logs", &key(index), b"{}").expect("an object is written");
    }
}

fn median(times: impl Iterator<Item = f64>) -> f64 {
    let mut times: Vec<f64> = times.collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

struct Client {
    bucket: Bucket,
    credentials: Credentials,
    agent: ureq::Agent,
}

impl Client {
    fn new(endpoint: &str) -> Self {
        Self {
            bucket: Bucket::new(endpoint, "logs", "us-east-1", UrlStyle::Path)
                .expect("a valid endpoint"),
            credentials: Credentials::new(ACCESS_KEY, SECRET_KEY).expect("valid keys"),
            agent: ureq::Agent::config_builder()
                .timeout_global(Some(Duration::from_secs(120)))
                .build()
                .into(),
        }
    }

    /// Seconds for the page of 1,000 keys after `after`, read whole.
    fn page(&self, after: &str) -> f64 {
        let request = ListObjectsV2 {
            prefix: Some("logs/"),
            start_after: Some(after),
            ..ListObjectsV2::default()
        };
        let expiry = Expiry::from_secs(600).expect("a valid expiry");
        let url = s3_presign::list_objects_v2(
            &self.bucket,
            &self.credentials,
            &request,
            Utc::now(),
            expiry,
        );
        let started = Instant::now();
        let body = self.read(&url);
        let seconds = started.elapsed().as_secs_f64();
        let page = s3_presign::parse_list_objects_v2(&body).expect("a listing page");
        assert!(!page.contents.is_empty(), "the page holds keys");
        seconds
    }

    /// Seconds for a GET of `key`, read whole.
    fn get(&self, key: &str) -> f64 {
        let expiry = Expiry::from_secs(600).expect("a valid expiry");
        let url = s3_presign::get_object(&self.bucket, &self.credentials, key, Utc::now(), expiry)
            .expect("a URL");
        let started = Instant::now();
        self.read(&url);
        started.elapsed().as_secs_f64()
    }

    fn read(&self, url: &str) -> Vec<u8> {
        self.agent
            .get(url)
            .call()
            .expect("an answer")
            .body_mut()
            .read_to_vec()
            .expect("a body")
    }
}
