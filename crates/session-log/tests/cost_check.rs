//! The cost check on hand-written sessions: the writer's implied rates, the ratio of logged
//! to listed cost, and what cannot be checked, against figures worked out in the comments.
//! Also repricing a loaded summary with a user's price table, and the exports of the
//! dashboard's table rows.

use session_log::cost_check::{check, Implied, Rates};
use session_log::export::{table_calls_csv, table_sessions_jsonl, TableRow, TABLE_SESSION_COLUMNS};
use session_log::{load, parse_key, Check, KeyKind, Loaded, PriceTable, SessionSummary, Totals};

fn session(name: &str, calls: &[&str]) -> SessionSummary {
    session_with(name, calls, &PriceTable::builtin())
}

fn session_with(name: &str, calls: &[&str], prices: &PriceTable) -> SessionSummary {
    let key = format!("openai_logs/7/openai_interaction_{name}_1750572866.json_ab12cd34.txt");
    let KeyKind::Session(key) = parse_key("openai_logs/", &key) else {
        panic!("{key} is a folder")
    };
    let body = format!(
        r#"{{"session_info": {{"drawing_id": 7, "status": "completed",
             "start_time": "2025-06-22T14:14:26", "end_time": "2025-06-22T14:15:00"}},
            "api_calls": [{}]}}"#,
        calls.join(",")
    );
    match load(key, body.as_bytes(), prices) {
        Loaded::Session(summary) => *summary,
        Loaded::Invalid { reason, .. } => panic!("{reason}: {body}"),
    }
}

/// A call of `model` with prompt, cached and completion tokens and a logged estimate.
fn call(model: &str, prompt: u64, cached: u64, completion: u64, logged: Option<f64>) -> String {
    let cost = logged.map_or(String::new(), |c| format!(r#", "cost_estimate": {c}"#));
    format!(
        r#"{{"call_id": "call_1_{prompt}", "model": "{model}", "status": "success",
            "tokens_used": {{"prompt_tokens": {prompt}, "completion_tokens": {completion},
                             "prompt_tokens_details": {{"cached_tokens": {cached}}}}}{cost}}}"#
    )
}

fn near(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() <= 1e-9 * expected.abs().max(1e-9)
}

fn rates(implied: Implied) -> (Rates, bool) {
    match implied {
        Implied::Rates { rates, exact } => (rates, exact),
        other => panic!("no rates: {other:?}"),
    }
}

const MISPRICED: &str = "gpt-4o-2024-11-20";

/// The sample's call, and two more calls of the same model priced the same way (5 and 15
/// USD per million): 1000 × 5/M + 100 × 15/M = 0.0065 and 200 × 5/M + 300 × 15/M = 0.0055.
/// At the list's 2.50 and 10 they cost 0.00075, 0.0035 and 0.0035.
fn mispriced_sessions() -> Vec<SessionSummary> {
    vec![
        session("sample", &[&call(MISPRICED, 100, 0, 50, Some(0.00125))]),
        session(
            "more",
            &[
                &call(MISPRICED, 1000, 0, 100, Some(0.0065)),
                &call(MISPRICED, 200, 0, 300, Some(0.0055)),
                // Listed at 1000 × 0.15/M + 1000 × 0.60/M = 0.00075, and logged so.
                &call("gpt-4o-mini", 1000, 0, 1000, Some(0.00075)),
            ],
        ),
    ]
}

