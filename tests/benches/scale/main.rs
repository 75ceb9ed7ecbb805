//! `make bench` at scale: how long getting totals over 10,000 sessions takes the way the log
//! writer's team would do it today, a native client, and the dashboard in headless Chromium,
//! all measured in one run against one in-process S3 server (local-s3, loopback only) seeded
//! with one generated bucket (`session_log::corpus`, fixed seed); then the dashboard alone
//! over 100,000 sessions, for its listing and its sessions table.
//!
//! - (a) boto3, sequential, and (b) with 16 threads: `tests/bench/boto3_totals.py`;
//! - `logscope stats` with the dashboard's 6 requests in flight;
//! - (c) the floor: [`floor`], a native client with the dashboard's concurrency that only
//!   lists, downloads, parses and adds up;
//! - (d) the page's floor: `logscope_e2e::floor`, Chromium fetching and parsing every object alone,
//!   after a native listing that is timed too (what even a warm load cannot go under);
//! - the dashboard, cold (a new profile) and warm (the page loaded again in the same
//!   profile), read from its own performance marks ([`page`]);
//! - at 100,000 sessions: the first row, the listing, a scroll through the table
//!   ([`scroll`]), and the memory the page holds.
//!
//! Every client, and the page, must reach the totals session-log computes from the same
//! bytes before any time is reported. The speed goals ([`goals`]) are printed as met or
//! missed and, with every figure, written under `scale` in `target/bench/results.json`
//! (keeping the file's other keys) and as a table in `target/bench/scale.md`.
//!
//! Takes `LOGSCOPE_BENCH_PYTHON` (a Python with `tests/bench/requirements.txt`),
//! `LOGSCOPE_BENCH_LOGSCOPE` (default `target/release/logscope`), `--sessions N` (10,000),
//! `--table-sessions N` (100,000) and `--parts a,b` (any of boto3, stats, floor,
//! page_floor, browser, table; all by default). `make bench` sets up all of it, `dist/` included.

mod dashboard;
mod floor;
mod goals;
mod page;
mod report;
mod scroll;
mod sums;

use local_s3::{LocalS3, LocalS3Config};
use logscope_e2e::site::Site;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use sums::Sums;

const SEED: u64 = 6;
const ACCESS: &str = "LOGSCOPEBENCH";
const SECRET: &str = "bench/secret+key=value";
const BUCKET: &str = "logs";
const PREFIX: &str = "openai_logs/";
const BOTO3_THREADS: usize = 16;
/// Requests the page has on the wire at once over this bench's plain HTTP/1.1: Chromium opens
/// at most 6 connections to one host, whatever the page's lanes.
const DASHBOARD_READING_LANES: usize = 6;
/// Fetches the page starts with at once (`s3_read::lanes::START`): over HTTP/1.1 it stays
/// near there.
const DASHBOARD_FETCHES: usize = 8;
const PARTS: [&str; 6] = ["boto3", "stats", "floor", "page_floor", "browser", "table"];

/// One client's run over the 10,000 sessions.
pub struct Measured {
    pub name: &'static str,
    pub what: String,
    pub seconds: f64,
}

/// A seeded bucket served on loopback for one site.
struct Bucket {
    _root: tempfile::TempDir,
    server: LocalS3,
    objects: usize,
    bytes: usize,
    expected: Sums,
}

/// Prints a client's time as soon as it is known (the summary comes at the end).
fn measured(name: &'static str, what: String, seconds: f64) -> Measured {
    println!("scale: {name}: {seconds:.3} s");
    Measured {
        name,
        what,
        seconds,
    }
}

