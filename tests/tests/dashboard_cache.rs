//! The dashboard's cache in IndexedDB, in real Chromium against local-s3: a second visit
//! (the page loaded again in the same browser profile) fetches no object it already read and
//! shows the same totals; "Refresh" fetches only what was written since; "Clear cache" makes
//! the next visit read everything; a body opened in the detail view is kept, and read again
//! once a small budget evicted it; without IndexedDB the page loads uncached and says so. Which objects the
//! page fetched comes from its own resource timing entries: every presigned GET of an
//! object is one entry named by its URL.
//!
//! Build the site first (`make site`), then:
//! `cargo test -p logscope-e2e --test e2e dashboard_cache::`

use fantoccini::Client;
use logscope_e2e::browser::Options;
use logscope_e2e::bucket::{sample, BUCKET, PREFIX};
use logscope_e2e::dashboard::{attr, find, finished_state, script, wait_for, wait_until};
use logscope_e2e::rig::Rig;
use s3_presign::encode::encode_query;
use session_log::{KeyKind, PriceTable, Totals};

/// The tiles whose `data-value` must not change between a cold and a warm load.
pub(crate) const TOTALS: [&str; 7] = [
    "total-sessions",
    "total-calls",
    "total-failed-calls",
    "total-tokens",
    "total-invalid",
    "total-cost",
    "total-duration",
];

/// The sample and a generated corpus over a few drawing folders, broken objects among them.
pub(crate) fn bucket() -> Vec<(String, Vec<u8>)> {
    let mut objects = sample();
    objects.extend(session_log::corpus::generate(61, 40).objects);
    objects
}

/// The keys of every object GET this document sent, in order.
pub(crate) async fn object_gets(client: &Client) -> Vec<String> {
    let path = format!("/{BUCKET}/");
    let keys = script(
        client,
        &format!(
            "return performance.getEntriesByType('resource')
               .map(entry => new URL(entry.name).pathname)
               .filter(path => path.startsWith('{path}') && path.length > {len})
               .map(path => decodeURIComponent(path.slice({len})));",
            len = path.len()
        ),
    )
    .await;
    serde_json::from_value(keys).unwrap()
}

/// Opens the page afresh (a new document, the same profile, nothing kept for the tab) and
/// connects by typing the form.
pub(crate) async fn visit(rig: &Rig) {
    let client = rig.client();
    let url = client.current_url().await.unwrap();
    let mut page = url.clone();
    page.set_fragment(None);
    // As in a new tab: this tab's kept settings would connect by themselves.
    script(client, "sessionStorage.clear(); return 0;").await;
    client.goto("about:blank").await.unwrap();
    client.goto(page.as_str()).await.unwrap();
    wait_for(client, "[data-testid=connect]").await;
    // Room for every entry of these small buckets.
    script(
        client,
        "performance.setResourceTimingBufferSize(10000); return 0;",
    )
    .await;
    rig.connect().await;
}

/// Waits until the load's summaries are written: the cache counts `sessions` objects.
pub(crate) async fn cached(client: &Client, objects: usize) {
    wait_until(
        client,
        "the cache holds every object read",
        &format!(
            "document.querySelector('[data-testid=cache-controls]')?.dataset.sessions === '{objects}'"
        ),
    )
    .await;
}

/// The rig on the test bucket after one visit whose summaries are all in the cache, and the
/// bucket's session keys.
async fn visited_and_cached() -> (Rig, Vec<String>) {
    let rig = Rig::start(bucket(), Options::default()).await;
    let keys = session_keys(&rig.seeded.objects);
    visit(&rig).await;
    cached(rig.client(), keys.len()).await;
    (rig, keys)
}

/// Every total tile's `data-value`.
pub(crate) async fn totals(client: &Client) -> Vec<(String, String)> {
    let mut shown = Vec::new();
    for testid in TOTALS {
        let tile = find(client, &format!("[data-testid={testid}]")).await;
        shown.push((testid.to_owned(), attr(&tile, "data-value").await));
    }
    shown
}

