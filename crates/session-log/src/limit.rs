//! How large one object may be and still be read. Session logs are KBs, now and then MBs; an
//! object of hundreds of MBs is not a log anyone meant to open, and reading it whole would
//! hold a browser tab's memory (or the CLI's) for nothing. Such an object is not fetched: it
//! keeps its row, which says why, and the sessions next to it load as usual.

use std::fmt;

/// The limit when the user sets none, in MB (10^6 bytes).
pub const DEFAULT_MAX_OBJECT_MB: u64 = 32;

/// The largest object that is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SizeLimit {
    bytes: u64,
}

impl Default for SizeLimit {
    fn default() -> Self {
        Self::from_mb(DEFAULT_MAX_OBJECT_MB)
    }
}

impl SizeLimit {
    /// `mb` MB (10^6 bytes each), as the user sets it.
    pub fn from_mb(mb: u64) -> Self {
        Self {
            bytes: mb.saturating_mul(1_000_000),
        }
    }

    pub fn bytes(self) -> u64 {
        self.bytes
    }

    /// Why an object of `size` bytes is not read, or `None` when it may be.
    pub fn refuses(self, size: u64) -> Option<TooLarge> {
        (size > self.bytes).then_some(TooLarge {
            size,
            limit: self.bytes,
        })
    }
}

/// An object over the [`SizeLimit`], which is not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct TooLarge {
    /// The object's size, in bytes.
    pub size: u64,
    /// The limit, in bytes.
    pub limit: u64,
}

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "not read: {} is over the limit of {} for one object",
            megabytes(self.size),
            megabytes(self.limit)
        )
    }
}

/// `40.0 MB`, `32 MB`: one decimal only where it says something. Public so that other
/// languages say a [`TooLarge`] with the same figures.
pub fn megabytes(bytes: u64) -> String {
    let mb = bytes as f64 / 1e6;
    if bytes.is_multiple_of(1_000_000) {
        format!("{mb:.0} MB")
    } else {
        format!("{mb:.1} MB")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_over_the_limit_are_refused_with_their_size_and_the_limit() {
        let limit = SizeLimit::from_mb(32);
        assert_eq!(limit.refuses(32_000_000), None);
        assert_eq!(
            limit.refuses(40_000_001).map(|r| r.to_string()).as_deref(),
            Some("not read: 40.0 MB is over the limit of 32 MB for one object")
        );
        assert_eq!(SizeLimit::default(), limit);
        assert_eq!(SizeLimit::from_mb(u64::MAX).refuses(u64::MAX), None);
    }

    #[test]
    fn a_refusal_carries_the_size_and_the_limit_in_bytes() {
        let refusal = SizeLimit::from_mb(32).refuses(40_000_000).unwrap();
        assert_eq!(
            refusal,
            TooLarge {
                size: 40_000_000,
                limit: 32_000_000
            }
        );
        assert_eq!(
            refusal.to_string(),
            "not read: 40 MB is over the limit of 32 MB for one object"
        );
        assert_eq!(megabytes(40_000_001), "40.0 MB");
    }
}
