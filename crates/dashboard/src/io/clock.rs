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

// Which refusals are about time, and where the server's time is read, are the doctor's
// rules: the diagnostics page and `logscope doctor` must judge a clock exactly as the
// loader corrects it.
pub use doctor::clock::{is_time_refusal as is_skew, server_time};

/// The correction that makes `local_ms` read as `server`, unless it is within
/// [`MIN_CORRECTION_MS`] of the current one.
pub fn needed_offset(server: DateTime<Utc>, local_ms: i64, current_ms: i64) -> Option<i64> {
    let offset = server.timestamp_millis() - local_ms;
    ((offset - current_ms).abs() >= MIN_CORRECTION_MS).then_some(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
