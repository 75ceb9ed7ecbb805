//! Each step's verdict from answers written here, as S3 servers send them.

use super::*;
use crate::{Outcome, Step};
use s3_presign::{ListObjectsV2Page, ObjectEntry};

const ORIGIN: &str = "http://127.0.0.1:8080";

fn error(status: u16, code: &str, message: Option<&str>) -> Answer {
    let body = match message {
        Some(m) => format!("<Error><Code>{code}</Code><Message>{m}</Message></Error>"),
        None => format!("<Error><Code>{code}</Code></Error>"),
    };
    Answer::of_listing(status, body.as_bytes())
}

fn page(keys: usize, next: Option<&str>) -> ListObjectsV2Page {
    ListObjectsV2Page {
        contents: (0..keys)
            .map(|i| ObjectEntry {
                key: format!("k{i}"),
                ..ObjectEntry::default()
            })
            .collect(),
        is_truncated: next.is_some(),
        next_continuation_token: next.map(str::to_owned),
        ..ListObjectsV2Page::default()
    }
}

#[test]
fn a_preflight_must_allow_this_origin_for_get() {
    assert_eq!(
        preflight(ORIGIN, 200, Some(ORIGIN), Some("GET,HEAD")),
        Fact::CorsAllowed
    );
    assert_eq!(preflight(ORIGIN, 204, Some("*"), None), Fact::CorsAllowed);
    assert_eq!(
        preflight("http://127.0.0.1:8080/", 200, Some(ORIGIN), None),
        Fact::CorsAllowed
    );
    for (status, origin, methods) in [
        (200, Some("https://dashboard.example.com"), Some("GET")),
        (200, None, None),
        (501, None, None),
        (200, Some(ORIGIN), Some("PUT")),
        (403, Some(ORIGIN), Some("GET")),
    ] {
        let fact = preflight(ORIGIN, status, origin, methods);
        assert_eq!(
            (fact.step(), fact.outcome()),
            (Step::Cors, Outcome::Fail),
            "{fact:?}"
        );
    }
}

#[test]
fn answers_are_read_as_pages_errors_or_not_s3() {
    let listing =
        b"<ListBucketResult><Name>logs</Name><Contents><Key>a</Key></Contents></ListBucketResult>";
    assert!(matches!(Answer::of_listing(200, listing), Answer::Page(p) if p.contents.len() == 1));
    assert!(matches!(
        error(404, "NoSuchBucket", None),
        Answer::Error { status: 404, ref error } if error.code == "NoSuchBucket"
    ));
    assert!(matches!(
        Answer::of_listing(200, b"<html>console</html>"),
        Answer::NotS3(_)
    ));
    // An error status without an error document: a code-less error, named by its status.
    let bare = Answer::of_listing(502, b"Bad Gateway");
    assert_eq!(
        bare.page().unwrap_err().to_string(),
        "no error code (HTTP 502)"
    );
}

#[test]
fn each_refusal_names_the_part_of_the_keys_that_is_wrong() {
    let cases = [
        ("InvalidAccessKeyId", None, Fact::UnknownKey),
        ("SignatureDoesNotMatch", None, Fact::WrongSecret),
        (
            "ExpiredToken",
            None,
            Fact::BadToken {
                code: "ExpiredToken".into(),
            },
        ),
        (
            "AccessDenied",
            Some("Access Denied."),
            Fact::NotAllowed {
                message: Some("Access Denied.".into()),
            },
        ),
        (
            "AuthorizationQueryParametersError",
            None,
            Fact::WrongRegion {
                code: "AuthorizationQueryParametersError".into(),
            },
        ),
        ("NoSuchBucket", None, Fact::KeysAccepted),
        ("RequestTimeTooSkewed", None, Fact::KeysUnchecked),
        (
            "AccessDenied",
            Some("Request has expired"),
            Fact::KeysUnchecked,
        ),
    ];
    for (code, message, want) in cases {
        assert_eq!(keys(&error(403, code, message)), want, "{code}");
    }
    assert_eq!(keys(&Answer::Page(page(0, None))), Fact::KeysAccepted);
    assert!(matches!(
        keys(&error(503, "SlowDown", None)),
        Fact::Refused { status: 503, .. }
    ));
    assert!(matches!(
        keys(&Answer::NotS3(Unlisted::NotXml(XmlError::Truncated))),
        Fact::NotS3 { .. }
    ));
}

