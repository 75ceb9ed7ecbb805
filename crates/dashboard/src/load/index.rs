//! The bucket's summary index ([`session_log::index`]), read once a load meets an object its
//! cache does not hold: a few parts instead of one GET per session, for a browser that has
//! nothing cached. An entry stands in for an object only while the listing gives its key
//! with the same ETag; everything else is read as before. A part that cannot be read or used
//! is counted, never fatal: the objects it covered are simply read.

use s3_read::{Fetch, Listing};
use session_log::index::{self, part, Known, PartProblem};
use session_log::SizeLimit;

use super::request::Requester;
use crate::io::timer;

/// What the parts gave.
#[derive(Default)]
pub struct Index {
    pub known: Known,
    /// Parts listed that could not be read or used.
    pub unused: u64,
}

/// Lists the index's folder under `prefix` and reads every part in it. A listing that fails
/// gives no index: the load's own listing says what is wrong.
pub async fn read(requester: &Requester, prefix: &str) -> Index {
    let folder = format!("{prefix}{}", index::FOLDER);
    let mut listing = Listing::new(&folder);
    let mut parts = Vec::new();
    while let Some(page) = requester.read(&mut listing).await {
        let Ok(page) = page else {
            return Index::default();
        };
        parts.extend(
            page.contents
                .into_iter()
                .filter(|object| index::is_part_key(prefix, &object.key)),
        );
    }
    let limit = SizeLimit::from_mb((part::MAX_PART_BYTES / 1_000_000) as u64);
    let mut read = Index::default();
    for object in parts {
        // Not checked against the listed size: that is the stored, compressed size, and the
        // browser hands over the bytes with the part's Content-Encoding undone.
        let Ok(mut fetch) = Fetch::new(&object.key, None, limit) else {
            read.unused += 1;
            continue;
        };
        let used = match requester.read(&mut fetch).await {
            Some(Ok(bytes)) => take_in(&mut read.known, prefix, &bytes).await.is_ok(),
            _ => false,
        };
        read.unused += u64::from(!used);
    }
    read
}

/// Adds the entries of the part in `bytes` to `known`, all or none, yielding to the page
/// whenever a task has worked long enough: a part of 100,000 entries takes most of a second.
async fn take_in(known: &mut Known, prefix: &str, bytes: &[u8]) -> Result<(), PartProblem> {
    let mut opened = part::open(prefix, bytes)?;
    let mut entries = Vec::with_capacity(opened.expected());
    for entry in &mut opened {
        entries.push(entry?);
        timer::yield_when_busy().await;
    }
    let mut entries = entries.into_iter();
    while entries.len() > 0 {
        known.extend(entries.by_ref().take(1000));
        timer::yield_when_busy().await;
    }
    Ok(())
}
