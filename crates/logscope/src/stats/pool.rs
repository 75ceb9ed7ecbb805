//! The bucket form's workers: `--concurrency` threads that list the prefix page by page
//! and fetch every object found, so that no more requests than that are ever in
//! flight. Each object is parsed by the worker that fetched it (the parsing is pure, and
//! this spreads it over the cores); the caller receives [`Event`]s.

use super::client::Client;
use super::explain;
use s3_presign::ObjectEntry;
use s3_read::{Fetch, Listing};
use session_log::{KeyKind, Loaded, PriceTable, SessionKey};
use std::collections::VecDeque;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Condvar, Mutex};

pub enum Job {
    /// The next page of `listing`, a flat listing of `folder`.
    List { folder: String, listing: Listing },
    /// An object, with its size when the listing gave one.
    Get(SessionKey, Option<u64>),
}

pub enum Event {
    /// More objects to fetch were found.
    Found(u64),
    Loaded(Loaded),
    Unavailable {
        key: String,
        reason: String,
    },
    /// The run cannot go on; the line says why.
    Fatal(String),
}

/// Jobs waiting, and how many are being worked on: the work is done when both are zero.
#[derive(Default)]
struct State {
    jobs: VecDeque<Job>,
    busy: usize,
    stopped: bool,
}

#[derive(Default)]
pub struct Queue {
    state: Mutex<State>,
    changed: Condvar,
}

impl Queue {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Listing goes first: it is what finds the rest of the work.
    fn push(&self, job: Job) {
        let mut state = self.lock();
        match job {
            Job::List { .. } => state.jobs.push_front(job),
            Job::Get(..) => state.jobs.push_back(job),
        }
        self.changed.notify_one();
    }

    /// The next job, or `None` once everything is done or the run was stopped.
    fn take(&self) -> Option<Job> {
        let mut state = self.lock();
        loop {
            if state.stopped {
                return None;
            }
            if let Some(job) = state.jobs.pop_front() {
                state.busy += 1;
                return Some(job);
            }
            if state.busy == 0 {
                // Wake the others so they see it too.
                self.changed.notify_all();
                return None;
            }
            state = self.changed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn finished_one(&self) {
        let mut state = self.lock();
        state.busy -= 1;
        if state.busy == 0 && state.jobs.is_empty() {
            self.changed.notify_all();
        }
    }

    /// Workers finish the request in hand and take no more.
    pub fn stop(&self) {
        self.lock().stopped = true;
        self.changed.notify_all();
    }
}

/// Starts `workers` threads on `jobs`. The receiver ends when all the work is done; after a
/// [`Event::Fatal`], call [`Queue::stop`].
pub fn start(
    client: Arc<Client>,
    prefix: &str,
    jobs: Vec<Job>,
    workers: usize,
    prices: PriceTable,
) -> (Arc<Queue>, Receiver<Event>) {
    let queue = Arc::new(Queue::default());
    for job in jobs {
        queue.push(job);
    }
    // Bounded, so that fetched objects wait in the network rather than in memory.
    let (events, receiver) = mpsc::sync_channel(workers * 4);
    let prices = Arc::new(prices);
    for _ in 0..workers {
        let worker = Worker {
            client: Arc::clone(&client),
            queue: Arc::clone(&queue),
            prices: Arc::clone(&prices),
            prefix: prefix.to_owned(),
            events: events.clone(),
        };
        // Not joined: after a fatal error the process exits without waiting for requests
        // still in flight.
        std::thread::spawn(move || worker.run());
    }
    (queue, receiver)
}

struct Worker {
    client: Arc<Client>,
    queue: Arc<Queue>,
    prices: Arc<PriceTable>,
    prefix: String,
    events: SyncSender<Event>,
}

impl Worker {
    fn run(self) {
        while let Some(job) = self.queue.take() {
            let event = match job {
                Job::List { folder, listing } => self.list(folder, listing),
                Job::Get(key, size) => self.get(key, size),
            };
            let sent = self.events.send(event);
            self.queue.finished_one();
            if sent.is_err() {
                return; // The receiver is gone: the run ended.
            }
        }
    }

    fn list(&self, folder: String, mut listing: Listing) -> Event {
        let page = match self.client.page(&mut listing) {
            Ok(page) => page,
            Err(failed) => {
                let doing = format!("listing {folder} in bucket {}", self.client.bucket().name());
                return Event::Fatal(explain::line(&failed, &doing, &self.client));
            }
        };
        if !listing.finished() {
            self.queue.push(Job::List { folder, listing });
        }
        let mut found = 0;
        for job in sessions(&self.prefix, page.contents) {
            self.queue.push(job);
            found += 1;
        }
        Event::Found(found)
    }

    fn get(&self, key: SessionKey, size: Option<u64>) -> Event {
        let fetched = Fetch::new(&key.key, size, self.client.size_limit())
            .and_then(|fetch| self.client.get(fetch));
        match fetched {
            Ok(bytes) => Event::Loaded(session_log::load(key, &bytes, &self.prices)),
            Err(failed) if failed.failure.is_fatal() => {
                let doing = format!("reading {}", key.key);
                Event::Fatal(explain::line(&failed, &doing, &self.client))
            }
            Err(failed) => Event::Unavailable {
                reason: explain::unavailable(&failed),
                key: key.key,
            },
        }
    }
}

/// A job for each listed object that is a session; folder markers (`…/`) are not fetched.
pub fn sessions(prefix: &str, objects: impl IntoIterator<Item = ObjectEntry>) -> Vec<Job> {
    objects
        .into_iter()
        .filter_map(|object| match session_log::parse_key(prefix, &object.key) {
            KeyKind::Session(session) => Some(Job::Get(session, object.size)),
            KeyKind::Folder | KeyKind::Own => None,
        })
        .collect()
}