#[test]
fn a_writer_using_old_rates_is_found_out_with_its_rates_and_the_ratio() {
    let sessions = mispriced_sessions();
    let report = check(&sessions, &PriceTable::builtin());
    let model = &report.models[0];
    assert_eq!(model.model, MISPRICED, "the most logged cost first");
    assert_eq!(
        (model.calls, model.calls_differ, model.unpriced_calls),
        (3, 3, 0)
    );
    let (implied, exact) = rates(model.implied);
    assert!(exact, "one pair of rates explains every call");
    assert!(
        near(implied.input, 5.0) && near(implied.output, 15.0),
        "{implied:?}"
    );
    let list = model.list.as_ref().unwrap();
    assert_eq!(
        (list.model.as_str(), list.input, list.output),
        (MISPRICED, 2.5, 10.0)
    );
    // 0.00125 + 0.0065 + 0.0055 = 0.01325 logged; 0.00075 + 0.0035 + 0.0035 = 0.00775 listed.
    assert!(near(model.logged_usd, 0.01325));
    assert!(near(model.list_usd.unwrap(), 0.00775));
    assert!(
        near(model.ratio.unwrap(), 0.01325 / 0.00775),
        "{:?}",
        model.ratio
    );
    assert!(model.differs());

    let mini = &report.models[1];
    assert_eq!(mini.model, "gpt-4o-mini");
    assert!(near(mini.ratio.unwrap(), 1.0) && !mini.differs());
    // One pair of rates fits a single call exactly... as does any other on the same line.
    assert_eq!(mini.implied, Implied::SameMix);

    // In total: 0.01325 + 0.00075 logged, 0.00775 + 0.00075 listed.
    assert_eq!(
        (report.sessions, report.calls, report.calls_differ),
        (2, 4, 3)
    );
    assert!(near(report.logged_usd, 0.014) && near(report.list_usd, 0.0085));
    assert!(near(report.ratio.unwrap(), 0.014 / 0.0085));
    let differ: Vec<_> = report
        .sessions_differ
        .iter()
        .map(|s| s.key.as_str())
        .collect();
    assert_eq!(differ.len(), 2);
    // "more" is 0.01275 − 0.00775 = 0.005 off, the sample 0.0005: the larger first.
    assert!(differ[0].contains("_more_") && differ[1].contains("_sample_"));
    assert_eq!(report.sessions_differ[0].calls_differ, 2);
}

#[test]
fn calls_with_one_mix_of_tokens_give_only_the_ratio() {
    // 100/50 and 200/100: every call has twice as many input as output tokens.
    let sessions = [session(
        "same",
        &[
            &call(MISPRICED, 100, 0, 50, Some(0.00125)),
            &call(MISPRICED, 200, 0, 100, Some(0.0025)),
        ],
    )];
    let model = &check(&sessions, &PriceTable::builtin()).models[0];
    assert_eq!(model.implied, Implied::SameMix);
    // 0.00375 logged over 0.00075 + 0.0015 = 0.00225 listed.
    assert!(near(model.ratio.unwrap(), 0.00375 / 0.00225));
}

#[test]
fn cached_tokens_are_weighed_as_the_list_weighs_them() {
    // gpt-4.1 lists at 2.00 input, 0.50 cached, 8.00 output; this writer charges double:
    // 600 fresh × 4/M + 400 cached × 1/M + 100 × 16/M = 0.0024 + 0.0004 + 0.0016 = 0.0044,
    // and 2000 × 4/M + 500 × 16/M = 0.016. Listed: 0.0022 and 0.008.
    let sessions = [session(
        "cached",
        &[
            &call("gpt-4.1", 1000, 400, 100, Some(0.0044)),
            &call("gpt-4.1", 2000, 0, 500, Some(0.016)),
        ],
    )];
    let model = &check(&sessions, &PriceTable::builtin()).models[0];
    let (implied, exact) = rates(model.implied);
    assert!(
        exact && near(implied.input, 4.0) && near(implied.output, 16.0),
        "{implied:?}"
    );
    assert!(near(model.list_usd.unwrap(), 0.0102));
    assert!(near(model.ratio.unwrap(), 2.0));
}

