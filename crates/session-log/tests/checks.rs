//! Each check flags the session that fails it and only that one, on hand-written documents.

use session_log::{failed_checks, load, parse_key, Check, KeyKind, Loaded, PriceTable};

fn summary(body: &str) -> session_log::SessionSummary {
    let KeyKind::Session(key) = parse_key(
        "openai_logs/",
        "openai_logs/7/openai_interaction_s_1750572866.json_ab12.txt",
    ) else {
        panic!("a session key")
    };
    match load(key, body.as_bytes(), &PriceTable::builtin()) {
        Loaded::Session(summary) => *summary,
        other => panic!("not a session: {other:?}"),
    }
}

/// A clean session with one call at gpt-4o-2024-08-06's list price (2.50/10 per million):
/// 1000 × 2.5e-6 + 100 × 10e-6 = 0.0035.
fn document(info_end: &str, call: &str, metadata: &str) -> String {
    format!(
        r#"{{"session_info": {{"session_id": "s", "drawing_id": 7, "status": "completed",
            "start_time": "2025-06-22T14:14:26.476617"{info_end}}},
          "api_calls": [{call}],
          "metadata": {metadata}}}"#
    )
}

const END: &str = r#", "end_time": "2025-06-22T14:15:00""#;
const CALL: &str = r#"{"model": "gpt-4o-2024-08-06", "status": "success",
    "tokens_used": {"prompt_tokens": 1000, "completion_tokens": 100, "total_tokens": 1100},
    "cost_estimate": 0.0035}"#;
const META: &str = r#"{"total_api_calls": 1, "success_calls": 1, "failed_calls": 0, "total_cost_estimate": 0.0035}"#;

#[test]
fn a_clean_session_fails_no_check() {
    assert_eq!(failed_checks(&summary(&document(END, CALL, META))), vec![]);
}

#[test]
fn each_fault_is_flagged_by_its_own_check() {
    let cases = [
        (document("", CALL, META), Check::NeverEnded),
        (
            document(
                END,
                CALL,
                r#"{"total_api_calls": 2, "success_calls": 1, "failed_calls": 1, "total_cost_estimate": 0.0035}"#,
            ),
            Check::MetadataDisagrees,
        ),
        (
            document(
                END,
                &CALL
                    .replace("1000", "0")
                    .replace("\"completion_tokens\": 100", "\"completion_tokens\": 0")
                    .replace("0.0035", "0"),
                &META.replace("0.0035", "0"),
            ),
            Check::CallsWithoutTokens,
        ),
        (
            document(
                END,
                &CALL.replace("0.0035", "0.0075"),
                &META.replace("0.0035", "0.0075"),
            ),
            Check::CostDiffers,
        ),
    ];
    for (body, expected) in cases {
        assert_eq!(failed_checks(&summary(&body)), vec![expected], "{body}");
    }
}

#[test]
fn counts_that_do_not_add_up_are_their_own_fault() {
    // The writer's counts disagree with each other (1 + 1 ≠ 1) and so also with the calls.
    let body = document(
        END,
        CALL,
        r#"{"total_api_calls": 1, "success_calls": 1, "failed_calls": 1, "total_cost_estimate": 0.0035}"#,
    );
    assert_eq!(
        failed_checks(&summary(&body)),
        vec![Check::MetadataDisagrees, Check::CountsDoNotAdd]
    );
}

#[test]
fn a_failed_call_without_tokens_is_expected_not_flagged() {
    let failed = r#"{"model": "gpt-4o-2024-08-06", "status": "failed",
        "tokens_used": {"prompt_tokens": 0, "completion_tokens": 0}, "cost_estimate": 0,
        "error": {"type": "RateLimitError", "message": "slow down"}}"#;
    let meta = r#"{"total_api_calls": 1, "success_calls": 0, "failed_calls": 1, "total_cost_estimate": 0}"#;
    assert_eq!(
        failed_checks(&summary(&document(END, failed, meta))),
        vec![]
    );
}

#[test]
fn names_survive_links() {
    for check in Check::ALL {
        assert_eq!(Check::from_name(check.name()), Some(check));
    }
    assert_eq!(Check::from_name("bogus"), None);
}
