//! Presigned URLs per second, ours against rusty-s3, measured by criterion in the same run.
//!
//! Both sign the same requests: a GetObject for a real log key, and a ListObjectsV2 with the
//! parameters rusty-s3 always sends (`encoding-type=url`) plus prefix, delimiter and max-keys.
//! After the runs it prints each ratio (rusty-s3 time / our time: higher is better for us)
//! and writes them to `target/bench/presign.json`.

use criterion::{black_box, Criterion};
use rusty_s3::S3Action;
use std::path::{Path, PathBuf};
use std::time::Duration;

const ENDPOINT: &str = "http://127.0.0.1:9000";
const BUCKET: &str = "logs";
const REGION: &str = "us-east-1";
const ACCESS: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const KEY: &str =
    "openai_logs/1/openai_interaction_test_session_test_task_001_1750572866.json_0b9cd106.txt";
const UNIX_TIME: i64 = 1_750_572_866;
const EXPIRES: u64 = 3600;

fn ours(c: &mut Criterion) {
    let bucket =
        s3_presign::Bucket::new(ENDPOINT, BUCKET, REGION, s3_presign::UrlStyle::Path).unwrap();
    let credentials = s3_presign::Credentials::new(ACCESS, SECRET).unwrap();
    let at = chrono::DateTime::from_timestamp(UNIX_TIME, 0).unwrap();
    let expiry = s3_presign::Expiry::from_secs(EXPIRES).unwrap();
    c.benchmark_group("get_object").bench_function("ours", |b| {
        b.iter(|| {
            s3_presign::get_object(&bucket, &credentials, black_box(KEY), at, expiry).unwrap()
        })
    });
    let list = s3_presign::ListObjectsV2 {
        prefix: Some("openai_logs/1/"),
        delimiter: Some("/"),
        max_keys: Some(1000),
        encoding_type: Some("url"),
        ..Default::default()
    };
    c.benchmark_group("list_objects_v2")
        .bench_function("ours", |b| {
            b.iter(|| {
                s3_presign::list_objects_v2(&bucket, &credentials, black_box(&list), at, expiry)
            })
        });
}

fn rusty_s3(c: &mut Criterion) {
    let bucket = rusty_s3::Bucket::new(
        ENDPOINT.parse().unwrap(),
        rusty_s3::UrlStyle::Path,
        BUCKET,
        REGION,
    )
    .unwrap();
    let credentials = rusty_s3::Credentials::new(ACCESS, SECRET);
    let at = jiff::Timestamp::from_second(UNIX_TIME).unwrap();
    let expires = Duration::from_secs(EXPIRES);
    c.benchmark_group("get_object")
        .bench_function("rusty-s3", |b| {
            b.iter(|| {
                bucket
                    .get_object(Some(&credentials), black_box(KEY))
                    .sign_with_time(expires, &at)
            })
        });
    c.benchmark_group("list_objects_v2")
        .bench_function("rusty-s3", |b| {
            b.iter(|| {
                let mut action = bucket.list_objects_v2(Some(&credentials));
                action.with_prefix(black_box("openai_logs/1/"));
                action.with_delimiter("/");
                action.with_max_keys(1000);
                action.sign_with_time(expires, &at)
            })
        });
}

/// Both libraries must sign the same request the same way, or the comparison means nothing.
fn check_same_signatures() {
    let ours_bucket =
        s3_presign::Bucket::new(ENDPOINT, BUCKET, REGION, s3_presign::UrlStyle::Path).unwrap();
    let ours_credentials = s3_presign::Credentials::new(ACCESS, SECRET).unwrap();
    let at = chrono::DateTime::from_timestamp(UNIX_TIME, 0).unwrap();
    let expiry = s3_presign::Expiry::from_secs(EXPIRES).unwrap();
    let ours = s3_presign::get_object(&ours_bucket, &ours_credentials, KEY, at, expiry).unwrap();
    let theirs_bucket = rusty_s3::Bucket::new(
        ENDPOINT.parse().unwrap(),
        rusty_s3::UrlStyle::Path,
        BUCKET,
        REGION,
    )
    .unwrap();
    let theirs = theirs_bucket
        .get_object(Some(&rusty_s3::Credentials::new(ACCESS, SECRET)), KEY)
        .sign_with_time(
            Duration::from_secs(EXPIRES),
            &jiff::Timestamp::from_second(UNIX_TIME).unwrap(),
        );
    let signature = |url: &str| url.split("X-Amz-Signature=").nth(1).map(str::to_owned);
    assert_eq!(
        signature(&ours),
        signature(theirs.as_str()),
        "{ours}\n{theirs}"
    );
}

fn mean_ns(dir: &Path, id: &str) -> Option<f64> {
    let path = dir.join(id).join("new/estimates.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    json["mean"]["point_estimate"].as_f64()
}

fn main() {
    check_same_signatures();
    let target = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target");
    let criterion_dir = target.join("criterion");
    let mut criterion = Criterion::default()
        .output_directory(&criterion_dir)
        .configure_from_args();
    ours(&mut criterion);
    rusty_s3(&mut criterion);
    criterion.final_summary();

    let mut report = serde_json::Map::new();
    for request in ["get_object", "list_objects_v2"] {
        let ours = mean_ns(&criterion_dir.join(request), "ours");
        let theirs = mean_ns(&criterion_dir.join(request), "rusty-s3");
        let (Some(ours), Some(theirs)) = (ours, theirs) else {
            continue; // a filtered run measured only part of the pairs
        };
        let ratio = theirs / ours;
        println!(
            "{request}: ours {:.0} URLs/s, rusty-s3 {:.0} URLs/s, ratio {ratio:.2}x (goal >= 3x)",
            1e9 / ours,
            1e9 / theirs
        );
        report.insert(
            request.to_owned(),
            serde_json::json!({
                "ours_ns_per_url": ours,
                "rusty_s3_ns_per_url": theirs,
                "ratio": ratio,
                "goal": 3.0,
            }),
        );
    }
    let out = target.join("bench");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(
        out.join("presign.json"),
        serde_json::to_string_pretty(&report).unwrap(),
    )
    .unwrap();
}
