//! `logscope demo` as `make demo` runs it: it prints where the dashboard and the S3 server
//! are, the site loads, and the sample log can be listed and read with the printed
//! credentials through presigned URLs.

use s3_presign::{Bucket, Credentials, Expiry, ListObjectsV2, UrlStyle};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

struct Demo(Child);

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn get(url: &str) -> (u16, Vec<u8>) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent.get(url).call().unwrap();
    (
        response.status().as_u16(),
        response.body_mut().read_to_vec().unwrap(),
    )
}

/// One header of the answer to a GET of `url`.
fn header(url: &str, name: &str) -> Option<String> {
    let response = ureq::get(url).call().unwrap();
    let value = response.headers().get(name)?;
    Some(value.to_str().unwrap().to_owned())
}

type Fields = std::collections::HashMap<String, String>;

/// Starts `logscope demo` on free ports and reads what it prints.
fn start(extra: &[&std::ffi::OsStr]) -> (Demo, Fields) {
    let dist = repo().join("dist");
    assert!(
        dist.join("index.html").is_file(),
        "dist/ is missing: run `make site` (trunk build --release) before this test"
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_logscope"))
        .args(["demo", "--s3-port", "0", "--port", "0", "--dist"])
        .arg(&dist)
        .args(extra)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let demo = Demo(child);
    let mut fields = Fields::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        if line.starts_with("Press Ctrl-C") {
            break;
        }
        let mut words = line.split_whitespace();
        if let (Some(name), Some(value)) = (words.next(), words.next()) {
            fields.insert(name.to_owned(), value.to_owned());
        }
        if let Some((_, count)) = line.split_once("objects: ") {
            fields.insert("objects".to_owned(), count.trim_end_matches(')').to_owned());
        }
    }
    (demo, fields)
}

// One test: every demo shares one data folder, so two must not run at once.
#[test]
fn demo_serves_the_site_and_a_bucket_with_the_sample_log() {
    let sample = repo().join("../shared/sample");
    let (demo, fields) = start(&[
        "--sessions".as_ref(),
        "40".as_ref(),
        "--sample".as_ref(),
        sample.as_os_str(),
    ]);
    let dashboard = &fields["dashboard"];
    let endpoint = &fields["endpoint"];
    assert!(dashboard.starts_with("http://127.0.0.1:"), "{dashboard}");
    assert!(dashboard.contains("bucket=logscope-demo"), "{dashboard}");
    assert_eq!(fields["bucket"], "logscope-demo");

    let (status, page) = get(dashboard);
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&page).contains("<title>logscope</title>"));
    // Served as SECURITY.md asks of hosts that can send headers: the policy narrowed to this
    // S3 server, and no framing.
    let policy = header(dashboard, "content-security-policy").expect("a policy header");
    assert!(
        policy.contains(&format!("connect-src 'self' {endpoint};")),
        "{policy}"
    );
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert_eq!(
        header(dashboard, "x-content-type-options").as_deref(),
        Some("nosniff")
    );
    // The site carries a config.json that connects to the demo bucket: the throwaway key
    // travels there, not in the printed URL.
    let site = dashboard.split('?').next().unwrap();
    let (status, config) = get(&format!("{site}config.json"));
    assert_eq!(status, 200);
    let config: serde_json::Value = serde_json::from_slice(&config).unwrap();
    assert_eq!(config["endpoint"], fields["endpoint"].as_str());
    assert_eq!(config["connect"], true);
    assert!(!dashboard.contains(&fields["secret-key"]));

    let bucket = Bucket::new(endpoint, "logscope-demo", "us-east-1", UrlStyle::Path).unwrap();
    let credentials = Credentials::new(&fields["access-key"], &fields["secret-key"]).unwrap();
    let at = chrono::Utc::now();
    let expiry = Expiry::from_secs(300).unwrap();
    let list = ListObjectsV2 {
        prefix: Some("openai_logs/"),
        ..Default::default()
    };
    let (status, body) = get(&s3_presign::list_objects_v2(
        &bucket,
        &credentials,
        &list,
        at,
        expiry,
    ));
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let page = s3_presign::parse_list_objects_v2(&body).unwrap();
    let key =
        "openai_logs/1/openai_interaction_test_session_test_task_001_1750572866.json_0b9cd106.txt";
    // The sample and 40 synthetic sessions (the corpus adds invalid ones from 100 on).
    assert_eq!(page.contents.len(), 41);
    assert!(page.contents.iter().any(|o| o.key == key));
    let (status, body) =
        get(&s3_presign::get_object(&bucket, &credentials, key, at, expiry).unwrap());
    assert_eq!(status, 200);
    assert_eq!(body, std::fs::read(sample.join(key)).unwrap());
    drop(demo);

    // --dir serves a mirror of one's own bucket instead: here, the sample folder alone,
    // and --rtt-ms plays it from afar.
    let (demo, fields) = start(&[
        "--dir".as_ref(),
        sample.as_os_str(),
        "--rtt-ms".as_ref(),
        "120".as_ref(),
    ]);
    assert_eq!(fields["objects"], "1", "{fields:?}");
    assert_eq!(fields["link"], "120", "{fields:?}");
    let bucket = Bucket::new(
        &fields["endpoint"],
        "logscope-demo",
        "us-east-1",
        UrlStyle::Path,
    )
    .unwrap();
    let url = s3_presign::get_object(&bucket, &credentials, key, chrono::Utc::now(), expiry);
    let started = std::time::Instant::now();
    assert_eq!(get(&url.unwrap()).0, 200);
    // A new connection's handshake and the answer: two round trips at the least.
    assert!(started.elapsed() >= std::time::Duration::from_millis(240));
    drop(demo);

    // --tls serves S3 over HTTPS, and says how to make Chromium trust this run's certificate,
    let (_demo, fields) = start(&["--dir".as_ref(), sample.as_os_str(), "--tls".as_ref()]);
    assert!(
        fields["endpoint"].starts_with("https://127.0.0.1:"),
        "{fields:?}"
    );
    assert!(fields["trust"].starts_with("chromium"), "{fields:?}");
    // and writes the certificate where the CLI can be told to trust it.
    let bundle = std::fs::read_to_string(&fields["ca-bundle"]).unwrap();
    assert!(
        bundle.starts_with("-----BEGIN CERTIFICATE-----\n"),
        "{bundle}"
    );
}
