//! Session durations as a histogram with round bin edges, with their median and 95th
//! percentile by the same nearest-rank rule as the totals.
//!
//! Bins are whole milliseconds, half-open `[min_ms, max_ms)`, and a session falls in the bin
//! whose bounds hold `duration_seconds * 1000` compared as `f64`: the very comparison the
//! sessions table's duration filter makes, so a bin's link lists exactly its sessions.

use super::one_two_five;
use crate::summary::SessionSummary;

/// About this many bins when the edges are evenly spaced.
const LINEAR_BINS: f64 = 12.0;

/// One bar of the histogram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bin {
    /// Durations from this many milliseconds…
    pub min_ms: u64,
    /// …up to, not including, this many; `None` only for a last bin past what a `u64` of
    /// milliseconds holds (some 580 million years).
    pub max_ms: Option<u64>,
    /// Sessions in the bin.
    pub sessions: u64,
}

/// Session durations, binned.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Histogram {
    /// Adjacent bins from the one holding the shortest duration to the one holding the
    /// longest; empty when no session has a duration.
    pub bins: Vec<Bin>,
    /// Edges step through 1, 2 and 5 times powers of ten (chosen when evenly spaced bins
    /// would pile most sessions into one) rather than by one even step.
    pub log_scale: bool,
    /// Sessions with a duration (finite and not negative, as in the totals).
    pub measured: u64,
    /// Median, seconds (nearest rank).
    pub p50: Option<f64>,
    /// 95th percentile, seconds (nearest rank).
    pub p95: Option<f64>,
    /// Longest, seconds.
    pub max: Option<f64>,
}

impl Histogram {
    /// Where `seconds` lies along the bins: the bin's index plus how far into it (0 to 1,
    /// linearly), for drawing a marker; `None` before the first bin.
    pub fn position(&self, seconds: f64) -> Option<f64> {
        let ms = seconds * 1000.0;
        let i = self
            .bins
            .partition_point(|b| b.min_ms as f64 <= ms)
            .checked_sub(1)?;
        let bin = self.bins[i];
        let into = match bin.max_ms {
            Some(max) => ((ms - bin.min_ms as f64) / (max - bin.min_ms) as f64).clamp(0.0, 1.0),
            None => 0.5,
        };
        Some(i as f64 + into)
    }
}

/// The nearest-rank percentile `p` (0 to 1) of `values`: the smallest value with at least
/// `p` of them at or below it. Reorders `values`; linear time.
pub fn nearest_rank(values: &mut [f64], p: f64) -> Option<f64> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let rank = ((p * n as f64).ceil() as usize).clamp(1, n);
    let (_, value, _) = values.select_nth_unstable_by(rank - 1, f64::total_cmp);
    Some(*value)
}

/// The durations of `sessions` as a histogram: evenly spaced round edges, or 1-2-5 edges
/// when those spread the sessions better (their fullest bin holds fewer).
pub fn duration_histogram<'a>(sessions: impl IntoIterator<Item = &'a SessionSummary>) -> Histogram {
    histogram_of(sessions.into_iter().filter_map(measured).collect())
}

/// The duration a session counts with in the histogram and the totals: finite and not
/// negative.
pub fn measured(session: &SessionSummary) -> Option<f64> {
    session
        .duration_seconds
        .filter(|s| s.is_finite() && *s >= 0.0)
}

/// [`duration_histogram`] of durations already picked by [`measured`], in any order.
pub fn histogram_of(mut seconds: Vec<f64>) -> Histogram {
    if seconds.is_empty() {
        return Histogram::default();
    }
    let p50 = nearest_rank(&mut seconds, 0.50);
    let p95 = nearest_rank(&mut seconds, 0.95);
    let max = seconds.iter().copied().fold(f64::MIN, f64::max);
    let min = seconds.iter().copied().fold(f64::MAX, f64::min);
    let (lo, hi) = (min * 1000.0, max * 1000.0);

    let log = fill(one_two_five_bins(lo, hi), &seconds);
    let (bins, log_scale) = match linear_bins(lo, hi).map(|bins| fill(bins, &seconds)) {
        Some(linear) if fullest(&linear) <= fullest(&log) => (linear, false),
        _ => (log, true),
    };
    Histogram {
        bins,
        log_scale,
        measured: seconds.len() as u64,
        p50,
        p95,
        max: Some(max),
    }
}

fn fullest(bins: &[Bin]) -> u64 {
    bins.iter().map(|b| b.sessions).max().unwrap_or(0)
}

/// Counts each duration into the bin whose `[min_ms, max_ms)` holds it.
fn fill(mut bins: Vec<Bin>, seconds: &[f64]) -> Vec<Bin> {
    for &s in seconds {
        let ms = s * 1000.0;
        let i = bins.partition_point(|b| b.min_ms as f64 <= ms);
        // The first edge is at or below the shortest duration, so `i` is at least 1.
        if let Some(bin) = i.checked_sub(1).and_then(|i| bins.get_mut(i)) {
            bin.sessions += 1;
        }
    }
    bins
}

/// Bins one round step wide (1, 2 or 5 times a power of ten ms, about [`LINEAR_BINS`] of
/// them) from a multiple of the step at or below `lo` to the first one above `hi`; `None`
/// when the edges would not fit in milliseconds.
fn linear_bins(lo: f64, hi: f64) -> Option<Vec<Bin>> {
    let span = if hi > lo { hi - lo } else { hi.max(1.0) };
    let step = one_two_five().find(|&s| s as f64 >= span / LINEAR_BINS)?;
    let mut first = (lo / step as f64).floor() as u64 * step;
    // Float division can round up onto the next multiple.
    while first as f64 > lo {
        first = first.checked_sub(step)?;
    }
    let mut last = ((hi / step as f64).floor() as u64).checked_mul(step)?;
    while last as f64 <= hi {
        last = last.checked_add(step)?;
    }
    let mut bins = Vec::new();
    let mut edge = first;
    while edge < last {
        bins.push(Bin {
            min_ms: edge,
            max_ms: Some(edge + step),
            sessions: 0,
        });
        edge += step;
    }
    Some(bins)
}

/// Bins between consecutive values of 1, 2, 5, 10, 20, 50… ms, from the largest at or
/// below `lo` (0 when `lo` is under a millisecond) to the first above `hi`.
fn one_two_five_bins(lo: f64, hi: f64) -> Vec<Bin> {
    let first = one_two_five()
        .take_while(|&e| e as f64 <= lo)
        .last()
        .unwrap_or(0);
    let mut edges = vec![first];
    for edge in one_two_five().skip_while(|&e| e <= first) {
        edges.push(edge);
        if edge as f64 > hi {
            break;
        }
    }
    let mut bins: Vec<Bin> = edges
        .windows(2)
        .map(|pair| Bin {
            min_ms: pair[0],
            max_ms: Some(pair[1]),
            sessions: 0,
        })
        .collect();
    let top = edges.last().copied().unwrap_or(0);
    if top as f64 <= hi {
        bins.push(Bin {
            min_ms: top,
            max_ms: None,
            sessions: 0,
        });
    }
    bins
}
