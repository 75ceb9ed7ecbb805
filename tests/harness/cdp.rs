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

/// A full garbage collection, so that the heap read next holds only what is still used.
pub async fn collect_garbage(client: &Client) {
    send(client, "HeapProfiler.collectGarbage", json!({})).await;
}
