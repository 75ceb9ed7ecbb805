//! The browser's clock, corrected when the storage says it is off.
//!
//! A presigned URL carries the time it was signed; a storage refuses one signed too far in
//! the future (`RequestTimeTooSkewed`) or already past its expiry (`AccessDenied`, "Request
//! has expired"), which with URLs signed a moment ago means the clock is wrong. The server's
//! time then comes from the error document's `ServerTime` (AWS sends it), else from the
//! answer's `Date` header when CORS lets the page read it (MinIO exposes it), else from the
//! `Date` of this page's own host, which any HTTP server sends.

use std::cell::Cell;

use chrono::{DateTime, Utc};

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
        let offset = s3_read::clock::correction(server, local_ms(), self.offset_ms.get())?;
        self.offset_ms.set(offset);
        Some(offset)
    }
}

fn local_ms() -> i64 {
    js_sys::Date::now() as i64
}

// Where the storage's time is read, and how much of a difference is corrected, are
// s3-read's rules: the CLI corrects its clock, and the diagnostics page and `logscope doctor`
// judge a clock, exactly as the page does.
pub use s3_read::clock::server_time;