#[test]
fn unknown_models_and_calls_without_estimates_are_counted_not_hidden() {
    let sessions = [session(
        "odd",
        &[
            // qwen-vl-max has no list price; its writer charges 2 and 30 per million:
            // 1000 × 2/M + 200 × 30/M = 0.008, 500 × 2/M + 400 × 30/M = 0.013.
            &call("qwen-vl-max", 1000, 0, 200, Some(0.008)),
            &call("qwen-vl-max", 500, 0, 400, Some(0.013)),
            &call("gpt-4o-mini", 1000, 0, 1000, None),
            r#"{"status": "success", "tokens_used": {"prompt_tokens": 10, "completion_tokens": 10}}"#,
        ],
    )];
    // Even a row named "unknown" does not price a call that names no model.
    let unknown_row = PriceTable::from_json(
        r#"{"prices": [{"model": "unknown", "input": 1, "output": 1, "source": "s", "as_of": "d"}]}"#,
    )
    .unwrap();
    let prices = PriceTable::builtin().with_overrides(unknown_row);
    let mut sessions = sessions;
    sessions.iter_mut().for_each(|s| s.reprice(&prices));
    let report = check(&sessions, &prices);
    assert_eq!(
        (
            report.calls,
            report.unknown_model_calls,
            report.unpriced_calls
        ),
        (4, 3, 2)
    );
    let qwen = report
        .models
        .iter()
        .find(|m| m.model == "qwen-vl-max")
        .unwrap();
    assert_eq!(
        (qwen.list.clone(), qwen.list_usd, qwen.ratio),
        (None, None, None)
    );
    let (implied, exact) = rates(qwen.implied);
    assert!(
        exact && near(implied.input, 2.0) && near(implied.output, 30.0),
        "{implied:?}"
    );
    let mini = report
        .models
        .iter()
        .find(|m| m.model == "gpt-4o-mini")
        .unwrap();
    assert_eq!(
        (mini.unpriced_calls, mini.implied, mini.ratio),
        (1, Implied::Nothing, None)
    );
    assert!(!mini.differs(), "nothing logged is nothing to compare");
    let unnamed = report.models.iter().find(|m| m.model == "unknown").unwrap();
    assert_eq!((unnamed.list.clone(), unnamed.list_usd), (None, None));
    // Only the known model's calls list: 1000 × 0.15/M + 1000 × 0.60/M.
    assert!(near(report.list_usd, 0.00075) && report.ratio.is_none());
}

#[test]
fn prices_that_follow_no_pair_of_rates_are_told_apart_from_rates() {
    // o3: 1000 input alone logged 0.01, 1000 + 1000 logged 0.005: the output rate would
    // have to be −5 per million.
    let irregular = [session(
        "irregular",
        &[
            &call("o3", 1000, 0, 0, Some(0.01)),
            &call("o3", 1000, 0, 1000, Some(0.005)),
        ],
    )];
    assert_eq!(
        check(&irregular, &PriceTable::builtin()).models[0].implied,
        Implied::Irregular
    );

    // (1000, 0) → 0.005, (0, 1000) → 0.015, (1000, 1000) → 0.01. Least squares in
    // A = a/1000, B = b/1000: 2A + B = 0.015 and A + 2B = 0.025, so A = 0.005/3 and
    // B = 0.035/3: rates 5/3 and 35/3 per million, which miss every call by far.
    let drifting = [session(
        "drifting",
        &[
            &call("gpt-4o-2024-08-06", 1000, 0, 0, Some(0.005)),
            &call("gpt-4o-2024-08-06", 0, 0, 1000, Some(0.015)),
            &call("gpt-4o-2024-08-06", 1000, 0, 1000, Some(0.01)),
        ],
    )];
    let (implied, exact) = rates(check(&drifting, &PriceTable::builtin()).models[0].implied);
    assert!(!exact);
    assert!(
        near(implied.input, 5.0 / 3.0) && near(implied.output, 35.0 / 3.0),
        "{implied:?}"
    );
}

