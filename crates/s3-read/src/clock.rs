//! This machine's clock against the storage's: which S3 refusals are about the request's
//! time, where the storage's time is read, and the correction that makes a clock read as it.
//!
//! A presigned URL carries the time it was signed. A storage refuses one dated too far after
//! its own time (`RequestTimeTooSkewed`) or older than its expiry (`AccessDenied`, "Request
//! has expired"); for URLs signed a moment ago either means the clocks differ. The storage's
//! time is in the error document's `ServerTime` (AWS) or the `Date` header (any HTTP server).
//! The readers correct their clock by these rules, and the diagnostics judge a clock by them.

use chrono::{DateTime, Utc};

/// Whether an S3 error says the request's time was off.
pub fn is_time_refusal(code: &str, message: Option<&str>) -> bool {
    let message = message.unwrap_or_default().to_ascii_lowercase();
    code == "RequestTimeTooSkewed"
        || (code == "AccessDenied"
            && ["expired", "not valid yet", "not yet valid"]
                .iter()
                .any(|words| message.contains(words)))
}

/// The storage's time from an error's `ServerTime` (ISO 8601) or a `Date` header (HTTP date).
pub fn server_time(server_time: Option<&str>, date_header: Option<&str>) -> Option<DateTime<Utc>> {
    let iso = server_time.and_then(|t| DateTime::parse_from_rfc3339(t.trim()).ok());
    let iso = iso.map(|t| t.with_timezone(&Utc));
    iso.or_else(|| date_header.and_then(http_date))
}

/// An HTTP date: `Sun, 22 Jun 2025 14:14:26 GMT`, or one of the two obsolete layouts
/// HTTP still asks readers to accept.
fn http_date(text: &str) -> Option<DateTime<Utc>> {
    let since_epoch = httpdate::parse_http_date(text)
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    DateTime::from_timestamp(i64::try_from(since_epoch.as_secs()).ok()?, 0)
}

/// Smaller corrections are not what made a request fail, and would not help.
pub const MIN_CORRECTION_MS: i64 = 30_000;

/// The correction (server minus local, in milliseconds) that makes a clock reading
/// `local_ms` read as `server`, unless it is within [`MIN_CORRECTION_MS`] of the one in
/// force, `current_ms`.
pub fn correction(server: DateTime<Utc>, local_ms: i64, current_ms: i64) -> Option<i64> {
    let offset = server.timestamp_millis() - local_ms;
    ((offset - current_ms).abs() >= MIN_CORRECTION_MS).then_some(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn refusals_about_time_are_told_from_others() {
        assert!(is_time_refusal("RequestTimeTooSkewed", None));
        assert!(is_time_refusal("AccessDenied", Some("Request has expired")));
        assert!(is_time_refusal(
            "AccessDenied",
            Some("Request is not valid yet")
        ));
        assert!(!is_time_refusal("AccessDenied", Some("Access Denied.")));
        assert!(!is_time_refusal("AccessDenied", None));
        assert!(!is_time_refusal("SignatureDoesNotMatch", Some("expired")));
    }

    #[test]
    fn the_storage_time_comes_from_the_document_else_the_header() {
        let aws = server_time(
            Some("2025-06-22T14:14:26Z"),
            Some("Mon, 23 Jun 2025 00:00:00 GMT"),
        );
        assert_eq!(aws.unwrap().timestamp(), 1_750_601_666);
        let minio = server_time(None, Some("Sun, 22 Jun 2025 14:14:26 GMT"));
        assert_eq!(minio.unwrap().timestamp(), 1_750_601_666);
        assert_eq!(server_time(Some("yesterday"), Some("soon")), None);
        for obsolete in ["Sunday, 22-Jun-25 14:14:26 GMT", "Sun Jun 22 14:14:26 2025"] {
            let time = server_time(None, Some(obsolete));
            assert_eq!(time.unwrap().timestamp(), 1_750_601_666, "{obsolete}");
        }
        // The weekday must be the date's.
        assert_eq!(
            server_time(None, Some("Mon, 22 Jun 2025 14:14:26 GMT")),
            None
        );
    }

    #[test]
    fn only_a_correction_that_matters_is_made() {
        let server = DateTime::from_timestamp(1_750_601_666, 0).unwrap();
        let server_ms = server.timestamp_millis();
        // The clock is an hour ahead.
        let local = server_ms + 3_600_000;
        assert_eq!(correction(server, local, 0), Some(-3_600_000));
        // Already corrected, by a request that failed at the same time.
        assert_eq!(correction(server, local + 500, -3_600_000), None);
        // A few seconds are not why a request failed.
        assert_eq!(correction(server, server_ms + 5_000, 0), None);
    }
}
