//! The fault layer does to a client what it says: each kind of fault, as a plain HTTP client
//! meets it, with CORS headers on the error answers; at most `max_in_a_row` faults in a row
//! for one path; `always` paths never answer well; preflights never meet a fault. Requests
//! are signed for real by s3-presign, so s3s checks every signature as usual.

use std::io::Read;
use std::time::{Duration, Instant};

use chrono::Utc;
use local_s3::faults::{Fault, Faults};
use local_s3::{LocalS3, LocalS3Config};
use s3_presign::{Bucket, Credentials, Expiry, UrlStyle};

const ACCESS_KEY: &str = "AKIDFAULTS";
const SECRET_KEY: &str = "faults/secret+value=";
const ORIGIN: &str = "http://127.0.0.1:8080";
const KEY: &str = "openai_logs/1/a.txt";

/// A body long enough that half of it is plainly not all of it.
fn stored_body() -> Vec<u8> {
    (0..4000).map(|i| b'a' + (i % 26) as u8).collect()
}

fn server(faults: Faults) -> (tempfile::TempDir, LocalS3) {
    let root = tempfile::tempdir().unwrap();
    local_s3::put_object(root.path(), "logs", KEY, &stored_body()).unwrap();
    local_s3::put_object(root.path(), "logs", "openai_logs/2/b.txt", b"{}").unwrap();
    let mut config = LocalS3Config::new(root.path(), ACCESS_KEY, SECRET_KEY);
    config.faults = Some(faults);
    let s3 = LocalS3::start(config).unwrap();
    (root, s3)
}

fn object_url(s3: &LocalS3, key: &str) -> String {
    let bucket = Bucket::new(&s3.endpoint(), "logs", "us-east-1", UrlStyle::Path).unwrap();
    let credentials = Credentials::new(ACCESS_KEY, SECRET_KEY).unwrap();
    s3_presign::get_object(
        &bucket,
        &credentials,
        key,
        Utc::now(),
        Expiry::from_secs(900).unwrap(),
    )
    .unwrap()
}

/// What a client got: status, headers, and the body or why it could not be read whole.
#[derive(Debug)]
struct Answer {
    status: u16,
    content_length: Option<usize>,
    cors: bool,
    body: Result<Vec<u8>, String>,
}

impl Answer {
    fn text(&self) -> String {
        String::from_utf8_lossy(self.body.as_ref().unwrap()).into_owned()
    }
}

/// The answer to a GET of `url`, or why there was none within `timeout`.
fn get(url: &str, timeout: Duration) -> Result<Answer, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(timeout))
        .build()
        .into();
    let request = http::Request::get(url)
        .header("Origin", ORIGIN)
        .body(())
        .unwrap();
    let response = agent.run(request).map_err(|error| error.to_string())?;
    let status = response.status().as_u16();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    let content_length = header("content-length").map(|v| v.parse().unwrap());
    let cors = header("access-control-allow-origin").is_some();
    let mut bytes = Vec::new();
    let body = response
        .into_body()
        .into_reader()
        .read_to_end(&mut bytes)
        .map(|_| bytes)
        .map_err(|e| e.to_string());
    Ok(Answer {
        status,
        content_length,
        cors,
        body,
    })
}

/// The answer to a GET of `url`, which must come.
fn answered(url: &str) -> Answer {
    get(url, Duration::from_secs(10)).unwrap_or_else(|why| panic!("no answer: {why}"))
}

/// Every request of a path meets `kind` once, then goes through.
fn once(kind: Fault) -> Faults {
    Faults::new(1.0, vec![kind], 1, 7)
}

fn assert_whole(answer: Answer) {
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body.as_deref(), Ok(&stored_body()[..]));
}

#[test]
fn error_answers_are_s3_error_documents_with_cors_headers() {
    for (kind, status, code) in [
        (Fault::SlowDown, 503, "<Code>SlowDown</Code>"),
        (Fault::InternalError, 500, "<Code>InternalError</Code>"),
    ] {
        let (_root, s3) = server(once(kind));
        let answer = answered(&object_url(&s3, KEY));
        assert_eq!(answer.status, status, "{kind:?}");
        assert!(answer.cors, "{kind:?}: a page could not read the status");
        assert!(answer.text().contains(code), "{kind:?}: {}", answer.text());
        assert_whole(answered(&object_url(&s3, KEY)));
    }
}

