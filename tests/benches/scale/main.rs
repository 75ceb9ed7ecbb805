//! The baselines of `make bench` at scale: how long getting totals over 10,000 sessions takes
//! the way the log writer's team would do it today, and how long it takes a native client,
//! measured in one run against one in-process S3 server (local-s3, loopback only) seeded
//! with one generated bucket (`session_log::corpus`, fixed seed):
//!
//! - (a) boto3, sequential: `tests/bench/boto3_totals.py`;
//! - (b) the same script with 16 threads;
//! - (c) the floor: the `logscope stats` binary with the dashboard's 6 requests in flight,
//!   which only lists, downloads, parses and adds up.
//!
//! Every client must reach the totals session-log computes from the same bytes in memory
//! (sessions, objects that are not sessions, calls, tokens; cost to 1e-6) before any time is
//! reported. The times and their ratios are printed and written under `scale_baselines` in
//! `target/bench/results.json`, keeping the file's other keys.
//!
//! Takes `LOGSCOPE_BENCH_PYTHON` (a Python with `tests/bench/requirements.txt`),
//! `LOGSCOPE_BENCH_LOGSCOPE` (default `target/release/logscope`) and `--sessions N` or
//! `LOGSCOPE_BENCH_SESSIONS` (default 10,000). `make bench` sets up all three.

use local_s3::{LocalS3, LocalS3Config};
use serde_json::{json, Value};
use session_log::{load, parse_key, KeyKind, PriceTable, Totals};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const DEFAULT_SESSIONS: usize = 10_000;
const SEED: u64 = 6;
const ACCESS: &str = "LOGSCOPEBENCH";
const SECRET: &str = "bench/secret+key=value";
const BUCKET: &str = "logs";
const PREFIX: &str = "openai_logs/";
const BOTO3_THREADS: usize = 16;
/// The dashboard's `READING_LANES`: bodies fetched at once (crates/dashboard/src/loader).
const DASHBOARD_READING_LANES: usize = 6;

/// What every client must agree on.
#[derive(Debug, Clone, PartialEq)]
struct Sums {
    sessions: u64,
    invalid: u64,
    calls: u64,
    prompt_tokens: u64,
    completion_tokens: u64,
    total_tokens: u64,
    cost_usd: f64,
}

impl Sums {
    fn from_json(value: &Value, who: &str) -> Sums {
        let count = |name: &str| {
            value[name]
                .as_u64()
                .unwrap_or_else(|| panic!("{who}: no whole number `{name}` in {value}"))
        };
        Sums {
            sessions: count("sessions"),
            invalid: count("invalid"),
            calls: count("calls"),
            prompt_tokens: count("prompt_tokens"),
            completion_tokens: count("completion_tokens"),
            total_tokens: count("total_tokens"),
            cost_usd: value["cost_usd"]
                .as_f64()
                .unwrap_or_else(|| panic!("{who}: no number `cost_usd` in {value}")),
        }
    }

    fn agrees_with(&self, other: &Sums) -> bool {
        Sums {
            cost_usd: other.cost_usd,
            ..self.clone()
        } == *other
            && (self.cost_usd - other.cost_usd).abs() <= 1e-6
    }
}

struct Measured {
    name: &'static str,
    what: String,
    seconds: f64,
    sums: Sums,
}

