//! Parsing what S3 answers: listings, error documents, and bodies that are neither.

// Native only: these read files or use native-only crates; tests/wasm.rs runs in the browser.
#![cfg(not(target_arch = "wasm32"))]

use s3_presign::{parse_error, parse_list_buckets, parse_list_objects_v2, XmlError};

const PAGE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>logs</Name>
  <Prefix>openai_logs/</Prefix>
  <KeyCount>3</KeyCount>
  <MaxKeys>2</MaxKeys>
  <Delimiter>/</Delimiter>
  <IsTruncated>true</IsTruncated>
  <ContinuationToken>abc</ContinuationToken>
  <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
  <Contents>
    <Key>openai_logs/1/openai_interaction_a_b_1750572866.json_0b9cd106.txt</Key>
    <LastModified>2025-06-22T06:14:26.000Z</LastModified>
    <ETag>&quot;5d41402abc4b2a76b9719d911017c592&quot;</ETag>
    <Size>942</Size>
    <StorageClass>STANDARD</StorageClass>
  </Contents>
  <Contents>
    <Key>  spaced &amp; &lt;odd&gt; </Key>
    <Size>0</Size>
  </Contents>
  <CommonPrefixes><Prefix>openai_logs/1/</Prefix></CommonPrefixes>
  <CommonPrefixes><Prefix>openai_logs/unknown/</Prefix></CommonPrefixes>
</ListBucketResult>"#;

#[test]
fn a_listing_page_is_read_completely() {
    let page = parse_list_objects_v2(PAGE.as_bytes()).unwrap();
    assert_eq!(page.name.as_deref(), Some("logs"));
    assert_eq!(page.prefix.as_deref(), Some("openai_logs/"));
    assert_eq!(page.key_count, Some(3));
    assert_eq!(page.max_keys, Some(2));
    assert!(page.is_truncated);
    assert_eq!(page.continuation_token.as_deref(), Some("abc"));
    assert_eq!(
        page.next_continuation_token.as_deref(),
        Some("1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=")
    );
    assert_eq!(page.contents.len(), 2);
    let first = &page.contents[0];
    assert_eq!(first.size, Some(942));
    assert_eq!(
        first.etag.as_deref(),
        Some("5d41402abc4b2a76b9719d911017c592")
    );
    assert_eq!(
        first.last_modified.as_deref(),
        Some("2025-06-22T06:14:26.000Z")
    );
    let second = &page.contents[1];
    assert_eq!(second.key, "  spaced & <odd> ", "spaces in keys are kept");
    assert_eq!(second.etag, None, "some servers leave the ETag out");
    assert_eq!(second.last_modified, None);
    assert_eq!(
        page.common_prefixes,
        ["openai_logs/1/", "openai_logs/unknown/"]
    );
}

#[test]
fn url_encoded_listings_are_decoded() {
    let body = r#"<ListBucketResult><EncodingType>url</EncodingType>
        <Prefix>openai_logs%2F%E5%9B%BE</Prefix><StartAfter>a+b</StartAfter>
        <Contents><Key>openai_logs/%E5%9B%BE+1/a%2Bb%20c%25.txt</Key></Contents>
        <CommonPrefixes><Prefix>openai_logs/x%20y/</Prefix></CommonPrefixes>
        <IsTruncated>false</IsTruncated></ListBucketResult>"#;
    let page = parse_list_objects_v2(body.as_bytes()).unwrap();
    assert_eq!(page.contents[0].key, "openai_logs/图 1/a+b c%.txt");
    assert_eq!(page.common_prefixes, ["openai_logs/x y/"]);
    assert_eq!(page.prefix.as_deref(), Some("openai_logs/图"));
    assert_eq!(page.start_after.as_deref(), Some("a b"));
    assert!(!page.is_truncated);
}

#[test]
fn keys_are_not_decoded_without_encoding_type() {
    let body = "<ListBucketResult><Contents><Key>a%20b+c</Key></Contents></ListBucketResult>";
    let page = parse_list_objects_v2(body.as_bytes()).unwrap();
    assert_eq!(page.contents[0].key, "a%20b+c");
}

#[test]
fn an_empty_listing_is_empty() {
    let page = parse_list_objects_v2(b"<ListBucketResult><KeyCount>0</KeyCount><IsTruncated>false</IsTruncated></ListBucketResult>").unwrap();
    assert!(page.contents.is_empty() && page.common_prefixes.is_empty());
    let page = parse_list_objects_v2(b"<ListBucketResult/>").unwrap();
    assert!(page.contents.is_empty());
}

