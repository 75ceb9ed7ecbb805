//! ListObjectsV2 whose cost follows the page, not the bucket, as MinIO's does.
//!
//! s3s-fs walks every file of the bucket for every page, so a client paging through 100,000
//! objects pays for 100,000 files 100 times, and a test against it measures that walk rather
//! than the client. MinIO walks only the folders under the prefix, in key order, from where the
//! page starts, and keeps what it walked. This does the same: each folder's entries are read
//! once, sorted as keys sort, and kept until the folder changes; a page descends only into the
//! folders that hold its keys, and stops when it is full.

use std::collections::HashMap;
use std::io;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// S3's cap on a page, which MinIO applies too.
pub(crate) const MAX_KEYS: usize = 1000;

/// A folder changed within this long of being read may change again within the same tick of
/// the file system's clock without its modification time moving, so it is not kept.
const SETTLED: Duration = Duration::from_secs(2);

/// What a listing yields, in key order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    Key(String),
    /// A common prefix: keys rolled up at the delimiter.
    Folder(String),
}

impl Item {
    pub(crate) fn name(&self) -> &str {
        match self {
            Item::Key(name) | Item::Folder(name) => name,
        }
    }
}

/// One entry of a folder, named as it sorts among keys: a sub-folder `d` holds the keys
/// `d/…`, so it sorts as `d/`, after `d-x` and before `d0`.
#[derive(Debug)]
struct Entry {
    sort_name: String,
    is_dir: bool,
}

impl Entry {
    fn name(&self) -> &str {
        self.sort_name.strip_suffix('/').unwrap_or(&self.sort_name)
    }
}

struct Read {
    modified: SystemTime,
    entries: Arc<Vec<Entry>>,
}

/// The folders of every bucket as last read, each kept until its modification time moves.
pub(crate) struct Folders {
    kept: Mutex<HashMap<PathBuf, Read>>,
    /// How many folders were read from the disk, not from what was kept.
    reads: AtomicU64,
    /// How long ago a folder must have changed to be kept.
    settled: Duration,
}

impl Default for Folders {
    fn default() -> Self {
        Self::settled_after(SETTLED)
    }
}

/// A ListObjectsV2 request, as the walk needs it.
pub(crate) struct Request<'a> {
    pub prefix: &'a str,
    pub delimiter: Option<&'a str>,
    /// Keys and common prefixes up to this one are skipped: the later of `start-after` and the
    /// continuation token, which is the last item of the page before.
    pub after: Option<&'a str>,
    pub max_keys: usize,
}

/// A page: at most `max_keys` items, and whether more follow.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Page {
    pub items: Vec<Item>,
    pub truncated: bool,
}

impl Folders {
    fn settled_after(settled: Duration) -> Self {
        Self {
            kept: Mutex::default(),
            reads: AtomicU64::new(0),
            settled,
        }
    }

    /// How many folders have been read from the disk so far.
    #[cfg(test)]
    pub(crate) fn reads(&self) -> u64 {
        self.reads.load(Ordering::Relaxed)
    }

    /// The page of `bucket_root` that `request` asks for.
    pub(crate) fn page(&self, bucket_root: &Path, request: &Request<'_>) -> io::Result<Page> {
        let max_keys = request.max_keys.min(MAX_KEYS);
        let mut items = Vec::new();
        let mut truncated = false;
        let mut rolled_up: Option<String> = None;
        self.walk(bucket_root, request, &mut |item| {
            let item = match (item, request.delimiter) {
                (Item::Key(key), Some(delimiter)) => roll_up(key, request.prefix, delimiter),
                (item, _) => item,
            };
            if let Item::Folder(folder) = &item {
                if rolled_up.as_deref() == Some(folder.as_str()) {
                    return ControlFlow::Continue(());
                }
                rolled_up = Some(folder.clone());
                if request.after.is_some_and(|after| folder.as_str() <= after) {
                    return ControlFlow::Continue(());
                }
            }
            if items.len() == max_keys {
                truncated = max_keys > 0;
                return ControlFlow::Break(());
            }
            items.push(item);
            ControlFlow::Continue(())
        })?;
        Ok(Page { items, truncated })
    }

    /// Hands `visit` the keys under the request's prefix after `request.after`, in key order;
    /// with the delimiter `/`, a folder below the prefix's own is handed over whole instead.
    fn walk(
        &self,
        bucket_root: &Path,
        request: &Request<'_>,
        visit: &mut dyn FnMut(Item) -> ControlFlow<()>,
    ) -> io::Result<()> {
        let (folder_key, name_prefix) = match request.prefix.rsplit_once('/') {
            Some((folder, name)) => (format!("{folder}/"), name),
            None => (String::new(), request.prefix),
        };
        let Some(folder) = folder_path(bucket_root, &folder_key) else {
            return Ok(());
        };
        let after = match request.after {
            Some(after) if after.starts_with(&folder_key) => Some(&after[folder_key.len()..]),
            // Every key under the folder sorts after it, or every one before it.
            Some(after) if after > folder_key.as_str() => return Ok(()),
            _ => None,
        };
        let walk = Walk {
            folders: self,
            whole_folders: request.delimiter == Some("/"),
        };
        walk.folder(&folder, &folder_key, name_prefix, after, visit)
            .map(|_| ())
    }

