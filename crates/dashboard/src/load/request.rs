//! The page's runner of s3-read's machines: it signs each request they ask for by the
//! load's (corrected) clock, sends it with the browser's `fetch`, and hands back the status,
//! body and `Date`, or why there was none. Which page to ask next, when to try again, how
//! long to wait and what a failure was are s3-read's, as they are for the CLI.

use std::cell::Cell;

use chrono::{DateTime, Utc};
use s3_presign::{Bucket, Credentials};
use s3_read::{Answer, Ask, Failed, Lost, Machine, Request};

use crate::io::clock::{self, Clock};
use crate::io::http::{self, Refused};
use crate::io::timer;
use crate::state::Store;

/// Signs and sends the requests of one load.
pub struct Requester {
    bucket: Bucket,
    credentials: Credentials,
    clock: Clock,
    store: Store,
    run: u64,
    stopped: Cell<bool>,
    /// Whether some answer of this load could be read: then CORS lets this page read the
    /// storage, and a failed fetch is the network's doing.
    read_any: Cell<bool>,
    /// How many times a request of this load had to be tried again.
    retries: Cell<u64>,
}

impl Requester {
    pub fn new(bucket: Bucket, credentials: Credentials, store: Store, run: u64) -> Self {
        Self {
            bucket,
            credentials,
            clock: Clock::default(),
            store,
            run,
            stopped: Cell::new(false),
            read_any: Cell::new(false),
            retries: Cell::new(0),
        }
    }

    /// How many times a request of this load has had to be tried again so far.
    pub fn retries(&self) -> u64 {
        self.retries.get()
    }

    pub fn bucket(&self) -> &Bucket {
        &self.bucket
    }

    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// Now, by the clock requests are signed with.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn store(&self) -> Store {
        self.store
    }

    pub fn run(&self) -> u64 {
        self.run
    }

    /// Whether this load should go on: it neither failed nor was replaced by a newer one.
    pub fn live(&self) -> bool {
        !self.stopped.get() && self.store.is_current(self.run)
    }

    /// Stops the load; returns whether it was still going (so only the first problem shows).
    pub fn stop(&self) -> bool {
        !self.stopped.replace(true)
    }

    /// Does what `read` asks, for the load, until it yields its next output or fails; `None`
    /// once it is done, or when the load stopped while the read waited to try again.
    pub async fn read<M: Machine>(&self, read: &mut M) -> Option<Result<M::Output, Failed>> {
        drive(read, Via::Load(self)).await
    }

    /// As [`read`](Self::read), for a reader waiting on this one read (a session opened on
    /// its own): signed alike, but tried to the end even if the load stops meanwhile.
    pub async fn read_opened<M: Machine>(&self, read: &mut M) -> Option<Result<M::Output, Failed>> {
        drive(read, Via::Reader(self)).await
    }

    /// The presigned URL of `request`, signed now.
    fn sign(&self, request: &Request) -> String {
        request.presign(&self.bucket, &self.credentials, self.clock.now())
    }

    /// Sets the clock to the storage's time, or when the storage did not say it, to the
    /// `Date` of this page's own host; returns whether that changed the correction.
    async fn correct_clock(&self, server: Option<DateTime<Utc>>) -> bool {
        let server = match server {
            Some(time) => Some(time),
            None => clock::server_time(None, http::own_host_date().await.as_deref()),
        };
        let Some(offset) = server.and_then(|time| self.clock.correct_to(time)) else {
            return false;
        };
        self.store.update_progress(self.run, |p| {
            p.clock_offset_ms = Some(offset);
        });
        true
    }
}

/// Does what `read` asks of a share link's presigned URL, sent as is: there are no keys to
/// sign with, so a request the storage refuses for its time stays refused; and nothing was
/// read from the storage before, so a rejected fetch is CORS if a probe finds it answering.
pub async fn read_link<M: Machine>(url: &str, read: &mut M) -> Option<Result<M::Output, Failed>> {
    drive(read, Via::Link(url)).await
}

/// Whose requests a read sends, and how they are signed.
#[derive(Clone, Copy)]
enum Via<'a> {
    /// The load's: signed with its keys and clock, given up when the load stops.
    Load(&'a Requester),
    /// A reader's, with the load's keys and clock.
    Reader(&'a Requester),
    /// A presigned URL's, sent as it is.
    Link(&'a str),
}

impl<'a> Via<'a> {
    /// The load whose keys and clock sign the requests, if any.
    fn requester(self) -> Option<&'a Requester> {
        match self {
            Self::Load(requester) | Self::Reader(requester) => Some(requester),
            Self::Link(_) => None,
        }
    }

    /// The URL to `GET` for `request`.
    fn url(self, request: &Request) -> String {
        match self {
            Self::Load(requester) | Self::Reader(requester) => requester.sign(request),
            Self::Link(url) => url.to_owned(),
        }
    }

    /// Whether the read should go on trying.
    fn wanted(self) -> bool {
        match self {
            Self::Load(requester) => requester.live(),
            Self::Reader(_) | Self::Link(_) => true,
        }
    }
}

/// The runner's loop: does what `read` asks until it yields an output or fails (`Some`),
/// is done or is no longer wanted (`None`).
async fn drive<M: Machine>(read: &mut M, via: Via<'_>) -> Option<Result<M::Output, Failed>> {
    // The correction the last request was signed with: a refusal of its time is already
    // answered if another request has corrected the clock since.
    let mut signed_with = 0;
    loop {
        let ended = match read.next() {
            Ask::Send(request) => {
                if let Some(requester) = via.requester() {
                    signed_with = requester.clock.offset_ms();
                }
                let got = match http::get(&via.url(&request)).await {
                    Ok(reply) => {
                        if let Some(requester) = via.requester() {
                            requester.read_any.set(true);
                        }
                        Ok(Answer {
                            status: reply.status,
                            body: reply.body,
                            date: reply.date,
                        })
                    }
                    Err(refused) => {
                        let read_any = via.requester().is_some_and(|r| r.read_any.get());
                        Err(lost(refused, read_any))
                    }
                };
                match read.got(got) {
                    Some(result) => return Some(result),
                    None => None,
                }
            }
            Ask::Wait(backoff) => {
                if !via.wanted() {
                    return None;
                }
                if let Some(requester) = via.requester() {
                    requester.retries.set(requester.retries.get() + 1);
                }
                timer::sleep(backoff.wait(js_sys::Math::random()).as_millis() as u32).await;
                None
            }
            Ask::Probe(request) => read.probed(http::answers(&via.url(&request)).await),
            Ask::FixClock(skew) => {
                let fixed = match via.requester() {
                    Some(requester) => {
                        requester.clock.offset_ms() != signed_with
                            || requester.correct_clock(skew.server).await
                    }
                    // A share link's signature is fixed: it cannot be signed again.
                    None => false,
                };
                read.clock_fixed(fixed)
            }
            Ask::Done => return None,
        };
        if let Some(failed) = ended {
            return Some(Err(failed));
        }
    }
}

/// Why a fetch got no whole answer, in s3-read's terms. A rejected fetch is a network
/// failure once this page has read an answer from the storage, which shows CORS lets it in;
/// before that, it may be CORS too, which the machine finds out with a probe.
fn lost(refused: Refused, read_any: bool) -> Lost {
    match refused {
        Refused::TimedOut => Lost::TimedOut("no answer within a minute".to_owned()),
        Refused::Cut(reason) => Lost::BrokeOff(reason),
        Refused::Blocked(reason) if read_any => Lost::Network(reason),
        Refused::Blocked(reason) => Lost::Blocked(reason),
    }
}
