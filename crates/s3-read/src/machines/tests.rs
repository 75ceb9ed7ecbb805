//! Every transition of both machines, fed the answers a storage gives.

use super::*;
use crate::{Backoff, Skew, POLICY};
use chrono::DateTime;
use s3_presign::{Bucket, Credentials, UrlStyle};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn answer(status: u16, body: &str) -> Result<Answer, Lost> {
    Ok(Answer {
        status,
        body: body.as_bytes().to_vec(),
        date: None,
    })
}

fn error(status: u16, code: &str) -> Result<Answer, Lost> {
    answer(
        status,
        &format!("<Error><Code>{code}</Code><Message>{code} said</Message></Error>"),
    )
}

fn page(keys: &[&str], next: Option<&str>) -> Result<Answer, Lost> {
    let mut body = format!(
        "<ListBucketResult><IsTruncated>{}</IsTruncated>",
        next.is_some()
    );
    if let Some(token) = next {
        body.push_str(&format!(
            "<NextContinuationToken>{token}</NextContinuationToken>"
        ));
    }
    for key in keys {
        body.push_str(&format!(
            "<Contents><Key>{key}</Key><Size>3</Size></Contents>"
        ));
    }
    body.push_str("</ListBucketResult>");
    answer(200, &body)
}

fn url(request: &Request) -> String {
    let bucket = Bucket::new("http://127.0.0.1:9000", "logs", "us-east-1", UrlStyle::Path).unwrap();
    let credentials = Credentials::new("AKIDEXAMPLE", "secret").unwrap();
    request.presign(
        &bucket,
        &credentials,
        DateTime::from_timestamp(1_369_353_600, 0).unwrap(),
    )
}

/// The request asked for, which must be a send.
fn sent(read: &mut impl Machine) -> Request {
    match read.next() {
        Ask::Send(request) => request,
        other => panic!("expected a request, got {other:?}"),
    }
}

fn waits(read: &mut impl Machine) -> Backoff {
    match read.next() {
        Ask::Wait(backoff) => backoff,
        other => panic!("expected a wait, got {other:?}"),
    }
}

fn keys(page: &ListObjectsV2Page) -> Vec<&str> {
    page.contents.iter().map(|o| o.key.as_str()).collect()
}

fn object() -> Fetch {
    Fetch::new("logs/1/a.txt", Some(3), SizeLimit::from_mb(1)).unwrap()
}

/// Answers every try with `got` until the read ends; the waits it asked for between.
fn every_try<M: Machine>(
    read: &mut M,
    got: impl Fn() -> Result<Answer, Lost>,
) -> (Failed, Vec<Backoff>) {
    let mut waited = Vec::new();
    loop {
        match read.next() {
            Ask::Send(_) => {
                if let Some(result) = read.got(got()) {
                    return (result.err().expect("a failure"), waited);
                }
            }
            Ask::Wait(backoff) => waited.push(backoff),
            other => panic!("unexpected {other:?}"),
        }
    }
}

#[test]
fn a_listing_follows_its_tokens_to_the_last_page() {
    let mut listing = Listing::new("logs/");
    let first = sent(&mut listing);
    assert_eq!(first.token(), None);
    assert_eq!(first.body_limit(), crate::MAX_PAGE_BYTES);
    let first_url = url(&first);
    assert!(first_url.contains("prefix=logs%2F") && first_url.contains("encoding-type=url"));
    assert!(!first_url.contains("delimiter") && !first_url.contains("continuation-token"));

    let got = listing.got(page(&["logs/1/a.txt", "logs/1/b.txt"], Some("t/2")));
    assert_eq!(
        keys(&got.unwrap().unwrap()),
        ["logs/1/a.txt", "logs/1/b.txt"]
    );
    assert!(!listing.finished());
    let second = sent(&mut listing);
    assert_eq!(second.token(), Some("t/2"));
    assert!(url(&second).contains("continuation-token=t%2F2"));

    let got = listing.got(page(&["logs/2/c.txt"], None));
    assert_eq!(keys(&got.unwrap().unwrap()), ["logs/2/c.txt"]);
    assert!(listing.finished());
    assert_eq!(listing.next(), Ask::Done);
    assert_eq!(
        listing.got(page(&["late"], None)),
        None,
        "nothing was asked"
    );
}

