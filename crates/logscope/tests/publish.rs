//! `logscope publish` against a real SigV4-verifying S3 server (local-s3 on 127.0.0.1), run
//! as a user runs it: the real binary, a clean environment, a small built site written here.
//! Every object is read back with a presigned GET (s3-presign) for its bytes, Content-Type
//! and Cache-Control; failures must be one line naming the file, the S3 code and the fix.

use local_s3::{LocalS3, LocalS3Config};
use s3_presign::{Bucket, Credentials, Expiry, ListObjectsV2, PutObject, UrlStyle};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

const ACCESS: &str = "LOGSCOPEPUBLISHKEY";
const SECRET: &str = "publish/test+secret=value";
const SITE: &str = "site";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const WASM: &[u8] = b"\0asm\x01\0\0\0";

/// A site as trunk lays it out, plus what a hand-made one may hold: (name, body, expected
/// Content-Type, expected Cache-Control), in the order they must be uploaded.
fn site_files() -> Vec<(&'static str, &'static [u8], &'static str, &'static str)> {
    vec![
        (
            "app-0123456789abcdef.js",
            b"export default 1;\n",
            "text/javascript",
            IMMUTABLE,
        ),
        (
            "app-0123456789abcdef_bg.wasm",
            WASM,
            "application/wasm",
            IMMUTABLE,
        ),
        ("assets/logo.svg", b"<svg/>", "image/svg+xml", "no-cache"),
        ("favicon.ico", b"\0\0\x01\0", "image/x-icon", "no-cache"),
        (
            "notes.unknown",
            b"?",
            "application/octet-stream",
            "no-cache",
        ),
        (
            "styles-fedcba987654321.css",
            b"body{}",
            "text/css",
            IMMUTABLE,
        ),
        (
            "index.html",
            b"<!doctype html><title>x</title>",
            "text/html; charset=utf-8",
            "no-cache",
        ),
    ]
}

fn write_site(dir: &Path) {
    for (name, body, _, _) in site_files() {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, body).unwrap();
    }
    // trunk's staging folder while it builds: not part of the site.
    std::fs::create_dir_all(dir.join(".stage")).unwrap();
    std::fs::write(dir.join(".stage/index.html"), b"half built").unwrap();
}

fn logscope(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_logscope"))
        .args(args)
        .env_clear()
        .envs(env.iter().copied())
        .output()
        .expect("the logscope binary runs")
}

/// `publish` of `dist` to bucket `site` under `logscope/`, with `secret` from the environment.
fn publish(endpoint: &str, dist: &Path, secret: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "publish",
        "--endpoint",
        endpoint,
        "--bucket",
        SITE,
        "--prefix",
        "logscope",
        "--dist",
        dist.to_str().unwrap(),
    ];
    args.extend(extra);
    logscope(
        &args,
        &[
            ("AWS_ACCESS_KEY_ID", ACCESS),
            ("AWS_SECRET_ACCESS_KEY", secret),
        ],
    )
}

fn server(root: &Path) -> LocalS3 {
    local_s3::create_bucket(root, SITE).unwrap();
    LocalS3::start(LocalS3Config::new(root, ACCESS, SECRET)).unwrap()
}

fn signing(endpoint: &str) -> (Bucket, Credentials) {
    let bucket = Bucket::new(endpoint, SITE, "us-east-1", UrlStyle::Path).unwrap();
    (bucket, Credentials::new(ACCESS, SECRET).unwrap())
}

fn hour() -> Expiry {
    Expiry::from_secs(3600).unwrap()
}

/// An object read back with a presigned GET: status, Content-Type, Cache-Control, bytes.
fn read_back(endpoint: &str, key: &str) -> (u16, String, String, Vec<u8>) {
    let (bucket, credentials) = signing(endpoint);
    let url = s3_presign::get_object(&bucket, &credentials, key, chrono::Utc::now(), hour());
    fetch(&url.unwrap())
}

