//! The dashboard's views over a real bucket: the sessions table (sorted and filtered, with
//! both in the address, and never more than 200 rows in the DOM), one session's detail, deep
//! links that survive a reload, share links opened in a browser that has no credentials at
//! all, and log content that looks like markup, which must stay text.
//!
//! Same setup as `dashboard_load.rs`: `dist/` served as plain static files, local-s3 with
//! CORS for the site's origin only, headless Chromium. Expected values come from session-log
//! over the same objects.
//!
//! Build the site first (`make site`), then:
//! `cargo test -p logscope-e2e --test e2e dashboard_views::`

use fantoccini::Client;
use logscope_e2e::browser::{Browser, Options};
use logscope_e2e::bucket::{sample, ACCESS, BUCKET, SECRET};
use logscope_e2e::dashboard::{
    attr, count, find, finished_state, hash, row_keys, script, share_link, wait_for, wait_until,
};
use logscope_e2e::rig::Rig;
use s3_presign::encode::encode_query;
use s3_presign::{Bucket, Credentials, Expiry, UrlStyle};
use serde_json::json;
use session_log::PriceTable;

/// A session whose every text field holds markup that would run if it were ever parsed
/// as HTML: each payload sets `window.__pwned`.
const MARKUP_KEY: &str =
    "openai_logs/66/openai_interaction_qto_markup_1750600000.json_deadbeef.txt";
const IMG: &str = "<img src=x onerror=\"window.__pwned=1\">";
const SCRIPT: &str = "<script>window.__pwned=1</script>";

fn markup_session() -> (String, Vec<u8>) {
    let body = json!({
        "session_info": {
            "session_id": "qto_markup_1750600000",
            "task_id": IMG,
            "drawing_id": 66,
            "session_type": "qto",
            "start_time": "2025-06-22T22:00:00.000001",
            "end_time": "2025-06-22T22:00:04.5",
            "status": "completed",
            "total_duration_seconds": 4.5,
            "note": SCRIPT,
        },
        "api_calls": [
            {
                "call_id": "call_1_1750600000000",
                "model": "gpt-4o-2024-11-20",
                "status": "success",
                "duration_seconds": 2.0,
                "tokens_used": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150},
                "cost_estimate": 0.00125,
                "request": {"messages": [
                    {"role": "system", "content": SCRIPT},
                    {"role": "user", "content": [
                        {"type": "text", "text": IMG},
                        {"type": "image_url", "image_url": {"detail": "high", "url_type": "base64", "estimated_size_kb": 812}}
                    ]}
                ], "max_tokens": 4096},
                "response": {"content": format!("{IMG} and {SCRIPT}"), "content_length": 80},
            },
            {
                "call_id": "call_2_1750600002000",
                "model": SCRIPT,
                "status": "failed",
                "tokens_used": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
                "error": {"type": SCRIPT, "message": IMG},
                IMG: SCRIPT,
            }
        ],
        "images": [{"index": 0, "original_path": IMG, "filename": SCRIPT}],
        "results": {"success": true, "qto_data": {"components": [{"name": IMG, "unit": SCRIPT}]}},
        SCRIPT: IMG,
    });
    (
        MARKUP_KEY.to_owned(),
        serde_json::to_vec_pretty(&body).unwrap(),
    )
}

/// The sample, a small corpus and the markup session.
fn small_bucket(seed: u64) -> Vec<(String, Vec<u8>)> {
    let mut objects = sample();
    objects.extend(session_log::corpus::generate(seed, 40).objects);
    objects.push(markup_session());
    objects
}

/// The calls of a valid session object.
fn calls(body: &[u8]) -> usize {
    session_log::parse_session(body).unwrap().calls.len()
}

/// The harness's rig over `objects`, connected by typing into the form.
async fn connected(objects: Vec<(String, Vec<u8>)>) -> Rig {
    let rig = Rig::start(objects, Options::default()).await;
    rig.connect().await;
    rig
}

/// The site's address with `fragment` (starting with `#`).
fn at(rig: &Rig, fragment: &str) -> String {
    format!("{}{fragment}", rig.site.url())
}

