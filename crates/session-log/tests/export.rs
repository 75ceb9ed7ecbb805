//! The CSV and JSON Lines exports of hand-written sessions, against output written out by
//! hand below (the figures are worked out in the comments), never produced by the code
//! under test.

use session_log::export::{
    calls_csv, calls_jsonl, sessions_csv, sessions_jsonl, CALL_COLUMNS, SESSION_COLUMNS,
};
use session_log::{parse_key, parse_session, summarize, KeyKind, PriceTable, Session, SessionKey};

/// The shared sample, as written by the real writer.
const SAMPLE_KEY: &str =
    "openai_logs/1/openai_interaction_test_session_test_task_001_1750572866.json_0b9cd106.txt";
const SAMPLE: &str = r#"{
  "session_info": {
    "session_id": "test_session_test_task_001_1750572866",
    "task_id": "test_task_001",
    "drawing_id": 1,
    "session_type": "test_session",
    "start_time": "2025-06-22T14:14:26.476617",
    "end_time": "2025-06-22T14:14:26.477656",
    "status": "completed",
    "total_duration_seconds": 0.001039
  },
  "api_calls": [
    {
      "call_id": "call_1_1750572866477",
      "model": "gpt-4o-2024-11-20",
      "tokens_used": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150},
      "cost_estimate": 0.00125,
      "response": {"content": "{\"test\": \"response\"}", "content_length": 20}
    }
  ]
}"#;

/// Hostile and awkward text, a session that never ended, a failed call, an unpriced model,
/// a call without an estimate, and a number written as text (one problem).
const ODD_KEY: &str = "openai_logs/unknown/openai_interaction_x_1750000000.json.txt";
const ODD: &str = r#"{
  "session_info": {
    "session_id": "x_1750000000",
    "task_id": "a,b \"c\"\nd 图纸",
    "drawing_id": "unknown",
    "session_type": "=HYPERLINK(\"http://x\",\"点我\")",
    "start_time": "2025-06-15T23:06:40",
    "end_time": null,
    "status": "started"
  },
  "api_calls": [
    {
      "call_id": "call_1_1750000000100", "model": "gpt-4o-mini", "status": "failed",
      "tokens_used": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
      "cost_estimate": 0.0,
      "error": {"type": "RateLimitError", "message": "Error code: 429, \"slow down\""}
    },
    {
      "call_id": "call_2_1750000003000", "model": "qwen-vl-max", "status": "success",
      "duration_seconds": 2.5,
      "tokens_used": {"prompt_tokens": 1000, "completion_tokens": 200, "total_tokens": 1200},
      "cost_estimate": 0.008
    },
    {
      "call_id": "-1+1", "model": "gpt-4.1", "status": "success",
      "tokens_used": {"prompt_tokens": "300", "completion_tokens": 20,
                      "prompt_tokens_details": {"cached_tokens": 50}}
    }
  ]
}"#;

/// No calls at all: the key supplies drawing, type and task.
const EMPTY_KEY: &str = "openai_logs/7/openai_interaction_qto_T1_1750606200.json_a1b2c3d4.txt";
const EMPTY: &str =
    r#"{"session_info": {"session_id": "qto_T1_1750606200", "status": "completed"}}"#;

/// One priced call without the writer's estimate.
const BARE_KEY: &str = "openai_logs/7/openai_interaction_y_1750000001.json.txt";
const BARE: &str = r#"{"session_info": {"drawing_id": 7},
  "api_calls": [{"model": "gpt-4o", "tokens_used": {"prompt_tokens": 1000000, "completion_tokens": 1000000}}]}"#;

fn fixtures() -> Vec<(SessionKey, Session)> {
    [
        (SAMPLE_KEY, SAMPLE),
        (ODD_KEY, ODD),
        (EMPTY_KEY, EMPTY),
        (BARE_KEY, BARE),
    ]
    .into_iter()
    .map(|(key, body)| {
        let KeyKind::Session(key) = parse_key("openai_logs/", key) else {
            panic!("{key} is a folder")
        };
        (key, parse_session(body.as_bytes()).unwrap())
    })
    .collect()
}

