//! Totals over many sessions, grown one session at a time.
//!
//! Everything is computed from the calls; the `metadata` block is only compared with them.
//! [`Totals::add`] updates every count, sum and breakdown in place, so the dashboard can
//! show totals while sessions are still loading; percentiles are computed when a
//! [`Report`] is made.

use crate::series::{nearest_rank, session_day};
use crate::session::Invalid;
use crate::summary::{CallSummary, Loaded, SessionSummary};
use serde::Serialize;
use std::collections::BTreeMap;

/// Counts over calls: all of them, or one model's.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CallTotals {
    /// Calls.
    pub calls: u64,
    /// Of which failed.
    pub failed_calls: u64,
    /// Input tokens.
    pub prompt_tokens: u64,
    /// Output tokens.
    pub completion_tokens: u64,
    /// Input tokens served from cache.
    pub cached_tokens: u64,
    /// Sum of the logged estimates.
    pub cost_usd: f64,
    /// Calls without a logged estimate (counted as 0).
    pub unpriced_calls: u64,
    /// Recomputed from the price table, over the calls whose model it knows.
    pub list_cost_usd: f64,
    /// Calls whose model the price table does not know.
    pub unknown_model_calls: u64,
    /// Calls whose logged estimate is more than 1% away from the list price.
    pub calls_cost_differs: u64,
}

impl CallTotals {
    fn add(&mut self, call: &CallSummary) {
        self.calls += 1;
        self.failed_calls += u64::from(call.failed);
        // Saturating, as every token sum here: a count written as text is read up to
        // u64::MAX, so two of them can overflow.
        self.prompt_tokens = self.prompt_tokens.saturating_add(call.prompt_tokens);
        self.completion_tokens = self
            .completion_tokens
            .saturating_add(call.completion_tokens);
        self.cached_tokens = self.cached_tokens.saturating_add(call.cached_tokens);
        self.cost_usd += call.logged_cost.unwrap_or(0.0);
        self.unpriced_calls += u64::from(call.logged_cost.is_none());
        match call.list_cost {
            Some(cost) => self.list_cost_usd += cost,
            None => self.unknown_model_calls += 1,
        }
        self.calls_cost_differs += u64::from(call.cost_differs());
    }
}

/// Counts for one drawing, session type or day.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GroupTotals {
    /// Sessions.
    pub sessions: u64,
    /// Calls.
    pub calls: u64,
    /// Of which failed.
    pub failed_calls: u64,
    /// Prompt plus completion tokens.
    pub tokens: u64,
    /// Sum of the logged estimates.
    pub cost_usd: f64,
}

/// Durations with their sum, median, 95th percentile and maximum.
#[derive(Debug, Clone, Default, PartialEq)]
struct Durations {
    values: Vec<f64>,
    sum: f64,
}

/// What a report says about durations, in seconds.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DurationStats {
    /// How many durations were recorded.
    pub count: usize,
    /// Their sum.
    pub sum: f64,
    /// The median (nearest rank).
    pub p50: Option<f64>,
    /// The 95th percentile (nearest rank).
    pub p95: Option<f64>,
    /// The longest.
    pub max: Option<f64>,
}

impl Durations {
    fn add(&mut self, seconds: Option<f64>) {
        if let Some(s) = seconds.filter(|s| s.is_finite() && *s >= 0.0) {
            self.values.push(s);
            self.sum += s;
        }
    }

    /// Linear time: a report is made every time the dashboard's totals change, over up to
    /// hundreds of thousands of call durations, and sorting them all each time showed.
    fn stats(&self) -> DurationStats {
        let mut values = self.values.clone();
        DurationStats {
            count: values.len(),
            sum: self.sum,
            p50: nearest_rank(&mut values, 0.50),
            p95: nearest_rank(&mut values, 0.95),
            max: values.iter().copied().max_by(f64::total_cmp),
        }
    }
}

/// An object that is not a session, or could not be fetched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectIssue {
    /// The object key.
    pub key: String,
    /// Why, for people, in English.
    pub reason: String,
    /// Why an object is not a session, as a value, for saying it in other languages; `None`
    /// for an object that could not be fetched, whose reason is the fetcher's.
    #[serde(skip)]
    pub invalid: Option<Invalid>,
}

/// Running totals.
#[derive(Debug, Clone, Default)]
pub struct Totals {
    day_offset_minutes: i32,
    sessions: u64,
    calls: CallTotals,
    never_ended: u64,
    metadata_disagrees: u64,
    sessions_with_problems: u64,
    session_durations: Durations,
    call_durations: Durations,
    by_model: BTreeMap<String, CallTotals>,
    by_drawing: BTreeMap<String, GroupTotals>,
    by_session_type: BTreeMap<String, GroupTotals>,
    by_day: BTreeMap<String, GroupTotals>,
    invalid: Vec<ObjectIssue>,
    unavailable: Vec<ObjectIssue>,
}