/// Opens `url` as a new document, not as a jump within the current one.
async fn open_fresh(client: &Client, url: &str) {
    client.goto("about:blank").await.unwrap();
    client.goto(url).await.unwrap();
}

/// Opens the sessions view from its tab.
async fn open_sessions(client: &Client) {
    wait_for(client, ".tabs a[href^='#/sessions']")
        .await
        .click()
        .await
        .unwrap();
    wait_for(client, "[data-testid=session-row]").await;
}

async fn shown_count(client: &Client) -> usize {
    attr(
        &find(client, "[data-testid=session-count]").await,
        "data-value",
    )
    .await
    .parse()
    .unwrap()
}

#[tokio::test]
async fn more_than_a_thousand_sessions_keep_at_most_200_rows_and_sort_and_filter_in_the_address() {
    let mut objects = session_log::corpus::generate(21, 1050).objects;
    objects.push(markup_session());
    let total = objects.len();
    let started = std::time::Instant::now();
    let rig = connected(objects).await;
    let seeded = &rig.seeded;
    eprintln!("loaded {total} objects in {:?}", started.elapsed());
    let client = rig.client();

    // The drawings table is virtualized too: only some of its rows are in the DOM, and the
    // last drawing (in drawing order) shows once its box is scrolled to the end.
    let mut drawings: Vec<&str> = seeded
        .objects
        .iter()
        .filter_map(|(key, _)| key.strip_prefix("openai_logs/")?.split_once('/'))
        .map(|(drawing, _)| drawing)
        .collect();
    drawings.sort_by_key(|d| d.parse::<u64>().unwrap_or(u64::MAX));
    drawings.dedup();
    let drawing_rows = "[data-testid=by-drawing] tbody tr[data-drawing]";
    let shown = count(client, drawing_rows).await;
    assert!(
        shown > 0 && shown < drawings.len() && shown <= 60,
        "{shown} of {} drawings in the DOM",
        drawings.len()
    );
    let last = drawings.last().unwrap();
    script(
        client,
        "const box = document.querySelector('[data-testid=by-drawing]').parentElement; \
         box.scrollTop = box.scrollHeight; return 0;",
    )
    .await;
    wait_until(
        client,
        "the last drawing at the end of its table",
        &format!("!!document.querySelector('{drawing_rows}[data-drawing=\"{last}\"]')"),
    )
    .await;

    open_sessions(client).await;
    assert!(hash(client).await.starts_with("#/sessions"));
    assert_eq!(shown_count(client).await, total);
    let rendered = count(client, "[data-testid=session-row]").await;
    assert!((10..=200).contains(&rendered), "{rendered} rows in the DOM");
    // The spacers give the scrollbar the full height.
    let height = script(
        client,
        "return document.querySelector('.sessions-scroll').scrollHeight;",
    )
    .await
    .as_f64()
    .unwrap();
    assert!(height >= 34.0 * total as f64, "scroll height {height}");

    // Scrolled to the end: other rows, still at most 200. A jump of more than a screen shows
    // brief rows (drawing, type, task) while the scrolling goes on, then the full ones.
    let first_rows = row_keys(client).await;
    script(
        client,
        "window.__briefRows = 0; \
         new MutationObserver((changes) => { for (const c of changes) for (const n of c.addedNodes) \
           if (n.classList && n.classList.contains('brief')) window.__briefRows += 1; }) \
           .observe(document.querySelector('.sessions-table tbody'), { childList: true }); \
         const s = document.querySelector('.sessions-scroll'); s.scrollTop = s.scrollHeight; \
         return 0;",
    )
    .await;
    // The scroll event comes after the script returns: until it has, the rows from before
    // the jump would pass for the full rows after it.
    wait_until(
        client,
        "brief rows after the jump",
        "window.__briefRows > 0",
    )
    .await;
    wait_until(
        client,
        "full rows once the scrolling stopped",
        "!document.querySelector('.session-row.brief') && \
         !!document.querySelector('[data-testid=session-row] [data-testid=session-checks]')",
    )
    .await;
    let brief = script(client, "return window.__briefRows;").await;
    assert!(
        brief.as_u64().unwrap() > 0,
        "no brief rows after a jump: {brief}"
    );
    wait_until(
        client,
        "rows at the end of the table",
        &format!(
            "!document.querySelector('[data-testid=session-row][data-key=\"{}\"]')",
            first_rows[0]
        ),
    )
    .await;
    assert!(count(client, "[data-testid=session-row]").await <= 200);

    // Sorted by cost, largest first: the first row is the most expensive session (ties in
    // key order).
    let prices = PriceTable::builtin();
    let mut costs: Vec<(f64, &str)> = seeded
        .objects
        .iter()
        .map(|(key, body)| {
            let cost = match session_log::parse_key("openai_logs/", key) {
                session_log::KeyKind::Session(k) => match session_log::load(k, body, &prices) {
                    session_log::Loaded::Session(s) => s.logged_cost(),
                    _ => 0.0,
                },
                _ => 0.0,
            };
            (cost, key.as_str())
        })
        .collect();
    costs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    find(client, "th[data-sort=cost] button")
        .await
        .click()
        .await
        .unwrap();
    wait_until(
        client,
        "sorted by cost",
        "location.hash.includes('sort=cost')",
    )
    .await;
    let header = find(client, "th[data-sort=cost]").await;
    assert_eq!(attr(&header, "aria-sort").await, "descending");
    assert_eq!(hash(client).await, "#/sessions?sort=cost");
    wait_until(
        client,
        "the most expensive session first",
        &format!(
            "document.querySelector('.sessions-scroll').scrollTop = 0, \
             document.querySelector('[data-testid=session-row]').dataset.key === {}",
            json!(costs[0].1)
        ),
    )
    .await;
    find(client, "th[data-sort=cost] button")
        .await
        .click()
        .await
        .unwrap();
    wait_until(
        client,
        "cheapest first",
        "location.hash.endsWith('sort=cost&asc')",
    )
    .await;
    assert_eq!(
        attr(&find(client, "th[data-sort=cost]").await, "aria-sort").await,
        "ascending"
    );
    assert_eq!(
        attr(&find(client, "th[data-sort=start]").await, "aria-sort").await,
        "none"
    );

    // Filtered by drawing: the address says so, and only that drawing's objects are left.
    let in_drawing = seeded
        .objects
        .iter()
        .filter(|(key, _)| key.starts_with("openai_logs/7/"))
        .count();
    assert!(in_drawing > 0);
    find(client, "[data-testid=filter-drawing]")
        .await
        .select_by_value("7")
        .await
        .unwrap();
    wait_until(
        client,
        "filtered by drawing",
        "location.hash === '#/sessions?drawing=7&sort=cost&asc'",
    )
    .await;
    assert_eq!(shown_count(client).await, in_drawing);
    let keys = row_keys(client).await;
    assert_eq!(keys.len(), in_drawing.min(200));
    assert!(
        keys.iter().all(|k| k.starts_with("openai_logs/7/")),
        "{keys:?}"
    );

    rig.browser.close().await.unwrap();
}

