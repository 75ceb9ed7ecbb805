//! The site's files are checked against the digests in index.html: a wasm or a wasm glue
//! that differs from the build's (a stale or tampered copy between host and browser) is
//! refused, and the dashboard does not start. The wasm needs `start.js` for that: Chromium
//! ignores the digest of the `fetch` preload trunk writes for it.
//!
//! Build the site first (`make site`), then:
//! `cargo test -p logscope-e2e --test e2e dashboard_integrity::`

use std::path::Path;
use std::time::{Duration, Instant};

use local_s3::static_site::StaticServer;
use logscope_e2e::browser::{Browser, Options};
use logscope_e2e::dashboard::{count, dist_dir, wait_for, TIMEOUT};
use logscope_e2e::logs;

/// A copy of `dist/` with `change` applied to the one file whose name ends with `suffix`.
fn changed_copy(suffix: &str, change: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut changed = 0;
    for entry in std::fs::read_dir(dist_dir()).unwrap() {
        let path = entry.unwrap().path();
        let mut bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if name.starts_with("dashboard-") && name.ends_with(suffix) {
            bytes.extend_from_slice(change);
            changed += 1;
        }
        std::fs::write(dir.path().join(&name), bytes).unwrap();
    }
    assert_eq!(changed, 1, "one dashboard-*{suffix} in dist/");
    dir
}

/// Opens the site in `root` and waits for the console to report the file refused.
async fn refused(browser: &Browser, root: &Path, suffix: &str) {
    let site = StaticServer::start(root).unwrap();
    let client = browser.client();
    client.goto(&site.url()).await.unwrap();
    let deadline = Instant::now() + TIMEOUT;
    let mut console: Vec<String> = Vec::new();
    while !console
        .iter()
        .any(|m| m.contains("'integrity'") && m.contains(suffix) && m.contains("blocked"))
    {
        assert!(
            Instant::now() < deadline,
            "{suffix} not refused: {console:#?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
        console.extend(logs::console(client).await);
    }
    assert_eq!(
        count(client, "[data-testid=connect]").await,
        0,
        "the dashboard started"
    );
}

#[tokio::test]
async fn a_changed_wasm_or_glue_is_refused_and_the_dashboard_does_not_start() {
    let options = Options {
        logs: true,
        ..Options::default()
    };
    let browser = Browser::start_with(options)
        .await
        .unwrap_or_else(|err| panic!("{err}"));

    // The untouched copy starts: the checks below are about the change alone.
    let intact = StaticServer::start(dist_dir()).unwrap();
    browser.client().goto(&intact.url()).await.unwrap();
    wait_for(browser.client(), "[data-testid=connect]").await;

    // Still valid: an empty custom section (id 0, size 2, a one-byte name), a comment.
    let wasm = changed_copy("_bg.wasm", b"\x00\x02\x01x");
    refused(&browser, wasm.path(), "_bg.wasm").await;
    let glue = changed_copy(".js", b"\n// changed\n");
    refused(&browser, glue.path(), ".js").await;

    browser.close().await.unwrap();
}
