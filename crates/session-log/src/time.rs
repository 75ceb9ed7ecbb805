//! The time texts of a log, read and written: the writer's `2025-06-22T14:14:26.476617`
//! and a filter's day `2025-06-22`.
//!
//! They are scanned here by the rules chrono's parser applies to the layouts
//! `%Y-%m-%dT%H:%M:%S%.f` and `%Y-%m-%d`, and written as chrono's formatter writes them;
//! chrono still decides which dates and times exist. The tests hold both sides to chrono on
//! thousands of texts. Going through chrono's generic parser and formatter instead would put
//! both whole into the dashboard's wasm, the largest part of chrono there, for three layouts.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use std::fmt::Write;

/// A time as the writer logs it, `2025-06-22T14:14:26.476617`, or with whitespace for the
/// `T`. A time written with a zone (`…+08:00`, `…Z`) keeps its local clock reading, like
/// the others.
pub fn parse_time(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    date_time(text).or_else(|| {
        chrono::DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|t| t.naive_local())
    })
}

/// `text` as `%Y-%m-%dT%H:%M:%S%.f`, or as `%Y-%m-%d %H:%M:%S%.f`.
pub fn date_time(text: &str) -> Option<NaiveDateTime> {
    let mut scan = Scan(text);
    let date = scan.date()?;
    // chrono's `T` is a literal; its space matches any run of whitespace, even none.
    if let Some(rest) = scan.0.strip_prefix('T') {
        scan.0 = rest;
    } else {
        scan.0 = scan.0.trim_start();
    }
    let hour = scan.number(2)?;
    scan.literal(':')?;
    let minute = scan.number(2)?;
    scan.literal(':')?;
    let second = scan.number(2)?;
    let nano = match scan.0.strip_prefix('.') {
        Some(fraction) => {
            scan.0 = fraction;
            scan.fraction()?
        }
        None => 0,
    };
    // A second of 60 is a leap second: chrono keeps it as 59 plus a whole second of nanos.
    let (second, leap) = if second == 60 {
        (59, 1_000_000_000)
    } else {
        (second, 0)
    };
    let time = NaiveTime::from_hms_nano_opt(
        u32::try_from(hour).ok()?,
        u32::try_from(minute).ok()?,
        u32::try_from(second).ok()?,
        nano + leap,
    )?;
    scan.end()?;
    Some(date.and_time(time))
}

/// `text` as `%Y-%m-%d`.
pub fn day(text: &str) -> Option<NaiveDate> {
    let mut scan = Scan(text);
    let date = scan.date()?;
    scan.end()?;
    Some(date)
}

/// `time` as `%Y-%m-%dT%H:%M:%S%.f`: the writer's layout, with as many fraction digits
/// (none, 3, 6 or 9) as the time needs.
pub fn iso_text(time: &NaiveDateTime) -> String {
    let mut text = String::with_capacity(26);
    let year = time.year();
    let written = if (0..10_000).contains(&year) {
        write!(text, "{year:04}")
    } else {
        write!(text, "{year:+05}")
    };
    let nano = time.nanosecond() % 1_000_000_000;
    let written = written
        .and_then(|()| {
            write!(
                text,
                "-{:02}-{:02}T{:02}:{:02}:{:02}",
                time.month(),
                time.day(),
                time.hour(),
                time.minute(),
                // A leap second is kept as 59 plus a whole second of nanos, and written as 60.
                time.second() + time.nanosecond() / 1_000_000_000
            )
        })
        .and_then(|()| match nano {
            0 => Ok(()),
            _ if nano.is_multiple_of(1_000_000) => write!(text, ".{:03}", nano / 1_000_000),
            _ if nano.is_multiple_of(1_000) => write!(text, ".{:06}", nano / 1_000),
            _ => write!(text, ".{nano:09}"),
        });
    written.expect("writing to a String cannot fail");
    text
}

/// What is left of a text being read.
struct Scan<'a>(&'a str);

