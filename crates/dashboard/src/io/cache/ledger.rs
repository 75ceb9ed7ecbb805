//! The cache's rules, apart from the browser: what identifies an object's content (its
//! validator), where an entry is filed, and which kept bodies go when the budget is full.
//! Pure, tested natively.

use std::collections::{BTreeSet, HashMap};

/// What says an object is the one read before: the ETag when the listing gives one (MinIO,
/// AWS), else size and last-modified together (s3s-fs lists no ETag). `None` when the
/// listing says neither: such an object is read every time.
pub fn validator(etag: Option<&str>, size: Option<u64>, modified: Option<&str>) -> Option<String> {
    match (etag.filter(|e| !e.is_empty()), size, modified) {
        (Some(etag), _, _) => Some(format!("etag {etag}")),
        (None, Some(size), Some(modified)) => Some(format!("{size} bytes, {modified}")),
        _ => None,
    }
}

/// One bucket at one endpoint: every entry of the cache is filed under one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub endpoint: String,
    pub bucket: String,
}

impl Scope {
    /// Where the entry of object `key` is filed. Endpoints and bucket names hold no line
    /// break, so the key, last, may hold anything.
    pub fn file(&self, key: &str) -> String {
        format!("{}\n{}\n{key}", self.endpoint, self.bucket)
    }

    /// The first and last place an entry of a key between `first` and `last` can be filed
    /// (both included), in IndexedDB's order: by UTF-16 code unit, which is not UTF-8's.
    pub fn span<'a>(&self, keys: impl IntoIterator<Item = &'a str>) -> Option<(String, String)> {
        let mut keys = keys.into_iter();
        let first = keys.next()?;
        let (low, high) = keys.fold((first, first), |(low, high), key| {
            (
                if utf16_less(key, low) { key } else { low },
                if utf16_less(high, key) { key } else { high },
            )
        });
        Some((self.file(low), self.file(high)))
    }
}

fn utf16_less(a: &str, b: &str) -> bool {
    a.encode_utf16().lt(b.encode_utf16())
}

/// The bodies kept, with when each was last used and its size: enough to choose what to
/// evict without reading a body.
#[derive(Debug, Default)]
pub struct Ledger {
    /// Entry → (last used, bytes).
    kept: HashMap<String, (u64, u64)>,
    /// (last used, entry), oldest first.
    by_use: BTreeSet<(u64, String)>,
    bytes: u64,
}

impl Ledger {
    /// Bytes of bodies kept.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// Records a body kept under `entry`, last used at `used` (milliseconds).
    pub fn insert(&mut self, entry: String, used: u64, bytes: u64) {
        self.remove(&entry);
        self.by_use.insert((used, entry.clone()));
        self.kept.insert(entry, (used, bytes));
        self.bytes += bytes;
    }

    /// Forgets `entry`'s body.
    pub fn remove(&mut self, entry: &str) {
        if let Some((used, bytes)) = self.kept.remove(entry) {
            self.by_use.remove(&(used, entry.to_owned()));
            self.bytes -= bytes;
        }
    }

    /// Marks `entry`'s body used at `now`; returns its size if it is kept.
    pub fn touch(&mut self, entry: &str, now: u64) -> Option<u64> {
        let &(_, bytes) = self.kept.get(entry)?;
        self.insert(entry.to_owned(), now, bytes);
        Some(bytes)
    }

    /// Makes room for a body of `bytes` under `budget` by evicting the least recently used
    /// bodies last used before `protected_from`, and records it. Returns the entries evicted,
    /// or `None` (and changes nothing) when it cannot fit: within one load every body is as
    /// recent as the others, and writing bodies only to evict them in the same load would
    /// be wasted work.
    pub fn admit(
        &mut self,
        entry: String,
        bytes: u64,
        now: u64,
        budget: u64,
        protected_from: u64,
    ) -> Option<Vec<String>> {
        let own = self.kept.get(&entry).map_or(0, |&(_, b)| b);
        let mut need = (self.bytes - own + bytes).saturating_sub(budget);
        let mut evicted = Vec::new();
        for (used, old) in &self.by_use {
            if need == 0 {
                break;
            }
            if *used >= protected_from {
                return None;
            }
            if *old != entry {
                need = need.saturating_sub(self.kept[old].1);
                evicted.push(old.clone());
            }
        }
        if need > 0 {
            return None;
        }
        evicted.iter().for_each(|old| self.remove(old));
        self.insert(entry, now, bytes);
        Some(evicted)
    }

