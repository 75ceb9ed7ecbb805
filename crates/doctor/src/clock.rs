//! This computer's clock against the storage's: whether an S3 refusal is about time, where
//! the storage's time can be read, and a difference in words.
//!
//! A presigned URL carries the time it was signed. A storage refuses one dated too far after
//! its own time (`RequestTimeTooSkewed`) or older than its expiry (`AccessDenied`, "Request
//! has expired"); for URLs signed a moment ago either means the clocks differ. The storage's
//! time is in the error document's `ServerTime` (AWS) or the `Date` header (any HTTP server).

use chrono::{DateTime, Utc};

use crate::Lang;

/// Differences smaller than this are not worth a word: the storage's `Date` has no fractions
/// of a second, and the answer took a moment to come.
pub const NOTICEABLE_MS: i64 = 60_000;

// Which refusals are about time, and where the storage's time is read, are the readers'
// rules: the checks must judge a clock exactly as a load corrects it.
pub use s3_read::clock::{is_time_refusal, server_time};

/// The storage's clock minus this computer's, in milliseconds, from the storage's time and
/// this computer's at the moment the answer came.
pub fn offset_ms(server: DateTime<Utc>, local: DateTime<Utc>) -> i64 {
    (server - local).num_milliseconds()
}

/// `45 s`, `12 min`, `1 h 0 min` (and in Chinese), for the size of a difference. Seconds up
/// to a minute and a half, then minutes up to an hour, then hours and minutes.
pub fn span(ms: i64, lang: Lang) -> String {
    let seconds = (ms.unsigned_abs() + 500) / 1000;
    if seconds < 90 {
        return lang.pick(format!("{seconds} s"), format!("{seconds} 秒"));
    }
    let minutes = (seconds + 30) / 60;
    if minutes < 60 {
        return lang.pick(format!("{minutes} min"), format!("{minutes} 分钟"));
    }
    let (hours, minutes) = (minutes / 60, minutes % 60);
    lang.pick(
        format!("{hours} h {minutes} min"),
        format!("{hours} 小时 {minutes} 分钟"),
    )
}

/// "This computer's clock is 1 h 0 min behind the storage's." for a storage-minus-local
/// offset.
pub fn sentence(offset_ms: i64, lang: Lang) -> String {
    let how_far = span(offset_ms, lang);
    match (lang, offset_ms > 0) {
        (Lang::En, true) => format!("This computer's clock is {how_far} behind the storage's."),
        (Lang::En, false) => format!("This computer's clock is {how_far} ahead of the storage's."),
        (Lang::Zh, true) => format!("本机时钟比存储服务慢 {how_far}。"),
        (Lang::Zh, false) => format!("本机时钟比存储服务快 {how_far}。"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_are_said_at_a_sensible_grain() {
        assert_eq!(span(400, Lang::En), "0 s");
        assert_eq!(span(-45_200, Lang::En), "45 s");
        assert_eq!(span(125_000, Lang::En), "2 min");
        assert_eq!(span(3_599_400, Lang::En), "1 h 0 min");
        assert_eq!(span(-5_430_000, Lang::Zh), "1 小时 31 分钟");
        assert_eq!(
            sentence(3_600_000, Lang::En),
            "This computer's clock is 1 h 0 min behind the storage's."
        );
        assert_eq!(
            sentence(-180_000, Lang::Zh),
            "本机时钟比存储服务快 3 分钟。"
        );
    }
}
