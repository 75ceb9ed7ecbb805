//! Exports for spreadsheets and scripts: CSV (RFC 4180, through the `csv` crate) and JSON
//! Lines, with a row per session or a row per call.
//!
//! Both formats come from the same typed rows, so their columns always agree:
//!
//! - Output is UTF-8 text; Chinese and every other non-ASCII character is written as is.
//!   There is no byte-order mark: a download meant for Excel should start with
//!   [`EXCEL_BOM`], which Excel needs to read UTF-8 (other readers, pandas included, mostly
//!   choke on it, hence not by default).
//! - CSV records end in CRLF, as RFC 4180 says; fields are quoted only when they must be.
//! - Numbers are plain decimals, never thousands separators or exponents. USD and seconds
//!   are rounded to 12 decimal places: far below the cheapest token (5e-9 USD), and enough
//!   to drop binary noise such as `0.30000000000000004`. JSON Lines uses the same digits.
//! - An absent value is an empty CSV field and a JSON `null`.
//! - Timestamps are the writer's naive local times, `2025-06-22T14:14:26.476617`.

use crate::key::SessionKey;
use crate::prices::PriceTable;
use crate::session::{Call, Session};
use crate::summary::SessionSummary;
use chrono::NaiveDateTime;
use serde_json::value::RawValue;
use std::borrow::Cow;

mod table;
pub use table::{
    table_calls_csv, table_calls_jsonl, table_sessions_csv, table_sessions_jsonl, TableRow,
    TABLE_CALL_COLUMNS, TABLE_SESSION_COLUMNS,
};

/// Prepend this to a CSV download meant for Excel: without it Excel reads UTF-8 as the
/// local ANSI code page and garbles Chinese text.
pub const EXCEL_BOM: &str = "\u{feff}";

/// The columns of [`sessions_csv`] and [`sessions_jsonl`], in order.
pub const SESSION_COLUMNS: [&str; 16] = [
    "key",
    "drawing",
    "session_type",
    "task_id",
    "status",
    "start",
    "end",
    "duration_seconds",
    "calls",
    "failed_calls",
    "prompt_tokens",
    "completion_tokens",
    "total_tokens",
    "logged_cost_usd",
    "list_cost_usd",
    "problems",
];

/// The columns of [`calls_csv`] and [`calls_jsonl`], in order.
pub const CALL_COLUMNS: [&str; 16] = [
    "key",
    "session_id",
    "drawing",
    "call_index",
    "call_id",
    "model",
    "status",
    "failed",
    "prompt_tokens",
    "completion_tokens",
    "cached_tokens",
    "logged_cost_usd",
    "list_cost_usd",
    "duration_seconds",
    "error_type",
    "error_message",
];

/// A row per session, with a header row.
///
/// `logged_cost_usd` adds up the writer's estimates that are present; it is empty only when
/// there are calls and none carries an estimate. `list_cost_usd` is empty when any call's
/// model has no price, as [`SessionSummary::list_cost`] says.
pub fn sessions_csv(summaries: &[SessionSummary]) -> String {
    csv_text(SESSION_COLUMNS, summaries.iter().map(session_row))
}

/// A JSON object per session and per line, with the columns of [`sessions_csv`].
pub fn sessions_jsonl(summaries: &[SessionSummary]) -> String {
    jsonl_text(SESSION_COLUMNS, summaries.iter().map(session_row))
}

/// A row per call of every session, with a header row. `call_index` counts from 0, like the
/// `api_calls[i]` paths of problems. `list_cost_usd` is recomputed with `prices`.
pub fn calls_csv(sessions: &[(&SessionKey, &Session)], prices: &PriceTable) -> String {
    csv_text(CALL_COLUMNS, call_rows(sessions, prices))
}

/// A JSON object per call and per line, with the columns of [`calls_csv`].
pub fn calls_jsonl(sessions: &[(&SessionKey, &Session)], prices: &PriceTable) -> String {
    jsonl_text(CALL_COLUMNS, call_rows(sessions, prices))
}

/// One value of a row, typed, so that each format can render it its own way.
enum Cell<'a> {
    /// Text, mostly from the logs and therefore untrusted.
    Text(Option<Cow<'a, str>>),
    Count(Option<u64>),
    /// USD or seconds.
    Decimal(Option<f64>),
    Flag(bool),
    Time(Option<NaiveDateTime>),
}

impl<'a> Cell<'a> {
    fn text(text: &'a str) -> Self {
        Cell::Text(Some(Cow::Borrowed(text)))
    }

    fn maybe_text(text: Option<&'a str>) -> Self {
        Cell::Text(text.map(Cow::Borrowed))
    }

    fn count(count: usize) -> Self {
        Cell::Count(Some(count as u64))
    }

