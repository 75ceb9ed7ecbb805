//! The sessions table's data: one row per listed object, from the moment its key is listed
//! (drawing, time from the key, size, last-modified) until its body is read, and after: a
//! session, an object that is not a session (with session-log's reason), or one that could
//! not be read (with the storage's). Plain data, tested natively; the store wraps it in a
//! signal. The rows are also what a load's final totals are summed from ([`Rows::totals`]):
//! one copy of every summary, not two.

use std::collections::HashMap;

use std::fmt;

use s3_read::Failure;
use session_log::{Invalid, Loaded, SessionKey, SessionSummary, TooLarge, Totals};

use crate::features::sessions::model::Entry;

/// What the listing said about one session object.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    pub key: SessionKey,
    /// Bytes.
    pub size: Option<u64>,
    /// ISO 8601, as the server wrote it.
    pub modified: Option<String>,
    /// Without quotes; s3s-fs lists none.
    pub etag: Option<String>,
}

impl Listed {
    /// What identifies this version of the object, for the cache.
    pub fn validator(&self) -> Option<String> {
        crate::io::cache::ledger::validator(
            self.etag.as_deref(),
            self.size,
            self.modified.as_deref(),
        )
    }
}

/// How far an object got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowState {
    /// Listed; its body is not read yet.
    Listed,
    /// Read and summarized.
    Read,
    /// Read, but not a session: why, as session-log says it (the views put it in words).
    Invalid(Invalid),
    /// Could not be read: why.
    Unavailable(NotRead),
}

/// Why an object's body was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotRead {
    /// Listed larger than the size limit, so never fetched.
    TooLarge(TooLarge),
    /// Fetching it failed: how its last try failed.
    Failed(Failure),
}

/// In English, as the totals (and `logscope stats`) keep it.
impl fmt::Display for NotRead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge(refusal) => refusal.fmt(f),
            Self::Failed(failure) => failure.fmt(f),
        }
    }
}

/// One row of the sessions table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The session; until its body is read, only what the key says, with status `listed`.
    pub summary: SessionSummary,
    pub size: Option<u64>,
    pub modified: Option<String>,
    pub etag: Option<String>,
    pub state: RowState,
}

impl Row {
    /// A small number that changes whenever the row does, for keyed rendering.
    pub fn revision(&self) -> u8 {
        match self.state {
            RowState::Listed => 0,
            RowState::Read => 1,
            RowState::Invalid(_) => 2,
            RowState::Unavailable(_) => 3,
        }
    }

    /// What identified the object when it was listed, for the cache.
    pub fn validator(&self) -> Option<String> {
        crate::io::cache::ledger::validator(
            self.etag.as_deref(),
            self.size,
            self.modified.as_deref(),
        )
    }
}

impl Entry for Row {
    fn summary(&self) -> &SessionSummary {
        &self.summary
    }

    fn size(&self) -> u64 {
        self.size.unwrap_or(0)
    }
}

/// A summary from the key alone: what can be shown before the body arrives. Its status
/// says how far the object got, so the status filter can pick such rows out.
fn from_key(key: SessionKey, status: &str) -> SessionSummary {
    SessionSummary {
        drawing: key.drawing.clone(),
        session_type: key.session_type.clone().unwrap_or_default(),
        task_id: key.task_id.clone(),
        status: status.to_owned(),
        start: None,
        end: None,
        duration_seconds: None,
        calls: Vec::new(),
        claimed: None,
        problems: Vec::new(),
        key,
    }
}

/// Every row of one load, in listing order, findable by key.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Rows {
    list: Vec<Row>,
    index: HashMap<String, usize>,
}

impl Rows {
    /// Every row, in listing order.
    pub fn all(&self) -> &[Row] {
        &self.list
    }

    /// The row of an object key.
    pub fn get(&self, key: &str) -> Option<&Row> {
        self.index.get(key).map(|&i| &self.list[i])
    }

    /// Where the row of an object key is in [`Rows::all`].
    pub fn position(&self, key: &str) -> Option<usize> {
        self.index.get(key).copied()
    }

    /// Adds a listed object (once: a key listed again keeps its row).
    pub fn list(&mut self, listed: Listed) {
        if self.index.contains_key(&listed.key.key) {
            return;
        }
        self.index.insert(listed.key.key.clone(), self.list.len());
        self.list.push(Row {
            summary: from_key(listed.key, "listed"),
            size: listed.size,
            modified: listed.modified,
            etag: listed.etag,
            state: RowState::Listed,
        });
    }

