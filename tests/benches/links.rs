//! The dashboard against its browser's own floor on a played link: local-s3 over HTTPS and
//! HTTP/2 (as Sealos's ingress speaks), a round trip and a downstream played in the server
//! (`local_s3::link`), and headless Chromium trusting this run's certificate.
//!
//! Measured in one run, on one bucket (`session_log::corpus::generate`, fixed seed):
//! - boto3, sequential and with 16 threads (`tests/bench/boto3_totals.py`, trusting this
//!   run's certificate through `AWS_CA_BUNDLE`): what the log writer's team has today;
//! - Chromium's floor: a page that only fetches every object with `fetch()` and
//!   `JSON.parse`s it, 8, 32 and 96 at once, the URLs signed beforehand; and the same at 96
//!   in a dedicated worker, the page's main thread left idle;
//! - one listing of the bucket in Chromium: its pages of 1,000 one after another (signed
//!   beforehand, each starting after the last key of the one before), the floor under a
//!   warm load; and the other way to list, the folders first (delimiter `/`) and then every
//!   folder's own listing, 96 at once (`--listing-only` stops after these two);
//! - the dashboard, cold (a new profile): from navigation to its `logscope:totals` mark, with
//!   every object read, and to its first row; then warm, the page opened again in the same
//!   profile, its cache holding every summary. Each load's milestones and long tasks are
//!   printed too;
//! - the native CLI, `logscope stats`, as many reads at once as the page had at its end,
//!   trusting the certificate through `AWS_CA_BUNDLE` (over HTTP/1.1: one connection a read).
//!
//! `cargo bench -p logscope-e2e --bench links -- --link sealos --sessions 2000 [--boto3 1,16]`
//! `[--listing-only | --dashboard-only | --index] [--route '#/sessions']`; `--index` measures
//! the summary index instead: the dashboard cold and `logscope stats` without it, `logscope
//! index`, then both again with it;
//! links are
//! `sealos` (40 ms, 200 Mbit/s), `far` (150 ms, 50 Mbit/s) and `loopback` (plain HTTP/1.1,
//! nothing played). Needs `dist/` (`make site`), the release `logscope` (or
//! `LOGSCOPE_BENCH_LOGSCOPE`) and `LOGSCOPE_BENCH_PYTHON`, a Python with
//! `tests/bench/requirements.txt` (`make bench` makes both).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::Utc;
use local_s3::link::Link;
use local_s3::{LocalS3, LocalS3Config};
use logscope_e2e::browser::{Browser, Options};
use logscope_e2e::cdp;
use logscope_e2e::dashboard::script;
use logscope_e2e::floor;
use logscope_e2e::site::Site;
use s3_presign::{Bucket, Credentials, Expiry, UrlStyle};
use serde_json::json;