#[test]
fn a_reset_gives_no_answer_at_all() {
    let (_root, s3) = server(once(Fault::Reset));
    let got = get(&object_url(&s3, KEY), Duration::from_secs(10));
    assert!(got.is_err(), "{got:?}");
    assert_whole(answered(&object_url(&s3, KEY)));
}

#[test]
fn a_truncated_body_ends_early_with_an_error() {
    let (_root, s3) = server(once(Fault::Truncated));
    let answer = answered(&object_url(&s3, KEY));
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.content_length,
        Some(4000),
        "the length of the whole body"
    );
    assert!(
        answer.body.is_err(),
        "a cut body must not read as whole: {answer:?}"
    );
}

#[test]
fn a_short_content_length_reads_as_a_whole_but_short_body() {
    let (_root, s3) = server(once(Fault::ShortLength));
    let answer = answered(&object_url(&s3, KEY));
    assert_eq!(answer.status, 200);
    assert_eq!(answer.content_length, Some(2000));
    assert_eq!(answer.body.as_deref(), Ok(&stored_body()[..2000]));
}

#[test]
fn slow_and_stalled_answers_take_their_time() {
    let (_root, s3) = server(once(Fault::Slow(Duration::from_millis(700))));
    let started = Instant::now();
    assert_whole(answered(&object_url(&s3, KEY)));
    assert!(started.elapsed() >= Duration::from_millis(700));

    let (_root, s3) = server(once(Fault::Stall));
    let got = get(&object_url(&s3, KEY), Duration::from_millis(800));
    assert!(
        matches!(&got, Err(why) if why.contains("timeout") || why.contains("timed out")),
        "{got:?}"
    );
    assert_whole(answered(&object_url(&s3, KEY)));
}

#[test]
fn one_path_meets_at_most_max_in_a_row_faults_then_goes_through() {
    let (_root, s3) = server(Faults::new(1.0, vec![Fault::SlowDown], 3, 1));
    let url = object_url(&s3, KEY);
    for _ in 0..3 {
        assert_eq!(answered(&url).status, 503);
    }
    assert_whole(answered(&url));
    // The count starts again after a success.
    assert_eq!(answered(&url).status, 503);
    // Another path has its own count.
    let other = object_url(&s3, "openai_logs/2/b.txt");
    assert_eq!(answered(&other).status, 503);
    let count = s3.fault_count().unwrap();
    assert_eq!((count.requests, count.faults), (6, 5));
    assert_eq!(count.by_kind, vec![(Fault::SlowDown, 5)]);
}

#[test]
fn faults_come_at_about_the_rate_set() {
    let (_root, s3) = server(Faults::new(
        0.3,
        vec![Fault::SlowDown, Fault::InternalError],
        100,
        42,
    ));
    let url = object_url(&s3, KEY);
    let failed = (0..200).filter(|_| answered(&url).status != 200).count();
    assert!(
        (35..=85).contains(&failed),
        "{failed} of 200 failed at a rate of 0.3"
    );
}

#[test]
fn an_always_path_never_answers_well_and_preflights_never_fail() {
    let mut faults = Faults::new(0.0, vec![Fault::Reset], 0, 3);
    faults.always.push(format!("/logs/{KEY}"));
    let (_root, s3) = server(faults);
    for _ in 0..6 {
        assert_eq!(answered(&object_url(&s3, KEY)).status, 500);
    }
    assert_eq!(
        answered(&object_url(&s3, "openai_logs/2/b.txt")).status,
        200
    );

    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .allow_non_standard_methods(true)
        .build()
        .into();
    let preflight = http::Request::builder()
        .method("OPTIONS")
        .uri(format!("{}/logs/{KEY}", s3.endpoint()))
        .header("Origin", ORIGIN)
        .header("Access-Control-Request-Method", "GET")
        .body(())
        .unwrap();
    let answer = agent.run(preflight).unwrap();
    assert!(answer.status().is_success(), "{}", answer.status());
    assert!(answer.headers().contains_key("access-control-allow-origin"));
}