    /// Records a body read: a session replaces the key's guesses, an invalid object keeps
    /// them and is marked.
    pub fn read(&mut self, loaded: &Loaded) {
        match loaded {
            Loaded::Session(summary) => {
                let row = self.row(&summary.key);
                row.summary = (**summary).clone();
                row.state = RowState::Read;
            }
            Loaded::Invalid { key, reason } => {
                let row = self.row_by_key(key);
                row.summary.status = "invalid".to_owned();
                row.state = RowState::Invalid(reason.clone());
            }
        }
    }

    /// Prices every session's calls again with `prices`; nothing else changes.
    pub fn reprice(&mut self, prices: &session_log::PriceTable) {
        self.list
            .iter_mut()
            .for_each(|row| row.summary.reprice(prices));
    }

    /// The totals of every object read, added in key order: floating-point sums depend on
    /// order, and this way two loads of the same bucket (one from the cache, say), and
    /// `logscope stats --dir` on a copy of it, agree to the last digit whatever order the
    /// answers came in. Rows are kept priced with the table in force.
    pub fn totals(&self) -> Totals {
        let mut order: Vec<&Row> = self.list.iter().collect();
        session_log::sort::by(&mut order, |a, b| a.summary.key.key.cmp(&b.summary.key.key));
        let mut totals = Totals::default();
        for row in order {
            let key = &row.summary.key.key;
            match &row.state {
                RowState::Listed => {}
                RowState::Read => totals.add_session(&row.summary),
                RowState::Invalid(reason) => totals.add(&Loaded::Invalid {
                    key: key.clone(),
                    reason: reason.clone(),
                }),
                RowState::Unavailable(reason) => totals.add_unavailable(key, &reason.to_string()),
            }
        }
        totals
    }

    /// Records an object that could not be read.
    pub fn unavailable(&mut self, key: &str, reason: NotRead) {
        let row = self.row_by_key(key);
        row.summary.status = "unreadable".to_owned();
        row.state = RowState::Unavailable(reason);
    }

    fn row(&mut self, key: &SessionKey) -> &mut Row {
        if !self.index.contains_key(&key.key) {
            self.list(Listed {
                key: key.clone(),
                size: None,
                modified: None,
                etag: None,
            });
        }
        &mut self.list[self.index[&key.key]]
    }

