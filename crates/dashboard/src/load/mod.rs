//! The load controller: it runs s3-read's machines over `io`'s fetch and clock and applies
//! what they yield to the state. Settings come in checked ([`Connection`]); signed requests
//! go out through the runner ([`request`]); listing pages ([`list`]) and bodies ([`bodies`])
//! are parsed by s3-presign and session-log; what they yield goes into the [`Store`], which
//! the views read.
//!
//! A load lists the prefix flat, page after page; each page's objects are shown as rows at
//! once, taken from the cache when it holds the same version, else from the bucket's summary
//! index ([`index`]) when it does, and the rest fetched while the listing goes on, as many at
//! once as the link carries ([`lanes`]). [`refresh`] adds what was written since, without
//! starting over.
//!
//! Views reach the load on screen through the [`Loader`] in the context, so that [`open`]
//! can read one session again for its detail, and sign share links, with the same keys and
//! the same corrected clock; [`open`] also reads share links, which need no keys at all.

mod bodies;
pub mod diagnose;
mod index;
mod lanes;
mod list;
pub mod open;
pub mod refresh;
mod request;

use std::cell::Cell;
use std::rc::Rc;

use futures::channel::mpsc;
use futures::StreamExt;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::features::connect::model::Connection;
use crate::io::cache::{self, ledger::Scope};
use crate::io::timer;
use crate::state::problem::{Doing, Place, Problem, Trouble};
use crate::state::rows::Listed;
use crate::state::Store;
use request::Requester;
use s3_read::lanes::Lanes;
use session_log::index::Known;
use session_log::SizeLimit;

/// One load: what it reads, and with what.
struct Load {
    requester: Rc<Requester>,
    prefix: String,
    size_limit: SizeLimit,
    /// Reads kept in flight whatever the link does, when the settings say so.
    lanes: Option<usize>,
    place: Place,
    scope: Scope,
}

impl Load {
    fn store(&self) -> Store {
        self.requester.store()
    }

    fn listing(&self, folder: &str) -> Doing {
        Doing::Listing {
            folder: folder.to_owned(),
            bucket: self.requester.bucket().name().to_owned(),
        }
    }

    /// Stops the load with its first problem: the others are usually the same one again.
    fn fail(&self, doing: Doing, trouble: Trouble) {
        if self.requester.stop() {
            self.store().fail(
                self.requester.run(),
                Problem {
                    doing,
                    trouble,
                    place: self.place.clone(),
                },
            );
        }
    }

    /// Shows listed objects as rows and queues them for reading.
    fn found(&self, sessions: Vec<Listed>, queue: &mpsc::UnboundedSender<Vec<Listed>>) {
        if sessions.is_empty() {
            return;
        }
        self.store().list(self.requester.run(), sessions.clone());
        mark_first_row();
        // Only fails once reading stopped, when nothing more is wanted.
        let _ = queue.unbounded_send(sessions);
    }

    /// Ends the load with totals summed again from its rows; they are shown once it returns.
    async fn finish(&self) {
        if self.requester.live() {
            let store = self.store();
            let totals = store.rows().with_untracked(|r| r.totals());
            store.finish(self.requester.run(), totals).await;
        }
    }
}

thread_local! {
    /// Whether this page has marked its first row yet.
    static FIRST_ROW: Cell<bool> = const { Cell::new(false) };
}

/// The handle views reach the loader by: the load on screen, if any, with its keys and
/// corrected clock. The page provides one ([`Loader::provide`]); a view takes it from the
/// context ([`Loader::get`]) to open one session, sign a share link or refresh. `Copy`.
#[derive(Clone, Copy)]
pub struct Loader {
    current: StoredValue<Option<Rc<Load>>, LocalStorage>,
}

impl Loader {
    /// A loader with no load yet, provided to every view below the caller.
    pub fn provide() -> Self {
        let loader = Self {
            current: StoredValue::new_local(None),
        };
        provide_context(loader);
        loader
    }

    /// The page's loader.
    pub fn get() -> Self {
        expect_context()
    }

    /// The load on screen, if there is one.
    fn current(&self) -> Option<Rc<Load>> {
        self.current.with_value(Option::clone)
    }

    /// Now, by the clock of the load on screen (corrected when the storage said it was off);
    /// `None` before the first "Connect". For views that need today's date, such as a
    /// download's file name.
    pub fn now(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.current().map(|load| load.requester.now())
    }

    /// Starts loading everything under the connection's prefix into `store`, replacing any
    /// load in progress.
    pub fn start(&self, connection: Connection, store: Store) {
        let load = begin(connection, store);
        self.current.set_value(Some(load.clone()));
        spawn_local(async move {
            let (queue, pages) = mpsc::unbounded();
            let (_, cache) = futures::join!(list_all(&load, queue), take_in(&load, pages));
            if load.requester.live() {
                load.finish().await;
                mark("logscope:totals");
            }
            if let Some(cache) = cache {
                cache.settle().await;
            }
        });
    }
}

