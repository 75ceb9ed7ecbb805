//! Reading the shared reference data that sits beside the repository.

// Each test file uses a different part of this module.
#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared/testdata/sigv4/NAME`, relative to the repository root.
pub fn sigv4_testdata(name: &str) -> serde_json::Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/testdata/sigv4")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}. The AWS reference data lives in ../shared beside the clone",
            path.display()
        )
    });
    serde_json::from_str(&text).expect("reference data is JSON")
}

/// A string field of a JSON object.
pub fn text<'a>(value: &'a serde_json::Value, field: &str) -> &'a str {
    value[field]
        .as_str()
        .unwrap_or_else(|| panic!("{field} is not a string in {value}"))
}

/// An RFC 3339 time.
pub fn time(text: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(text)
        .expect("RFC 3339 time")
        .with_timezone(&chrono::Utc)
}

/// The value of one query parameter of a URL, still encoded.
pub fn query_param<'a>(url: &'a str, name: &str) -> Option<&'a str> {
    let query = url.split_once('?')?.1;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}
