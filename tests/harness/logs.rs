//! What the browser logged, read from chromedriver (start the browser with
//! [`Options::logs`](crate::browser::Options::logs)): the console of every document, and
//! every network event, failed and blocked requests included, which the page's own
//! `performance` entries leave out. Each read returns what was logged since the last one.

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::Client;
use serde_json::{json, Value};

/// chromedriver's log endpoint (a Selenium extension of WebDriver).
#[derive(Debug)]
struct ReadLog(&'static str);

impl WebDriverCompatibleCommand for ReadLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session_id.expect("reading a log needs an open session");
        base_url.join(&format!("session/{session}/se/log"))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "type": self.0 }).to_string()),
        )
    }
}

async fn read(client: &Client, kind: &'static str) -> Vec<Value> {
    let entries = client
        .issue_cmd(ReadLog(kind))
        .await
        .unwrap_or_else(|e| panic!("reading the {kind} log failed (was Options::logs set?): {e}"));
    serde_json::from_value(entries).expect("a log is a list of entries")
}

/// The console messages (and the browser's own errors, such as policy violations) logged
/// since the last read, as chromedriver words them.
pub async fn console(client: &Client) -> Vec<String> {
    read(client, "browser")
        .await
        .into_iter()
        .map(|entry| entry["message"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The DevTools network and page events since the last read, each a `{method, params}`
/// object.
pub async fn network(client: &Client) -> Vec<Value> {
    read(client, "performance")
        .await
        .into_iter()
        .filter_map(|entry| {
            let message: Value = serde_json::from_str(entry["message"].as_str()?).ok()?;
            Some(message["message"].clone())
        })
        .collect()
}

/// The URL of every request among `events` made by a document whose address starts with
/// `site`, in order, whatever became of it. Leaves out what the browser loads for itself
/// (its new tab page's `chrome://` files, say).
pub fn requested_urls(events: &[Value], site: &str) -> Vec<String> {
    events
        .iter()
        .filter(|event| event["method"] == "Network.requestWillBeSent")
        .map(|event| &event["params"])
        .filter(|params| {
            params["documentURL"]
                .as_str()
                .is_some_and(|document| document.starts_with(site))
        })
        .filter_map(|params| params["request"]["url"].as_str())
        .map(str::to_owned)
        .collect()
}
