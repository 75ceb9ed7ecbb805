//! Parsing one session document: tolerant of what writers really do, precise about what
//! is not a session.

use session_log::export::calls_jsonl;
use session_log::{
    parse_key, parse_session, Expected, Found, Invalid, Issue, JsonError, KeyKind, PriceTable,
};

const SAMPLE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/sample/openai_logs/1/openai_interaction_test_session_test_task_001_1750572866.json_0b9cd106.txt"
));

#[test]
fn the_shared_sample_is_read_field_by_field() {
    let session = parse_session(SAMPLE.as_bytes()).unwrap();
    let info = &session.info;
    assert_eq!(
        info.session_id.as_deref(),
        Some("test_session_test_task_001_1750572866")
    );
    assert_eq!(
        info.drawing_id.as_deref(),
        Some("1"),
        "an integer drawing id becomes text"
    );
    assert_eq!(info.status.as_deref(), Some("completed"));
    assert_eq!(info.total_duration_seconds, Some(0.001039));
    assert_eq!(
        info.start_time.as_deref(),
        Some("2025-06-22T14:14:26.476617")
    );
    assert_eq!(session.calls.len(), 1);
    let call = &session.calls[0];
    assert_eq!(call.model.as_deref(), Some("gpt-4o-2024-11-20"));
    assert_eq!(
        (
            call.prompt_tokens,
            call.completion_tokens,
            call.total_tokens
        ),
        (Some(100), Some(50), Some(150))
    );
    assert_eq!(call.cost_estimate, Some(0.00125));
    assert!(!call.failed());
    assert!(call
        .response
        .as_ref()
        .unwrap()
        .get()
        .contains("content_length"));
    let metadata = session.metadata.as_ref().unwrap();
    assert_eq!(
        (metadata.total_api_calls, metadata.failed_calls),
        (Some(1), Some(0))
    );
    assert!(session.results.as_ref().unwrap().get().contains("qto_data"));
    assert!(session.problems.is_empty());
}

#[test]
fn only_session_info_is_required_and_nulls_are_absent() {
    let session =
        parse_session(br#"{"session_info": {"drawing_id": null, "end_time": null}}"#).unwrap();
    assert_eq!(session.info.drawing_id, None);
    assert!(session.calls.is_empty() && session.metadata.is_none());
    let session =
        parse_session(br#"{"session_info": {}, "api_calls": null, "metadata": null}"#).unwrap();
    assert!(session.calls.is_empty());
}

#[test]
fn unknown_fields_are_kept_raw_at_every_level() {
    let session = parse_session(
        br#"{"session_info": {"writer": "v2"}, "api_calls": [{"model": "m", "retry": {"n": 2}}],
             "metadata": {"images_processed": 3, "gpu": "none"}, "trace_id": "abc"}"#,
    )
    .unwrap();
    assert_eq!(session.info.extra[0].0, "writer");
    assert_eq!(session.calls[0].extra[0].1.get(), r#"{"n": 2}"#);
    assert_eq!(session.metadata.as_ref().unwrap().images_processed, Some(3));
    assert_eq!(session.metadata.as_ref().unwrap().extra[0].0, "gpu");
    assert_eq!(session.extra[0].0, "trace_id");
}

#[test]
fn values_of_the_wrong_type_are_flagged_not_zeroed_silently() {
    let session = parse_session(
        br#"{"session_info": {"total_duration_seconds": "12.5", "drawing_id": 3},
             "api_calls": [{"tokens_used": {"prompt_tokens": -5, "completion_tokens": "7"}, "cost_estimate": [1]},
                           "not a call"]}"#,
    )
    .unwrap();
    assert_eq!(
        session.info.total_duration_seconds,
        Some(12.5),
        "text that is a number is used"
    );
    assert_eq!(session.calls.len(), 1);
    assert_eq!(session.calls[0].prompt_tokens, None);
    assert_eq!(session.calls[0].completion_tokens, Some(7));
    assert_eq!(session.calls[0].cost_estimate, None);
    let paths: Vec<&str> = session.problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "session_info.total_duration_seconds",
            "api_calls[0].tokens_used.prompt_tokens",
            "api_calls[0].tokens_used.completion_tokens",
            "api_calls[0].cost_estimate",
            "api_calls[1]",
        ]
    );
    assert!(session.problems[1]
        .message
        .to_string()
        .contains("out of range"));
    assert!(session.problems[3].message.to_string().contains("a list"));
}

