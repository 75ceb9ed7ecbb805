//! The signals every view reads: progress, running totals, the table's rows and the problem
//! that stopped a load. The loader is the only writer, through the methods here; each load is
//! a numbered run, and writes from a run that a newer "Connect" replaced are dropped.
//!
//! Bodies arrive hundreds a second from a local bucket. Re-sorting 10,000 rows and
//! recomputing the report for each would freeze the page, so rows and totals change quietly
//! and their readers are told at most every [`SETTLE`] (the status line) or [`ROWS_SETTLE`]
//! (the table and the totals, once the first rows are shown), each in a task of its own so
//! that no one task does all the work. At 100,000 sessions even one pass over every row each time
//! is too long, so what the charts plot is counted as sessions arrive ([`charts`]), and the
//! sessions table's order is kept and mended with the rows that changed ([`Store::arrange`]).
//!
//! The price table list costs come from is kept here too ([`prices`]): the built-in one, or
//! it with the user's price file on top, which reprices every row and total at once.

pub mod charts;
pub mod connection;
pub mod prices;
pub mod problem;
pub mod rows;

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use session_log::{Loaded, PriceTable, Report, Totals};

use crate::features::sessions::model::{Arrangement, Entry};
use crate::route::Filter;
use crate::state::problem::Problem;
use crate::state::rows::{Listed, NotRead, RowState, Rows};
use charts::ChartCounts;
use prices::{PriceFileError, Prices};

/// How long changes to progress gather before the status line sees them, and to rows and
/// totals before their first showing in a load.
const SETTLE: Duration = Duration::from_millis(200);
/// How long later changes to rows and totals gather while a load reads: redrawing the table
/// and the totals five times a second took a tenth of a cold load's main thread, and the
/// status line still moves five times a second.
const ROWS_SETTLE: Duration = Duration::from_secs(1);
/// How long new sessions gather before the charts are drawn again, at least: drawing them
/// takes far longer than a table's few rows, and a chart changing five times a second is
/// no easier to read than once a second. See [`Store::pace_charts`].
const CHART_SETTLE: Duration = Duration::from_secs(1);

/// Where a load stands; shown as `data-state` on the status line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LoadState {
    /// Nothing asked yet.
    #[default]
    Idle,
    Loading,
    Done,
    Error,
}

impl LoadState {
    /// `idle`, `loading`, `done` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Idle => "idle",
            Self::Loading => "loading",
            Self::Done => "done",
            Self::Error => "error",
        }
    }
}

/// Counts for the progress bar.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub state: LoadState,
    /// `s3://bucket/prefix at endpoint`.
    pub location: String,
    /// Listing pages are still coming in, so `found` may grow.
    pub listing: bool,
    /// Session objects found so far.
    pub found: u64,
    /// Bodies read, valid or not.
    pub loaded: u64,
    /// Objects that could not be fetched.
    pub unavailable: u64,
    /// Objects taken from the bucket's summary index instead of read.
    pub indexed: u64,
    /// Parts of that index that could not be read or used (their objects are read).
    pub unused_parts: u64,
    /// Objects this pass read from the bucket (not the cache), and their bytes.
    pub fetched: u64,
    pub fetched_bytes: u64,
    /// Milliseconds from the start of this pass's reading to its last object fetched.
    pub fetched_ms: u64,
    /// Reads kept in flight now: found while reading (see `s3_read::lanes`).
    pub lanes: usize,
    /// Set when the browser's clock was corrected: by how much, in milliseconds (server
    /// minus browser); the status line says it in the reader's language.
    pub clock_offset_ms: Option<i64>,
}

impl Progress {
    /// Objects finished, read or not.
    pub fn finished(&self) -> u64 {
        self.loaded + self.unavailable
    }

    /// How fast this pass fetched from the bucket: objects and megabytes (10^6 bytes) a
    /// second; `None` before its first object.
    pub fn rate(&self) -> Option<(f64, f64)> {
        if self.fetched == 0 || self.fetched_ms == 0 {
            return None;
        }
        let seconds = self.fetched_ms as f64 / 1000.0;
        Some((
            self.fetched as f64 / seconds,
            self.fetched_bytes as f64 / 1e6 / seconds,
        ))
    }
}

