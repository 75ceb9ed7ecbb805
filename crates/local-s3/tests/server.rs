//! The server over real HTTP, without a signer: what unsigned or badly signed
//! requests get, CORS, seeding, and shutdown.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, SystemTime};

use local_s3::{LocalS3, LocalS3Config, LocalS3Error};

const ACCESS_KEY: &str = "AKIDLOCALS3TEST";
const SECRET_KEY: &str = "local-s3-test-secret-do-not-print";
const ORIGIN: &str = "http://127.0.0.1:8080";

fn config(root: &Path) -> LocalS3Config {
    LocalS3Config::new(root, ACCESS_KEY, SECRET_KEY)
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

struct Reply {
    status: u16,
    headers: http::HeaderMap,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }
}

fn send(agent: &ureq::Agent, method: &str, url: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = http::Request::builder().method(method).uri(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut response = agent.run(request.body(()).unwrap()).unwrap();
    Reply {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.body_mut().read_to_string().unwrap(),
    }
}

fn get(url: &str, headers: &[(&str, &str)]) -> Reply {
    send(&agent(), "GET", url, headers)
}

fn s3_error_code(body: &str) -> Option<&str> {
    let start = body.find("<Code>")? + "<Code>".len();
    let end = body[start..].find("</Code>")? + start;
    Some(&body[start..end])
}

fn amz_date(time: SystemTime) -> String {
    chrono::DateTime::<chrono::Utc>::from(time)
        .format("%Y%m%dT%H%M%SZ")
        .to_string()
}

/// A presigned-looking GET URL whose signature is made up (no signer here).
fn forged_url(s3: &LocalS3, access_key: &str, date: &str, expires: u32) -> String {
    format!(
        "{}/logs/a.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={access_key}%2F{}%2Fus-east-1%2Fs3%2Faws4_request\
         &X-Amz-Date={date}&X-Amz-Expires={expires}&X-Amz-SignedHeaders=host&X-Amz-Signature={}",
        s3.endpoint(),
        &date[..8],
        "0".repeat(64),
    )
}

#[test]
fn listens_on_loopback_and_reports_its_endpoint() {
    let root = tempfile::tempdir().unwrap();
    let s3 = LocalS3::start(config(root.path())).unwrap();
    let addr = s3.addr();
    assert_eq!(addr.ip(), Ipv4Addr::LOCALHOST);
    assert_ne!(addr.port(), 0);
    assert_eq!(s3.endpoint(), format!("http://127.0.0.1:{}", addr.port()));
    TcpStream::connect(addr).expect("server accepts connections once start returns");
    assert!(format!("{s3:?}").contains("127.0.0.1"));
}

#[test]
fn unsigned_requests_get_an_s3_error_with_cors_headers() {
    let root = tempfile::tempdir().unwrap();
    local_s3::put_object(root.path(), "logs", "a.txt", b"object body").unwrap();
    let s3 = LocalS3::start(config(root.path())).unwrap();

    for path in ["/logs/a.txt", "/logs?list-type=2", "/"] {
        let reply = get(&format!("{}{path}", s3.endpoint()), &[("Origin", ORIGIN)]);
        assert_eq!(reply.status, 403, "{path}: {}", reply.body);
        assert!(reply.body.starts_with("<?xml"), "{path}: {}", reply.body);
        assert_eq!(s3_error_code(&reply.body), Some("AccessDenied"), "{path}");
        assert!(!reply.body.contains("object body"));
        assert_eq!(
            reply.header("access-control-allow-origin"),
            Some("*"),
            "{path}"
        );
        assert!(reply
            .header("x-amz-request-id")
            .is_some_and(|id| !id.is_empty()));
    }

    // Any origin allowed: `*` even without an Origin header.
    let reply = get(&format!("{}/logs/a.txt", s3.endpoint()), &[]);
    assert_eq!(reply.status, 403);
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
}

#[test]
fn cors_exposes_the_headers_a_page_needs() {
    let root = tempfile::tempdir().unwrap();
    let s3 = LocalS3::start(config(root.path())).unwrap();
    let reply = get(
        &format!("{}/logs/a.txt", s3.endpoint()),
        &[("Origin", ORIGIN)],
    );
    let exposed = reply
        .header("access-control-expose-headers")
        .unwrap()
        .to_ascii_lowercase();
    for name in [
        "etag",
        "content-length",
        "last-modified",
        "x-amz-request-id",
        "content-range",
    ] {
        assert!(
            exposed.split(',').any(|h| h.trim() == name),
            "{name} not in {exposed}"
        );
    }
}

#[test]
fn preflight_is_answered() {
    let root = tempfile::tempdir().unwrap();
    let s3 = LocalS3::start(config(root.path())).unwrap();
    let reply = send(
        &agent(),
        "OPTIONS",
        &format!("{}/logs/a.txt?X-Amz-Signature=abc", s3.endpoint()),
        &[
            ("Origin", ORIGIN),
            ("Access-Control-Request-Method", "GET"),
            (
                "Access-Control-Request-Headers",
                "range, x-amz-content-sha256",
            ),
        ],
    );
    assert!(
        (200..300).contains(&reply.status),
        "status {}: {}",
        reply.status,
        reply.body
    );
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
    let methods = reply.header("access-control-allow-methods").unwrap();
    assert!(methods.split(',').any(|m| m.trim() == "GET"), "{methods}");
    assert!(methods.split(',').any(|m| m.trim() == "HEAD"), "{methods}");
    let allowed = reply.header("access-control-allow-headers").unwrap();
    assert!(
        allowed.contains("range") && allowed.contains("x-amz-content-sha256"),
        "{allowed}"
    );
    assert!(reply.header("access-control-max-age").is_some());
    assert!(reply.body.is_empty());
}

#[test]
fn an_allowed_origin_is_the_only_one_allowed() {
    let root = tempfile::tempdir().unwrap();
    let mut config = config(root.path());
    config.allowed_origin = Some(ORIGIN.to_owned());
    let s3 = LocalS3::start(config).unwrap();
    let url = format!("{}/logs/a.txt", s3.endpoint());

    let reply = get(&url, &[("Origin", ORIGIN)]);
    assert_eq!(reply.header("access-control-allow-origin"), Some(ORIGIN));

    let reply = get(&url, &[("Origin", "http://127.0.0.1:9999")]);
    assert_eq!(reply.status, 403);
    assert_eq!(reply.header("access-control-allow-origin"), None);

    let preflight = send(
        &agent(),
        "OPTIONS",
        &url,
        &[
            ("Origin", "http://127.0.0.1:9999"),
            ("Access-Control-Request-Method", "GET"),
        ],
    );
    assert_eq!(preflight.header("access-control-allow-origin"), None);
}

#[test]
fn presigned_urls_are_checked() {
    let root = tempfile::tempdir().unwrap();
    local_s3::put_object(root.path(), "logs", "a.txt", b"object body").unwrap();
    let s3 = LocalS3::start(config(root.path())).unwrap();
    let now = amz_date(SystemTime::now());

    let reply = get(&forged_url(&s3, ACCESS_KEY, &now, 300), &[]);
    assert_eq!(
        (reply.status, s3_error_code(&reply.body)),
        (403, Some("SignatureDoesNotMatch"))
    );

    let reply = get(&forged_url(&s3, "AKIDSOMEONEELSE", &now, 300), &[]);
    assert_eq!(
        (reply.status, s3_error_code(&reply.body)),
        (403, Some("InvalidAccessKeyId"))
    );

    let reply = get(&forged_url(&s3, ACCESS_KEY, "20200101T000000Z", 60), &[]);
    assert_eq!(
        (reply.status, s3_error_code(&reply.body)),
        (403, Some("AccessDenied"))
    );
    assert!(reply.body.contains("Request has expired"), "{}", reply.body);
    assert!(!reply.body.contains("object body"));
}

#[test]
fn seed_bucket_copies_a_tree_under_root() {
    let root = tempfile::tempdir().unwrap();
    let from = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(from.path().join("sub/deeper")).unwrap();
    std::fs::create_dir_all(from.path().join("empty-dir")).unwrap();
    std::fs::write(from.path().join("a.txt"), "A").unwrap();
    std::fs::write(from.path().join("sub/b c+d.jsonl"), "B").unwrap();
    std::fs::write(from.path().join("sub/deeper/日志.txt"), "C").unwrap();

    let count = local_s3::seed_bucket(root.path(), "logs", from.path()).unwrap();
    assert_eq!(count, 3);
    let bucket = root.path().join("logs");
    assert_eq!(std::fs::read_to_string(bucket.join("a.txt")).unwrap(), "A");
    assert_eq!(
        std::fs::read_to_string(bucket.join("sub/b c+d.jsonl")).unwrap(),
        "B"
    );
    assert_eq!(
        std::fs::read_to_string(bucket.join("sub/deeper/日志.txt")).unwrap(),
        "C"
    );

    // Seeding again overwrites and still counts the objects.
    std::fs::write(from.path().join("a.txt"), "A2").unwrap();
    assert_eq!(
        local_s3::seed_bucket(root.path(), "logs", from.path()).unwrap(),
        3
    );
    assert_eq!(std::fs::read_to_string(bucket.join("a.txt")).unwrap(), "A2");

    // An empty tree still makes the bucket.
    let empty = tempfile::tempdir().unwrap();
    assert_eq!(
        local_s3::seed_bucket(root.path(), "empty", empty.path()).unwrap(),
        0
    );
    assert!(root.path().join("empty").is_dir());

    let err = local_s3::seed_bucket(root.path(), "Bad_Bucket", from.path()).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    let err = local_s3::seed_bucket(root.path(), "logs", &from.path().join("a.txt")).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    assert!(local_s3::seed_bucket(root.path(), "logs", &from.path().join("missing")).is_err());

    // Seeding a bucket from itself (or from root) would truncate its files.
    let err = local_s3::seed_bucket(root.path(), "logs", &bucket).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    assert!(local_s3::seed_bucket(root.path(), "logs", root.path()).is_err());
    assert_eq!(std::fs::read_to_string(bucket.join("a.txt")).unwrap(), "A2");
}

#[test]
fn put_object_writes_the_file_and_refuses_keys_it_cannot_store() {
    let root = tempfile::tempdir().unwrap();
    local_s3::put_object(root.path(), "logs", "2024/06/run 1.jsonl", b"{}\n").unwrap();
    assert_eq!(
        std::fs::read(root.path().join("logs/2024/06/run 1.jsonl")).unwrap(),
        b"{}\n"
    );
    local_s3::put_object(root.path(), "logs", "2024/06/run 1.jsonl", b"[]").unwrap();
    assert_eq!(
        std::fs::read(root.path().join("logs/2024/06/run 1.jsonl")).unwrap(),
        b"[]"
    );

    for key in ["", "/lead", "trail/", "a//b", "a/../b", "../escape", "./a"] {
        let err = local_s3::put_object(root.path(), "logs", key, b"x").unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput, "{key:?}");
    }
    assert!(!root.path().join("escape").exists());
    assert!(local_s3::create_bucket(root.path(), "-bad").is_err());
    local_s3::create_bucket(root.path(), "made").unwrap();
    assert!(root.path().join("made").is_dir());
}

