//! What the `object_key` fuzz target asserts, kept here so that
//! `tests/fuzz_regressions.rs` runs the very same checks on the inputs it found.

use session_log::{parse_key, KeyKind};

/// The input is `prefix\nkey`, or a key alone under `openai_logs/`; bytes that are not
/// UTF-8 are read lossily, as keys come decoded from a listing. What `key.rs` promises:
/// - a key in our own folder (`.logscope/` under the prefix) is ours, whatever it ends with;
/// - otherwise a key ending in `/` is a folder marker, and only such a key;
/// - the drawing is one folder name; the session id is a part of the key;
/// - a hash is the 8 hex digits of a `.json_{hash}.txt` ending;
/// - a start time is the trailing 9 to 11 digits of the session id;
/// - type and task come together, only with a start time, each non-empty without `_`, and
///   the session id is exactly `{type}_{task}_{digits}`.
pub fn check_object_key(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    let (prefix, key) = input.split_once('\n').unwrap_or(("openai_logs/", &input));

    let session = match parse_key(prefix, key) {
        KeyKind::Folder => {
            assert!(key.ends_with('/'), "{key:?} is not a folder marker");
            return;
        }
        KeyKind::Own => {
            let relative = key.strip_prefix(prefix).expect("our own keys are in the prefix");
            assert!(relative.starts_with(session_log::key::OWN_FOLDER), "{key:?}");
            return;
        }
        KeyKind::Session(session) => session,
    };
    assert!(!key.ends_with('/'), "{key:?} is a folder marker");
    assert_eq!(session.key, key);
    assert!(
        !session.drawing.contains('/'),
        "drawing {:?}",
        session.drawing
    );
    assert!(key.contains(&session.session_id));

    if let Some(hash) = &session.hash {
        assert!(hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(key.ends_with(&format!(".json_{hash}.txt")));
    }

    let digits = session
        .session_id
        .rsplit_once('_')
        .map(|(_, digits)| digits);
    if let Some(started) = session.started {
        let digits = digits.expect("a start time comes from the session id");
        assert!((9..=11).contains(&digits.len()));
        assert_eq!(digits.parse::<i64>().ok(), Some(started.timestamp()));
    }

    match (&session.session_type, &session.task_id) {
        (None, None) => {}
        (Some(session_type), Some(task_id)) => {
            assert!(session.started.is_some());
            for part in [session_type, task_id] {
                assert!(!part.is_empty() && !part.contains('_'), "part {part:?}");
            }
            let digits = digits.expect("checked with the start time");
            assert_eq!(
                session.session_id,
                format!("{session_type}_{task_id}_{digits}")
            );
        }
        (session_type, task_id) => panic!("type {session_type:?} without task {task_id:?}"),
    }
}
