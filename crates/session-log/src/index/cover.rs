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

/// Splits `listed` by the entries of every part read. An entry is used once however many
/// parts hold it.
pub fn cover(listed: &[Listed<'_>], entries: impl IntoIterator<Item = Entry>) -> Coverage {
    // By key, then by ETag: an object rewritten between two parts has two entries.
    let mut known: HashMap<String, Vec<(String, Loaded)>> = HashMap::new();
    for entry in entries {
        let versions = known.entry(entry.key).or_default();
        if !versions.iter().any(|(etag, _)| *etag == entry.etag) {
            versions.push((entry.etag, entry.loaded));
        }
    }
    let mut coverage = Coverage::default();
    for (at, object) in listed.iter().enumerate() {
        let found = object.etag.and_then(|etag| {
            let versions = known.get_mut(object.key)?;
            let position = versions.iter().position(|(known, _)| known == etag)?;
            Some(versions.swap_remove(position).1)
        });
        match found {
            Some(loaded) => coverage.covered.push((at, loaded)),
            None => coverage.to_read.push(at),
        }
    }
    coverage.stale = known.values().map(Vec::len).sum();
    coverage
}
