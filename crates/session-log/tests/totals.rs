//! Totals over hand-written fixtures (tests/fixtures) and the shared sample, against figures
//! computed by hand in the comments below: never by the code under test.

use session_log::{load, parse_key, KeyKind, Loaded, PriceTable, Report, Totals};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn shared_sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/sample")
}

/// Every object under `root`, keyed as in a bucket, sorted.
fn objects(root: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let key = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((key, std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out.sort();
    out
}

fn totals_of(roots: &[PathBuf], day_offset_minutes: i32) -> Report {
    let prices = PriceTable::builtin();
    let mut totals = Totals::with_day_offset(day_offset_minutes);
    for root in roots {
        for (key, bytes) in objects(root) {
            let KeyKind::Session(key) = parse_key("openai_logs/", &key) else {
                continue;
            };
            totals.add(&load(key, &bytes, &prices));
        }
    }
    totals.report()
}

fn close(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() < 1e-9
}

#[test]
fn the_shared_sample_alone() {
    let report = totals_of(&[shared_sample()], 0);
    assert_eq!(
        (
            report.sessions,
            report.invalid,
            report.calls,
            report.failed_calls
        ),
        (1, 0, 1, 0)
    );
    assert_eq!(
        (
            report.prompt_tokens,
            report.completion_tokens,
            report.total_tokens
        ),
        (100, 50, 150)
    );
    assert!(close(report.cost_usd, 0.00125), "{}", report.cost_usd);
    // List price of gpt-4o-2024-11-20: 100 × 2.50/1M + 50 × 10/1M = 0.00025 + 0.0005.
    assert!(
        close(report.list_cost_usd, 0.00075),
        "{}",
        report.list_cost_usd
    );
    assert_eq!(report.unpriced_calls, 0);
    assert_eq!(
        report.calls_cost_differs, 1,
        "0.00125 logged against 0.00075 listed"
    );
    assert_eq!(report.by_drawing["1"].sessions, 1);
    assert_eq!(report.by_session_type["test_session"].calls, 1);
    assert_eq!(report.session_duration.max, Some(0.001039));
    assert_eq!(report.by_day.keys().collect::<Vec<_>>(), ["2025-06-22"]);
}

#[test]
fn fixtures_and_sample_total_as_computed_by_hand() {
    let report = totals_of(&[fixtures(), shared_sample()], 0);
    // Sessions: T1, T2, T3 and the sample; the broken object is invalid.
    assert_eq!(report.sessions, 4);
    assert_eq!(report.invalid, 1);
    assert_eq!(
        report.invalid_objects[0].key,
        "openai_logs/7/openai_interaction_broken_T4_1750640500.json_12345678.txt"
    );
    assert!(
        report.invalid_objects[0].reason.contains("byte"),
        "{}",
        report.invalid_objects[0].reason
    );
    // Calls: 2 (T1) + 2 (T2) + 0 (T3) + 1 (sample); T2's o3 call failed.
    assert_eq!((report.calls, report.failed_calls), (5, 1));
    // Prompt: 1000 + 2000 + 0 + 300 ("300" as text) + 100; completion: 200 + 500 + 0 + 100 + 50.
    assert_eq!(
        (
            report.prompt_tokens,
            report.completion_tokens,
            report.total_tokens
        ),
        (3400, 850, 4250)
    );
    assert_eq!(report.cached_tokens, 1000);
    // Logged: 0.008 + 0.0006 + (none: counts 0, unpriced) + 0.001 + 0.00125.
    assert!(close(report.cost_usd, 0.01085), "{}", report.cost_usd);
    assert_eq!(report.unpriced_calls, 1);
    // List: 0.0045 (4o) + 0.000525 (mini: 1000 fresh × 0.15 + 1000 cached × 0.075 + 500 × 0.60,
    // per million) + 0 (o3, no tokens) + 0.00075 (sample); mystery-model-1 is unknown.
    assert!(
        close(report.list_cost_usd, 0.005775),
        "{}",
        report.list_cost_usd
    );
    assert_eq!(report.unknown_model_calls, 1);
    // A: 0.008 against 0.0045; B: 0.0006 against 0.000525 (14% off); D has no list price;
    // C has no estimate; the sample: 0.00125 against 0.00075.
    assert_eq!(report.calls_cost_differs, 3);
    assert_eq!(report.never_ended_sessions, 1, "T2 is still started");
    assert_eq!(report.metadata_disagrees, 1, "T2 claims 3 calls");
    assert_eq!(
        report.sessions_with_problems, 1,
        "T2 wrote a token count as text"
    );

    // Session durations 12.5, 3.0, 0.001039 (T2 has none): nearest-rank p50 is the 2nd.
    let s = &report.session_duration;
    assert_eq!(
        (s.count, s.p50, s.p95, s.max),
        (3, Some(3.0), Some(12.5), Some(12.5))
    );
    assert!(close(s.sum, 15.501039));
    // Call durations 4, 2, 30, 1.5 (the sample's call has none): sorted 1.5 2 4 30.
    let c = &report.call_duration;
    assert_eq!(
        (c.count, c.p50, c.p95, c.max),
        (4, Some(2.0), Some(30.0), Some(30.0))
    );
    assert!(close(c.sum, 37.5));

    let m = &report.by_model["gpt-4o-2024-11-20"];
    assert_eq!(
        (m.calls, m.prompt_tokens, m.completion_tokens),
        (2, 1100, 250)
    );
    assert!(close(m.cost_usd, 0.00925) && close(m.list_cost_usd, 0.00525));
    let mini = &report.by_model["gpt-4o-mini"];
    assert_eq!((mini.calls, mini.cached_tokens), (1, 1000));
    let o3 = &report.by_model["o3"];
    assert_eq!((o3.calls, o3.failed_calls, o3.unpriced_calls), (1, 1, 1));
    assert_eq!(report.by_model["mystery-model-1"].unknown_model_calls, 1);
    assert_eq!(report.by_model.len(), 4);

    // Drawing 7 is written 7 in T1 and "7" in T3: one drawing.
    let seven = &report.by_drawing["7"];
    assert_eq!((seven.sessions, seven.calls, seven.tokens), (2, 2, 3700));
    assert!(close(seven.cost_usd, 0.0086));
    let unknown = &report.by_drawing["unknown"];
    assert_eq!(
        (unknown.sessions, unknown.calls, unknown.failed_calls),
        (1, 2, 1)
    );
    assert_eq!(report.by_drawing.len(), 3);
    assert_eq!(report.by_session_type["qto"].sessions, 2);
    assert_eq!(report.by_session_type["ocr check"].sessions, 1);

    // Days as written: T1 (22nd 23:30) and the sample on the 22nd; T2 and T3 on the 23rd.
    assert_eq!(report.by_day["2025-06-22"].sessions, 2);
    assert_eq!(report.by_day["2025-06-23"].sessions, 2);
}

#[test]
fn days_are_counted_in_the_zone_passed_in() {
    // Naive starts are read in the zone, so their dates stand whatever the offset.
    for offset in [60, -420] {
        let report = totals_of(&[fixtures(), shared_sample()], offset);
        assert_eq!(report.by_day["2025-06-22"].sessions, 2, "{offset}");
        assert_eq!(report.by_day["2025-06-23"].sessions, 2, "{offset}");
    }
    // A session known only by its key's time, 1750636800 = 2025-06-23 00:00 UTC, is dated
    // by that instant in the zone: the 22nd an hour west of UTC, the 23rd at UTC and east.
    let key = "openai_logs/9/openai_interaction_no_start_1750636800.json_0badc0de.txt";
    let KeyKind::Session(session_key) = parse_key("openai_logs/", key) else {
        panic!("a session key")
    };
    let body =
        br#"{"session_info": {"session_id": "no_start", "status": "started"}, "api_calls": []}"#;
    let loaded = load(session_key, body, &PriceTable::builtin());
    for (offset, day) in [(-60, "2025-06-22"), (0, "2025-06-23"), (480, "2025-06-23")] {
        let mut totals = Totals::with_day_offset(offset);
        totals.add(&loaded);
        let report = totals.report();
        assert_eq!(report.by_day.keys().collect::<Vec<_>>(), [day], "{offset}");
    }
}

#[test]
fn adding_one_session_at_a_time_matches_adding_all() {
    let prices = PriceTable::builtin();
    let mut loaded: Vec<Loaded> = Vec::new();
    for root in [fixtures(), shared_sample()] {
        for (key, bytes) in objects(&root) {
            if let KeyKind::Session(key) = parse_key("openai_logs/", &key) {
                loaded.push(load(key, &bytes, &prices));
            }
        }
    }
    let mut running = Totals::default();
    let mut sessions_seen = Vec::new();
    for item in &loaded {
        running.add(item);
        sessions_seen.push(running.report().sessions + running.report().invalid);
    }
    assert_eq!(
        sessions_seen,
        [1, 2, 3, 4, 5],
        "each add counts once, right away"
    );
    let mut reversed = Totals::default();
    for item in loaded.iter().rev() {
        reversed.add(item);
    }
    let (a, b) = (running.report(), reversed.report());
    assert_eq!(
        (a.calls, a.total_tokens, a.by_drawing.len()),
        (b.calls, b.total_tokens, b.by_drawing.len())
    );
    assert!(close(a.cost_usd, b.cost_usd));
    assert_eq!(
        a.call_duration, b.call_duration,
        "percentiles do not depend on order"
    );
}

#[test]
fn unavailable_objects_are_listed_with_their_reason() {
    let mut totals = Totals::default();
    totals.add_unavailable("openai_logs/1/x.json.txt", "503 SlowDown after 5 attempts");
    let report = totals.report();
    assert_eq!(report.unavailable, 1);
    assert_eq!(
        report.unavailable_objects[0].reason,
        "503 SlowDown after 5 attempts"
    );
    let json = serde_json::to_value(&report).unwrap();
    for field in [
        "sessions",
        "invalid",
        "calls",
        "failed_calls",
        "prompt_tokens",
        "completion_tokens",
        "total_tokens",
        "cost_usd",
        "unpriced_calls",
        "by_model",
        "by_drawing",
        "invalid_objects",
    ] {
        assert!(json.get(field).is_some(), "the JSON report has {field}");
    }
}

#[test]
fn the_text_report_names_the_figures() {
    let text = totals_of(&[fixtures(), shared_sample()], 0).to_text();
    for needle in [
        "sessions 4",
        "calls    5  (failed 1)",
        "tokens   4250",
        "$0.01085 logged",
        "mystery-model-1",
        "openai_interaction_broken_T4",
    ] {
        assert!(text.contains(needle), "{needle} in\n{text}");
    }
}

#[test]
fn unreadable_times_are_flagged_and_zoned_times_read() {
    let prices = PriceTable::builtin();
    let KeyKind::Session(key) = parse_key(
        "openai_logs/",
        "openai_logs/1/openai_interaction_a_b_1750572866.json.txt",
    ) else {
        unreachable!()
    };
    let body =
        br#"{"session_info": {"start_time": "yesterday", "end_time": "2025-06-22T14:14:26+08:00"},
                    "api_calls": [{"tokens_used": {"prompt_tokens": 10}}]}"#;
    let Loaded::Session(summary) = load(key, body, &prices) else {
        panic!("a session")
    };
    assert_eq!(summary.start, None);
    assert_eq!(
        summary.end.unwrap().to_string(),
        "2025-06-22 14:14:26",
        "the clock reading is kept"
    );
    assert_eq!(summary.problems[0].path, "session_info.start_time");
    assert_eq!(summary.calls[0].model, "unknown");
    assert_eq!(
        summary.calls[0].list_cost, None,
        "a call without a model is never priced"
    );
    assert!(!summary.cost_differs(), "nothing to compare with");
}

#[test]
fn the_sample_session_is_flagged_as_a_whole_too() {
    let prices = PriceTable::builtin();
    let key =
        "openai_logs/1/openai_interaction_test_session_test_task_001_1750572866.json_0b9cd106.txt";
    let KeyKind::Session(parsed) = parse_key("openai_logs/", key) else {
        unreachable!()
    };
    let bytes = std::fs::read(shared_sample().join(key)).unwrap();
    let Loaded::Session(summary) = load(parsed, &bytes, &prices) else {
        panic!("a session")
    };
    assert!(summary.cost_differs());
    assert_eq!(summary.calls_cost_differs(), 1);
    assert!(close(summary.list_cost().unwrap(), 0.00075));
}

#[test]
fn a_cost_within_one_percent_is_not_flagged() {
    use session_log::cost_differs;
    assert!(!cost_differs(Some(1.0), Some(1.0)));
    assert!(!cost_differs(Some(1.0099), Some(1.0)));
    assert!(cost_differs(Some(1.0101), Some(1.0)));
    assert!(cost_differs(Some(0.9899), Some(1.0)));
    assert!(
        cost_differs(Some(0.001), Some(0.0)),
        "a cost logged for free tokens"
    );
    assert!(!cost_differs(Some(0.0), Some(0.0)));
    assert!(!cost_differs(None, Some(1.0)) && !cost_differs(Some(1.0), None));
}

/// A token count written as text is read up to u64::MAX ("18446744073709551615" is a valid
/// u64), so sums of them must saturate: adding them panicked in debug builds and wrapped to
/// small numbers in release builds.
#[test]
fn token_sums_saturate_instead_of_overflowing() {
    const MAX: &str = "18446744073709551615";
    let body = format!(
        r#"{{"session_info": {{"drawing_id": 1}}, "api_calls": [
            {{"model": "m", "tokens_used": {{"prompt_tokens": "{MAX}", "completion_tokens": 1, "prompt_tokens_details": {{"cached_tokens": "{MAX}"}}}}}},
            {{"model": "m", "tokens_used": {{"prompt_tokens": "{MAX}", "completion_tokens": "{MAX}"}}}}
        ]}}"#
    );
    let KeyKind::Session(key) = parse_key("", "a.json") else {
        unreachable!("not a folder")
    };
    let session = session_log::parse_session(body.as_bytes()).unwrap();
    assert_eq!(session.calls[0].tokens(), u64::MAX);
    let loaded = load(key, body.as_bytes(), &PriceTable::builtin());
    let mut totals = Totals::default();
    totals.add(&loaded);
    totals.add(&loaded);
    let report = totals.report();
    assert_eq!(report.sessions, 2);
    assert_eq!(
        (
            report.prompt_tokens,
            report.completion_tokens,
            report.cached_tokens,
            report.total_tokens
        ),
        (u64::MAX, u64::MAX, u64::MAX, u64::MAX)
    );
    assert_eq!(report.by_model["m"].prompt_tokens, u64::MAX);
    assert_eq!(report.by_drawing["1"].tokens, u64::MAX);
}

#[test]
fn an_invalid_object_keeps_its_typed_reason_beside_the_english() {
    let mut totals = Totals::default();
    let KeyKind::Session(key) = parse_key("", "openai_logs/1/a.json.txt") else {
        unreachable!("not a folder")
    };
    totals.add(&load(key, b"[1]", &PriceTable::builtin()));
    totals.add_unavailable("openai_logs/1/b.json.txt", "no answer");
    let report = totals.report();
    let invalid = &report.invalid_objects[0];
    assert_eq!(
        invalid.invalid,
        Some(session_log::Invalid::NotAnObject {
            found: session_log::Found::List
        })
    );
    assert_eq!(
        invalid.reason,
        "the document is a list, not a JSON object (at byte 0)"
    );
    assert_eq!(report.unavailable_objects[0].invalid, None);
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(
        json["invalid_objects"][0],
        serde_json::json!({
            "key": "openai_logs/1/a.json.txt",
            "reason": "the document is a list, not a JSON object (at byte 0)",
        }),
        "the JSON report keeps its shape"
    );
}
