//! The bench's output: every figure and the speed goals printed, written under `scale` in
//! `target/bench/results.json` (the file's other keys are kept) and as markdown tables in
//! `target/bench/scale.md`, ready for BENCHMARKS.md.

use crate::dashboard::{Browsed, Table};
use crate::goals::{self, Goal};
use crate::page::Visit;
use crate::sums::Sums;
use crate::Measured;
use serde_json::{json, Map, Value};
use std::path::Path;

/// Everything one run measured.
pub struct Run {
    pub sessions: usize,
    pub objects: usize,
    pub bytes: usize,
    pub expected: Sums,
    pub seed: u64,
    /// `/proc/loadavg`'s three averages when the run began: other work on the machine.
    pub load_at_start: String,
    pub versions: Value,
    pub chromium: String,
    pub measured: Vec<Measured>,
    pub browsed: Option<Browsed>,
    pub table: Option<Table>,
    pub transfer: Vec<(String, u64, u64)>,
}

fn visit_json(visit: &Visit) -> Value {
    json!({
        "first_row_ms": visit.first_row_ms,
        "listed_ms": visit.listed_ms,
        "totals_ms": visit.totals_ms,
        "longest_long_task_ms": visit.longest_task_ms,
        "long_tasks": visit.long_tasks,
        "long_tasks_over_50ms": visit.long_tasks_over_50ms,
        "long_tasks_given_to_a_late_buffered_observer": visit.late_buffered_long_tasks,
    })
}

/// The 1, 5 and 15 minute load averages.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split_once(':'))
                .map(|(_, model)| model.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

fn ms(value: Option<f64>) -> String {
    value.map_or("–".to_owned(), |v| format!("{:.0} ms", v))
}

fn mb(bytes: f64) -> String {
    format!("{:.1} MB", bytes / 1e6)
}

pub fn print_and_save(run: &Run, workspace: &Path) {
    let e = &run.expected;
    println!(
        "scale: every client agrees with session-log: {} sessions, {} not sessions, {} calls, {} tokens, ${:.6}",
        e.sessions, e.invalid, e.calls, e.total_tokens, e.cost_usd
    );
    let machine = json!({
        "nproc": std::thread::available_parallelism().map_or(0, |n| n.get()),
        "cpu_model": cpu_model(),
        "chromium": run.chromium,
        "load_average_at_start": run.load_at_start,
        "load_average_at_end": load_average(),
    });
    let mut md = format!(
        "Measured {} on {} ({} cores; load average {} at the start, {} at the end), {}; {} \
         sessions ({} objects, {:.1} MB), seed {}.\n\n\
         | at {} sessions | seconds | how |\n|---|---:|---|\n",
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
        machine["cpu_model"].as_str().unwrap_or_default(),
        machine["nproc"],
        run.load_at_start,
        machine["load_average_at_end"].as_str().unwrap_or_default(),
        run.chromium,
        run.sessions,
        run.objects,
        run.bytes as f64 / 1e6,
        run.seed,
        run.sessions
    );
    for m in &run.measured {
        println!("scale: {:<17} {:>9.3} s  ({})", m.name, m.seconds, m.what);
        md += &format!("| {} | {:.3} | {} |\n", m.name, m.seconds, m.what);
    }
    let mut out = Map::new();
    if let Some(b) = &run.browsed {
        for (which, v) in [("cold", &b.cold), ("warm", &b.warm)] {
            let line = format!(
                "first row {}, listed {}, totals {}; longest long task {:.0} ms ({} over 50 ms)",
                ms(Some(v.first_row_ms)),
                ms(v.listed_ms),
                ms(v.totals_ms),
                v.longest_task_ms,
                v.long_tasks_over_50ms
            );
            println!("scale: dashboard {which:<5} {line}");
            md += &format!(
                "| dashboard, {which} | {:.3} | {line} |\n",
                v.totals_ms.unwrap_or(f64::NAN) / 1000.0
            );
        }
        if let Some(line) = against_page_floor(run, b) {
            println!("scale: {line}");
            md += &format!("\n{line}\n");
        }
        println!(
            "scale: after the warm load: JS heap {}, wasm memory {}",
            mb(b.heap_bytes),
            mb(b.wasm_bytes)
        );
        md += &format!(
            "\nAfter the warm load of {} sessions: JS heap {} (after a full GC), wasm memory {}.\n",
            run.sessions,
            mb(b.heap_bytes),
            mb(b.wasm_bytes)
        );
        out.insert(
            "dashboard".into(),
            json!({
                "cold": visit_json(&b.cold), "warm": visit_json(&b.warm),
                "js_heap_bytes": b.heap_bytes, "wasm_memory_bytes": b.wasm_bytes,
            }),
        );
    }
    if let Some(t) = &run.table {
        let (lines, value) = table_section(t);
        md += "\n";
        for line in &lines {
            println!("scale: table {line}");
            md += &format!("- {line}\n");
        }
        out.insert("table".into(), value);
    }
    let gzip: u64 = run.transfer.iter().map(|(_, _, gz)| gz).sum();
    println!("scale: first load {gzip} bytes gzip: {:?}", run.transfer);
    md += &format!("\nFirst load: {gzip} bytes gzip (gzip -6) over {} files.\n\n| goal | measured (limit) | |\n|---|---|---|\n", run.transfer.len());
    let goals = goals::of(run);
    for goal in &goals {
        println!(
            "scale: goal {:<48} {:<28} {}",
            goal.name,
            goal.describe(),
            goal.verdict()
        );
        md += &format!(
            "| {} | {} | {} |\n",
            goal.name,
            goal.describe(),
            goal.verdict()
        );
    }

    let scale = json!({
        "date": chrono::Utc::now().to_rfc3339(),
        "machine": machine,
        "seed": run.seed,
        "sessions": run.sessions,
        "objects": run.objects,
        "bytes": run.bytes,
        "versions": run.versions,
        "totals": {
            "sessions": e.sessions, "invalid": e.invalid, "calls": e.calls,
            "total_tokens": e.total_tokens, "cost_usd": e.cost_usd,
        },
        "seconds": run.measured.iter().map(|m| (m.name.to_owned(), json!(m.seconds))).collect::<Map<_, _>>(),
        "how": run.measured.iter().map(|m| (m.name.to_owned(), json!(m.what))).collect::<Map<_, _>>(),
        "browser": out,
        "first_load": {
            "gzip_bytes": gzip,
            "files": run.transfer.iter().map(|(name, raw, gz)| json!({"file": name, "bytes": raw, "gzip_bytes": gz})).collect::<Vec<_>>(),
        },
        "goals": goals.iter().map(Goal::to_json).collect::<Vec<_>>(),
    });
    let dir = workspace.join("target/bench");
    std::fs::create_dir_all(&dir).expect("creating target/bench");
    let path = dir.join("results.json");
    let mut results = match std::fs::read_to_string(&path) {
        Ok(text) => match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(map)) => map,
            _ => panic!(
                "{} is not a JSON object; move it away to start anew",
                path.display()
            ),
        },
        Err(_) => Map::new(),
    };
    // What this bench wrote before it had a browser part.
    results.remove("scale_baselines");
    results.insert("scale".to_owned(), scale);
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&results).unwrap() + "\n",
    )
    .expect("writing target/bench/results.json");
    std::fs::write(dir.join("scale.md"), &md).expect("writing target/bench/scale.md");
    println!(
        "scale: written to {} and {}",
        path.display(),
        dir.join("scale.md").display()
    );
}

