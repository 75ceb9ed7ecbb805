//! The cost check and the session checks over a real bucket: the costs page says in words
//! which writer prices a model otherwise than the list, with its rates and the ratio; the
//! sessions table flags exactly the sessions each check fails and filters by check; the
//! filtered rows download as CSV files that hold what session-log computes from the same
//! bytes; a price file uploaded by the user reprices everything, survives a reload, is
//! refused with line and column when broken, and "Reset" undoes it.
//!
//! Same setup as `dashboard_views.rs`: `dist/` served as plain static files, local-s3 with
//! CORS for the site's origin only, headless Chromium (here saving downloads to a temporary
//! folder). The bucket is the shared sample plus hand-written sessions, one per check.
//!
//! Build the site first (`make site`), then:
//! `cargo test -p logscope-e2e --test e2e dashboard_costs::`

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::Client;
use logscope_e2e::browser::Options;
use logscope_e2e::bucket::{sample, PREFIX};
use logscope_e2e::dashboard::{
    attr, count, find, finished_state, row_keys, script, wait_for, wait_until, TIMEOUT,
};
use logscope_e2e::rig::Rig;
use serde_json::{json, Value};
use session_log::cost_check::{self, Implied};
use session_log::export::{table_calls_csv, table_calls_jsonl, table_sessions_csv, TableRow};
use session_log::{failed_checks, KeyKind, Loaded, PriceTable, SessionSummary};

const MISPRICED: &str = "gpt-4o-2024-11-20";

/// A session document: `calls` are (model, prompt, completion, logged cost, status), and
/// `metadata` the writer's (total, success, failed, cost).
fn session(
    name: &str,
    drawing: u32,
    ended: bool,
    calls: &[(&str, u64, u64, f64)],
    metadata: (u64, u64, u64, f64),
) -> Object {
    let unix = 1_750_400_000 + u64::from(drawing) * 100 + name.len() as u64;
    let key =
        format!("openai_logs/{drawing}/openai_interaction_qto_{name}_{unix}.json_1a2b3c4d.txt");
    let mut info = json!({
        "session_id": format!("qto_{name}_{unix}"), "task_id": name, "drawing_id": drawing,
        "session_type": "qto", "start_time": format!("2025-06-20T10:{:02}:00", name.len()),
        "status": if ended { "completed" } else { "started" },
    });
    if ended {
        info["end_time"] = json!(format!("2025-06-20T10:{:02}:30", name.len()));
        info["total_duration_seconds"] = json!(30.0);
    }
    let calls: Vec<Value> = calls
        .iter()
        .enumerate()
        .map(|(i, &(model, prompt, completion, cost))| {
            json!({
                "call_id": format!("call_{}_{unix}000", i + 1), "model": model, "status": "success",
                "tokens_used": {"prompt_tokens": prompt, "completion_tokens": completion,
                                "total_tokens": prompt + completion},
                "cost_estimate": cost,
            })
        })
        .collect();
    let (total, success, failed, cost) = metadata;
    let body = json!({
        "session_info": info,
        "api_calls": calls,
        "metadata": {"total_api_calls": total, "success_calls": success,
                     "failed_calls": failed, "total_cost_estimate": cost},
    });
    (key, serde_json::to_vec_pretty(&body).unwrap())
}

/// An object: its key and body.
type Object = (String, Vec<u8>);
/// The names of the checks each object's session must fail, by key.
type Expected = BTreeMap<String, Vec<&'static str>>;

