//! The dashboard in headless Chromium, measured by its own performance marks: `dist/` copied
//! with a config.json that connects it to the bench's bucket at once (as `logscope demo`
//! does), served by local-s3's plain static server on loopback, and visited through
//! chromedriver.
//!
//! Times are `performance.getEntriesByName(mark)[0].startTime`: milliseconds from the start
//! of the navigation. Long tasks come from a `PerformanceObserver` for `longtask` that CDP
//! (`Page.addScriptToEvaluateOnNewDocument`) installs in every document before the page's
//! own scripts run, so that it sees every task of the load. Each visit also records how many
//! long tasks an observer registered after the load with `buffered: true` is given, to show
//! whether Chromium buffers them.

use crate::sums::Sums;
use fantoccini::Client;
use logscope_e2e::cdp;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

pub const FIRST_ROW: &str = "logscope:first-row";
pub const LISTED: &str = "logscope:listed";
pub const TOTALS: &str = "logscope:totals";

/// Records every long task, and the wasm instance once trunk's loader has started it.
const OBSERVER: &str = r#"(() => {
  const bench = (window.__logscopeBench = { longTasks: [], wasm: null, observing: false });
  try {
    new PerformanceObserver((list) => {
      for (const task of list.getEntries()) bench.longTasks.push([task.startTime, task.duration]);
    }).observe({ type: 'longtask' });
    bench.observing = true;
  } catch (e) {
    bench.error = String(e);
  }
  addEventListener('TrunkApplicationStarted', (event) => { bench.wasm = event.detail.wasm; });
})();"#;

/// Counts the long tasks a new observer with `buffered: true` is given.
const LATE_BUFFERED: &str = r#"
const done = arguments[arguments.length - 1];
let seen = 0;
const observer = new PerformanceObserver((list) => {
  seen += list.getEntries().filter((entry) => entry.entryType === 'longtask').length;
});
observer.observe({ type: 'longtask', buffered: true });
setTimeout(() => { observer.disconnect(); done(seen); }, 300);
"#;

/// Installs the observer in every page the browser opens from now on, and lets scripts run
/// as long as a scroll through 100,000 rows takes.
pub async fn prepare(client: &Client) {
    cdp::before_every_page(client, OBSERVER).await;
    client
        .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
            Some(Duration::from_secs(600)),
            Some(Duration::from_secs(120)),
            Some(Duration::ZERO),
        ))
        .await
        .expect("setting WebDriver timeouts");
}

/// One page load, measured.
#[derive(Debug, Clone)]
pub struct Visit {
    pub first_row_ms: f64,
    pub listed_ms: Option<f64>,
    pub totals_ms: Option<f64>,
    /// The longest long task, and how many there were, up to the totals (or to now).
    pub longest_task_ms: f64,
    pub long_tasks: usize,
    pub long_tasks_over_50ms: usize,
    /// How many long tasks an observer registered after the load with `buffered: true`
    /// receives: what the page could see without the early observer.
    pub late_buffered_long_tasks: u64,
}

/// Opens `url` afresh and waits for `until` (a mark), at most `timeout`.
pub async fn visit(client: &Client, url: &str, until: &str, timeout: Duration) -> Visit {
    client
        .goto("about:blank")
        .await
        .expect("opening about:blank");
    client.goto(url).await.expect("opening the dashboard");
    let observing = eval(client, "return window.__logscopeBench || null;", vec![]).await;
    assert!(
        observing["observing"] == json!(true),
        "the long-task observer is not in the page: {observing}"
    );
    let end = wait_for_mark(client, until, timeout).await;
    let first_row_ms = mark(client, FIRST_ROW)
        .await
        .unwrap_or_else(|| panic!("{until} came, but no {FIRST_ROW} mark before it"));
    let tasks = eval(
        client,
        "return window.__logscopeBench.longTasks.filter(([start]) => start <= arguments[0]);",
        vec![json!(end)],
    )
    .await;
    let durations: Vec<f64> = tasks
        .as_array()
        .expect("a list of long tasks")
        .iter()
        .map(|task| task[1].as_f64().expect("a duration"))
        .collect();
    let late = client
        .execute_async(LATE_BUFFERED, vec![])
        .await
        .unwrap_or_else(|e| panic!("the late observer failed: {e}"));
    Visit {
        late_buffered_long_tasks: late.as_u64().expect("a count of long tasks"),
        first_row_ms,
        listed_ms: mark(client, LISTED).await,
        totals_ms: mark(client, TOTALS).await,
        longest_task_ms: durations.iter().copied().fold(0.0, f64::max),
        long_tasks: durations.len(),
        long_tasks_over_50ms: durations.iter().filter(|&&d| d > 50.0).count(),
    }
}