#[test]
fn the_clock_fails_only_when_the_storage_refused_the_time() {
    let refused = error(403, "AccessDenied", Some("Request has expired"));
    assert_eq!(
        clock(&refused, Some(3_600_000)),
        Fact::ClockRefused {
            offset_ms: Some(3_600_000),
            code: "AccessDenied".into()
        }
    );
    let fine = Answer::Page(page(1, None));
    assert_eq!(
        clock(&fine, Some(-800)),
        Fact::ClockInStep {
            offset_ms: Some(-800)
        }
    );
    assert_eq!(clock(&fine, None), Fact::ClockInStep { offset_ms: None });
    let off = clock(&fine, Some(-120_000));
    assert_eq!((off.step(), off.outcome()), (Step::Clock, Outcome::Warn));
}

#[test]
fn a_missing_bucket_comes_with_the_buckets_there_are() {
    let missing = error(404, "NoSuchBucket", None);
    let listed = b"<ListAllMyBucketsResult><Buckets><Bucket><Name>logs</Name></Bucket></Buckets></ListAllMyBucketsResult>";
    let others = bucket_names(200, listed);
    assert_eq!(others, Ok(vec!["logs".to_owned()]));
    assert_eq!(
        bucket(&missing, Some(others)),
        Fact::NoBucket {
            others: Ok(vec!["logs".into()])
        }
    );
    let denied = bucket_names(403, b"<Error><Code>AccessDenied</Code></Error>");
    assert_eq!(
        denied.map_err(|e| e.to_string()),
        Err("AccessDenied (HTTP 403)".to_owned())
    );
    assert_eq!(
        bucket(&Answer::Page(page(0, None)), None),
        Fact::BucketFound
    );
}

#[test]
fn counting_follows_pages_and_stops_at_the_cap() {
    let mut tally = Tally::default();
    assert_eq!(tally.add(&page(1000, Some("t1"))), Some("t1".to_owned()));
    assert_eq!(tally.add(&page(5, None)), None);
    assert_eq!(
        tally.fact(None),
        Fact::ObjectsFound {
            count: 1005,
            at_least: false
        }
    );

    let mut big = Tally::default();
    let mut pages = 0;
    while big.add(&page(1000, Some("more"))).is_some() {
        pages += 1;
    }
    assert_eq!(pages + 1, MAX_PAGES);
    assert_eq!(
        big.fact(None),
        Fact::ObjectsFound {
            count: u64::from(MAX_PAGES) * 1000,
            at_least: true
        }
    );
    assert!(matches!(
        big.stopped(Unlisted::NoReply(NoReply::Said("reset".into()))),
        Fact::CountStopped { count: 10_000, .. }
    ));
}

#[test]
fn the_summary_index_is_not_counted_as_logs() {
    let mut tally = Tally::new("openai_logs/");
    let mut listed = page(3, None);
    for (n, object) in listed.contents.iter_mut().enumerate() {
        object.key = format!("openai_logs/.logscope/summaries/{n}.part");
    }
    listed.contents.push(ObjectEntry {
        key: "openai_logs/7/a.txt".into(),
        ..ObjectEntry::default()
    });
    assert_eq!(tally.add(&listed), None);
    assert_eq!(
        tally.fact(None),
        Fact::ObjectsFound {
            count: 1,
            at_least: false
        }
    );
    let mut only_ours = Tally::new("openai_logs/");
    listed.contents.pop();
    only_ours.add(&listed);
    assert!(only_ours.is_empty(), "an index without logs is no logs");
}

#[test]
fn an_empty_prefix_is_told_with_the_top_level() {
    let mut tally = Tally::default();
    assert_eq!(tally.add(&page(0, None)), None);
    assert!(tally.is_empty());
    let top_page = ListObjectsV2Page {
        common_prefixes: vec!["ai_interactions/".into(), "site/".into()],
        ..page(2, None)
    };
    let top = top_level(Answer::Page(top_page));
    let fact = tally.fact(Some(top));
    assert_eq!(
        fact,
        Fact::NoObjects {
            top: Ok(Top {
                prefixes: vec!["ai_interactions/".into(), "site/".into()],
                loose_objects: 2,
                more: false
            })
        }
    );
    assert_eq!(
        top_level(error(403, "AccessDenied", None)).map_err(|e| e.to_string()),
        Err("AccessDenied (HTTP 403)".into())
    );
}
