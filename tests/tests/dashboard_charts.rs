//! The overview's charts over a real bucket, and their bars as links: a day's model segment,
//! a duration bin and a day's failure bar each open the sessions table filtered to exactly
//! the sessions behind them, in the reader's time zone.
//!
//! Same setup as `dashboard_views.rs`: `dist/` served as plain static files, local-s3 with
//! CORS for the site's origin only, headless Chromium. The expectations are worked out here
//! from the objects' bytes with session-log's parser, with days, models, failures and
//! duration bounds applied by this file's own code, not the dashboard's.
//!
//! Build the site first (`make site`), then:
//! `cargo test -p logscope-e2e --test e2e dashboard_charts::`

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, TimeDelta};
use fantoccini::key::Key;
use fantoccini::Client;
use logscope_e2e::browser::Options;
use logscope_e2e::bucket::PREFIX;
use logscope_e2e::dashboard::{attr, count, find, hash, row_keys, script, wait_for, wait_until};
use logscope_e2e::rig::Rig;
use serde_json::json;
use session_log::{KeyKind, Loaded, PriceTable, SessionSummary};

/// The zone the reader picks: UTC+08:00, in minutes.
const OFFSET: i64 = 480;
/// A session without a start time, dated by its key: 1750003200 is 2025-06-15 16:00 UTC,
/// which is already 2025-06-16 at UTC+08:00.
const KEYED: &str = "openai_logs/5/openai_interaction_qto_nostart_1750003200.json_0a1b2c3d.txt";
const KEYED_DAY: &str = "2025-06-16";
const MODEL: &str = "gpt-4o-2024-11-20";

fn keyed_session() -> (String, Vec<u8>) {
    let body = json!({
        "session_info": {"drawing_id": 5, "status": "completed", "total_duration_seconds": 3.5},
        "api_calls": [{
            "model": MODEL, "status": "failed", "cost_estimate": 0.01,
            "tokens_used": {"prompt_tokens": 100, "completion_tokens": 0, "total_tokens": 100},
            "error": {"type": "RateLimitError", "message": "slow down"}
        }],
    });
    (KEYED.to_owned(), serde_json::to_vec(&body).unwrap())
}

/// The sessions of `objects`, parsed by session-log.
fn sessions(objects: &[(String, Vec<u8>)]) -> Vec<SessionSummary> {
    let prices = PriceTable::builtin();
    objects
        .iter()
        .filter_map(|(key, body)| match session_log::parse_key(PREFIX, key) {
            KeyKind::Session(key) => match session_log::load(key, body, &prices) {
                Loaded::Session(summary) => Some(*summary),
                Loaded::Invalid { .. } => None,
            },
            KeyKind::Folder | KeyKind::Own => None,
        })
        .collect()
}

/// The naive start's date, else the key's time at UTC+08:00.
fn day_of(session: &SessionSummary) -> Option<NaiveDate> {
    match session.start {
        Some(start) => Some(start.date()),
        None => Some((session.key.started?.naive_utc() + TimeDelta::minutes(OFFSET)).date()),
    }
}

fn keys_where(all: &[SessionSummary], keep: impl Fn(&SessionSummary) -> bool) -> BTreeSet<String> {
    all.iter()
        .filter(|s| keep(s))
        .map(|s| s.key.key.clone())
        .collect()
}

fn on_day(session: &SessionSummary, day: &str) -> bool {
    day_of(session).is_some_and(|d| d.to_string() == day)
}

/// The count the table shows and, when it is all in the DOM, the keys of its rows.
async fn table_lists(client: &Client, what: &str, expected: &BTreeSet<String>) {
    wait_until(
        client,
        what,
        &format!(
            "document.querySelector('[data-testid=session-count]')?.dataset.value === '{}'",
            expected.len()
        ),
    )
    .await;
    // The table is virtualized: with more rows than fit, only those in view are in the DOM.
    let rows: BTreeSet<String> = row_keys(client).await.into_iter().collect();
    if expected.len() <= 20 {
        assert_eq!(&rows, expected, "{what}");
    } else {
        assert!(
            rows.is_subset(expected) && !rows.is_empty(),
            "{what}: {rows:?}"
        );
    }
}

/// Back to the overview by its tab, with the charts drawn.
async fn overview(client: &Client) {
    find(client, ".tabs a[href='#/']")
        .await
        .click()
        .await
        .unwrap();
    wait_for(client, "[data-testid=chart-daily] g.day").await;
}

