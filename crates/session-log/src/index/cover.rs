//! What a reader takes from the index, with no server to keep it consistent: an entry counts
//! only while the listing gives its key with the same ETag. So a part may be stale, two
//! writers may cover the same objects, and a compaction may be half done, and the totals
//! are still those of reading every object.

use std::collections::HashMap;

use super::part::Entry;
use crate::Loaded;

/// One listed log object, as the reader saw it.
#[derive(Debug, Clone, Copy)]
pub struct Listed<'a> {
    pub key: &'a str,
    /// `None` when the listing gave none: such an object is always read.
    pub etag: Option<&'a str>,
}

/// The listing split between what the index covers and what must be read.
#[derive(Debug, Default)]
pub struct Coverage {
    /// Listed objects the index covers: the listing's position and the summary.
    pub covered: Vec<(usize, Loaded)>,
    /// Positions in the listing of the objects no part covers.
    pub to_read: Vec<usize>,
    /// Entries whose object is gone or changed since: not used.
    pub stale: usize,
}

/// The entries of every part read, by key and ETag, each used once.
#[derive(Debug, Default)]
pub struct Known {
    // By key, then by ETag: an object rewritten between two parts has two entries.
    entries: HashMap<String, Vec<(String, Loaded)>>,
    /// Entries not taken yet: the page asks for each page of the listing.
    left: usize,
}

impl Known {
    pub fn new(entries: impl IntoIterator<Item = Entry>) -> Self {
        let mut known = Self::default();
        known.extend(entries);
        known
    }

    /// Adds the entries of one more part; an entry already known is kept once.
    pub fn extend(&mut self, entries: impl IntoIterator<Item = Entry>) {
        for entry in entries {
            let versions = self.entries.entry(entry.key).or_default();
            if !versions.iter().any(|(etag, _)| *etag == entry.etag) {
                versions.push((entry.etag, entry.loaded));
                self.left += 1;
            }
        }
    }

    /// The summary of the object listed as `key` with `etag`, if an entry holds that
    /// version; it is taken out, so each is used once. Without an ETag, nothing.
    pub fn take(&mut self, key: &str, etag: Option<&str>) -> Option<Loaded> {
        let etag = etag?;
        let versions = self.entries.get_mut(key)?;
        let position = versions.iter().position(|(known, _)| known == etag)?;
        self.left -= 1;
        Some(versions.swap_remove(position).1)
    }

    /// Entries not taken: their object is gone, changed, or not listed yet.
    pub fn left(&self) -> usize {
        self.left
    }

    pub fn is_empty(&self) -> bool {
        self.left() == 0
    }
}

/// Splits `listed` by the entries of every part read. An entry is used once however many
/// parts hold it.
pub fn cover(listed: &[Listed<'_>], entries: impl IntoIterator<Item = Entry>) -> Coverage {
    let mut known = Known::new(entries);
    let mut coverage = Coverage::default();
    for (at, object) in listed.iter().enumerate() {
        match known.take(object.key, object.etag) {
            Some(loaded) => coverage.covered.push((at, loaded)),
            None => coverage.to_read.push(at),
        }
    }
    coverage.stale = known.left();
    coverage
}
