//! Long tasks on the dashboard's main thread at scale (none may take over 50 ms), measured,
//! not asserted: a generated bucket (`session_log::corpus`, fixed seed) on local-s3, `dist/`
//! served with a `config.json` that connects at once (as `logscope demo` does), and headless
//! Chromium recording every `longtask` entry from before the page's first script:
//!
//! - while a cold load runs with the overview on screen (`#/`);
//! - while a cold load runs with the sessions table on screen (`#/sessions`);
//! - then, on the table, while a script scrolls it from top to bottom a frame at a time.
//!
//! Each phase prints the longest task, how many went over 50 ms and what ran in the worst
//! ones, and for the scroll the longest gap between frames. Every load starts in a fresh browser profile, so nothing is
//! cached.
//!
//! `cargo bench -p logscope-e2e --bench longtasks -- --sessions N [--pages overview,sessions]`
//! `[--dist DIR]` (default 10,000 sessions, both pages, `dist/`); `make site` first.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::Client;
use local_s3::{LocalS3, LocalS3Config};
use logscope_e2e::browser::Browser;
use logscope_e2e::cdp;
use logscope_e2e::dashboard::dist_dir;
use logscope_e2e::site::Site;
use serde_json::{json, Value};

const SEED: u64 = 6;
const ACCESS: &str = "LOGSCOPEBENCH";
const SECRET: &str = "bench/secret+key=value";
const BUCKET: &str = "logs";
const PREFIX: &str = "openai_logs/";
/// The longest a task may take: longer ones delay the reader's input.
const LONG: f64 = 50.0;
/// How long a load may take before the run gives up.
const LOAD_LIMIT: Duration = Duration::from_secs(3600);

/// Presigned GETs of objects (not listings): how many, their median time in the browser, and
/// the mean number in flight over the load.
const LANES_BUSY: &str = r#"
const r = performance.getEntriesByType('resource')
  .filter(e => e.name.includes('X-Amz') && !e.name.includes('list-type'));
const d = r.map(e => e.duration).sort((a, b) => a - b);
const first = Math.min(...r.map(e => e.startTime)), last = Math.max(...r.map(e => e.responseEnd));
const sum = d.reduce((a, b) => a + b, 0);
return `gets ${r.length}, wall ${(last - first).toFixed(0)} ms, median ${d[d.length >> 1].toFixed(1)} ms, `
  + `p90 ${d[Math.floor(d.length * 0.9)].toFixed(1)}, mean concurrency ${(sum / (last - first)).toFixed(2)}`;
"#;

