//! Reading the summary index from the bucket, for `stats` and `index` alike: the prefix
//! listed whole (parts sort first, in `.logscope/`), every part read, and the listing split
//! by session_log's rule into what the parts cover and what must still be read.

use std::borrow::Cow;
use std::io::Read;

use flate2::read::GzDecoder;
use s3_presign::ObjectEntry;
use s3_read::{Fetch, Listing};
use session_log::index::{self, part, Coverage, Entry};
use session_log::{KeyKind, SessionKey, SizeLimit};

use crate::stats::client::Client;
use crate::stats::explain;
use crate::UsageError;

/// The prefix as listed: its sessions and the parts of its index.
pub struct Bucketed {
    pub sessions: Vec<(SessionKey, ObjectEntry)>,
    pub parts: Vec<ObjectEntry>,
    /// Whether the listing held anything at all, a folder marker aside.
    pub holds_anything: bool,
}

/// Lists every key under `prefix`, page after page.
pub fn list_all(client: &Client, prefix: &str) -> Result<Bucketed, UsageError> {
    let mut listing = Listing::new(prefix);
    let mut listed = Bucketed {
        sessions: Vec::new(),
        parts: Vec::new(),
        holds_anything: false,
    };
    while !listing.finished() {
        let page = client.page(&mut listing).map_err(|failed| {
            let doing = format!("listing {prefix} in bucket {}", client.bucket().name());
            UsageError(explain::line(&failed, &doing, client))
        })?;
        for object in page.contents {
            listed.holds_anything |= object.key.as_str() != prefix;
            match session_log::parse_key(prefix, &object.key) {
                KeyKind::Session(key) => listed.sessions.push((key, object)),
                KeyKind::Own if index::is_part_key(prefix, &object.key) => {
                    listed.parts.push(object)
                }
                KeyKind::Own | KeyKind::Folder => {}
            }
        }
    }
    Ok(listed)
}

/// What the parts gave.
#[derive(Default)]
pub struct Parts {
    pub entries: Vec<Entry>,
    /// The keys of the parts read whole.
    pub read: Vec<String>,
}

/// Reads every part. One that cannot be read or used is named on stderr and left out: the
/// objects it covered are read instead.
pub fn read_parts(client: &Client, prefix: &str, parts: &[ObjectEntry]) -> Parts {
    let limit = SizeLimit::from_mb((part::MAX_PART_BYTES / 1_000_000) as u64);
    let mut read = Parts::default();
    for object in parts {
        let fetched = Fetch::new(&object.key, object.size, limit).and_then(|f| client.get(f));
        let problem = match fetched {
            Ok(bytes) => match decompressed(&bytes).map(|b| part::read(prefix, &b)) {
                Some(Ok(part)) => {
                    read.entries.extend(part.entries);
                    read.read.push(object.key.clone());
                    continue;
                }
                Some(Err(problem)) => problem.to_string(),
                None => "its compression is damaged".to_owned(),
            },
            Err(failed) => explain::unavailable(&failed),
        };
        eprintln!(
            "logscope: summary part {} not used ({problem}); the objects it covers are read",
            object.key
        );
    }
    read
}

/// Parts are stored gzip-compressed, and a server returns them as stored: the bytes, inflated
/// when they are gzip.
fn decompressed(bytes: &[u8]) -> Option<Cow<'_, [u8]>> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Some(Cow::Borrowed(bytes));
    }
    let mut out = Vec::new();
    // One byte past the largest part: part::read then refuses it by its size.
    GzDecoder::new(bytes)
        .take(part::MAX_PART_BYTES as u64 + 1)
        .read_to_end(&mut out)
        .ok()?;
    Some(Cow::Owned(out))
}

/// Which listed sessions the entries cover; positions are into `sessions`.
pub fn cover(sessions: &[(SessionKey, ObjectEntry)], entries: Vec<Entry>) -> Coverage {
    let listed: Vec<index::Listed<'_>> = sessions
        .iter()
        .map(|(key, object)| index::Listed {
            key: &key.key,
            etag: object.etag.as_deref(),
        })
        .collect();
    index::cover(&listed, entries)
}