#[tokio::test]
async fn a_row_opens_its_detail_and_deep_links_survive_a_reload() {
    let rig = connected(small_bucket(31)).await;
    let seeded = &rig.seeded;
    let client = rig.client();

    // The session with the most calls, found by its id in the search box.
    let (key, body) = seeded
        .objects
        .iter()
        .filter(|(_, body)| session_log::parse_session(body).is_ok())
        .max_by_key(|(key, body)| (calls(body), std::cmp::Reverse(key.clone())))
        .unwrap();
    let want_calls = calls(body);
    assert!(want_calls > 1);
    let session_id = key
        .rsplit('/')
        .next()
        .unwrap()
        .trim_start_matches("openai_interaction_")
        .split(".json")
        .next()
        .unwrap();
    open_sessions(client).await;
    assert_eq!(shown_count(client).await, seeded.objects.len());
    find(client, "[data-testid=filter-text]")
        .await
        .send_keys(session_id)
        .await
        .unwrap();
    wait_until(
        client,
        "one row left",
        "document.querySelectorAll('[data-testid=session-row]').length === 1",
    )
    .await;
    assert!(
        hash(client).await.contains("q="),
        "the search is in the address"
    );
    let row = find(client, "[data-testid=session-row]").await;
    assert_eq!(&attr(&row, "data-key").await, key);

    // Enter on the row opens it, as a click does.
    row.send_keys("\u{E007}").await.unwrap();
    let detail = wait_for(client, "[data-testid=session-detail][data-state=open]").await;
    assert_eq!(&attr(&detail, "data-key").await, key);
    assert_eq!(count(client, "[data-testid=call-row]").await, want_calls);
    assert_eq!(
        hash(client).await,
        format!("#/session/{}", encode_query(key))
    );

    // Reloaded: the tab still has its settings, connects again, and reopens the session.
    client.refresh().await.unwrap();
    let detail = wait_for(client, "[data-testid=session-detail][data-state=open]").await;
    assert_eq!(&attr(&detail, "data-key").await, key);
    assert_eq!(count(client, "[data-testid=call-row]").await, want_calls);

    // Back returns to the filtered table.
    client.back().await.unwrap();
    wait_until(
        client,
        "the filtered table again",
        "document.querySelectorAll('[data-testid=session-row]').length === 1",
    )
    .await;

    // A filtered, sorted table from a link, reloaded.
    let in_drawing: Vec<&String> = seeded
        .objects
        .iter()
        .map(|(key, _)| key)
        .filter(|key| key.starts_with("openai_logs/2/"))
        .collect();
    assert!(!in_drawing.is_empty());
    client
        .goto(&at(&rig, "#/sessions?drawing=2&sort=tokens"))
        .await
        .unwrap();
    client.refresh().await.unwrap();
    assert_eq!(finished_state(client).await, "done");
    wait_until(
        client,
        "drawing 2 only",
        &format!(
            "document.querySelectorAll('[data-testid=session-row]').length === {}",
            in_drawing.len()
        ),
    )
    .await;
    let keys = row_keys(client).await;
    assert!(
        keys.iter().all(|k| k.starts_with("openai_logs/2/")),
        "{keys:?}"
    );
    let select = find(client, "[data-testid=filter-drawing]").await;
    assert_eq!(select.prop("value").await.unwrap().as_deref(), Some("2"));
    assert_eq!(
        attr(&find(client, "th[data-sort=tokens]").await, "aria-sort").await,
        "descending"
    );

    // The overview reopens too.
    client.goto(&at(&rig, "#/")).await.unwrap();
    client.refresh().await.unwrap();
    assert_eq!(finished_state(client).await, "done");
    wait_for(client, "[data-testid=total-sessions]").await;

    rig.browser.close().await.unwrap();
}