    /// The CSV field.
    fn csv(&self) -> Cow<'_, str> {
        match self {
            Cell::Text(Some(text)) => defuse_formula(text),
            Cell::Count(Some(n)) => Cow::Owned(n.to_string()),
            Cell::Decimal(Some(x)) => decimal(*x).map_or(Cow::Borrowed(""), Cow::Owned),
            Cell::Flag(flag) => Cow::Borrowed(if *flag { "true" } else { "false" }),
            Cell::Time(Some(time)) => Cow::Owned(time_text(time)),
            Cell::Text(None) | Cell::Count(None) | Cell::Decimal(None) | Cell::Time(None) => {
                Cow::Borrowed("")
            }
        }
    }

    /// The JSON value, appended to `out`.
    fn write_json(&self, out: &mut String) {
        let text = match self {
            Cell::Text(Some(text)) => json_string(text),
            Cell::Count(Some(n)) => n.to_string(),
            // A plain decimal is also a valid JSON number.
            Cell::Decimal(Some(x)) => decimal(*x).unwrap_or_else(|| "null".into()),
            Cell::Flag(flag) => flag.to_string(),
            Cell::Time(Some(time)) => json_string(&time_text(time)),
            Cell::Text(None) | Cell::Count(None) | Cell::Decimal(None) | Cell::Time(None) => {
                "null".into()
            }
        };
        out.push_str(&text);
    }
}

/// Spreadsheets (Excel, LibreOffice, Google Sheets) run a cell that starts with `=`, `+`,
/// `-` or `@`, and in some a tab or carriage return, as a formula, and every text column
/// here comes from logs that anyone able to call the service can influence (task ids,
/// model names, error messages). The CSV is made for spreadsheets, so such a field gets a
/// leading `'`, the OWASP advice: spreadsheets show the text, and a reader can still tell
/// what it was. Numeric columns are ours and never touched. JSON Lines is for programs and
/// keeps every value exactly as logged.
fn defuse_formula(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// `x` with at most 12 decimals, trailing zeros removed; `None` for NaN and infinities.
fn decimal(x: f64) -> Option<String> {
    if !x.is_finite() {
        return None;
    }
    let fixed = format!("{x:.12}");
    let trimmed = fixed.trim_end_matches('0').trim_end_matches('.');
    Some(if trimmed == "-0" { "0" } else { trimmed }.to_owned())
}

fn time_text(time: &NaiveDateTime) -> String {
    crate::time::iso_text(time)
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).expect("a string always serializes")
}

fn session_row(s: &SessionSummary) -> [Cell<'_>; 16] {
    let prompt = s
        .calls
        .iter()
        .fold(0u64, |sum, c| sum.saturating_add(c.prompt_tokens));
    let completion = s
        .calls
        .iter()
        .fold(0u64, |sum, c| sum.saturating_add(c.completion_tokens));
    let estimates: Vec<f64> = s.calls.iter().filter_map(|c| c.logged_cost).collect();
    let logged = (s.calls.is_empty() || !estimates.is_empty()).then(|| estimates.iter().sum());
    [
        Cell::text(&s.key.key),
        Cell::text(&s.drawing),
        Cell::text(&s.session_type),
        Cell::maybe_text(s.task_id.as_deref()),
        Cell::text(&s.status),
        Cell::Time(s.start),
        Cell::Time(s.end),
        Cell::Decimal(s.duration_seconds),
        Cell::count(s.calls.len()),
        Cell::count(s.failed_calls()),
        Cell::Count(Some(prompt)),
        Cell::Count(Some(completion)),
        Cell::Count(Some(prompt.saturating_add(completion))),
        Cell::Decimal(logged),
        Cell::Decimal(s.list_cost()),
        Cell::count(s.problems.len()),
    ]
}

fn call_rows<'a>(
    sessions: &'a [(&'a SessionKey, &'a Session)],
    prices: &'a PriceTable,
) -> impl Iterator<Item = [Cell<'a>; 16]> + 'a {
    sessions.iter().flat_map(move |&(key, session)| {
        // The same fallbacks as the session summary, so the two exports agree.
        let session_id = session
            .info
            .session_id
            .as_deref()
            .unwrap_or(&key.session_id);
        let drawing = session.info.drawing_id.as_deref().unwrap_or(&key.drawing);
        session
            .calls
            .iter()
            .enumerate()
            .map(move |(index, call)| call_row(key, session_id, drawing, index, call, prices))
    })
}

fn call_row<'a>(
    key: &'a SessionKey,
    session_id: &'a str,
    drawing: &'a str,
    index: usize,
    call: &'a Call,
    prices: &PriceTable,
) -> [Cell<'a>; 16] {
    let list_cost = call.model.as_deref().and_then(|model| {
        prices.cost(
            model,
            call.prompt_tokens.unwrap_or(0),
            call.completion_tokens.unwrap_or(0),
            call.cached_tokens.unwrap_or(0),
        )
    });
    let (error_type, error_message) = call.error.as_deref().map(error_parts).unwrap_or_default();
    [
        Cell::text(&key.key),
        Cell::text(session_id),
        Cell::text(drawing),
        Cell::count(index),
        Cell::maybe_text(call.call_id.as_deref()),
        Cell::maybe_text(call.model.as_deref()),
        Cell::maybe_text(call.status.as_deref()),
        Cell::Flag(call.failed()),
        Cell::Count(call.prompt_tokens),
        Cell::Count(call.completion_tokens),
        Cell::Count(call.cached_tokens),
        Cell::Decimal(call.cost_estimate),
        Cell::Decimal(list_cost),
        Cell::Decimal(call.duration_seconds),
        Cell::Text(error_type.map(Cow::Owned)),
        Cell::Text(error_message.map(Cow::Owned)),
    ]
}

