//! The byte format of packed summaries: numbers as LEB128, floats as their shortest exact
//! decimal, text with its length, times as seconds from a time close by.

use chrono::{DateTime, NaiveDateTime};

const DECIMAL: u8 = 0;
const NEGATIVE_DECIMAL: u8 = 1;
const BITS: u8 = 2;

/// `f` as sign, digits and places after the point, when its shortest decimal form (what
/// `Display` writes) reads back to the very same bits.
fn decimal(f: f64) -> Option<(bool, u64, u32)> {
    if !f.is_finite() {
        return None;
    }
    let text = f.abs().to_string();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let digits: u64 = format!("{whole}{fraction}").parse().ok()?;
    let places = u32::try_from(fraction.len()).ok()?;
    let back = format!("{digits}e-{places}").parse::<f64>().ok()?;
    (back.to_bits() == f.abs().to_bits()).then_some((f.is_sign_negative(), digits, places))
}

/// Bytes being written.
pub struct Writer(pub Vec<u8>);

impl Writer {
    pub fn byte(&mut self, b: u8) {
        self.0.push(b);
    }

    /// LEB128: token counts and lengths are mostly small.
    pub fn number(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.0.push(n as u8 | 0x80);
            n >>= 7;
        }
        self.0.push(n as u8);
    }

    /// As the shortest decimal that reads back to the same bits (`0.00125` is 125 and 5
    /// places: three bytes, where the bits take eight and do not compress), or the bits
    /// when that is not shorter or not exact.
    pub fn float(&mut self, f: f64) {
        if let Some((negative, digits, places)) = decimal(f) {
            if digits < 1 << 56 && places < 64 {
                self.byte(if negative { NEGATIVE_DECIMAL } else { DECIMAL } | (places as u8) << 2);
                self.number(digits);
                return;
            }
        }
        self.byte(BITS);
        self.0.extend_from_slice(&f.to_bits().to_le_bytes());
    }

    pub fn text(&mut self, t: &str) {
        self.number(t.len() as u64);
        self.0.extend_from_slice(t.as_bytes());
    }

    /// `t` as seconds from `base` (a time close by, so a few bytes), then the fraction:
    /// in microseconds when that is exact, as logs write them.
    pub fn time_from(&mut self, t: &NaiveDateTime, base: i64) {
        let t = t.and_utc();
        let delta = t.timestamp().wrapping_sub(base);
        self.number(((delta << 1) ^ (delta >> 63)) as u64);
        let nanos = u64::from(t.timestamp_subsec_nanos());
        match nanos % 1000 {
            0 => self.number((nanos / 1000) << 1),
            _ => self.number(nanos << 1 | 1),
        }
    }

    pub fn maybe<T>(&mut self, value: &Option<T>, write: impl FnOnce(&mut Self, &T)) {
        match value {
            Some(v) => {
                self.byte(1);
                write(self, v);
            }
            None => self.byte(0),
        }
    }
}

/// Bytes being read; what is left.
pub struct Reader<'a>(pub &'a [u8]);

impl Reader<'_> {
    pub fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }

    pub fn number(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    }

    pub fn float(&mut self) -> Option<f64> {
        let tag = self.byte()?;
        if tag == BITS {
            let (bits, rest) = self.0.split_first_chunk::<8>()?;
            self.0 = rest;
            return Some(f64::from_bits(u64::from_le_bytes(*bits)));
        }
        let places = i32::from(tag >> 2);
        let digits = self.number()?;
        let magnitude = format!("{digits}e-{places}").parse::<f64>().ok()?;
        match tag & 3 {
            DECIMAL => Some(magnitude),
            NEGATIVE_DECIMAL => Some(-magnitude),
            _ => None,
        }
    }

    pub fn text(&mut self) -> Option<String> {
        let len = usize::try_from(self.number()?).ok()?;
        let (text, rest) = self.0.split_at_checked(len)?;
        self.0 = rest;
        String::from_utf8(text.to_vec()).ok()
    }

    /// What [`Writer::time_from`] wrote with the same `base`.
    pub fn time_from(&mut self, base: i64) -> Option<NaiveDateTime> {
        let zigzag = self.number()?;
        let delta = (zigzag >> 1) as i64 ^ -((zigzag & 1) as i64);
        let fraction = self.number()?;
        let nanos = match fraction & 1 {
            0 => (fraction >> 1).checked_mul(1000)?,
            _ => fraction >> 1,
        };
        let seconds = base.checked_add(delta)?;
        DateTime::from_timestamp(seconds, u32::try_from(nanos).ok()?).map(|t| t.naive_utc())
    }

    /// `Some(None)` for an absent value, `None` for bytes that make no sense.
    pub fn maybe<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        match self.byte()? {
            0 => Some(None),
            1 => read(self).map(Some),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_float_comes_back_to_the_bit_and_logged_ones_are_short() {
        let floats = [
            0.0,
            -0.0,
            0.00125,
            -2.5,
            0.1 + 0.2,
            1e-300,
            1e300,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            f64::from_bits(0x7ff8_0000_dead_beef),
            123_456.789,
        ];
        for f in floats {
            let mut out = Writer(Vec::new());
            out.float(f);
            let mut back = Reader(&out.0);
            assert_eq!(back.float().map(f64::to_bits), Some(f.to_bits()), "{f}");
            assert!(back.0.is_empty());
        }
        let mut out = Writer(Vec::new());
        out.float(0.00125);
        assert_eq!(out.0.len(), 2, "a tag with the places, and 125");
    }

    #[test]
    fn times_come_back_from_any_base() {
        let times = [
            "2025-06-22T14:14:26.476617",
            "2025-06-22T14:14:26.476617001",
            "1969-12-31T23:59:59.5",
            "2262-04-11T23:47:16",
        ];
        for text in times {
            let t: NaiveDateTime = text.parse().unwrap();
            for base in [0, 1_750_572_866, -86_400, i64::from(i32::MAX)] {
                let mut out = Writer(Vec::new());
                out.time_from(&t, base);
                let mut back = Reader(&out.0);
                assert_eq!(back.time_from(base), Some(t), "{text} from {base}");
                assert!(back.0.is_empty());
            }
        }
    }
}