fn fetch(url: &str) -> (u16, String, String, Vec<u8>) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent.get(url).call().unwrap();
    let header = |name: &str| {
        let value = response.headers().get(name);
        value
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    let (content_type, cache_control) = (header("content-type"), header("cache-control"));
    let body = response.body_mut().read_to_vec().unwrap();
    (
        response.status().as_u16(),
        content_type,
        cache_control,
        body,
    )
}

/// Every key in the site bucket.
fn keys(endpoint: &str) -> Vec<String> {
    let (bucket, credentials) = signing(endpoint);
    let list = ListObjectsV2::default();
    let url = s3_presign::list_objects_v2(&bucket, &credentials, &list, chrono::Utc::now(), hour());
    let (status, _, _, body) = fetch(&url);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let page = s3_presign::parse_list_objects_v2(&body).unwrap();
    page.contents.into_iter().map(|object| object.key).collect()
}

/// Exit code 2 and one line on stderr holding every needle, nothing on stdout, no secret.
fn one_line_error(output: &Output, needles: &[&str]) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    for needle in needles {
        assert!(stderr.contains(needle), "{needle} not in: {stderr}");
    }
    assert!(output.stdout.is_empty());
    assert!(!stderr.contains(SECRET), "{stderr}");
    stderr
}

#[test]
fn every_file_is_stored_with_its_bytes_type_and_caching() {
    let (root, dist) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write_site(dist.path());
    let elsewhere = tempfile::tempdir().unwrap();
    let config = elsewhere.path().join("site-config.json");
    let config_json =
        br#"{"endpoint": "http://127.0.0.1:9000", "bucket": "logs", "connect": true}"#;
    std::fs::write(&config, config_json).unwrap();
    let s3 = server(root.path());

    let out = publish(
        &s3.endpoint(),
        dist.path(),
        SECRET,
        &["--config", config.to_str().unwrap()],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("published 8 files"), "{stdout}");
    let url = format!("{}/site/logscope/index.html", s3.endpoint());
    assert!(stdout.ends_with(&format!("open {url}\n")), "{stdout}");
    for sealos_way in ["static hosting for bucket site", "doctor --site"] {
        assert!(stdout.contains(sealos_way), "{stdout}");
    }

    let mut expected = site_files();
    expected.push(("config.json", config_json, "application/json", "no-cache"));
    for (name, body, content_type, cache_control) in &expected {
        let key = format!("logscope/{name}");
        let (status, stored_type, stored_cache, bytes) = read_back(&s3.endpoint(), &key);
        assert_eq!(status, 200, "{key}");
        assert_eq!(&bytes, body, "{key}");
        assert_eq!(&stored_type, content_type, "{key}");
        assert_eq!(&stored_cache, cache_control, "{key}");
    }
    let mut stored = keys(&s3.endpoint());
    stored.sort();
    let mut wanted: Vec<String> = expected
        .iter()
        .map(|e| format!("logscope/{}", e.0))
        .collect();
    wanted.sort();
    assert_eq!(stored, wanted, "nothing else, and not .stage/");
}

/// A GET with no `Accept-Encoding`, as ureq sends without its gzip feature: the stored
/// `Content-Encoding` and the bytes as stored.
fn stored_encoding(endpoint: &str, key: &str) -> (String, Vec<u8>) {
    let (bucket, credentials) = signing(endpoint);
    let url = s3_presign::get_object(&bucket, &credentials, key, chrono::Utc::now(), hour());
    let mut response = ureq::get(&url.unwrap()).call().unwrap();
    let encoding = response
        .headers()
        .get("content-encoding")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (encoding, response.body_mut().read_to_vec().unwrap())
}

