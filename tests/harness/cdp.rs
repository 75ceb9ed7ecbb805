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
/// `longtask` entry in `window.__longtasks` as `[startTime, duration]`, and raises the
/// resource timing buffer so that every request of a load is counted.
pub const LONG_TASKS: &str = "performance.setResourceTimingBufferSize(100000);window.__longtasks=[];try{new PerformanceObserver(function(list){\
list.getEntries().forEach(function(e){window.__longtasks.push([e.startTime,e.duration]);});})\
.observe({type:'longtask'});}catch(e){window.__longtaskError=String(e);}";

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

/// A full garbage collection, so that the heap read next holds only what is still used.
pub async fn collect_garbage(client: &Client) {
    send(client, "HeapProfiler.collectGarbage", json!({})).await;
}