/// Scrolls the table a frame at a time over `frames` animation frames: from top to bottom
/// (as dragging the scrollbar does) when no step is given, else `step` pixels a frame from
/// the middle down (as a wheel or a fling does); answers the gaps between frames.
const SCROLL: &str = r#"
const [frames, step, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
const box = document.querySelector('.sessions-scroll');
const end = box.scrollHeight - box.clientHeight;
const from = step ? Math.round(end / 2) : 0;
box.scrollTop = from;
const gaps = [];
let last = performance.now(), frame = 0;
window.__longtasks = [];
function next(now) {
  gaps.push(now - last); last = now;
  frame += 1;
  box.scrollTop = step ? from + frame * step : Math.round(end * frame / frames);
  if (frame < frames) requestAnimationFrame(next);
  else requestAnimationFrame(() => done({ gaps, rows: document.querySelectorAll('[data-testid=session-row]').length, top: box.scrollTop, end }));
}
setTimeout(() => { window.__longtasks = []; last = performance.now(); requestAnimationFrame(next); }, 500);
"#;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |name: &str| logscope_e2e::bench::option(&args, name);
    let sessions: usize = value("--sessions").map_or(10_000, |n| n.parse().expect("--sessions N"));
    let pages = value("--pages").unwrap_or_else(|| "overview,sessions".to_owned());

    let root = tempfile::tempdir().expect("a temporary folder for the bucket");
    local_s3::create_bucket(root.path(), BUCKET).expect("creating the bucket");
    let started = Instant::now();
    let corpus = session_log::corpus::generate(SEED, sessions);
    let objects = corpus.objects.len();
    for (key, body) in &corpus.objects {
        local_s3::put_object(root.path(), BUCKET, key, body).expect("seeding the bucket");
    }
    drop(corpus);
    println!(
        "longtasks: {objects} objects ({sessions} sessions) seeded in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let dist = value("--dist").map_or_else(dist_dir, PathBuf::from);
    let site = Site::start(&dist);
    let mut config = LocalS3Config::new(root.path(), ACCESS, SECRET);
    config.allowed_origin = Some(site.origin());
    let s3 = LocalS3::start(config).expect("starting local-s3");
    site.connect_to(&s3.endpoint(), BUCKET, PREFIX, (ACCESS, SECRET));

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    for page in pages.split(',') {
        let route = match page {
            "overview" => "#/",
            "sessions" => "#/sessions",
            other => panic!("unknown page {other:?}: overview or sessions"),
        };
        // `--profile`: a CPU profile of the load; `--profile-scroll`: of the scroll.
        let profile = if args.iter().any(|arg| arg == "--profile-scroll") {
            Some("scroll")
        } else {
            args.iter().any(|arg| arg == "--profile").then_some("load")
        };
        runtime.block_on(measure(&site.url(), page, route, sessions, profile));
    }
}

/// One cold load of `route` in a fresh profile, then (on the table) a scroll.
async fn measure(url: &str, page: &str, route: &str, sessions: usize, profile: Option<&str>) {
    let browser = Browser::start().await.unwrap_or_else(|err| panic!("{err}"));
    let client = browser.client();
    cdp::before_every_page(client, cdp::LONG_TASKS).await;
    if profile == Some("load") {
        start_profile(client).await;
    }
    // A scroll of hundreds of frames on a busy page outlasts WebDriver's 30 s default.
    client
        .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
            Some(Duration::from_secs(600)),
            Some(Duration::from_secs(300)),
            None,
        ))
        .await
        .unwrap();
    let started = Instant::now();
    client.goto(&format!("{url}{route}")).await.unwrap();
    loop {
        let state = client
            .execute(
                "const s = document.querySelector('[data-testid=load-status]');\
                 return s ? s.dataset.state : null;",
                vec![],
            )
            .await
            .unwrap();
        match state.as_str() {
            Some("done") => break,
            Some("error") => panic!("the load failed:\n{}", client.source().await.unwrap()),
            _ if started.elapsed() > LOAD_LIMIT => panic!("no end to the load"),
            _ => tokio::time::sleep(Duration::from_millis(250)).await,
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    // Long tasks still running just after `done` (the final totals) belong to the load.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    report(client, &format!("{sessions} {page} load ({seconds:.1} s)")).await;
    let elements = client
        .execute(
            "return [...document.querySelectorAll('main section, main figure')]\
             .map(s => `${s.dataset.testid || s.className}: ${s.querySelectorAll('*').length}`)\
             .join(', ') + `; whole page ${document.querySelectorAll('*').length}`;",
            vec![],
        )
        .await
        .unwrap();
    println!("  elements: {}", elements.as_str().unwrap_or_default());
    // How busy the reading lanes were; `cdp::LONG_TASKS` raised the resource timing buffer
    // so that every GET is counted.
    let timing = client.execute(LANES_BUSY, vec![]).await.unwrap();
    println!("  timing: {}", timing.as_str().unwrap_or_default());
    if profile == Some("load") {
        let profile = cdp::send(client, "Profiler.stop", json!({})).await;
        print_profile(&profile["profile"]);
    }
    let buffered = client
        .execute_async(
            "const done = arguments[arguments.length - 1]; const seen = [];\
             new PerformanceObserver(l => l.getEntries().forEach(e => seen.push(e.duration)))\
             .observe({type: 'longtask', buffered: true});\
             setTimeout(() => done(seen.length), 500);",
            vec![],
        )
        .await
        .unwrap();
    println!("  a buffered observer registered now replays {buffered} long tasks");

    if page == "sessions" {
        if profile == Some("scroll") {
            start_profile(client).await;
        }
        for (what, frames, step) in [("drag", 600, Value::Null), ("wheel", 300, json!(60))] {
            scroll(client, sessions, what, frames, step).await;
        }
        if profile == Some("scroll") {
            let profile = cdp::send(client, "Profiler.stop", json!({})).await;
            print_profile(&profile["profile"]);
        }
    }
    browser.close().await.unwrap();
}

/// The long tasks seen on the page in this phase, and what ran in the worst of them.
async fn report(client: &Client, what: &str) {
    let tasks = cdp::long_tasks(client).await;
    let longest = tasks.iter().map(|t| t.1).fold(0.0, f64::max);
    let over = tasks.iter().filter(|t| t.1 > LONG).count();
    println!(
        "{what}: {} long tasks, {over} over {LONG} ms, longest {longest:.0} ms",
        tasks.len()
    );
    let frames = cdp::long_frames(client).await;
    for worst in cdp::worst_tasks(&tasks, &frames, 12) {
        println!("  {worst}");
    }
}

/// One scroll of the table (see [`SCROLL`]), reported.
async fn scroll(client: &Client, sessions: usize, what: &str, frames: u32, step: Value) {
    let scrolled = client
        .execute_async(SCROLL, vec![json!(frames), step])
        .await
        .unwrap();
    let gaps: Vec<f64> = serde_json::from_value(scrolled["gaps"].clone()).unwrap();
    let mut sorted = gaps.clone();
    sorted.sort_by(f64::total_cmp);
    let p95 = sorted[sorted.len() * 95 / 100];
    report(
        client,
        &format!("{sessions} table scroll ({what}), {frames} frames"),
    )
    .await;
    println!(
        "  frame gaps: longest {:.1} ms, p95 {p95:.1} ms, median {:.1} ms; {} rows in the DOM at the end",
        sorted.last().unwrap(),
        sorted[sorted.len() / 2],
        scrolled["rows"],
    );
}

/// The functions the page spent most time in, by samples of a CPU profile (self time).
fn print_profile(profile: &Value) {
    let nodes = profile["nodes"].as_array().expect("profile nodes");
    let mut by_name: std::collections::HashMap<String, u64> = Default::default();
    let mut total = 0;
    for node in nodes {
        let frame = &node["callFrame"];
        let url = frame["url"].as_str().unwrap_or_default();
        let file = url.rsplit('/').next().unwrap_or_default();
        let name = format!(
            "{} {file}",
            frame["functionName"].as_str().unwrap_or_default()
        );
        let hits = node["hitCount"].as_u64().unwrap_or(0);
        total += hits;
        *by_name.entry(name).or_default() += hits;
    }
    let mut sorted: Vec<_> = by_name.into_iter().collect();
    sorted.sort_by_key(|entry| std::cmp::Reverse(entry.1));
    println!("  profile, {total} samples of 0.5 ms, by self time:");
    for (name, hits) in sorted.iter().take(30) {
        println!(
            "    {:5.1}% {name}",
            100.0 * *hits as f64 / total.max(1) as f64
        );
    }
    // Inclusive time: a node's hits plus its descendants', counted once per name per path.
    let by_id: std::collections::HashMap<u64, &Value> = nodes
        .iter()
        .map(|n| (n["id"].as_u64().unwrap(), n))
        .collect();
    fn inclusive(
        id: u64,
        by_id: &std::collections::HashMap<u64, &Value>,
        on_path: &mut Vec<String>,
        out: &mut std::collections::HashMap<String, u64>,
    ) -> u64 {
        let node = by_id[&id];
        let name = node["callFrame"]["functionName"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let mut hits = node["hitCount"].as_u64().unwrap_or(0);
        let fresh = !on_path.contains(&name);
        on_path.push(name.clone());
        for child in node["children"].as_array().into_iter().flatten() {
            hits += inclusive(child.as_u64().unwrap(), by_id, on_path, out);
        }
        on_path.pop();
        if fresh {
            *out.entry(name).or_default() += hits;
        }
        hits
    }
    let mut out = Default::default();
    inclusive(
        nodes[0]["id"].as_u64().unwrap(),
        &by_id,
        &mut Vec::new(),
        &mut out,
    );
    let mut sorted: Vec<_> = out
        .into_iter()
        .filter(|(name, _)| name.contains("::"))
        .collect();
    sorted.sort_by_key(|entry| std::cmp::Reverse(entry.1));
    println!("  wasm functions by inclusive time:");
    for (name, hits) in sorted.iter().take(60) {
        let short: String = name.chars().take(170).collect();
        println!(
            "    {:5.1}% {short}",
            100.0 * *hits as f64 / total.max(1) as f64
        );
    }
}

async fn start_profile(client: &Client) {
    cdp::send(client, "Profiler.enable", json!({})).await;
    cdp::send(
        client,
        "Profiler.setSamplingInterval",
        json!({"interval": 500}),
    )
    .await;
    cdp::send(client, "Profiler.start", json!({})).await;
}
