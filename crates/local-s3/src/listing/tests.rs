//! The walk against S3's rules worked out on a sorted list of keys, over names that sort
//! differently as paths and as keys; and what a page costs in folders read.

use std::collections::BTreeSet;

use super::*;

/// Names chosen so that folder order and key order differ: `-` and `.` sort before `/`,
/// `0` after it.
const KEYS: &[&str] = &[
    "a-b",
    "a.b/c",
    "a/b-c",
    "a/b.x",
    "a/b/c",
    "a/bc/d",
    "a/bc/d-e/f",
    "a0",
    "b/ü/x",
    "b/ü-y",
    "b/ü/z/w",
    "c d/e+f",
    "e/f",
    "z",
];

fn bucket() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for key in KEYS {
        let path = dir.path().join(key);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, key.as_bytes()).unwrap();
    }
    // A folder whose objects were all deleted holds no key.
    std::fs::create_dir_all(dir.path().join("e/emptied/too")).unwrap();
    dir
}

/// S3's answer, from the sorted keys.
fn by_the_rules(request: &Request<'_>) -> Page {
    let keys: BTreeSet<&str> = KEYS.iter().copied().collect();
    let mut items: Vec<Item> = Vec::new();
    let mut truncated = false;
    for key in keys.iter().filter(|k| k.starts_with(request.prefix)) {
        let item = match request.delimiter {
            Some(delimiter) => roll_up((*key).to_owned(), request.prefix, delimiter),
            None => Item::Key((*key).to_owned()),
        };
        if request.after.is_some_and(|after| item.name() <= after) {
            continue;
        }
        if items.last() == Some(&item) {
            continue;
        }
        if items.len() == request.max_keys.min(MAX_KEYS) {
            truncated = request.max_keys > 0;
            break;
        }
        items.push(item);
    }
    Page { items, truncated }
}

fn every_prefix() -> BTreeSet<String> {
    let mut prefixes: BTreeSet<String> = ["", "zz", "/a", "a//", "../a", "b/ü/z/w/"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    for key in KEYS {
        for (at, _) in key.char_indices().chain([(key.len(), ' ')]) {
            prefixes.insert(key[..at].to_owned());
        }
    }
    prefixes
}

#[test]
fn every_page_is_what_s3_would_answer() {
    let dir = bucket();
    let folders = Folders::settled_after(Duration::ZERO);
    let afters: Vec<Option<String>> = [None]
        .into_iter()
        .chain(KEYS.iter().map(|k| Some((*k).to_owned())))
        .chain(["a/", "a/b/", "b/ü/", "a", "0", "zzz"].map(|a| Some(a.to_owned())))
        .collect();
    let mut pages = 0;
    for prefix in &every_prefix() {
        for delimiter in [None, Some("/"), Some("-"), Some("b")] {
            for after in &afters {
                for max_keys in [0, 1, 2, 1000] {
                    let request = Request {
                        prefix,
                        delimiter,
                        after: after.as_deref(),
                        max_keys,
                    };
                    let page = folders.page(dir.path(), &request).unwrap();
                    assert_eq!(
                        page,
                        by_the_rules(&request),
                        "prefix {prefix:?}, delimiter {delimiter:?}, after {after:?}, \
                         max {max_keys}"
                    );
                    pages += 1;
                }
            }
        }
    }
    assert!(pages > 10_000, "{pages}");
}

#[test]
fn paging_by_the_last_item_reaches_every_key_once() {
    let dir = bucket();
    let folders = Folders::settled_after(Duration::ZERO);
    for delimiter in [None, Some("/")] {
        let mut seen = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let request = Request {
                prefix: "",
                delimiter,
                after: after.as_deref(),
                max_keys: 2,
            };
            let page = folders.page(dir.path(), &request).unwrap();
            seen.extend(page.items.iter().cloned());
            if !page.truncated {
                break;
            }
            after = page.items.last().map(|item| item.name().to_owned());
        }
        let all = folders
            .page(
                dir.path(),
                &Request {
                    prefix: "",
                    delimiter,
                    after: None,
                    max_keys: 1000,
                },
            )
            .unwrap();
        assert_eq!(seen, all.items, "{delimiter:?}");
    }
}

#[test]
fn an_emptied_folder_is_no_common_prefix() {
    let dir = bucket();
    let folders = Folders::settled_after(Duration::ZERO);
    let request = Request {
        prefix: "e/",
        delimiter: Some("/"),
        after: None,
        max_keys: 1000,
    };
    let page = folders.page(dir.path(), &request).unwrap();
    assert_eq!(page.items, [Item::Key("e/f".into())]);
}

/// A bucket of `drawings` folders of 10 objects each.
fn drawings(drawings: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for drawing in 0..drawings {
        let folder = dir.path().join(format!("logs/{drawing:05}"));
        std::fs::create_dir_all(&folder).unwrap();
        for session in 0..10 {
            std::fs::write(folder.join(format!("s{session}.json")), b"{}").unwrap();
        }
    }
    dir
}

/// Folders read for the page after `after`, once what the pages before read is kept.
fn folders_read_for_a_page(dir: &Path, after: &str) -> u64 {
    let folders = Folders::settled_after(Duration::ZERO);
    let request = Request {
        prefix: "logs/",
        delimiter: None,
        after: Some(after),
        max_keys: 100,
    };
    let first = folders.page(dir, &request).unwrap();
    assert_eq!(first.items.len(), 100);
    assert!(first.truncated);
    let before = folders.reads();
    let last = first.items.last().unwrap().name().to_owned();
    let next = Request {
        after: Some(&last),
        ..request
    };
    assert_eq!(folders.page(dir, &next).unwrap().items.len(), 100);
    folders.reads() - before
}

#[test]
fn a_page_reads_only_the_folders_its_keys_are_in() {
    let small = drawings(30);
    let large = drawings(1_000);
    let in_small = folders_read_for_a_page(small.path(), "logs/00005/s3.json");
    let in_large = folders_read_for_a_page(large.path(), "logs/00500/s3.json");
    // 100 keys span 10 or 11 folders of 10, whatever the bucket holds.
    assert!((10..=11).contains(&in_small), "{in_small}");
    assert_eq!(in_small, in_large);

    // Kept folders are read again once they change.
    let folders = Folders::settled_after(Duration::ZERO);
    let request = Request {
        prefix: "logs/00007/",
        delimiter: None,
        after: None,
        max_keys: 1000,
    };
    assert_eq!(
        folders.page(small.path(), &request).unwrap().items.len(),
        10
    );
    std::fs::write(small.path().join("logs/00007/s99.json"), b"{}").unwrap();
    assert_eq!(
        folders.page(small.path(), &request).unwrap().items.len(),
        11
    );
}