    /// The row of `key`; one that was never listed as a session was never read either, but
    /// stays visible all the same.
    fn row_by_key(&mut self, key: &str) -> &mut Row {
        self.row(&crate::features::session::model::session_key(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use session_log::{parse_key, KeyKind, PriceTable};

    const KEY: &str = "openai_logs/7/openai_interaction_qto_T1_1750000000.json_0b9cd106.txt";

    fn key(key: &str) -> SessionKey {
        match parse_key("openai_logs/", key) {
            KeyKind::Session(key) => key,
            KeyKind::Folder | KeyKind::Own => panic!("{key}"),
        }
    }

    fn listed(k: &str) -> Listed {
        Listed {
            key: key(k),
            size: Some(2048),
            modified: Some("2025-06-15T10:00:05.000Z".into()),
            etag: None,
        }
    }

    #[test]
    fn a_listed_key_is_a_row_before_its_body_is_read() {
        let mut rows = Rows::default();
        rows.list(listed(KEY));
        rows.list(listed(KEY));
        assert_eq!(rows.all().len(), 1, "listed once");
        let row = rows.get(KEY).unwrap();
        assert_eq!(row.state, RowState::Listed);
        assert_eq!(row.summary.drawing, "7");
        assert_eq!(row.summary.session_type, "qto");
        assert_eq!(row.summary.task_id.as_deref(), Some("T1"));
        assert_eq!(row.summary.status, "listed");
        assert_eq!(row.summary.key.started.unwrap().timestamp(), 1_750_000_000);
        assert_eq!(row.size, Some(2048));
    }

    #[test]
    fn a_read_body_replaces_the_guesses_and_keeps_the_listing() {
        let mut rows = Rows::default();
        rows.list(listed(KEY));
        let body =
            br#"{"session_info": {"drawing_id": 7, "status": "completed", "task_id": "T1 real"},
            "api_calls": [{"model": "gpt-4o", "tokens_used": {"prompt_tokens": 10}}]}"#;
        rows.read(&session_log::load(key(KEY), body, &PriceTable::builtin()));
        let row = rows.get(KEY).unwrap();
        assert_eq!(row.state, RowState::Read);
        assert_eq!(row.summary.task_id.as_deref(), Some("T1 real"));
        assert_eq!(row.summary.calls.len(), 1);
        assert_eq!(row.size, Some(2048), "the listing's facts stay");
        assert_eq!(row.revision(), 1);
    }

    #[test]
    fn broken_and_unreadable_objects_stay_as_marked_rows() {
        let mut rows = Rows::default();
        let other = "openai_logs/8/openai_interaction_ocr_T2_1750000100.json.txt";
        rows.list(listed(KEY));
        rows.list(listed(other));
        rows.read(&session_log::load(
            key(KEY),
            b"{'python': True}",
            &PriceTable::builtin(),
        ));
        let not_found = Failure::S3 {
            status: 404,
            code: "NoSuchKey".into(),
            message: None,
        };
        rows.unavailable(other, NotRead::Failed(not_found.clone()));
        let broken = rows.get(KEY).unwrap();
        assert!(
            matches!(
                &broken.state,
                RowState::Invalid(Invalid::NotJson { at: 1, .. })
            ),
            "{:?}",
            broken.state
        );
        assert_eq!(broken.summary.status, "invalid");
        assert_eq!(broken.summary.drawing, "7", "the key's facts stay");
        let lost = rows.get(other).unwrap();
        assert_eq!(
            lost.state,
            RowState::Unavailable(NotRead::Failed(not_found))
        );
        assert_eq!(
            NotRead::Failed(Failure::of_error(404, b"")).to_string(),
            "no error code (HTTP 404)",
            "the totals keep s3-read's words"
        );
        assert_eq!(lost.summary.status, "unreadable");
    }
    #[test]
    fn totals_are_summed_in_key_order_whatever_the_order_rows_came_in() {
        let keys = [
            "openai_logs/9/openai_interaction_qto_T3_1750000300.json.txt",
            KEY,
            "openai_logs/8/openai_interaction_ocr_T2_1750000100.json.txt",
        ];
        let body = |cost: f64| {
            format!(
                r#"{{"session_info": {{"status": "completed"}},
                "api_calls": [{{"model": "gpt-4o", "cost_estimate": {cost}}}]}}"#
            )
        };
        let lost = "openai_logs/8/openai_interaction_ocr_T9_1750000900.json.txt";
        let prices = PriceTable::builtin();
        let read: Vec<Loaded> = [0.1, 0.2, 0.3]
            .iter()
            .zip(keys)
            .map(|(cost, k)| session_log::load(key(k), body(*cost).as_bytes(), &prices))
            .collect();
        let mut forward = Rows::default();
        read.iter().for_each(|loaded| forward.read(loaded));
        forward.unavailable(lost, NotRead::Failed(Failure::NoNewToken));
        let mut backward = Rows::default();
        backward.list(listed(keys[0]));
        backward.unavailable(lost, NotRead::Failed(Failure::NoNewToken));
        read.iter().rev().for_each(|loaded| backward.read(loaded));
        let mut sorted: Vec<&Loaded> = read.iter().collect();
        sorted.sort_by_key(|loaded| match loaded {
            Loaded::Session(s) => s.key.key.clone(),
            Loaded::Invalid { key, .. } => key.clone(),
        });
        let mut want = Totals::default();
        sorted.into_iter().for_each(|loaded| want.add(loaded));
        want.add_unavailable(lost, &Failure::NoNewToken.to_string());
        assert_eq!(forward.totals().report(), want.report());
        assert_eq!(backward.totals().report(), want.report());
        assert_eq!(want.report().sessions, 3);
    }

    #[test]
    fn an_object_over_the_limit_keeps_its_refusal_and_the_totals_its_words() {
        let mut rows = Rows::default();
        rows.list(listed(KEY));
        let refusal = session_log::SizeLimit::from_mb(1)
            .refuses(2_000_000)
            .unwrap();
        rows.unavailable(KEY, NotRead::TooLarge(refusal));
        let row = rows.get(KEY).unwrap();
        assert_eq!(row.state, RowState::Unavailable(NotRead::TooLarge(refusal)));
        assert_eq!(row.summary.status, "unreadable");
        let report = rows.totals().report();
        assert_eq!(report.unavailable_objects.len(), 1);
        assert_eq!(
            report.unavailable_objects[0].reason,
            "not read: 2 MB is over the limit of 1 MB for one object"
        );
    }
}
