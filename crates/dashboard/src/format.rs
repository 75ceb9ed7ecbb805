//! Numbers as people read them. The exact machine values go into `data-value` attributes;
//! these are only for the eye.

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

/// Dollars: cents from one dollar up, and enough digits below it that a cost of a fraction
/// of a cent is not shown as zero.
pub fn usd(value: f64) -> String {
    if !value.is_finite() {
        return "–".to_owned();
    }
    let sign = if value < 0.0 { "-" } else { "" };
    let value = value.abs();
    if value >= 1.0 || value == 0.0 {
        let cents = (value * 100.0).round() as u64;
        format!("{sign}${}.{:02}", count(cents / 100), cents % 100)
    } else {
        format!("{sign}${value:.4}")
    }
}

/// Seconds as `0.42 s`, `12.3 s`, `5 min 3 s` or `2 h 5 min`.
pub fn seconds(value: f64) -> String {
    if !value.is_finite() || value < 0.0 {
        return "–".to_owned();
    }
    if value < 1.0 {
        return format!("{value:.2} s");
    }
    if value < 60.0 {
        return format!("{value:.1} s");
    }
    let whole = value.round() as u64;
    let (h, m, s) = (whole / 3600, whole % 3600 / 60, whole % 60);
    if h > 0 {
        format!("{h} h {m} min")
    } else {
        format!("{m} min {s} s")
    }
}

/// Bytes as `812 B`, `2.1 KB` or `3.4 MB` (powers of 1024, as storage consoles show them).
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

// Times are laid out by hand: chrono's `format` brings its whole strftime machinery into
// the wasm for two fixed layouts.

/// A naive time from a log, as the writer's clock showed it, to the second.
pub fn naive(time: chrono::NaiveDateTime) -> String {
    use chrono::{Datelike, Timelike};
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        time.year(),
        time.month(),
        time.day(),
        time.hour(),
        time.minute(),
        time.second()
    )
}

/// Unix seconds as a UTC time to the minute, e.g. for when a share link expires.
pub fn utc(unix: i64) -> String {
    match chrono::DateTime::from_timestamp(unix, 0) {
        Some(time) => {
            let mut text = naive(time.naive_utc());
            text.truncate(16);
            text + " UTC"
        }
        None => "–".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn counts_get_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(1234567), "1,234,567");
    }

    #[test]
    fn dollars_keep_small_costs_visible() {
        assert_eq!(usd(0.0), "$0.00");
        assert_eq!(usd(0.00125), "$0.0013");
        assert_eq!(usd(1234.567), "$1,234.57");
        assert_eq!(usd(-2.5), "-$2.50");
        assert_eq!(usd(f64::NAN), "–");
    }

    #[test]
    fn sizes_and_times_read_naturally() {
        assert_eq!(bytes(812), "812 B");
        assert_eq!(bytes(2150), "2.1 KB");
        assert_eq!(bytes(3_565_158), "3.4 MB");
        let start = chrono::NaiveDate::from_ymd_opt(2025, 6, 22)
            .unwrap()
            .and_hms_micro_opt(14, 14, 26, 476_617)
            .unwrap();
        assert_eq!(naive(start), "2025-06-22 14:14:26");
        assert_eq!(utc(1_750_572_866), "2025-06-22 06:14 UTC");
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(seconds(0.001039), "0.00 s");
        assert_eq!(seconds(12.34), "12.3 s");
        assert_eq!(seconds(303.0), "5 min 3 s");
        assert_eq!(seconds(7500.0), "2 h 5 min");
    }
}