/// The session objects of `objects`, sorted.
pub(crate) fn session_keys(objects: &[(String, Vec<u8>)]) -> Vec<String> {
    let mut keys: Vec<String> = objects
        .iter()
        .filter(|(key, _)| matches!(session_log::parse_key(PREFIX, key), KeyKind::Session(_)))
        .map(|(key, _)| key.clone())
        .collect();
    keys.sort();
    keys
}

pub(crate) fn sorted(mut keys: Vec<String>) -> Vec<String> {
    keys.sort();
    keys
}

async fn marks(client: &Client, name: &str) -> u64 {
    script(
        client,
        &format!("return performance.getEntriesByName('{name}', 'mark').length;"),
    )
    .await
    .as_u64()
    .unwrap()
}

#[tokio::test]
async fn a_second_visit_fetches_no_object_it_read_before_and_shows_the_same_totals() {
    let rig = Rig::start(bucket(), Options::default()).await;
    let client = rig.client();
    let keys = session_keys(&rig.seeded.objects);

    visit(&rig).await;
    assert_eq!(
        sorted(object_gets(client).await),
        keys,
        "cold: every object once"
    );
    let cold = totals(client).await;
    let mut counted = Vec::new();
    for mark in ["logscope:first-row", "logscope:listed", "logscope:totals"] {
        counted.push(marks(client, mark).await);
    }
    assert_eq!(
        counted,
        [1, 1, 1],
        "first row, listed, totals: once on the cold load"
    );
    cached(client, keys.len()).await;

    visit(&rig).await;
    assert_eq!(
        object_gets(client).await,
        Vec::<String>::new(),
        "warm: no GET"
    );
    assert_eq!(totals(client).await, cold, "warm totals equal cold ones");
    let mut counted = Vec::new();
    for mark in ["logscope:first-row", "logscope:listed", "logscope:totals"] {
        counted.push(marks(client, mark).await);
    }
    assert_eq!(
        counted,
        [1, 1, 1],
        "first row, listed, totals: once on the warm load"
    );
    let status = find(client, "[data-testid=load-status]").await;
    assert_eq!(attr(&status, "data-found").await, keys.len().to_string());
    assert_eq!(attr(&status, "data-finished").await, keys.len().to_string());
    rig.browser.close().await.unwrap();
}

#[tokio::test]
async fn refresh_fetches_only_the_objects_written_since_and_adds_them_to_the_totals() {
    let mut rig = Rig::start(bucket(), Options::default()).await;
    visit(&rig).await;
    let before = object_gets(rig.client()).await.len();

    // One in a folder already seen, after its last key; one in a new folder sorting first.
    let body = session_log::corpus::generate(62, 2).objects;
    let new = [
        "openai_logs/1/openai_interaction_zz_refresh_T9_1760000000.json.txt",
        "openai_logs/000/openai_interaction_qto_refresh_1760000001.json.txt",
    ];
    for (key, (_, body)) in new.iter().zip(&body) {
        rig.seeded.put(key, body);
    }
    let client = rig.client();
    find(client, "[data-testid=refresh]")
        .await
        .click()
        .await
        .unwrap();
    let found = session_keys(&rig.seeded.objects).len();
    wait_until(
        client,
        "the refresh ends",
        &format!(
            "document.querySelector('[data-testid=load-status][data-state=done]')\
             ?.dataset.found === '{found}'"
        ),
    )
    .await;
    assert_eq!(finished_state(client).await, "done");
    let fetched = object_gets(client).await.split_off(before);
    assert_eq!(sorted(fetched), sorted(new.map(String::from).to_vec()));

    // The totals are those of every object now in the bucket, added in key order.
    let mut all: Vec<&(String, Vec<u8>)> = rig.seeded.objects.iter().collect();
    all.sort_by(|a, b| a.0.cmp(&b.0));
    let mut want = Totals::default();
    for (key, body) in all {
        if let KeyKind::Session(key) = session_log::parse_key(PREFIX, key) {
            want.add(&session_log::load(key, body, &PriceTable::builtin()));
        }
    }
    let want = want.report();
    let shown = totals(client).await;
    assert_eq!(shown[0].1, want.sessions.to_string(), "sessions");
    assert_eq!(shown[4].1, want.invalid.to_string(), "invalid");
    let cost: f64 = shown[5].1.parse().unwrap();
    assert_eq!(cost.to_bits(), want.cost_usd.to_bits(), "cost: {cost}");
    rig.browser.close().await.unwrap();
}