#[test]
fn failure_is_a_failed_status_or_an_error() {
    let session = parse_session(
        br#"{"session_info": {}, "api_calls": [{"status": "failed"}, {"error": {"message": "x"}}, {"error": null}, {"status": "success"}]}"#,
    )
    .unwrap();
    let failed: Vec<bool> = session.calls.iter().map(|c| c.failed()).collect();
    assert_eq!(failed, [true, true, false, false]);
}

fn invalid(bytes: &[u8]) -> Invalid {
    parse_session(bytes).expect_err("not a session")
}

#[test]
fn what_is_not_a_session_says_why_and_where() {
    assert_eq!(invalid(b"").reason(), "the object is empty");
    assert_eq!(invalid(b"  \n ").reason(), "the object is empty");
    let not_json = invalid(b"{\n  \"session_info\": {,}\n}");
    assert!(
        not_json.reason().contains("key must be a string")
            || not_json.reason().starts_with("not JSON"),
        "{not_json}"
    );
    assert_eq!(
        not_json.offset(),
        Some(21),
        "the comma: 2 bytes of line 1, then 19 of line 2"
    );
    let cut = invalid(&SAMPLE.as_bytes()[..300]);
    assert_eq!(cut.reason(), "the JSON ends early (truncated)");
    assert_eq!(
        invalid(b"[1, 2]").reason(),
        "the document is a list, not a JSON object"
    );
    assert_eq!(
        invalid(b"\"text\"").reason(),
        "the document is text, not a JSON object"
    );
    assert_eq!(
        invalid(b"{\"api_calls\": []}").reason(),
        "no session_info: this is JSON, but not a session log"
    );
    assert_eq!(
        invalid(b"{\"session_info\": 5}").reason(),
        "session_info is a number where an object was expected"
    );
    assert!(invalid(b"{\"session_info\": {}} trailing")
        .reason()
        .contains("trailing"));
    assert!(invalid(b"\xff\xfe{}").offset().is_some());
}

#[test]
fn a_byte_order_mark_and_chinese_text_are_fine() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice("{\"session_info\": {\"session_type\": \"图纸分析\"}}".as_bytes());
    let session = parse_session(&bytes).unwrap();
    assert_eq!(session.info.session_type.as_deref(), Some("图纸分析"));
}

