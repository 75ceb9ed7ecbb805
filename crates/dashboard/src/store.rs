//! The signals every view reads: progress, running totals, the table's rows and the problem
//! that stopped a load. The loader is the only writer, through the methods here; each load is
//! a numbered run, and writes from a run that a newer "Connect" replaced are dropped.
//!
//! Bodies arrive hundreds a second from a local bucket. Re-sorting 10,000 rows and
//! recomputing the report for each would freeze the page, so rows and totals change quietly
//! and their readers are told at most every [`SETTLE`].

use std::time::Duration;

use leptos::prelude::*;
use session_log::{Loaded, Report, Totals};

use crate::problem::Problem;
use crate::rows::{Listed, Rows};

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
    /// Set when the browser's clock was corrected, to say by how much.
    pub clock_note: Option<String>,
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
    /// The load on screen, counted from 1; 0 before the first "Connect". Reading it tracks
    /// it, so a view that reads through the loader (the detail) follows a new connection.
    run: RwSignal<u64>,
    /// Whether views are due to be told about quiet changes.
    settling: StoredValue<bool>,
}

impl Store {
    pub fn new() -> Self {
        let totals = RwSignal::new(Totals::default());
        Self {
            progress: RwSignal::new(Progress::default()),
            totals,
            report: Memo::new(move |_| totals.with(Totals::report)),
            problem: RwSignal::new(None),
            rows: RwSignal::new(Rows::default()),
            run: RwSignal::new(0),
            settling: StoredValue::new(false),
        }
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