fn main() {
    let load_at_start = report::load_average();
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("the workspace folder");
    let (sessions, table_sessions, parts) = arguments();
    let wants = |part: &str| parts.iter().any(|p| p == part);
    let site = Site::start(&workspace.join("dist"));
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");

    let bucket = seed(sessions, &site);
    let endpoint = bucket.server.endpoint();
    let mut measured = Vec::new();
    let mut versions = json!({});
    if wants("boto3") {
        for (name, threads) in [("boto3_sequential", 1), ("boto3_16_threads", BOTO3_THREADS)] {
            let (seconds, report) = boto3(&workspace, &endpoint, threads, &bucket.expected);
            versions = json!({ "python": report["python"], "boto3": report["boto3"] });
            let what = format!("boto3, {threads} thread(s): paginate, get_object, json.loads, sum");
            measured.push(self::measured(name, what, seconds));
        }
    }
    if wants("stats") {
        let seconds = logscope_stats(&workspace, &endpoint, &bucket.expected);
        let what = format!("logscope stats --concurrency {DASHBOARD_READING_LANES}: flat listing");
        measured.push(self::measured("logscope_stats", what, seconds));
    }
    if wants("floor") {
        println!("scale: running the native floor ...");
        let floor = floor::run(&target(&endpoint), DASHBOARD_READING_LANES);
        floor.sums.check(&bucket.expected, "the native floor");
        let what = format!(
            "native: flat listing (done at {:.3} s), {DASHBOARD_READING_LANES} GETs in flight, session_log::load, sum",
            floor.listing_seconds
        );
        measured.push(self::measured("native_floor", what, floor.seconds));
    }
    if wants("page_floor") {
        println!("scale: running the page's floor ...");
        let (urls, listing_seconds) = floor::presigned_gets(&target(&endpoint));
        let what = "native: the flat listing alone, nothing else asking the server".to_owned();
        measured.push(self::measured("native_listing", what, listing_seconds));
        let seconds = runtime.block_on(async {
            let browser = dashboard::start_browser().await;
            let origin_page = format!("{}config.json", site.url());
            let seconds = logscope_e2e::floor::fetch_and_parse(
                browser.client(),
                &origin_page,
                &urls,
                DASHBOARD_FETCHES,
                false,
            )
            .await;
            browser.close().await.expect("closing the browser");
            seconds
        });
        let what = format!(
            "Chromium alone: {DASHBOARD_FETCHES} fetch() in flight, JSON.parse; listed beforehand"
        );
        measured.push(self::measured("page_floor", what, seconds));
    }
    let browsed =
        wants("browser").then(|| runtime.block_on(dashboard::browse(&site, &bucket.expected)));
    let small = (bucket.objects, bucket.bytes, bucket.expected.clone());
    drop(bucket);

    let table = wants("table").then(|| {
        let bucket = seed(table_sessions, &site);
        let page_seconds = floor::first_page(&target(&bucket.server.endpoint()));
        let mut table = runtime.block_on(dashboard::table(&site, &bucket.expected));
        (table.sessions, table.objects, table.bytes) =
            (table_sessions, bucket.objects, bucket.bytes);
        table.floor_page_seconds = page_seconds;
        table
    });

    let transfer = goals::first_load(&workspace.join("dist"));
    let run = report::Run {
        sessions,
        objects: small.0,
        bytes: small.1,
        expected: small.2,
        seed: SEED,
        load_at_start,
        versions,
        chromium: chromium_version(),
        measured,
        browsed,
        table,
        transfer,
    };
    report::print_and_save(&run, &workspace);
}

/// `--sessions`, `--table-sessions`, `--parts`; cargo's own `--bench` is ignored.
fn arguments() -> (usize, usize, Vec<String>) {
    let args: Vec<String> = std::env::args().collect();
    let value = |name: &str| {
        args.iter().position(|arg| arg == name).map(|at| {
            args.get(at + 1)
                .cloned()
                .unwrap_or_else(|| panic!("{name} needs a value"))
        })
    };
    let count = |name: &str, default: usize| {
        value(name).map_or(default, |text| {
            text.parse()
                .unwrap_or_else(|_| panic!("{name} {text:?} is not a whole number"))
        })
    };
    let parts: Vec<String> = value("--parts").map_or_else(
        || PARTS.iter().map(|p| p.to_string()).collect(),
        |text| text.split(',').map(str::to_owned).collect(),
    );
    for part in &parts {
        assert!(
            PARTS.contains(&part.as_str()),
            "unknown part {part:?}: pick from {PARTS:?}"
        );
    }
    (
        count("--sessions", 10_000),
        count("--table-sessions", 100_000),
        parts,
    )
}

