//! The `--dir` form: a local mirror of a bucket (say, from `aws s3 sync` or `mc mirror`),
//! where each file's path relative to the folder, with `/` separators, is its object key.

use super::progress::Progress;
use super::{explain, output};
use crate::UsageError;
use session_log::{KeyKind, PriceTable, SizeLimit, Totals};
use std::fs;
use std::path::{Path, PathBuf};

pub fn collect(
    root: &Path,
    prefix: &str,
    prices: &PriceTable,
    limit: SizeLimit,
    totals: &mut Totals,
) -> Result<(), UsageError> {
    if !root.is_dir() {
        return Err(UsageError(format!(
            "--dir {}: no such folder (it should hold {}...)",
            root.display(),
            if prefix.is_empty() {
                "the bucket's keys"
            } else {
                prefix
            }
        )));
    }
    // The prefix is a folder (it ends with `/`), so the keys under it are the files under it.
    let start = root.join(prefix.trim_end_matches('/'));
    let mut files = Vec::new();
    let mut unreadable = Vec::new();
    if start.is_dir() {
        walk(&start, &mut files, &mut unreadable);
    }
    let mut keys: Vec<(String, PathBuf)> = files
        .into_iter()
        .map(|path| (key_of(root, &path), path))
        .collect();
    keys.sort();
    if keys.is_empty() && unreadable.is_empty() {
        let place = format!("folder {}", root.display());
        eprintln!(
            "logscope: {}",
            output::empty_hint(prefix, &place, &top_folders(root))
        );
        return Ok(());
    }

    let progress = Progress::new();
    progress.found(keys.len() as u64);
    for (key, path) in keys {
        let session = match session_log::parse_key(prefix, &key) {
            KeyKind::Session(session) => session,
            KeyKind::Folder | KeyKind::Own => continue,
        };
        let too_large = fs::metadata(&path)
            .ok()
            .and_then(|meta| explain::too_large(limit, meta.len()));
        if let Some(why) = too_large {
            totals.add_unavailable(&key, &why);
        } else {
            match fs::read(&path) {
                Ok(bytes) => totals.add(&session_log::load(session, &bytes, prices)),
                Err(e) => {
                    totals.add_unavailable(&key, &format!("cannot read {}: {e}", path.display()))
                }
            }
        }
        progress.done();
    }
    for (path, error) in unreadable {
        let key = key_of(root, &path) + "/";
        totals.add_unavailable(&key, &format!("cannot list {}: {error}", path.display()));
    }
    Ok(())
}

/// Every file under `dir`. Symlinked folders are not followed, so a link cannot loop.
fn walk(dir: &Path, files: &mut Vec<PathBuf>, unreadable: &mut Vec<(PathBuf, String)>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return unreadable.push((dir.to_owned(), e.to_string())),
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                unreadable.push((dir.to_owned(), e.to_string()));
                continue;
            }
        };
        let path = entry.path();
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => walk(&path, files, unreadable),
            Ok(kind) if kind.is_symlink() && path.is_dir() => {}
            _ => files.push(path),
        }
    }
}

/// `root/openai_logs/1/x.txt` → `openai_logs/1/x.txt`, whatever the platform's separator.
fn key_of(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|part| part.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The folders at the top of the mirror, as prefixes (`name/`).
fn top_folders(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| entry.path().is_dir())
        .map(|entry| format!("{}/", entry.file_name().to_string_lossy()))
        .collect();
    names.sort();
    names
}
