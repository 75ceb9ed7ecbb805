//! The browser's clock, corrected when the storage says it is off.
//!
//! A presigned URL carries the time it was signed; a storage refuses one signed too far in
//! the future (`RequestTimeTooSkewed`) or already past its expiry (`AccessDenied`, "Request
//! has expired"), which with URLs signed a moment ago means the clock is wrong. The server's
//! time then comes from the error document's `ServerTime` (AWS sends it), else from the
//! answer's `Date` header when CORS lets the page read it (MinIO exposes it), else from the
//! `Date` of this page's own host, which any HTTP server sends. The rest is pure and tested.

use std::cell::Cell;

use chrono::{DateTime, Utc};

use crate::locale::Lang;

/// Smaller differences are not what made a request fail: correcting them would not help.
const MIN_CORRECTION_MS: i64 = 30_000;

/// The time requests are signed with: the browser's clock plus a correction.
#[derive(Debug, Default)]
pub struct Clock {
    offset_ms: Cell<i64>,
}

impl Clock {
    /// Now, corrected. The only place the dashboard reads the time.
    pub fn now(&self) -> DateTime<Utc> {
        let ms = local_ms() + self.offset_ms.get();
        DateTime::from_timestamp_millis(ms).unwrap_or_default()
    }

    /// The correction in force, in milliseconds (server minus browser).
    pub fn offset_ms(&self) -> i64 {
        self.offset_ms.get()
    }

    /// Takes `server` as the right time, if that changes the correction enough to matter;
    /// returns the new correction.
    pub fn correct_to(&self, server: DateTime<Utc>) -> Option<i64> {
        let offset = needed_offset(server, local_ms(), self.offset_ms.get())?;
        self.offset_ms.set(offset);
        Some(offset)
    }
}

fn local_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Whether an S3 error says the signing time was off, for a URL signed a moment ago.
pub fn is_skew(code: &str, message: Option<&str>) -> bool {
    let message = message.unwrap_or_default().to_ascii_lowercase();
    code == "RequestTimeTooSkewed"
        || (code == "AccessDenied"
            && ["expired", "not valid yet", "not yet valid"]
                .iter()
                .any(|words| message.contains(words)))
}

/// The server's time from an error's `ServerTime` (ISO 8601) or a `Date` header (HTTP date).
pub fn server_time(server_time: Option<&str>, date_header: Option<&str>) -> Option<DateTime<Utc>> {
    let iso = server_time.and_then(|t| DateTime::parse_from_rfc3339(t.trim()).ok());
    let http = || date_header.and_then(|d| DateTime::parse_from_rfc2822(d.trim()).ok());
    iso.or_else(http).map(|t| t.with_timezone(&Utc))
}

/// The correction that makes `local_ms` read as `server`, unless it is within
/// [`MIN_CORRECTION_MS`] of the current one.
pub fn needed_offset(server: DateTime<Utc>, local_ms: i64, current_ms: i64) -> Option<i64> {
    let offset = server.timestamp_millis() - local_ms;
    ((offset - current_ms).abs() >= MIN_CORRECTION_MS).then_some(offset)
}

/// What the status line says after a correction. The server's time is known to a second
/// at best (HTTP dates have no fractions), so larger offsets are given to the minute.
pub fn describe(offset_ms: i64, lang: Lang) -> String {
    let seconds = offset_ms.abs() as f64 / 1000.0;
    let seconds = if seconds >= 90.0 {
        (seconds / 60.0).round() * 60.0
    } else {
        seconds.round()
    };
    let how_far = crate::format::seconds(seconds, lang);
    match lang {
        Lang::En => {
            let direction = if offset_ms > 0 { "behind" } else { "ahead of" };
            format!(
                "This browser's clock is about {how_far} {direction} the storage's; requests \
                 are now signed with the storage's time."
            )
        }
        Lang::Zh => {
            let direction = if offset_ms > 0 { "慢" } else { "快" };
            format!("本浏览器的时钟比存储{direction}约 {how_far}；现在改用存储的时间为请求签名。")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn skew_is_recognised_from_code_and_message() {
        assert!(is_skew("RequestTimeTooSkewed", None));
        assert!(is_skew("AccessDenied", Some("Request has expired")));
        assert!(is_skew("AccessDenied", Some("Request is not valid yet")));
        assert!(!is_skew("AccessDenied", Some("Access Denied.")));
        assert!(!is_skew("AccessDenied", None));
        assert!(!is_skew("SignatureDoesNotMatch", Some("expired")));
    }

    #[test]
    fn server_time_comes_from_the_document_else_the_header() {
        let aws = server_time(
            Some("2025-06-22T14:14:26Z"),
            Some("Mon, 23 Jun 2025 00:00:00 GMT"),
        );
        assert_eq!(aws.unwrap().timestamp(), 1_750_601_666);
        let minio = server_time(None, Some("Sun, 22 Jun 2025 14:14:26 GMT"));
        assert_eq!(minio.unwrap().timestamp(), 1_750_601_666);
        let bad_doc = server_time(Some("yesterday"), Some("Sun, 22 Jun 2025 14:14:26 GMT"));
        assert_eq!(bad_doc.unwrap().timestamp(), 1_750_601_666);
        assert_eq!(server_time(None, None), None);
        assert_eq!(server_time(None, Some("soon")), None);
    }

    #[test]
    fn only_a_correction_that_matters_is_made() {
        let server = DateTime::from_timestamp(1_750_601_666, 0).unwrap();
        let server_ms = server.timestamp_millis();
        // The browser is an hour ahead.
        let local = server_ms + 3_600_000;
        assert_eq!(needed_offset(server, local, 0), Some(-3_600_000));
        // Already corrected (by a request that failed at the same time).
        assert_eq!(needed_offset(server, local + 500, -3_600_000), None);
        // A few seconds are not why a request failed.
        assert_eq!(needed_offset(server, server_ms + 5_000, 0), None);
    }

    #[test]
    fn the_correction_is_described_with_its_direction() {
        assert_eq!(
            describe(-3_599_400, Lang::En),
            "This browser's clock is about 1 h 0 min ahead of the storage's; requests are now \
             signed with the storage's time."
        );
        assert!(describe(125_000, Lang::En).contains("about 2 min 0 s behind"));
        assert!(describe(45_200, Lang::En).contains("about 45.0 s behind"));
        assert_eq!(
            describe(-3_599_400, Lang::Zh),
            "本浏览器的时钟比存储快约 1小时0分；现在改用存储的时间为请求签名。"
        );
        assert_eq!(
            describe(125_000, Lang::Zh),
            "本浏览器的时钟比存储慢约 2分0秒；现在改用存储的时间为请求签名。"
        );
    }
}
