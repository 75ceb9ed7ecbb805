//! What the dashboard's charts plot, computed from session summaries: cost, calls and
//! failures per day and model, tokens per model, and the distribution of session durations
//! with its median and 95th percentile. Pure functions, linear in the sessions; and counts
//! that grow one session at a time ([`DailyCounts`], [`TokenCounts`]), so that a page
//! charting 100,000 sessions as they arrive need not go over all of them each time.
//!
//! Each chart's bars link to the sessions table filtered to them, so the groups here are
//! defined exactly as the table's filters are: a day is [`session_day`], a model is any call
//! to it, a duration bin is the half-open `[min_ms, max_ms)` that the table compares
//! `duration_seconds * 1000` against.

mod daily;
mod histogram;
mod tokens;

pub use daily::{
    daily, stack, Daily, DailyCounts, Day, Measure, Stacked, StackedDay, MAX_FILLED_DAYS,
};
pub use histogram::{duration_histogram, histogram_of, measured, nearest_rank, Bin, Histogram};
pub use tokens::{tokens_by_model, ModelTokens, TokenCounts};

use std::collections::HashMap;

use chrono::{NaiveDate, TimeDelta};

use crate::summary::{CallSummary, SessionSummary};

/// The day a session started, for a reader `offset_minutes` east of UTC. The log's naive
/// start time is read as being in the reader's zone, so its date is the day; a session
/// without one falls back to the unix time in its key, shifted into that zone.
pub fn session_day(session: &SessionSummary, offset_minutes: i32) -> Option<NaiveDate> {
    match session.start {
        Some(start) => Some(start.date()),
        None => session
            .key
            .started?
            .naive_utc()
            .checked_add_signed(TimeDelta::minutes(offset_minutes.into()))
            .map(|time| time.date()),
    }
}

/// Calls, failed calls and logged cost of a group of calls.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    /// Calls.
    pub calls: u64,
    /// Of which failed.
    pub failed_calls: u64,
    /// Sum of the logged estimates (a call without one counts 0, as in the totals).
    pub cost_usd: f64,
}

impl Tally {
    fn add(&mut self, call: &CallSummary) {
        self.calls += 1;
        self.failed_calls += u64::from(call.failed);
        self.cost_usd += call.logged_cost.unwrap_or(0.0);
    }

    fn merge(&mut self, other: &Tally) {
        self.calls += other.calls;
        self.failed_calls += other.failed_calls;
        self.cost_usd += other.cost_usd;
    }

    /// Failed calls over calls; `None` without calls.
    pub fn failure_rate(&self) -> Option<f64> {
        (self.calls > 0).then(|| self.failed_calls as f64 / self.calls as f64)
    }

    /// The figure `measure` plots.
    pub fn get(&self, measure: Measure) -> f64 {
        match measure {
            Measure::Cost => self.cost_usd,
            Measure::Calls => self.calls as f64,
        }
    }
}

/// Numbers for model names, each name hashed once per run of calls to it: a session's calls
/// mostly go to one model, and hashing every call's name was most of the time over 100,000
/// sessions. Owns its names, so that counts can be kept and grown as sessions arrive.
#[derive(Debug, Clone, Default)]
struct Models {
    index: HashMap<String, usize>,
    names: Vec<String>,
    last: Option<usize>,
}

impl Models {
    fn id(&mut self, name: &str) -> usize {
        if let Some(last) = self.last {
            if self.names[last] == name {
                return last;
            }
        }
        let id = match self.index.get(name) {
            Some(&id) => id,
            None => {
                let id = self.names.len();
                self.index.insert(name.to_owned(), id);
                self.names.push(name.to_owned());
                id
            }
        };
        self.last = Some(id);
        id
    }
}

/// A bar or a segment of a chart by model: one model, or the smaller models folded into
/// "other" (named, so a tooltip can list them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Series {
    /// One model.
    Model(String),
    /// Every model too small to get its own colour.
    Other(Vec<String>),
}

/// How many of `count` models, largest first, get their own bar when at most `top` plus an
/// "other" fit: all of them when that is at most `top + 1` (folding a single model into
/// "other" would only hide its name), else `top`.
pub fn shown_models(count: usize, top: usize) -> usize {
    if count <= top + 1 {
        count
    } else {
        top
    }
}

/// `1, 2, 5, 10, 20, 50, …` while it fits in a `u64`: round numbers for steps and edges.
pub fn one_two_five() -> impl Iterator<Item = u64> {
    (0..)
        .map_while(|exponent| 10u64.checked_pow(exponent))
        .flat_map(|power| [1u64, 2, 5].map(|m| power.checked_mul(m)))
        .map_while(|step| step)
}

/// Axis ticks from 0 to at least `max`, at a round step (1, 2 or 5 times a power of ten)
/// chosen so that there are about `about` of them; whole numbers only when `whole` (counts).
/// An empty or zero range still gets an axis: `[0, 1]`.
pub fn nice_ticks(max: f64, about: usize, whole: bool) -> Vec<f64> {
    if !max.is_finite() || max <= 0.0 {
        return vec![0.0, 1.0];
    }
    let raw = max / about.max(1) as f64;
    let mut exponent = raw.log10().floor() as i32;
    let mut mantissa = [1u64, 2, 5, 10]
        .into_iter()
        .find(|&m| m as f64 * 10f64.powi(exponent) >= raw * (1.0 - 1e-12))
        .unwrap_or(10);
    if mantissa == 10 {
        mantissa = 1;
        exponent += 1;
    }
    if whole && exponent < 0 {
        (mantissa, exponent) = (1, 0);
    }
    // i × mantissa × 10^exponent, written so that 0.1 steps read 0.3, not 0.30000000000000004.
    let tick = |i: u64| {
        let units = (i * mantissa) as f64;
        if exponent >= 0 {
            units * 10f64.powi(exponent)
        } else {
            units / 10f64.powi(-exponent)
        }
    };
    let mut ticks = vec![0.0];
    let mut i = 1;
    while *ticks.last().unwrap_or(&0.0) < max * (1.0 - 1e-12) {
        ticks.push(tick(i));
        i += 1;
    }
    ticks
}
