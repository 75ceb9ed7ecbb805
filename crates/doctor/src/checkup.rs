//! The checks in order, as a machine that says what to ask next and takes what came back:
//! the CLI and the browser each run it with their own HTTP, so both make the same requests
//! in the same order and decide alike. It signs every request itself (by the runner's clock,
//! moved to the storage's once the storage refused the runner's), stops after the first
//! failure, and hands out each finding as soon as it is settled.
//!
//! ```text
//! 1 Reach(endpoint)            any answer at all
//! 2 Preflight(listing)         terminal only, and not on the storage's own origin; in a
//!                              browser the listing itself shows CORS
//!   Get(listing)               settles 3 to 5 (and 2 in a browser)
//!   HostDate                   browser only, when the storage refused the time unreadably
//!   Get(listing, re-signed)    when the storage refused this clock and its own is known
//!   Get(buckets)               when the bucket is missing
//! 6 Get(next page)...          counting, up to judge::MAX_PAGES
//!   Get(top level)             when nothing is under the prefix
//! ```

use chrono::{DateTime, Utc};
use s3_presign::{Bucket, Credentials};

use crate::judge::{self, Answer, Tally};
use crate::{clock, requests, Fact, NoReply, Outcome, Unlisted};

/// Who runs the checks: it decides how CORS is seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runner {
    /// Sees every answer; asks a CORS preflight to learn what a browser would be allowed.
    Terminal,
    /// A page on the dashboard's origin: a CORS refusal is a failed fetch.
    Browser,
}

/// What to ask next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// Is anything answering at this URL? (A browser asks with `mode: "no-cors"`.)
    Reach(String),
    /// `OPTIONS` this URL with `Origin: origin` and `Access-Control-Request-Method: GET`.
    Preflight { url: String, origin: String },
    /// `GET` this presigned URL.
    Get(String),
    /// The `Date` of the page's own host (a browser's stand-in for the storage's clock).
    HostDate,
    /// Nothing more: the checks are over.
    Done,
}

/// An HTTP answer to a [`Ask::Get`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Got {
    pub status: u16,
    pub body: Vec<u8>,
    /// The `Date` header, when it could be read.
    pub date: Option<String>,
    /// When it came, by the runner's clock.
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Stage {
    Reach,
    Preflight,
    First,
    HostDate,
    Resigned,
    Buckets,
    Page(String),
    Top,
    Done,
}

/// The checks of one bucket and prefix, from one runner.
pub struct Checkup {
    bucket: Bucket,
    credentials: Credentials,
    prefix: String,
    origin: String,
    runner: Runner,
    stage: Stage,
    /// The answer to the listing signed by the runner's clock, and to the one that counts.
    first: Option<(Answer, Option<String>, DateTime<Utc>)>,
    answer: Option<Answer>,
    offset_ms: Option<i64>,
    /// Added to the runner's clock when signing: the storage's clock minus the runner's,
    /// once the storage refused the runner's.
    shift_ms: i64,
    tally: Tally,
}

impl Checkup {
    /// `prefix` is a folder (`openai_logs/`) or empty; `origin` the dashboard's.
    pub fn new(
        bucket: Bucket,
        credentials: Credentials,
        prefix: &str,
        origin: &str,
        runner: Runner,
    ) -> Self {
        Self {
            bucket,
            credentials,
            prefix: prefix.to_owned(),
            origin: origin.to_owned(),
            runner,
            stage: Stage::Reach,
            first: None,
            answer: None,
            offset_ms: None,
            shift_ms: 0,
            tally: Tally::new(prefix),
        }
    }

    /// What to ask next; `now` is the runner's clock, which requests are signed by.
    pub fn ask(&self, now: DateTime<Utc>) -> Ask {
        let at = now + chrono::Duration::milliseconds(self.shift_ms);
        let listing = |token: Option<&str>| {
            requests::listing(&self.bucket, &self.credentials, &self.prefix, token, at)
        };
        match &self.stage {
            Stage::Reach => Ask::Reach(requests::endpoint_root(&self.bucket)),
            Stage::Preflight => Ask::Preflight {
                url: requests::without_query(&listing(None)).to_owned(),
                origin: self.origin.clone(),
            },
            Stage::First | Stage::Resigned => Ask::Get(listing(None)),
            Stage::HostDate => Ask::HostDate,
            Stage::Buckets => Ask::Get(requests::buckets(&self.bucket, &self.credentials, at)),
            Stage::Page(token) => Ask::Get(listing(Some(token))),
            Stage::Top => Ask::Get(requests::top_level(&self.bucket, &self.credentials, at)),
            Stage::Done => Ask::Done,
        }
    }

    /// The answer to [`Ask::Reach`]: `Ok` with the status when it can be seen, or why there
    /// was none.
    pub fn reached(&mut self, answer: Result<Option<u16>, NoReply>) -> Vec<Fact> {
        let mut facts = vec![judge::reach(answer)];
        self.stage = match self.runner {
            // A preflight would judge rules that a page on the storage's origin never meets.
            Runner::Terminal if self.same_origin() => {
                facts.push(Fact::CorsSameOrigin);
                Stage::First
            }
            Runner::Terminal => Stage::Preflight,
            Runner::Browser => Stage::First,
        };
        self.settle(facts)
    }

    /// Whether the dashboard's origin is the one the listing is asked from.
    fn same_origin(&self) -> bool {
        let storage = format!("{}://{}", self.bucket.scheme(), self.bucket.host());
        crate::site::origin(&self.origin).is_ok_and(|origin| origin == storage)
    }

