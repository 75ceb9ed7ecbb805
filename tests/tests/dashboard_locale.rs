//! The dashboard in English and in Chinese, and in the reader's time zone, over a real
//! bucket: switching to 中文 leaves no English on any view (overview, sessions, one session,
//! costs, diagnostics) and loses nothing that was loaded; a browser that prefers Chinese
//! opens in Chinese; the choice survives a reload; choosing a zone moves the times shown by
//! exactly its offset.
//!
//! What counts as English left behind: any visible text, `aria-label`, `placeholder`,
//! `title` or `alt` with two Latin letters in a row, once the following are taken out:
//! - data, found by comparing with the bucket's own content rather than by listing it: the
//!   object keys and their parts, and every member name and string value of every JSON
//!   object in the bucket (model names, ids, statuses, field names), and the models of the
//!   built-in price table; a string cut short with `…` counts when it begins one of these;
//! - text the page marks as not for translation: `code`, `pre`, `kbd`, `samp`, anything
//!   under `translate="no"`, and anything under an element whose `lang` is English (the
//!   switcher's own "English");
//! - URLs, the browser's zone name, and the short list of terms written the same in
//!   Chinese, [`SAME_IN_CHINESE`].
//!
//! Build the site first (`make site`), then:
//! `cargo test -p logscope-e2e --test e2e dashboard_locale::`

use std::collections::BTreeSet;
use std::time::Duration;

use fantoccini::Client;
use logscope_e2e::browser::Options;
use logscope_e2e::bucket::{form, sample};
use logscope_e2e::dashboard::{attr, find, script, wait_for, wait_until};
use logscope_e2e::rig::Rig;
use s3_presign::encode::encode_query;
use serde_json::Value;

/// Terms Chinese engineers write in Latin letters too: the product, units, protocols,
/// formats and programs, percentiles, and "token" (the usual word for an LLM token in
/// Chinese).
const SAME_IN_CHINESE: &[&str] = &[
    "logscope", "S3", "API", "CORS", "HTTP", "URL", "JSON", "JSONL", "CSV", "UTF", "BOM", "Excel",
    "ID", "UTC", "US", "KB", "MB", "p50", "p95", "token", "Token", "SigV4",
];

/// The sample log, a small generated corpus (failed calls, request messages, images,
/// results), and two objects that are not sessions.
fn bucket() -> Vec<(String, Vec<u8>)> {
    let mut objects = sample();
    objects.extend(session_log::corpus::generate(11, 12).objects);
    objects.push((
        "openai_logs/9/openai_interaction_qto_empty_1750600000.json_00000000.txt".to_owned(),
        Vec::new(),
    ));
    objects.push((
        "openai_logs/9/openai_interaction_qto_python_1750600100.json_11111111.txt".to_owned(),
        b"{'session_info': {'session_id': 'qto_python_1750600100'}, 'api_calls': None}".to_vec(),
    ));
    objects
}

/// The sample's key: 1750572866 is 2025-06-22 06:14:26 UTC.
fn sample_key() -> String {
    sample().remove(0).0
}

