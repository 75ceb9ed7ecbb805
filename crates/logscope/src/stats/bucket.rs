//! The bucket form: list the prefix with delimiter `/` to find the drawing folders (and any
//! object directly under it), hand the folders to the workers, and add up what they load.

use super::args::StatsArgs;
use super::client::Client;
use super::pool::{self, Event, Job};
use super::progress::Progress;
use super::{explain, output};
use crate::UsageError;
use s3_presign::UrlStyle;
use session_log::{Loaded, PriceTable, Totals};
use std::sync::Arc;

pub fn collect(
    args: &StatsArgs,
    prefix: &str,
    prices: PriceTable,
    totals: &mut Totals,
) -> Result<(), UsageError> {
    let bucket = args.bucket.resolve(UrlStyle::Path)?;
    let credentials = args.credentials.resolve()?;
    let workers = usize::from(args.concurrency);
    let client = Arc::new(Client::new(bucket, credentials, workers));

    let (folders, keys) = list_top(&client, prefix)?;
    let direct = pool::sessions(prefix, keys);
    if folders.is_empty() && direct.is_empty() {
        eprintln!("logscope: {}", empty_hint(&client, prefix));
        return Ok(());
    }
    let progress = Progress::new();
    progress.found(direct.len() as u64);
    let mut jobs: Vec<Job> = folders
        .into_iter()
        .map(|folder| Job::List {
            folder,
            token: None,
        })
        .collect();
    jobs.extend(direct.into_iter().map(Job::Get));

    let (queue, events) = pool::start(client, prefix, jobs, workers, prices);
    // Added in key order once all have arrived: floating-point sums then come out the same to
    // the last bit on every run, and the same as the dashboard's.
    let mut arrived: Vec<Loaded> = Vec::new();
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
    arrived.sort_by(|a, b| loaded_key(a).cmp(loaded_key(b)));
    for loaded in &arrived {
        totals.add(loaded);
    }
    Ok(())
}

fn loaded_key(loaded: &Loaded) -> &str {
    match loaded {
        Loaded::Session(summary) => &summary.key.key,
        Loaded::Invalid { key, .. } => key,
    }
}

/// The drawing folders under `prefix`, and the keys directly in it, over every page.
fn list_top(client: &Client, prefix: &str) -> Result<(Vec<String>, Vec<String>), UsageError> {
    let (mut folders, mut keys) = (Vec::new(), Vec::new());
    let mut token: Option<String> = None;
    loop {
        let page = client
            .list_page(prefix, Some("/"), token.as_deref())
            .map_err(|failed| {
                let doing = format!("listing {prefix} in bucket {}", client.bucket().name());
                UsageError(explain::line(&failed, &doing, client))
            })?;
        folders.extend(page.common_prefixes);
        keys.extend(page.contents.into_iter().map(|o| o.key));
        match page.next_continuation_token {
            Some(next) if page.is_truncated && token.as_ref() != Some(&next) => token = Some(next),
            _ => return Ok((folders, keys)),
        }
    }
}

/// What to say when the prefix holds nothing: the prefixes the bucket does have, so that a
/// wrong `--prefix` is plain to see.
fn empty_hint(client: &Client, prefix: &str) -> String {
    let place = format!("bucket {}", client.bucket().name());
    match client.list_page("", Some("/"), None) {
        Ok(root) => output::empty_hint(prefix, &place, &root.common_prefixes),
        Err(failed) => format!(
            "no objects under {prefix} in {place}; its top level could not be listed: {}",
            explain::unavailable(&failed)
        ),
    }
}