const SEED: u64 = 6;
const ACCESS: &str = "LOGSCOPEBENCH";
const SECRET: &str = "bench/secret+key=value";
const BUCKET: &str = "logs";
const PREFIX: &str = "openai_logs/";
const FLOOR_LANES: [usize; 3] = [8, 32, 96];
/// Folder listings at once, as many as the dashboard's lanes reach.
const FOLDER_LANES: usize = 96;
/// Reads at once for `logscope stats` and `logscope index` in `--index`.
const INDEX_LANES: usize = 96;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |name: &str| logscope_e2e::bench::option(&args, name);
    let link_name = value("--link").unwrap_or_else(|| "sealos".into());
    let (tls, link) = match link_name.as_str() {
        "sealos" => (true, Link::new(40, 200)),
        "far" => (true, Link::new(150, 50)),
        "loopback" => (false, Link::default()),
        other => panic!("unknown link {other:?}: sealos, far or loopback"),
    };
    let sessions: usize = value("--sessions").map_or(2_000, |n| n.parse().expect("--sessions N"));
    // The view on screen while the dashboard loads, e.g. `#/sessions`; the overview if none.
    let route = value("--route").unwrap_or_default();
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");

    let corpus = session_log::corpus::generate(SEED, sessions);
    let root = tempfile::tempdir().expect("a folder for the bucket");
    local_s3::create_bucket(root.path(), BUCKET).expect("the bucket");
    for (key, body) in &corpus.objects {
        local_s3::put_object(root.path(), BUCKET, key, body).expect("seeding");
    }
    let site = Site::start(&workspace.join("dist"));
    let mut config = LocalS3Config::new(root.path(), ACCESS, SECRET);
    config.allowed_origin = Some(site.origin());
    config.tls = tls;
    config.link = link;
    let s3 = LocalS3::start(config).expect("local-s3");
    site.connect_to(&s3.endpoint(), BUCKET, PREFIX, (ACCESS, SECRET));
    let trust: Vec<String> = s3
        .certificate()
        .map(|c| format!("--ignore-certificate-errors-spki-list={}", c.spki_sha256()))
        .into_iter()
        .collect();
    println!(
        "links: {} objects ({sessions} sessions) on {link_name}: {} ms a round trip, {} Mbit/s, {}",
        corpus.objects.len(),
        link.rtt.as_millis(),
        link.down_bits_per_sec.map_or(0, |b| b / 1_000_000),
        if tls { "HTTPS + HTTP/2" } else { "HTTP/1.1" }
    );
    let urls = signed(
        &s3.endpoint(),
        corpus.objects.iter().map(|(key, _)| key.as_str()),
    );

    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let pages = listing_pages(&s3.endpoint(), &corpus.objects);
    let listing = runtime.block_on(async {
        let browser = browser(&trust).await;
        let origin_page = format!("{}config.json", site.url());
        let seconds = floor::one_after_another(browser.client(), &origin_page, &pages).await;
        browser.close().await.expect("closing the browser");
        seconds
    });
    println!(
        "links: one listing in Chromium, {} pages: {listing:.2} s",
        pages.len()
    );
    let (tops, folders) = folder_pages(&s3.endpoint(), &corpus.objects);
    let by_folder = runtime.block_on(async {
        let browser = browser(&trust).await;
        let origin_page = format!("{}config.json", site.url());
        let client = browser.client();
        let top = floor::one_after_another(client, &origin_page, &tops).await;
        let rest = floor::at_once(client, &origin_page, &folders, FOLDER_LANES).await;
        browser.close().await.expect("closing the browser");
        top + rest
    });
    println!(
        "links: listing by folder in Chromium, {} top pages then {} folders {FOLDER_LANES} at \
         once: {by_folder:.2} s; by folder / flat: {:.2}",
        tops.len(),
        folders.len(),
        by_folder / listing
    );
    if args.iter().any(|arg| arg == "--listing-only") {
        return;
    }
    let ca_bundle = tempfile::NamedTempFile::new().expect("a file for the certificate");
    if let Some(certificate) = s3.certificate() {
        std::fs::write(ca_bundle.path(), certificate.pem()).expect("writing the PEM");
    }
    let ca = tls.then(|| ca_bundle.path());
    // `--index`: the summary index's goals, the dashboard and the CLI without and with it.
    if args.iter().any(|arg| arg == "--index") {
        let sessions = sessions_in(&corpus.objects);
        let without = runtime.block_on(dashboard(&site, &trust, corpus.objects.len(), &route));
        let stats = logscope_stats(&workspace, &s3.endpoint(), INDEX_LANES, ca, sessions);
        let (written, index) = logscope_index(&workspace, &s3.endpoint(), ca);
        println!("links: logscope index, {INDEX_LANES} at once: {index:.2} s: {written}");
        let through = logscope_stats(&workspace, &s3.endpoint(), INDEX_LANES, ca, sessions);
        let with = runtime.block_on(dashboard(&site, &trust, corpus.objects.len(), &route));
        println!(
            "links: logscope stats, {INDEX_LANES} at once: {stats:.2} s without the index, \
             {through:.2} s with it; index / stats: {:.2}",
            index / stats
        );
        println!(
            "links: the dashboard, cold: {:.2} s without the index, {:.2} s with it (first row \
             {:.2} s); with / without: {:.3}; with / one listing: {:.2}",
            without.cold,
            with.cold,
            with.first_row,
            with.cold / without.cold,
            with.cold / listing
        );
        return;
    }
    // `--dashboard-only`: the listing and the dashboard's two loads, to try a change of the
    // page without minutes of baselines.
    if args.iter().any(|arg| arg == "--dashboard-only") {
        let loads = runtime.block_on(dashboard(&site, &trust, corpus.objects.len(), &route));
        println!(
            "links: the dashboard, cold: {:.2} s, first row {:.2} s; warm: {:.2} s; warm / one \
             listing: {:.2}",
            loads.cold,
            loads.first_row,
            loads.warm,
            loads.warm / listing
        );
        return;
    }
    // `--boto3 16` leaves out the sequential run, which takes minutes on a far link.
    let threads: Vec<usize> = value("--boto3").map_or(vec![1, 16], |list| {
        list.split(',')
            .map(|n| n.parse().expect("--boto3 1,16"))
            .collect()
    });
    let boto3s: Vec<(usize, f64)> = threads
        .into_iter()
        .map(|threads| {
            let seconds = boto3(
                &workspace,
                &s3.endpoint(),
                threads,
                ca,
                corpus.objects.len(),
            );
            println!("links: boto3, {threads} thread(s): {seconds:.2} s");
            (threads, seconds)
        })
        .collect();

    let floors: Vec<(usize, f64)> = FLOOR_LANES
        .iter()
        .map(|&lanes| {
            let seconds = runtime.block_on(floor(&site, &trust, &urls, lanes, false));
            println!("links: Chromium's floor, {lanes} in flight: {seconds:.2} s");
            (lanes, seconds)
        })
        .collect();
    let worker_lanes = FLOOR_LANES[FLOOR_LANES.len() - 1];
    let in_worker = runtime.block_on(floor(&site, &trust, &urls, worker_lanes, true));
    println!("links: Chromium's floor in a worker, {worker_lanes} in flight: {in_worker:.2} s");
    let loads = runtime.block_on(dashboard(&site, &trust, corpus.objects.len(), &route));
    let (cold, warm) = (loads.cold, loads.warm);
    println!(
        "links: the dashboard, cold: {cold:.2} s ({} requests at once at the most, {} at the end)",
        s3.most_in_flight(),
        loads.lanes
    );
    println!(
        "links: the dashboard, cold, first row: {:.2} s",
        loads.first_row
    );
    println!(
        "links: the dashboard, warm: {warm:.2} s; warm / one listing: {:.2}",
        warm / listing
    );
    let native_lanes: usize = loads.lanes.parse().unwrap_or(16);
    let native = logscope_stats(
        &workspace,
        &s3.endpoint(),
        native_lanes,
        ca,
        sessions_in(&corpus.objects),
    );
    println!(
        "links: logscope stats (native, HTTP/1.1), {native_lanes} at once as the page ended: \
         {native:.2} s; cold / native: {:.2}",
        cold / native
    );
    let at_8 = floors[0].1;
    let best = floors.iter().map(|(_, s)| *s).fold(f64::INFINITY, f64::min);
    println!(
        "links: cold / Chromium's floor at 8: {:.2}; cold / its best floor: {:.2}",
        cold / at_8,
        cold / best
    );
    for (threads, seconds) in boto3s {
        println!(
            "links: cold / boto3 with {threads} thread(s): {:.3}",
            cold / seconds
        );
    }
}

