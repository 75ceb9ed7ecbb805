//! The dashboard's two runs in headless Chromium: at 10,000 sessions, a cold load (a new
//! profile) and a warm one (the page loaded again in the same profile, where its cache
//! lives); at 100,000, the first row, the listing, a scroll through the sessions table while
//! the bodies still load, the totals, and the memory the page holds.

use crate::page::{self, Visit};
use crate::scroll;
use crate::sums::Sums;
use logscope_e2e::browser::{Browser, Options};
use logscope_e2e::site::Site;
use std::time::Duration;

/// How long one page load may take before the bench gives up, unless
/// `LOGSCOPE_BENCH_LOAD_TIMEOUT` (seconds) says otherwise.
fn load_timeout() -> Duration {
    let seconds = std::env::var("LOGSCOPE_BENCH_LOAD_TIMEOUT")
        .ok()
        .map(|text| {
            text.parse()
                .expect("LOGSCOPE_BENCH_LOAD_TIMEOUT is whole seconds")
        });
    Duration::from_secs(seconds.unwrap_or(1200))
}

/// How long the 100,000-session run waits for its totals after the scroll (the goals there
/// are about the listing and the table), unless `LOGSCOPE_BENCH_TABLE_WAIT` (seconds) says
/// otherwise.
fn table_totals_wait() -> Duration {
    let seconds = std::env::var("LOGSCOPE_BENCH_TABLE_WAIT").ok().map(|text| {
        text.parse()
            .expect("LOGSCOPE_BENCH_TABLE_WAIT is whole seconds")
    });
    Duration::from_secs(seconds.unwrap_or(600))
}

/// The dashboard at 10,000 sessions.
pub struct Browsed {
    pub cold: Visit,
    pub warm: Visit,
    pub heap_bytes: f64,
    pub wasm_bytes: f64,
}

/// The dashboard at 100,000 sessions.
pub struct Table {
    /// One page of the flat listing (1000 keys) by the native floor, on the same server,
    /// before the page: the server's share of the listing's time.
    pub floor_page_seconds: f64,
    pub sessions: usize,
    pub objects: usize,
    pub bytes: usize,
    pub listed: Visit,
    pub heap_listed: f64,
    pub wasm_listed: f64,
    /// Scrolling top to bottom while the bodies still load.
    pub scroll_during: scroll::Scroll,
    /// And once the totals are in, if they came within the load timeout.
    pub scroll_after: Option<scroll::Scroll>,
    pub totals_ms: Option<f64>,
    /// At the end: after the totals, or when the bench stopped waiting for them.
    pub heap_loaded: f64,
    pub wasm_loaded: f64,
}

pub async fn start_browser() -> Browser {
    let options = Options {
        // Without it, performance.memory is rounded to hide what other pages use.
        args: vec!["--enable-precise-memory-info".to_owned()],
        ..Options::default()
    };
    let browser = Browser::start_with(options)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    page::prepare(browser.client()).await;
    browser
}

/// Cold: the first visit in a new profile; warm: the page loaded again in that profile.
pub async fn browse(site: &Site, expected: &Sums) -> Browsed {
    let browser = start_browser().await;
    let client = browser.client();
    let mut visits = Vec::new();
    for which in ["cold", "warm"] {
        println!("scale: the dashboard, {which} ...");
        let visit = page::visit(client, &site.url(), page::TOTALS, load_timeout()).await;
        page::check_totals(client, expected).await;
        println!("scale: the dashboard, {which}: {visit:?}");
        visits.push(visit);
    }
    let (heap_bytes, wasm_bytes) = page::memory(client).await;
    browser.close().await.expect("closing the browser");
    let warm = visits.pop().expect("two visits");
    let cold = visits.pop().expect("two visits");
    Browsed {
        cold,
        warm,
        heap_bytes,
        wasm_bytes,
    }
}

/// The first row and the listing; a scroll through the table while bodies still load; the
/// rest of the load, and a second scroll once it is done; the memory held after the listing
/// and at the end.
pub async fn table(site: &Site, expected: &Sums) -> Table {
    let browser = start_browser().await;
    let client = browser.client();
    println!("scale: the dashboard's listing and table ...");
    let listed = page::visit(client, &site.url(), page::LISTED, load_timeout()).await;
    let (heap_listed, wasm_listed) = page::memory(client).await;
    println!("scale: listed: {listed:?}; JS heap {heap_listed}, wasm {wasm_listed} bytes");
    println!("scale: scrolling the sessions table during the load ...");
    let scroll_during = scroll::through_sessions(client).await;
    println!("scale: {}", scroll_during.describe());
    let totals_ms = match page::mark_within(client, page::TOTALS, table_totals_wait()).await {
        Ok(at) => Some(at),
        Err(why) => {
            println!("scale: {why}; the totals at this scale are not measured");
            None
        }
    };
    let scroll_after = match totals_ms {
        Some(_) => {
            println!("scale: scrolling the sessions table after the load ...");
            let scroll = scroll::through_sessions(client).await;
            println!("scale: {}", scroll.describe());
            back_to_overview(client).await;
            page::check_totals(client, expected).await;
            Some(scroll)
        }
        None => None,
    };
    let (heap_loaded, wasm_loaded) = page::memory(client).await;
    browser.close().await.expect("closing the browser");
    Table {
        floor_page_seconds: 0.0,
        sessions: 0,
        objects: 0,
        bytes: 0,
        listed,
        heap_listed,
        wasm_listed,
        scroll_during,
        scroll_after,
        totals_ms,
        heap_loaded,
        wasm_loaded,
    }
}

async fn back_to_overview(client: &fantoccini::Client) {
    page::eval(client, "location.hash = '#/'; return null;", vec![]).await;
    page::wait_until(
        client,
        "document.querySelector('[data-testid=total-sessions]')",
    )
    .await;
}
