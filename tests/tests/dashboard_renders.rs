//! The built dashboard (`dist/`, from `trunk build --release`) renders its
//! connection form in headless Chromium, served by a plain static file server.
//!
//! Build first, from the repository root:
//!     PATH="$PWD/node_modules/.bin:$PATH" trunk build --release
//! then:
//!     cargo test -p logscope-e2e --test e2e dashboard_renders::

use std::path::PathBuf;
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use local_s3::static_site::StaticServer;
use logscope_e2e::browser::Browser;

/// How long the wasm app gets to mount, and the form to react.
const RENDER_TIMEOUT: Duration = Duration::from_secs(30);

/// Every input of the form: its id (also its name) and its label text.
const FIELDS: &[(&str, &str)] = &[
    ("endpoint", "Endpoint"),
    ("bucket", "Bucket"),
    ("region", "Region"),
    ("prefix", "Prefix"),
    ("access-key", "Access key ID"),
    ("secret-key", "Secret access key"),
    ("session-token", "Session token (optional)"),
    ("remember", "Remember on this device"),
];

fn dist_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist")
}

#[tokio::test]
async fn dashboard_renders_the_connection_form() {
    let dist = dist_dir();
    assert!(
        dist.join("index.html").is_file(),
        "{} not found: build the dashboard first with `trunk build --release` from the \
         repository root (wasm-opt comes from npm: run `npm ci`, then \
         `PATH=\"$PWD/node_modules/.bin:$PATH\" trunk build --release`, or `npm run build`)",
        dist.join("index.html").display()
    );

    let server = StaticServer::start(&dist).expect("static file server for dist/");
    let browser = Browser::start().await.unwrap_or_else(|err| panic!("{err}"));
    let client = browser.client();

    client
        .goto(&server.url())
        .await
        .expect("open the dashboard");
    // (Not form.tag_name(): chromedriver derives it from the element's
    // `prefix` property, which on a <form> is clobbered by the input named
    // "prefix".)
    wait_for(client, Locator::Css("form#connect-form")).await;
    assert_eq!(client.title().await.unwrap(), "logscope");

    // Every field exists, is an <input> named like its id, and has a
    // <label for=…> with the expected text.
    for (id, label_text) in FIELDS {
        let input = client
            .find(Locator::Id(id))
            .await
            .unwrap_or_else(|err| panic!("no element with id {id:?}: {err}"));
        assert_eq!(input.tag_name().await.unwrap(), "input", "#{id}");
        assert_eq!(
            input.attr("name").await.unwrap().as_deref(),
            Some(*id),
            "#{id} name"
        );
        let label = client
            .find(Locator::Css(&format!("label[for=\"{id}\"]")))
            .await
            .unwrap_or_else(|err| panic!("no <label for={id:?}>: {err}"));
        let text = label.text().await.unwrap();
        assert!(
            text.trim().trim_end_matches('*').trim() == *label_text,
            "label for #{id}: expected {label_text:?}, got {text:?}"
        );
    }

    // Defaults.
    assert_eq!(value_of(client, "region").await, "us-east-1");
    assert_eq!(value_of(client, "prefix").await, "openai_logs/");
    for id in [
        "endpoint",
        "bucket",
        "access-key",
        "secret-key",
        "session-token",
    ] {
        assert_eq!(value_of(client, id).await, "", "#{id} starts empty");
    }
    let endpoint = client.find(Locator::Id("endpoint")).await.unwrap();
    assert_eq!(
        endpoint.attr("placeholder").await.unwrap().as_deref(),
        Some("https://objectstorageapi.example.com")
    );
    let remember = client.find(Locator::Id("remember")).await.unwrap();
    assert_eq!(
        remember.attr("type").await.unwrap().as_deref(),
        Some("checkbox")
    );
    assert!(
        !remember.is_selected().await.unwrap(),
        "remember must be off by default"
    );

    // Secrets are masked and not autocompleted.
    for id in ["secret-key", "session-token"] {
        let input = client.find(Locator::Id(id)).await.unwrap();
        assert_eq!(
            input.attr("type").await.unwrap().as_deref(),
            Some("password"),
            "#{id}"
        );
        assert_eq!(
            input.attr("autocomplete").await.unwrap().as_deref(),
            Some("off"),
            "#{id}"
        );
    }

    let connect = client.find(Locator::Id("connect")).await.unwrap();
    assert_eq!(connect.tag_name().await.unwrap(), "button");
    assert_eq!(
        connect.attr("type").await.unwrap().as_deref(),
        Some("submit")
    );
    assert_eq!(connect.text().await.unwrap().trim(), "Connect");
    assert!(
        client
            .find_all(Locator::Css("[role=alert]"))
            .await
            .unwrap()
            .is_empty(),
        "no alert before submitting"
    );

    // Submitting the empty form names the missing fields.
    connect.click().await.unwrap();
    let alert = wait_for(client, Locator::Css("[role=alert]")).await;
    let message = alert.text().await.unwrap();
    for label in ["Endpoint", "Bucket", "Access key ID", "Secret access key"] {
        assert!(
            message.contains(label),
            "alert should name {label:?}: {message:?}"
        );
    }
    assert!(
        !message.contains("Region"),
        "region has a default: {message:?}"
    );
    assert_eq!(
        endpoint.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true"),
        "empty endpoint is marked invalid"
    );
    assert!(
        client
            .current_url()
            .await
            .unwrap()
            .as_str()
            .starts_with(&server.url()),
        "submitting must not navigate"
    );

    // An endpoint without http(s):// is refused even when everything is filled in.
    endpoint
        .send_keys("objectstorageapi.example.com")
        .await
        .unwrap();
    type_into(client, "bucket", "logs").await;
    type_into(client, "access-key", "AKIDEXAMPLE").await;
    type_into(client, "secret-key", "not-a-real-secret").await;
    connect.click().await.unwrap();
    wait_until_text(
        client,
        "[role=alert]",
        "must start with http:// or https://",
    )
    .await;
    let message = client
        .find(Locator::Css("[role=alert]"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !message.contains("Please fill in"),
        "all fields are filled: {message:?}"
    );

    // With a proper endpoint the form is accepted: the alert goes away.
    endpoint.clear().await.unwrap();
    endpoint
        .send_keys("https://objectstorageapi.example.com")
        .await
        .unwrap();
    connect.click().await.unwrap();
    let status = wait_for(client, Locator::Css("[role=status]")).await;
    let status = status.text().await.unwrap();
    assert!(
        status.contains("s3://logs/openai_logs/ at https://objectstorageapi.example.com"),
        "{status:?}"
    );
    assert!(client
        .find_all(Locator::Css("[role=alert]"))
        .await
        .unwrap()
        .is_empty());
    assert!(!remember.is_selected().await.unwrap());

    browser.close().await.expect("close the browser");
}

/// Waits for an element, failing with the page source if it never shows up.
async fn wait_for(client: &Client, locator: Locator<'_>) -> Element {
    match client
        .wait()
        .at_most(RENDER_TIMEOUT)
        .for_element(locator)
        .await
    {
        Ok(element) => element,
        Err(err) => {
            let source = client.source().await.unwrap_or_default();
            panic!(
                "{locator:?} did not appear within {RENDER_TIMEOUT:?}: {err}\n\
                 --- page source ---\n{source}"
            );
        }
    }
}

/// Waits until the element matching `css` contains `needle`.
async fn wait_until_text(client: &Client, css: &str, needle: &str) {
    let deadline = tokio::time::Instant::now() + RENDER_TIMEOUT;
    let mut last = String::new();
    while tokio::time::Instant::now() < deadline {
        if let Ok(element) = client.find(Locator::Css(css)).await {
            last = element.text().await.unwrap_or_default();
            if last.contains(needle) {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{css} never contained {needle:?}; last text: {last:?}");
}

/// The current value (DOM property) of the input with this id.
async fn value_of(client: &Client, id: &str) -> String {
    let input = client.find(Locator::Id(id)).await.unwrap();
    input.prop("value").await.unwrap().unwrap_or_default()
}

async fn type_into(client: &Client, id: &str, text: &str) {
    client
        .find(Locator::Id(id))
        .await
        .unwrap()
        .send_keys(text)
        .await
        .unwrap();
}
