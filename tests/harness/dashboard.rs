//! Driving the built dashboard (`dist/`) in a [`Browser`](crate::browser::Browser): where
//! `dist/` is, typing the connection form, and waiting for what the page shows, with the
//! page source in the panic message when it never shows.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};

/// How long anything on the page gets to appear.
pub const TIMEOUT: Duration = Duration::from_secs(40);

/// The site trunk built (`make site`), beside the workspace's crates.
pub fn dist_dir() -> PathBuf {
    let dist = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist");
    assert!(
        dist.join("index.html").is_file(),
        "{} not found: build the dashboard first with `make site` (trunk build --release)",
        dist.display()
    );
    dist
}

/// What to type into the connection form.
#[derive(Clone, Debug)]
pub struct Form<'a> {
    pub endpoint: &'a str,
    pub bucket: &'a str,
    pub region: &'a str,
    pub prefix: &'a str,
    pub access_key: &'a str,
    pub secret_key: &'a str,
    /// The largest object the page reads, in MB.
    pub max_object_mb: &'a str,
    pub remember: bool,
}

/// Clears and types every field (by `data-testid`), sets "remember", and clicks Connect.
pub async fn connect(client: &Client, form: &Form<'_>) {
    wait_for(client, "[data-testid=connect]").await;
    for (testid, text) in [
        ("endpoint", form.endpoint),
        ("bucket", form.bucket),
        ("region", form.region),
        ("prefix", form.prefix),
        ("access-key", form.access_key),
        ("secret-key", form.secret_key),
        ("max-object-mb", form.max_object_mb),
    ] {
        let input = find(client, &format!("[data-testid={testid}]")).await;
        input.clear().await.unwrap();
        input.send_keys(text).await.unwrap();
    }
    let remember = find(client, "#remember").await;
    if remember.is_selected().await.unwrap() != form.remember {
        remember.click().await.unwrap();
    }
    find(client, "[data-testid=connect]")
        .await
        .click()
        .await
        .unwrap();
}

/// The element matching `css`, now.
pub async fn find(client: &Client, css: &str) -> Element {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|err| panic!("no {css}: {err}"))
}

/// Waits for an element matching `css`.
pub async fn wait_for(client: &Client, css: &str) -> Element {
    match client
        .wait()
        .at_most(TIMEOUT)
        .for_element(Locator::Css(css))
        .await
    {
        Ok(element) => element,
        Err(err) => {
            let source = client.source().await.unwrap_or_default();
            panic!("{css} did not appear within {TIMEOUT:?}: {err}\n--- page source ---\n{source}");
        }
    }
}

/// Waits until the load status is `done` or `error` and returns that state.
pub async fn finished_state(client: &Client) -> String {
    let element = wait_for(
        client,
        "[data-testid=load-status][data-state=done], [data-testid=load-status][data-state=error]",
    )
    .await;
    attr(&element, "data-state").await
}

/// An attribute's value; empty when it is absent.
pub async fn attr(element: &Element, name: &str) -> String {
    element.attr(name).await.unwrap().unwrap_or_default()
}

/// The `data-value` of the element with `data-testid=testid`: a total as the page holds it.
pub async fn data_value(client: &Client, testid: &str) -> String {
    attr(
        &find(client, &format!("[data-testid={testid}]")).await,
        "data-value",
    )
    .await
}

/// Clicks "Share" on the open session's detail and gives back the link the page offers.
pub async fn share_link(client: &Client) -> String {
    find(client, "[data-testid=share-button]")
        .await
        .click()
        .await
        .unwrap();
    wait_for(client, "[data-testid=share-link]")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap()
}

/// Runs the diagnostics of the connected bucket and waits for its last step to pass.
pub async fn run_diagnostics(client: &Client) {
    open(client, "#/diagnostics").await;
    wait_for(client, "[data-testid=run-checks]")
        .await
        .click()
        .await
        .unwrap();
    wait_for(client, "[data-step=objects][data-outcome=pass]").await;
}

/// The totals the overview shows equal `want`, floating-point sums to the bit.
pub async fn assert_totals_shown(client: &Client, want: &session_log::Report) {
    for (testid, value) in [
        ("total-sessions", want.sessions),
        ("total-calls", want.calls),
        ("total-failed-calls", want.failed_calls),
        ("total-tokens", want.total_tokens),
        ("total-invalid", want.invalid),
    ] {
        assert_eq!(
            data_value(client, testid).await,
            value.to_string(),
            "{testid}"
        );
    }
    for (testid, value) in [
        ("total-cost", want.cost_usd),
        ("total-duration", want.session_duration.sum),
    ] {
        let shown: f64 = data_value(client, testid).await.parse().unwrap();
        assert_eq!(
            shown.to_bits(),
            value.to_bits(),
            "{testid}: {shown} != {value}"
        );
    }
}

/// Opens a view of the current document by its fragment, as a link in the page would.
pub async fn open(client: &Client, fragment: &str) {
    let go = format!("location.hash = {}; return 0;", serde_json::json!(fragment));
    script(client, &go).await;
}

/// Runs `script` (a function body that `return`s) in the page and gives back its value.
pub async fn script(client: &Client, script: &str) -> serde_json::Value {
    client
        .execute(script, vec![])
        .await
        .unwrap_or_else(|err| panic!("script failed: {err}\n{script}"))
}

/// Waits until `predicate` (a JavaScript expression) is true in the page; `what` names it
/// in the panic message, with the page source.
pub async fn wait_until(client: &Client, what: &str, predicate: &str) {
    let deadline = Instant::now() + TIMEOUT;
    let script = format!("return !!({predicate});");
    loop {
        if let Ok(serde_json::Value::Bool(true)) = client.execute(&script, vec![]).await {
            return;
        }
        if Instant::now() > deadline {
            let source = client.source().await.unwrap_or_default();
            panic!("{what}: still not true after {TIMEOUT:?}: {predicate}\n--- page source ---\n{source}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// How many elements match `css` now.
pub async fn count(client: &Client, css: &str) -> usize {
    client.find_all(Locator::Css(css)).await.unwrap().len()
}

/// `location.hash`, as the page has it.
pub async fn hash(client: &Client) -> String {
    script(client, "return location.hash;")
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The object keys of the session rows in the DOM, top to bottom.
pub async fn row_keys(client: &Client) -> Vec<String> {
    let keys = script(
        client,
        "return [...document.querySelectorAll('[data-testid=session-row]')]\
         .map(row => row.dataset.key);",
    )
    .await;
    serde_json::from_value(keys).unwrap()
}
