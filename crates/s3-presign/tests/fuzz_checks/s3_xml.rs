//! What the `s3_xml` fuzz target asserts about any body, kept here so that
//! `tests/fuzz_regressions.rs` runs the very same checks on the inputs it found.

use s3_presign::{parse_error, parse_list_buckets, parse_list_objects_v2, XmlError};

/// Runs the three parsers of `xml.rs` over `body`. They promise an `XmlError` value for
/// every bad body, never a panic; beyond that:
/// - an error document found in place of the answer is the one `parse_error` reads;
/// - a parsed error document has a code;
/// - each parser wants its own root element, so at most one of them accepts a body.
pub fn check_s3_xml(body: &[u8]) {
    let listing = parse_list_objects_v2(body);
    let buckets = parse_list_buckets(body);
    let error = parse_error(body);

    for failure in [
        listing.as_ref().err(),
        buckets.as_ref().err(),
        error.as_ref().err(),
    ]
    .into_iter()
    .flatten()
    {
        assert!(!failure.to_string().is_empty());
        if let XmlError::ErrorDocument(document) = failure {
            assert_eq!(error.as_ref().ok(), Some(&**document));
        }
    }
    if let Ok(document) = &error {
        assert!(
            !document.code.is_empty(),
            "an error document without a code"
        );
    }
    let accepted = [listing.is_ok(), buckets.is_ok(), error.is_ok()]
        .into_iter()
        .filter(|&ok| ok)
        .count();
    assert!(accepted <= 1, "{accepted} parsers accepted one body");
}
