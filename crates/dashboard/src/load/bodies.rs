//! Reading listed objects: from the cache when it holds the same version ([`from_cache`]),
//! else from the bucket's summary index when it does ([`from_index`]), else fetched and parsed with session-log ([`read`]), added to the store at once so that
//! totals grow as bodies arrive, and kept in the cache for the next visit. The final totals
//! are summed again from the rows, in key order (see [`crate::state::rows::Rows::totals`]).

use std::collections::HashMap;
use std::rc::Rc;

use s3_read::{Failure, Fetch};
use session_log::index::Known;
use session_log::{Loaded, SizeLimit};

use super::request::Requester;
use crate::io::cache::{self, ledger::Scope, Cache};
use crate::state::problem::Doing;
use crate::state::rows::Listed;

/// Cached summaries taken into the store in one task: a whole listing page of 1,000 in one
/// task is longer than the 50 ms that keeps the page responsive.
const FROM_CACHE_AT_ONCE: usize = 250;

/// Adds to the store every object of `page` whose summary the cache holds for the version
/// listed, priced with the table in force; returns the others, to be fetched.
pub async fn from_cache(
    requester: &Requester,
    scope: &Scope,
    cache: &Cache,
    page: Vec<Listed>,
) -> Vec<Listed> {
    let keys: Vec<&str> = page.iter().map(|l| l.key.key.as_str()).collect();
    let mut kept = Vec::new();
    // The type the rows already use for their index: no more code for another map.
    let mut index: HashMap<String, usize> = HashMap::new();
    for (key, validator, bytes) in cache.lookup(scope, &keys).await {
        index.insert(key, kept.len());
        kept.push((validator, bytes));
    }
    if kept.is_empty() || !requester.live() {
        return page;
    }
    let (store, run) = (requester.store(), requester.run());
    let prices = store.price_table();
    let mut missing = Vec::new();
    for (at, listed) in page.into_iter().enumerate() {
        if at > 0 && at % FROM_CACHE_AT_ONCE == 0 {
            crate::io::timer::sleep(0).await;
        }
        let entry = index.get(&listed.key.key).map(|&i| &kept[i]);
        let found = match (entry, listed.validator()) {
            (Some((validator, bytes)), Some(listed_as)) if *validator == listed_as => {
                cache::decode(listed.key.clone(), bytes)
            }
            _ => None,
        };
        match found {
            Some(mut loaded) => {
                if let Loaded::Session(summary) = &mut loaded {
                    summary.reprice(&prices);
                }
                store.add(run, &loaded);
            }
            None => missing.push(listed),
        }
    }
    missing
}

/// Adds to the store every object of `page` that the bucket's summary index holds in the
/// version listed, priced with the table in force, and keeps it in the cache when there is
/// one, so that the next visit needs neither the object nor the index; returns the others,
/// to be fetched.
pub async fn from_index(
    requester: &Requester,
    known: &mut Known,
    keep: Option<(&Rc<Cache>, &Scope)>,
    page: Vec<Listed>,
) -> Vec<Listed> {
    if known.is_empty() || !requester.live() {
        return page;
    }
    let (store, run) = (requester.store(), requester.run());
    let prices = store.price_table();
    let mut missing = Vec::new();
    let mut taken = 0;
    for listed in page {
        match known.take(&listed.key.key, listed.etag.as_deref()) {
            Some(mut loaded) => {
                if let Loaded::Session(summary) = &mut loaded {
                    summary.reprice(&prices);
                }
                store.add(run, &loaded);
                if let (Some((cache, scope)), Some(validator)) = (keep, listed.validator()) {
                    cache.keep(scope, &listed.key, validator, &loaded);
                }
                taken += 1;
                crate::io::timer::yield_when_busy().await;
            }
            None => missing.push(listed),
        }
    }
    store.update_progress(run, |p| p.indexed += taken);
    missing
}

/// Fetches `listed` into the store (and the cache, when there is one), counted for the rate
/// of the reading that began at `began_ms` ([`crate::io::timer::now_ms`]). An object that
/// cannot be fetched, or is listed larger than `limit`, is recorded as unavailable with why;
/// a failure every other request would meet too is returned, with what was being done, to
/// stop the load.
pub async fn read(
    requester: &Requester,
    scope: &Scope,
    cache: Option<&Rc<Cache>>,
    limit: SizeLimit,
    listed: Listed,
    began_ms: f64,
) -> Result<(), (Doing, Failure)> {
    if !requester.live() {
        return Ok(());
    }
    let (store, run) = (requester.store(), requester.run());
    let key = listed.key.clone();
    // What is recorded is the last try's failure, without how many tries it took; a refusal
    // for size is kept as session-log's, which the totals share with `logscope stats`.
    let mut fetch = match Fetch::new(&key.key, listed.size, limit) {
        Ok(fetch) => fetch,
        Err(refused) => {
            let too_large = match &refused.failure {
                Failure::TooLarge { size, limit } => limit.refuses(*size),
                _ => None,
            };
            match too_large {
                Some(refusal) => store.add_too_large(run, &key.key, refusal),
                None => store.add_unavailable(run, &key.key, refused.failure),
            }
            return Ok(());
        }
    };
    match requester.read(&mut fetch).await {
        Some(Ok(bytes)) => {
            let elapsed = crate::io::timer::now_ms() - began_ms;
            store.fetched(run, bytes.len() as u64, elapsed.max(0.0) as u64);
            crate::io::timer::yield_when_busy().await;
            // Priced with the table in force now that the body is here: a price file applied
            // while it was on its way repriced everything read before it.
            let loaded = session_log::load(key, &bytes, &store.price_table());
            store.add(run, &loaded);
            if let (Some(cache), Some(validator)) = (cache, listed.validator()) {
                cache.keep(scope, &listed.key, validator, &loaded);
            }
            Ok(())
        }
        Some(Err(failed)) if failed.failure.is_fatal() => {
            Err((Doing::Reading { key: key.key }, failed.failure))
        }
        Some(Err(failed)) => {
            store.add_unavailable(run, &key.key, failed.failure);
            Ok(())
        }
        // The load stopped.
        None => Ok(()),
    }
}