#[tokio::test]
async fn after_clearing_the_cache_the_next_visit_fetches_everything_again() {
    let (rig, keys) = visited_and_cached().await;
    let client = rig.client();

    find(client, "[data-testid=clear-cache]")
        .await
        .click()
        .await
        .unwrap();
    cached(client, 0).await;
    let kept = find(client, "[data-testid=cache-controls]").await;
    assert_eq!(attr(&kept, "data-body-bytes").await, "0");

    visit(&rig).await;
    assert_eq!(sorted(object_gets(client).await), keys);
    rig.browser.close().await.unwrap();
}

#[tokio::test]
async fn an_opened_body_is_kept_until_a_small_budget_evicts_it() {
    let (rig, _) = visited_and_cached().await;
    let client = rig.client();
    let key = sample().remove(0).0;
    let fetches_of_key = |gets: Vec<String>| gets.iter().filter(|g| **g == key).count();
    let open = format!("#/session/{}", encode_query(&key));
    let detail = "[data-testid=session-detail][data-state=open]";

    // A load keeps summaries, not bodies: the first opening reads the body again.
    assert_eq!(fetches_of_key(object_gets(client).await), 1);
    let controls = find(client, "[data-testid=cache-controls]").await;
    assert_eq!(attr(&controls, "data-body-bytes").await, "0");
    script(client, &format!("location.hash = '{open}'; return 0;")).await;
    wait_for(client, detail).await;
    assert_eq!(fetches_of_key(object_gets(client).await), 2, "read to open");
    wait_until(
        client,
        "the opened body is kept",
        "document.querySelector('[data-testid=cache-controls]')?.dataset.bodyBytes !== '0'",
    )
    .await;
    // Opened again: from the cache.
    script(client, "location.hash = '#/'; return 0;").await;
    wait_for(client, "[data-testid=cache-budget]").await;
    script(client, &format!("location.hash = '{open}'; return 0;")).await;
    wait_for(client, detail).await;
    assert_eq!(fetches_of_key(object_gets(client).await), 2, "no GET: kept");

    // A budget of 0 MB evicts every body; the detail view reads it again.
    script(client, "location.hash = '#/'; return 0;").await;
    let budget = wait_for(client, "[data-testid=cache-budget]").await;
    budget.clear().await.unwrap();
    // Typed, then Tab: the field's change is what sets the budget.
    budget.send_keys("0\u{e004}").await.unwrap();
    wait_until(
        client,
        "every body is evicted",
        "document.querySelector('[data-testid=cache-controls]').dataset.bodyBytes === '0'",
    )
    .await;
    script(client, &format!("location.hash = '{open}'; return 0;")).await;
    wait_for(client, detail).await;
    assert_eq!(
        fetches_of_key(object_gets(client).await),
        3,
        "fetched again"
    );
    rig.browser.close().await.unwrap();
}

#[tokio::test]
async fn without_indexeddb_the_page_loads_uncached_and_says_so() {
    let rig = Rig::start(bucket(), Options::default()).await;
    let client = rig.client();
    let keys = session_keys(&rig.seeded.objects);
    // As in a browser that offers no IndexedDB to this page; the cache opens on first use.
    script(
        client,
        "Object.defineProperty(window, 'indexedDB', { value: undefined }); return 0;",
    )
    .await;
    rig.connect().await;
    let controls = wait_for(client, "[data-testid=cache-controls][data-off]").await;
    assert_eq!(attr(&controls, "data-sessions").await, "0");
    wait_for(client, "[data-testid=cache-off]").await;
    let status = find(client, "[data-testid=load-status]").await;
    assert_eq!(attr(&status, "data-finished").await, keys.len().to_string());
    assert_eq!(sorted(object_gets(client).await), keys);
    rig.browser.close().await.unwrap();
}
