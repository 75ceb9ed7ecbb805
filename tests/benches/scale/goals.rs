//! The speed goals, each a ratio or a size computed from figures measured in the same run,
//! and the first-load transfer: the gzip size of what the first visit downloads from dist/
//! (index.html, the JS, the wasm and every stylesheet; config.json is the deployment's own
//! and left out). A goal that was not measured in this run says so; a missed goal is
//! printed, never a failure.

use crate::report::Run;
use serde_json::{json, Value};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

/// One goal: `measured` (a ratio or an amount) must be at most `limit`.
pub struct Goal {
    pub name: &'static str,
    pub measured: Option<f64>,
    pub limit: f64,
    pub unit: &'static str,
}

impl Goal {
    pub fn met(&self) -> Option<bool> {
        self.measured.map(|value| value <= self.limit)
    }

    pub fn verdict(&self) -> &'static str {
        match self.met() {
            Some(true) => "met",
            Some(false) => "MISSED",
            None => "not measured",
        }
    }

    pub fn to_json(&self) -> Value {
        json!({
            "goal": self.name,
            "measured": self.measured,
            "limit": self.limit,
            "unit": self.unit,
            "met": self.met(),
        })
    }

    /// `0.0123× (≤ 0.05×)`, `412 ms (≤ 50 ms)`.
    pub fn describe(&self) -> String {
        let show = |value: f64| match self.unit {
            "×" => format!("{value:.4}×"),
            unit => format!("{value:.0} {unit}"),
        };
        match self.measured {
            Some(value) => format!("{} (≤ {})", show(value), show(self.limit)),
            None => format!("– (≤ {})", show(self.limit)),
        }
    }
}

pub fn seconds(run: &Run, name: &str) -> Option<f64> {
    run.measured
        .iter()
        .find(|m| m.name == name)
        .map(|m| m.seconds)
}

/// The speed goals over what `run` measured.
pub fn of(run: &Run) -> Vec<Goal> {
    let (browsed, table) = (run.browsed.as_ref(), run.table.as_ref());
    let seconds_to = |ms: Option<f64>| ms.map(|ms| ms / 1000.0);
    let cold = seconds_to(browsed.and_then(|b| b.cold.totals_ms));
    let warm = seconds_to(browsed.and_then(|b| b.warm.totals_ms));
    let first_row = seconds_to(browsed.map(|b| b.cold.first_row_ms));
    let ratio = |a: Option<f64>, b: Option<f64>| a.zip(b).map(|(a, b)| a / b);
    let gzip: u64 = run.transfer.iter().map(|(_, _, gz)| gz).sum();
    let after = table.and_then(|t| t.scroll_after.as_ref());
    let goal = |name, measured, limit, unit| Goal {
        name,
        measured,
        limit,
        unit,
    };
    vec![
        goal(
            "cold totals ≤ 0.05 × (a) boto3 sequential",
            ratio(cold, seconds(run, "boto3_sequential")),
            0.05,
            "×",
        ),
        goal(
            "cold totals ≤ 0.15 × (b) boto3 16 threads",
            ratio(cold, seconds(run, "boto3_16_threads")),
            0.15,
            "×",
        ),
        goal(
            "warm totals ≤ 0.1 × cold totals",
            ratio(warm, cold),
            0.1,
            "×",
        ),
        goal(
            "first row ≤ 0.1 × cold totals",
            ratio(first_row, cold),
            0.1,
            "×",
        ),
        goal(
            "cold totals ≤ 2 × (c) native floor",
            ratio(cold, seconds(run, "native_floor")),
            2.0,
            "×",
        ),
        goal(
            "first load ≤ 300 KB gzip (html, js, wasm, css)",
            Some(gzip as f64),
            300_000.0,
            "bytes",
        ),
        goal(
            "longest long task, cold load",
            browsed.map(|b| b.cold.longest_task_ms),
            50.0,
            "ms",
        ),
        goal(
            "longest long task, warm load",
            browsed.map(|b| b.warm.longest_task_ms),
            50.0,
            "ms",
        ),
        goal(
            "longest long task, table scroll during the load",
            table.map(|t| t.scroll_during.longest_task_ms),
            50.0,
            "ms",
        ),
        goal(
            "longest frame gap, table scroll during the load",
            table.map(|t| t.scroll_during.longest_gap_ms),
            50.0,
            "ms",
        ),
        goal(
            "longest frame gap, table scroll after the load",
            after.map(|s| s.longest_gap_ms),
            50.0,
            "ms",
        ),
        goal(
            "most session rows in the DOM, table scroll",
            table.map(|t| {
                t.scroll_during
                    .most_rows
                    .max(t.scroll_after.as_ref().map_or(0, |s| s.most_rows)) as f64
            }),
            200.0,
            "rows",
        ),
    ]
}

/// The files of dist/ a first visit loads, each with its size and gzip size (gzip's default
/// level 6, what a web server compressing on the fly typically uses).
pub fn first_load(dist: &Path) -> Vec<(String, u64, u64)> {
    let mut files: Vec<(String, u64, u64)> = std::fs::read_dir(dist)
        .expect("reading dist/")
        .map(|entry| entry.expect("reading dist/").path())
        .filter(|path| {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            name == "index.html"
                || [".js", ".wasm", ".css"]
                    .iter()
                    .any(|ext| name.ends_with(ext))
        })
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let size = std::fs::metadata(&path).expect("a dist/ file").len();
            (name, size, gzip_size(&path))
        })
        .collect();
    files.sort();
    files
}

fn gzip_size(path: &Path) -> u64 {
    let mut child = Command::new("gzip")
        .args(["-6", "-n", "-c"])
        .arg(path)
        .stdout(Stdio::piped())
        .spawn()
        .expect("running gzip");
    let mut compressed = Vec::new();
    child
        .stdout
        .take()
        .expect("gzip's output")
        .read_to_end(&mut compressed)
        .expect("reading gzip's output");
    assert!(
        child.wait().expect("gzip").success(),
        "gzip failed on {}",
        path.display()
    );
    compressed.len() as u64
}