/// The dashboard's state. `Copy`: every field is a handle to a signal. Views read it through
/// the read-only handles below; only the methods here write, for the load controller (a
/// load's progress, rows and totals) and for the cost check (the user's price file).
#[derive(Clone, Copy)]
pub struct Store {
    progress: RwSignal<Progress>,
    totals: RwSignal<Totals>,
    /// The totals as a report, recomputed only when a view reads it after a change.
    report: Memo<Report>,
    problem: RwSignal<Option<Problem>>,
    /// One row per listed object.
    rows: RwSignal<Rows>,
    /// The price table in use, and the user's rows in it.
    prices: RwSignal<Prices>,
    /// Why the last price file offered was refused; nothing else changed.
    price_refusal: RwSignal<Option<PriceFileError>>,
    /// The load on screen, counted from 1; 0 before the first "Connect". Reading it tracks
    /// it, so a view that reads through the loader (the detail) follows a new connection.
    run: RwSignal<u64>,
    /// What the charts plot, over the sessions read so far.
    charts: RwSignal<ChartCounts>,
    /// Whether the status line is due to be told about quiet changes.
    settling: StoredValue<bool>,
    /// Whether the table and the totals are due to be told, and whether they were in this
    /// load already.
    rows_settling: StoredValue<bool>,
    rows_told: StoredValue<bool>,
    /// Whether the charts are due to be told about new sessions.
    charts_settling: StoredValue<bool>,
    /// How long new sessions gather before the charts are told; see [`Store::pace_charts`].
    chart_pause: StoredValue<Duration>,
    /// Rows added or changed since the table's order was last mended, by index.
    changed: StoredValue<Vec<usize>>,
    /// The sessions table's order, kept between changes (and while another page shows).
    arranged: StoredValue<Option<Arrangement>>,
    readers: Readers,
}

/// Read-only handles to the store's signals, made once: `RwSignal::read_only` puts a new
/// signal in the reactive arena each time it is called, and views ask for them in closures
/// that run on every change.
#[derive(Clone, Copy)]
struct Readers {
    progress: ReadSignal<Progress>,
    problem: ReadSignal<Option<Problem>>,
    rows: ReadSignal<Rows>,
    prices: ReadSignal<Prices>,
    price_refusal: ReadSignal<Option<PriceFileError>>,
    charts: ReadSignal<ChartCounts>,
}

impl Store {
    /// Where the load stands.
    pub fn progress(&self) -> ReadSignal<Progress> {
        self.readers.progress
    }

    /// The totals as a report, recomputed only when a view reads it after a change.
    pub fn report(&self) -> Memo<Report> {
        self.report
    }

    /// What stopped the load, if anything did.
    pub fn problem(&self) -> ReadSignal<Option<Problem>> {
        self.readers.problem
    }

    /// One row per listed object.
    pub fn rows(&self) -> ReadSignal<Rows> {
        self.readers.rows
    }

    /// The price table in use, and the user's rows in it.
    pub fn prices(&self) -> ReadSignal<Prices> {
        self.readers.prices
    }

    /// Why the last price file offered was refused.
    pub fn price_refusal(&self) -> ReadSignal<Option<PriceFileError>> {
        self.readers.price_refusal
    }

    /// What the charts plot, over the sessions read so far.
    pub fn charts(&self) -> ReadSignal<ChartCounts> {
        self.readers.charts
    }

    pub fn new() -> Self {
        let totals = RwSignal::new(Totals::default());
        let (prices, refusal) = Prices::kept();
        let (prices, price_refusal) = (RwSignal::new(prices), RwSignal::new(refusal));
        let progress = RwSignal::new(Progress::default());
        let problem = RwSignal::new(None);
        let rows = RwSignal::new(Rows::default());
        let charts = RwSignal::new(ChartCounts::default());
        Self {
            prices,
            price_refusal,
            progress,
            totals,
            report: Memo::new(move |_| totals.with(Totals::report)),
            problem,
            rows,
            run: RwSignal::new(0),
            charts,
            settling: StoredValue::new(false),
            rows_settling: StoredValue::new(false),
            rows_told: StoredValue::new(false),
            charts_settling: StoredValue::new(false),
            chart_pause: StoredValue::new(CHART_SETTLE),
            changed: StoredValue::new(Vec::new()),
            arranged: StoredValue::new(None),
            readers: Readers {
                progress: progress.read_only(),
                problem: problem.read_only(),
                rows: rows.read_only(),
                prices: prices.read_only(),
                price_refusal: price_refusal.read_only(),
                charts: charts.read_only(),
            },
        }
    }

    /// The price table list costs come from now, untracked: the loader prices each body
    /// with the table in force when it arrives.
    pub fn price_table(&self) -> Arc<PriceTable> {
        self.prices.with_untracked(|p| p.table.clone())
    }

    /// Prices every session read so far again with `prices`, and the totals with them.
    fn reprice(&self, prices: &PriceTable) {
        // Costs change, and with them the table's order by cost (charts plot logged costs).
        self.arranged.set_value(None);
        self.rows.update(|rows| rows.reprice(prices));
        // Summed in key order, as a load's final totals are, so that sums agree to the last bit.
        self.totals.set(self.rows.with_untracked(Rows::totals));
    }

