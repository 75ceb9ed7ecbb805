//! The hostile corpus parses to what it must: sessions with their odd fields flagged (never
//! zeroed), refusals with a reason, no panic and no stack overflow, and text kept exactly as
//! written, markup included (showing it as text is the views' job, checked in the browser).
#![cfg(feature = "corpus")]

use session_log::corpus::{hostile, Expect, INJECTED_DRAWING, INJECTIONS};
use session_log::{load, parse_key, KeyKind, Loaded, PriceTable, SizeLimit, Totals};

fn key_of(key: &str) -> session_log::SessionKey {
    match parse_key("openai_logs/", key) {
        KeyKind::Session(key) => key,
        KeyKind::Folder | KeyKind::Own => panic!("{key} is a folder"),
    }
}

#[test]
fn every_hostile_object_is_read_as_expected_and_the_rest_still_add_up() {
    let prices = PriceTable::builtin();
    let mut totals = Totals::default();
    let mut sessions = 0;
    for object in hostile() {
        let limit = SizeLimit::default();
        let too_large = limit.refuses(object.body.len() as u64);
        assert_eq!(
            too_large.is_some(),
            object.expect == Expect::TooLarge,
            "{}: {too_large:?}",
            object.name
        );
        // Read it anyway: a user may raise the limit.
        let loaded = load(key_of(&object.key), &object.body, &prices);
        match (&loaded, object.expect) {
            (Loaded::Session(summary), Expect::Session { flagged }) => {
                assert_eq!(
                    summary.problems.len(),
                    flagged,
                    "{}: {:?}",
                    object.name,
                    summary.problems
                );
                sessions += 1;
            }
            (Loaded::Session(_), Expect::TooLarge) => sessions += 1,
            (Loaded::Invalid { reason, .. }, Expect::Invalid) => {
                assert!(!reason.to_string().is_empty(), "{}", object.name);
            }
            (other, expect) => panic!("{}: expected {expect:?}, got {other:?}", object.name),
        }
        totals.add(&loaded);
    }
    let report = totals.report();
    assert_eq!(report.sessions, sessions);
    assert!(report.cost_usd.is_finite(), "{}", report.cost_usd);
}

#[test]
fn markup_is_kept_as_written_in_every_shown_field() {
    let object = &hostile()[0];
    let Loaded::Session(summary) = load(key_of(&object.key), &object.body, &PriceTable::builtin())
    else {
        panic!("the injection object is a session");
    };
    assert_eq!(summary.key.drawing, INJECTED_DRAWING);
    let injected = INJECTIONS.join(" ");
    assert_eq!(summary.session_type, injected);
    assert_eq!(summary.status, injected);
    assert_eq!(summary.calls[0].model, injected);
}

#[test]
fn wrong_numbers_are_flagged_where_they_are_not_zeroed() {
    let object = hostile()
        .into_iter()
        .find(|h| h.name.starts_with("token counts negative"))
        .unwrap();
    let Loaded::Session(summary) = load(key_of(&object.key), &object.body, &PriceTable::builtin())
    else {
        panic!("a session with bad numbers is still a session");
    };
    let paths: Vec<&str> = summary.problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "api_calls[0].duration_seconds",
            "api_calls[0].tokens_used.prompt_tokens",
            "api_calls[0].tokens_used.completion_tokens",
            "api_calls[0].tokens_used.total_tokens",
        ]
    );
    // "300" is read as 300 and flagged; -5 is no count of tokens: it adds nothing, and the
    // flag says so, with the value as written.
    let call = &summary.calls[0];
    assert_eq!(call.completion_tokens, 300);
    assert_eq!(call.prompt_tokens, 0);
    let said: Vec<String> = summary
        .problems
        .iter()
        .map(|p| p.message.to_string())
        .collect();
    assert_eq!(
        said,
        [
            "text (\"soon\") where a value was expected",
            "a number out of range (-5) where a value was expected",
            "a number written as text (\"300\")",
            "a number out of range (-120) where a value was expected",
        ]
    );
}