#[test]
fn repricing_with_a_users_table_changes_list_costs_flags_and_totals() {
    let mut sessions = mispriced_sessions();
    let builtin = PriceTable::builtin();
    let totals = sessions.iter().fold(Totals::default(), |mut t, s| {
        t.add_session(s);
        t
    });
    assert_eq!(totals.report().calls_cost_differs, 3);
    assert!(sessions.iter().all(|s| Check::CostDiffers.fails(s)));

    // The user says the writer's 5/15 is right for this model.
    let theirs = PriceTable::from_json(
        r#"{"prices": [{"model": "gpt-4o-2024-11-20", "input": 5, "output": 15,
                        "source": "our contract", "as_of": "2025-06-01"}]}"#,
    )
    .unwrap();
    let prices = builtin.clone().with_overrides(theirs);
    sessions.iter_mut().for_each(|s| s.reprice(&prices));
    assert!(near(sessions[0].list_cost().unwrap(), 0.00125));
    assert!(sessions.iter().all(|s| !Check::CostDiffers.fails(s)));
    let report = totals.recount(&sessions).report();
    assert_eq!((report.calls, report.calls_cost_differs), (4, 0));
    assert!(near(report.list_cost_usd, 0.014));
    let check = check(&sessions, &prices);
    assert!(check.sessions_differ.is_empty() && near(check.ratio.unwrap(), 1.0));

    // And back.
    sessions.iter_mut().for_each(|s| s.reprice(&builtin));
    assert_eq!(totals.recount(&sessions).report().calls_cost_differs, 3);
    // A fresh load with the user's table agrees with a repriced one.
    let loaded = session_with(
        "sample",
        &[&call(MISPRICED, 100, 0, 50, Some(0.00125))],
        &prices,
    );
    let mut repriced = sessions[0].clone();
    repriced.reprice(&prices);
    assert_eq!(loaded, repriced);
}

#[test]
fn table_exports_hold_ids_figures_checks_and_the_listing() {
    let sessions = mispriced_sessions();
    let unread = {
        let mut s = session("unread", &[]);
        s.status = "listed".into();
        s.start = None;
        s.end = None;
        s
    };
    let rows = [
        TableRow {
            summary: &sessions[0],
            read: true,
            size: Some(812),
            modified: Some("2025-06-22T06:14:27.000Z"),
        },
        TableRow {
            summary: &unread,
            read: false,
            size: Some(90),
            modified: None,
        },
    ];
    let key = |name: &str| {
        format!("openai_logs/7/openai_interaction_{name}_1750572866.json_ab12cd34.txt")
    };
    assert_eq!(
        table_sessions_jsonl(&rows),
        format!(
            "{}\n{}\n",
            format_args!(
                r#"{{"key":"{}","session_id":"sample_1750572866","drawing":"7","session_type":"unknown","task_id":null,"status":"completed","start":"2025-06-22T14:14:26","end":"2025-06-22T14:15:00","duration_seconds":null,"calls":1,"failed_calls":0,"prompt_tokens":100,"completion_tokens":50,"total_tokens":150,"logged_cost_usd":0.00125,"list_cost_usd":0.00075,"checks":"cost","size_bytes":812,"last_modified":"2025-06-22T06:14:27.000Z"}}"#,
                key("sample")
            ),
            format_args!(
                r#"{{"key":"{}","session_id":"unread_1750572866","drawing":"7","session_type":"unknown","task_id":null,"status":"listed","start":null,"end":null,"duration_seconds":null,"calls":null,"failed_calls":null,"prompt_tokens":null,"completion_tokens":null,"total_tokens":null,"logged_cost_usd":null,"list_cost_usd":null,"checks":null,"size_bytes":90,"last_modified":null}}"#,
                key("unread")
            ),
        )
    );
    assert_eq!(TABLE_SESSION_COLUMNS.len(), 19);

    let more = [TableRow {
        summary: &sessions[1],
        read: true,
        size: None,
        modified: None,
    }];
    let k = key("more");
    assert_eq!(
        table_calls_csv(&more),
        format!(
            "key,session_id,drawing,call_index,call_id,model,failed,prompt_tokens,completion_tokens,cached_tokens,logged_cost_usd,list_cost_usd,cost_differs,duration_seconds\r\n\
             {k},more_1750572866,7,0,call_1_1000,gpt-4o-2024-11-20,false,1000,100,0,0.0065,0.0035,true,\r\n\
             {k},more_1750572866,7,1,call_1_200,gpt-4o-2024-11-20,false,200,300,0,0.0055,0.0035,true,\r\n\
             {k},more_1750572866,7,2,call_1_1000,gpt-4o-mini,false,1000,1000,0,0.00075,0.00075,false,\r\n"
        )
    );
}