#[test]
fn a_listing_asks_with_its_delimiter_and_start_after() {
    let mut listing = Listing::new("").delimiter("/").start_after("logs/7/z.txt");
    let url = url(&sent(&mut listing));
    assert!(url.contains("delimiter=%2F"), "{url}");
    assert!(url.contains("start-after=logs%2F7%2Fz.txt"), "{url}");
    assert!(
        !url.contains("prefix="),
        "an empty prefix is left out: {url}"
    );
    let top = "<ListBucketResult><IsTruncated>false</IsTruncated>\
               <CommonPrefixes><Prefix>a/</Prefix></CommonPrefixes></ListBucketResult>";
    let got = listing.got(answer(200, top)).unwrap().unwrap();
    assert_eq!(got.common_prefixes, ["a/"]);
}

#[test]
fn more_keys_without_a_new_token_end_the_listing() {
    let tokenless = "<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>";
    let mut listing = Listing::new("logs/");
    sent(&mut listing);
    let failed = listing.got(answer(200, tokenless)).unwrap().unwrap_err();
    assert_eq!(
        failed,
        Failed {
            failure: Failure::NoNewToken,
            tries: 1
        }
    );
    assert_eq!(listing.next(), Ask::Done);

    // The token it was asked with, again: the same page would come forever.
    let mut listing = Listing::new("logs/");
    sent(&mut listing);
    listing.got(page(&["logs/a"], Some("t2"))).unwrap().unwrap();
    sent(&mut listing);
    let failed = listing
        .got(page(&["logs/b"], Some("t2")))
        .unwrap()
        .unwrap_err();
    assert_eq!(failed.failure, Failure::NoNewToken);
}

#[test]
fn an_error_document_in_a_200_is_the_error_it_names() {
    let mut listing = Listing::new("logs/");
    sent(&mut listing);
    let failed = listing
        .got(answer(200, "<Error><Code>AccessDenied</Code></Error>"))
        .unwrap()
        .unwrap_err();
    assert_eq!(
        failed.failure,
        Failure::S3 {
            status: 200,
            code: "AccessDenied".into(),
            message: None
        }
    );
    // A busy server's, in a 200, is tried again like a 503.
    let mut listing = Listing::new("logs/");
    sent(&mut listing);
    assert_eq!(
        listing.got(answer(200, "<Error><Code>SlowDown</Code></Error>")),
        None
    );
    waits(&mut listing);
}

#[test]
fn an_answer_that_is_not_a_listing_is_not_tried_again_unless_it_ends_early() {
    let mut listing = Listing::new("logs/");
    sent(&mut listing);
    let failed = listing
        .got(answer(200, "<html><body>console</body></html>"))
        .unwrap()
        .unwrap_err();
    assert!(matches!(
        failed.failure,
        Failure::NotListing(XmlError::UnexpectedRoot { .. })
    ));
    assert_eq!(failed.tries, 1);

    let mut listing = Listing::new("logs/");
    sent(&mut listing);
    let broken = "<ListBucketResult><a></b></ListBucketResult>";
    let failed = listing.got(answer(200, broken)).unwrap().unwrap_err();
    assert!(matches!(
        failed.failure,
        Failure::NotListing(XmlError::Malformed { .. })
    ));
}

#[test]
fn a_listing_cut_short_anywhere_is_asked_for_again() {
    let Ok(whole) = page(&["logs/1/a&amp;b.txt", "logs/2/c.txt"], Some("t2")) else {
        unreachable!()
    };
    // Cut in the declaration, in a tag, in an entity, in a text, before the closing tag.
    for cut in 1..whole.body.len() {
        let mut listing = Listing::new("logs/");
        sent(&mut listing);
        let mut short = whole.clone();
        short.body.truncate(cut);
        let said = String::from_utf8_lossy(&short.body).into_owned();
        assert_eq!(listing.got(Ok(short)), None, "not retried: {said}");
        waits(&mut listing);
        sent(&mut listing);
        let got = listing.got(Ok(whole.clone())).unwrap().unwrap();
        assert_eq!(keys(&got), ["logs/1/a&b.txt", "logs/2/c.txt"]);
    }
}

