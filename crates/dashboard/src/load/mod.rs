//! The loader: the only code in the dashboard that talks to the network, and the only one
//! that reads the clock. Settings come in checked ([`Connection`]); signed requests go out
//! ([`request`]); listing pages ([`list`]) and bodies ([`bodies`]) are parsed by s3-presign
//! and session-log; what they yield goes into the [`Store`], which the views read.
//!
//! A load lists the prefix flat, page after page; each page's objects are shown as rows at
//! once, taken from the cache when it holds the same version, and the rest fetched up to
//! [`READING_LANES`] at a time while the listing goes on. [`refresh`] adds what was written
//! since, without starting over.
//!
//! The load on screen is kept, so that [`open`] can read one session again for its detail,
//! and sign share links, with the same keys and the same corrected clock; [`open`] also
//! reads share links, which need no keys at all.

mod bodies;
pub mod diagnose;
mod list;
pub mod open;
pub mod refresh;
mod request;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use futures::channel::mpsc;
use futures::StreamExt;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::features::connect::model::Connection;
use crate::io::cache::{self, ledger::Scope};
use crate::state::problem::{Doing, Place, Problem, Trouble};
use crate::state::rows::Listed;
use crate::state::Store;
use request::Requester;
use session_log::SizeLimit;

/// One load: what it reads, and with what.
struct Load {
    requester: Rc<Requester>,
    prefix: String,
    size_limit: SizeLimit,
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
    /// The load on screen.
    static CURRENT: RefCell<Option<Rc<Load>>> = const { RefCell::new(None) };
    /// Whether this page has marked its first row yet.
    static FIRST_ROW: Cell<bool> = const { Cell::new(false) };
}

/// The load on screen, if there is one.
fn current() -> Option<Rc<Load>> {
    CURRENT.with(|current| current.borrow().clone())
}

/// Now, by the clock of the load on screen (corrected when the storage said it was off);
/// `None` before the first "Connect". For views that need today's date, such as a download's
/// file name.
pub fn now() -> Option<chrono::DateTime<chrono::Utc>> {
    current().map(|load| load.requester.now())
}

/// Listings of drawing folders at once, in a refresh.
const LISTING_LANES: usize = 2;
/// Bodies fetched at once. Chromium opens at most six HTTP/1.1 connections to one host;
/// two more keep a request waiting for each connection that frees up. Measured cold (empty
/// cache) on 2,000 generated sessions against local-s3 in headless Chromium, on 2 cores
/// shared with other work (load average 10 to 17, hence the spread), seconds from the first
/// request to complete totals over four runs each: 4 lanes 22.9, 31.0, 34.2, 43.8 (median
/// 32.6); 6 lanes 19.9, 22.4, 30.9, 40.1 (median 26.7); 8 lanes 20.1, 21.8, 22.9, 59.1
/// (median 22.4).
const READING_LANES: usize = 8;

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

/// Starts loading everything under the connection's prefix into `store`, replacing any
/// load in progress.
pub fn start(connection: Connection, store: Store) {
    let run = store.begin(connection.place());
    let Connection {
        bucket,
        credentials,
        prefix,
        endpoint,
        size_limit,
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
    let load = Rc::new(Load {
        requester: Rc::new(Requester::new(bucket, credentials, store, run)),
        prefix,
        size_limit,
        place,
        scope,
    });
    CURRENT.with(|current| *current.borrow_mut() = Some(load.clone()));
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
                .map_err(|failed| failed.failure.to_string());
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

/// Reads every page `pages` brings: from the cache what it holds, the rest from the bucket.
/// Returns the cache, with what was read still to be written ([`cache::Cache::settle`]).
async fn take_in(
    load: &Load,
    pages: mpsc::UnboundedReceiver<Vec<Listed>>,
) -> Option<Rc<cache::Cache>> {
    let requester = &*load.requester;
    // Opened once per page; the listing goes on meanwhile.
    let cache = cache::get().await;
    if let Some(cache) = &cache {
        cache.begin_load();
    }
    let (keys, queue) = mpsc::unbounded::<Listed>();
    let sort = async {
        let mut pages = pages;
        while let Some(page) = pages.next().await {
            let missing = match &cache {
                Some(cache) => bodies::from_cache(requester, &load.scope, cache, page).await,
                None => page,
            };
            for listed in missing {
                let _ = keys.unbounded_send(listed);
            }
        }
        keys.close_channel();
    };
    let read = queue.for_each_concurrent(READING_LANES, |listed| async {
        if let Err((doing, failure)) = bodies::read(
            requester,
            &load.scope,
            cache.as_ref(),
            load.size_limit,
            listed,
        )
        .await
        {
            load.fail(doing, failure.into());
        }
    });
    futures::join!(sort, read);
    cache
}