#[test]
fn code_is_stored_gzipped_and_decodes_to_the_built_bytes() {
    let (root, dist) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write_site(dist.path());
    let script: Vec<u8> = (0..5_000)
        .flat_map(|i| format!("export const v{i} = {i};\n").into_bytes())
        .collect();
    std::fs::write(dist.path().join("big-0123456789abcdef.js"), &script).unwrap();
    let s3 = server(root.path());

    let out = publish(&s3.endpoint(), dist.path(), SECRET, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (encoding, stored) = stored_encoding(&s3.endpoint(), "logscope/big-0123456789abcdef.js");
    assert_eq!(encoding, "gzip");
    assert!(
        stored.len() * 4 < script.len(),
        "{} bytes stored",
        stored.len()
    );
    let mut decoded = Vec::new();
    flate2::read::GzDecoder::new(&stored[..])
        .read_to_end(&mut decoded)
        .unwrap();
    assert_eq!(decoded, script);
    let row = stdout
        .lines()
        .find(|line| line.contains("big-0123456789abcdef.js"))
        .unwrap();
    let stored_kb = format!("gzip {:.1} kB", stored.len() as f64 / 1e3);
    assert!(row.contains(&stored_kb), "{row}");
    // Too small to shrink: stored as built, with no encoding to decode.
    let (encoding, stored) = stored_encoding(&s3.endpoint(), "logscope/styles-fedcba987654321.css");
    assert_eq!((encoding.as_str(), stored.as_slice()), ("", &b"body{}"[..]));

    let out = publish(&s3.endpoint(), dist.path(), SECRET, &["--encoding", "none"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (encoding, stored) = stored_encoding(&s3.endpoint(), "logscope/big-0123456789abcdef.js");
    assert_eq!((encoding.as_str(), stored), ("", script));
}

#[test]
fn brotli_is_refused_for_a_site_served_over_http() {
    let (root, dist) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write_site(dist.path());
    let s3 = server(root.path());
    let out = publish(&s3.endpoint(), dist.path(), SECRET, &["--encoding", "br"]);
    one_line_error(&out, &["--encoding br", "https", "--encoding gzip"]);
    assert!(keys(&s3.endpoint()).is_empty());
}

#[test]
fn dry_run_lists_types_and_caching_and_uploads_nothing() {
    let (root, dist) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write_site(dist.path());
    let s3 = server(root.path());

    // No credentials at all: a dry run needs none.
    let out = logscope(
        &[
            "publish",
            "--endpoint",
            &s3.endpoint(),
            "--bucket",
            SITE,
            "--prefix",
            "logscope/",
            "--dist",
            dist.path().to_str().unwrap(),
            "--dry-run",
        ],
        &[],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<&str> = stdout.lines().filter(|l| l.starts_with("  ")).collect();
    assert_eq!(rows.len(), site_files().len(), "{stdout}");
    for (row, (name, _, content_type, cache_control)) in rows.iter().zip(site_files()) {
        let key = format!("logscope/{name}");
        assert!(row.contains(&key) && row.contains(content_type), "{row}");
        assert!(row.trim_end().ends_with(cache_control), "{row}");
    }
    assert!(stdout.contains("dry run, nothing uploaded"), "{stdout}");
    assert!(keys(&s3.endpoint()).is_empty());
}

#[test]
fn a_wrong_secret_or_bucket_names_the_file_the_s3_code_and_the_fix() {
    let (root, dist) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write_site(dist.path());
    let s3 = server(root.path());

    let out = publish(&s3.endpoint(), dist.path(), "not/the+secret", &[]);
    one_line_error(
        &out,
        &[
            "uploading logscope/app-0123456789abcdef.js to bucket site",
            "SignatureDoesNotMatch (HTTP 403)",
            "--secret-key or AWS_SECRET_ACCESS_KEY",
            "index.html was not replaced",
        ],
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("not/the+secret"));
    assert!(keys(&s3.endpoint()).is_empty());

    let missing = logscope(
        &[
            "publish",
            "--endpoint",
            &s3.endpoint(),
            "--bucket",
            "no-such-site",
            "--dist",
            dist.path().to_str().unwrap(),
        ],
        &[
            ("AWS_ACCESS_KEY_ID", ACCESS),
            ("AWS_SECRET_ACCESS_KEY", SECRET),
        ],
    );
    one_line_error(
        &missing,
        &[
            "NoSuchBucket (HTTP 404)",
            "there is no bucket no-such-site",
            "create it",
        ],
    );
}

#[test]
fn a_config_holding_a_secret_is_refused_before_anything_is_uploaded() {
    let (root, dist) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write_site(dist.path());
    let secret_value = "wJalrXUtnFEMI/K7MDENG";
    let config = format!(r#"{{"bucket": "logs", "secret_access_key": "{secret_value}"}}"#);
    // In the site folder itself, as a hand-made deployment might have it.
    std::fs::write(dist.path().join("config.json"), config).unwrap();
    let s3 = server(root.path());

    let out = publish(&s3.endpoint(), dist.path(), SECRET, &[]);
    let line = one_line_error(&out, &["config.json", "secret_access_key", "every visitor"]);
    assert!(!line.contains(secret_value), "{line}");
    assert!(keys(&s3.endpoint()).is_empty());
    // A dry run refuses it too.
    let dry = publish(&s3.endpoint(), dist.path(), SECRET, &["--dry-run"]);
    one_line_error(&dry, &["secret_access_key"]);
}

/// A TCP proxy in front of the real server that answers the first PUT of each key with
/// `503 SlowDown`, as a busy S3 does, and records every PUT it lets through, in order.
fn slow_down_proxy(upstream: SocketAddr) -> (SocketAddr, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let passed = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&passed);
    std::thread::spawn(move || {
        let refused = Arc::new(Mutex::new(std::collections::HashSet::new()));
        for client in listener.incoming().flatten() {
            let (refused, log) = (Arc::clone(&refused), Arc::clone(&log));
            std::thread::spawn(move || relay(client, upstream, &refused, &log));
        }
    });
    (addr, passed)
}

fn relay(
    client: TcpStream,
    upstream: SocketAddr,
    refused: &Mutex<std::collections::HashSet<String>>,
    passed: &Mutex<Vec<String>>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(client.try_clone()?);
    let mut client = client;
    loop {
        let (mut head, mut length) = (Vec::new(), 0);
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line)? == 0 {
                return Ok(());
            }
            let lower = line.to_ascii_lowercase();
            if let Some(value) = lower.strip_prefix("content-length:") {
                length = value.trim().parse().unwrap();
            }
            if line == "\r\n" {
                break;
            }
            if !lower.starts_with("connection:") {
                head.push(line);
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        let path = head[0]
            .split(['?', ' '])
            .nth(1)
            .unwrap_or_default()
            .to_owned();
        if head[0].starts_with("PUT ") && refused.lock().unwrap().insert(path.clone()) {
            let answer = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown\
                          </Code><Message>Please reduce your request rate.</Message></Error>";
            write!(
                client,
                "HTTP/1.1 503 Service Unavailable\r\nContent-Length: {}\r\n\r\n{answer}",
                answer.len()
            )?;
            continue;
        }
        passed.lock().unwrap().push(path);
        let mut server = TcpStream::connect(upstream)?;
        server.write_all((head.concat() + "Connection: close\r\n\r\n").as_bytes())?;
        server.write_all(&body)?;
        let mut answer = Vec::new();
        server.read_to_end(&mut answer)?;
        return client.write_all(&answer);
    }
}

#[test]
fn slow_downs_are_retried_and_index_html_goes_up_last() {
    let (root, dist) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write_site(dist.path());
    let s3 = server(root.path());
    let (proxy, passed) = slow_down_proxy(s3.addr());

    let out = publish(&format!("http://{proxy}"), dist.path(), SECRET, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let order: Vec<String> = site_files()
        .iter()
        .map(|f| format!("/site/logscope/{}", f.0))
        .collect();
    assert_eq!(*passed.lock().unwrap(), order);
    for (name, body, _, _) in site_files() {
        let (status, _, _, bytes) = read_back(&s3.endpoint(), &format!("logscope/{name}"));
        assert_eq!((status, bytes.as_slice()), (200, body), "{name}");
    }
}

#[test]
fn a_file_that_cannot_be_stored_stops_the_run_before_index_html() {
    let (root, dist) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write_site(dist.path());
    let s3 = server(root.path());
    // A folder where the stylesheet's file would go: the server cannot write it.
    std::fs::create_dir_all(
        root.path()
            .join("site/logscope/styles-fedcba987654321.css/x"),
    )
    .unwrap();

    let out = publish(&s3.endpoint(), dist.path(), SECRET, &[]);
    one_line_error(
        &out,
        &[
            "uploading logscope/styles-fedcba987654321.css",
            "5 of 7 files went up before it",
        ],
    );
    let stored = keys(&s3.endpoint());
    assert!(
        !stored.contains(&"logscope/index.html".to_owned()),
        "{stored:?}"
    );
}

#[test]
fn a_presigned_put_is_refused_unless_the_signed_headers_arrive_as_signed() {
    let root = tempfile::tempdir().unwrap();
    let s3 = server(root.path());
    let (bucket, credentials) = signing(&s3.endpoint());
    let put = PutObject {
        key: "a.css",
        content_type: Some("text/css"),
        cache_control: Some("no-cache"),
        content_encoding: Some("gzip"),
    };
    let signed = s3_presign::put_object(&bucket, &credentials, &put, chrono::Utc::now(), hour());
    let signed = signed.unwrap();
    let send = |content_type: &str, encoding: &str| {
        // A fresh connection each time: the server may close one after refusing a
        // request whose body it did not read, and a pooled one would then fail.
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let mut response = agent
            .put(&signed.url)
            .header("Content-Type", content_type)
            .header("Cache-Control", "no-cache")
            .header("Content-Encoding", encoding)
            .send(&b"body{}"[..])
            .unwrap();
        let body = response.body_mut().read_to_vec().unwrap();
        (
            response.status().as_u16(),
            String::from_utf8_lossy(&body).into_owned(),
        )
    };
    for (content_type, encoding) in [("text/html", "gzip"), ("text/css", "br")] {
        let (status, answer) = send(content_type, encoding);
        assert_eq!(status, 403, "{answer}");
        assert!(answer.contains("SignatureDoesNotMatch"), "{answer}");
    }
    assert_eq!(send("text/css", "gzip").0, 200);
    let (_, stored_type, stored_cache, _) = read_back(&s3.endpoint(), "a.css");
    assert_eq!(
        (stored_type.as_str(), stored_cache.as_str()),
        ("text/css", "no-cache")
    );
}

#[test]
fn a_public_read_bucket_serves_objects_unsigned_and_nothing_else() {
    let root = tempfile::tempdir().unwrap();
    local_s3::put_object(root.path(), SITE, "logscope/index.html", b"<html>").unwrap();
    local_s3::put_object(root.path(), "logs", "openai_logs/1/a.txt", b"{}").unwrap();
    let mut config = LocalS3Config::new(root.path(), ACCESS, SECRET);
    config.public_read = vec![SITE.to_owned()];
    let s3 = LocalS3::start(config).unwrap();
    let endpoint = s3.endpoint();

    let (status, _, _, body) = fetch(&format!("{endpoint}/site/logscope/index.html"));
    assert_eq!((status, body.as_slice()), (200, &b"<html>"[..]));
    for url in [
        format!("{endpoint}/logs/openai_logs/1/a.txt"),
        format!("{endpoint}/site?list-type=2"),
    ] {
        let (status, _, _, body) = fetch(&url);
        let body = String::from_utf8_lossy(&body);
        assert_eq!(status, 403, "{url}: {body}");
        assert!(body.contains("AccessDenied"), "{url}: {body}");
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let unsigned_put = agent
        .put(&format!("{endpoint}/site/logscope/index.html"))
        .send(&b"defaced"[..])
        .unwrap();
    assert_eq!(unsigned_put.status().as_u16(), 403);
    let (_, _, _, body) = fetch(&format!("{endpoint}/site/logscope/index.html"));
    assert_eq!(body, b"<html>");
}