impl Totals {
    /// Totals whose days are those of the zone `day_offset_minutes` east of UTC, as the
    /// dashboard's charts and filters count them ([`crate::series::session_day`]): a naive
    /// start is read in that zone, so its date stands as written; a session known only by
    /// its key's time is dated by that instant in the zone.
    pub fn with_day_offset(day_offset_minutes: i32) -> Self {
        Self {
            day_offset_minutes,
            ..Self::default()
        }
    }

    /// Adds one loaded object.
    pub fn add(&mut self, loaded: &Loaded) {
        match loaded {
            Loaded::Session(summary) => self.add_session(summary),
            Loaded::Invalid { key, reason } => self.invalid.push(ObjectIssue {
                key: key.clone(),
                reason: reason.to_string(),
                invalid: Some(reason.clone()),
            }),
        }
    }

    /// Records an object that could not be fetched at all.
    pub fn add_unavailable(&mut self, key: &str, reason: &str) {
        self.unavailable.push(ObjectIssue {
            key: key.to_owned(),
            reason: reason.to_owned(),
            invalid: None,
        });
    }

    /// The same totals over `sessions` again, with this one's day offset and objects that
    /// are not sessions: what a changed price table needs, since list costs are summed.
    pub fn recount<'a>(&self, sessions: impl IntoIterator<Item = &'a SessionSummary>) -> Self {
        let mut fresh = Self {
            day_offset_minutes: self.day_offset_minutes,
            invalid: self.invalid.clone(),
            unavailable: self.unavailable.clone(),
            ..Self::default()
        };
        sessions
            .into_iter()
            .for_each(|session| fresh.add_session(session));
        fresh
    }

    /// Adds one session.
    pub fn add_session(&mut self, session: &SessionSummary) {
        self.sessions += 1;
        self.session_durations.add(session.duration_seconds);
        if session.end.is_none() || session.status == "started" {
            self.never_ended += 1;
        }
        if !session.problems.is_empty() {
            self.sessions_with_problems += 1;
        }
        if metadata_disagrees(session) {
            self.metadata_disagrees += 1;
        }
        for call in &session.calls {
            self.calls.add(call);
            self.call_durations.add(call.duration_seconds);
            self.by_model
                .entry(call.model.clone())
                .or_default()
                .add(call);
        }
        let day = self.day_of(session);
        for (groups, name) in [
            (&mut self.by_drawing, session.drawing.clone()),
            (&mut self.by_session_type, session.session_type.clone()),
            (&mut self.by_day, day),
        ] {
            let group = groups.entry(name).or_default();
            group.sessions += 1;
            group.calls += session.calls.len() as u64;
            group.failed_calls += session.failed_calls() as u64;
            group.tokens = group.tokens.saturating_add(session.tokens());
            group.cost_usd += session.logged_cost();
        }
    }

    /// `YYYY-MM-DD` of the session's day, or `unknown`.
    fn day_of(&self, session: &SessionSummary) -> String {
        session_day(session, self.day_offset_minutes)
            .map_or_else(|| "unknown".to_owned(), |day| day.to_string())
    }

    /// The totals as they stand. Objects are listed in key order, whatever order they were
    /// loaded in, so two runs over the same bucket report alike.
    pub fn report(&self) -> Report {
        let by_key = |issues: &[ObjectIssue]| {
            let mut sorted = issues.to_vec();
            crate::sort::by(&mut sorted, |a, b| a.key.cmp(&b.key));
            sorted
        };
        Report {
            sessions: self.sessions,
            invalid: self.invalid.len() as u64,
            unavailable: self.unavailable.len() as u64,
            calls: self.calls.calls,
            failed_calls: self.calls.failed_calls,
            prompt_tokens: self.calls.prompt_tokens,
            completion_tokens: self.calls.completion_tokens,
            total_tokens: self
                .calls
                .prompt_tokens
                .saturating_add(self.calls.completion_tokens),
            cached_tokens: self.calls.cached_tokens,
            cost_usd: self.calls.cost_usd,
            unpriced_calls: self.calls.unpriced_calls,
            list_cost_usd: self.calls.list_cost_usd,
            unknown_model_calls: self.calls.unknown_model_calls,
            never_ended_sessions: self.never_ended,
            metadata_disagrees: self.metadata_disagrees,
            calls_cost_differs: self.calls.calls_cost_differs,
            sessions_with_problems: self.sessions_with_problems,
            session_duration: self.session_durations.stats(),
            call_duration: self.call_durations.stats(),
            by_model: self.by_model.clone(),
            by_drawing: self.by_drawing.clone(),
            by_session_type: self.by_session_type.clone(),
            by_day: self.by_day.clone(),
            invalid_objects: by_key(&self.invalid),
            unavailable_objects: by_key(&self.unavailable),
        }
    }
}

/// The writer's `metadata` against the calls: the count of calls, of successes and
/// failures, and the cost (to a hundredth of a cent).
pub fn metadata_disagrees(session: &SessionSummary) -> bool {
    let Some(claimed) = &session.claimed else {
        return false;
    };
    let calls = session.calls.len() as u64;
    let failed = session.failed_calls() as u64;
    let differs = |claim: Option<u64>, actual: u64| claim.is_some_and(|c| c != actual);
    differs(claimed.calls, calls)
        || differs(claimed.failed, failed)
        || differs(claimed.success, calls - failed)
        || claimed
            .cost
            .is_some_and(|c| (c - session.logged_cost()).abs() > 0.000_05)
}

