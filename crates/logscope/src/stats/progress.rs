//! A progress bar on stderr while objects are read, drawn only when stderr is a terminal so
//! that logs and pipes get none of its control characters.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

pub struct Progress(ProgressBar);

impl Progress {
    /// Its length grows as listing finds more objects.
    pub fn new() -> Self {
        if !std::io::stderr().is_terminal() {
            return Self(ProgressBar::hidden());
        }
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} {pos}/{len} objects {wide_bar} {elapsed}")
        {
            bar.set_style(style);
        }
        Self(bar)
    }

    pub fn found(&self, objects: u64) {
        self.0.inc_length(objects);
    }

    pub fn done(&self) {
        self.0.inc(1);
    }
}

impl Drop for Progress {
    /// The report, or the error line, follows on a clean screen.
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}
