//! The two time stamps SigV4 writes: `20130524T000000Z` and the scope date `20130524`.

use chrono::{DateTime, Datelike, Timelike, Utc};

/// A signing time, formatted once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AmzDate {
    /// `YYYYMMDDTHHMMSSZ`, as in `X-Amz-Date`.
    stamp: [u8; 16],
}

impl AmzDate {
    /// Formats `at` (its sub-second part is dropped, as AWS does).
    ///
    /// Years outside 0..=9999 cannot be written in SigV4's format and are clamped to them.
    pub fn new(at: DateTime<Utc>) -> Self {
        let year = at.year().clamp(0, 9999) as u32;
        let parts = [
            (year, 4),
            (at.month(), 2),
            (at.day(), 2),
            (at.hour(), 2),
            (at.minute(), 2),
            (at.second().min(59), 2),
        ];
        let mut stamp = *b"00000000T000000Z";
        let mut pos = 0;
        for (index, (value, width)) in parts.into_iter().enumerate() {
            if index == 3 {
                pos += 1; // skip the 'T'
            }
            let mut v = value;
            for i in (0..width).rev() {
                stamp[pos + i] = b'0' + (v % 10) as u8;
                v /= 10;
            }
            pos += width;
        }
        Self { stamp }
    }

    /// `YYYYMMDDTHHMMSSZ`.
    pub fn timestamp(&self) -> &str {
        std::str::from_utf8(&self.stamp).expect("ASCII digits")
    }

    /// `YYYYMMDD`, the date of the credential scope.
    pub fn date(&self) -> &str {
        &self.timestamp()[..8]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_the_aws_example() {
        let at = DateTime::from_timestamp(1_369_353_600, 0).unwrap();
        let date = AmzDate::new(at);
        assert_eq!(date.timestamp(), "20130524T000000Z");
        assert_eq!(date.date(), "20130524");
    }

    #[test]
    fn keeps_every_field_in_its_place() {
        let at = DateTime::parse_from_rfc3339("2026-11-06T09:08:07.999Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(AmzDate::new(at).timestamp(), "20261106T090807Z");
    }
}
