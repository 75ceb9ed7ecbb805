//! `logscope index` against a real SigV4-verifying S3 server (local-s3 on 127.0.0.1): parts
//! written, read by `stats`, kept consistent as objects come and go, merged by `--compact`,
//! and written by four shards at once; the totals always equal reading every object.

use std::path::Path;
use std::process::{Command, Output};

use local_s3::{LocalS3, LocalS3Config};
use s3_presign::{Bucket, Credentials, Expiry, ListObjectsV2, UrlStyle};
use session_log::corpus::{generate, hostile, Expect};

const ACCESS: &str = "LOGSCOPEINDEXKEY";
const SECRET: &str = "index/test+secret=value";
const BUCKET: &str = "logs";
const PARTS: &str = "openai_logs/.logscope/summaries/";

fn logscope(command: &str, endpoint: &str, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_logscope"))
        .args([
            command,
            "--endpoint",
            endpoint,
            "--bucket",
            BUCKET,
            "--access-key",
            ACCESS,
            "--secret-key",
            SECRET,
        ])
        .args(extra)
        .env_clear()
        .output()
        .expect("the logscope binary runs")
}

fn succeeded(output: &Output) -> (String, String) {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(!stdout.contains(SECRET) && !stderr.contains(SECRET));
    (stdout, stderr)
}

/// `stats --json`, and what it said on stderr.
fn stats(endpoint: &str, extra: &[&str]) -> (String, String) {
    let mut args = vec!["--json"];
    args.extend(extra);
    succeeded(&logscope("stats", endpoint, &args))
}

fn index(endpoint: &str, extra: &[&str]) -> String {
    succeeded(&logscope("index", endpoint, extra)).0
}