#[test]
fn what_may_go_away_is_waited_for_and_tried_again() {
    let retried: Vec<fn() -> Result<Answer, Lost>> = vec![
        || error(503, "SlowDown"),
        || error(500, "InternalError"),
        || answer(502, "<html>Bad Gateway</html>"),
        || Err(Lost::Network("connection reset".into())),
        || Err(Lost::TimedOut("timed out".into())),
        || Err(Lost::BrokeOff("connection closed early".into())),
    ];
    for got in retried {
        let mut read = object();
        sent(&mut read);
        assert_eq!(read.got(got()), None, "{:?}", got());
        assert_eq!(waits(&mut read), POLICY.backoff(1));
        sent(&mut read);
        assert_eq!(read.got(answer(200, "abc")), Some(Ok(b"abc".to_vec())));
        assert_eq!(read.next(), Ask::Done);
    }
}

#[test]
fn refusals_end_the_read_at_once() {
    let cases: Vec<(Result<Answer, Lost>, Failure)> = vec![
        (
            error(403, "AccessDenied"),
            Failure::S3 {
                status: 403,
                code: "AccessDenied".into(),
                message: Some("AccessDenied said".into()),
            },
        ),
        (
            error(404, "NoSuchKey"),
            Failure::S3 {
                status: 404,
                code: "NoSuchKey".into(),
                message: Some("NoSuchKey said".into()),
            },
        ),
        (
            error(404, "NoSuchBucket"),
            Failure::S3 {
                status: 404,
                code: "NoSuchBucket".into(),
                message: Some("NoSuchBucket said".into()),
            },
        ),
        (
            Err(Lost::Lasting("invalid peer certificate".into())),
            Failure::Network {
                reason: "invalid peer certificate".into(),
                lasting: true,
            },
        ),
        (
            Err(Lost::OverLimit(1_000_000)),
            Failure::Overflowed { limit: 1_000_000 },
        ),
    ];
    for (got, failure) in cases {
        let mut read = object();
        sent(&mut read);
        assert_eq!(read.got(got), Some(Err(Failed { failure, tries: 1 })));
        assert_eq!(read.next(), Ask::Done);
    }
}

#[test]
fn the_read_gives_up_after_the_last_try_with_waits_under_their_ceilings() {
    let (failed, waited) = every_try(&mut object(), || error(503, "SlowDown"));
    assert_eq!(failed.tries, POLICY.tries);
    assert_eq!(
        failed.to_string(),
        "SlowDown (HTTP 503) after 5 attempts: SlowDown said"
    );
    let expected: Vec<Backoff> = (1..POLICY.tries).map(|t| POLICY.backoff(t)).collect();
    assert_eq!(waited, expected);
    let mut listing = Listing::new("logs/");
    let (failed, _) = every_try(&mut listing, || {
        Err(Lost::Network("connection refused".into()))
    });
    assert_eq!(failed.to_string(), "connection refused after 5 attempts");
    assert_eq!(listing.next(), Ask::Done);
}

#[test]
fn a_body_of_another_length_than_listed_is_asked_for_again() {
    let mut read = object();
    sent(&mut read);
    assert_eq!(read.got(answer(200, "ab")), None);
    waits(&mut read);
    sent(&mut read);
    assert_eq!(read.got(answer(200, "abc")), Some(Ok(b"abc".to_vec())));

    let (failed, _) = every_try(&mut object(), || answer(200, "abcd"));
    assert_eq!(
        failed,
        Failed {
            failure: Failure::Short { got: 4, listed: 3 },
            tries: 5
        }
    );

    // Without a listed size, any length is the object.
    let mut unlisted = Fetch::new("logs/1/a.txt", None, SizeLimit::from_mb(1)).unwrap();
    let request = sent(&mut unlisted);
    assert_eq!(
        (request.key(), request.body_limit()),
        (Some("logs/1/a.txt"), 1_000_000)
    );
    assert_eq!(
        unlisted.got(answer(200, "abcd")),
        Some(Ok(b"abcd".to_vec()))
    );
}

#[test]
fn an_object_over_the_limit_is_not_fetched() {
    let limit = SizeLimit::from_mb(2);
    let failed = Fetch::new("logs/big.txt", Some(2_500_000), limit).unwrap_err();
    assert_eq!(
        failed,
        Failed {
            failure: Failure::TooLarge {
                size: 2_500_000,
                limit
            },
            tries: 0
        }
    );
    assert_eq!(
        failed.to_string(),
        "not read: 2.5 MB is over the limit of 2 MB for one object"
    );
    assert!(Fetch::new("logs/edge.txt", Some(2_000_000), limit).is_ok());
    let empty = Fetch::new("", None, limit).unwrap_err();
    assert_eq!(empty.failure, Failure::Unsignable(PresignError::EmptyKey));
}