#[test]
fn api_calls_of_the_wrong_kind_is_a_problem_not_an_invalid_document() {
    for (json, kind) in [
        (r#"{"a": 1}"#, "an object"),
        ("\"x\"", "text"),
        ("3", "a number"),
    ] {
        let doc = format!(r#"{{"session_info": {{}}, "api_calls": {json}}}"#);
        let session = parse_session(doc.as_bytes()).unwrap();
        assert!(session.calls.is_empty());
        assert_eq!(session.problems[0].path, "api_calls");
        assert!(
            session.problems[0].message.to_string().starts_with(kind),
            "{}",
            session.problems[0].message
        );
    }
}

/// A writer's bug could nest values 20,000 deep. Values that are skipped or kept raw are
/// scanned by serde_json without recursion, so any depth is read; values built into
/// structures recurse, and serde_json's limit of 128 levels makes that an error. Neither
/// overflows the stack (a test thread has 2 MiB).
#[test]
fn nesting_20000_deep_is_read_or_refused_never_a_stack_overflow() {
    let lists = format!("{}{}", "[".repeat(20_000), "]".repeat(20_000));
    assert_eq!(
        invalid(lists.as_bytes()).reason(),
        "the document is a list, not a JSON object"
    );

    let document = format!(
        r#"{{"session_info": {{"status": {lists}}}, "unknown": {lists},
            "api_calls": [{{"request": {lists}, "error": {lists}}}]}}"#
    );
    let session = parse_session(document.as_bytes()).unwrap();
    assert_eq!(session.problems[0].path, "session_info.status");
    assert_eq!(session.extra[0].1.get(), lists);
    assert_eq!(session.calls[0].request.as_ref().unwrap().get(), lists);
    // The calls export reads an error record as JSON; too deep for that, it shows the text.
    let KeyKind::Session(key) = parse_key("", "a.json") else {
        unreachable!("not a folder")
    };
    let jsonl = calls_jsonl(&[(&key, &session)], &PriceTable::builtin());
    assert!(jsonl.contains(&format!(r#""error_message":"{lists}""#)));

    let details = format!(
        r#"{{"session_info": {{}}, "api_calls": [{{"tokens_used": {}1{}}}]}}"#,
        r#"{"prompt_tokens_details": "#.repeat(20_000),
        "}".repeat(20_000)
    );
    let refused = invalid(details.as_bytes());
    assert!(refused.reason().contains("recursion limit"), "{refused}");
}

#[test]
fn every_way_of_not_being_a_session_carries_its_data_and_says_it_as_before() {
    let cases: [(&[u8], Invalid, &str); 8] = [
        (b" \n", Invalid::Empty, "the object is empty"),
        (
            b"{\"session_info\": {\"a\": ",
            Invalid::Truncated { at: 22 },
            "the JSON ends early (truncated) (at byte 22)",
        ),
        (
            b"{'session_info': None}",
            Invalid::NotJson {
                error: JsonError::KeyMustBeAString,
                at: 1,
            },
            "not JSON: key must be a string (at byte 1)",
        ),
        (
            b"[{}]",
            Invalid::NotAnObject { found: Found::List },
            "the document is a list, not a JSON object (at byte 0)",
        ),
        (
            b"\"x\"",
            Invalid::NotAnObject {
                found: Found::Text(None),
            },
            "the document is text, not a JSON object (at byte 0)",
        ),
        (
            b"{\"api_calls\": []}",
            Invalid::NoSessionInfo,
            "no session_info: this is JSON, but not a session log",
        ),
        (
            b"{\"session_info\": 3}",
            Invalid::BadSessionInfo {
                found: Found::Number,
            },
            "session_info is a number where an object was expected",
        ),
        (
            b"{\"session_info\": null}",
            Invalid::BadSessionInfo { found: Found::Null },
            "session_info is null where an object was expected",
        ),
    ];
    for (bytes, typed, english) in cases {
        let refused = invalid(bytes);
        assert_eq!(refused, typed);
        assert_eq!(refused.to_string(), english);
    }
    let other = Invalid::Unreadable {
        message: "invalid type: map".into(),
        at: 3,
    };
    assert_eq!(other.offset(), Some(3));
    assert_eq!(other.reason(), "invalid type: map");
    assert_eq!(other.to_string(), "invalid type: map (at byte 3)");
}

#[test]
fn second_looks_carry_what_was_found_and_what_was_expected() {
    let session = parse_session(
        br#"{"session_info": {"total_duration_seconds": "12.5", "start_time": "soon"},
            "api_calls": [{"tokens_used": {"prompt_tokens": -5, "completion_tokens": true}}, []],
            "metadata": "none"}"#,
    )
    .unwrap();
    let wrong = |found, expected| Issue::Wrong { found, expected };
    let issues: Vec<(&str, &Issue)> = session
        .problems
        .iter()
        .map(|p| (p.path.as_str(), &p.message))
        .collect();
    assert_eq!(
        issues,
        [
            (
                "session_info.total_duration_seconds",
                &Issue::NumberAsText("12.5".into())
            ),
            (
                "api_calls[0].tokens_used.prompt_tokens",
                &wrong(Found::NumberOutOfRange("-5".into()), Expected::Value)
            ),
            (
                "api_calls[0].tokens_used.completion_tokens",
                &wrong(Found::Bool(Some(true)), Expected::Value)
            ),
            ("api_calls[1]", &wrong(Found::List, Expected::Call)),
            ("metadata", &wrong(Found::Text(None), Expected::Object)),
        ]
    );
    let KeyKind::Session(key) = parse_key("", "a.json") else {
        unreachable!("not a folder")
    };
    let summary = session_log::summarize(key, &session, &PriceTable::builtin());
    assert_eq!(
        summary.problems.last().map(|p| &p.message),
        Some(&Issue::NotATime("soon".into()))
    );
}
