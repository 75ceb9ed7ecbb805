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
    /// Reads per millisecond in the last window judged, at the limit before this one.
    last_rate: Option<f64>,
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
            if self.backed_off && self.calm_windows >= CALM_WINDOWS {
                self.climbing = true;
                self.backed_off = false;
            }
            return;
        }
        match self.last_rate {
            Some(last) if rate < last * GAIN => {
                // The double did not pay: settle on the smaller, which reads as fast.
                self.limit = (self.limit / 2).max(LEAST);
                self.climbing = false;
                self.last_rate = None;
            }
            _ if self.limit >= MOST => self.climbing = false,
            _ => {
                self.last_rate = Some(rate);
                self.limit = (self.limit * 2).min(MOST);
            }
        }
    }

    fn back_off(&mut self, now_ms: f64) {
        self.limit = (self.limit / 2).max(LEAST);
        self.climbing = false;
        self.backed_off = true;
        self.calm_windows = 0;
        self.last_rate = None;
        self.since_back_off = 0;
        self.window = Window::new(now_ms);
    }
}

#[cfg(test)]
mod tests;