fn summaries() -> Vec<session_log::SessionSummary> {
    let prices = PriceTable::builtin();
    fixtures()
        .into_iter()
        .map(|(key, session)| summarize(key, &session, &prices))
        .collect()
}

fn calls_input(fixtures: &[(SessionKey, Session)]) -> Vec<(&SessionKey, &Session)> {
    fixtures
        .iter()
        .map(|(key, session)| (key, session))
        .collect()
}

// Sample: list cost 100 × 2.50/M + 50 × 10/M = 0.00025 + 0.0005 = 0.00075.
// Odd: prompt 0 + 1000 + 300 = 1300, completion 0 + 200 + 20 = 220, total 1520; logged
//   0 + 0.008 (the third call has none) = 0.008; qwen-vl-max has no price, so no list cost.
// Empty: no calls, so every sum is 0 and both costs are 0.
// Bare: 1M × 2.50/M + 1M × 10/M = 12.5 listed; no estimate logged, so empty.
const SESSIONS_CSV: &str = "\
key,drawing,session_type,task_id,status,start,end,duration_seconds,calls,failed_calls,prompt_tokens,completion_tokens,total_tokens,logged_cost_usd,list_cost_usd,problems\r
openai_logs/1/openai_interaction_test_session_test_task_001_1750572866.json_0b9cd106.txt,1,test_session,test_task_001,completed,2025-06-22T14:14:26.476617,2025-06-22T14:14:26.477656,0.001039,1,0,100,50,150,0.00125,0.00075,0\r
openai_logs/unknown/openai_interaction_x_1750000000.json.txt,unknown,\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\",\"a,b \"\"c\"\"\nd 图纸\",started,2025-06-15T23:06:40,,,3,1,1300,220,1520,0.008,,1\r
openai_logs/7/openai_interaction_qto_T1_1750606200.json_a1b2c3d4.txt,7,qto,T1,completed,,,,0,0,0,0,0,0,0,0\r
openai_logs/7/openai_interaction_y_1750000001.json.txt,7,unknown,,unknown,,,,1,0,1000000,1000000,2000000,,12.5,0\r
";

const SESSIONS_JSONL: &str = r#"{"key":"openai_logs/1/openai_interaction_test_session_test_task_001_1750572866.json_0b9cd106.txt","drawing":"1","session_type":"test_session","task_id":"test_task_001","status":"completed","start":"2025-06-22T14:14:26.476617","end":"2025-06-22T14:14:26.477656","duration_seconds":0.001039,"calls":1,"failed_calls":0,"prompt_tokens":100,"completion_tokens":50,"total_tokens":150,"logged_cost_usd":0.00125,"list_cost_usd":0.00075,"problems":0}
{"key":"openai_logs/unknown/openai_interaction_x_1750000000.json.txt","drawing":"unknown","session_type":"=HYPERLINK(\"http://x\",\"点我\")","task_id":"a,b \"c\"\nd 图纸","status":"started","start":"2025-06-15T23:06:40","end":null,"duration_seconds":null,"calls":3,"failed_calls":1,"prompt_tokens":1300,"completion_tokens":220,"total_tokens":1520,"logged_cost_usd":0.008,"list_cost_usd":null,"problems":1}
{"key":"openai_logs/7/openai_interaction_qto_T1_1750606200.json_a1b2c3d4.txt","drawing":"7","session_type":"qto","task_id":"T1","status":"completed","start":null,"end":null,"duration_seconds":null,"calls":0,"failed_calls":0,"prompt_tokens":0,"completion_tokens":0,"total_tokens":0,"logged_cost_usd":0,"list_cost_usd":0,"problems":0}
{"key":"openai_logs/7/openai_interaction_y_1750000001.json.txt","drawing":"7","session_type":"unknown","task_id":null,"status":"unknown","start":null,"end":null,"duration_seconds":null,"calls":1,"failed_calls":0,"prompt_tokens":1000000,"completion_tokens":1000000,"total_tokens":2000000,"logged_cost_usd":null,"list_cost_usd":12.5,"problems":0}
"#;

