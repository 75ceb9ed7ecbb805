//! The loader: the only code in the dashboard that talks to the network, and the only one
//! that reads the clock. Settings come in checked ([`Connection`]); signed requests go out
//! ([`request`]); listing pages ([`list`]) and bodies ([`bodies`]) are parsed by s3-presign
//! and session-log; what they yield goes into the [`Store`], which the views read.
//!
//! A load lists the drawing folders, then lists them [`LISTING_LANES`] at a time while up
//! to [`READING_LANES`] bodies are fetched as soon as their keys are known: listing is never
//! stuck behind thousands of bodies, and at most eight requests are ever in flight.
//!
//! The requester of the load on screen is kept, so that [`open`] can read one session again
//! for its detail, and sign share links, with the same keys and the same corrected clock;
//! [`open`] also reads share links, which need no keys at all.

mod bodies;
pub mod clock;
pub mod config;
pub mod diagnose;
mod http;
mod list;
pub mod open;
mod request;

use std::cell::RefCell;
use std::rc::Rc;

use futures::channel::mpsc;
use futures::{stream, StreamExt};
use leptos::task::spawn_local;
use session_log::SessionKey;

use crate::problem::{Doing, Place, Problem, Trouble};
use crate::rows::Listed;
use crate::settings::Connection;
use crate::store::Store;
use bodies::Outcomes;
use request::Requester;

thread_local! {
    /// The requester of the load on screen: opening one session and making share links sign
    /// with the same keys and the same corrected clock.
    static CURRENT: RefCell<Option<Rc<Requester>>> = const { RefCell::new(None) };
}

/// The requester of the load on screen, if there is one.
fn current() -> Option<Rc<Requester>> {
    CURRENT.with(|current| current.borrow().clone())
}

/// Now, by the clock of the load on screen (corrected when the storage said it was off);
/// `None` before the first "Connect". For views that need today's date, such as a download's
/// file name.
pub fn now() -> Option<chrono::DateTime<chrono::Utc>> {
    current().map(|requester| requester.now())
}

/// Folders listed at once.
const LISTING_LANES: usize = 2;
/// Bodies fetched at once. Browsers open at most six HTTP/1.1 connections per host anyway.
const READING_LANES: usize = 6;

/// Starts loading everything under the connection's prefix into `store`, replacing any
/// load in progress.
pub fn start(connection: Connection, store: Store) {
    let run = store.begin(connection.place());
    let Connection {
        bucket,
        credentials,
        prefix,
        endpoint,
    } = connection;
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
    let requester = Rc::new(Requester::new(bucket, credentials, store, run));
    CURRENT.with(|current| *current.borrow_mut() = Some(requester.clone()));
    spawn_local(load(requester, prefix, place));
}

async fn load(requester: Rc<Requester>, prefix: String, place: Place) {
    let requester = &*requester;
    let prefix = prefix.as_str();
    let (store, run) = (requester.store(), requester.run());
    let listing = |folder: &str| Doing::Listing {
        folder: folder.to_owned(),
        bucket: requester.bucket().name().to_owned(),
    };
    // Only the first problem is shown: the others are usually the same one again.
    let fail = |doing: Doing, trouble: Trouble| {
        if requester.stop() {
            store.fail(
                run,
                Problem {
                    doing,
                    trouble,
                    place: place.clone(),
                },
            );
        }
    };

    let (folders, direct) = match list::top(requester, prefix).await {
        Ok(found) => found,
        Err(failure) => return fail(listing(prefix), failure.into_trouble()),
    };
    let direct = list::sessions(prefix, direct);
    if folders.is_empty() && direct.is_empty() {
        let top = list::top(requester, "")
            .await
            .map(|(folders, _)| folders)
            .map_err(|failure| failure.reason());
        return fail(listing(prefix), Trouble::EmptyPrefix { top });
    }

    let (keys, queue) = mpsc::unbounded::<SessionKey>();
    let found = |sessions: Vec<Listed>| {
        for listed in &sessions {
            // Only fails once reading stopped, when nothing more is wanted.
            let _ = keys.unbounded_send(listed.key.clone());
        }
        store.list(run, sessions);
    };
    found(direct);

    let list_folders = async {
        stream::iter(folders)
            .for_each_concurrent(LISTING_LANES, |folder| async move {
                let listed = list::folder(requester, &folder, |objects| {
                    found(list::sessions(prefix, objects));
                })
                .await;
                if let Err(failure) = listed {
                    fail(listing(&folder), failure.into_trouble());
                }
            })
            .await;
        // Closing the queue lets reading end once it is empty.
        keys.close_channel();
        store.progress(run, |p| p.listing = false);
    };

    let outcomes = Outcomes::default();
    let read_bodies = queue.for_each_concurrent(READING_LANES, |key| async {
        if let Err((doing, failure)) = bodies::read(requester, key, &outcomes).await {
            fail(doing, failure.into_trouble());
        }
    });

    futures::join!(list_folders, read_bodies);
    if requester.live() {
        store.finish(run, outcomes.totals(&store.price_table()));
    }
}
