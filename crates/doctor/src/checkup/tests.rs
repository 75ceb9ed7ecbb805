//! The order of the checks, driven with answers written here: what is asked after what, which
//! findings each answer settles, and that nothing is asked after a failure.

use super::*;
use crate::{Fact, Step};
use s3_presign::UrlStyle;

const ORIGIN: &str = "http://127.0.0.1:8080";

fn checkup(runner: Runner) -> Checkup {
    let bucket = Bucket::new("http://127.0.0.1:9000", "logs", "us-east-1", UrlStyle::Path).unwrap();
    let credentials = Credentials::new("AKIDEXAMPLE", "secret").unwrap();
    Checkup::new(bucket, credentials, "openai_logs/", ORIGIN, runner)
}

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_750_000_000 + seconds, 0).unwrap()
}

fn got(status: u16, body: &str) -> Result<Got, NoReply> {
    Ok(Got {
        status,
        body: body.as_bytes().to_vec(),
        date: Some("Sun, 15 Jun 2025 15:06:40 GMT".into()), // at(0)
        at: at(0),
    })
}

fn page(keys: usize, next: Option<&str>) -> String {
    let contents: String = (0..keys)
        .map(|i| format!("<Contents><Key>openai_logs/{i}</Key></Contents>"))
        .collect();
    let more = match next {
        Some(token) => {
            format!("<IsTruncated>true</IsTruncated><NextContinuationToken>{token}</NextContinuationToken>")
        }
        None => "<IsTruncated>false</IsTruncated>".to_owned(),
    };
    format!("<ListBucketResult><Name>logs</Name>{more}{contents}</ListBucketResult>")
}

fn steps(facts: &[Fact]) -> Vec<(Step, Outcome)> {
    facts.iter().map(|f| (f.step(), f.outcome())).collect()
}

fn get_url(ask: Ask) -> String {
    match ask {
        Ask::Get(url) => url,
        other => panic!("expected a GET, got {other:?}"),
    }
}

#[test]
fn a_terminal_asks_a_preflight_then_settles_three_steps_with_one_listing_and_counts_pages() {
    let mut c = checkup(Runner::Terminal);
    assert_eq!(c.ask(at(0)), Ask::Reach("http://127.0.0.1:9000/".into()));
    assert_eq!(
        steps(&c.reached(Ok(Some(403)))),
        [(Step::Reachable, Outcome::Pass)]
    );
    assert_eq!(
        c.ask(at(0)),
        Ask::Preflight {
            url: "http://127.0.0.1:9000/logs".into(),
            origin: ORIGIN.into()
        }
    );
    let allowed = Ok((200, Some(ORIGIN.to_owned()), Some("GET,HEAD".to_owned())));
    assert_eq!(
        steps(&c.preflighted(allowed)),
        [(Step::Cors, Outcome::Pass)]
    );
    assert!(get_url(c.ask(at(0))).contains("prefix=openai_logs%2F"));
    let facts = c.got(got(200, &page(1000, Some("t2"))));
    assert_eq!(
        steps(&facts),
        [
            (Step::Credentials, Outcome::Pass),
            (Step::Clock, Outcome::Pass),
            (Step::Bucket, Outcome::Pass)
        ]
    );
    assert!(get_url(c.ask(at(0))).contains("continuation-token=t2"));
    let facts = c.got(got(200, &page(7, None)));
    assert_eq!(
        facts,
        [Fact::ObjectsFound {
            count: 1007,
            at_least: false
        }]
    );
    assert_eq!(c.ask(at(0)), Ask::Done);
}