fn main() {
    let sessions = session_count();
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let python = std::env::var("LOGSCOPE_BENCH_PYTHON").unwrap_or_else(|_| {
        panic!("set LOGSCOPE_BENCH_PYTHON to a Python with tests/bench/requirements.txt (make bench does)")
    });
    let logscope = std::env::var_os("LOGSCOPE_BENCH_LOGSCOPE")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace.join("target/release/logscope"));
    assert!(
        logscope.is_file(),
        "no logscope binary at {}: run `cargo build --release -p logscope` (make bench does)",
        logscope.display()
    );

    let corpus = session_log::corpus::generate(SEED, sessions);
    let expected = totals_in_memory(&corpus.objects);
    let root = tempfile::tempdir().expect("a temporary folder for the bucket");
    for (key, body) in &corpus.objects {
        local_s3::put_object(root.path(), BUCKET, key, body).expect("seeding the bucket");
    }
    let bytes: usize = corpus.objects.iter().map(|(_, body)| body.len()).sum();
    println!(
        "scale: {} objects ({sessions} sessions, seed {SEED}, {:.1} MB) on local-s3",
        corpus.objects.len(),
        bytes as f64 / 1e6
    );
    let server =
        LocalS3::start(LocalS3Config::new(root.path(), ACCESS, SECRET)).expect("starting local-s3");
    let endpoint = server.endpoint();

    let script = workspace.join("tests/bench/boto3_totals.py");
    let boto3 = |threads: usize| {
        let mut command = Command::new(&python);
        command
            .arg(&script)
            .args(["--endpoint", &endpoint, "--bucket", BUCKET]);
        command.args(["--prefix", PREFIX, "--threads", &threads.to_string()]);
        let (report, _) = run(command, "boto3_totals.py");
        let seconds = report["elapsed_seconds"].as_f64().expect("elapsed_seconds");
        (report, seconds)
    };
    let mut measured = Vec::new();
    let mut versions = json!({});
    for (name, threads) in [("boto3_sequential", 1), ("boto3_16_threads", BOTO3_THREADS)] {
        println!("scale: running {name} ...");
        let (report, seconds) = boto3(threads);
        versions = json!({ "python": report["python"], "boto3": report["boto3"] });
        measured.push(Measured {
            name,
            what: format!("boto3, {threads} thread(s): paginate, get_object, json.loads, sum"),
            seconds,
            sums: Sums::from_json(&report, name),
        });
    }
    println!("scale: running logscope_stats ...");
    let mut command = Command::new(&logscope);
    command.args(["stats", "--endpoint", &endpoint, "--bucket", BUCKET]);
    command.args(["--prefix", PREFIX, "--json", "--concurrency"]);
    command.arg(DASHBOARD_READING_LANES.to_string());
    let (report, seconds) = run(command, "logscope stats");
    assert_eq!(
        report["unavailable"], 0,
        "logscope stats could not fetch some objects: {report}"
    );
    measured.push(Measured {
        name: "native_floor",
        what: format!(
            "logscope stats --concurrency {DASHBOARD_READING_LANES}: list, get, parse, sum"
        ),
        seconds,
        sums: Sums::from_json(&report, "logscope stats"),
    });
    drop(server);

    for one in &measured {
        assert!(
            one.sums.agrees_with(&expected),
            "{} reached other totals than session-log over the same bytes:\n  {:?}\n  expected {:?}",
            one.name,
            one.sums,
            expected
        );
    }
    print_and_save(
        &measured,
        &expected,
        sessions,
        corpus.objects.len(),
        bytes,
        versions,
        &workspace,
    );
}

/// `--sessions N`, else `LOGSCOPE_BENCH_SESSIONS`, else 10,000. Other arguments (cargo
/// passes `--bench`) are ignored.
fn session_count() -> usize {
    let args: Vec<String> = std::env::args().collect();
    let given = args
        .iter()
        .position(|arg| arg == "--sessions")
        .map(|at| {
            args.get(at + 1)
                .cloned()
                .expect("--sessions needs a number")
        })
        .or_else(|| std::env::var("LOGSCOPE_BENCH_SESSIONS").ok());
    given.map_or(DEFAULT_SESSIONS, |text| {
        text.parse()
            .unwrap_or_else(|_| panic!("the session count {text:?} is not a whole number"))
    })
}

/// The reference: session-log over the generated bytes, no network.
fn totals_in_memory(objects: &[(String, Vec<u8>)]) -> Sums {
    let prices = PriceTable::builtin();
    let mut totals = Totals::default();
    for (key, body) in objects {
        if let KeyKind::Session(key) = parse_key(PREFIX, key) {
            totals.add(&load(key, body, &prices));
        }
    }
    let report = serde_json::to_value(totals.report()).expect("a report serializes");
    Sums::from_json(&report, "session-log in memory")
}