/// The `type` and `message` of an error record. Writers differ: an error that is plain text
/// is its own message, and one without a text `message` is shown as its JSON.
fn error_parts(error: &RawValue) -> (Option<String>, Option<String>) {
    let value: serde_json::Value = match serde_json::from_str(error.get()) {
        Ok(value) => value,
        Err(_) => return (None, Some(error.get().to_owned())),
    };
    match value {
        serde_json::Value::String(message) => (None, Some(message)),
        serde_json::Value::Object(fields) => {
            let kind = fields.get("type").map(text_of);
            let message = match fields.get("message") {
                Some(message) => text_of(message),
                None => error.get().to_owned(),
            };
            (kind, Some(message))
        }
        _ => (None, Some(error.get().to_owned())),
    }
}

fn text_of(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn csv_text<'a, const N: usize>(
    columns: [&str; N],
    rows: impl Iterator<Item = [Cell<'a>; N]>,
) -> String {
    // Writing to a Vec cannot fail, and every record has the header's N fields, so the csv
    // crate has no error left to report.
    const INFALLIBLE: &str = "CSV into memory, every record of the same length";
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(columns).expect(INFALLIBLE);
    for row in rows {
        let fields = row.iter().map(Cell::csv).collect::<Vec<_>>();
        writer
            .write_record(fields.iter().map(|f| f.as_bytes()))
            .expect(INFALLIBLE);
    }
    let bytes = writer.into_inner().expect(INFALLIBLE);
    String::from_utf8(bytes).expect("every field came from a str")
}

fn jsonl_text<'a, const N: usize>(
    columns: [&str; N],
    rows: impl Iterator<Item = [Cell<'a>; N]>,
) -> String {
    let mut out = String::new();
    for row in rows {
        out.push('{');
        for (i, (column, cell)) in columns.iter().zip(&row).enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&json_string(column));
            out.push(':');
            cell.write_json(&mut out);
        }
        out.push_str("}\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_plain() {
        assert_eq!(decimal(0.00125).as_deref(), Some("0.00125"));
        assert_eq!(decimal(0.1 + 0.2).as_deref(), Some("0.3"));
        assert_eq!(decimal(5e-9).as_deref(), Some("0.000000005"));
        assert_eq!(decimal(1234567.5).as_deref(), Some("1234567.5"));
        assert_eq!(decimal(12.0).as_deref(), Some("12"));
        assert_eq!(decimal(0.0).as_deref(), Some("0"));
        assert_eq!(decimal(-1e-15).as_deref(), Some("0"));
        assert_eq!(decimal(f64::NAN), None);
        assert_eq!(decimal(f64::INFINITY), None);
    }

    #[test]
    fn formulas_are_defused_and_other_text_is_not() {
        for formula in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(defuse_formula(formula), format!("'{formula}"));
        }
        for plain in ["1+1", "a=b", "图纸 -1", "", "'quoted"] {
            assert_eq!(defuse_formula(plain), plain);
        }
    }

    #[test]
    fn error_records_of_every_shape() {
        let raw = |text: &str| RawValue::from_string(text.to_owned()).unwrap();
        assert_eq!(
            error_parts(&raw(r#"{"type":"RateLimitError","message":"slow down"}"#)),
            (Some("RateLimitError".into()), Some("slow down".into()))
        );
        assert_eq!(
            error_parts(&raw(r#""timeout""#)),
            (None, Some("timeout".into()))
        );
        assert_eq!(
            error_parts(&raw(r#"{"code":500}"#)),
            (None, Some(r#"{"code":500}"#.into()))
        );
        assert_eq!(
            error_parts(&raw(r#"{"type":7,"message":{"a":1}}"#)),
            (Some("7".into()), Some(r#"{"a":1}"#.into()))
        );
        assert_eq!(error_parts(&raw("42")), (None, Some("42".into())));
    }
}