/// Listings of drawing folders at once, in a refresh.
const LISTING_LANES: usize = 2;

/// Marks a point of the load for benchmarks, as `performance.mark(name)`.
fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// `logscope:first-row`, once per page: the first session row is in the table's data.
fn mark_first_row() {
    if !FIRST_ROW.replace(true) {
        mark("logscope:first-row");
    }
}

/// A new load of `connection` into `store`, numbered by the store.
fn begin(connection: Connection, store: Store) -> Rc<Load> {
    let run = store.begin(connection.place());
    let Connection {
        bucket,
        credentials,
        prefix,
        endpoint,
        size_limit,
        lanes,
    } = connection;
    let scope = Scope {
        endpoint: endpoint.clone(),
        bucket: bucket.name().to_owned(),
    };
    let place = Place {
        endpoint,
        bucket: bucket.name().to_owned(),
        region: bucket.region().to_owned(),
        access_key: credentials.access_key().to_owned(),
        prefix: prefix.clone(),
        origin: web_sys::window()
            .and_then(|window| window.location().origin().ok())
            .unwrap_or_default(),
    };
    Rc::new(Load {
        requester: Rc::new(Requester::new(bucket, credentials, store, run)),
        prefix,
        size_limit,
        lanes,
        place,
        scope,
    })
}

/// Lists the whole prefix, flat; an empty one is explained with what the bucket's top
/// level holds.
async fn list_all(load: &Load, queue: mpsc::UnboundedSender<Vec<Listed>>) {
    let (requester, prefix) = (&*load.requester, load.prefix.as_str());
    let any = Cell::new(false);
    let listed = list::after(requester, prefix, None, |objects| {
        any.set(any.get() || !objects.is_empty());
        load.found(list::sessions(prefix, objects), &queue);
    })
    .await;
    queue.close_channel();
    match listed {
        Err(failed) => load.fail(load.listing(prefix), failed.failure.into()),
        Ok(()) if !any.get() && requester.live() => {
            let top = list::top(requester, "")
                .await
                .map(|(folders, _)| folders)
                .map_err(|failed| failed.failure);
            load.fail(load.listing(prefix), Trouble::EmptyPrefix { top });
        }
        Ok(()) => {
            // For `make bench`: the listing's last page is in (the 100,000-session run
            // times it).
            mark("logscope:listed");
            load.store()
                .update_progress(requester.run(), |p| p.listing = false);
        }
    }
}

/// Reads every page `pages` brings: from the cache what it holds, then from the summary index
/// what it holds, the rest from the bucket.
/// Returns the cache, with what was read still to be written ([`cache::Cache::settle`]).
async fn take_in(
    load: &Load,
    pages: mpsc::UnboundedReceiver<Vec<Listed>>,
) -> Option<Rc<cache::Cache>> {
    let requester = &*load.requester;
    // Opened once per page; the listing goes on meanwhile.
    let cache = cache::get().await;
    let (keys, queue) = mpsc::unbounded::<Listed>();
    let sort = async {
        let mut pages = pages;
        // The summary index is read at the first object the cache does not hold: a warm
        // load never downloads it.
        let mut known: Option<Known> = None;
        while let Some(page) = pages.next().await {
            let mut missing = match &cache {
                Some(cache) => bodies::from_cache(requester, &load.scope, cache, page).await,
                None => page,
            };
            if !missing.is_empty() {
                if known.is_none() {
                    let read = index::read(requester, &load.prefix).await;
                    let (store, run) = (load.store(), requester.run());
                    store.update_progress(run, |p| p.unused_parts = read.unused);
                    known = Some(read.known);
                }
                if let Some(known) = known.as_mut() {
                    let keep = cache.as_ref().map(|cache| (cache, &load.scope));
                    missing = bodies::from_index(requester, known, keep, missing).await;
                }
            }
            for listed in missing {
                let _ = keys.unbounded_send(listed);
            }
        }
        keys.close_channel();
    };
    let (store, run, began) = (load.store(), requester.run(), timer::now_ms());
    store.update_progress(run, |p| {
        (p.fetched, p.fetched_bytes, p.fetched_ms) = (0, 0, 0);
    });
    let lanes = match load.lanes {
        Some(fixed) => Lanes::fixed(fixed),
        None => Lanes::adaptive(began),
    };
    let read = lanes::read_all(
        queue,
        lanes,
        || requester.retries(),
        |limit| store.update_progress(run, |p| p.lanes = limit),
        |listed| async {
            if let Err((doing, failure)) = bodies::read(
                requester,
                &load.scope,
                cache.as_ref(),
                load.size_limit,
                listed,
                began,
            )
            .await
            {
                load.fail(doing, failure.into());
            }
        },
    );
    futures::join!(sort, read);
    cache
}