/// Runs a client with the keys in its environment (never on its command line) and returns
/// the JSON it printed last and the wall-clock seconds it took.
fn run(mut command: Command, who: &str) -> (Value, f64) {
    command
        .env("AWS_ACCESS_KEY_ID", ACCESS)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_PROFILE")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env("NO_PROXY", "127.0.0.1")
        .env("no_proxy", "127.0.0.1");
    let started = Instant::now();
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {who}: {e}"));
    let seconds = started.elapsed().as_secs_f64();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{who} failed ({}):\n{}\n{}",
        output.status,
        stdout,
        String::from_utf8_lossy(&output.stderr)
    );
    let report = serde_json::from_str(stdout.trim())
        .or_else(|_| serde_json::from_str(stdout.lines().last().unwrap_or_default()))
        .unwrap_or_else(|e| panic!("{who} printed no JSON ({e}):\n{stdout}"));
    (report, seconds)
}

fn print_and_save(
    measured: &[Measured],
    expected: &Sums,
    sessions: usize,
    objects: usize,
    bytes: usize,
    versions: Value,
    workspace: &Path,
) {
    let seconds = |name: &str| measured.iter().find(|m| m.name == name).unwrap().seconds;
    let (a, b, c) = (
        seconds("boto3_sequential"),
        seconds("boto3_16_threads"),
        seconds("native_floor"),
    );
    println!(
        "scale: all three agree with session-log: {} sessions, {} not sessions, {} calls, {} tokens, ${:.6}",
        expected.sessions, expected.invalid, expected.calls, expected.total_tokens, expected.cost_usd
    );
    for one in measured {
        println!(
            "scale: {:<17} {:>9.3} s  ({})",
            one.name, one.seconds, one.what
        );
    }
    let ratios = json!({
        "boto3_16_threads / boto3_sequential": b / a,
        "native_floor / boto3_sequential": c / a,
        "native_floor / boto3_16_threads": c / b,
    });
    println!(
        "scale: (b)/(a) {:.3}   (c)/(a) {:.4}   (c)/(b) {:.3}",
        b / a,
        c / a,
        c / b
    );

    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split_once(':'))
                .map(|(_, model)| model.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned());
    let baselines = json!({
        "date": chrono::Utc::now().to_rfc3339(),
        "machine": {
            "nproc": std::thread::available_parallelism().map_or(0, |n| n.get()),
            "cpu_model": cpu,
        },
        "seed": SEED,
        "sessions": sessions,
        "objects": objects,
        "bytes": bytes,
        "versions": versions,
        "totals": {
            "sessions": expected.sessions,
            "invalid": expected.invalid,
            "calls": expected.calls,
            "total_tokens": expected.total_tokens,
            "cost_usd": expected.cost_usd,
        },
        "seconds": measured.iter().map(|m| (m.name.to_owned(), json!(m.seconds))).collect::<serde_json::Map<_, _>>(),
        "how": measured.iter().map(|m| (m.name.to_owned(), json!(m.what))).collect::<serde_json::Map<_, _>>(),
        "ratios": ratios,
    });
    let out = workspace.join("target/bench");
    std::fs::create_dir_all(&out).expect("creating target/bench");
    let path = out.join("results.json");
    let mut results = match std::fs::read_to_string(&path) {
        Ok(text) => match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(map)) => map,
            _ => panic!(
                "{} is not a JSON object; move it away to start anew",
                path.display()
            ),
        },
        Err(_) => serde_json::Map::new(),
    };
    results.insert("scale_baselines".to_owned(), baselines);
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&results).unwrap() + "\n",
    )
    .expect("writing target/bench/results.json");
    println!("scale: written to {}", path.display());
}