/// Generates `sessions`, writes them into a new bucket served for `site`'s origin, and has
/// the site connect to it.
fn seed(sessions: usize, site: &Site) -> Bucket {
    let corpus = session_log::corpus::generate(SEED, sessions);
    let expected = sums::in_memory(&corpus.objects, PREFIX);
    let root = tempfile::tempdir().expect("a temporary folder for the bucket");
    local_s3::create_bucket(root.path(), BUCKET).expect("creating the bucket");
    for (key, body) in &corpus.objects {
        local_s3::put_object(root.path(), BUCKET, key, body).expect("seeding the bucket");
    }
    let bytes: usize = corpus.objects.iter().map(|(_, body)| body.len()).sum();
    println!(
        "scale: {} objects ({sessions} sessions, seed {SEED}, {:.1} MB) on local-s3",
        corpus.objects.len(),
        bytes as f64 / 1e6
    );
    let mut config = LocalS3Config::new(root.path(), ACCESS, SECRET);
    config.allowed_origin = Some(site.origin());
    let server = LocalS3::start(config).expect("starting local-s3");
    site.connect_to(&server.endpoint(), BUCKET, PREFIX, (ACCESS, SECRET));
    Bucket {
        _root: root,
        server,
        objects: corpus.objects.len(),
        bytes,
        expected,
    }
}

/// The bench's bucket on `endpoint`, for the native floor.
fn target(endpoint: &str) -> floor::Target<'_> {
    floor::Target {
        endpoint,
        bucket: BUCKET,
        prefix: PREFIX,
        access: ACCESS,
        secret: SECRET,
    }
}

fn boto3(workspace: &Path, endpoint: &str, threads: usize, expected: &Sums) -> (f64, Value) {
    println!("scale: running boto3 with {threads} thread(s) ...");
    let python = std::env::var("LOGSCOPE_BENCH_PYTHON").unwrap_or_else(|_| {
        panic!("set LOGSCOPE_BENCH_PYTHON to a Python with tests/bench/requirements.txt (make bench does)")
    });
    let mut command = Command::new(python);
    command.arg(workspace.join("tests/bench/boto3_totals.py"));
    command.args([
        "--endpoint",
        endpoint,
        "--bucket",
        BUCKET,
        "--prefix",
        PREFIX,
    ]);
    command.args(["--threads", &threads.to_string()]);
    let (report, _) = logscope_e2e::bench::run(command, "boto3_totals.py", ACCESS, SECRET);
    Sums::from_json(&report, "boto3").check(expected, &format!("boto3 ({threads} threads)"));
    let seconds = report["elapsed_seconds"].as_f64().expect("elapsed_seconds");
    (seconds, report)
}

fn logscope_stats(workspace: &Path, endpoint: &str, expected: &Sums) -> f64 {
    println!("scale: running logscope stats ...");
    let logscope = logscope_e2e::bench::logscope_binary(workspace);
    let mut command = Command::new(&logscope);
    command.args([
        "stats",
        "--endpoint",
        endpoint,
        "--bucket",
        BUCKET,
        "--prefix",
        PREFIX,
    ]);
    command.args([
        "--json",
        "--concurrency",
        &DASHBOARD_READING_LANES.to_string(),
    ]);
    let (report, seconds) = logscope_e2e::bench::run(command, "logscope stats", ACCESS, SECRET);
    assert_eq!(
        report["unavailable"], 0,
        "logscope stats could not fetch some objects: {report}"
    );
    Sums::from_json(&report, "logscope stats").check(expected, "logscope stats");
    seconds
}

fn chromium_version() -> String {
    Command::new(logscope_e2e::browser::CHROMIUM)
        .arg("--version")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .unwrap_or_default()
}
