//! Numbers, money, durations and times as people read them, in the reader's language. The
//! exact machine values go into `data-value` attributes; these are only for the eye.
//!
//! Both languages group digits by thousands (`1,234,567`, as Intl does for zh-CN too);
//! dollars are `US$` in Chinese, where a bare `$` could be any dollar; times are 24-hour in
//! both. Times are laid out by hand: chrono's `format` brings its whole strftime machinery
//! into the wasm for a few fixed layouts.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use crate::i18n::locale::{offset_label, Lang};

/// `1234567` as `1,234,567`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `1 call`, `2 calls`: English counts a noun; Chinese does not inflect, so `zh` is used
/// as given after the number (`2 次调用`).
pub fn counted(n: u64, lang: Lang, one: &str, many: &str, zh: &str) -> String {
    match lang {
        Lang::En if n == 1 => format!("1 {one}"),
        Lang::En => format!("{} {many}", count(n)),
        Lang::Zh => format!("{} {zh}", count(n)),
    }
}

/// Dollars: cents from one dollar up, and enough digits below it that a cost of a fraction
/// of a cent is not shown as zero. `$1,234.57`; `US$1,234.57` in Chinese.
pub fn usd(value: f64, lang: Lang) -> String {
    if !value.is_finite() {
        return "–".to_owned();
    }
    let sign = if value < 0.0 { "-" } else { "" };
    let symbol = lang.pick("$", "US$");
    let value = value.abs();
    if value >= 1.0 || value == 0.0 {
        let cents = (value * 100.0).round() as u64;
        format!("{sign}{symbol}{}.{:02}", count(cents / 100), cents % 100)
    } else {
        format!("{sign}{symbol}{value:.4}")
    }
}

/// Seconds as `0.42 s`, `12.3 s`, `5 min 3 s` or `2 h 5 min`; in Chinese `0.42秒`,
/// `12.3秒`, `5分3秒`, `2小时5分`.
pub fn seconds(value: f64, lang: Lang) -> String {
    if !value.is_finite() || value < 0.0 {
        return "–".to_owned();
    }
    let (s_unit, min_unit, h_unit, gap) = match lang {
        Lang::En => (" s", " min", " h", " "),
        Lang::Zh => ("秒", "分", "小时", ""),
    };
    if value < 1.0 {
        return format!("{value:.2}{s_unit}");
    }
    if value < 60.0 {
        return format!("{value:.1}{s_unit}");
    }
    let whole = value.round() as u64;
    let (h, m, s) = (whole / 3600, whole % 3600 / 60, whole % 60);
    if h > 0 {
        format!("{h}{h_unit}{gap}{m}{min_unit}")
    } else {
        format!("{m}{min_unit}{gap}{s}{s_unit}")
    }
}

