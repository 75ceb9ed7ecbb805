//! The summary index: what every log object of a prefix summarizes to, kept in the bucket
//! beside the logs, so that a reader with nothing cached reads a few parts instead of one
//! object per session. Logs are written once and never change, so their summaries can be
//! computed once, by whoever runs the indexer, for everyone.
//!
//! Parts are immutable objects in [`FOLDER`] under the log prefix ([`part`] is their
//! layout). Nothing keeps them consistent but the rule in [`cover`]: an entry counts only
//! while the listing gives its key with the same ETag. Writers only ever add a part, and
//! compaction writes the merged part before it deletes the old ones, so a reader at any
//! moment still sees every object once.

pub mod cover;
pub mod part;

use chrono::{DateTime, Utc};

pub use cover::{cover, Coverage, Known, Listed};
pub use part::{Entries, Entry, Part, PartProblem};

/// Where the parts are, under the log prefix.
pub const FOLDER: &str = ".logscope/summaries/";
/// The name every part ends with.
pub const PART_SUFFIX: &str = ".part";

/// The key of a new part under `prefix`: its time first, so that a listing gives parts
/// oldest first, then `nonce` (random), so that two writers in the same second differ.
pub fn part_key(prefix: &str, written_at: DateTime<Utc>, nonce: u64) -> String {
    format!(
        "{prefix}{FOLDER}{}-{nonce:016x}{PART_SUFFIX}",
        written_at.format("%Y%m%dT%H%M%SZ")
    )
}

/// Whether `key`, listed under `prefix`, is a part of the index.
pub fn is_part_key(prefix: &str, key: &str) -> bool {
    key.strip_prefix(prefix)
        .and_then(|relative| relative.strip_prefix(FOLDER))
        .is_some_and(|name| name.ends_with(PART_SUFFIX) && !name.contains('/'))
}

#[cfg(test)]
mod tests;
