//! The charts' series over hand-written sessions, against figures worked out by hand in the
//! comments: days in the reader's zone, stacking with "other", tokens per model, duration
//! bins whose bounds are exactly the sessions table's filter, percentiles as the totals
//! compute them, and round axis ticks.

use chrono::NaiveDate;
use serde_json::{json, Value};
use session_log::series::{
    daily, duration_histogram, nearest_rank, nice_ticks, one_two_five, session_day, shown_models,
    stack, tokens_by_model, Bin, Measure, Series, Tally,
};
use session_log::{load, parse_key, KeyKind, Loaded, PriceTable, SessionSummary, Totals};

/// A call: model, failed, prompt and completion tokens, logged cost.
type Call<'a> = (&'a str, bool, u64, u64, Option<f64>);

/// A session with `start` (naive) or none, whose key carries `unix` or no time at all.
fn session(
    unix: Option<i64>,
    start: Option<&str>,
    duration: Option<f64>,
    calls: &[Call],
) -> SessionSummary {
    let id = match unix {
        Some(unix) => format!("qto_T_{unix}"),
        None => "qto_T_undated".to_owned(),
    };
    let key = format!("openai_logs/7/openai_interaction_{id}.json_ab12cd34.txt");
    let KeyKind::Session(key) = parse_key("openai_logs/", &key) else {
        panic!("a session key: {key}")
    };
    let calls: Vec<Value> = calls
        .iter()
        .map(|&(model, failed, prompt, completion, cost)| {
            json!({
                "model": model,
                "status": if failed { "failed" } else { "success" },
                "tokens_used": {"prompt_tokens": prompt, "completion_tokens": completion},
                "cost_estimate": cost,
            })
        })
        .collect();
    let body = json!({
        "session_info": {
            "drawing_id": 7,
            "status": "completed",
            "start_time": start,
            "total_duration_seconds": duration,
        },
        "api_calls": calls,
    });
    match load(key, body.to_string().as_bytes(), &PriceTable::builtin()) {
        Loaded::Session(summary) => *summary,
        other => panic!("not a session: {other:?}"),
    }
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn close(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() < 1e-12
}

fn tally(calls: u64, failed_calls: u64, cost_usd: f64) -> Tally {
    Tally {
        calls,
        failed_calls,
        cost_usd,
    }
}

fn assert_tally(actual: Tally, expected: Tally) {
    assert_eq!(
        (actual.calls, actual.failed_calls),
        (expected.calls, expected.failed_calls)
    );
    assert!(
        close(actual.cost_usd, expected.cost_usd),
        "{actual:?} ≠ {expected:?}"
    );
}

/// 1750000000 is 2025-06-15T15:06:40Z: 20,254 days after 1970-01-01 (2025-06-15), plus
/// 54,400 s (15:06:40).
const KEY_TIME: i64 = 1_750_000_000;

#[test]
fn a_day_is_the_naive_start_date_else_the_key_time_in_the_readers_zone() {
    let late = session(Some(KEY_TIME), Some("2025-06-15T23:30:00"), None, &[]);
    for offset in [-720, 0, 480, 840] {
        assert_eq!(
            session_day(&late, offset),
            Some(day("2025-06-15")),
            "{offset}"
        );
    }
    let keyed = session(Some(KEY_TIME), None, None, &[]);
    assert_eq!(session_day(&keyed, 0), Some(day("2025-06-15")));
    // 15:06:40 + 9 h = 00:06:40 the next day; − 15 h 30 min = 23:36:40 the day before.
    assert_eq!(session_day(&keyed, 540), Some(day("2025-06-16")));
    assert_eq!(session_day(&keyed, 480), Some(day("2025-06-15")));
    assert_eq!(session_day(&keyed, -930), Some(day("2025-06-14")));
    assert_eq!(session_day(&session(None, None, None, &[]), 480), None);
}

/// A: 06-15, gpt-4o 0.3 and a failed o3 without an estimate. B: 06-15, a failed gpt-4o
/// 0.1. C: 06-17, gpt-4o-mini 0.05 and gpt-4.1 0.2. D: no start, key time 06-15 15:06 UTC,
/// no calls. E: no start and no time in its key.
fn week() -> Vec<SessionSummary> {
    vec![
        session(
            Some(KEY_TIME),
            Some("2025-06-15T10:00:00"),
            None,
            &[
                ("gpt-4o", false, 10, 5, Some(0.3)),
                ("o3", true, 0, 0, None),
            ],
        ),
        session(
            Some(KEY_TIME + 1),
            Some("2025-06-15T22:00:00"),
            None,
            &[("gpt-4o", true, 1, 0, Some(0.1))],
        ),
        session(
            Some(KEY_TIME + 2),
            Some("2025-06-17T08:00:00"),
            None,
            &[
                ("gpt-4o-mini", false, 3, 3, Some(0.05)),
                ("gpt-4.1", false, 7, 1, Some(0.2)),
            ],
        ),
        session(Some(KEY_TIME + 3), None, None, &[]),
        session(None, None, None, &[]),
    ]
}

#[test]
fn days_group_calls_per_model_and_fill_the_gaps_between_them() {
    let all = week();
    let by_day = daily(&all, 0);
    // Names sort by bytes: '.' (0x2E) before 'o'.
    assert_eq!(by_day.models, ["gpt-4.1", "gpt-4o", "gpt-4o-mini", "o3"]);
    assert_eq!(by_day.undated_sessions, 1);
    let dates: Vec<_> = by_day.days.iter().map(|d| d.date).collect();
    assert_eq!(
        dates,
        [day("2025-06-15"), day("2025-06-16"), day("2025-06-17")]
    );
    let [d15, d16, d17] = &by_day.days[..] else {
        panic!("three days")
    };
    // A, B and D (key time); 3 calls, A's o3 and B's gpt-4o failed, 0.3 + 0.1.
    assert_eq!(d15.sessions, 3);
    assert_tally(d15.total, tally(3, 2, 0.4));
    assert_tally(d15.by_model[1], tally(2, 1, 0.4));
    assert_tally(d15.by_model[3], tally(1, 1, 0.0));
    assert_eq!(d15.by_model[0], Tally::default());
    assert_eq!((d16.sessions, d16.total), (0, Tally::default()));
    assert_eq!(d17.sessions, 1);
    assert_tally(d17.total, tally(2, 0, 0.25));
    assert_tally(d17.by_model[0], tally(1, 0, 0.2));
    assert_tally(d17.by_model[2], tally(1, 0, 0.05));
    assert_eq!(d15.total.failure_rate(), Some(2.0 / 3.0));
    assert_eq!(d16.total.failure_rate(), None);

    // Nine hours east, D's key time is past midnight: 06-16.
    let east = daily(&all, 540);
    let sessions: Vec<u64> = east.days.iter().map(|d| d.sessions).collect();
    assert_eq!(sessions, [2, 1, 1]);
}

#[test]
fn days_far_apart_are_not_filled() {
    let at = |start: &str| session(Some(KEY_TIME), Some(start), None, &[]);
    // 2024 is a leap year: 2024-01-01 to 2025-01-01 is 366 days, so 367 days are listed.
    let year = [at("2024-01-01T12:00:00"), at("2025-01-01T12:00:00")];
    assert_eq!(daily(&year, 0).days.len(), 367);
    let longer = [at("2024-01-01T12:00:00"), at("2025-01-02T12:00:00")];
    let dates: Vec<_> = daily(&longer, 0).days.iter().map(|d| d.date).collect();
    assert_eq!(dates, [day("2024-01-01"), day("2025-01-02")]);
}

#[test]
fn stacks_keep_the_largest_models_and_fold_the_rest_into_other() {
    let by_day = daily(&week(), 0);
    // Cost: gpt-4o 0.4, gpt-4.1 0.2, gpt-4o-mini 0.05; o3 costs nothing and has no segment.
    let cost = stack(&by_day, Measure::Cost, 1);
    assert_eq!(
        cost.series,
        [
            Series::Model("gpt-4o".into()),
            Series::Other(vec!["gpt-4.1".into(), "gpt-4o-mini".into()])
        ]
    );
    assert_eq!(cost.days.len(), 3);
    assert_tally(cost.days[0].segments[0], tally(2, 1, 0.4));
    assert_tally(cost.days[0].segments[1], Tally::default());
    assert_tally(cost.days[2].segments[1], tally(2, 0, 0.25));
    assert!(close(cost.max_total, 0.4));
    // Three models fit in two segments plus "other": none is folded alone.
    let all_three = stack(&by_day, Measure::Cost, 2);
    assert_eq!(all_three.series.len(), 3);
    assert!(all_three
        .series
        .iter()
        .all(|s| matches!(s, Series::Model(_))));

    // Calls: gpt-4o 2, then 1 each for gpt-4.1, gpt-4o-mini and o3, by name.
    let calls = stack(&by_day, Measure::Calls, 2);
    assert_eq!(
        calls.series,
        [
            Series::Model("gpt-4o".into()),
            Series::Model("gpt-4.1".into()),
            Series::Other(vec!["gpt-4o-mini".into(), "o3".into()])
        ]
    );
    assert_tally(calls.days[0].segments[2], tally(1, 1, 0.0));
    assert_eq!(calls.max_total, 3.0);
    assert_eq!(calls.days[1].sessions, 0);
}

#[test]
fn models_beyond_the_top_share_one_other_bar() {
    assert_eq!(shown_models(8, 7), 8);
    assert_eq!(shown_models(9, 7), 7);
    assert_eq!(shown_models(3, 7), 3);
    let calls: [Call; 6] = [
        ("gpt-4o", false, 100, 50, None),
        ("gpt-4o", false, 10, 5, None),
        ("o3", true, 0, 0, None),
        ("gpt-4o-mini", false, 30, 30, None),
        ("gpt-4.1", false, 200, 0, None),
        ("x", false, 1, 0, None),
    ];
    let all = [session(Some(KEY_TIME), None, None, &calls)];
    // gpt-4.1 200, gpt-4o 165, gpt-4o-mini 60, x 1; o3 used no tokens.
    let top_two = tokens_by_model(&all, 2);
    let bars: Vec<_> = top_two
        .iter()
        .map(|m| {
            (
                m.series.clone(),
                m.calls,
                m.prompt_tokens,
                m.completion_tokens,
            )
        })
        .collect();
    assert_eq!(
        bars,
        [
            (Series::Model("gpt-4.1".into()), 1, 200, 0),
            (Series::Model("gpt-4o".into()), 2, 110, 55),
            (
                Series::Other(vec!["gpt-4o-mini".into(), "x".into()]),
                2,
                31,
                30
            ),
        ]
    );
    assert_eq!(top_two[1].total(), 165);
    assert_eq!(tokens_by_model(&all, 3).len(), 4);
}

fn timed(seconds: &[f64]) -> Vec<SessionSummary> {
    seconds
        .iter()
        .enumerate()
        .map(|(i, &s)| session(Some(KEY_TIME + i as i64), None, Some(s), &[]))
        .collect()
}

fn bins(list: &[(u64, u64, u64)]) -> Vec<Bin> {
    list.iter()
        .map(|&(min_ms, max_ms, sessions)| Bin {
            min_ms,
            max_ms: Some(max_ms),
            sessions,
        })
        .collect()
}

#[test]
fn durations_get_even_round_bins_and_the_longest_is_inside_the_last() {
    let mut sessions = timed(&[1.0, 2.5, 3.0, 4.2, 7.9, 12.0]);
    // Without a duration, or a negative one: not measured, as in the totals.
    sessions.push(session(Some(1), None, None, &[]));
    sessions.push(session(Some(2), None, Some(-1.0), &[]));
    let histogram = duration_histogram(&sessions);
    // 1,000 to 12,000 ms: 11,000 / 12 bins ≈ 917, rounded up to 1,000 ms; 12,000 sits on
    // an edge, so the last bin is [12,000, 13,000). The 1-2-5 bins would hold 3 in
    // [2,000, 5,000), more than any of these.
    let mut expected = vec![(0, 0, 0); 12];
    for (i, slot) in expected.iter_mut().enumerate() {
        let min = 1000 * (i as u64 + 1);
        *slot = (min, min + 1000, u64::from([0, 1, 2, 3, 6, 11].contains(&i)));
    }
    assert_eq!(histogram.bins, bins(&expected));
    assert!(!histogram.log_scale);
    assert_eq!(histogram.measured, 6);
    // Nearest rank over 6: p50 is the 3rd (3.0), p95 the 6th (12.0).
    assert_eq!(
        (histogram.p50, histogram.p95, histogram.max),
        (Some(3.0), Some(12.0), Some(12.0))
    );
    assert_eq!(histogram.position(3.0), Some(2.0));
    assert_eq!(histogram.position(12.5), Some(11.5));
    assert_eq!(histogram.position(0.5), None);
}

#[test]
fn a_long_tail_gets_one_two_five_bins() {
    let histogram = duration_histogram(&timed(&[0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.5, 3.0, 600.0]));
    // Even bins would be 50,000 ms wide with 8 of 9 sessions in the first; 1-2-5 edges
    // from 200 ms (the largest at or below the shortest) to 1,000,000 ms hold at most 3.
    assert!(histogram.log_scale);
    assert_eq!(
        histogram.bins,
        bins(&[
            (200, 500, 3),
            (500, 1000, 3),
            (1000, 2000, 1),
            (2000, 5000, 1),
            (5000, 10_000, 0),
            (10_000, 20_000, 0),
            (20_000, 50_000, 0),
            (50_000, 100_000, 0),
            (100_000, 200_000, 0),
            (200_000, 500_000, 0),
            (500_000, 1_000_000, 1),
        ])
    );
    // Nearest rank over 9: the 5th (0.6) and the 9th (600).
    assert_eq!((histogram.p50, histogram.p95), (Some(0.6), Some(600.0)));
}

#[test]
fn equal_and_tiny_durations_still_get_a_bin() {
    let same = duration_histogram(&timed(&[5.0, 5.0, 5.0]));
    // A zero range is binned as if it ran from 0: 5,000 / 12 ≈ 417, rounded up to 500.
    assert_eq!(same.bins, bins(&[(5000, 5500, 3)]));
    let tiny = duration_histogram(&timed(&[0.0, 0.0004]));
    assert_eq!(tiny.bins, bins(&[(0, 1, 2)]));
    assert_eq!(duration_histogram(&timed(&[])).bins, []);
}

#[test]
fn each_bin_holds_exactly_what_the_tables_duration_filter_keeps() {
    // Awkward values: float products of thirds, values on edges, sub-millisecond ones.
    let seconds: Vec<f64> = (0..500)
        .map(|i| match i % 5 {
            0 => i as f64 / 3.0,
            1 => (i / 5) as f64,
            2 => 0.001 * i as f64,
            3 => 0.1 * (i % 37) as f64,
            _ => 2.9999999999999996 + i as f64 * 7.0,
        })
        .collect();
    let sessions = timed(&seconds);
    let histogram = duration_histogram(&sessions);
    assert_eq!(histogram.measured, 500);
    let mut binned = 0;
    for bin in &histogram.bins {
        // The filter of crates/dashboard/src/table.rs, written out.
        let kept = sessions
            .iter()
            .filter(|s| {
                s.duration_seconds.is_some_and(|secs| {
                    let ms = secs * 1000.0;
                    ms >= bin.min_ms as f64 && bin.max_ms.is_none_or(|max| ms < max as f64)
                })
            })
            .count() as u64;
        assert_eq!(kept, bin.sessions, "{bin:?}");
        binned += bin.sessions;
    }
    assert_eq!(binned, 500);
    for pair in histogram.bins.windows(2) {
        assert_eq!(pair[0].max_ms, Some(pair[1].min_ms), "bins are adjacent");
    }
}

#[test]
fn percentiles_are_the_totals_nearest_ranks() {
    let seconds = [9.0, 1.0, 4.0, 4.0, 7.5, 0.25, 30.0, 2.0, 11.0, 3.0, 6.0];
    let sessions = timed(&seconds);
    let histogram = duration_histogram(&sessions);
    let mut totals = Totals::default();
    sessions.iter().for_each(|s| totals.add_session(s));
    let report = totals.report();
    assert_eq!(histogram.p50, report.session_duration.p50);
    assert_eq!(histogram.p95, report.session_duration.p95);
    // Sorted: 0.25 1 2 3 4 4 6 7.5 9 11 30; ranks ceil(5.5) = 6 and ceil(10.45) = 11.
    assert_eq!((histogram.p50, histogram.p95), (Some(4.0), Some(30.0)));
    let mut values = seconds.to_vec();
    assert_eq!(nearest_rank(&mut values, 0.0), Some(0.25));
    assert_eq!(nearest_rank(&mut values, 1.0), Some(30.0));
    assert_eq!(nearest_rank(&mut [], 0.5), None);
}

#[test]
fn ticks_are_round_and_reach_the_top() {
    assert_eq!(nice_ticks(0.4, 5, false), [0.0, 0.1, 0.2, 0.3, 0.4]);
    assert_eq!(nice_ticks(7.0, 5, true), [0.0, 2.0, 4.0, 6.0, 8.0]);
    assert_eq!(nice_ticks(3.0, 5, true), [0.0, 1.0, 2.0, 3.0]);
    assert_eq!(nice_ticks(1234.0, 4, false), [0.0, 500.0, 1000.0, 1500.0]);
    assert_eq!(nice_ticks(0.05, 4, true), [0.0, 1.0]);
    assert_eq!(nice_ticks(0.0, 5, false), [0.0, 1.0]);
    assert_eq!(nice_ticks(f64::NAN, 5, false), [0.0, 1.0]);
    let first: Vec<u64> = one_two_five().take(7).collect();
    assert_eq!(first, [1, 2, 5, 10, 20, 50, 100]);
    assert_eq!(one_two_five().last(), Some(10_000_000_000_000_000_000));
}
