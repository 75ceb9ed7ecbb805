//! The sessions table's data: one row per listed object, from the moment its key is listed
//! (drawing, time from the key, size, last-modified) until its body is read, and after: a
//! session, an object that is not a session (with session-log's reason), or one that could
//! not be read (with the storage's). Plain data, tested natively; the store wraps it in a
//! signal.

use std::collections::HashMap;

use session_log::{Loaded, SessionKey, SessionSummary};

use crate::table::Entry;

/// What the listing said about one session object.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    pub key: SessionKey,
    /// Bytes.
    pub size: Option<u64>,
    /// ISO 8601, as the server wrote it.
    pub modified: Option<String>,
}

/// How far an object got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowState {
    /// Listed; its body is not read yet.
    Listed,
    /// Read and summarized.
    Read,
    /// Read, but not a session: why.
    Invalid(String),
    /// Could not be read: why.
    Unavailable(String),
}

/// One row of the sessions table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The session; until its body is read, only what the key says, with status `listed`.
    pub summary: SessionSummary,
    pub size: Option<u64>,
    pub modified: Option<String>,
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
                row.state = RowState::Invalid(reason.to_string());
            }
        }
    }

    /// Prices every session's calls again with `prices`; nothing else changes.
    pub fn reprice(&mut self, prices: &session_log::PriceTable) {
        self.list
            .iter_mut()
            .for_each(|row| row.summary.reprice(prices));
    }

    /// Records an object that could not be read.
    pub fn unavailable(&mut self, key: &str, reason: &str) {
        let row = self.row_by_key(key);
        row.summary.status = "unreadable".to_owned();
        row.state = RowState::Unavailable(reason.to_owned());
    }

    fn row(&mut self, key: &SessionKey) -> &mut Row {
        if !self.index.contains_key(&key.key) {
            self.list(Listed {
                key: key.clone(),
                size: None,
                modified: None,
            });
        }
        &mut self.list[self.index[&key.key]]
    }

    fn row_by_key(&mut self, key: &str) -> &mut Row {
        match session_log::parse_key("", key) {
            session_log::KeyKind::Session(parsed) => self.row(&parsed),
            // Never listed as a session, so never read; keep it visible all the same.
            session_log::KeyKind::Folder => self.row(&SessionKey {
                key: key.to_owned(),
                drawing: String::new(),
                session_id: key.to_owned(),
                started: None,
                hash: None,
                session_type: None,
                task_id: None,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use session_log::{parse_key, KeyKind, PriceTable};

    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const KEY: &str = "openai_logs/7/openai_interaction_qto_T1_1750000000.json_0b9cd106.txt";

    fn key(key: &str) -> SessionKey {
        match parse_key("openai_logs/", key) {
            KeyKind::Session(key) => key,
            KeyKind::Folder => panic!("{key}"),
        }
    }

    fn listed(k: &str) -> Listed {
        Listed {
            key: key(k),
            size: Some(2048),
            modified: Some("2025-06-15T10:00:05.000Z".into()),
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
        rows.unavailable(other, "NoSuchKey (HTTP 404)");
        let broken = rows.get(KEY).unwrap();
        assert!(
            matches!(&broken.state, RowState::Invalid(reason) if reason.starts_with("not JSON"))
        );
        assert_eq!(broken.summary.status, "invalid");
        assert_eq!(broken.summary.drawing, "7", "the key's facts stay");
        let lost = rows.get(other).unwrap();
        assert_eq!(
            lost.state,
            RowState::Unavailable("NoSuchKey (HTTP 404)".into())
        );
        assert_eq!(lost.summary.status, "unreadable");
    }
}