// Odd, call 0: gpt-4o-mini with no tokens lists at 0.
// Odd, call 2: gpt-4.1, 250 fresh × 2.00/M + 50 cached × 0.50/M + 20 × 8.00/M
//   = 0.0005 + 0.000025 + 0.00016 = 0.000685. Its call id looks like a formula.
const CALLS_CSV: &str = "\
key,session_id,drawing,call_index,call_id,model,status,failed,prompt_tokens,completion_tokens,cached_tokens,logged_cost_usd,list_cost_usd,duration_seconds,error_type,error_message\r
openai_logs/1/openai_interaction_test_session_test_task_001_1750572866.json_0b9cd106.txt,test_session_test_task_001_1750572866,1,0,call_1_1750572866477,gpt-4o-2024-11-20,,false,100,50,,0.00125,0.00075,,,\r
openai_logs/unknown/openai_interaction_x_1750000000.json.txt,x_1750000000,unknown,0,call_1_1750000000100,gpt-4o-mini,failed,true,0,0,,0,0,,RateLimitError,\"Error code: 429, \"\"slow down\"\"\"\r
openai_logs/unknown/openai_interaction_x_1750000000.json.txt,x_1750000000,unknown,1,call_2_1750000003000,qwen-vl-max,success,false,1000,200,,0.008,,2.5,,\r
openai_logs/unknown/openai_interaction_x_1750000000.json.txt,x_1750000000,unknown,2,'-1+1,gpt-4.1,success,false,300,20,50,,0.000685,,,\r
openai_logs/7/openai_interaction_y_1750000001.json.txt,y_1750000001,7,0,,gpt-4o,,false,1000000,1000000,,,12.5,,,\r
";

const CALLS_JSONL: &str = r#"{"key":"openai_logs/1/openai_interaction_test_session_test_task_001_1750572866.json_0b9cd106.txt","session_id":"test_session_test_task_001_1750572866","drawing":"1","call_index":0,"call_id":"call_1_1750572866477","model":"gpt-4o-2024-11-20","status":null,"failed":false,"prompt_tokens":100,"completion_tokens":50,"cached_tokens":null,"logged_cost_usd":0.00125,"list_cost_usd":0.00075,"duration_seconds":null,"error_type":null,"error_message":null}
{"key":"openai_logs/unknown/openai_interaction_x_1750000000.json.txt","session_id":"x_1750000000","drawing":"unknown","call_index":0,"call_id":"call_1_1750000000100","model":"gpt-4o-mini","status":"failed","failed":true,"prompt_tokens":0,"completion_tokens":0,"cached_tokens":null,"logged_cost_usd":0,"list_cost_usd":0,"duration_seconds":null,"error_type":"RateLimitError","error_message":"Error code: 429, \"slow down\""}
{"key":"openai_logs/unknown/openai_interaction_x_1750000000.json.txt","session_id":"x_1750000000","drawing":"unknown","call_index":1,"call_id":"call_2_1750000003000","model":"qwen-vl-max","status":"success","failed":false,"prompt_tokens":1000,"completion_tokens":200,"cached_tokens":null,"logged_cost_usd":0.008,"list_cost_usd":null,"duration_seconds":2.5,"error_type":null,"error_message":null}
{"key":"openai_logs/unknown/openai_interaction_x_1750000000.json.txt","session_id":"x_1750000000","drawing":"unknown","call_index":2,"call_id":"-1+1","model":"gpt-4.1","status":"success","failed":false,"prompt_tokens":300,"completion_tokens":20,"cached_tokens":50,"logged_cost_usd":null,"list_cost_usd":0.000685,"duration_seconds":null,"error_type":null,"error_message":null}
{"key":"openai_logs/7/openai_interaction_y_1750000001.json.txt","session_id":"y_1750000001","drawing":"7","call_index":0,"call_id":null,"model":"gpt-4o","status":null,"failed":false,"prompt_tokens":1000000,"completion_tokens":1000000,"cached_tokens":null,"logged_cost_usd":null,"list_cost_usd":12.5,"duration_seconds":null,"error_type":null,"error_message":null}
"#;