/// Runs `f` on another thread and fails if it takes longer than 10 s.
fn within_10s(f: impl FnOnce() + Send + 'static) {
    let (done_tx, done_rx) = mpsc::channel();
    std::thread::spawn(move || {
        f();
        let _ = done_tx.send(());
    });
    done_rx
        .recv_timeout(Duration::from_secs(10))
        .expect("did not finish within 10 s");
}

#[test]
fn shutdown_frees_the_port_even_with_an_open_connection() {
    let root = tempfile::tempdir().unwrap();
    let s3 = LocalS3::start(config(root.path())).unwrap();
    let addr = s3.addr();
    let agent = agent(); // keeps its connection open after the request
    assert_eq!(
        send(&agent, "GET", &format!("{}/", s3.endpoint()), &[]).status,
        403
    );
    let idle = TcpStream::connect(addr).unwrap(); // and one that never sends anything

    within_10s(move || s3.shutdown());

    assert!(
        TcpStream::connect(addr).is_err(),
        "still accepting after shutdown"
    );
    drop(TcpListener::bind(addr).expect("port is free after shutdown"));
    drop(idle);

    let mut again = config(root.path());
    again.port = addr.port();
    let s3 = LocalS3::start(again).expect("a new server can take the port");
    assert_eq!(s3.addr(), addr);
    drop(s3);
    assert!(
        TcpStream::connect(addr).is_err(),
        "still accepting after drop"
    );
}