/// What the run's URLs are signed with: the bucket, the keys, an hour.
fn signer(endpoint: &str) -> (Bucket, Credentials, Expiry) {
    let bucket = Bucket::new(endpoint, BUCKET, "us-east-1", UrlStyle::Path).expect("endpoint");
    let credentials = Credentials::new(ACCESS, SECRET).expect("keys");
    (
        bucket,
        credentials,
        Expiry::from_secs(3600).expect("expiry"),
    )
}

/// Presigned ListObjectsV2 pages of the whole prefix, 1,000 keys each, each after the last
/// key of the one before.
fn listing_pages(endpoint: &str, objects: &[(String, Vec<u8>)]) -> Vec<String> {
    let (bucket, credentials, expiry) = signer(endpoint);
    let mut keys: Vec<&str> = objects.iter().map(|(key, _)| key.as_str()).collect();
    keys.sort_unstable();
    let starts = std::iter::once(None).chain(keys.chunks(1000).map(|page| page.last().copied()));
    starts
        .take(keys.len().div_ceil(1000))
        .map(|start_after| {
            let list = s3_presign::ListObjectsV2 {
                prefix: Some(PREFIX),
                max_keys: Some(1000),
                start_after,
                ..s3_presign::ListObjectsV2::default()
            };
            s3_presign::list_objects_v2(&bucket, &credentials, &list, Utc::now(), expiry)
        })
        .collect()
}

