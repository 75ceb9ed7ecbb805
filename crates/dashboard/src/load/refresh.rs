//! "Refresh": adds what was written since the load on screen, without clearing the table.
//!
//! It lists the drawing folders (one listing with delimiter `/`, which also gives objects
//! directly under the prefix), then each folder with `StartAfter` set to the greatest key
//! already seen in it; a folder not seen before is listed whole. Only the objects found that
//! way are read, and the totals are summed again over every row.
//!
//! Why one `StartAfter` per folder: new sessions land in their drawing's folder, and within
//! a folder the writer's keys grow as sessions of a kind follow one another, so the keys
//! after the last one seen are the new ones. A single `StartAfter` over the flat listing
//! would miss every new folder (a new drawing) that sorts before the greatest key seen.
//! A key that sorts before its folder's last (a new session type or task id in an old
//! drawing) is not found by a refresh; reloading the page finds it, and with the cache it
//! still fetches only the new objects.

use std::collections::BTreeSet;
use std::rc::Rc;

use futures::channel::mpsc;
use futures::{stream, StreamExt};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{list, take_in, Load, Loader, LISTING_LANES};
use crate::state::rows::Listed;

impl Loader {
    /// Whether there is a finished load to refresh.
    pub fn can_refresh(&self) -> bool {
        self.current().is_some_and(|load| load.requester.live())
    }

    /// Starts a refresh of the load on screen; nothing happens without one.
    pub fn refresh(&self) {
        let Some(load) = self.current().filter(|load| load.requester.live()) else {
            return;
        };
        load.store().resume(load.requester.run());
        spawn_local(async move {
            let (queue, pages) = mpsc::unbounded();
            let (_, cache) = futures::join!(list_new(&load, queue), take_in(&load, pages));
            load.finish().await;
            if let Some(cache) = cache {
                cache.settle().await;
            }
        });
    }
}

/// Lists what the rows do not hold yet.
async fn list_new(load: &Rc<Load>, queue: mpsc::UnboundedSender<Vec<Listed>>) {
    let (requester, prefix) = (&*load.requester, load.prefix.as_str());
    let known: BTreeSet<String> = load.store().rows().with_untracked(|rows| {
        rows.all()
            .iter()
            .map(|row| row.summary.key.key.clone())
            .collect()
    });
    let new = |objects| {
        let mut sessions = list::sessions(prefix, objects);
        sessions.retain(|listed| !known.contains(&listed.key.key));
        sessions
    };
    match list::top(requester, prefix).await {
        Err(failed) => load.fail(load.listing(prefix), failed.failure.into()),
        Ok((folders, direct)) => {
            load.found(new(direct), &queue);
            let after = start_after(&folders, &known);
            stream::iter(folders.into_iter().zip(after))
                .for_each_concurrent(LISTING_LANES, |(folder, after)| {
                    let (new, queue) = (&new, &queue);
                    async move {
                        let start = after.as_deref();
                        let listed = list::after(requester, &folder, start, |objects| {
                            load.found(new(objects), queue);
                        })
                        .await;
                        if let Err(failed) = listed {
                            load.fail(load.listing(&folder), failed.failure.into());
                        }
                    }
                })
                .await;
        }
    }
    queue.close_channel();
    load.store()
        .update_progress(requester.run(), |p| p.listing = false);
}

/// For each folder (a common prefix ending in `/`), the greatest key of `known` in it;
/// `None` for a folder not seen before, which is listed whole. Keys compare as S3 sorts
/// them: by bytes.
pub fn start_after(folders: &[String], known: &BTreeSet<String>) -> Vec<Option<String>> {
    folders
        .iter()
        .map(|folder| {
            // Every key in `a/7/` sorts before `a/70`: `/` is the byte just before `0`.
            let end = format!("{}0", folder.strip_suffix('/')?);
            known
                .range::<str, _>((
                    std::ops::Bound::Included(folder.as_str()),
                    std::ops::Bound::Excluded(end.as_str()),
                ))
                .next_back()
                .cloned()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_folder_resumes_after_its_own_greatest_key() {
        let known: BTreeSet<String> = [
            "logs/7/b_1.txt",
            "logs/7/a_2.txt",
            "logs/7/sub/z.txt",
            "logs/70/a.txt",
            "logs/8/c.txt",
            "logs/direct.txt",
        ]
        .map(String::from)
        .into();
        let folders = ["logs/7/", "logs/70/", "logs/9/", "logs/1/"].map(String::from);
        let after = start_after(&folders, &known);
        assert_eq!(
            after,
            [
                // Deeper keys are in the folder.
                Some("logs/7/sub/z.txt".to_owned()),
                // Not confused with logs/7/.
                Some("logs/70/a.txt".to_owned()),
                // New folders are listed whole, one that sorts first too.
                None,
                None,
            ]
        );
    }
}
