//! Sessions parsed and totalled per second, against `serde_json::from_slice::<Value>` over the
//! same bytes: the floor for any JSON work. Goal: at least 1.0×, since typed parsing that
//! skips what it does not need should beat building a tree.
//!
//! The bytes are a seeded synthetic corpus (`corpus` feature) with the shapes the real
//! writer produces, large responses included. The ratio (Value time / our time: higher is
//! better for us) is printed and written to `target/bench/parse.json`.

use criterion::{black_box, Criterion, Throughput};
use session_log::{load, parse_key, KeyKind, PriceTable, Totals};
use std::path::{Path, PathBuf};

const SESSIONS: usize = 2_000;

fn mean_ns(dir: &Path, id: &str) -> Option<f64> {
    let path = dir.join(id).join("new/estimates.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    json["mean"]["point_estimate"].as_f64()
}

fn main() {
    let corpus = session_log::corpus::generate(7, SESSIONS);
    let objects: Vec<(String, Vec<u8>)> = corpus.objects;
    let bytes: u64 = objects.iter().map(|(_, b)| b.len() as u64).sum();
    let prices = PriceTable::builtin();
    let keys: Vec<_> = objects
        .iter()
        .filter_map(|(key, _)| match parse_key("openai_logs/", key) {
            KeyKind::Session(key) => Some(key),
            KeyKind::Folder | KeyKind::Own => None,
        })
        .collect();

    let target = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target");
    let criterion_dir = target.join("criterion");
    let mut criterion = Criterion::default()
        .output_directory(&criterion_dir)
        .sample_size(20)
        .configure_from_args();
    let mut group = criterion.benchmark_group("parse_corpus");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("session-log", |b| {
        b.iter(|| {
            let mut totals = Totals::default();
            for (key, (_, body)) in keys.iter().zip(&objects) {
                totals.add(&load(key.clone(), black_box(body), &prices));
            }
            totals.report()
        })
    });
    group.bench_function("serde_json-value", |b| {
        b.iter(|| {
            let mut parsed = 0usize;
            for (_, body) in &objects {
                parsed +=
                    serde_json::from_slice::<serde_json::Value>(black_box(body)).is_ok() as usize;
            }
            parsed
        })
    });
    group.finish();
    criterion.final_summary();

    let dir = criterion_dir.join("parse_corpus");
    if let (Some(ours), Some(value)) = (
        mean_ns(&dir, "session-log"),
        mean_ns(&dir, "serde_json-value"),
    ) {
        let ratio = value / ours;
        let per_second = objects.len() as f64 / (ours / 1e9);
        println!(
            "parse: {} objects, {:.1} MB; session-log {per_second:.0} sessions/s (parse + totals), \
             ratio {ratio:.2}x against serde_json::Value (goal >= 1.0x)",
            objects.len(),
            bytes as f64 / 1e6
        );
        let out = target.join("bench");
        std::fs::create_dir_all(&out).unwrap();
        let report = serde_json::json!({
            "objects": objects.len(),
            "bytes": bytes,
            "session_log_ns_per_corpus": ours,
            "serde_json_value_ns_per_corpus": value,
            "sessions_per_second": per_second,
            "ratio": ratio,
            "goal": 1.0,
        });
        std::fs::write(
            out.join("parse.json"),
            serde_json::to_string_pretty(&report).unwrap(),
        )
        .unwrap();
    }
}
