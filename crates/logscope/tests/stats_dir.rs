//! `logscope stats --dir`: a local mirror of a bucket, read by the real binary.

mod stats_fixture;

use stats_fixture::{calls_for, document, sample_calls, sample_dir, Expected, SAMPLE_KEY};
use std::path::Path;
use std::process::{Command, Output};

fn logscope(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_logscope"))
        .args(args)
        .env_clear()
        .output()
        .expect("the logscope binary runs")
}

fn json_report(output: &Output) -> serde_json::Value {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("stdout is the JSON report")
}

fn write(root: &Path, key: &str, body: &[u8]) {
    let path = root.join(key);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, body).unwrap();
}

#[test]
fn the_shared_sample_is_one_session_of_150_tokens_as_logged() {
    let dir = sample_dir();
    let report = json_report(&logscope(&[
        "stats",
        "--dir",
        dir.to_str().unwrap(),
        "--json",
    ]));
    let mut expected = Expected::default();
    expected.add("1", &sample_calls());
    expected.check(&report);
    assert_eq!(report["total_tokens"], 150);
    assert_eq!(report["cost_usd"], 0.00125);

    let text = logscope(&["stats", "--dir", dir.to_str().unwrap()]);
    assert!(text.status.success());
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.starts_with("sessions 1"), "{text}");
    assert!(text.contains("gpt-4o-2024-11-20"), "{text}");
}

#[test]
fn a_mirror_adds_up_under_its_prefix_and_lists_what_is_not_a_session() {
    let root = tempfile::tempdir().unwrap();
    let mut expected = Expected::default();
    write(root.path(), SAMPLE_KEY, &stats_fixture::sample_bytes());
    expected.add("1", &sample_calls());
    for i in 0..40 {
        let drawing = ["1", "2", "unknown"][i % 3];
        let calls = calls_for(i);
        let session = format!("qto_t{i}_{}", 1_750_572_866 + i);
        let key = format!("openai_logs/{drawing}/openai_interaction_{session}.json_{i:08x}.txt");
        // `unknown` is the writer's folder when it has no drawing id.
        let id = (drawing != "unknown").then_some(drawing);
        write(root.path(), &key, document(&session, id, &calls).as_bytes());
        expected.add(drawing, &calls);
    }
    let broken = "openai_logs/2/openai_interaction_broken_t_1750572866.json_0badf00d.txt";
    write(root.path(), broken, b"{\"session_info\": {\"session_id\": ");
    expected.invalid.push(broken.to_owned());
    // Another writer's prefix, and a stray file: not under openai_logs/.
    let other_calls = calls_for(4);
    write(
        root.path(),
        "ai_interactions/7/3f2a.json",
        document("3f2a", Some("7"), &other_calls).as_bytes(),
    );
    write(root.path(), "README.txt", b"not a log");

    let dir = root.path().to_str().unwrap();
    expected.check(&json_report(&logscope(&["stats", "--dir", dir, "--json"])));

    let mut other = Expected::default();
    other.add("7", &other_calls);
    let prefixed = logscope(&[
        "stats",
        "--dir",
        dir,
        "--prefix",
        "ai_interactions",
        "--json",
    ]);
    other.check(&json_report(&prefixed));
}

#[test]
fn an_empty_prefix_says_what_is_there_and_still_reports() {
    let root = tempfile::tempdir().unwrap();
    write(root.path(), "ai_interactions/7/a.json", b"{}");
    write(root.path(), "other/x.txt", b"x");
    let out = logscope(&["stats", "--dir", root.path().to_str().unwrap(), "--json"]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let report = json_report(&out);
    assert_eq!(report["sessions"], 0);
    assert!(
        stderr.contains("no objects under openai_logs/")
            && stderr.contains("top-level prefixes here: ai_interactions/, other/"),
        "{stderr}"
    );
}

#[test]
fn a_missing_folder_is_one_line_and_exit_code_2() {
    let out = logscope(&["stats", "--dir", "/nonexistent/logscope-mirror"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("/nonexistent/logscope-mirror"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_folder_and_a_bucket_at_once_is_refused() {
    let out = logscope(&["stats", "--dir", ".", "--endpoint", "http://127.0.0.1:9"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8(out.stderr).unwrap().lines().count(), 1);
    let none = logscope(&["stats"]);
    assert_eq!(none.status.code(), Some(2));
    assert!(String::from_utf8(none.stderr)
        .unwrap()
        .contains("--endpoint"));
}

#[test]
fn the_sample_is_flagged_at_list_prices_and_a_price_file_can_agree_with_the_writer() {
    let dir = sample_dir();
    let dir = dir.to_str().unwrap();
    let report = json_report(&logscope(&["stats", "--dir", dir, "--json"]));
    // gpt-4o-2024-11-20 lists at 2.50/10 per million: 100 and 50 tokens cost 0.00075, the
    // writer logged 0.00125 (the old 5/15 price), so the call is flagged.
    assert!((report["list_cost_usd"].as_f64().unwrap() - 0.00075).abs() < 1e-12);
    assert_eq!(report["calls_cost_differs"], 1);

    let prices = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        prices.path(),
        r#"{"prices": [{"model": "gpt-4o-2024-11-20", "input": 5, "output": 15,
                        "source": "the writer's own table", "as_of": "2025-06-22"}]}"#,
    )
    .unwrap();
    let path = prices.path().to_str().unwrap();
    let report = json_report(&logscope(&[
        "stats", "--dir", dir, "--json", "--prices", path,
    ]));
    assert!((report["list_cost_usd"].as_f64().unwrap() - 0.00125).abs() < 1e-12);
    assert_eq!(report["calls_cost_differs"], 0);

    std::fs::write(prices.path(), "{\"prices\": [{\"model\": \"x\"}]}").unwrap();
    let refused = logscope(&["stats", "--dir", dir, "--prices", path]);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8(refused.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("--prices"), "{stderr}");
}
