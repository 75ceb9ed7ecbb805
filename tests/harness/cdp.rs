//! Chrome DevTools Protocol commands sent through chromedriver's `goog/cdp/execute`
//! endpoint, for what WebDriver cannot do: run a script in every new document before the
//! page's own (the long-task observer must exist before the dashboard starts), and collect
//! garbage before reading the heap.

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::Client;
use serde_json::{json, Value};

#[derive(Debug)]
struct Cdp {
    command: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session_id.expect("a CDP command needs an open session");
        base_url.join(&format!("session/{session}/goog/cdp/execute"))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.command, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// Sends one CDP command and returns its result.
pub async fn send(client: &Client, command: &'static str, params: Value) -> Value {
    client
        .issue_cmd(Cdp { command, params })
        .await
        .unwrap_or_else(|e| panic!("CDP {command} through chromedriver failed: {e}"))
}

/// Has `source` run in every document from now on, before any of the page's scripts.
pub async fn before_every_page(client: &Client, source: &str) {
    send(
        client,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": source }),
    )
    .await;
}

/// Run before every page ([`before_every_page`]), so that tasks from the very start are seen
/// whether or not this Chromium replays long tasks to a buffered observer: keeps every
/// `longtask` entry in `window.__longtasks` as `[startTime, duration]`, every blocking
/// `long-animation-frame` in `window.__longframes` (what ran in it, for [`long_frames`]), and
/// raises the resource timing buffer so that every request of a load is counted.
pub const LONG_TASKS: &str = "performance.setResourceTimingBufferSize(100000);window.__longtasks=[];try{new PerformanceObserver(function(list){\
list.getEntries().forEach(function(e){window.__longtasks.push([e.startTime,e.duration]);});})\
.observe({type:'longtask'});}catch(e){window.__longtaskError=String(e);}\
window.__longframes=[];try{new PerformanceObserver(function(list){list.getEntries().forEach(function(e){\
if(e.blockingDuration>0)window.__longframes.push({start:e.startTime,duration:e.duration,\
layout:e.styleAndLayoutStart?e.startTime+e.duration-e.styleAndLayoutStart:0,\
scripts:e.scripts.map(function(s){return {invoker:s.invoker,start:s.startTime,duration:s.duration};})});});})\
.observe({type:'long-animation-frame'});}catch(e){}";

/// The long tasks [`LONG_TASKS`] kept on the page so far, as (start, duration) in ms.
pub async fn long_tasks(client: &Client) -> Vec<(f64, f64)> {
    let answer = client
        .execute(
            "return {tasks: window.__longtasks, error: window.__longtaskError || null};",
            vec![],
        )
        .await
        .expect("reading the long tasks");
    if let Some(error) = answer["error"].as_str() {
        panic!("this Chromium has no longtask observer: {error}");
    }
    serde_json::from_value(answer["tasks"].clone()).expect("the observer's tasks")
}

/// A frame of the page that held up input, as the Long Animation Frames API reports it: when
/// it began and how long it took (ms), how much of its end was style and layout, and each
/// script callback it ran (what invoked it, when it began, how long it took).
#[derive(Debug, Clone)]
pub struct LongFrame {
    pub start: f64,
    pub duration: f64,
    pub layout: f64,
    pub scripts: Vec<FrameScript>,
}

/// One callback of a [`LongFrame`].
#[derive(Debug, Clone)]
pub struct FrameScript {
    pub invoker: String,
    pub start: f64,
    pub duration: f64,
}

impl LongFrame {
    /// What ran in the frame's task that began at `task_start` (a long task's start): the
    /// longest callback from then on, as `invoker (ms)`, and the frame's style and layout.
    pub fn explain(&self, task_start: f64) -> String {
        let script = self
            .scripts
            .iter()
            .filter(|s| s.start + 1.0 >= task_start)
            .max_by(|a, b| a.duration.total_cmp(&b.duration));
        match script {
            Some(s) => format!(
                "{} {:.0} ms, layout {:.0} ms",
                s.invoker, s.duration, self.layout
            ),
            None => format!("no script, layout {:.0} ms", self.layout),
        }
    }
}

/// The `n` longest of `tasks` (as [`long_tasks`] gives them), longest first, each as
/// `ms at s` and, where one of `frames` holds it, what ran in it ([`LongFrame::explain`]).
pub fn worst_tasks(tasks: &[(f64, f64)], frames: &[LongFrame], n: usize) -> Vec<String> {
    let mut sorted = tasks.to_vec();
    sorted.sort_by(|a, b| b.1.total_cmp(&a.1));
    sorted
        .iter()
        .take(n)
        .map(|&(at, ms)| {
            let inside = frames
                .iter()
                .find(|f| f.start <= at + 1.0 && at < f.start + f.duration)
                .map(|f| format!(" ({})", f.explain(at)))
                .unwrap_or_default();
            format!("{ms:.0} ms at {:.2} s{inside}", at / 1000.0)
        })
        .collect()
}

/// The long animation frames [`LONG_TASKS`] kept on the page so far; none where this
/// Chromium has no such observer.
pub async fn long_frames(client: &Client) -> Vec<LongFrame> {
    let frames = client
        .execute("return window.__longframes || [];", vec![])
        .await
        .expect("reading the long animation frames");
    let number = |v: &Value, name: &str| v[name].as_f64().unwrap_or(0.0);
    let frames = frames.as_array().expect("the observer's frames");
    frames
        .iter()
        .map(|f| LongFrame {
            start: number(f, "start"),
            duration: number(f, "duration"),
            layout: number(f, "layout"),
            scripts: f["scripts"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|s| FrameScript {
                    invoker: s["invoker"].as_str().unwrap_or_default().to_owned(),
                    start: number(s, "start"),
                    duration: number(s, "duration"),
                })
                .collect(),
        })
        .collect()
}

/// A full garbage collection, so that the heap read next holds only what is still used.
pub async fn collect_garbage(client: &Client) {
    send(client, "HeapProfiler.collectGarbage", json!({})).await;
}
