//! `logscope index`: keeps the bucket's summary index up to date. It lists the prefix,
//! reads the parts already there ([`read`]), reads every session object they do not cover
//! with the same workers as `stats`, and writes what it read as one new part ([`write`]).
//! Run again at any time, and by several at once: parts are only ever added, and a reader
//! counts each object once. `--compact` merges every part into one, then removes the parts it
//! merged; `--shard i/n` covers only the drawing folders whose hash is i modulo n, so that
//! n jobs index a large bucket together.

mod args;
pub(crate) mod read;
mod write;

pub use args::IndexArgs;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use s3_presign::{ObjectEntry, UrlStyle};
use session_log::index::Entry;
use session_log::{Loaded, PriceTable};

use crate::stats::pool::{self, Event, Job};
use crate::UsageError;

/// Returns the summary of what was written, or the one-line problem.
pub fn run(args: IndexArgs) -> Result<String, UsageError> {
    let prefix = s3_read::folder(&args.prefix);
    let bucket = args.bucket.resolve(UrlStyle::Path)?;
    let credentials = args.credentials.resolve()?;
    let workers = args.read.workers();
    let client = args.read.client(bucket.clone(), credentials.clone());
    let listed = read::list_all(&client, &prefix)?;
    let parts = read::read_parts(&client, &prefix, &listed.parts);
    let coverage = read::cover(&listed.sessions, parts.entries);
    let ours = |at: &usize| args.shard.holds(&listed.sessions[*at].0.drawing);

    // Only objects with an ETag can be indexed: an entry is matched by it.
    let listed_etag = |at: &usize| listed.sessions[*at].1.etag.is_some();
    let without_etag = coverage
        .to_read
        .iter()
        .filter(|at| ours(at) && !listed_etag(at))
        .count();
    let jobs: Vec<Job> = coverage
        .to_read
        .iter()
        .filter(|at| ours(at) && listed_etag(at))
        .map(|&at| {
            let (key, object) = &listed.sessions[at];
            Job::Get(key.clone(), object.size)
        })
        .collect();
    let asked = jobs.len();
    let by_key: HashMap<&str, &ObjectEntry> = listed
        .sessions
        .iter()
        .map(|(key, object)| (key.key.as_str(), object))
        .collect();
    let (queue, events) = pool::start(
        Arc::clone(&client),
        &prefix,
        jobs,
        workers,
        PriceTable::builtin(),
    );
    let mut entries = Vec::with_capacity(asked);
    let mut unavailable = 0usize;
    for event in events {
        match event {
            Event::Loaded(loaded) => {
                if let Some(object) = by_key.get(loaded.key()) {
                    entries.push(entry(object, loaded));
                }
            }
            Event::Unavailable { key, reason } => {
                eprintln!("logscope: {key} not indexed: {reason}");
                unavailable += 1;
            }
            Event::Found(_) => {}
            Event::Fatal(line) => {
                queue.stop();
                return Err(UsageError(line));
            }
        }
    }
    let new = entries.len();
    let covered = coverage.covered.iter().filter(|(at, _)| ours(at)).count();
    if args.compact {
        entries.extend(
            coverage
                .covered
                .into_iter()
                .map(|(at, loaded)| entry(&listed.sessions[at].1, loaded)),
        );
    }

    let mut report = String::new();
    let _ = write!(
        report,
        "{} sessions listed under {prefix}{}: {covered} covered by {} parts, {new} read",
        listed.sessions.len(),
        args.shard.describe(),
        parts.read.len()
    );
    if unavailable > 0 {
        let _ = write!(
            report,
            ", {unavailable} could not be read (run again later)"
        );
    }
    if without_etag > 0 {
        let _ = write!(
            report,
            ", {without_etag} not indexed: the storage lists no ETag for them, and an entry \
             is matched by it"
        );
    }
    report.push('\n');
    // Merging one part with nothing new would only write it again.
    if entries.is_empty() || (args.compact && new == 0 && parts.read.len() < 2) {
        report.push_str("the index already covers them: nothing written");
        return Ok(report);
    }
    let uploader = write::Writer::new(bucket, credentials, &prefix);
    let written = uploader.write(entries)?;
    for part in &written {
        let _ = writeln!(
            report,
            "wrote {}: {} entries, {} bytes gzip ({:.1} bytes a session)",
            part.key,
            part.entries,
            part.bytes,
            part.bytes as f64 / part.entries as f64
        );
    }
    if args.compact {
        let removed = uploader.remove(&parts.read)?;
        let _ = writeln!(report, "removed {removed} merged parts");
    }
    Ok(report.trim_end().to_owned())
}

fn entry(object: &ObjectEntry, loaded: Loaded) -> Entry {
    Entry {
        key: object.key.clone(),
        etag: object.etag.clone().unwrap_or_default(),
        size: object.size.unwrap_or(0),
        last_modified: object.last_modified.clone(),
        loaded,
    }
}