    /// Evicts the least recently used bodies until they fit in `budget`; returns them.
    pub fn shrink(&mut self, budget: u64) -> Vec<String> {
        let mut evicted = Vec::new();
        while self.bytes > budget {
            let Some((_, oldest)) = self.by_use.first().cloned() else {
                break;
            };
            self.remove(&oldest);
            evicted.push(oldest);
        }
        evicted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_etag_wins_and_size_with_time_stands_in_for_it() {
        let time = Some("2025-06-15T10:00:05.000Z");
        assert_eq!(
            validator(Some("0b9cd106"), Some(10), time).as_deref(),
            Some("etag 0b9cd106")
        );
        assert_eq!(
            validator(None, Some(10), time).as_deref(),
            Some("10 bytes, 2025-06-15T10:00:05.000Z")
        );
        assert_ne!(
            validator(None, Some(11), time),
            validator(None, Some(10), time)
        );
        assert_eq!(validator(Some(""), Some(10), None), None);
        assert_eq!(validator(None, None, time), None);
    }

    #[test]
    fn entries_of_one_bucket_are_filed_together_in_utf16_order() {
        let scope = Scope {
            endpoint: "http://127.0.0.1:9000".into(),
            bucket: "logs".into(),
        };
        assert_eq!(scope.file("a/b"), "http://127.0.0.1:9000\nlogs\na/b");
        // U+FF01 sorts after U+1F600 in UTF-8 but before it in UTF-16 (a surrogate pair).
        let keys = ["p/\u{1F600}", "p/a", "p/\u{FF01}"];
        let (low, high) = scope.span(keys).unwrap();
        assert_eq!(low, scope.file("p/a"));
        assert_eq!(high, scope.file("p/\u{FF01}"));
        assert_eq!(scope.span([]), None);
    }

    #[test]
    fn the_least_recently_used_bodies_go_first() {
        let mut ledger = Ledger::default();
        ledger.insert("a".into(), 1, 40);
        ledger.insert("b".into(), 2, 40);
        ledger.insert("c".into(), 3, 20);
        ledger.touch("a", 4);
        // 100 kept; 30 more under a budget of 100 evicts b (40), the oldest after a's use.
        assert_eq!(
            ledger.admit("d".into(), 30, 5, 100, 5),
            Some(vec!["b".to_owned()])
        );
        assert_eq!(ledger.bytes(), 90);
        assert_eq!(ledger.shrink(50), vec!["c".to_owned(), "a".to_owned()]);
        assert_eq!((ledger.kept.len(), ledger.bytes()), (1, 30));
    }

    #[test]
    fn bodies_of_the_load_under_way_are_never_evicted_for_its_next_ones() {
        let mut ledger = Ledger::default();
        ledger.insert("old".into(), 1, 50);
        ledger.insert("new".into(), 10, 50);
        // The load began at 10: "old" may go, "new" may not.
        assert_eq!(
            ledger.admit("next".into(), 50, 11, 100, 10),
            Some(vec!["old".into()])
        );
        assert_eq!(ledger.admit("more".into(), 50, 12, 100, 10), None);
        assert_eq!(ledger.bytes(), 100, "nothing changed");
        assert_eq!(ledger.admit("huge".into(), 500, 13, 100, 100), None);
        // Kept again under the same entry, a body replaces itself rather than its neighbours.
        assert_eq!(ledger.admit("next".into(), 60, 14, 110, 14), Some(vec![]));
        assert_eq!(ledger.bytes(), 110);
    }
}
