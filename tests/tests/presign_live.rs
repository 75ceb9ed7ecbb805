//! URLs signed by s3-presign against a real SigV4-verifying server (local-s3: s3s + s3s-fs)
//! on 127.0.0.1: it accepts them for GET and for listing with pagination and delimiter, and
//! refuses tampered, expired and wrongly keyed ones with the S3 error code a client must
//! explain.

use chrono::{DateTime, Duration, Utc};
use local_s3::{LocalS3, LocalS3Config};
use s3_presign::{Bucket, Credentials, Expiry, ListObjectsV2, UrlStyle};
use std::collections::BTreeSet;

const ACCESS: &str = "LOGSCOPETESTKEY";
const SECRET: &str = "logscope/test+secret=value";
const BUCKET: &str = "logs";

/// Keys a real bucket holds, awkward ones included.
const KEYS: &[&str] = &[
    "openai_logs/1/openai_interaction_test_session_test_task_001_1750572866.json_0b9cd106.txt",
    "openai_logs/1/openai_interaction_a b_task 2_1750572900.json.txt",
    "openai_logs/图纸 12/openai_interaction_会话_任务_1750573000.json_deadbeef.txt",
    "openai_logs/unknown/openai_interaction_x+y=z~w_1750574000.json_00000000.txt",
    "openai_logs/unknown/per%cent;semi?q#hash 😀.txt",
    "openai_logs/2/'quote'(paren)!*@:,$&.txt",
    "ai_interactions/7/3f2a.json",
];

struct Fixture {
    _root: tempfile::TempDir,
    server: LocalS3,
}

impl Fixture {
    fn start() -> Self {
        let root = tempfile::tempdir().unwrap();
        for (i, key) in KEYS.iter().enumerate() {
            local_s3::put_object(
                root.path(),
                BUCKET,
                key,
                format!("body {i}: {key}").as_bytes(),
            )
            .unwrap();
        }
        for n in 0..23 {
            let key = format!("openai_logs/3/openai_interaction_bulk_{n:02}_17505{n:05}.json.txt");
            local_s3::put_object(root.path(), BUCKET, &key, b"{}").unwrap();
        }
        let server = LocalS3::start(LocalS3Config::new(root.path(), ACCESS, SECRET)).unwrap();
        Self {
            _root: root,
            server,
        }
    }

    fn bucket(&self, name: &str) -> Bucket {
        Bucket::new(&self.server.endpoint(), name, "us-east-1", UrlStyle::Path).unwrap()
    }

    fn all_keys(&self) -> BTreeSet<String> {
        let mut keys: BTreeSet<String> = KEYS.iter().map(|k| k.to_string()).collect();
        keys.extend(
            (0..23).map(|n| {
                format!("openai_logs/3/openai_interaction_bulk_{n:02}_17505{n:05}.json.txt")
            }),
        );
        keys
    }
}

fn credentials() -> Credentials {
    Credentials::new(ACCESS, SECRET).unwrap()
}

fn now() -> DateTime<Utc> {
    Utc::now()
}

fn minutes(n: u64) -> Expiry {
    Expiry::from_secs(n * 60).unwrap()
}

struct Answer {
    status: u16,
    body: Vec<u8>,
}

fn fetch(url: &str) -> Answer {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent.get(url).call().expect("the server answers");
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_vec().unwrap();
    Answer { status, body }
}

fn error_code(answer: &Answer) -> String {
    s3_presign::parse_error(&answer.body)
        .unwrap_or_else(|e| panic!("status {} with no S3 error document: {e}", answer.status))
        .code
}

fn list_all(fixture: &Fixture, list: ListObjectsV2<'_>) -> (Vec<String>, Vec<String>, usize) {
    let bucket = fixture.bucket(BUCKET);
    let credentials = credentials();
    let (mut keys, mut prefixes, mut pages) = (Vec::new(), Vec::new(), 0);
    let mut token: Option<String> = None;
    loop {
        let request = ListObjectsV2 {
            continuation_token: token.as_deref(),
            ..list
        };
        let url = s3_presign::list_objects_v2(&bucket, &credentials, &request, now(), minutes(5));
        let answer = fetch(&url);
        assert_eq!(
            answer.status,
            200,
            "{}",
            String::from_utf8_lossy(&answer.body)
        );
        let page = s3_presign::parse_list_objects_v2(&answer.body).unwrap();
        pages += 1;
        keys.extend(page.contents.into_iter().map(|o| o.key));
        prefixes.extend(page.common_prefixes);
        if !page.is_truncated {
            return (keys, prefixes, pages);
        }
        token = Some(
            page.next_continuation_token
                .expect("a truncated page has a token"),
        );
        assert!(pages < 100, "pagination does not end");
    }
}

#[test]
fn presigned_get_reads_every_awkward_key() {
    let fixture = Fixture::start();
    let bucket = fixture.bucket(BUCKET);
    let credentials = credentials();
    for (i, key) in KEYS.iter().enumerate() {
        let url = s3_presign::get_object(&bucket, &credentials, key, now(), minutes(5)).unwrap();
        let answer = fetch(&url);
        assert_eq!(
            answer.status,
            200,
            "{key}: {}",
            String::from_utf8_lossy(&answer.body)
        );
        assert_eq!(answer.body, format!("body {i}: {key}").as_bytes(), "{key}");
    }
    assert_eq!(credentials.signing_key_derivations(), 1);
}

