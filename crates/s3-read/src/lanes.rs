//! How many reads to keep in flight, found while reading rather than set.
//!
//! Over HTTP/1.1 a browser opens six connections to a host, so more than a few reads at once
//! only wait in its queue; over HTTP/2 one connection carries as many as the server allows
//! (about 150 at Sealos's ingress), and with the storage tens of milliseconds away every
//! read in flight adds throughput until the bandwidth or the CPU runs out. No one setting
//! suits both, and the page cannot ask which protocol it got (`nextHopProtocol` is hidden
//! from cross-origin pages unless the storage sends `Timing-Allow-Origin`, and MinIO does
//! not). So [`Lanes`] starts at what HTTP/1.1 can use, doubles while the reads finished per
//! second rise with it, settles where they stop rising, and halves when a read needed to be
//! tried again (a `503 SlowDown`, an error, a timeout, a dropped connection): the storage or
//! the link is saying it has too much.
//!
//! The rate a page sees is noisy: the browser, other tabs and the machine's other work take
//! the CPU in bursts, and a burst makes a window slow whatever the limit. A limit is judged
//! on the better of two windows, since a burst only ever slows one down (so a first window
//! that already shows the gain settles it, and the climb takes one window a double when
//! the link pays); and settled lanes
//! try the double again from time to time, so one unlucky judgement does not hold them low
//! for the rest of a long load. The cost falls on HTTP/1.1: a burst that ends while a double
//! is judged makes it look paid, so there the lanes drift up, and the reads past six wait in
//! the browser's queue instead of the page's, reading no slower.
//!
//! Sans-IO like the rest of the crate: the runner says when each read finished, by its own
//! clock, and whether the queue ran dry.

/// Where the lanes start: Chromium's six HTTP/1.1 connections to a host, and two more so
/// that a connection that frees up finds a request waiting.
pub const START: usize = 8;
/// The most: past this, the browser's own work per read is the bound, not the link.
pub const MOST: usize = 96;
/// The least, after backing off.
pub const LEAST: usize = 2;
/// A limit is worth its double only if the double reads this much faster.
const GAIN: f64 = 1.15;
/// Windows without trouble before climbing again after backing off.
const CALM_WINDOWS: u32 = 4;
/// Windows judged at each limit while climbing, at most; the better one counts.
const WINDOWS_PER_LIMIT: u32 = 2;
/// Windows settled before the double is tried again.
const SETTLED_WINDOWS: u32 = 8;

/// How one read ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finished {
    /// At the first try.
    Read,
    /// After a try that failed: the storage or the link had too much.
    Troubled,
}

/// The reads to keep in flight, and what has been seen of them.
#[derive(Debug, Clone)]
pub struct Lanes {
    limit: usize,
    fixed: bool,
    climbing: bool,
    window: Window,
    /// Reads per millisecond at the limit before this one, its better window.
    last_rate: Option<f64>,
    /// The better window at this limit so far, and how many were judged; once settled, the
    /// last two windows' rates.
    best_rate: f64,
    settled_rates: [f64; 2],
    judged: u32,
    /// Reads finished since the last back-off: those sent before it are still coming in.
    since_back_off: usize,
    /// Backed off since the lanes last settled: they climb again once it is calm.
    backed_off: bool,
    calm_windows: u32,
}

#[derive(Debug, Clone)]
struct Window {
    started_ms: f64,
    finished: usize,
    /// The queue ran dry while lanes were free: the rate says nothing of the limit.
    starved: bool,
}

impl Window {
    fn new(now_ms: f64) -> Self {
        Self {
            started_ms: now_ms,
            finished: 0,
            starved: false,
        }
    }
}

impl Lanes {
    /// Lanes that find their number, from [`START`], at `now_ms` by the runner's clock.
    pub fn adaptive(now_ms: f64) -> Self {
        Self {
            limit: START,
            fixed: false,
            climbing: true,
            window: Window::new(now_ms),
            last_rate: None,
            best_rate: 0.0,
            settled_rates: [0.0; 2],
            judged: 0,
            since_back_off: usize::MAX,
            backed_off: false,
            calm_windows: 0,
        }
    }

    /// Always `limit` lanes (at least one): a setting overrides what would be found.
    pub fn fixed(limit: usize) -> Self {
        Self {
            limit: limit.max(1),
            fixed: true,
            ..Self::adaptive(0.0)
        }
    }

    /// How many reads to keep in flight now.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// The queue had nothing to send while lanes were free.
    pub fn starved(&mut self) {
        self.window.starved = true;
    }

    /// A read finished at `now_ms`.
    pub fn finished(&mut self, now_ms: f64, how: Finished) {
        if self.fixed {
            return;
        }
        self.since_back_off = self.since_back_off.saturating_add(1);
        if how == Finished::Troubled && self.since_back_off > self.limit {
            self.back_off(now_ms);
            return;
        }
        self.window.finished += 1;
        // Each lane finishes about twice: enough reads that one slow one does not decide.
        if self.window.finished < 2 * self.limit {
            return;
        }
        let elapsed = now_ms - self.window.started_ms;
        let starved = self.window.starved;
        let rate = self.window.finished as f64 / elapsed.max(1.0);
        self.window = Window::new(now_ms);
        if starved {
            return;
        }
        if !self.climbing {
            self.calm_windows += 1;
            self.settled_rates = [self.settled_rates[1], rate];
            let calm_enough = match self.backed_off {
                true => CALM_WINDOWS,
                false => SETTLED_WINDOWS,
            };
            if self.calm_windows >= calm_enough && self.limit < MOST {
                // Try the double again, judged as climbing is: the better of two windows
                // against the better of this limit's last two.
                self.climbing = true;
                self.backed_off = false;
                self.last_rate = Some(self.settled_rates[0].max(self.settled_rates[1]));
                self.limit = (self.limit * 2).min(MOST);
                self.best_rate = 0.0;
            }
            return;
        }
        self.best_rate = self.best_rate.max(rate);
        self.judged += 1;
        // Noise only ever slows a window: one that already shows the gain is proof the
        // double paid, and only a window that does not show it needs a second chance.
        let paid = self
            .last_rate
            .is_some_and(|last| self.best_rate >= last * GAIN);
        if self.judged < WINDOWS_PER_LIMIT && !paid {
            return;
        }
        let rate = std::mem::take(&mut self.best_rate);
        self.judged = 0;
        match self.last_rate {
            Some(last) if rate < last * GAIN => {
                // The double did not pay: settle on the smaller, which reads as fast.
                self.limit = (self.limit / 2).max(LEAST);
                self.settle();
            }
            _ if self.limit >= MOST => self.settle(),
            _ => {
                self.last_rate = Some(rate);
                self.limit = (self.limit * 2).min(MOST);
            }
        }
    }

    /// Stops climbing at the limit now set.
    fn settle(&mut self) {
        self.climbing = false;
        self.calm_windows = 0;
        self.best_rate = 0.0;
        self.last_rate = None;
    }

    fn back_off(&mut self, now_ms: f64) {
        self.limit = (self.limit / 2).max(LEAST);
        self.climbing = false;
        self.backed_off = true;
        self.calm_windows = 0;
        self.last_rate = None;
        self.best_rate = 0.0;
        self.judged = 0;
        self.since_back_off = 0;
        self.window = Window::new(now_ms);
    }
}

#[cfg(test)]
mod tests;