    /// The entries of `folder`, sorted as keys sort; none when it does not exist.
    fn entries(&self, folder: &Path) -> io::Result<Arc<Vec<Entry>>> {
        let modified = match std::fs::metadata(folder) {
            Ok(meta) if meta.is_dir() => meta.modified()?,
            Ok(_) => return Ok(Arc::default()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Arc::default()),
            Err(e) => return Err(e),
        };
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(read) = kept.get(folder).filter(|read| read.modified == modified) {
            return Ok(Arc::clone(&read.entries));
        }
        drop(kept);
        self.reads.fetch_add(1, Ordering::Relaxed);
        let entries = Arc::new(read_sorted(folder)?);
        let settled = SystemTime::now()
            .duration_since(modified)
            .is_ok_and(|age| age >= self.settled);
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        if settled {
            let read = Read {
                modified,
                entries: Arc::clone(&entries),
            };
            kept.insert(folder.to_owned(), read);
        } else {
            kept.remove(folder);
        }
        Ok(entries)
    }
}

struct Walk<'a> {
    folders: &'a Folders,
    whole_folders: bool,
}

impl Walk<'_> {
    /// The keys of `folder` (whose keys begin with `folder_key`) whose name after it begins
    /// with `name_prefix` and sorts after `after`, in key order.
    fn folder(
        &self,
        folder: &Path,
        folder_key: &str,
        name_prefix: &str,
        after: Option<&str>,
        visit: &mut dyn FnMut(Item) -> ControlFlow<()>,
    ) -> io::Result<ControlFlow<()>> {
        let entries = self.folders.entries(folder)?;
        // The entry `after` lies in (or is): its first segment, with the `/` of a folder.
        let after_entry = after.map(|after| match after.find('/') {
            Some(slash) => &after[..=slash],
            None => after,
        });
        let from = entries.partition_point(|e| {
            e.sort_name.as_str() < name_prefix
                || after_entry.is_some_and(|a| e.sort_name.as_str() < a)
        });
        for entry in &entries[from..] {
            if !entry.sort_name.starts_with(name_prefix) {
                break;
            }
            let within = after.filter(|_| after_entry == Some(entry.sort_name.as_str()));
            let key = format!("{folder_key}{}", entry.sort_name);
            let flow = match (entry.is_dir, within) {
                // The file `after` names itself.
                (false, Some(_)) => ControlFlow::Continue(()),
                (false, None) => visit(Item::Key(key)),
                // Handed over whole only below the prefix's folder; a folder the request
                // starts inside was handed over by the page before.
                (true, None) if self.whole_folders => {
                    if self.holds_a_key(&folder.join(entry.name()))? {
                        visit(Item::Folder(key))
                    } else {
                        ControlFlow::Continue(())
                    }
                }
                (true, Some(_)) if self.whole_folders => ControlFlow::Continue(()),
                (true, within) => {
                    let inner = within.map(|after| &after[entry.sort_name.len()..]);
                    let path = folder.join(entry.name());
                    self.folder(&path, &key, "", inner, visit)?
                }
            };
            if flow.is_break() {
                return Ok(flow);
            }
        }
        Ok(ControlFlow::Continue(()))
    }

    /// Whether any object lies under `folder`: an emptied folder is no common prefix.
    fn holds_a_key(&self, folder: &Path) -> io::Result<bool> {
        for entry in self.folders.entries(folder)?.iter() {
            if !entry.is_dir || self.holds_a_key(&folder.join(entry.name()))? {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// `key` as the request sees it: itself, or the common prefix it rolls up into.
fn roll_up(key: String, prefix: &str, delimiter: &str) -> Item {
    if delimiter.is_empty() {
        return Item::Key(key);
    }
    match key[prefix.len()..].find(delimiter) {
        Some(at) => Item::Folder(key[..prefix.len() + at + delimiter.len()].to_owned()),
        None => Item::Key(key),
    }
}

/// The folder holding keys that begin with `folder_key` (empty or ending in `/`), or `None`
/// when no stored key can begin so.
fn folder_path(bucket_root: &Path, folder_key: &str) -> Option<PathBuf> {
    match folder_key.strip_suffix('/') {
        None => Some(bucket_root.to_owned()),
        Some(folder) if crate::key_fits_fs(folder) => Some(bucket_root.join(folder)),
        Some(_) => None,
    }
}

/// A folder's entries with UTF-8 names, sorted as keys sort. Anything that is not a folder
/// is an object, as s3s-fs lists it.
fn read_sorted(folder: &Path) -> io::Result<Vec<Entry>> {
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(folder)? {
        let entry = entry?;
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        let is_dir = entry.file_type()?.is_dir();
        let sort_name = if is_dir { format!("{name}/") } else { name };
        entries.push(Entry { sort_name, is_dir });
    }
    entries.sort_unstable_by(|a, b| a.sort_name.cmp(&b.sort_name));
    Ok(entries)
}

#[cfg(test)]
mod tests;