    /// The load on screen (0 before the first); tracked.
    pub fn connection(&self) -> u64 {
        self.run.get()
    }

    /// The load on screen, untracked.
    pub fn connection_untracked(&self) -> u64 {
        self.run.get_untracked()
    }

    /// Clears everything for a new load of `location` and returns its run number.
    pub fn begin(&self, location: String) -> u64 {
        let run = self.run.get_untracked() + 1;
        self.run.set(run);
        self.totals.set(Totals::default());
        self.rows.set(Rows::default());
        let offset = self.charts.with_untracked(|c| c.daily.offset_minutes());
        self.charts.set(ChartCounts::new(offset));
        self.arranged.set_value(None);
        self.changed.set_value(Vec::new());
        self.rows_told.set_value(false);
        self.problem.set(None);
        self.progress.set(Progress {
            state: LoadState::Loading,
            location,
            listing: true,
            ..Progress::default()
        });
        run
    }

    /// Whether `run` is still the load on screen.
    pub fn is_current(&self, run: u64) -> bool {
        self.run.get_untracked() == run
    }

    /// Takes finished `run` up again, keeping its rows and totals: a refresh.
    pub fn resume(&self, run: u64) {
        if self.is_current(run) {
            self.rows_told.set_value(false);
            self.progress.update(|p| {
                p.listing = true;
                p.state = LoadState::Loading;
            });
        }
    }

    /// Changes the progress of `run`.
    pub fn update_progress(&self, run: u64, change: impl FnOnce(&mut Progress)) {
        if self.is_current(run) {
            self.progress.update(change);
        }
    }

    /// Adds objects `run` listed, as rows shown before their bodies are read.
    pub fn list(&self, run: u64, listed: Vec<Listed>) {
        if self.is_current(run) {
            self.progress
                .update_untracked(|p| p.found += listed.len() as u64);
            let (before, after) = self
                .rows
                .try_update_untracked(|rows| {
                    let before = rows.all().len();
                    listed.into_iter().for_each(|l| rows.list(l));
                    (before, rows.all().len())
                })
                .unwrap_or_default();
            self.changed
                .update_value(|changed| changed.extend(before..after));
            self.settle();
        }
    }

    /// Counts an object `run` fetched from the bucket: `bytes` long, the last of those
    /// fetched `elapsed_ms` after its reading began. Shown with the next change.
    pub fn fetched(&self, run: u64, bytes: u64, elapsed_ms: u64) {
        if self.is_current(run) {
            self.progress.update_untracked(|p| {
                p.fetched += 1;
                p.fetched_bytes += bytes;
                p.fetched_ms = elapsed_ms;
            });
        }
    }

    /// Adds one body read by `run`.
    pub fn add(&self, run: u64, loaded: &Loaded) {
        if self.is_current(run) {
            self.totals.update_untracked(|totals| totals.add(loaded));
            let key = match loaded {
                Loaded::Session(summary) => {
                    self.charts.update_untracked(|charts| charts.add(summary));
                    &summary.key.key
                }
                Loaded::Invalid { key, .. } => key,
            };
            self.rows.update_untracked(|rows| rows.read(loaded));
            self.note_change(key);
            self.progress.update_untracked(|p| p.loaded += 1);
            self.settle();
        }
    }

    /// Records an object `run` could not fetch.
    pub fn add_unavailable(&self, run: u64, key: &str, failure: s3_read::Failure) {
        self.not_read(run, key, NotRead::Failed(failure));
    }

    /// Records an object `run` did not fetch, as it is listed larger than the size limit.
    pub fn add_too_large(&self, run: u64, key: &str, refusal: session_log::TooLarge) {
        self.not_read(run, key, NotRead::TooLarge(refusal));
    }

    fn not_read(&self, run: u64, key: &str, reason: NotRead) {
        if self.is_current(run) {
            self.totals
                .update_untracked(|totals| totals.add_unavailable(key, &reason.to_string()));
            self.rows
                .update_untracked(|rows| rows.unavailable(key, reason));
            self.note_change(key);
            self.progress.update_untracked(|p| p.unavailable += 1);
            self.settle();
        }
    }

    /// Records that the row of `key` changed, for [`Store::arrange`].
    fn note_change(&self, key: &str) {
        if let Some(at) = self.rows.with_untracked(|rows| rows.position(key)) {
            self.changed.update_value(|changed| changed.push(at));
        }
    }

