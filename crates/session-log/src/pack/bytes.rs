//! The byte format of packed summaries: numbers as LEB128, floats bit for bit, text with its
//! length, times as seconds.

use chrono::{DateTime, NaiveDateTime};

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

    pub fn float(&mut self, f: f64) {
        self.0.extend_from_slice(&f.to_bits().to_le_bytes());
    }

    pub fn text(&mut self, t: &str) {
        self.number(t.len() as u64);
        self.0.extend_from_slice(t.as_bytes());
    }

    pub fn time(&mut self, t: &NaiveDateTime) {
        let t = t.and_utc();
        self.0.extend_from_slice(&t.timestamp().to_le_bytes());
        self.number(u64::from(t.timestamp_subsec_nanos()));
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
        let (bits, rest) = self.0.split_first_chunk::<8>()?;
        self.0 = rest;
        Some(f64::from_bits(u64::from_le_bytes(*bits)))
    }

    pub fn text(&mut self) -> Option<String> {
        let len = usize::try_from(self.number()?).ok()?;
        let (text, rest) = self.0.split_at_checked(len)?;
        self.0 = rest;
        String::from_utf8(text.to_vec()).ok()
    }

    pub fn time(&mut self) -> Option<NaiveDateTime> {
        let (seconds, rest) = self.0.split_first_chunk::<8>()?;
        let seconds = i64::from_le_bytes(*seconds);
        self.0 = rest;
        let nanos = u32::try_from(self.number()?).ok()?;
        DateTime::from_timestamp(seconds, nanos).map(|t| t.naive_utc())
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
