//! The bucket form: list the whole prefix flat (no delimiter, 1000 keys a page, following
//! continuation tokens), take what the summary index covers, hand the other keys to the
//! workers, and add up what they load. Without the index (`--no-index`), each page's keys go
//! to the workers as it arrives.
//!
//! Flat, not folder by folder: a listing call may cost the server a walk of the whole
//! bucket (s3s-fs does exactly that), so one call per drawing folder would make a full run
//! quadratic in the number of folders; flat, it is one call per 1000 keys whatever the
//! layout.

use super::args::StatsArgs;
use super::client::Client;
use super::pool::{self, Event, Job};
use super::progress::Progress;
use super::{explain, output};
use crate::index::read;
use crate::UsageError;
use s3_presign::{ObjectEntry, UrlStyle};
use s3_read::Listing;
use session_log::{Loaded, PriceTable, Totals};

pub fn collect(
    args: &StatsArgs,
    prefix: &str,
    prices: PriceTable,
    totals: &mut Totals,
) -> Result<(), UsageError> {
    let bucket = args.bucket.resolve(UrlStyle::Path)?;
    let credentials = args.credentials.resolve()?;
    let workers = args.read.workers();
    let client = args.read.client(bucket, credentials);
    let progress = Progress::new();
    let start = if args.no_index {
        flat(&client, prefix, &progress)?
    } else {
        indexed(&client, prefix, &prices, &progress)?
    };
    let Some((jobs, mut arrived)) = start else {
        eprintln!("logscope: {}", empty_hint(&client, prefix));
        return Ok(());
    };

    let (queue, events) = pool::start(client, prefix, jobs, workers, prices);
    for event in events {
        match event {
            Event::Found(n) => progress.found(n),
            Event::Loaded(loaded) => {
                arrived.push(loaded);
                progress.done();
            }
            Event::Unavailable { key, reason } => {
                totals.add_unavailable(&key, &reason);
                progress.done();
            }
            Event::Fatal(line) => {
                queue.stop();
                return Err(UsageError(line));
            }
        }
    }
    // Added in key order once all have arrived: floating-point sums then come out the same to
    // the last bit on every run, with or without the index, and the same as the dashboard's.
    arrived.sort_by(|a, b| a.key().cmp(b.key()));
    for loaded in &arrived {
        totals.add(loaded);
    }
    Ok(())
}

/// What the workers start with, and what is already known; `None` for an empty prefix.
type Start = Option<(Vec<Job>, Vec<Loaded>)>;

/// Every object read: the first page's objects queued at once, the rest of the listing
/// ahead of them, so that fetching starts while the listing goes on.
fn flat(client: &Client, prefix: &str, progress: &Progress) -> Result<Start, UsageError> {
    let (objects, rest) = list_first(client, prefix)?;
    let keys: Vec<&str> = objects.iter().map(|o| o.key.as_str()).collect();
    if !holds_anything(prefix, &keys) && rest.is_none() {
        return Ok(None);
    }
    let direct = pool::sessions(prefix, objects);
    progress.found(direct.len() as u64);
    let mut jobs: Vec<Job> = rest
        .map(|listing| Job::List {
            folder: prefix.to_owned(),
            listing,
        })
        .into_iter()
        .collect();
    jobs.extend(direct);
    Ok(Some((jobs, Vec::new())))
}

/// The whole prefix listed first, then the summary index read: only the objects no part
/// covers are fetched.
fn indexed(
    client: &Client,
    prefix: &str,
    prices: &PriceTable,
    progress: &Progress,
) -> Result<Start, UsageError> {
    let listed = read::list_all(client, prefix)?;
    if !listed.holds_anything {
        return Ok(None);
    }
    let parts = read::read_parts(client, prefix, &listed.parts);
    let coverage = read::cover(&listed.sessions, parts.entries);
    progress.found(listed.sessions.len() as u64);
    if !parts.read.is_empty() {
        eprintln!(
            "logscope: {} of {} sessions from the summary index ({} parts); {} to read",
            coverage.covered.len(),
            listed.sessions.len(),
            parts.read.len(),
            coverage.to_read.len()
        );
    }
    let known: Vec<Loaded> = coverage
        .covered
        .into_iter()
        .map(|(_, mut loaded)| {
            if let Loaded::Session(summary) = &mut loaded {
                summary.reprice(prices);
            }
            progress.done();
            loaded
        })
        .collect();
    let jobs = coverage
        .to_read
        .into_iter()
        .map(|at| {
            let (key, object) = &listed.sessions[at];
            Job::Get(key.clone(), object.size)
        })
        .collect();
    Ok(Some((jobs, known)))
}

/// The keys of the first flat page under `prefix`, and the listing of the rest if it goes
/// on.
fn list_first(
    client: &Client,
    prefix: &str,
) -> Result<(Vec<ObjectEntry>, Option<Listing>), UsageError> {
    let mut listing = Listing::new(prefix);
    let page = client.page(&mut listing).map_err(|failed| {
        let doing = format!("listing {prefix} in bucket {}", client.bucket().name());
        UsageError(explain::line(&failed, &doing, client))
    })?;
    let rest = (!listing.finished()).then_some(listing);
    Ok((page.contents, rest))
}

/// Whether the keys hold a session or a folder below `prefix`: what a listing with delimiter
/// `/` would have shown as objects or common prefixes. A prefix holding only its own folder
/// marker (`openai_logs/`) holds nothing.
fn holds_anything(prefix: &str, keys: &[&str]) -> bool {
    keys.iter().any(|key| {
        let below = key.strip_prefix(prefix).unwrap_or(key);
        below.contains('/') || !key.ends_with('/')
    })
}

/// What to say when the prefix holds nothing: the prefixes the bucket does have, so that a
/// wrong `--prefix` is plain to see.
fn empty_hint(client: &Client, prefix: &str) -> String {
    let place = format!("bucket {}", client.bucket().name());
    match client.page(&mut Listing::new("").delimiter("/")) {
        Ok(root) => output::empty_hint(prefix, &place, &root.common_prefixes),
        Err(failed) => format!(
            "no objects under {prefix} in {place}; its top level could not be listed: {}",
            explain::unavailable(&failed)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::holds_anything;

    #[test]
    fn a_prefix_holds_something_when_a_delimited_listing_would_show_it() {
        let prefix = "openai_logs/";
        assert!(!holds_anything(prefix, &[]));
        assert!(
            !holds_anything(prefix, &["openai_logs/"]),
            "its own folder marker is nothing"
        );
        assert!(holds_anything(prefix, &["openai_logs/7/"]), "a folder");
        assert!(holds_anything(prefix, &["openai_logs/7/a.txt"]));
        assert!(
            holds_anything(prefix, &["openai_logs/a.txt"]),
            "a key directly in it"
        );
        assert!(holds_anything("", &["a.txt"]));
    }
}