/// The 100,000-session run: lines for people, and its JSON.
fn table_section(t: &Table) -> (Vec<String>, Value) {
    let mut lines = vec![format!(
        "{} sessions ({} objects, {:.1} MB): first row {}, listing complete {} ({} pages; \
         the native client takes {:.0} ms for one page of this listing), totals {}",
        t.sessions,
        t.objects,
        t.bytes as f64 / 1e6,
        ms(Some(t.listed.first_row_ms)),
        ms(t.listed.listed_ms),
        t.objects.div_ceil(1000),
        t.floor_page_seconds * 1000.0,
        ms(t.totals_ms)
    )];
    lines.push(format!(
        "scroll top to bottom during the load: {}",
        t.scroll_during.describe()
    ));
    if let Some(after) = &t.scroll_after {
        lines.push(format!(
            "scroll top to bottom after the load: {}",
            after.describe()
        ));
    }
    lines.push(format!(
        "memory after the listing: JS heap {}, wasm {}; {}: JS heap {}, wasm {} \
         ({:.0} bytes of JS heap and wasm memory a session)",
        mb(t.heap_listed),
        mb(t.wasm_listed),
        if t.totals_ms.is_some() {
            "after the totals"
        } else {
            "when the bench stopped waiting"
        },
        mb(t.heap_loaded),
        mb(t.wasm_loaded),
        (t.heap_loaded + t.wasm_loaded) / t.sessions.max(1) as f64
    ));
    let value = json!({
        "sessions": t.sessions,
        "objects": t.objects,
        "bytes": t.bytes,
        "first_row_ms": t.listed.first_row_ms,
        "listed_ms": t.listed.listed_ms,
        "native_one_listing_page_ms": t.floor_page_seconds * 1000.0,
        "totals_ms": t.totals_ms,
        "longest_long_task_ms_until_listed": t.listed.longest_task_ms,
        "scroll_during_load": t.scroll_during.to_json(),
        "scroll_after_load": t.scroll_after.as_ref().map(|s| s.to_json()),
        "js_heap_bytes_listed": t.heap_listed,
        "wasm_memory_bytes_listed": t.wasm_listed,
        "js_heap_bytes_end": t.heap_loaded,
        "wasm_memory_bytes_end": t.wasm_loaded,
    });
    (lines, value)
}

/// Where the dashboard's time goes beyond the native floors: the cold load against
/// Chromium's own fetches (the page's floor, (d)), the warm one against the native listing
/// alone. Not goals; they say which part of a missed goal the page can still win
/// back and which part the browser or the server sets.
fn against_page_floor(run: &Run, browsed: &Browsed) -> Option<String> {
    let page_floor = goals::seconds(run, "page_floor")?;
    let cold = browsed.cold.totals_ms? / 1000.0;
    let native = goals::seconds(run, "native_floor")
        .map(|native| {
            format!(
                "; the page's floor is {:.2}× the native floor",
                page_floor / native
            )
        })
        .unwrap_or_default();
    let warm = goals::seconds(run, "native_listing")
        .zip(browsed.warm.totals_ms)
        .map(|(listing, warm)| {
            format!(
                "; warm totals are {:.2}× the native listing alone",
                warm / 1000.0 / listing
            )
        })
        .unwrap_or_default();
    Some(format!(
        "cold totals are {:.2}× (d) the page's floor (Chromium's fetches alone){native}{warm}",
        cold / page_floor
    ))
}
