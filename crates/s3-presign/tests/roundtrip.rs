//! Property: any object key survives the trip through the URL a browser sends.
//!
//! The URL is parsed by the `url` crate, which follows the same WHATWG URL standard browsers
//! do; the server then percent-decodes the path. Keys with `.` or `..` segments are the one
//! exception, and a test below pins that down: every WHATWG parser removes those segments
//! (even written as `%2E`), so no browser can request such a key by path.

// Native only: these read files or use native-only crates; tests/wasm.rs runs in the browser.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use s3_presign::{encode, Bucket, Credentials, Expiry, ListObjectsV2, UrlStyle};

fn has_dot_segment(key: &str) -> bool {
    key.split('/')
        .any(|segment| segment == "." || segment == "..")
}

fn sign_get(key: &str, style: UrlStyle) -> String {
    let bucket = Bucket::new("https://s3.example.com:8443", "logs", "us-east-1", style).unwrap();
    let credentials = Credentials::new("AKID", "secret").unwrap();
    let at = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    s3_presign::get_object(
        &bucket,
        &credentials,
        key,
        at,
        Expiry::from_secs(60).unwrap(),
    )
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_key_round_trips_through_a_browser_url(key in "\\PC{1,40}|[ -~]{1,40}|[/.a+ %]{1,12}") {
        prop_assume!(!has_dot_segment(&key));
        for (style, prefix) in [(UrlStyle::Path, "/logs/"), (UrlStyle::VirtualHost, "/")] {
            let signed = sign_get(&key, style);
            let parsed = url::Url::parse(&signed).unwrap();
            prop_assert_eq!(parsed.as_str(), signed.as_str(), "the browser sends the URL unchanged");
            let path = encode::decode(parsed.path()).unwrap();
            prop_assert_eq!(path.strip_prefix(prefix), Some(key.as_str()));
        }
    }

    #[test]
    fn any_list_parameter_round_trips_through_a_browser_url(prefix in "\\PC{0,30}", token in "[ -~]{1,30}") {
        let bucket = Bucket::new("http://127.0.0.1:9000", "logs", "us-east-1", UrlStyle::Path).unwrap();
        let credentials = Credentials::new("AKID", "secret").unwrap();
        let at = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let list = ListObjectsV2 { prefix: Some(&prefix), continuation_token: Some(&token), ..Default::default() };
        let signed = s3_presign::list_objects_v2(&bucket, &credentials, &list, at, Expiry::from_secs(60).unwrap());
        let parsed = url::Url::parse(&signed).unwrap();
        prop_assert_eq!(parsed.as_str(), signed.as_str());
        let pairs: std::collections::HashMap<String, String> = parsed.query_pairs().into_owned().collect();
        prop_assert_eq!(pairs.get("prefix"), Some(&prefix));
        prop_assert_eq!(pairs.get("continuation-token"), Some(&token));
        prop_assert_eq!(pairs.get("list-type").map(String::as_str), Some("2"));
    }
}

#[test]
fn browsers_remove_dot_segments_so_such_keys_cannot_be_fetched_by_path() {
    let signed = sign_get("a/../b", UrlStyle::Path);
    let parsed = url::Url::parse(&signed).unwrap();
    assert_eq!(
        parsed.path(),
        "/logs/b",
        "a WHATWG parser collapses the segment"
    );
}
