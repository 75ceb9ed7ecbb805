//! The ways the server can be set up to fail, for tests of what clients say about them:
//! no CORS at all, the `Date` header readable or not, and a clock that runs ahead. Requests
//! are signed for real by s3-presign, so s3s checks every signature as usual.

use std::time::Duration;

use chrono::{DateTime, Utc};
use local_s3::{LocalS3, LocalS3Config};
use s3_presign::{Bucket, Credentials, Expiry, ListObjectsV2, UrlStyle};

const ACCESS_KEY: &str = "AKIDFAILUREMODES";
const SECRET_KEY: &str = "failure/modes+secret=value";
const ORIGIN: &str = "http://127.0.0.1:8080";

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

fn send(method: &str, url: &str, headers: &[(&str, &str)]) -> Reply {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into();
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

fn seeded() -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    local_s3::put_object(root.path(), "logs", "openai_logs/1/a.txt", b"{}").unwrap();
    root
}

/// A listing of `logs` signed as of `at`, valid for 15 minutes.
fn listing_url(s3: &LocalS3, at: DateTime<Utc>) -> String {
    let bucket = Bucket::new(&s3.endpoint(), "logs", "us-east-1", UrlStyle::Path).unwrap();
    let credentials = Credentials::new(ACCESS_KEY, SECRET_KEY).unwrap();
    let list = ListObjectsV2 {
        prefix: Some("openai_logs/"),
        ..ListObjectsV2::default()
    };
    s3_presign::list_objects_v2(
        &bucket,
        &credentials,
        &list,
        at,
        Expiry::from_secs(900).unwrap(),
    )
}

fn code(body: &str) -> Option<&str> {
    let start = body.find("<Code>")? + "<Code>".len();
    Some(&body[start..start + body[start..].find("</Code>")?])
}

fn date_header(reply: &Reply) -> DateTime<Utc> {
    DateTime::parse_from_rfc2822(reply.header("date").expect("a Date header"))
        .unwrap()
        .with_timezone(&Utc)
}

#[test]
fn without_cors_answers_carry_no_cors_headers_and_preflights_are_not_allowed() {
    let root = seeded();
    let mut config = LocalS3Config::new(root.path(), ACCESS_KEY, SECRET_KEY);
    config.cors = false;
    let s3 = LocalS3::start(config).unwrap();

    let listed = send("GET", &listing_url(&s3, Utc::now()), &[("Origin", ORIGIN)]);
    assert_eq!(listed.status, 200, "{}", listed.body);
    assert!(listed.body.contains("openai_logs/1/a.txt"));
    assert_eq!(listed.header("access-control-allow-origin"), None);

    let preflight = send(
        "OPTIONS",
        &format!("{}/logs", s3.endpoint()),
        &[("Origin", ORIGIN), ("Access-Control-Request-Method", "GET")],
    );
    assert_eq!(preflight.header("access-control-allow-origin"), None);
    // s3s itself knows no OPTIONS operation.
    assert_eq!(preflight.status, 501, "{}", preflight.body);
    assert_eq!(code(&preflight.body), Some("NotImplemented"));
}

#[test]
fn the_date_header_is_readable_by_pages_only_when_asked() {
    let root = seeded();
    let read_exposed = |expose_date: bool| {
        let mut config = LocalS3Config::new(root.path(), ACCESS_KEY, SECRET_KEY);
        config.expose_date = expose_date;
        let s3 = LocalS3::start(config).unwrap();
        let reply = send("GET", &listing_url(&s3, Utc::now()), &[("Origin", ORIGIN)]);
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply
            .header("access-control-expose-headers")
            .unwrap()
            .to_ascii_lowercase()
    };
    let names = |list: &str| -> Vec<String> { list.split(',').map(|h| h.trim().into()).collect() };
    assert!(names(&read_exposed(true)).contains(&"date".to_owned()));
    assert!(!names(&read_exposed(false)).contains(&"date".to_owned()));
}

#[test]
fn a_clock_ahead_refuses_requests_signed_by_the_real_clock_and_says_its_time() {
    let root = seeded();
    let mut config = LocalS3Config::new(root.path(), ACCESS_KEY, SECRET_KEY);
    config.clock_ahead = Duration::from_secs(3600);
    let s3 = LocalS3::start(config).unwrap();

    let now = Utc::now();
    let refused = send("GET", &listing_url(&s3, now), &[]);
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert_eq!(code(&refused.body), Some("AccessDenied"));
    assert!(
        refused.body.contains("Request has expired"),
        "{}",
        refused.body
    );
    let ahead = (date_header(&refused) - now).num_seconds();
    assert!((3595..=3605).contains(&ahead), "Date is {ahead} s ahead");

    // Signed by the server's clock, the same listing passes every check s3s makes.
    let server_now = now + chrono::Duration::seconds(3600);
    let listed = send("GET", &listing_url(&s3, server_now), &[]);
    assert_eq!(listed.status, 200, "{}", listed.body);
    assert!(listed.body.contains("openai_logs/1/a.txt"));

    // More than 15 minutes after the server's clock is too far in the future.
    let future = server_now + chrono::Duration::minutes(20);
    let skewed = send("GET", &listing_url(&s3, future), &[]);
    assert_eq!(code(&skewed.body), Some("RequestTimeTooSkewed"));

    // The clock judges time only: a wrong secret is still refused for what it is.
    let bucket = Bucket::new(&s3.endpoint(), "logs", "us-east-1", UrlStyle::Path).unwrap();
    let wrong = Credentials::new(ACCESS_KEY, "not-the-secret").unwrap();
    let url = s3_presign::list_objects_v2(
        &bucket,
        &wrong,
        &ListObjectsV2::default(),
        server_now,
        Expiry::from_secs(900).unwrap(),
    );
    assert_eq!(
        code(&send("GET", &url, &[]).body),
        Some("SignatureDoesNotMatch")
    );
}

#[test]
fn the_real_clock_is_left_alone() {
    let root = seeded();
    let s3 = LocalS3::start(LocalS3Config::new(root.path(), ACCESS_KEY, SECRET_KEY)).unwrap();
    let now = Utc::now();
    let listed = send("GET", &listing_url(&s3, now), &[]);
    assert_eq!(listed.status, 200, "{}", listed.body);
    assert!((date_header(&listed) - now).num_seconds().abs() <= 5);
    let future = now + chrono::Duration::minutes(20);
    assert_eq!(
        code(&send("GET", &listing_url(&s3, future), &[]).body),
        Some("RequestTimeTooSkewed")
    );
}