/// The other way to list: the prefix's top level with the delimiter `/` (its folders, pages
/// one after another), then each folder's own listing; returns both sets of URLs.
fn folder_pages(endpoint: &str, objects: &[(String, Vec<u8>)]) -> (Vec<String>, Vec<String>) {
    let (bucket, credentials, expiry) = signer(endpoint);
    let mut folders: Vec<String> = objects
        .iter()
        .filter_map(|(key, _)| {
            let rest = key.strip_prefix(PREFIX)?;
            let (folder, _) = rest.split_once('/')?;
            Some(format!("{PREFIX}{folder}/"))
        })
        .collect();
    folders.sort_unstable();
    folders.dedup();
    let sign = |list: &s3_presign::ListObjectsV2| {
        s3_presign::list_objects_v2(&bucket, &credentials, list, Utc::now(), expiry)
    };
    let starts = std::iter::once(None).chain(folders.chunks(1000).map(|page| page.last()));
    let tops = starts
        .take(folders.len().div_ceil(1000).max(1))
        .map(|start_after| {
            sign(&s3_presign::ListObjectsV2 {
                prefix: Some(PREFIX),
                delimiter: Some("/"),
                max_keys: Some(1000),
                start_after: start_after.map(String::as_str),
                ..s3_presign::ListObjectsV2::default()
            })
        })
        .collect();
    let each = folders
        .iter()
        .map(|folder| {
            sign(&s3_presign::ListObjectsV2 {
                prefix: Some(folder),
                max_keys: Some(1000),
                ..s3_presign::ListObjectsV2::default()
            })
        })
        .collect();
    (tops, each)
}

/// Presigned GETs of `keys`, valid for the run.
fn signed<'a>(endpoint: &str, keys: impl Iterator<Item = &'a str>) -> Vec<String> {
    let (bucket, credentials, expiry) = signer(endpoint);
    keys.map(|key| {
        s3_presign::get_object(&bucket, &credentials, key, Utc::now(), expiry).expect("a URL")
    })
    .collect()
}

async fn browser(trust: &[String]) -> Browser {
    let options = Options {
        args: trust.to_vec(),
        ..Options::default()
    };
    let browser = Browser::start_with(options)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    browser
        .client()
        .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
            Some(Duration::from_secs(600)),
            Some(Duration::from_secs(120)),
            Some(Duration::ZERO),
        ))
        .await
        .expect("WebDriver timeouts");
    browser
}

/// Seconds for Chromium alone to fetch and parse every URL, `lanes` at once, from a page on
/// the site's origin, or from a worker of that page.
async fn floor(
    site: &Site,
    trust: &[String],
    urls: &[String],
    lanes: usize,
    in_worker: bool,
) -> f64 {
    let browser = browser(trust).await;
    let origin_page = format!("{}config.json", site.url());
    let seconds =
        floor::fetch_and_parse(browser.client(), &origin_page, urls, lanes, in_worker).await;
    browser.close().await.expect("closing the browser");
    seconds
}