fn put_corpus(root: &Path, seed: u64, sessions: usize, folder: &str) -> usize {
    let corpus = generate(seed, sessions);
    for (key, body) in &corpus.objects {
        let key = key.replacen("openai_logs/", &format!("openai_logs/{folder}"), 1);
        local_s3::put_object(root, BUCKET, &key, body).unwrap();
    }
    corpus.objects.len()
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

fn signing(endpoint: &str) -> (Bucket, Credentials) {
    (
        Bucket::new(endpoint, BUCKET, "us-east-1", UrlStyle::Path).unwrap(),
        Credentials::new(ACCESS, SECRET).unwrap(),
    )
}

/// The parts' keys, and each one's stored `Content-Encoding`.
fn parts(endpoint: &str) -> Vec<(String, String)> {
    let (bucket, credentials) = signing(endpoint);
    let hour = Expiry::from_secs(3600).unwrap();
    let list = ListObjectsV2 {
        prefix: Some(PARTS),
        ..ListObjectsV2::default()
    };
    let url = s3_presign::list_objects_v2(&bucket, &credentials, &list, chrono::Utc::now(), hour);
    let mut response = agent().get(&url).call().unwrap();
    let body = response.body_mut().read_to_vec().unwrap();
    let page = s3_presign::parse_list_objects_v2(&body).unwrap();
    page.contents
        .into_iter()
        .map(|object| {
            let url = s3_presign::get_object(
                &bucket,
                &credentials,
                &object.key,
                chrono::Utc::now(),
                hour,
            )
            .unwrap();
            let response = agent().get(&url).call().unwrap();
            let encoding = response
                .headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default();
            (object.key, encoding)
        })
        .collect()
}

/// "N of M sessions from the summary index (P parts); R to read"
fn from_index(stderr: &str) -> (usize, usize, usize) {
    let line = stderr
        .lines()
        .find(|l| l.contains("from the summary index"))
        .unwrap_or_else(|| panic!("no index line in: {stderr}"));
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    (numbers[0], numbers[2], numbers[3])
}

#[test]
fn stats_through_the_index_equals_reading_everything_as_objects_come_and_go() {
    let root = tempfile::tempdir().unwrap();
    let s3 = LocalS3::start(LocalS3Config::new(root.path(), ACCESS, SECRET)).unwrap();
    let endpoint = s3.endpoint();
    let mut objects = put_corpus(root.path(), 11, 400, "");
    // Objects over the size limit are never read, so never indexed: read (and refused)
    // again by every run.
    let mut too_large = 0;
    for object in hostile() {
        local_s3::put_object(root.path(), BUCKET, &object.key, &object.body).unwrap();
        objects += 1;
        too_large += usize::from(object.expect == Expect::TooLarge);
    }
    assert!(too_large > 0);

    let (everything, quiet) = stats(&endpoint, &["--no-index"]);
    assert!(!quiet.contains("summary index"), "{quiet}");
    let written = index(&endpoint, &[]);
    assert!(
        written.contains(&format!("{} read", objects - too_large)),
        "{written}"
    );
    assert!(
        written.contains(&format!("{too_large} could not be read")),
        "{written}"
    );
    let stored = parts(&endpoint);
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(stored[0].1, "gzip", "stored compressed, and says so");

    let (through_index, said) = stats(&endpoint, &[]);
    assert_eq!(through_index, everything);
    assert_eq!(from_index(&said), (objects - too_large, 1, too_large));
    assert_eq!(
        index(&endpoint, &[]).lines().last().unwrap(),
        "the index already covers them: nothing written"
    );

    // New objects arrive and one is rewritten: only those are read, the totals follow.
    let new = put_corpus(root.path(), 12, 50, "later-");
    let first = generate(11, 400).objects.swap_remove(0).0;
    local_s3::put_object(root.path(), BUCKET, &first, b"{\"session_info\": {}}").unwrap();
    let (everything, _) = stats(&endpoint, &["--no-index"]);
    let (through_index, said) = stats(&endpoint, &[]);
    assert_eq!(through_index, everything);
    assert_eq!(
        from_index(&said),
        (objects - too_large - 1, 1, new + 1 + too_large)
    );

    // A second part for what is new, then one merged part; a damaged part is named and
    // changes nothing.
    index(&endpoint, &[]);
    assert_eq!(parts(&endpoint).len(), 2);
    let compacted = index(&endpoint, &["--compact"]);
    assert!(compacted.contains("removed 2 merged parts"), "{compacted}");
    assert_eq!(parts(&endpoint).len(), 1);
    let again = index(&endpoint, &["--compact"]);
    assert!(
        again.trim_end().ends_with("nothing written"),
        "one part: {again}"
    );
    assert_eq!(parts(&endpoint).len(), 1);
    local_s3::put_object(
        root.path(),
        BUCKET,
        &format!("{PARTS}broken.part"),
        b"logscope\x01",
    )
    .unwrap();
    let (through_index, said) = stats(&endpoint, &[]);
    assert_eq!(through_index, everything);
    assert!(said.contains("broken.part not used"), "{said}");
    assert_eq!(from_index(&said), (objects + new - too_large, 1, too_large));
}

#[test]
fn four_shards_at_once_cover_what_one_run_covers() {
    let root = tempfile::tempdir().unwrap();
    let s3 = LocalS3::start(LocalS3Config::new(root.path(), ACCESS, SECRET)).unwrap();
    let endpoint = s3.endpoint();
    let objects = put_corpus(root.path(), 13, 600, "");
    let (everything, _) = stats(&endpoint, &["--no-index"]);

    let runs: Vec<_> = (0..4)
        .map(|i| {
            let endpoint = endpoint.clone();
            std::thread::spawn(move || index(&endpoint, &["--shard", &format!("{i}/4")]))
        })
        .collect();
    let mut read = 0;
    for run in runs {
        let said = run.join().unwrap();
        let n: usize = said
            .lines()
            .next()
            .unwrap_or_default()
            .split(", ")
            .find_map(|part| part.strip_suffix(" read"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("{said}"));
        read += n;
    }
    assert_eq!(read, objects, "every object read by exactly one shard");
    assert_eq!(parts(&endpoint).len(), 4);
    let (through_index, said) = stats(&endpoint, &[]);
    assert_eq!(through_index, everything);
    assert_eq!(from_index(&said), (objects, 4, 0));

    let bad = logscope("index", &endpoint, &["--shard", "4/4"]);
    assert_eq!(bad.status.code(), Some(2));
}