/// `[[data-*], …]` of every element matching `css`.
async fn data_of(client: &Client, css: &str, names: &[&str]) -> Vec<Vec<String>> {
    let names = json!(names);
    let found = script(
        client,
        &format!(
            "return [...document.querySelectorAll({})].map(e => {names}.map(n => e.getAttribute(n) ?? ''));",
            json!(css)
        ),
    )
    .await;
    serde_json::from_value(found).unwrap()
}

#[tokio::test]
async fn chart_bars_filter_the_sessions_table_to_exactly_their_sessions() {
    let mut objects = session_log::corpus::generate(5, 300).objects;
    objects.push(keyed_session());
    let all = sessions(&objects);
    let rig = Rig::start(objects, Options::default()).await;
    let client = rig.client();
    script(
        client,
        &format!("localStorage.setItem('logscope.zone', '{OFFSET}'); return 0;"),
    )
    .await;
    client.goto("about:blank").await.unwrap();
    client.goto(&rig.site.url()).await.unwrap();
    rig.connect().await;

    // Every day from the first to the last, in both charts by day.
    let days: BTreeSet<NaiveDate> = all.iter().filter_map(day_of).collect();
    let (first, last) = (*days.first().unwrap(), *days.last().unwrap());
    let span = (last - first).num_days() as usize + 1;
    for chart in ["chart-daily", "chart-failures"] {
        wait_until(
            client,
            &format!("{span} days in {chart}"),
            &format!("document.querySelectorAll('[data-testid={chart}] g.day').length === {span}"),
        )
        .await;
    }
    // Calls per day, exactly; the failure bars are the days with a failed call.
    find(
        client,
        "[data-testid=chart-daily] button[data-measure=calls]",
    )
    .await
    .click()
    .await
    .unwrap();
    let mut calls: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for session in &all {
        let day = day_of(session).unwrap().to_string();
        let entry = calls.entry(day).or_default();
        entry.0 += session.calls.len();
        entry.1 += session.failed_calls();
    }
    wait_until(
        client,
        "calls per day",
        "document.querySelector('[data-testid=chart-daily] button[data-measure=calls]').ariaPressed === 'true'",
    )
    .await;
    for row in data_of(
        client,
        "[data-testid=chart-daily] g.day",
        &["data-day", "data-value"],
    )
    .await
    {
        let expected = calls.get(&row[0]).map_or(0, |c| c.0);
        assert_eq!(row[1], expected.to_string(), "calls on {}", row[0]);
    }
    let failing = calls.values().filter(|c| c.1 > 0).count();
    assert_eq!(
        count(client, "[data-testid=chart-failures] a.bar").await,
        failing
    );

    // Tokens: the corpus has nine models with tokens, so seven bars and "other".
    let mut tokens: BTreeMap<&str, u64> = BTreeMap::new();
    for call in all.iter().flat_map(|s| &s.calls) {
        *tokens.entry(call.model.as_str()).or_default() +=
            call.prompt_tokens + call.completion_tokens;
    }
    tokens.retain(|_, t| *t > 0);
    assert_eq!(tokens.len(), 9);
    let bars = data_of(
        client,
        "[data-testid=chart-tokens] a.bar",
        &["data-model", "data-value"],
    )
    .await;
    assert_eq!(bars.len(), 7);
    for bar in &bars {
        assert_eq!(
            bar[1],
            tokens[bar[0].as_str()].to_string(),
            "tokens of {}",
            bar[0]
        );
    }
    assert_eq!(
        count(client, "[data-testid=chart-tokens] .bar.other").await,
        1
    );

    // Every bin holds the sessions its bounds hold, and together they hold every duration.
    let durations: Vec<(f64, &str)> = all
        .iter()
        .filter_map(|s| Some((s.duration_seconds? * 1000.0, s.key.key.as_str())))
        .filter(|(ms, _)| ms.is_finite() && *ms >= 0.0)
        .collect();
    let bins = data_of(
        client,
        "[data-testid=chart-durations] a.bar",
        &["data-min-ms", "data-max-ms", "data-value"],
    )
    .await;
    let mut binned = 0;
    for bin in &bins {
        let (min, max): (f64, f64) = (bin[0].parse().unwrap(), bin[1].parse().unwrap());
        let inside = durations
            .iter()
            .filter(|(ms, _)| *ms >= min && *ms < max)
            .count();
        assert_eq!(bin[2], inside.to_string(), "bin {bin:?}");
        assert!(inside > 0, "only bins with sessions are drawn");
        binned += inside;
    }
    assert_eq!(binned, durations.len());

    // A day's segment for one model, on the day the key-dated session belongs to.
    let segment = format!(
        "[data-testid=chart-daily] g.day[data-day='{KEYED_DAY}'] a.segment[data-model='{MODEL}']"
    );
    find(client, &segment).await.click().await.unwrap();
    wait_until(
        client,
        "the sessions view",
        "location.hash.startsWith('#/sessions')",
    )
    .await;
    assert_eq!(
        hash(client).await,
        format!("#/sessions?model={MODEL}&from={KEYED_DAY}&to={KEYED_DAY}")
    );
    let expected = keys_where(&all, |s| {
        on_day(s, KEYED_DAY) && s.calls.iter().any(|c| c.model == MODEL)
    });
    assert!(
        expected.contains(KEYED),
        "the key-dated session is on {KEYED_DAY}"
    );
    table_lists(client, "the day's sessions with the model", &expected).await;

    // The last duration bin: its upper edge is above the longest session.
    overview(client).await;
    let last_bin = bins.last().unwrap();
    let longest = durations.iter().map(|d| d.0).fold(0.0, f64::max);
    assert!(last_bin[1].parse::<f64>().unwrap() > longest);
    let css = format!(
        "[data-testid=chart-durations] a.bar[data-min-ms='{}']",
        last_bin[0]
    );
    find(client, &css).await.click().await.unwrap();
    wait_until(
        client,
        "the sessions view",
        "location.hash.startsWith('#/sessions')",
    )
    .await;
    assert_eq!(
        hash(client).await,
        format!("#/sessions?dmin={}&dmax={}", last_bin[0], last_bin[1])
    );
    let (min, max): (f64, f64) = (last_bin[0].parse().unwrap(), last_bin[1].parse().unwrap());
    let expected: BTreeSet<String> = durations
        .iter()
        .filter(|(ms, _)| *ms >= min && *ms < max)
        .map(|(_, key)| key.to_string())
        .collect();
    table_lists(client, "the longest sessions", &expected).await;

    // The failure bar of the same day, from the keyboard: the chart is one tab stop, and the
    // arrow keys walk its bars (Home to the first), then Enter opens the bar.
    overview(client).await;
    let chart = "[data-testid=chart-failures] svg";
    let bar = format!("[data-testid=chart-failures] g.day[data-day='{KEYED_DAY}'] a.bar");
    let index = script(
        client,
        &format!(
            "const chart = document.querySelector({}); chart.focus(); \
             const bars = [...chart.querySelectorAll('a')]; \
             return bars.every(b => b.tabIndex === -1) && chart.tabIndex === 0 \
                 ? bars.indexOf(document.querySelector({})) : -2;",
            json!(chart),
            json!(bar)
        ),
    )
    .await;
    let index = index.as_i64().expect("an index");
    assert!(
        index >= 0,
        "one tab stop for the chart, the bar inside it: {index}"
    );
    let keys = std::iter::once(Key::Home.to_string())
        .chain((0..index).map(|_| Key::Right.to_string()))
        .collect::<String>();
    client
        .active_element()
        .await
        .unwrap()
        .send_keys(&keys)
        .await
        .unwrap();
    let focused = script(
        client,
        &format!(
            "return document.activeElement === document.querySelector({});",
            json!(bar)
        ),
    )
    .await;
    assert_eq!(
        focused,
        json!(true),
        "the arrow keys reach the day's failure bar"
    );
    client
        .active_element()
        .await
        .unwrap()
        .send_keys(&Key::Enter.to_string())
        .await
        .unwrap();
    wait_until(
        client,
        "the sessions view",
        "location.hash.startsWith('#/sessions')",
    )
    .await;
    assert_eq!(
        hash(client).await,
        format!("#/sessions?status=failed&from={KEYED_DAY}&to={KEYED_DAY}")
    );
    let expected = keys_where(&all, |s| on_day(s, KEYED_DAY) && s.failed_calls() > 0);
    assert!(expected.contains(KEYED));
    table_lists(client, "the day's sessions with a failed call", &expected).await;
    assert_eq!(
        attr(
            &find(client, "[data-testid=session-count]").await,
            "data-value"
        )
        .await,
        expected.len().to_string()
    );

    rig.browser.close().await.unwrap();
}