#[test]
fn a_browser_sees_cors_in_the_listing_itself() {
    let mut c = checkup(Runner::Browser);
    c.reached(Ok(None));
    let url = get_url(c.ask(at(0)));
    assert!(url.contains("list-type=2"));
    let facts = c.got(Err(NoReply::Said("Failed to fetch".into())));
    assert_eq!(steps(&facts), [(Step::Cors, Outcome::Fail)]);
    assert_eq!(c.ask(at(0)), Ask::Done);

    let mut c = checkup(Runner::Browser);
    c.reached(Ok(None));
    let facts = c.got(got(
        403,
        "<Error><Code>SignatureDoesNotMatch</Code></Error>",
    ));
    assert_eq!(
        steps(&facts),
        [
            (Step::Cors, Outcome::Pass),
            (Step::Credentials, Outcome::Fail)
        ]
    );
    assert_eq!(facts[1], Fact::WrongSecret);
    assert_eq!(c.ask(at(0)), Ask::Done);
}

#[test]
fn nothing_is_asked_after_a_failure() {
    let mut c = checkup(Runner::Terminal);
    assert_eq!(
        steps(&c.reached(Err(NoReply::Said("connection refused".into())))),
        [(Step::Reachable, Outcome::Fail)]
    );
    assert_eq!(c.ask(at(0)), Ask::Done);

    let mut c = checkup(Runner::Terminal);
    c.reached(Ok(Some(403)));
    assert_eq!(
        steps(&c.preflighted(Ok((501, None, None)))),
        [(Step::Cors, Outcome::Fail)]
    );
    assert_eq!(c.ask(at(0)), Ask::Done);
}

#[test]
fn a_terminal_asks_no_preflight_for_a_dashboard_on_the_storage_s_own_origin() {
    let bucket = Bucket::new("http://127.0.0.1:9000", "logs", "us-east-1", UrlStyle::Path).unwrap();
    let credentials = Credentials::new("AKIDEXAMPLE", "secret").unwrap();
    for origin in ["http://127.0.0.1:9000", "HTTP://127.0.0.1:9000/"] {
        let mut c = Checkup::new(
            bucket.clone(),
            credentials.clone(),
            "openai_logs/",
            origin,
            Runner::Terminal,
        );
        c.ask(at(0));
        assert_eq!(
            c.reached(Ok(Some(403))),
            [Fact::Answers { status: Some(403) }, Fact::CorsSameOrigin]
        );
        assert!(get_url(c.ask(at(0))).contains("list-type=2"));
    }
    // Another port is another origin.
    let mut c = Checkup::new(
        bucket,
        credentials,
        "openai_logs/",
        "http://127.0.0.1:9001",
        Runner::Terminal,
    );
    c.reached(Ok(Some(403)));
    assert!(matches!(c.ask(at(0)), Ask::Preflight { .. }));
    // Nothing is said about CORS when nothing answers.
    let mut c = checkup(Runner::Terminal);
    c.origin = "http://127.0.0.1:9000".into();
    assert_eq!(
        steps(&c.reached(Err(NoReply::Said("connection refused".into())))),
        [(Step::Reachable, Outcome::Fail)]
    );
}

#[test]
fn a_refused_clock_is_signed_again_by_the_storage_s_time_to_check_the_keys() {
    let mut c = checkup(Runner::Terminal);
    c.reached(Ok(Some(403)));
    c.preflighted(Ok((200, Some("*".into()), None)));
    let first = get_url(c.ask(at(0)));
    assert!(first.contains("X-Amz-Date=20250615T150640Z"));
    // The storage's clock is an hour ahead: the URL looks an hour old to it.
    let refused = Ok(Got {
        date: Some("Sun, 15 Jun 2025 16:06:40 GMT".into()),
        ..got(
            403,
            "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>",
        )
        .unwrap()
    });
    assert!(
        c.got(refused).is_empty(),
        "nothing is settled before signing again"
    );
    let again = get_url(c.ask(at(1)));
    assert!(again.contains("X-Amz-Date=20250615T160641Z"), "{again}");
    let facts = c.got(got(200, &page(2, None)));
    assert_eq!(
        steps(&facts),
        [
            (Step::Credentials, Outcome::Pass),
            (Step::Clock, Outcome::Fail)
        ]
    );
    assert_eq!(
        facts[1],
        Fact::ClockRefused {
            offset_ms: Some(3_600_000),
            code: "AccessDenied".into()
        }
    );
    assert_eq!(c.ask(at(0)), Ask::Done);
}