#[test]
fn listing_follows_continuation_tokens_to_every_key() {
    let fixture = Fixture::start();
    let list = ListObjectsV2 {
        max_keys: Some(4),
        ..Default::default()
    };
    let (keys, _, pages) = list_all(&fixture, list);
    assert_eq!(
        keys.iter().cloned().collect::<BTreeSet<_>>(),
        fixture.all_keys()
    );
    assert_eq!(keys.len(), fixture.all_keys().len(), "no key twice");
    assert_eq!(pages, fixture.all_keys().len().div_ceil(4));
}

#[test]
fn url_encoded_listing_returns_keys_exactly() {
    let fixture = Fixture::start();
    let list = ListObjectsV2 {
        prefix: Some("openai_logs/"),
        encoding_type: Some("url"),
        max_keys: Some(5),
        ..Default::default()
    };
    let (keys, _, _) = list_all(&fixture, list);
    let expected: BTreeSet<String> = fixture
        .all_keys()
        .into_iter()
        .filter(|k| k.starts_with("openai_logs/"))
        .collect();
    assert_eq!(keys.into_iter().collect::<BTreeSet<_>>(), expected);
}

#[test]
fn delimiter_listing_finds_the_drawing_folders() {
    let fixture = Fixture::start();
    let list = ListObjectsV2 {
        prefix: Some("openai_logs/"),
        delimiter: Some("/"),
        max_keys: Some(2),
        ..Default::default()
    };
    let (keys, prefixes, _) = list_all(&fixture, list);
    assert!(keys.is_empty(), "{keys:?}");
    let folders: BTreeSet<&str> = prefixes.iter().map(String::as_str).collect();
    assert_eq!(
        folders,
        BTreeSet::from([
            "openai_logs/1/",
            "openai_logs/2/",
            "openai_logs/3/",
            "openai_logs/unknown/",
            "openai_logs/图纸 12/",
        ])
    );
    let top = ListObjectsV2 {
        delimiter: Some("/"),
        ..Default::default()
    };
    let (_, top_prefixes, _) = list_all(&fixture, top);
    assert_eq!(top_prefixes, ["ai_interactions/", "openai_logs/"]);
}

#[test]
fn a_changed_signature_character_is_refused() {
    let fixture = Fixture::start();
    let url = s3_presign::get_object(
        &fixture.bucket(BUCKET),
        &credentials(),
        KEYS[0],
        now(),
        minutes(5),
    )
    .unwrap();
    let last = url.chars().last().unwrap();
    let swapped = if last == '0' { '1' } else { '0' };
    let tampered = format!("{}{swapped}", &url[..url.len() - 1]);
    let answer = fetch(&tampered);
    assert_eq!(answer.status, 403);
    assert_eq!(error_code(&answer), "SignatureDoesNotMatch");
    assert_eq!(fetch(&url).status, 200, "the untouched URL still works");
}

#[test]
fn an_expired_url_is_refused_with_access_denied() {
    let fixture = Fixture::start();
    let two_hours_ago = now() - Duration::hours(2);
    let url = s3_presign::get_object(
        &fixture.bucket(BUCKET),
        &credentials(),
        KEYS[0],
        two_hours_ago,
        Expiry::from_secs(3600).unwrap(),
    )
    .unwrap();
    let answer = fetch(&url);
    assert_eq!(answer.status, 403);
    assert_eq!(error_code(&answer), "AccessDenied");
}

#[test]
fn a_wrong_secret_is_refused_with_signature_does_not_match() {
    let fixture = Fixture::start();
    let wrong = Credentials::new(ACCESS, "not-the-secret").unwrap();
    let url = s3_presign::get_object(&fixture.bucket(BUCKET), &wrong, KEYS[0], now(), minutes(5))
        .unwrap();
    let answer = fetch(&url);
    assert_eq!(answer.status, 403);
    assert_eq!(error_code(&answer), "SignatureDoesNotMatch");
    let list = s3_presign::list_objects_v2(
        &fixture.bucket(BUCKET),
        &wrong,
        &ListObjectsV2::default(),
        now(),
        minutes(5),
    );
    assert_eq!(error_code(&fetch(&list)), "SignatureDoesNotMatch");
}

#[test]
fn an_unknown_access_key_and_a_missing_bucket_have_their_own_codes() {
    let fixture = Fixture::start();
    let stranger = Credentials::new("NOSUCHKEY", SECRET).unwrap();
    let url = s3_presign::get_object(
        &fixture.bucket(BUCKET),
        &stranger,
        KEYS[0],
        now(),
        minutes(5),
    )
    .unwrap();
    assert_eq!(error_code(&fetch(&url)), "InvalidAccessKeyId");
    let missing = s3_presign::list_objects_v2(
        &fixture.bucket("no-such-bucket"),
        &credentials(),
        &ListObjectsV2::default(),
        now(),
        minutes(5),
    );
    let answer = fetch(&missing);
    assert_eq!(answer.status, 404);
    assert_eq!(error_code(&answer), "NoSuchBucket");
    match s3_presign::parse_list_objects_v2(&answer.body) {
        Err(s3_presign::XmlError::ErrorDocument(error)) => assert_eq!(error.code, "NoSuchBucket"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_session_token_is_covered_by_the_signature() {
    let fixture = Fixture::start();
    let with_token = credentials().with_session_token("FwoGZXIvYXdzE/token+with=chars");
    let url = s3_presign::get_object(
        &fixture.bucket(BUCKET),
        &with_token,
        KEYS[0],
        now(),
        minutes(5),
    )
    .unwrap();
    assert_eq!(fetch(&url).status, 200);
    let tampered = url.replace("token%2Bwith", "token%2Bwixh");
    assert_ne!(tampered, url);
    assert_eq!(error_code(&fetch(&tampered)), "SignatureDoesNotMatch");
}