    /// The answer to [`Ask::Preflight`]: status, `Access-Control-Allow-Origin` and
    /// `Access-Control-Allow-Methods`, or why there was none.
    pub fn preflighted(
        &mut self,
        answer: Result<(u16, Option<String>, Option<String>), NoReply>,
    ) -> Vec<Fact> {
        let fact = match answer {
            Ok((status, origin, methods)) => {
                judge::preflight(&self.origin, status, origin.as_deref(), methods.as_deref())
            }
            Err(reason) => judge::reach(Err(reason)),
        };
        self.stage = Stage::First;
        self.settle(vec![fact])
    }

    /// The answer to [`Ask::Get`], or the reason there was none.
    pub fn got(&mut self, got: Result<Got, NoReply>) -> Vec<Fact> {
        let stage = std::mem::replace(&mut self.stage, Stage::Done);
        let mut facts = Vec::new();
        if stage == Stage::First && self.runner == Runner::Browser {
            // After step 1, a browser that gets no answer was kept from reading it.
            facts.push(judge::browser_cors(
                got.as_ref().map(|_| ()).map_err(Clone::clone),
            ));
        }
        let got = match got {
            Ok(got) => got,
            Err(reason) => {
                facts.extend(self.lost(stage, reason));
                return self.settle(facts);
            }
        };
        if stage == Stage::Buckets {
            let others = judge::bucket_names(got.status, &got.body);
            facts.push(judge::bucket(self.listed(), Some(others)));
            return self.settle(facts);
        }
        let answer = Answer::of_listing(got.status, &got.body);
        match stage {
            Stage::First => {
                self.first = Some((answer, got.date, got.at));
                match self.first_time() {
                    Some(_) => facts.extend(self.after_first()),
                    None => self.stage = Stage::HostDate,
                }
            }
            Stage::Resigned => {
                self.answer = Some(answer);
                facts.extend(self.keys_clock_bucket());
            }
            Stage::Page(_) => match answer.page() {
                Ok(page) => facts.extend(self.count(&page)),
                Err(reason) => facts.push(self.tally.stopped(reason)),
            },
            Stage::Top => facts.push(self.tally.fact(Some(judge::top_level(answer)))),
            _ => {}
        }
        self.settle(facts)
    }

    /// No answer to a GET, after step 1 showed that the storage answers.
    fn lost(&mut self, stage: Stage, reason: NoReply) -> Vec<Fact> {
        let reason = Unlisted::NoReply(reason);
        match stage {
            // A browser's CORS finding already says it.
            Stage::First if self.runner == Runner::Browser => Vec::new(),
            Stage::First | Stage::Resigned => vec![judge::keys(&Answer::NotS3(reason))],
            Stage::Buckets => vec![judge::bucket(self.listed(), Some(Err(reason)))],
            Stage::Page(_) => vec![self.tally.stopped(reason)],
            Stage::Top => vec![self.tally.fact(Some(Err(reason)))],
            _ => Vec::new(),
        }
    }

    /// The listing that settled steps 3 to 5.
    fn listed(&self) -> &Answer {
        self.answer.as_ref().expect("the listing came before")
    }

    /// The answer to [`Ask::HostDate`].
    pub fn host_date(&mut self, date: Option<String>) -> Vec<Fact> {
        if let Some((_, first_date, _)) = &mut self.first {
            *first_date = date;
        }
        let facts = self.after_first();
        self.settle(facts)
    }

    /// The storage's time, if the first answer tells it: `None` asks for the page host's
    /// `Date` first, which only a browser whose request was refused for its time needs.
    fn first_time(&self) -> Option<Option<DateTime<Utc>>> {
        let (answer, date, _) = self.first.as_ref()?;
        let time = clock::server_time(answer.server_time(), date.as_deref());
        let ask_host = time.is_none() && answer.refused_time() && self.runner == Runner::Browser;
        (!ask_host).then_some(time)
    }

    fn after_first(&mut self) -> Vec<Fact> {
        let (answer, date, at) = self.first.clone().expect("the first listing came");
        let server = clock::server_time(answer.server_time(), date.as_deref());
        self.offset_ms = server.map(|server| clock::offset_ms(server, at));
        match self.offset_ms {
            Some(offset) if answer.refused_time() => {
                self.shift_ms = offset;
                self.stage = Stage::Resigned;
                Vec::new()
            }
            _ => {
                self.answer = Some(answer);
                self.keys_clock_bucket()
            }
        }
    }

    fn keys_clock_bucket(&mut self) -> Vec<Fact> {
        let answer = self.answer.clone().expect("the listing came");
        let first = &self.first.as_ref().expect("the first listing came").0;
        let mut facts = vec![judge::keys(&answer), judge::clock(first, self.offset_ms)];
        if facts.iter().any(|f| f.outcome() == Outcome::Fail) {
            return facts;
        }
        if answer.no_such_bucket() {
            self.stage = Stage::Buckets;
            return facts;
        }
        facts.push(judge::bucket(&answer, None));
        if let Answer::Page(page) = &answer {
            facts.extend(self.count(page));
        }
        facts
    }

    fn count(&mut self, page: &s3_presign::ListObjectsV2Page) -> Vec<Fact> {
        match self.tally.add(page) {
            Some(token) => {
                self.stage = Stage::Page(token);
                Vec::new()
            }
            None if self.tally.is_empty() => {
                self.stage = Stage::Top;
                Vec::new()
            }
            None => vec![self.tally.fact(None)],
        }
    }

    /// Keeps the findings up to the first failure, after which there is nothing more to ask.
    fn settle(&mut self, mut facts: Vec<Fact>) -> Vec<Fact> {
        if let Some(fail) = facts.iter().position(|f| f.outcome() == Outcome::Fail) {
            facts.truncate(fail + 1);
            self.stage = Stage::Done;
        }
        facts
    }
}

#[cfg(test)]
mod tests;
