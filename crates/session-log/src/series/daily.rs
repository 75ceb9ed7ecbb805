//! Calls, failed calls and logged cost per day, and per day and model; then stacked for a
//! chart: the largest models in their own segment, the rest as "other".

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{session_day, shown_models, Models, Series, Tally};
use crate::summary::SessionSummary;

/// Days from the first to the last are all listed (a day without sessions is a gap in the
/// chart, which is worth seeing) when they span at most this many; beyond, only days with
/// sessions are, so that one stray date does not stretch the axis over decades.
pub const MAX_FILLED_DAYS: i64 = 366;

/// What a chart by day plots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Measure {
    /// Logged cost in USD.
    #[default]
    Cost,
    /// Calls.
    Calls,
}

/// One day.
#[derive(Debug, Clone, PartialEq)]
pub struct Day {
    pub date: NaiveDate,
    /// Sessions that started that day.
    pub sessions: u64,
    /// Their calls.
    pub total: Tally,
    /// Their calls per model, indexed like [`Daily::models`].
    pub by_model: Vec<Tally>,
}

/// Sessions grouped by the day they started.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Daily {
    /// Every model with a call, by name.
    pub models: Vec<String>,
    /// Oldest first; see [`MAX_FILLED_DAYS`] for days without sessions.
    pub days: Vec<Day>,
    /// Sessions with no day at all (no start time, no time in the key).
    pub undated_sessions: u64,
}

/// Groups `sessions` by [`session_day`] for a reader `offset_minutes` east of UTC.
pub fn daily<'a>(
    sessions: impl IntoIterator<Item = &'a SessionSummary>,
    offset_minutes: i32,
) -> Daily {
    let mut counts = DailyCounts::new(offset_minutes);
    sessions.into_iter().for_each(|session| counts.add(session));
    counts.daily()
}

/// [`daily`], grown one session at a time.
#[derive(Debug, Clone, Default)]
pub struct DailyCounts {
    offset_minutes: i32,
    models: Models,
    /// Per day: sessions, all calls, and calls per model id (grown as models appear).
    days: HashMap<NaiveDate, (u64, Tally, Vec<Tally>)>,
    undated_sessions: u64,
}

impl DailyCounts {
    /// No sessions yet, days in the zone `offset_minutes` east of UTC.
    pub fn new(offset_minutes: i32) -> Self {
        Self {
            offset_minutes,
            ..Self::default()
        }
    }

    /// The zone the days are in.
    pub fn offset_minutes(&self) -> i32 {
        self.offset_minutes
    }

    /// Counts one more session.
    pub fn add(&mut self, session: &SessionSummary) {
        let Some(date) = session_day(session, self.offset_minutes) else {
            self.undated_sessions += 1;
            return;
        };
        let (count, total, by_model) = self.days.entry(date).or_default();
        *count += 1;
        for call in &session.calls {
            total.add(call);
            let id = self.models.id(&call.model);
            if by_model.len() <= id {
                by_model.resize(id + 1, Tally::default());
            }
            by_model[id].add(call);
        }
    }

    /// The days counted so far.
    pub fn daily(&self) -> Daily {
        let names = &self.models.names;
        let mut by_name: Vec<usize> = (0..names.len()).collect();
        crate::sort::by_key(&mut by_name, |&id| &names[id]);
        let mut dates: Vec<NaiveDate> = self.days.keys().copied().collect();
        crate::sort::by(&mut dates, NaiveDate::cmp);
        if let (Some(&first), Some(&last)) = (dates.first(), dates.last()) {
            if (last - first).num_days() <= MAX_FILLED_DAYS {
                dates = first.iter_days().take_while(|d| *d <= last).collect();
            }
        }
        let empty = (0, Tally::default(), Vec::new());
        let rows = dates
            .into_iter()
            .map(|date| {
                let (sessions, total, by_id) = self.days.get(&date).unwrap_or(&empty);
                Day {
                    date,
                    sessions: *sessions,
                    total: *total,
                    by_model: by_name
                        .iter()
                        .map(|&id| by_id.get(id).copied().unwrap_or_default())
                        .collect(),
                }
            })
            .collect();
        Daily {
            models: by_name.iter().map(|&id| names[id].clone()).collect(),
            days: rows,
            undated_sessions: self.undated_sessions,
        }
    }
}

/// One day of a stacked chart.
#[derive(Debug, Clone, PartialEq)]
pub struct StackedDay {
    pub date: NaiveDate,
    /// Sessions that started that day.
    pub sessions: u64,
    /// All their calls.
    pub total: Tally,
    /// One per [`Stacked::series`], bottom to top.
    pub segments: Vec<Tally>,
}

/// Days with one segment per series.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stacked {
    pub measure: Measure,
    /// Largest over all days first; "other", when there is one, last. Models whose measure
    /// is 0 on every day have no segment at all.
    pub series: Vec<Series>,
    pub days: Vec<StackedDay>,
    /// The highest day, in `measure`.
    pub max_total: f64,
}

/// Stacks `daily` by `measure`: the `top` largest models get their own segment and the
/// rest are folded into one "other" (see [`shown_models`]).
pub fn stack(daily: &Daily, measure: Measure, top: usize) -> Stacked {
    let mut sums: Vec<(usize, f64)> = (0..daily.models.len())
        .map(|m| {
            let sum = daily.days.iter().map(|d| d.by_model[m].get(measure)).sum();
            (m, sum)
        })
        .filter(|&(_, sum): &(usize, f64)| sum != 0.0)
        .collect();
    // Largest first; equal ones by name, which is the index order.
    crate::sort::by(&mut sums, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let own = shown_models(sums.len(), top);
    let (mine, folded) = sums.split_at(own);
    let mut series: Vec<Series> = mine
        .iter()
        .map(|&(m, _)| Series::Model(daily.models[m].clone()))
        .collect();
    if !folded.is_empty() {
        series.push(Series::Other(
            folded
                .iter()
                .map(|&(m, _)| daily.models[m].clone())
                .collect(),
        ));
    }
    let days: Vec<StackedDay> = daily
        .days
        .iter()
        .map(|day| {
            let mut segments: Vec<Tally> = mine.iter().map(|&(m, _)| day.by_model[m]).collect();
            if !folded.is_empty() {
                let mut other = Tally::default();
                for &(m, _) in folded {
                    other.merge(&day.by_model[m]);
                }
                segments.push(other);
            }
            StackedDay {
                date: day.date,
                sessions: day.sessions,
                total: day.total,
                segments,
            }
        })
        .collect();
    let max_total = days
        .iter()
        .map(|d| d.total.get(measure))
        .fold(0.0, f64::max);
    Stacked {
        measure,
        series,
        days,
        max_total,
    }
}
