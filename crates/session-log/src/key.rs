//! What an object key tells before its body is fetched.
//!
//! `openai_logs/{drawing_id}/openai_interaction_{session_id}.json_{hash}.txt`, where
//! `session_id` is `{session_type}_{task_id}_{unix_seconds}`. Both `session_type` and
//! `task_id` may hold `_` themselves, so only the drawing folder, the trailing unix time and
//! the hash are certain; the two are split only when exactly one `_` separates them.

use chrono::{DateTime, Utc};

/// The parts of a session's object key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionKey {
    /// The whole key.
    pub key: String,
    /// The folder under the prefix: usually a number, `unknown` when the writer had none.
    pub drawing: String,
    /// `{session_type}_{task_id}_{unix_seconds}`, or the whole file stem for other layouts.
    pub session_id: String,
    /// The trailing unix time of the session id: when the session started.
    pub started: Option<DateTime<Utc>>,
    /// The 8-hex-digit hash, when the writer added one.
    pub hash: Option<String>,
    /// The session type, when it can be told apart from the task id.
    pub session_type: Option<String>,
    /// The task id, when it can be told apart from the session type.
    pub task_id: Option<String>,
}

const STEM: &str = "openai_interaction_";

/// What a key in a listing is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyKind {
    /// A session document.
    Session(SessionKey),
    /// A folder marker (`…/`), created by consoles; not a session.
    Folder,
    /// One of logscope's own objects, under [`OWN_FOLDER`] of the prefix (the summary
    /// index): never a session, and its folder never a drawing.
    Own,
}

/// logscope's own folder inside the log prefix. It sits beside the drawing folders, so a key
/// policy that lets a reader list and read the logs covers it too.
pub const OWN_FOLDER: &str = ".logscope/";

/// Whether `key`, listed under `prefix`, is in logscope's own folder there.
pub fn is_own(prefix: &str, key: &str) -> bool {
    key.strip_prefix(prefix)
        .is_some_and(|relative| relative.starts_with(OWN_FOLDER))
}

/// Reads a key found under `prefix`. Keys of other shapes (the sibling writer's
/// `ai_interactions/{drawing}/{uuid}.json`, say) are still sessions: their file stem is the
/// session id and the rest is unknown.
pub fn parse_key(prefix: &str, key: &str) -> KeyKind {
    if is_own(prefix, key) {
        return KeyKind::Own;
    }
    let relative = key.strip_prefix(prefix).unwrap_or(key);
    if key.ends_with('/') {
        return KeyKind::Folder;
    }
    let (drawing, file) = match relative.rsplit_once('/') {
        Some((folder, file)) => (folder.rsplit('/').next().unwrap_or(folder), file),
        None => ("", relative),
    };
    let (stem, hash) = split_extension(file);
    let session_id = stem.strip_prefix(STEM).unwrap_or(stem);
    let (head, started) = match session_id.rsplit_once('_') {
        Some((head, digits)) if is_unix_seconds(digits) => (
            Some(head),
            digits
                .parse::<i64>()
                .ok()
                .and_then(|s| DateTime::from_timestamp(s, 0)),
        ),
        _ => (None, None),
    };
    let (session_type, task_id) = match head.map(|h| h.split('_').collect::<Vec<_>>()) {
        Some(parts) if parts.len() == 2 && parts.iter().all(|p| !p.is_empty()) => {
            (Some(parts[0].to_owned()), Some(parts[1].to_owned()))
        }
        _ => (None, None),
    };
    KeyKind::Session(SessionKey {
        key: key.to_owned(),
        drawing: drawing.to_owned(),
        session_id: session_id.to_owned(),
        started,
        hash,
        session_type,
        task_id,
    })
}

