//! What the `session` fuzz target asserts, kept here so that
//! `tests/fuzz_regressions.rs` runs the very same checks on the inputs it found.

use session_log::export::{calls_jsonl, sessions_csv, sessions_jsonl, SESSION_COLUMNS};
use session_log::{load, parse_key, parse_session, KeyKind, Loaded, PriceTable, Session, Totals};

/// A key of the usual shape, so that the summary has a drawing, a type and a start time.
const KEY: &str = "openai_logs/7/openai_interaction_qto_T1_1750606200.json_a1b2c3d4.txt";

/// Takes `bytes` as one object's body the whole way the dashboard and the CLI do: parse,
/// summarize, add to the totals (twice, as two objects with the same body), report and
/// export. Nothing may panic, and:
/// - `load` agrees with `parse_session` on what is a session;
/// - an error's offset lies within the body;
/// - the numbers read from the document are finite (`lenient.rs` refuses the others);
/// - every add counts one more session or one more invalid object, and the calls with it;
/// - the reported durations are finite and not negative, as `totals.rs` keeps them;
/// - the JSON Lines exports are one JSON object per row, and the CSV has a header and one
///   record of all the columns.
pub fn check_session(bytes: &[u8]) {
    let KeyKind::Session(key) = parse_key("openai_logs/", KEY) else {
        unreachable!("{KEY} is not a folder");
    };
    let prices = PriceTable::builtin();

    let parsed = parse_session(bytes);
    match &parsed {
        Ok(session) => assert_numbers_finite(session),
        Err(invalid) => {
            assert!(invalid.offset().is_none_or(|offset| offset <= bytes.len()));
            assert!(!invalid.to_string().is_empty());
        }
    }
    let loaded = load(key.clone(), bytes, &prices);
    assert_eq!(matches!(loaded, Loaded::Session(_)), parsed.is_ok());

    let mut totals = Totals::default();
    totals.add(&loaded);
    let once = totals.report();
    totals.add(&loaded);
    let twice = totals.report();
    let (sessions, invalid) = if parsed.is_ok() { (1, 0) } else { (0, 1) };
    assert_eq!((once.sessions, once.invalid), (sessions, invalid));
    assert_eq!((twice.sessions, twice.invalid), (2 * sessions, 2 * invalid));
    assert_eq!(twice.calls, 2 * once.calls);
    for report in [&once, &twice] {
        for stats in [&report.session_duration, &report.call_duration] {
            for seconds in [stats.p50, stats.p95, stats.max].into_iter().flatten() {
                assert!(seconds.is_finite() && seconds >= 0.0, "duration {seconds}");
            }
        }
        assert!(!report.to_text().is_empty());
    }

    let (Loaded::Session(summary), Ok(session)) = (&loaded, &parsed) else {
        return;
    };
    let summaries = std::slice::from_ref(&**summary);
    let row = json_lines(&sessions_jsonl(summaries), 1).remove(0);
    let mut names: Vec<&str> = row.keys().map(String::as_str).collect();
    let mut columns = SESSION_COLUMNS.to_vec();
    names.sort_unstable();
    columns.sort_unstable();
    assert_eq!(names, columns);
    let csv = sessions_csv(summaries);
    let records: Vec<csv::StringRecord> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes())
        .records()
        .collect::<Result<_, _>>()
        .expect("the CSV export reads back");
    assert_eq!(records.len(), 2, "a header and one session");
    assert!(records
        .iter()
        .all(|record| record.len() == SESSION_COLUMNS.len()));
    json_lines(
        &calls_jsonl(&[(&key, session)], &prices),
        session.calls.len(),
    );
}

fn assert_numbers_finite(session: &Session) {
    let numbers = [session.info.total_duration_seconds]
        .into_iter()
        .chain(session.metadata.as_ref().map(|m| m.total_cost_estimate))
        .chain(
            session
                .calls
                .iter()
                .flat_map(|call| [call.duration_seconds, call.cost_estimate]),
        );
    for number in numbers.flatten() {
        assert!(number.is_finite(), "{number} was read from the document");
    }
}

/// The objects of a JSON Lines text that must hold `rows` lines.
fn json_lines(text: &str, rows: usize) -> Vec<serde_json::Map<String, serde_json::Value>> {
    let objects: Vec<_> = text
        .lines()
        .map(|line| match serde_json::from_str(line) {
            Ok(serde_json::Value::Object(object)) => object,
            other => panic!("{line:?} is not a JSON object: {other:?}"),
        })
        .collect();
    assert_eq!(objects.len(), rows, "{text:?}");
    objects
}