/// Every string the bucket holds that the page may show as data.
fn data_strings(objects: &[(String, Vec<u8>)]) -> Vec<String> {
    fn walk(value: &Value, out: &mut BTreeSet<String>) {
        match value {
            Value::String(text) => {
                out.insert(text.clone());
                // JSON inside a string (a response's content) is shown laid out.
                if let Ok(inner @ (Value::Object(_) | Value::Array(_))) =
                    serde_json::from_str::<Value>(text)
                {
                    walk(&inner, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| walk(item, out)),
            Value::Object(members) => {
                for (name, member) in members {
                    out.insert(name.clone());
                    walk(member, out);
                }
            }
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    for (key, body) in objects {
        out.insert(key.clone());
        out.extend(key.split('/').map(str::to_owned));
        if let session_log::KeyKind::Session(parsed) = session_log::parse_key("openai_logs/", key) {
            out.extend([parsed.session_id, parsed.drawing]);
            out.extend(parsed.session_type);
            out.extend(parsed.task_id);
            out.extend(parsed.hash);
        }
        if let Ok(value) = serde_json::from_slice::<Value>(body) {
            walk(&value, &mut out);
        }
    }
    out.extend(
        session_log::PriceTable::builtin()
            .prices
            .into_iter()
            .map(|price| price.model),
    );
    let mut strings: Vec<String> = out
        .into_iter()
        .filter(|s| s.chars().filter(char::is_ascii_alphabetic).count() >= 2)
        .collect();
    // Longest first, so that a key is taken out before the words inside it.
    strings.sort_by_key(|s| std::cmp::Reverse(s.len()));
    strings
}

/// The page's visible text and its labels, each as (where, text).
async fn page_strings(client: &Client) -> Vec<(String, String)> {
    let found = script(
        client,
        r#"
        const exempt = el => {
            if (el.closest('code, pre, kbd, samp, script, style, noscript, [translate=no]')) return true;
            const marked = el.closest('[lang]');
            return marked && marked !== document.documentElement
                && marked.lang.toLowerCase().startsWith('en');
        };
        const where = el => el.tagName.toLowerCase()
            + (el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : '')
            + (el.id ? `#${el.id}` : '')
            + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '');
        const out = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const text = node.textContent.trim();
            const el = node.parentElement;
            if (!text || !el || exempt(el)) continue;
            const option = el.closest('option');
            const shown = option
                ? option.closest('select').checkVisibility()
                : el.checkVisibility({ visibilityProperty: true });
            if (shown) out.push([where(el), text]);
        }
        for (const el of document.body.querySelectorAll('*')) {
            if (exempt(el)) continue;
            for (const name of ['aria-label', 'placeholder', 'title', 'alt']) {
                const value = (el.getAttribute(name) || '').trim();
                if (value) out.push([`${where(el)}@${name}`, value]);
            }
        }
        return out;
        "#,
    )
    .await;
    serde_json::from_value(found).unwrap()
}

/// The strings that still hold English once data and shared terms are taken out.
fn english_left(strings: &[(String, String)], data: &[String]) -> Vec<String> {
    let mut left = Vec::new();
    for (place, text) in strings {
        if let Some(start) = text.strip_suffix('…') {
            if data.iter().any(|datum| datum.starts_with(start)) {
                continue;
            }
        }
        let mut rest: String = text
            .split_whitespace()
            .filter(|word| !word.contains("://"))
            .collect::<Vec<_>>()
            .join(" ");
        for datum in data {
            if rest.contains(datum.as_str()) {
                rest = rest.replace(datum.as_str(), " ");
            }
        }
        let english: Vec<&str> = rest
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|word| {
                let letters: Vec<bool> = word.chars().map(|c| c.is_ascii_alphabetic()).collect();
                letters.windows(2).any(|pair| pair[0] && pair[1])
            })
            .filter(|word| !SAME_IN_CHINESE.contains(word))
            .collect();
        if !english.is_empty() {
            left.push(format!("{place}: {text:?} ({})", english.join(", ")));
        }
    }
    left.sort();
    left.dedup();
    left
}

/// Waits until the page stops changing (views render in steps as data settles).
async fn settle(client: &Client) {
    let mut last = String::new();
    let mut same = 0;
    for _ in 0..200 {
        let now = script(
            client,
            "return document.body.innerText.length + ':' + document.getElementsByTagName('*').length;",
        )
        .await
        .as_str()
        .unwrap()
        .to_owned();
        same = if now == last { same + 1 } else { 0 };
        if same >= 3 {
            return;
        }
        last = now;
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    panic!("the page kept changing");
}

/// Picks `tag` in the language switcher and waits for the page to follow.
async fn choose_language(client: &Client, tag: &str) {
    find(client, "[data-testid=lang-switch]")
        .await
        .select_by_value(tag)
        .await
        .unwrap();
    wait_until(
        client,
        "the page's language follows the switcher",
        &format!("document.documentElement.lang === '{tag}'"),
    )
    .await;
    settle(client).await;
}

async fn choose_zone(client: &Client, code: &str) {
    find(client, "[data-testid=zone-select]")
        .await
        .select_by_value(code)
        .await
        .unwrap();
    settle(client).await;
}

/// The generated session with the most calls, for a detail view with everything in it.
fn busiest_session(objects: &[(String, Vec<u8>)]) -> String {
    objects
        .iter()
        .filter_map(|(key, body)| {
            let session = session_log::parse_session(body).ok()?;
            Some((session.calls.len(), key.clone()))
        })
        .max()
        .unwrap()
        .1
}

/// Opens `fragment` without reloading, and waits for `ready` (a CSS selector) and quiet.
async fn open(client: &Client, fragment: &str, ready: &str) {
    script(client, &format!("location.hash = {fragment:?}; return 0;")).await;
    wait_for(client, ready).await;
    settle(client).await;
}

#[tokio::test]
async fn switching_to_chinese_leaves_no_english_on_any_view_and_loses_nothing() {
    let rig = Rig::start(
        bucket(),
        Options {
            args: vec!["--lang=en-US".to_owned()],
            ..Options::default()
        },
    )
    .await;
    let client = rig.client();
    let mut data = data_strings(&rig.seeded.objects);
    let zone_name = script(
        client,
        "return Intl.DateTimeFormat().resolvedOptions().timeZone;",
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned();
    data.push(zone_name);
    // What the user typed is data too: the diagnostics name the bucket and the key id.
    let endpoint = rig.s3.endpoint();
    let typed = form(&endpoint);
    // (The product's name goes first, being longer, so that the bucket `logs` does not
    // eat half of it.)
    data.extend(["logscope", typed.bucket, typed.access_key].map(str::to_owned));
    data.sort_by_key(|s| std::cmp::Reverse(s.len()));

    // The form, before connecting, in English then in Chinese.
    let english = page_strings(client).await;
    assert!(
        english
            .iter()
            .any(|(_, text)| text == "Connect to a bucket"),
        "the page did not open in English: {english:?}"
    );
    choose_language(client, "zh-CN").await;
    let mut offenders: Vec<String> = english_left(&page_strings(client).await, &data)
        .into_iter()
        .map(|o| format!("form: {o}"))
        .collect();
    choose_language(client, "en").await;

    rig.connect().await;
    // Marks this document: a reload would lose the mark.
    script(client, "window.__sameDocument = true; return 0;").await;
    let status = find(client, "[data-testid=load-status]").await;
    let found = attr(&status, "data-found").await;

    let views = [
        ("overview", "#/".to_owned(), "[data-testid=total-sessions]"),
        (
            "sessions",
            "#/sessions".to_owned(),
            "[data-testid=session-row]",
        ),
        (
            "sample session",
            format!("#/session/{}", encode_query(&sample_key())),
            "[data-testid=session-detail][data-state=open]",
        ),
        (
            "busiest session",
            format!(
                "#/session/{}",
                encode_query(&busiest_session(&rig.seeded.objects))
            ),
            "[data-testid=session-detail][data-state=open]",
        ),
        (
            "costs",
            "#/costs".to_owned(),
            ".tabs a[href='#/costs'][aria-current=page]",
        ),
        (
            "diagnostics",
            "#/diagnostics".to_owned(),
            ".tabs a[href='#/diagnostics'][aria-current=page]",
        ),
    ];
    for (name, fragment, ready) in &views {
        choose_language(client, "en").await;
        open(client, fragment, ready).await;
        let english = page_strings(client).await;
        assert!(
            english_left(&english, &data).len() > 3,
            "{name}: hardly any English to begin with: {english:?}"
        );
        choose_language(client, "zh-CN").await;
        let chinese = page_strings(client).await;
        let before: BTreeSet<&str> = english.iter().map(|(_, t)| t.as_str()).collect();
        let after: BTreeSet<&str> = chinese.iter().map(|(_, t)| t.as_str()).collect();
        assert!(
            before.difference(&after).count() > 3,
            "{name}: switching changed almost nothing"
        );
        offenders.extend(
            english_left(&chinese, &data)
                .into_iter()
                .map(|o| format!("{name}: {o}")),
        );
    }

    // Nothing was reloaded or read again.
    assert_eq!(
        script(client, "return window.__sameDocument === true;").await,
        Value::Bool(true),
        "switching the language reloaded the page"
    );
    let status = find(client, "[data-testid=load-status]").await;
    assert_eq!(attr(&status, "data-state").await, "done");
    assert_eq!(attr(&status, "data-found").await, found);

    assert!(
        offenders.is_empty(),
        "English left after switching to 中文 ({}):\n{}",
        offenders.len(),
        offenders.join("\n")
    );
    rig.browser.close().await.unwrap();
}

#[tokio::test]
async fn a_browser_that_prefers_chinese_opens_in_chinese_and_the_choice_survives_a_reload() {
    let mut prefs = serde_json::Map::new();
    prefs.insert("intl.accept_languages".to_owned(), "zh-CN,zh".into());
    let rig = Rig::start(
        bucket(),
        Options {
            args: vec!["--lang=zh-CN".to_owned()],
            prefs,
            ..Options::default()
        },
    )
    .await;
    let client = rig.client();
    let languages = script(client, "return navigator.languages.join(',');").await;
    assert!(
        languages.as_str().unwrap().starts_with("zh"),
        "Chromium did not take the language preference: {languages}"
    );
    let lang = || async { script(client, "return document.documentElement.lang;").await };
    assert_eq!(lang().await, "zh-CN");
    assert_eq!(
        find(client, "[data-testid=connect]")
            .await
            .text()
            .await
            .unwrap(),
        "连接"
    );
    let switch = find(client, "[data-testid=lang-switch]").await;
    assert_eq!(
        switch.prop("value").await.unwrap().as_deref(),
        Some("zh-CN")
    );

    // The reader picks English; a reload keeps it, over the browser's preference.
    choose_language(client, "en").await;
    client.refresh().await.unwrap();
    wait_for(client, "[data-testid=connect]").await;
    assert_eq!(lang().await, "en");
    assert_eq!(
        find(client, "[data-testid=connect]")
            .await
            .text()
            .await
            .unwrap(),
        "Connect"
    );
    rig.browser.close().await.unwrap();
}

/// The hour and minute of the first `HH:MM:SS` in `text`, in minutes.
fn clock_minutes(text: &str) -> i32 {
    let bytes = text.as_bytes();
    let at = (0..bytes.len().saturating_sub(7))
        .find(|&i| {
            let t = &bytes[i..i + 8];
            t[2] == b':'
                && t[5] == b':'
                && [0, 1, 3, 4, 6, 7].iter().all(|&j| t[j].is_ascii_digit())
        })
        .unwrap_or_else(|| panic!("no time in {text:?}"));
    let number = |from: usize| text[from..from + 2].parse::<i32>().unwrap();
    number(at) * 60 + number(at + 3)
}

#[tokio::test]
async fn choosing_a_zone_moves_the_shown_times_by_its_offset_and_is_kept() {
    let rig = Rig::start(bucket(), Options::default()).await;
    let client = rig.client();
    rig.connect().await;
    open(
        client,
        &format!("#/session/{}", encode_query(&sample_key())),
        "[data-testid=session-detail][data-state=open]",
    )
    .await;
    wait_for(client, "[data-testid=share-button]")
        .await
        .click()
        .await
        .unwrap();
    wait_for(client, "[data-testid=share-expires]").await;

    // The browser's own zone is offered by its name, read when the reader comes to the
    // picker.
    script(
        client,
        "document.querySelector('[data-testid=zone-select]').focus(); return 0;",
    )
    .await;
    wait_until(
        client,
        "the browser's zone named in the picker",
        "document.querySelector('[data-testid=zone-select] option[value=browser]').textContent\
         .includes(Intl.DateTimeFormat().resolvedOptions().timeZone)",
    )
    .await;

    let shown = |css: &'static str| async move { find(client, css).await.text().await.unwrap() };
    choose_zone(client, "0").await;
    let key_utc = shown("[data-testid=key-time]").await;
    let share_utc = shown("[data-testid=share-expires]").await;
    assert!(key_utc.contains("Jun 22, 2025, 06:14:26 UTC"), "{key_utc}");
    assert!(
        shown("[data-testid=zone-note]").await.contains("UTC"),
        "the log's times say which zone they are read in"
    );

    for (code, minutes, label) in [
        ("480", 480_i32, "UTC+08:00"),
        ("-300", -300, "UTC\u{2212}05:00"),
        ("345", 345, "UTC+05:45"),
    ] {
        choose_zone(client, code).await;
        let key_time = shown("[data-testid=key-time]").await;
        let share = shown("[data-testid=share-expires]").await;
        assert!(key_time.contains(label), "{key_time}");
        assert!(share.contains(label), "{share}");
        assert!(
            shown("[data-testid=zone-note]").await.contains(label),
            "the zone note follows the zone"
        );
        for (zoned, utc) in [(&key_time, &key_utc), (&share, &share_utc)] {
            let moved = (clock_minutes(zoned) - clock_minutes(utc)).rem_euclid(24 * 60);
            assert_eq!(moved, minutes.rem_euclid(24 * 60), "{utc} → {zoned}");
        }
    }
    let key_time = shown("[data-testid=key-time]").await;
    assert!(key_time.contains("Jun 22, 2025, 11:59:26"), "{key_time}");
    choose_zone(client, "-300").await;
    let key_time = shown("[data-testid=key-time]").await;
    assert!(
        key_time.contains("Jun 22, 2025, 01:14:26"),
        "west of UTC: {key_time}"
    );

    // Kept for the next visit.
    client.refresh().await.unwrap();
    let zone = wait_for(client, "[data-testid=zone-select]").await;
    assert_eq!(zone.prop("value").await.unwrap().as_deref(), Some("-300"));
    rig.browser.close().await.unwrap();
}