impl Scan<'_> {
    /// `%Y-%m-%d`: each number may follow whitespace and have fewer digits than its width.
    fn date(&mut self) -> Option<NaiveDate> {
        let year = self.year()?;
        self.literal('-')?;
        let month = self.number(2)?;
        self.literal('-')?;
        let day = self.number(2)?;
        NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
    }

    /// Up to four digits, or a sign and any number of them.
    fn year(&mut self) -> Option<i32> {
        self.0 = self.0.trim_start();
        let year = if let Some(rest) = self.0.strip_prefix('-') {
            self.0 = rest;
            0i64.checked_sub(self.digits(usize::MAX)?)?
        } else if let Some(rest) = self.0.strip_prefix('+') {
            self.0 = rest;
            self.digits(usize::MAX)?
        } else {
            self.digits(4)?
        };
        i32::try_from(year).ok()
    }

    /// One to `width` digits after any whitespace.
    fn number(&mut self, width: usize) -> Option<i64> {
        self.0 = self.0.trim_start();
        self.digits(width)
    }

    /// One to `width` digits, right here.
    fn digits(&mut self, width: usize) -> Option<i64> {
        let count = self
            .0
            .bytes()
            .take(width)
            .take_while(u8::is_ascii_digit)
            .count();
        if count == 0 {
            return None;
        }
        let (digits, rest) = self.0.split_at(count);
        self.0 = rest;
        digits.parse().ok()
    }

    /// The digits after a decimal point, as nanoseconds: the first nine count, the rest are
    /// read and dropped.
    fn fraction(&mut self) -> Option<u32> {
        let before = self.0.len();
        let value = self.digits(9)?;
        let scale = 10i64.pow(9 - (before - self.0.len()) as u32);
        self.0 = self.0.trim_start_matches(|c: char| c.is_ascii_digit());
        u32::try_from(value * scale).ok()
    }

    fn literal(&mut self, expected: char) -> Option<()> {
        self.0 = self.0.strip_prefix(expected)?;
        Some(())
    }

    fn end(&self) -> Option<()> {
        self.0.is_empty().then_some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISO: &str = "%Y-%m-%dT%H:%M:%S%.f";
    const SPACED: &str = "%Y-%m-%d %H:%M:%S%.f";

    fn by_chrono(text: &str) -> Option<NaiveDateTime> {
        NaiveDateTime::parse_from_str(text, ISO)
            .or_else(|_| NaiveDateTime::parse_from_str(text, SPACED))
            .ok()
    }

    fn assert_read_as_chrono_reads(text: &str) {
        assert_eq!(date_time(text), by_chrono(text), "{text:?}");
        let day_by_chrono = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
        assert_eq!(day(text), day_by_chrono, "{text:?}");
        if let Some(time) = date_time(text) {
            assert_eq!(iso_text(&time), time.format(ISO).to_string(), "{text:?}");
        }
    }

    #[test]
    fn edge_cases_are_read_as_chrono_reads_them() {
        for text in [
            "2025-06-22T14:14:26.476617",
            "2025-06-22T14:14:26",
            "2025-06-22 14:14:26.5",
            "2025-06-22  14:14:26",
            "2025-06-2214:14:26",
            "2025-6-2T4:4:6",
            " 2025- 06- 22T 14: 14: 26",
            "2025-06-22T14:14:26.1234567891",
            "2025-06-22T14:14:26.000000001",
            "2025-06-22T14:14:26.120",
            "2025-06-22T14:14:60.5",
            "2025-06-22T14:14:61",
            "2025-06-22T24:00:00",
            "+12025-06-22T14:14:26",
            "-0001-06-22T14:14:26",
            "- 2025-06-22T14:14:26",
            "+99999999999-06-22T14:14:26",
            "+99999999999999999999-06-22T14:14:26",
            "20250-06-22T14:14:26",
            "2025-06-22T14:14:26.",
            "2025-06-22T14:14:26. 5",
            "2025-06-22t14:14:26",
            "2025-06-22T14:14",
            "2025-02-30T14:14:26",
            "2024-02-29T14:14:26",
            "2025-06-22T14:14:26 ",
            "2025-06-22T14:14:26Z",
            "2025-06-22T14:14:26+08:00",
            "2025-06-22\u{3000}14:14:26",
            "２０２５-06-22T14:14:26",
            "2025-06-15",
            "2025-6-5",
            "2025-02-30",
            "2025-06-15T00:00",
            "15/06/2025",
            "",
        ] {
            assert_read_as_chrono_reads(text);
        }
        assert_eq!(
            date_time("2025-06-22T14:14:26.476617"),
            NaiveDate::from_ymd_opt(2025, 6, 22)
                .and_then(|d| d.and_hms_micro_opt(14, 14, 26, 476_617))
        );
    }

    /// Texts made of the characters these layouts use, mutated from real timestamps: every
    /// deletion, duplication and replacement of one character.
    #[test]
    fn every_one_character_change_is_read_as_chrono_reads_it() {
        const ALPHABET: [char; 9] = ['0', '9', '-', ':', 'T', ' ', '.', '+', '6'];
        let seeds = [
            "2025-06-22T14:14:26.476617",
            "2024-02-29 23:59:60.999999999",
            "0999-12-31T00:00:00.5",
            "2025-06-22",
        ];
        let (mut read, mut refused) = (0, 0);
        for seed in seeds {
            let chars: Vec<char> = seed.chars().collect();
            for at in 0..=chars.len() {
                let mut variants = Vec::new();
                if at < chars.len() {
                    let mut deleted = chars.clone();
                    deleted.remove(at);
                    variants.push(deleted);
                }
                for c in ALPHABET {
                    let mut inserted = chars.clone();
                    inserted.insert(at, c);
                    variants.push(inserted);
                    if at < chars.len() {
                        let mut replaced = chars.clone();
                        replaced[at] = c;
                        variants.push(replaced);
                    }
                }
                for variant in variants {
                    let text: String = variant.into_iter().collect();
                    assert_read_as_chrono_reads(&text);
                    match date_time(&text).or_else(|| day(&text).map(|d| d.into())) {
                        Some(_) => read += 1,
                        None => refused += 1,
                    }
                }
            }
        }
        assert!(
            read > 300 && refused > 300,
            "{read} read, {refused} refused"
        );
    }

    #[test]
    fn times_are_written_as_chronos_formatter_writes_them() {
        let day = NaiveDate::from_ymd_opt(2025, 6, 22).unwrap();
        for (year, nano) in [
            (2025, 0),
            (2025, 476_617_000),
            (2025, 500_000_000),
            (2025, 1),
            (2025, 1_500_000_000),
            (999, 0),
            (0, 0),
            (-1, 0),
            (10_000, 120_000),
            (-12_345, 0),
        ] {
            let time = day
                .with_year(year)
                .unwrap()
                .and_hms_nano_opt(23, 59, 59, nano)
                .unwrap();
            assert_eq!(iso_text(&time), time.format(ISO).to_string(), "{time:?}");
        }
    }
}
