//! Exports of what the dashboard's sessions table shows, made from summaries alone (the
//! bodies are not kept in the browser): a row per table row, or a row per call of those
//! rows, with the ids, every figure the table shows, the checks a session fails, and what
//! the listing said about the object. Same formats and rules as the rest of [`super`].

use std::borrow::Cow;

use super::{csv_text, jsonl_text, Cell};
use crate::checks::failed_checks;
use crate::summary::SessionSummary;

/// One row of the sessions table: a session as far as it is known, and its object.
#[derive(Debug, Clone, Copy)]
pub struct TableRow<'a> {
    /// The session; until its body is read, what its key says.
    pub summary: &'a SessionSummary,
    /// Whether the body was read as a session. Rows not read (not yet, not a session, not
    /// readable) have only the key's facts, their status, and the listing's.
    pub read: bool,
    /// The object's size in bytes, from the listing.
    pub size: Option<u64>,
    /// Its last-modified time, as the storage wrote it.
    pub modified: Option<&'a str>,
}

/// The columns of [`table_sessions_csv`] and [`table_sessions_jsonl`], in order.
/// `checks` lists the names of the failed [`crate::Check`]s, separated by spaces.
pub const TABLE_SESSION_COLUMNS: [&str; 19] = [
    "key",
    "session_id",
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
    "checks",
    "size_bytes",
    "last_modified",
];

/// The columns of [`table_calls_csv`] and [`table_calls_jsonl`], in order. `call_index`
/// counts from 0; `cost_differs` is the 1% test of [`crate::CallSummary::cost_differs`].
pub const TABLE_CALL_COLUMNS: [&str; 14] = [
    "key",
    "session_id",
    "drawing",
    "call_index",
    "call_id",
    "model",
    "failed",
    "prompt_tokens",
    "completion_tokens",
    "cached_tokens",
    "logged_cost_usd",
    "list_cost_usd",
    "cost_differs",
    "duration_seconds",
];

/// A row per table row, in the order given, with a header row.
pub fn table_sessions_csv(rows: &[TableRow<'_>]) -> String {
    csv_text(TABLE_SESSION_COLUMNS, rows.iter().map(session_cells))
}

/// A JSON object per table row and per line, with the columns of [`table_sessions_csv`].
pub fn table_sessions_jsonl(rows: &[TableRow<'_>]) -> String {
    jsonl_text(TABLE_SESSION_COLUMNS, rows.iter().map(session_cells))
}

/// A row per call of the rows given (rows not read have none), with a header row.
pub fn table_calls_csv(rows: &[TableRow<'_>]) -> String {
    csv_text(TABLE_CALL_COLUMNS, call_cells(rows))
}

/// A JSON object per call and per line, with the columns of [`table_calls_csv`].
pub fn table_calls_jsonl(rows: &[TableRow<'_>]) -> String {
    jsonl_text(TABLE_CALL_COLUMNS, call_cells(rows))
}

fn session_cells<'a>(row: &TableRow<'a>) -> [Cell<'a>; 19] {
    let s = row.summary;
    let read = row.read;
    let sum = |tokens: fn(&crate::CallSummary) -> u64| {
        s.calls
            .iter()
            .fold(0u64, |total, call| total.saturating_add(tokens(call)))
    };
    let (prompt, completion) = (sum(|c| c.prompt_tokens), sum(|c| c.completion_tokens));
    // As in the session export: empty only when there are calls and none has an estimate.
    let logged = (s.calls.is_empty() || s.calls.iter().any(|c| c.logged_cost.is_some()))
        .then(|| s.logged_cost());
    let checks = failed_checks(s)
        .into_iter()
        .map(|check| check.name())
        .collect::<Vec<_>>()
        .join(" ");
    let figure = |count: u64| Cell::Count(read.then_some(count));
    [
        Cell::text(&s.key.key),
        Cell::text(&s.key.session_id),
        Cell::text(&s.drawing),
        Cell::text(&s.session_type),
        Cell::maybe_text(s.task_id.as_deref()),
        Cell::text(&s.status),
        Cell::Time(s.start),
        Cell::Time(s.end),
        Cell::Decimal(s.duration_seconds),
        figure(s.calls.len() as u64),
        figure(s.failed_calls() as u64),
        figure(prompt),
        figure(completion),
        figure(prompt.saturating_add(completion)),
        Cell::Decimal(logged.filter(|_| read)),
        Cell::Decimal(s.list_cost().filter(|_| read)),
        Cell::Text(read.then_some(Cow::Owned(checks))),
        Cell::Count(row.size),
        Cell::maybe_text(row.modified),
    ]
}

fn call_cells<'a>(rows: &'a [TableRow<'a>]) -> impl Iterator<Item = [Cell<'a>; 14]> + 'a {
    rows.iter().filter(|row| row.read).flat_map(|row| {
        let s = row.summary;
        s.calls.iter().enumerate().map(move |(index, call)| {
            [
                Cell::text(&s.key.key),
                Cell::text(&s.key.session_id),
                Cell::text(&s.drawing),
                Cell::count(index),
                Cell::maybe_text(call.call_id.as_deref()),
                Cell::Text(
                    call.model_named
                        .then_some(Cow::Borrowed(call.model.as_str())),
                ),
                Cell::Flag(call.failed),
                Cell::Count(Some(call.prompt_tokens)),
                Cell::Count(Some(call.completion_tokens)),
                Cell::Count(Some(call.cached_tokens)),
                Cell::Decimal(call.logged_cost),
                Cell::Decimal(call.list_cost),
                Cell::Flag(call.cost_differs()),
                Cell::Decimal(call.duration_seconds),
            ]
        })
    })
}