/// The sample and one hand-written session per check, with the checks each must fail.
fn bucket() -> (Vec<Object>, Expected) {
    // gpt-4o-mini listed at 0.15/0.60 per million: 1000 + 1000 tokens cost 0.00075.
    let mini = ("gpt-4o-mini", 1000, 1000, 0.00075);
    let cases: Vec<(Object, Vec<&str>)> = vec![
        // The writer's 5/15 per million: 1000 × 5/M + 100 × 15/M = 0.0065, and
        // 200 × 5/M + 300 × 15/M = 0.0055 (list: 0.0035 each).
        (
            session(
                "priced",
                21,
                true,
                &[
                    (MISPRICED, 1000, 100, 0.0065),
                    (MISPRICED, 200, 300, 0.0055),
                ],
                (2, 2, 0, 0.012),
            ),
            vec!["cost"],
        ),
        (
            session("clean", 21, true, &[mini], (1, 1, 0, 0.00075)),
            vec![],
        ),
        (
            session("unended", 22, false, &[mini], (1, 1, 0, 0.00075)),
            vec!["unended"],
        ),
        // Claims two calls, one failed; there is one, which succeeded (1 + 1 = 2 adds up).
        (
            session("metadata", 22, true, &[mini], (2, 1, 1, 0.00075)),
            vec!["metadata"],
        ),
        // Claims 1 call, 1 success and 1 failure: its own counts do not add up.
        (
            session("counts", 23, true, &[mini], (1, 1, 1, 0.00075)),
            vec!["metadata", "counts"],
        ),
        (
            session(
                "notokens",
                23,
                true,
                &[("gpt-4o-mini", 0, 0, 0.0)],
                (1, 1, 0, 0.0),
            ),
            vec!["no-tokens"],
        ),
        // No list price: never a cost difference, but said on the costs page. At 2/30 per
        // million: 1000 × 2/M + 200 × 30/M = 0.008, 500 × 2/M + 400 × 30/M = 0.013.
        (
            session(
                "qwen",
                24,
                true,
                &[
                    ("qwen-vl-max", 1000, 200, 0.008),
                    ("qwen-vl-max", 500, 400, 0.013),
                ],
                (2, 2, 0, 0.021),
            ),
            vec![],
        ),
    ];
    let mut objects = sample();
    let mut expected: Expected = objects
        .iter()
        .map(|(key, _)| (key.clone(), vec!["cost"]))
        .collect();
    for (object, checks) in cases {
        expected.insert(object.0.clone(), checks);
        objects.push(object);
    }
    (objects, expected)
}

/// The sessions of `objects`, as session-log reads them with `prices`.
fn sessions(objects: &[Object], prices: &PriceTable) -> Vec<SessionSummary> {
    objects
        .iter()
        .map(|(key, body)| {
            let KeyKind::Session(key) = session_log::parse_key(PREFIX, key) else {
                panic!("{key} is a folder")
            };
            match session_log::load(key, body, prices) {
                Loaded::Session(summary) => *summary,
                Loaded::Invalid { reason, .. } => panic!("{reason}"),
            }
        })
        .collect()
}

/// The harness's rig over `objects`, its browser saving downloads into `downloads` without
/// asking, connected by typing into the form.
async fn connected(objects: Vec<Object>, downloads: &Path) -> Rig {
    let options = Options {
        download_dir: Some(downloads.to_owned()),
        ..Options::default()
    };
    let rig = Rig::start(objects, options).await;
    rig.connect().await;
    rig
}

/// Opens the site at `fragment` as a new address.
async fn open(rig: &Rig, fragment: &str) {
    rig.client()
        .goto(&format!("{}{fragment}", rig.site.url()))
        .await
        .unwrap();
}

async fn text(client: &Client, css: &str) -> String {
    find(client, css).await.text().await.unwrap()
}

async fn value_of(client: &Client, css: &str) -> String {
    attr(&wait_for(client, css).await, "data-value").await
}