#[tokio::test]
async fn a_share_link_opens_in_a_fresh_profile_and_an_expired_one_says_so() {
    let rig = connected(small_bucket(41)).await;
    let seeded = &rig.seeded;
    let client = rig.client();
    let (key, body) = &seeded.objects[0];
    assert!(key.contains("test_session_test_task_001"), "the sample");

    client
        .goto(&at(&rig, &format!("#/session/{}", encode_query(key))))
        .await
        .unwrap();
    wait_for(client, "[data-testid=session-detail][data-state=open]").await;
    share_link(client).await;
    find(client, "[data-testid=share-lifetime]")
        .await
        .select_by_value("3600")
        .await
        .unwrap();
    wait_until(
        client,
        "a link for one hour",
        "document.querySelector('[data-testid=share-link]').value.includes('X-Amz-Expires%3D3600')",
    )
    .await;
    let link = find(client, "[data-testid=share-link]")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap();
    assert!(link.starts_with(&at(&rig, "#/shared?url=")), "{link}");
    // That it holds no secret in any form is dashboard_secrets.rs's to check.
    let expires: i64 = attr(
        &find(client, "[data-testid=share-expires]").await,
        "data-value",
    )
    .await
    .parse()
    .unwrap();
    let now = chrono::Utc::now().timestamp();
    assert!(
        (expires - now - 3600).abs() < 120,
        "expires {expires}, now {now}"
    );

    // A browser with nothing in it: no settings, no keys, no form.
    let fresh = Browser::start().await.unwrap_or_else(|err| panic!("{err}"));
    let other = fresh.client();
    other.goto(&link).await.unwrap();
    wait_for(other, "[data-testid=session-detail][data-state=open]").await;
    assert_eq!(count(other, "[data-testid=call-row]").await, calls(body));
    assert_eq!(count(other, "[data-testid=connect]").await, 0);
    let note = find(other, "[data-testid=shared-expiry]").await;
    assert!(note.text().await.unwrap().contains("read-only"));
    assert_eq!(attr(&note, "data-value").await, expires.to_string());
    let stored = script(other, "return localStorage.length + sessionStorage.length;").await;
    assert_eq!(stored, json!(0));

    // Signed two hours ago for one hour: the link's own date says it expired, and so does
    // the storage when the link does not carry one.
    let bucket = Bucket::new(&rig.s3.endpoint(), BUCKET, "us-east-1", UrlStyle::Path).unwrap();
    let credentials = Credentials::new(ACCESS, SECRET).unwrap();
    let two_hours_ago = chrono::Utc::now() - chrono::Duration::hours(2);
    let stale = s3_presign::get_object(
        &bucket,
        &credentials,
        key,
        two_hours_ago,
        Expiry::from_secs(3600).unwrap(),
    )
    .unwrap();
    let expired_at = two_hours_ago.timestamp() + 3600;
    for fragment in [
        format!("#/shared?url={}&expires={expired_at}", encode_query(&stale)),
        format!("#/shared?url={}", encode_query(&stale)),
    ] {
        open_fresh(other, &at(&rig, &fragment)).await;
        let expired = wait_for(other, "[data-testid=share-expired]").await;
        let text = expired.text().await.unwrap();
        assert!(text.contains("expired"), "{text}");
        assert!(
            text.contains("Ask whoever sent it for a new link"),
            "{text}"
        );
        assert_eq!(count(other, "[data-testid=call-row]").await, 0);
    }

    fresh.close().await.unwrap();
    rig.browser.close().await.unwrap();
}