#[test]
fn start_errors_are_clear_and_keep_the_secret() {
    let root = tempfile::tempdir().unwrap();
    let taken = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let mut busy = config(root.path());
    busy.port = taken.local_addr().unwrap().port();
    let err = LocalS3::start(busy).unwrap_err();
    assert!(matches!(err, LocalS3Error::Bind(..)), "{err:?}");

    let mut bad_origin = config(root.path());
    bad_origin.allowed_origin = Some("http://x\n".to_owned());
    let err2 = LocalS3::start(bad_origin).unwrap_err();
    assert!(matches!(err2, LocalS3Error::Config(..)), "{err2:?}");

    let err3 = LocalS3::start(LocalS3Config::new(root.path(), "", SECRET_KEY)).unwrap_err();
    assert!(matches!(err3, LocalS3Error::Config(..)), "{err3:?}");

    for err in [err, err2, err3] {
        assert!(!err.to_string().contains(SECRET_KEY));
        assert!(!format!("{err:?}").contains(SECRET_KEY));
    }
    assert!(!format!("{:?}", config(root.path())).contains(SECRET_KEY));
}

#[tokio::test]
async fn can_be_used_from_an_async_test() {
    let root = tempfile::tempdir().unwrap();
    let s3 = LocalS3::start(config(root.path())).unwrap();
    let url = format!("{}/logs/a.txt", s3.endpoint());
    let reply = tokio::task::spawn_blocking(move || get(&url, &[]))
        .await
        .unwrap();
    assert_eq!(reply.status, 403);
    drop(s3); // stopping from inside a runtime must not panic
}