/// The mark's time, if the page has set it.
pub async fn mark(client: &Client, name: &str) -> Option<f64> {
    let found = eval(
        client,
        "const e = performance.getEntriesByName(arguments[0]); return e.length ? e[0].startTime : null;",
        vec![json!(name)],
    )
    .await;
    found.as_f64()
}

/// Waits for the mark and returns its time; a load that fails shows its message.
pub async fn wait_for_mark(client: &Client, name: &str, timeout: Duration) -> f64 {
    match mark_within(client, name, timeout).await {
        Ok(at) => at,
        Err(why) => panic!(
            "{why}: is dist/ built with the marks? (`grep -rn {name} crates/dashboard`, then \
             `make site`)"
        ),
    }
}

/// The mark's time once the page sets it, or, after `timeout`, what the load status says.
pub async fn mark_within(client: &Client, name: &str, timeout: Duration) -> Result<f64, String> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(at) = mark(client, name).await {
            return Ok(at);
        }
        let failed = eval(
            client,
            "const s = document.querySelector('[data-testid=load-status][data-state=error]'); \
             return s ? s.innerText : null;",
            vec![],
        )
        .await;
        assert!(failed.is_null(), "the page's load failed: {failed}");
        if Instant::now() > deadline {
            let status = eval(
                client,
                "const s = document.querySelector('[data-testid=load-status]'); \
                 return s ? [s.dataset.state, s.dataset.found, s.dataset.finished] : null;",
                vec![],
            )
            .await;
            return Err(format!(
                "no {name} mark after {timeout:?} (load status: state, found, finished = {status})"
            ));
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// The totals the overview shows, checked against session-log's: before any time counts.
pub async fn check_totals(client: &Client, expected: &Sums) {
    let shown = eval(
        client,
        "const v = (id) => document.querySelector(`[data-testid=${id}]`)?.dataset.value ?? null;\
         return ['total-sessions', 'total-invalid', 'total-calls', 'total-tokens', 'total-cost'].map(v);",
        vec![],
    )
    .await;
    let number = |at: usize| -> f64 {
        shown[at]
            .as_str()
            .and_then(|text| text.parse().ok())
            .unwrap_or_else(|| panic!("the overview shows no totals: {shown}"))
    };
    let want = [
        expected.sessions as f64,
        expected.invalid as f64,
        expected.calls as f64,
        expected.total_tokens as f64,
    ];
    for (at, want) in want.into_iter().enumerate() {
        assert_eq!(
            number(at),
            want,
            "the page's totals {shown} != {expected:?}"
        );
    }
    assert!(
        (number(4) - expected.cost_usd).abs() <= 1e-6,
        "the page's cost {} != {}",
        number(4),
        expected.cost_usd
    );
}

/// The JS heap after a full garbage collection and the wasm memory, in bytes.
pub async fn memory(client: &Client) -> (f64, f64) {
    cdp::collect_garbage(client).await;
    let sizes = eval(
        client,
        "return [performance.memory.usedJSHeapSize, \
         window.__logscopeBench.wasm?.memory?.buffer?.byteLength ?? null];",
        vec![],
    )
    .await;
    let size = |at: usize| {
        sizes[at]
            .as_f64()
            .unwrap_or_else(|| panic!("no memory size at {at} in {sizes}"))
    };
    (size(0), size(1))
}

pub async fn eval(client: &Client, script: &str, args: Vec<Value>) -> Value {
    client
        .execute(script, args)
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

/// Waits until `predicate` (a JavaScript expression) holds in the page, at most a minute.
pub async fn wait_until(client: &Client, predicate: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    let script = format!("return !!({predicate});");
    while eval(client, &script, vec![]).await != json!(true) {
        assert!(
            Instant::now() < deadline,
            "still not true after a minute: {predicate}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