#[tokio::test]
async fn log_content_that_looks_like_markup_is_shown_as_text_and_runs_nothing() {
    let rig = connected(small_bucket(51)).await;
    let client = rig.client();

    // In the table: the task id is text.
    client
        .goto(&at(&rig, "#/sessions?q=qto_markup"))
        .await
        .unwrap();
    wait_until(
        client,
        "the markup session's row",
        "document.querySelectorAll('[data-testid=session-row]').length === 1",
    )
    .await;
    let row = find(client, "[data-testid=session-row]").await;
    assert!(row.text().await.unwrap().contains(IMG));

    // In the detail, with every disclosure opened.
    row.click().await.unwrap();
    wait_for(client, "[data-testid=session-detail][data-state=open]").await;
    script(
        client,
        "document.querySelectorAll('details').forEach(d => d.open = true); return 0;",
    )
    .await;
    wait_until(
        client,
        "raw JSON rendered",
        "document.querySelectorAll('pre.json').length >= 4",
    )
    .await;
    let response = find(client, "[data-testid=response-text]").await;
    assert_eq!(
        response.text().await.unwrap(),
        format!("{IMG} and {SCRIPT}")
    );
    let error = find(client, "[data-testid=call-error]").await;
    assert_eq!(error.text().await.unwrap(), format!("{SCRIPT}: {IMG}"));
    let page = find(client, "[data-testid=session-detail]")
        .await
        .text()
        .await
        .unwrap();
    for shown in [IMG, SCRIPT] {
        assert!(page.contains(shown), "{shown} is not shown as text");
    }
    assert_eq!(
        count(
            client,
            "[data-testid=session-detail] img, [data-testid=session-detail] script, \
             [data-testid=session-row] img"
        )
        .await,
        0,
        "no element was made from log content"
    );
    assert_eq!(count(client, "[data-testid=image-placeholder]").await, 1);
    // Give any handler that might have been planted a moment to run.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        script(client, "return typeof window.__pwned;").await,
        json!("undefined")
    );
    assert_eq!(count(client, "[src=x], [href=x], [onerror]").await, 0);

    rig.browser.close().await.unwrap();
}
