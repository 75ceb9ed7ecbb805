//! The signals every view reads: progress, running totals, the table's rows and the problem
//! that stopped a load. The loader is the only writer, through the methods here; each load is
//! a numbered run, and writes from a run that a newer "Connect" replaced are dropped.
//!
//! Bodies arrive hundreds a second from a local bucket. Re-sorting 10,000 rows and
//! recomputing the report for each would freeze the page, so rows and totals change quietly
//! and their readers are told at most every [`SETTLE`].
//!
//! The price table list costs come from is kept here too ([`prices`]): the built-in one, or
//! it with the user's price file on top, which reprices every row and total at once.

pub mod prices;

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use session_log::{Loaded, PriceTable, Report, Totals};

use crate::problem::Problem;
use crate::rows::{Listed, RowState, Rows};
use prices::{PriceFileError, Prices};

/// How long changes to rows and totals gather before views see them.
const SETTLE: Duration = Duration::from_millis(200);

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
    /// Set when the browser's clock was corrected: by how much, in milliseconds (server
    /// minus browser); the status line says it in the reader's language.
    pub clock_offset_ms: Option<i64>,
}

impl Progress {
    /// Objects finished, read or not.
    pub fn finished(&self) -> u64 {
        self.loaded + self.unavailable
    }
}

/// The dashboard's state. `Copy`: every field is a handle to a signal.
#[derive(Clone, Copy)]
pub struct Store {
    pub progress: RwSignal<Progress>,
    pub totals: RwSignal<Totals>,
    /// The totals as a report, recomputed only when a view reads it after a change.
    pub report: Memo<Report>,
    pub problem: RwSignal<Option<Problem>>,
    /// One row per listed object.
    pub rows: RwSignal<Rows>,
    /// The price table in use, and the user's rows in it.
    pub prices: RwSignal<Prices>,
    /// Why the last price file offered was refused; nothing else changed.
    pub price_refusal: RwSignal<Option<PriceFileError>>,
    /// The load on screen, counted from 1; 0 before the first "Connect". Reading it tracks
    /// it, so a view that reads through the loader (the detail) follows a new connection.
    run: RwSignal<u64>,
    /// Whether views are due to be told about quiet changes.
    settling: StoredValue<bool>,
}

impl Store {
    pub fn new() -> Self {
        let totals = RwSignal::new(Totals::default());
        let (prices, refusal) = Prices::kept();
        Self {
            prices: RwSignal::new(prices),
            price_refusal: RwSignal::new(refusal),
            progress: RwSignal::new(Progress::default()),
            totals,
            report: Memo::new(move |_| totals.with(Totals::report)),
            problem: RwSignal::new(None),
            rows: RwSignal::new(Rows::default()),
            run: RwSignal::new(0),
            settling: StoredValue::new(false),
        }
    }

    /// The price table list costs come from now, untracked: the loader prices each body
    /// with the table in force when it arrives.
    pub fn price_table(&self) -> Arc<PriceTable> {
        self.prices.with_untracked(|p| p.table.clone())
    }

    /// Prices every session read so far again with `prices`, and the totals with them.
    fn reprice(&self, prices: &PriceTable) {
        self.rows.update(|rows| rows.reprice(prices));
        let recounted = self.rows.with_untracked(|rows| {
            let mut read: Vec<_> = rows
                .all()
                .iter()
                .filter(|row| row.state == RowState::Read)
                .map(|row| &row.summary)
                .collect();
            // Key order, as the loader's final totals, so that sums agree to the last bit.
            read.sort_by(|a, b| a.key.key.cmp(&b.key.key));
            self.totals.with_untracked(|totals| totals.recount(read))
        });
        self.totals.set(recounted);
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

    /// Changes the progress of `run`.
    pub fn progress(&self, run: u64, change: impl FnOnce(&mut Progress)) {
        if self.is_current(run) {
            self.progress.update(change);
        }
    }

    /// Adds objects `run` listed, as rows shown before their bodies are read.
    pub fn list(&self, run: u64, listed: Vec<Listed>) {
        if self.is_current(run) {
            self.progress.update(|p| p.found += listed.len() as u64);
            self.rows
                .update_untracked(|rows| listed.into_iter().for_each(|l| rows.list(l)));
            self.settle();
        }
    }

    /// Adds one body read by `run`.
    pub fn add(&self, run: u64, loaded: &Loaded) {
        if self.is_current(run) {
            self.totals.update_untracked(|totals| totals.add(loaded));
            self.rows.update_untracked(|rows| rows.read(loaded));
            self.progress.update(|p| p.loaded += 1);
            self.settle();
        }
    }

    /// Records an object `run` could not fetch.
    pub fn add_unavailable(&self, run: u64, key: &str, reason: &str) {
        if self.is_current(run) {
            self.totals
                .update_untracked(|totals| totals.add_unavailable(key, reason));
            self.rows
                .update_untracked(|rows| rows.unavailable(key, reason));
            self.progress.update(|p| p.unavailable += 1);
            self.settle();
        }
    }

    /// Tells the readers of rows and totals about quiet changes, [`SETTLE`] from now unless
    /// that is already planned.
    fn settle(&self) {
        if self.settling.get_value() {
            return;
        }
        self.settling.set_value(true);
        let (settling, rows, totals) = (self.settling, self.rows, self.totals);
        set_timeout(
            move || {
                settling.set_value(false);
                rows.notify();
                totals.notify();
            },
            SETTLE,
        );
    }

    /// Ends `run` with its final totals.
    pub fn finish(&self, run: u64, totals: Totals) {
        if self.is_current(run) {
            self.totals.set(totals);
            self.rows.notify();
            self.progress.update(|p| {
                p.listing = false;
                p.state = LoadState::Done;
            });
        }
    }

    /// Ends `run` with a problem.
    pub fn fail(&self, run: u64, problem: Problem) {
        if self.is_current(run) {
            self.problem.set(Some(problem));
            self.rows.notify();
            self.totals.notify();
            self.progress.update(|p| {
                p.listing = false;
                p.state = LoadState::Error;
            });
        }
    }
}