    /// The indices of the rows `filter` keeps, in its order, days in the zone
    /// `offset_minutes` east of UTC: mended from the last order when only rows changed,
    /// arranged anew when the filter or the zone did. Tracks the rows.
    pub fn arrange(&self, filter: &Filter, offset_minutes: i32) -> Vec<usize> {
        self.rows.with(|rows| {
            let changed = self
                .changed
                .try_update_value(std::mem::take)
                .unwrap_or_default();
            self.arranged
                .try_update_value(|arranged| match arranged {
                    Some(kept) if kept.is_for(filter, offset_minutes) => {
                        kept.update(rows.all(), &changed);
                        kept.order().to_vec()
                    }
                    _ => {
                        let kept = Arrangement::new(filter, rows.all(), offset_minutes);
                        let order = kept.order().to_vec();
                        *arranged = Some(kept);
                        order
                    }
                })
                .unwrap_or_default()
        })
    }

    /// Counts the charts' days again from the sessions read so far, in the zone
    /// `offset_minutes` east of UTC.
    pub fn recount_chart_days(&self, offset_minutes: i32) {
        self.rows.with_untracked(|rows| {
            let read = rows
                .all()
                .iter()
                .filter(|row| row.state == RowState::Read)
                .map(|row| row.summary());
            self.charts
                .update_untracked(|charts| charts.recount_days(read, offset_minutes));
        });
    }

    /// Tells the readers of progress, rows, totals and charts about quiet changes, unless that
    /// is already planned: progress [`SETTLE`] from now, rows and totals [`ROWS_SETTLE`] (or
    /// [`SETTLE`] for their first showing in a load), charts at their own pace; each in its
    /// own task, so that the table, the totals and the charts are not all worked out again
    /// in one.
    fn settle(&self) {
        if !self.settling.get_value() {
            self.settling.set_value(true);
            let (settling, progress) = (self.settling, self.progress);
            set_timeout(
                move || {
                    settling.set_value(false);
                    progress.notify();
                },
                SETTLE,
            );
        }
        if !self.rows_settling.get_value() {
            self.rows_settling.set_value(true);
            let pause = match self.rows_told.get_value() {
                true => ROWS_SETTLE,
                false => SETTLE,
            };
            let (rows_settling, rows_told) = (self.rows_settling, self.rows_told);
            let (rows, totals) = (self.rows, self.totals);
            set_timeout(
                move || {
                    rows_settling.set_value(false);
                    rows_told.set_value(true);
                    rows.notify();
                    set_timeout(move || totals.notify(), Duration::ZERO);
                },
                pause,
            );
        }
        if !self.charts_settling.get_value() {
            self.charts_settling.set_value(true);
            let (charts_settling, charts) = (self.charts_settling, self.charts);
            set_timeout(
                move || {
                    charts_settling.set_value(false);
                    charts.notify();
                },
                self.chart_pause.get_value(),
            );
        }
    }

    /// Told how long drawing the charts took, waits ten times as long (at least
    /// [`CHART_SETTLE`], at most ten seconds) before drawing them again while sessions
    /// arrive, so that they never take more than a tenth of the page's time.
    pub fn pace_charts(&self, took: Duration) {
        let pause = (took * 10).clamp(CHART_SETTLE, Duration::from_secs(10));
        self.chart_pause.set_value(pause);
    }

    /// Ends `run` with its final totals, shown once this returns. The status line, the table,
    /// the totals and the charts are each worked out again in a task of their own: together
    /// they make one task longer than the 50 ms that keeps the page responsive.
    pub async fn finish(&self, run: u64, totals: Totals) {
        if !self.is_current(run) {
            return;
        }
        self.totals.update_untracked(|kept| *kept = totals);
        self.progress.update(|p| {
            p.listing = false;
            p.state = LoadState::Done;
        });
        let (rows, totals, charts) = (self.rows, self.totals, self.charts);
        let tell: [&dyn Fn(); 3] = [&|| rows.notify(), &|| totals.notify(), &|| charts.notify()];
        for notify in tell {
            crate::io::timer::sleep(0).await;
            if !self.is_current(run) {
                return;
            }
            notify();
        }
        crate::io::timer::sleep(0).await;
    }

    /// Ends `run` with a problem.
    pub fn fail(&self, run: u64, problem: Problem) {
        if self.is_current(run) {
            self.problem.set(Some(problem));
            self.rows.notify();
            self.totals.notify();
            self.charts.notify();
            self.progress.update(|p| {
                p.listing = false;
                p.state = LoadState::Error;
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Progress;

    #[test]
    fn the_rate_is_objects_and_megabytes_a_second_once_something_was_fetched() {
        let mut progress = Progress::default();
        assert_eq!(progress.rate(), None);
        (progress.fetched, progress.fetched_bytes) = (500, 12_500_000);
        assert_eq!(progress.rate(), None, "no time yet");
        progress.fetched_ms = 2_500;
        assert_eq!(progress.rate(), Some((200.0, 5.0)));
    }
}
