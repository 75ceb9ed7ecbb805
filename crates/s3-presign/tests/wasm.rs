//! The crate in a real browser (wasm32, headless Chromium through wasm-bindgen-test-runner):
//! the AWS example signs to the same URL, and S3 XML parses, as natively.

#![cfg(target_arch = "wasm32")]

use s3_presign::{Bucket, Credentials, Expiry, UrlStyle};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const AWS_EXAMPLE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/testdata/sigv4/aws_doc_example.json"
));

#[wasm_bindgen_test]
fn aws_example_url_is_signed_identically_in_the_browser() {
    let doc: serde_json::Value = serde_json::from_str(AWS_EXAMPLE).unwrap();
    let input = |field: &str| doc["inputs"][field].as_str().unwrap().to_owned();
    let bucket = Bucket::new(
        &input("endpoint"),
        &input("bucket"),
        &input("region"),
        UrlStyle::VirtualHost,
    )
    .unwrap();
    let credentials = Credentials::new(&input("access_key"), &input("secret_key")).unwrap();
    let at = chrono::DateTime::parse_from_rfc3339(&input("timestamp"))
        .unwrap()
        .with_timezone(&chrono::Utc);
    let url = s3_presign::get_object(
        &bucket,
        &credentials,
        &input("key"),
        at,
        Expiry::from_secs(86_400).unwrap(),
    )
    .unwrap();
    assert_eq!(url, doc["expected"]["url"].as_str().unwrap());
    for _ in 0..10 {
        s3_presign::get_object(
            &bucket,
            &credentials,
            "k",
            at,
            Expiry::from_secs(60).unwrap(),
        )
        .unwrap();
    }
    assert_eq!(credentials.signing_key_derivations(), 1);
}

#[wasm_bindgen_test]
fn listing_and_errors_parse_in_the_browser() {
    let page = s3_presign::parse_list_objects_v2(
        "<ListBucketResult><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>\
         <NextContinuationToken>t</NextContinuationToken>\
         <Contents><Key>openai_logs/%E5%9B%BE+1/a.txt</Key><Size>12</Size></Contents>\
         </ListBucketResult>"
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(page.contents[0].key, "openai_logs/图 1/a.txt");
    assert!(page.is_truncated);
    let error = s3_presign::parse_error(b"<Error><Code>AccessDenied</Code></Error>").unwrap();
    assert_eq!(error.code, "AccessDenied");
    assert!(s3_presign::parse_list_objects_v2(b"<ListBucketResult><Contents>").is_err());
}