/// Waits for a finished download whose name starts with `prefix` and ends with `extension`.
async fn downloaded(dir: &Path, prefix: &str, extension: &str) -> (String, PathBuf) {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        let partial = names.iter().any(|n| n.ends_with(".crdownload"));
        if let Some(name) = names
            .iter()
            .find(|n| n.starts_with(prefix) && n.ends_with(extension))
        {
            if !partial {
                return (name.clone(), dir.join(name));
            }
        }
        assert!(
            Instant::now() < deadline,
            "no {prefix}*{extension} in {names:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A CSV file's header and rows, keyed by their first column.
fn read_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

/// `logscope-{what}-YYYY-MM-DD.{extension}`, dated today (give or take a zone).
fn assert_named(name: &str, what: &str, extension: &str) {
    let day = name
        .strip_prefix(&format!("logscope-{what}-"))
        .and_then(|rest| rest.strip_suffix(&format!(".{extension}")))
        .unwrap_or_else(|| panic!("{name}"));
    let day = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
    let today = chrono::Utc::now().date_naive();
    assert!((day - today).num_days().abs() <= 1, "{name}");
}

#[tokio::test]
async fn costs_are_explained_checks_flag_and_filter_and_the_filtered_rows_download() {
    let (objects, expected) = bucket();
    let all = sessions(&objects, &PriceTable::builtin());
    // session-log agrees with the checks written down by hand above.
    for s in &all {
        let names: Vec<&str> = failed_checks(s).into_iter().map(|c| c.name()).collect();
        assert_eq!(names, expected[&s.key.key], "{}", s.key.key);
    }
    let report = cost_check::check(&all, &PriceTable::builtin());
    let model = report.models.iter().find(|m| m.model == MISPRICED).unwrap();
    // 0.00125 + 0.0065 + 0.0055 logged against 0.00075 + 0.0035 + 0.0035 listed.
    let ratio = 0.01325 / 0.00775;
    assert!((model.ratio.unwrap() - ratio).abs() < 1e-9);
    assert!(matches!(model.implied, Implied::Rates { exact: true, .. }));

    let downloads = tempfile::tempdir().unwrap();
    let rig = connected(objects, downloads.path()).await;
    let seeded = &rig.seeded;
    let client = rig.client();

    // The costs page, in words.
    wait_for(client, ".tabs a[href='#/costs']")
        .await
        .click()
        .await
        .unwrap();
    let finding =
        format!("[data-testid=cost-finding][data-kind=mispriced][data-model='{MISPRICED}']");
    let words = wait_for(client, &finding).await;
    let said = words.text().await.unwrap();
    assert_eq!(
        said,
        format!(
            "The logger prices {MISPRICED} at 5/15 USD per million tokens (input/output); the \
             list price is 2.50/10, so the logged cost is about 1.71× too high."
        )
    );
    let shown_ratio: f64 = attr(&words, "data-ratio").await.parse().unwrap();
    assert!((shown_ratio - ratio).abs() < 1e-9, "{shown_ratio}");
    assert_eq!(
        count(client, "[data-testid=cost-finding][data-kind=mispriced]").await,
        1
    );
    let unknown = text(
        client,
        "[data-testid=cost-finding][data-kind=unknown-model][data-model=qwen-vl-max]",
    )
    .await;
    assert!(
        unknown.contains("qwen-vl-max has no list price, so its 2 calls are not checked"),
        "{unknown}"
    );
    assert!(unknown.contains("2/30 USD per million tokens"), "{unknown}");
    assert_eq!(
        value_of(client, "[data-testid=cost-sessions-count]").await,
        "2"
    );
    assert_eq!(value_of(client, "[data-testid=cost-differ]").await, "3");
    assert_eq!(value_of(client, "[data-testid=cost-unknown]").await, "2");
    let logged: f64 = value_of(client, "[data-testid=cost-logged]")
        .await
        .parse()
        .unwrap();
    assert!((logged - report.logged_usd).abs() < 1e-12, "{logged}");
    // Counts per check, each a link to the table filtered by it.
    for (name, n) in [
        ("metadata", 2),
        ("counts", 1),
        ("unended", 1),
        ("no-tokens", 1),
        ("cost", 2),
    ] {
        let item = format!("[data-testid=check-summary] li[data-check='{name}']");
        assert_eq!(value_of(client, &item).await, n.to_string(), "{name}");
        let href = attr(&find(client, &format!("{item} a")).await, "href").await;
        assert_eq!(href, format!("#/sessions?check={name}"));
    }
    assert_eq!(value_of(client, "[data-testid=checks-any]").await, "6");
    // Sources are links only when they are web addresses, and open apart from this page.
    let source = find(
        client,
        "[data-testid=price-table] tr[data-model=gpt-4o] td.source a",
    )
    .await;
    assert!(attr(&source, "href").await.starts_with("https://"));
    assert_eq!(attr(&source, "rel").await, "noopener noreferrer");
    assert_eq!(attr(&source, "target").await, "_blank");

    // The same words in Chinese.
    script(
        client,
        "localStorage.setItem('logscope.lang', 'zh-CN'); return 0;",
    )
    .await;
    client.refresh().await.unwrap();
    let zh = wait_for(client, &finding).await.text().await.unwrap();
    assert!(
        zh.contains(&format!("记录器为 {MISPRICED} 计价每百万 token 5/15 美元（输入/输出）；标价为 2.50/10，因此记录的费用约为标价的 1.71 倍，偏高。")),
        "{zh}"
    );
    script(
        client,
        "localStorage.setItem('logscope.lang', 'en'); return 0;",
    )
    .await;
    client.refresh().await.unwrap();
    assert_eq!(finished_state(client).await, "done");

    // The sessions table flags exactly the sessions each check fails, in words.
    wait_for(client, "[data-testid=cost-sessions-link]")
        .await
        .click()
        .await
        .unwrap();
    wait_until(
        client,
        "the cost filter",
        "location.hash === '#/sessions?check=cost'",
    )
    .await;
    wait_until(
        client,
        "two rows",
        "document.querySelectorAll('[data-testid=session-row]').length === 2",
    )
    .await;
    open(&rig, "#/sessions").await;
    wait_until(
        client,
        "every row",
        &format!(
            "document.querySelectorAll('[data-testid=session-row]').length === {}",
            expected.len()
        ),
    )
    .await;
    for (key, checks) in &expected {
        let flags = script(
            client,
            &format!(
                "return [...document.querySelectorAll('[data-testid=session-row][data-key=\"{key}\"] .check-flag')]\
                 .map(f => [f.dataset.check, f.textContent, f.title]);"
            ),
        )
        .await;
        let flags: Vec<(String, String, String)> = serde_json::from_value(flags).unwrap();
        let names: Vec<&str> = flags.iter().map(|(name, _, _)| name.as_str()).collect();
        assert_eq!(&names, checks, "{key}");
        assert!(
            flags
                .iter()
                .all(|(_, text, title)| !text.is_empty() && title.len() > text.len()),
            "{flags:?}"
        );
    }

    // The checks filter shows them.
    let checks_select = "[data-testid=filter-check]";
    for name in ["metadata", "counts", "unended", "no-tokens", "cost", "any"] {
        find(client, checks_select)
            .await
            .select_by_value(name)
            .await
            .unwrap();
        let want: BTreeSet<&String> = expected
            .iter()
            .filter(|(_, checks)| {
                if name == "any" {
                    !checks.is_empty()
                } else {
                    checks.contains(&name)
                }
            })
            .map(|(key, _)| key)
            .collect();
        wait_until(
            client,
            &format!("the {name} filter"),
            &format!(
                "location.hash === '#/sessions?check={name}' && \
                 document.querySelectorAll('[data-testid=session-row]').length === {}",
                want.len()
            ),
        )
        .await;
        let shown: BTreeSet<String> = row_keys(client).await.into_iter().collect();
        assert_eq!(shown.iter().collect::<BTreeSet<_>>(), want, "{name}");
    }

    // Downloads of the filtered rows ("any" check: 6 of 8), read back and compared with
    // session-log's rows for the same sessions from the same bytes.
    let kept: Vec<&SessionSummary> = all
        .iter()
        .filter(|s| !expected[&s.key.key].is_empty())
        .collect();
    assert_eq!(kept.len(), 6);
    let size = |key: &str| {
        seeded
            .objects
            .iter()
            .find(|(k, _)| k == key)
            .unwrap()
            .1
            .len() as u64
    };
    let rows: Vec<TableRow> = kept
        .iter()
        .map(|s| TableRow {
            summary: s,
            read: true,
            size: Some(size(&s.key.key)),
            modified: None,
        })
        .collect();
    find(client, "[data-testid=export-sessions-csv]")
        .await
        .click()
        .await
        .unwrap();
    let (name, path) = downloaded(downloads.path(), "logscope-sessions-", ".csv").await;
    assert_named(&name, "sessions", "csv");
    let bytes = std::fs::read_to_string(&path).unwrap();
    let body = bytes
        .strip_prefix('\u{feff}')
        .expect("a byte-order mark for Excel");
    let (header, got) = read_csv(body);
    let (want_header, want) = read_csv(&table_sessions_csv(&rows));
    assert_eq!(header, want_header);
    assert_eq!(got.len(), 6, "one row per session shown");
    let modified = header.iter().position(|c| c == "last_modified").unwrap();
    let by_key: BTreeMap<&str, &Vec<String>> = want.iter().map(|r| (r[0].as_str(), r)).collect();
    for row in &got {
        let expected_row = by_key[row[0].as_str()];
        for (i, column) in header.iter().enumerate() {
            if i == modified {
                assert!(row[i].ends_with('Z'), "a storage time: {}", row[i]);
            } else {
                assert_eq!(row[i], expected_row[i], "{column} of {}", row[0]);
            }
        }
    }
    let sample_row = got
        .iter()
        .find(|r| r[0].starts_with("openai_logs/1/"))
        .unwrap();
    let column = |name: &str| header.iter().position(|c| c == name).unwrap();
    assert_eq!(
        (
            &*sample_row[column("logged_cost_usd")],
            &*sample_row[column("list_cost_usd")],
            &*sample_row[column("checks")]
        ),
        ("0.00125", "0.00075", "cost")
    );

    find(client, "[data-testid=export-calls-csv]")
        .await
        .click()
        .await
        .unwrap();
    let (name, path) = downloaded(downloads.path(), "logscope-calls-", ".csv").await;
    assert_named(&name, "calls", "csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let (header, mut got) = read_csv(text.trim_start_matches('\u{feff}'));
    let (want_header, mut want) = read_csv(&table_calls_csv(&rows));
    assert_eq!(header, want_header);
    assert_eq!(got.len(), kept.iter().map(|s| s.calls.len()).sum::<usize>());
    got.sort();
    want.sort();
    assert_eq!(got, want);

    // JSON Lines: one object per session shown, with the sessions CSV's columns.
    find(client, "[data-testid=export-sessions-jsonl]")
        .await
        .click()
        .await
        .unwrap();
    let (name, path) = downloaded(downloads.path(), "logscope-sessions-", ".jsonl").await;
    assert_named(&name, "sessions", "jsonl");
    let lines: Vec<Value> = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let keys: BTreeSet<&str> = lines.iter().map(|l| l["key"].as_str().unwrap()).collect();
    let want: BTreeSet<&str> = kept.iter().map(|s| s.key.key.as_str()).collect();
    assert_eq!(keys, want);
    let sample_line = lines
        .iter()
        .find(|l| l["key"].as_str().unwrap().starts_with("openai_logs/1/"))
        .unwrap();
    assert_eq!(
        (
            &sample_line["logged_cost_usd"],
            &sample_line["list_cost_usd"],
            &sample_line["checks"]
        ),
        (&json!(0.00125), &json!(0.00075), &json!("cost"))
    );

    // The calls as JSON Lines: exactly the lines session-log writes for the same rows.
    find(client, "[data-testid=export-calls-jsonl]")
        .await
        .click()
        .await
        .unwrap();
    let (name, path) = downloaded(downloads.path(), "logscope-calls-", ".jsonl").await;
    assert_named(&name, "calls", "jsonl");
    let mut got: Vec<String> = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    let mut want: Vec<String> = table_calls_jsonl(&rows)
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(got.len(), kept.iter().map(|s| s.calls.len()).sum::<usize>());
    got.sort();
    want.sort();
    assert_eq!(got, want);

    rig.browser.close().await.unwrap();
}

/// The user's prices: the writer's 5/15 for gpt-4o-2024-11-20, a price for qwen-vl-max, and
/// a source that must never become a link.
const PRICE_FILE: &str = r#"{"prices": [
  {"model": "gpt-4o-2024-11-20", "input": 5, "output": 15,
   "source": "javascript:window.__pwned=1", "as_of": "2025-06-01"},
  {"model": "qwen-vl-max", "input": 2, "output": 30,
   "source": "https://example.com/qwen", "as_of": "2025-06-01"}
]}"#;

async fn upload(client: &Client, dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    find(client, "[data-testid=price-file]")
        .await
        .send_keys(&path.display().to_string())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_price_file_reprices_everything_survives_a_reload_and_resets() {
    let (objects, _) = bucket();
    let theirs = PriceTable::builtin().with_overrides(PriceTable::from_json(PRICE_FILE).unwrap());
    let repriced = cost_check::check(&sessions(&objects, &theirs), &theirs);
    assert!(
        repriced.sessions_differ.is_empty(),
        "the file makes every estimate right"
    );
    let files = tempfile::tempdir().unwrap();

    let downloads = tempfile::tempdir().unwrap();
    let rig = connected(objects, downloads.path()).await;
    let client = rig.client();
    open(&rig, "#/costs").await;
    wait_for(client, "[data-testid=cost-finding][data-kind=mispriced]").await;
    assert_eq!(
        attr(
            &find(client, "[data-testid=price-in-use]").await,
            "data-own"
        )
        .await,
        "0"
    );

    upload(client, files.path(), "prices.json", PRICE_FILE).await;
    wait_until(
        client,
        "the file in use",
        "document.querySelector('[data-testid=price-in-use]').dataset.own === '2'",
    )
    .await;
    let repriced_view = |what: &'static str| async move {
        // Every figure follows at once: no mismatch left, qwen-vl-max priced.
        assert_eq!(
            value_of(client, "[data-testid=cost-sessions-count]").await,
            "0",
            "{what}"
        );
        assert_eq!(
            value_of(client, "[data-testid=cost-differ]").await,
            "0",
            "{what}"
        );
        assert_eq!(
            value_of(client, "[data-testid=cost-unknown]").await,
            "0",
            "{what}"
        );
        let list: f64 = value_of(client, "[data-testid=cost-list]")
            .await
            .parse()
            .unwrap();
        assert!((list - repriced.list_usd).abs() < 1e-12, "{what}: {list}");
        wait_for(client, "[data-testid=cost-agrees]").await;
        assert_eq!(
            count(client, "[data-testid=cost-finding]").await,
            0,
            "{what}"
        );
        assert_eq!(
            value_of(client, "[data-testid=check-summary] li[data-check=cost]").await,
            "0"
        );
        // The user's rows are marked; a source that is not a web address stays text.
        let row = "[data-testid=price-table] tr[data-model='gpt-4o-2024-11-20']";
        assert_eq!(attr(&find(client, row).await, "data-own").await, "true");
        assert_eq!(count(client, &format!("{row} td.source a")).await, 0);
        assert_eq!(
            text(client, &format!("{row} td.source")).await,
            "javascript:window.__pwned=1"
        );
        let link = find(
            client,
            "[data-testid=price-table] tr[data-model=qwen-vl-max] td.source a",
        )
        .await;
        assert_eq!(attr(&link, "href").await, "https://example.com/qwen");
        assert_eq!(attr(&link, "rel").await, "noopener noreferrer");
    };
    repriced_view("after the upload").await;
    // The table's flags follow too.
    open(&rig, "#/sessions?check=cost").await;
    wait_for(client, "[data-testid=session-count][data-value='0']").await;

    // Kept across a reload, and used by the load that follows it.
    open(&rig, "#/costs").await;
    client.refresh().await.unwrap();
    assert_eq!(finished_state(client).await, "done");
    wait_for(client, "[data-testid=price-in-use][data-own='2']").await;
    repriced_view("after a reload").await;

    // A broken file is refused with where, and changes nothing.
    upload(
        client,
        files.path(),
        "broken.json",
        "{\"prices\": [\n  {\"model\": \"x\",, }\n]}",
    )
    .await;
    let refusal = wait_for(client, "[data-testid=price-error]")
        .await
        .text()
        .await
        .unwrap();
    assert!(refusal.contains("line 2, column 17"), "{refusal}");
    assert!(refusal.contains("Nothing was changed."), "{refusal}");
    assert_eq!(
        attr(
            &find(client, "[data-testid=price-in-use]").await,
            "data-own"
        )
        .await,
        "2"
    );
    assert_eq!(
        value_of(client, "[data-testid=cost-sessions-count]").await,
        "0"
    );

    // Reset: the built-in prices, and the mismatch, are back; nothing is kept.
    find(client, "[data-testid=price-reset]")
        .await
        .click()
        .await
        .unwrap();
    wait_for(client, "[data-testid=price-in-use][data-own='0']").await;
    wait_for(client, "[data-testid=cost-finding][data-kind=mispriced]").await;
    assert_eq!(
        value_of(client, "[data-testid=cost-sessions-count]").await,
        "2"
    );
    assert_eq!(count(client, "[data-testid=price-error]").await, 0);
    assert_eq!(
        count(client, "[data-testid=price-table] tr[data-own=true]").await,
        0
    );
    let kept = script(client, "return localStorage.getItem('logscope.prices');").await;
    assert_eq!(kept, Value::Null);
    assert_eq!(
        script(client, "return window.__pwned === undefined;").await,
        Value::Bool(true)
    );

    rig.browser.close().await.unwrap();
}