#[test]
fn sessions_csv_is_exactly_as_worked_out_by_hand() {
    assert_eq!(sessions_csv(&summaries()), SESSIONS_CSV);
}

#[test]
fn sessions_jsonl_is_exactly_as_worked_out_by_hand() {
    assert_eq!(sessions_jsonl(&summaries()), SESSIONS_JSONL);
}

#[test]
fn calls_csv_is_exactly_as_worked_out_by_hand() {
    let fixtures = fixtures();
    assert_eq!(
        calls_csv(&calls_input(&fixtures), &PriceTable::builtin()),
        CALLS_CSV
    );
}

#[test]
fn calls_jsonl_is_exactly_as_worked_out_by_hand() {
    let fixtures = fixtures();
    assert_eq!(
        calls_jsonl(&calls_input(&fixtures), &PriceTable::builtin()),
        CALLS_JSONL
    );
}

#[test]
fn nothing_to_export_is_a_header_alone() {
    assert_eq!(
        sessions_csv(&[]),
        format!("{}\r\n", SESSION_COLUMNS.join(","))
    );
    assert_eq!(
        calls_csv(&[], &PriceTable::builtin()),
        format!("{}\r\n", CALL_COLUMNS.join(","))
    );
    assert_eq!(sessions_jsonl(&[]), "");
    assert_eq!(calls_jsonl(&[], &PriceTable::builtin()), "");
}

/// A CSV reader gets back every field as logged: commas, quotes and newlines survive, and
/// only the formula guard's leading `'` is added.
#[test]
fn a_csv_reader_reads_back_commas_quotes_newlines_and_chinese() {
    let text = sessions_csv(&summaries());
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(reader.headers().unwrap(), SESSION_COLUMNS.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    let odd = &rows[1];
    assert_eq!(&odd[2], "'=HYPERLINK(\"http://x\",\"点我\")");
    assert_eq!(&odd[3], "a,b \"c\"\nd 图纸");
    assert!(rows.iter().all(|row| row.len() == SESSION_COLUMNS.len()));
}

#[test]
fn chinese_text_is_written_as_is() {
    let summaries = summaries();
    for text in [sessions_csv(&summaries), sessions_jsonl(&summaries)] {
        assert!(text.contains("点我"), "{text}");
        assert!(text.contains("图纸"), "{text}");
        assert!(!text.contains("\\u"), "no escapes: {text}");
        assert!(
            !text.starts_with('\u{feff}'),
            "no byte-order mark by default"
        );
    }
}

/// Each JSON line is one object whose keys are the columns, in order.
#[test]
fn every_jsonl_line_is_an_object_with_the_columns_in_order() {
    let fixtures = fixtures();
    let calls = calls_jsonl(&calls_input(&fixtures), &PriceTable::builtin());
    for (text, columns) in [
        (sessions_jsonl(&summaries()), SESSION_COLUMNS.as_slice()),
        (calls, CALL_COLUMNS.as_slice()),
    ] {
        for line in text.lines() {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            assert_eq!(value.as_object().unwrap().len(), columns.len());
            let mut at = 0;
            for column in columns {
                let found = line[at..].find(&format!("\"{column}\":")).unwrap();
                at += found + 1;
            }
        }
    }
}