/// `x.json_0b9cd106.txt` → (`x`, hash); `x.json.txt` and `x.json` → (`x`, none).
fn split_extension(file: &str) -> (&str, Option<String>) {
    if let Some(rest) = file.strip_suffix(".txt") {
        if let Some((stem, hash)) = rest.rsplit_once(".json_") {
            if hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()) {
                return (stem, Some(hash.to_owned()));
            }
        }
        if let Some(stem) = rest.strip_suffix(".json") {
            return (stem, None);
        }
        return (rest, None);
    }
    (file.strip_suffix(".json").unwrap_or(file), None)
}

/// Nine to eleven digits: unix seconds from 2001 to 5138, not a task number.
fn is_unix_seconds(digits: &str) -> bool {
    (9..=11).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(key: &str) -> SessionKey {
        match parse_key("openai_logs/", key) {
            KeyKind::Session(s) => s,
            other => panic!("{key} is {other:?}"),
        }
    }

    #[test]
    fn the_sample_key_is_read_completely() {
        let key = session(
            "openai_logs/1/openai_interaction_test_session_test_task_001_1750572866.json_0b9cd106.txt",
        );
        assert_eq!(key.drawing, "1");
        assert_eq!(key.session_id, "test_session_test_task_001_1750572866");
        assert_eq!(
            key.started.unwrap().to_rfc3339(),
            "2025-06-22T06:14:26+00:00"
        );
        assert_eq!(key.hash.as_deref(), Some("0b9cd106"));
        assert_eq!(
            key.session_type, None,
            "four parts: type and task cannot be told apart"
        );
        assert_eq!(key.task_id, None);
    }

    #[test]
    fn type_and_task_are_split_when_unambiguous() {
        let key = session("openai_logs/unknown/openai_interaction_qto_T42_1750572866.json.txt");
        assert_eq!(key.drawing, "unknown");
        assert_eq!(key.hash, None, "some writers leave the hash out");
        assert_eq!(key.session_type.as_deref(), Some("qto"));
        assert_eq!(key.task_id.as_deref(), Some("T42"));
    }

    #[test]
    fn spaces_and_plus_signs_are_kept() {
        let key =
            session("openai_logs/12/openai_interaction_a b+c_task 1_1750572866.json_deadbeef.txt");
        assert_eq!(key.session_id, "a b+c_task 1_1750572866");
        assert_eq!(key.session_type.as_deref(), Some("a b+c"));
        assert_eq!(key.task_id.as_deref(), Some("task 1"));
    }

    #[test]
    fn other_layouts_keep_what_is_certain() {
        let key = match parse_key("ai_interactions/", "ai_interactions/7/3f2a-11.json") {
            KeyKind::Session(s) => s,
            other => panic!("{other:?}"),
        };
        assert_eq!(key.drawing, "7");
        assert_eq!(key.session_id, "3f2a-11");
        assert_eq!(key.started, None);
        let short = session("openai_logs/1/openai_interaction_x_12.json.txt");
        assert_eq!(short.started, None, "12 is a task number, not a time");
    }

    #[test]
    fn folder_markers_are_not_sessions() {
        assert_eq!(parse_key("openai_logs/", "openai_logs/1/"), KeyKind::Folder);
        assert_eq!(parse_key("openai_logs/", "openai_logs/"), KeyKind::Folder);
    }

    #[test]
    fn our_own_folder_is_never_a_drawing() {
        for key in [
            "openai_logs/.logscope/summaries/part-1.lsi",
            "openai_logs/.logscope/anything/else.json",
            "openai_logs/.logscope/",
        ] {
            assert_eq!(parse_key("openai_logs/", key), KeyKind::Own, "{key}");
        }
        // Only directly under the prefix: a drawing may be called anything else.
        for key in [
            "openai_logs/1/.logscope/x.txt",
            "openai_logs/.logscopes/x.txt",
            "other/.logscope/x.txt",
        ] {
            assert!(
                matches!(parse_key("openai_logs/", key), KeyKind::Session(_)),
                "{key}"
            );
        }
        assert_eq!(parse_key("", ".logscope/summaries/p.lsi"), KeyKind::Own);
    }
}