#[test]
fn a_browser_falls_back_to_its_host_s_date_when_the_storage_s_cannot_be_read() {
    let mut c = checkup(Runner::Browser);
    c.reached(Ok(None));
    let unreadable = Ok(Got {
        date: None,
        ..got(403, "<Error><Code>RequestTimeTooSkewed</Code></Error>").unwrap()
    });
    assert_eq!(steps(&c.got(unreadable)), [(Step::Cors, Outcome::Pass)]);
    assert_eq!(c.ask(at(0)), Ask::HostDate);
    // The host knows no better either: the keys stay unchecked and the clock fails.
    let facts = c.host_date(None);
    assert_eq!(
        facts,
        [
            Fact::KeysUnchecked,
            Fact::ClockRefused {
                offset_ms: None,
                code: "RequestTimeTooSkewed".into()
            }
        ]
    );
    assert_eq!(c.ask(at(0)), Ask::Done);
}

#[test]
fn a_missing_bucket_asks_for_the_bucket_list() {
    let mut c = checkup(Runner::Terminal);
    c.reached(Ok(Some(403)));
    c.preflighted(Ok((200, Some(ORIGIN.into()), None)));
    let facts = c.got(got(404, "<Error><Code>NoSuchBucket</Code></Error>"));
    assert_eq!(
        steps(&facts),
        [
            (Step::Credentials, Outcome::Pass),
            (Step::Clock, Outcome::Pass)
        ]
    );
    assert!(get_url(c.ask(at(0))).starts_with("http://127.0.0.1:9000/?X-Amz-Algorithm="));
    let listed = "<ListAllMyBucketsResult><Buckets><Bucket><Name>site</Name></Bucket>\
                  <Bucket><Name>logs-2025</Name></Bucket></Buckets></ListAllMyBucketsResult>";
    let facts = c.got(got(200, listed));
    assert_eq!(
        facts,
        [Fact::NoBucket {
            others: Ok(vec!["logs-2025".into(), "site".into()])
        }]
    );
    assert_eq!(c.ask(at(0)), Ask::Done);
}

#[test]
fn an_empty_prefix_asks_for_the_top_level() {
    let mut c = checkup(Runner::Browser);
    c.reached(Ok(None));
    let facts = c.got(got(200, &page(0, None)));
    assert_eq!(steps(&facts).len(), 4, "CORS, keys, clock, bucket");
    let top = get_url(c.ask(at(0)));
    assert!(top.contains("delimiter=%2F") && !top.contains("prefix="));
    let listing = "<ListBucketResult><CommonPrefixes><Prefix>site/</Prefix></CommonPrefixes>\
                   </ListBucketResult>";
    let facts = c.got(got(200, listing));
    assert!(matches!(&facts[..], [Fact::NoObjects { top: Ok(top) }] if top.prefixes == ["site/"]));
    assert_eq!(c.ask(at(0)), Ask::Done);
}

#[test]
fn a_page_that_fails_stops_the_count_with_what_was_counted() {
    let mut c = checkup(Runner::Terminal);
    c.reached(Ok(Some(403)));
    c.preflighted(Ok((200, Some(ORIGIN.into()), None)));
    c.got(got(200, &page(1000, Some("t2"))));
    let facts = c.got(Err(NoReply::Said("connection reset".into())));
    assert_eq!(
        facts,
        [Fact::CountStopped {
            count: 1000,
            reason: Unlisted::NoReply(NoReply::Said("connection reset".into()))
        }]
    );
    assert_eq!(c.ask(at(0)), Ask::Done);
}