#[test]
fn a_page_tells_cors_from_the_network_only_after_the_last_try() {
    for (answers, failure) in [
        (true, Failure::Cors),
        (
            false,
            Failure::Network {
                reason: "Failed to fetch".into(),
                lasting: false,
            },
        ),
    ] {
        let mut read = object();
        for tries in 1..=POLICY.tries {
            sent(&mut read);
            assert_eq!(read.got(Err(Lost::Blocked("Failed to fetch".into()))), None);
            if tries < POLICY.tries {
                waits(&mut read);
            }
        }
        let Ask::Probe(probe) = read.next() else {
            panic!("expected a probe")
        };
        assert_eq!(probe.key(), Some("logs/1/a.txt"));
        assert_eq!(read.probed(answers), Some(Failed { failure, tries: 5 }));
        assert_eq!(read.next(), Ask::Done);
        assert_eq!(read.probed(answers), None, "nothing was asked");
    }
    // A later try that gets through is all that counts.
    let mut read = object();
    sent(&mut read);
    assert_eq!(read.got(Err(Lost::Blocked("Failed to fetch".into()))), None);
    waits(&mut read);
    sent(&mut read);
    assert_eq!(read.got(answer(200, "abc")), Some(Ok(b"abc".to_vec())));
}

fn skewed(server_time: Option<&str>, date: Option<&str>) -> Result<Answer, Lost> {
    let mut body = "<Error><Code>RequestTimeTooSkewed</Code>\
                    <Message>The difference between the request time and the server's time is \
                    too large.</Message>"
        .to_owned();
    if let Some(time) = server_time {
        body.push_str(&format!("<ServerTime>{time}</ServerTime>"));
    }
    body.push_str("</Error>");
    Ok(Answer {
        status: 403,
        body: body.into_bytes(),
        date: date.map(str::to_owned),
    })
}

#[test]
fn a_refused_time_asks_for_the_clock_then_signs_again_at_once() {
    let mut read = object();
    sent(&mut read);
    assert_eq!(read.got(skewed(Some("2025-06-22T14:14:26Z"), None)), None);
    let server = DateTime::from_timestamp(1_750_601_666, 0);
    assert_eq!(read.next(), Ask::FixClock(Skew { server }));
    assert_eq!(read.clock_fixed(true), None);
    sent(&mut read);
    // The try signed again is not one of the policy's five.
    let (failed, waited) = every_try(&mut read, || error(503, "SlowDown"));
    assert_eq!((failed.tries, waited.len()), (6, 4));

    // The `Date` header tells the time when the document does not.
    let mut read = object();
    sent(&mut read);
    let expired = Ok(Answer {
        status: 403,
        body: b"<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>"
            .to_vec(),
        date: Some("Sun, 22 Jun 2025 14:14:26 GMT".into()),
    });
    assert_eq!(read.got(expired), None);
    assert_eq!(read.next(), Ask::FixClock(Skew { server }));
    assert_eq!(read.clock_fixed(true), None);
    sent(&mut read);
    assert_eq!(read.got(answer(200, "abc")), Some(Ok(b"abc".to_vec())));
}

#[test]
fn a_clock_is_corrected_once_and_a_refusal_that_stays_ends_the_read() {
    let mut read = Listing::new("logs/");
    sent(&mut read);
    assert_eq!(read.got(skewed(None, None)), None);
    assert_eq!(read.next(), Ask::FixClock(Skew { server: None }));
    let failed = read.clock_fixed(false).unwrap();
    assert_eq!(failed.tries, 1);
    assert!(matches!(&failed.failure, Failure::S3 { code, .. } if code == "RequestTimeTooSkewed"));
    assert!(failed.failure.is_fatal());
    assert_eq!(read.next(), Ask::Done);

    let mut read = object();
    sent(&mut read);
    read.got(skewed(None, None));
    read.clock_fixed(true);
    sent(&mut read);
    let failed = read.got(skewed(None, None)).unwrap().unwrap_err();
    assert_eq!(failed.tries, 2, "not asked for the clock a second time");
    assert_eq!(read.clock_fixed(true), None, "nothing was asked");
}

#[test]
fn a_prefix_names_a_folder() {
    assert_eq!(folder("openai_logs"), "openai_logs/");
    assert_eq!(folder("openai_logs/"), "openai_logs/");
    assert_eq!(folder(""), "", "empty means the whole bucket");
}