/// Bytes as `812 B`, `2.1 KB` or `3.4 MB` (powers of 1024, as storage consoles show them;
/// Chinese consoles write the same units).
pub fn bytes(n: u64) -> String {
    const KB: f64 = 1024.0;
    let value = n as f64;
    if value < KB {
        format!("{n} B")
    } else if value < KB * KB {
        format!("{:.1} KB", value / KB)
    } else {
        format!("{:.1} MB", value / (KB * KB))
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A day: `Jun 22, 2025`, `2025年6月22日`.
pub fn date(day: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::En => format!(
            "{} {}, {}",
            MONTHS[day.month0() as usize],
            day.day(),
            day.year()
        ),
        Lang::Zh => format!("{}年{}月{}日", day.year(), day.month(), day.day()),
    }
}

/// A wall-clock time to the second: `Jun 22, 2025, 14:14:26`, `2025年6月22日 14:14:26`.
/// Log timestamps are naive (the writer's clock, no zone) and are shown as written.
pub fn naive(time: NaiveDateTime, lang: Lang) -> String {
    let clock = format!(
        "{:02}:{:02}:{:02}",
        time.hour(),
        time.minute(),
        time.second()
    );
    match lang {
        Lang::En => format!("{}, {clock}", date(time.date(), lang)),
        Lang::Zh => format!("{} {clock}", date(time.date(), lang)),
    }
}

/// A wall-clock time to the minute, for tables: `Jun 22, 2025, 14:14`, `2025年6月22日 14:14`.
pub fn minute(time: NaiveDateTime, lang: Lang) -> String {
    let mut text = naive(time, lang);
    // Both layouts end in `:SS`.
    text.truncate(text.len() - 3);
    text
}

/// Unix seconds as the wall-clock time `offset_minutes` east of UTC; `None` out of range.
pub fn in_zone(unix: i64, offset_minutes: i32) -> Option<NaiveDateTime> {
    let time = chrono::DateTime::from_timestamp(unix, 0)?;
    time.naive_utc()
        .checked_add_signed(chrono::TimeDelta::minutes(offset_minutes.into()))
}

/// An instant (unix seconds) in the chosen zone, with the zone:
/// `Jun 22, 2025, 14:14:26 UTC+08:00`, `2025年6月22日 14:14:26（UTC+08:00）`.
pub fn instant(unix: i64, offset_minutes: i32, lang: Lang) -> String {
    let Some(time) = in_zone(unix, offset_minutes) else {
        return "–".to_owned();
    };
    let zone = offset_label(offset_minutes);
    match lang {
        Lang::En => format!("{} {zone}", naive(time, lang)),
        Lang::Zh => format!("{}（{zone}）", naive(time, lang)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2025, 6, 22)
            .unwrap()
            .and_hms_micro_opt(14, 14, 26, 476_617)
            .unwrap()
    }

    #[test]
    fn counts_get_thousands_separators_in_both_languages() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(counted(1, Lang::En, "call", "calls", "次调用"), "1 call");
        assert_eq!(
            counted(1200, Lang::En, "call", "calls", "次调用"),
            "1,200 calls"
        );
        assert_eq!(counted(1, Lang::Zh, "call", "calls", "次调用"), "1 次调用");
    }

    #[test]
    fn dollars_keep_small_costs_visible_and_say_which_dollar_in_chinese() {
        assert_eq!(usd(0.0, Lang::En), "$0.00");
        assert_eq!(usd(0.00125, Lang::En), "$0.0013");
        assert_eq!(usd(1234.567, Lang::En), "$1,234.57");
        assert_eq!(usd(-2.5, Lang::En), "-$2.50");
        assert_eq!(usd(f64::NAN, Lang::En), "–");
        assert_eq!(usd(1234.567, Lang::Zh), "US$1,234.57");
        assert_eq!(usd(0.00125, Lang::Zh), "US$0.0013");
        assert_eq!(usd(-2.5, Lang::Zh), "-US$2.50");
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(bytes(812), "812 B");
        assert_eq!(bytes(2150), "2.1 KB");
        assert_eq!(bytes(3_565_158), "3.4 MB");
    }

    #[test]
    fn durations_read_naturally_in_both_languages() {
        assert_eq!(seconds(0.001039, Lang::En), "0.00 s");
        assert_eq!(seconds(12.34, Lang::En), "12.3 s");
        assert_eq!(seconds(303.0, Lang::En), "5 min 3 s");
        assert_eq!(seconds(7500.0, Lang::En), "2 h 5 min");
        assert_eq!(seconds(0.42, Lang::Zh), "0.42秒");
        assert_eq!(seconds(12.34, Lang::Zh), "12.3秒");
        assert_eq!(seconds(303.0, Lang::Zh), "5分3秒");
        assert_eq!(seconds(7500.0, Lang::Zh), "2小时5分");
        assert_eq!(seconds(-1.0, Lang::Zh), "–");
    }

    #[test]
    fn log_times_are_shown_as_written_in_each_language() {
        assert_eq!(naive(start(), Lang::En), "Jun 22, 2025, 14:14:26");
        assert_eq!(naive(start(), Lang::Zh), "2025年6月22日 14:14:26");
        assert_eq!(minute(start(), Lang::En), "Jun 22, 2025, 14:14");
        assert_eq!(minute(start(), Lang::Zh), "2025年6月22日 14:14");
        let new_year = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert_eq!(date(new_year, Lang::En), "Jan 1, 2026");
        assert_eq!(date(new_year, Lang::Zh), "2026年1月1日");
        assert_eq!(
            naive(new_year.and_hms_opt(0, 5, 9).unwrap(), Lang::En),
            "Jan 1, 2026, 00:05:09"
        );
    }

    #[test]
    fn instants_are_converted_to_the_chosen_zone_and_labelled() {
        // 1750572866 is 2025-06-22 06:14:26 UTC.
        assert_eq!(
            instant(1_750_572_866, 0, Lang::En),
            "Jun 22, 2025, 06:14:26 UTC"
        );
        assert_eq!(
            instant(1_750_572_866, 480, Lang::En),
            "Jun 22, 2025, 14:14:26 UTC+08:00"
        );
        assert_eq!(
            instant(1_750_572_866, 480, Lang::Zh),
            "2025年6月22日 14:14:26（UTC+08:00）"
        );
        // West of UTC the day can go back.
        assert_eq!(
            instant(1_750_572_866, -420, Lang::En),
            "Jun 21, 2025, 23:14:26 UTC\u{2212}07:00"
        );
        assert_eq!(
            instant(1_750_572_866, 345, Lang::Zh),
            "2025年6月22日 11:59:26（UTC+05:45）"
        );
        assert_eq!(instant(i64::MAX, 0, Lang::En), "–");
    }
}