/// Seconds boto3 takes to list, get and parse every object with `threads` GETs at once;
/// panics unless it read all `objects`.
fn boto3(
    workspace: &std::path::Path,
    endpoint: &str,
    threads: usize,
    ca_bundle: Option<&std::path::Path>,
    objects: usize,
) -> f64 {
    let python = std::env::var("LOGSCOPE_BENCH_PYTHON").unwrap_or_else(|_| {
        panic!("set LOGSCOPE_BENCH_PYTHON to a Python with tests/bench/requirements.txt (make bench does)")
    });
    let mut command = std::process::Command::new(python);
    command
        .arg(workspace.join("tests/bench/boto3_totals.py"))
        .args([
            "--endpoint",
            endpoint,
            "--bucket",
            BUCKET,
            "--prefix",
            PREFIX,
        ])
        .args(["--threads", &threads.to_string()]);
    logscope_e2e::bench::trusting(&mut command, ca_bundle);
    let (report, _) = logscope_e2e::bench::run(command, "boto3_totals.py", ACCESS, SECRET);
    assert_eq!(report["objects"], json!(objects), "boto3 read every object");
    report["elapsed_seconds"].as_f64().expect("elapsed_seconds")
}

/// How many sessions session-log finds among `objects`.
fn sessions_in(objects: &[(String, Vec<u8>)]) -> u64 {
    let prices = session_log::PriceTable::builtin();
    let mut totals = session_log::Totals::default();
    for (key, body) in objects {
        if let session_log::KeyKind::Session(session) = session_log::parse_key(PREFIX, key) {
            totals.add(&session_log::load(session, body, &prices));
        }
    }
    totals.report().sessions
}

/// Seconds the native CLI, `logscope stats` (`LOGSCOPE_BENCH_LOGSCOPE`, by default the
/// release build), takes to list, read and total every object `lanes` at once, trusting the
/// run's certificate through `AWS_CA_BUNDLE`; panics unless it read all `sessions`.
fn logscope_stats(
    workspace: &std::path::Path,
    endpoint: &str,
    lanes: usize,
    ca_bundle: Option<&std::path::Path>,
    sessions: u64,
) -> f64 {
    let logscope = logscope_e2e::bench::logscope_binary(workspace);
    let mut command = std::process::Command::new(&logscope);
    command
        .args(["stats", "--endpoint", endpoint, "--bucket", BUCKET])
        .args(["--prefix", PREFIX, "--json"])
        .args(["--concurrency", &lanes.to_string()]);
    logscope_e2e::bench::trusting(&mut command, ca_bundle);
    let (report, seconds) = logscope_e2e::bench::run(command, "logscope stats", ACCESS, SECRET);
    assert_eq!(report["unavailable"], 0, "every object read: {report}");
    assert_eq!(report["sessions"], json!(sessions), "every session counted");
    seconds
}

/// Runs `logscope index` over the bucket: what it printed, and the seconds it took.
fn logscope_index(
    workspace: &std::path::Path,
    endpoint: &str,
    ca_bundle: Option<&std::path::Path>,
) -> (String, f64) {
    let logscope = logscope_e2e::bench::logscope_binary(workspace);
    let mut command = std::process::Command::new(&logscope);
    command
        .args(["index", "--endpoint", endpoint, "--bucket", BUCKET])
        .args(["--prefix", PREFIX])
        .args(["--concurrency", &INDEX_LANES.to_string()]);
    logscope_e2e::bench::trusting(&mut command, ca_bundle);
    let (said, seconds) =
        logscope_e2e::bench::run_for_text(command, "logscope index", ACCESS, SECRET);
    (said.trim().replace('\n', "; "), seconds)
}

/// The dashboard's two loads, in seconds from navigation to its totals, and the reads in
/// flight at the end of the cold one.
struct Loads {
    cold: f64,
    first_row: f64,
    warm: f64,
    lanes: String,
}