/// Totals at one moment, ready to print or serialize.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Sessions read.
    pub sessions: u64,
    /// Objects that are not sessions.
    pub invalid: u64,
    /// Objects that could not be fetched.
    pub unavailable: u64,
    /// API calls.
    pub calls: u64,
    /// Calls with status `failed` or an error.
    pub failed_calls: u64,
    /// Input tokens.
    pub prompt_tokens: u64,
    /// Output tokens.
    pub completion_tokens: u64,
    /// Input plus output tokens.
    pub total_tokens: u64,
    /// Input tokens served from cache.
    pub cached_tokens: u64,
    /// Sum of the logged `cost_estimate`s.
    pub cost_usd: f64,
    /// Calls without a `cost_estimate` (counted as 0).
    pub unpriced_calls: u64,
    /// Recomputed from the price table, over the calls whose model it knows.
    pub list_cost_usd: f64,
    /// Calls whose model the price table does not know.
    pub unknown_model_calls: u64,
    /// Sessions still `started`, or without an end time.
    pub never_ended_sessions: u64,
    /// Sessions whose `metadata` disagrees with their calls.
    pub metadata_disagrees: u64,
    /// Calls whose logged estimate is more than 1% away from the list price.
    pub calls_cost_differs: u64,
    /// Sessions with fields of the wrong type.
    pub sessions_with_problems: u64,
    /// Session durations (`total_duration_seconds`).
    pub session_duration: DurationStats,
    /// Call durations (`duration_seconds`).
    pub call_duration: DurationStats,
    /// By model.
    pub by_model: BTreeMap<String, CallTotals>,
    /// By drawing.
    pub by_drawing: BTreeMap<String, GroupTotals>,
    /// By session type.
    pub by_session_type: BTreeMap<String, GroupTotals>,
    /// By day of the start time.
    pub by_day: BTreeMap<String, GroupTotals>,
    /// Objects that are not sessions, with why.
    pub invalid_objects: Vec<ObjectIssue>,
    /// Objects that could not be fetched, with why.
    pub unavailable_objects: Vec<ObjectIssue>,
}

/// Dollars with cents, and more digits below a dollar, where single calls cost fractions
/// of a cent.
fn usd(value: f64) -> String {
    if value.abs() >= 1.0 {
        format!("${value:.2}")
    } else {
        format!("${value:.5}")
    }
}

fn seconds(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), |s| format!("{s:.3} s"))
}

impl Report {
    /// A readable summary for a terminal.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let mut line = |text: String| {
            out.push_str(&text);
            out.push('\n');
        };
        line(format!(
            "sessions {}  (invalid objects {}, unavailable {}, never ended {}, metadata disagrees {})",
            self.sessions, self.invalid, self.unavailable, self.never_ended_sessions, self.metadata_disagrees
        ));
        line(format!(
            "calls    {}  (failed {})",
            self.calls, self.failed_calls
        ));
        line(format!(
            "tokens   {}  (prompt {}, completion {}, cached {})",
            self.total_tokens, self.prompt_tokens, self.completion_tokens, self.cached_tokens
        ));
        line(format!(
            "cost     {} logged ({} calls without an estimate); {} at list prices ({} calls of unknown models; {} calls logged more than 1% off the list price)",
            usd(self.cost_usd), self.unpriced_calls, usd(self.list_cost_usd), self.unknown_model_calls, self.calls_cost_differs
        ));
        for (what, d) in [
            ("session", &self.session_duration),
            ("call", &self.call_duration),
        ] {
            line(format!(
                "{what} durations: {} measured, total {:.3} s, p50 {}, p95 {}, max {}",
                d.count,
                d.sum,
                seconds(d.p50),
                seconds(d.p95),
                seconds(d.max)
            ));
        }
        if !self.by_model.is_empty() {
            line("by model:".to_owned());
            for (model, m) in &self.by_model {
                let list = if m.unknown_model_calls > 0 {
                    "unknown".to_owned()
                } else {
                    usd(m.list_cost_usd)
                };
                line(format!(
                    "  {model}: {} calls ({} failed), {} + {} tokens, {} logged, {list} at list price",
                    m.calls, m.failed_calls, m.prompt_tokens, m.completion_tokens, usd(m.cost_usd)
                ));
            }
        }
        if !self.by_drawing.is_empty() {
            line("by drawing:".to_owned());
            for (drawing, g) in &self.by_drawing {
                line(format!(
                    "  {drawing}: {} sessions, {} calls, {}",
                    g.sessions,
                    g.calls,
                    usd(g.cost_usd)
                ));
            }
        }
        for (title, issues) in [
            ("invalid objects", &self.invalid_objects),
            ("unavailable objects", &self.unavailable_objects),
        ] {
            if !issues.is_empty() {
                line(format!("{title}:"));
                for issue in issues {
                    line(format!("  {}: {}", issue.key, issue.reason));
                }
            }
        }
        out
    }
}