#[test]
fn error_documents_carry_code_message_and_times() {
    let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message>
<RequestTime>20130524T000000Z</RequestTime><ServerTime>2026-11-26T09:00:00Z</ServerTime>
<MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds>
<Resource>/logs/a.txt</Resource><RequestId>4442587FB7D0A2F9</RequestId></Error>"#;
    let error = parse_error(body.as_bytes()).unwrap();
    assert_eq!(error.code, "RequestTimeTooSkewed");
    assert_eq!(error.server_time.as_deref(), Some("2026-11-26T09:00:00Z"));
    assert_eq!(error.request_time.as_deref(), Some("20130524T000000Z"));
    assert_eq!(error.resource.as_deref(), Some("/logs/a.txt"));
    assert_eq!(error.request_id.as_deref(), Some("4442587FB7D0A2F9"));
    assert!(error
        .to_string()
        .starts_with("RequestTimeTooSkewed: The difference"));
}

#[test]
fn a_listing_request_answered_with_an_error_says_so() {
    let body = b"<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>";
    match parse_list_objects_v2(body) {
        Err(XmlError::ErrorDocument(error)) => assert_eq!(error.code, "NoSuchBucket"),
        other => panic!("expected the error document, got {other:?}"),
    }
}

#[test]
fn a_bucket_list_gives_the_names_in_order() {
    // As AWS documents ListBuckets' answer (MinIO's has the same shape).
    let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Owner><ID>02d6176db174dc93cb1b899f7c6078f08654445fe8cf1b6ce98d8855f66bdbf4</ID></Owner>
  <Buckets>
    <Bucket><Name>logs-2025</Name><CreationDate>2025-06-22T06:14:26.000Z</CreationDate></Bucket>
    <Bucket><Name>site</Name><CreationDate>2025-06-23T06:14:26.000Z</CreationDate></Bucket>
  </Buckets>
</ListAllMyBucketsResult>"#;
    assert_eq!(
        parse_list_buckets(body.as_bytes()).unwrap(),
        ["logs-2025", "site"]
    );
    let none = "<ListAllMyBucketsResult><Buckets/></ListAllMyBucketsResult>";
    assert!(parse_list_buckets(none.as_bytes()).unwrap().is_empty());
    let denied = b"<Error><Code>AccessDenied</Code><Message>Access Denied.</Message></Error>";
    match parse_list_buckets(denied) {
        Err(XmlError::ErrorDocument(error)) => assert_eq!(error.code, "AccessDenied"),
        other => panic!("expected the error document, got {other:?}"),
    }
    assert!(parse_list_buckets(b"<ListAllMyBucketsResult><Buckets>").is_err());
}

#[test]
fn broken_bodies_are_error_values() {
    let cut = &PAGE.as_bytes()[..PAGE.len() / 2];
    let cases: Vec<(&[u8], &str)> = vec![
        (cut, "Truncated"),
        (b"", "UnexpectedRoot"),
        (b"   ", "UnexpectedRoot"),
        (b"<html><body>502 Bad Gateway</body></html>", "UnexpectedRoot"),
        (b"<ListBucketResult><Contents><Key>a</Contents></ListBucketResult>", "Malformed"),
        (b"<ListBucketResult><KeyCount>many</KeyCount></ListBucketResult>", "InvalidValue"),
        (b"<ListBucketResult><Contents><Size>-1</Size></Contents></ListBucketResult>", "InvalidValue"),
        (b"<ListBucketResult>\xff\xfe</ListBucketResult>", "NotUtf8"),
        (b"<ListBucketResult><Contents><Key>&bogus;</Key></Contents></ListBucketResult>", "Malformed"),
        (b"<ListBucketResult><EncodingType>url</EncodingType><Contents><Key>%FF</Key></Contents></ListBucketResult>", "InvalidValue"),
        (b"<ListBucketResult></ListBucketResult><ListBucketResult>", "ok"),
    ];
    for (body, expected) in cases {
        let kind = match parse_list_objects_v2(body) {
            Ok(_) => "ok",
            Err(XmlError::Truncated) => "Truncated",
            Err(XmlError::UnexpectedRoot { .. }) => "UnexpectedRoot",
            Err(XmlError::Malformed { .. }) => "Malformed",
            Err(XmlError::InvalidValue { .. }) => "InvalidValue",
            Err(XmlError::NotUtf8 { .. }) => "NotUtf8",
            Err(other) => panic!("{other:?}"),
        };
        assert_eq!(kind, expected, "{}", String::from_utf8_lossy(body));
    }
}

#[test]
fn absurd_nesting_is_refused_without_recursion() {
    let depth = 100_000;
    let body = format!(
        "<ListBucketResult>{}{}</ListBucketResult>",
        "<a>".repeat(depth),
        "</a>".repeat(depth)
    );
    assert_eq!(
        parse_list_objects_v2(body.as_bytes()),
        Err(XmlError::TooDeep)
    );
}

#[test]
fn an_error_document_without_a_code_is_not_an_error_document() {
    assert!(parse_error(b"<Error><Message>x</Message></Error>").is_err());
    assert!(parse_error(b"<NotError/>").is_err());
}