/// Opens the dashboard in a new profile (cold), then again in the same one (warm); checks
/// every object was read or taken from the cache each time.
async fn dashboard(site: &Site, trust: &[String], objects: usize, route: &str) -> Loads {
    let browser = browser(trust).await;
    let client = browser.client();
    cdp::before_every_page(client, cdp::LONG_TASKS).await;
    let page = format!("{}{route}", site.url());
    let cold = totals_seconds(client, &page, objects).await;
    println!(
        "links: the dashboard, cold, in ms from navigation: {}",
        milestones(client).await
    );
    println!("links: the dashboard, cold: {}", long_tasks(client).await);
    let first_row = script(
        client,
        "return performance.getEntriesByName('logscope:first-row').map(e => e.startTime);",
    )
    .await;
    let first_row = first_row[0].as_f64().expect("a first row") / 1000.0;
    let lanes = script(
        client,
        "return document.querySelector('[data-testid=load-rate]').dataset.lanes;",
    )
    .await;
    // As a returning visitor: a new page in the same profile, its IndexedDB kept.
    client.goto("about:blank").await.expect("leaving the page");
    let warm = totals_seconds(client, &page, objects).await;
    println!(
        "links: the dashboard, warm, in ms from navigation: {}",
        milestones(client).await
    );
    println!("links: the dashboard, warm: {}", long_tasks(client).await);
    browser.close().await.expect("closing the browser");
    Loads {
        cold,
        first_row,
        warm,
        lanes: lanes.as_str().unwrap_or_default().to_owned(),
    }
}

/// Seconds from opening `url` to the dashboard's `logscope:totals` mark, with every object
/// finished.
async fn totals_seconds(client: &fantoccini::Client, url: &str, objects: usize) -> f64 {
    client.goto(url).await.expect("opening the dashboard");
    let deadline = Instant::now() + Duration::from_secs(1200);
    let totals_ms = loop {
        let marks = script(
            client,
            "return performance.getEntriesByName('logscope:totals').map(e => e.startTime);",
        )
        .await;
        if let Some(ms) = marks.get(0).and_then(serde_json::Value::as_f64) {
            break ms;
        }
        assert!(Instant::now() < deadline, "no totals within 20 minutes");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let finished = script(
        client,
        "return document.querySelector('[data-testid=load-status]').dataset.finished;",
    )
    .await;
    assert_eq!(finished, json!(objects.to_string()), "every object read");
    totals_ms / 1000.0
}

/// The page's long tasks so far: how many, and the five longest with when they began.
async fn long_tasks(client: &fantoccini::Client) -> String {
    let tasks = cdp::long_tasks(client).await;
    let worst = cdp::worst_tasks(&tasks, &cdp::long_frames(client).await, 5);
    format!(
        "{} long tasks (over 50 ms); the longest: {}",
        tasks.len(),
        worst.join(", ")
    )
}

/// Where a load's time went, in ms from navigation: the page's code arriving, its listing
/// requests (the first sent, the last answered), the listing taken in, and the totals.
async fn milestones(client: &fantoccini::Client) -> String {
    let times = script(
        client,
        "const mark = name => (performance.getEntriesByName(name)[0] || {}).startTime;
         const code = performance.getEntriesByType('resource')
           .filter(e => e.name.endsWith('.wasm')).map(e => e.responseEnd);
         const lists = performance.getEntriesByType('resource')
           .filter(e => e.name.includes('list-type=2'));
         return [code[0], lists.length ? lists[0].startTime : undefined,
                 lists.length ? Math.max(...lists.map(e => e.responseEnd)) : undefined,
                 mark('logscope:listed'), mark('logscope:totals')];",
    )
    .await;
    let at = |i: usize| {
        times[i]
            .as_f64()
            .map_or("-".to_owned(), |ms| format!("{ms:.0}"))
    };
    format!(
        "wasm fetched {} ms, first listing sent {}, last listing answered {}, listed {}, \
         totals {}",
        at(0),
        at(1),
        at(2),
        at(3),
        at(4)
    )
}
