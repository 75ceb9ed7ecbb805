//! `logscope stats` against a real SigV4-verifying S3 server (local-s3 on 127.0.0.1), run
//! as a user runs it: the real binary, a clean environment, and totals checked against sums
//! worked out from the fixture written here.

mod stats_fixture;

use local_s3::faults::{Fault, Faults};
use local_s3::{LocalS3, LocalS3Config};
use session_log::corpus::Expect;
use stats_fixture::{calls_for, document, sample_bytes, sample_calls, Expected, SAMPLE_KEY};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const ACCESS: &str = "LOGSCOPESTATSKEY";
const SECRET: &str = "stats/test+secret=value";
const BUCKET: &str = "logs";

fn logscope(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_logscope"))
        .args(args)
        .env_clear()
        .envs(env.iter().copied())
        .output()
        .expect("the logscope binary runs")
}

/// `stats --json` against `endpoint` with the right credentials, given as options.
fn stats(endpoint: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "stats",
        "--endpoint",
        endpoint,
        "--bucket",
        BUCKET,
        "--access-key",
        ACCESS,
        "--secret-key",
        SECRET,
        "--json",
    ];
    args.extend(extra);
    logscope(&args, &[])
}

fn json_report(output: &Output) -> serde_json::Value {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("stdout is the JSON report")
}

/// Exit code 2 and one line on stderr holding `needle`, nothing on stdout, no secret.
fn one_line_error(output: &Output, needle: &str) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains(needle), "{needle} not in: {stderr}");
    assert!(output.stdout.is_empty());
    assert!(!stderr.contains(SECRET), "{stderr}");
    stderr
}

fn put(root: &Path, key: &str, body: &[u8]) {
    local_s3::put_object(root, BUCKET, key, body).unwrap();
}

/// A session under `openai_logs/{drawing}/`, counted into `expected`.
fn put_session(root: &Path, expected: &mut Expected, drawing: &str, i: usize, name: &str) {
    let calls = calls_for(i);
    let session = format!("{name}_{}", 1_750_572_866 + i);
    let key = format!("openai_logs/{drawing}/openai_interaction_{session}.json_{i:08x}.txt");
    // The writer uses `unknown` as the folder when it has no drawing id.
    let id = (drawing != "unknown").then_some(drawing);
    put(root, &key, document(&session, id, &calls).as_bytes());
    expected.add(drawing, &calls);
}

/// The sample, other prefixes, and a few sessions: for the error cases.
fn small_bucket(root: &Path) -> Expected {
    let mut expected = Expected::default();
    put(root, SAMPLE_KEY, &sample_bytes());
    expected.add("1", &sample_calls());
    put(root, "ai_interactions/7/3f2a.json", b"{}");
    put(root, "other/readme.txt", b"not a log");
    expected
}

fn server(root: &Path) -> LocalS3 {
    LocalS3::start(LocalS3Config::new(root, ACCESS, SECRET)).unwrap()
}

#[test]
fn more_than_a_thousand_objects_add_up_to_the_hand_computed_totals() {
    let root = tempfile::tempdir().unwrap();
    let mut expected = small_bucket(root.path());
    // Drawing 2 alone spans two listing pages (S3 pages hold 1000 keys).
    for i in 0..1100 {
        put_session(root.path(), &mut expected, "2", i, &format!("qto_task{i}"));
    }
    for i in 1100..1250 {
        put_session(root.path(), &mut expected, "3", i, &format!("qto_task{i}"));
    }
    for i in 1250..1300 {
        // Spaces, `+` and non-ASCII survive listing (url-encoded) and signing.
        put_session(
            root.path(),
            &mut expected,
            "unknown",
            i,
            &format!("图纸 a+b_任务 {i}"),
        );
    }
    // Directly under the prefix, not in a drawing folder: the document names the drawing.
    let calls = calls_for(7);
    let stray = "openai_logs/openai_interaction_qto_stray_1750572866.json.txt";
    put(
        root.path(),
        stray,
        document("qto_stray_1750572866", Some("9"), &calls).as_bytes(),
    );
    expected.add("9", &calls);
    let broken = "openai_logs/1/openai_interaction_broken_x_1750572999.json_0badf00d.txt";
    put(
        root.path(),
        broken,
        b"{\"session_info\": {\"session_id\": \"broken\"",
    );
    expected.invalid.push(broken.to_owned());
    assert!(expected.sessions + 1 > 1000);

    let s3 = server(root.path());
    let endpoint = s3.endpoint();
    let env = [
        ("AWS_ACCESS_KEY_ID", ACCESS),
        ("AWS_SECRET_ACCESS_KEY", SECRET),
    ];
    let args = [
        "stats",
        "--endpoint",
        &endpoint,
        "--bucket",
        BUCKET,
        "--json",
    ];
    let started = Instant::now();
    let out = logscope(&args, &env);
    let elapsed = started.elapsed();
    eprintln!(
        "stats over {} objects took {elapsed:.2?}",
        expected.sessions + 1
    );
    let report = json_report(&out);
    expected.check(&report);
    assert_eq!(report["unavailable"], 0);
    assert!(!String::from_utf8_lossy(&out.stderr).contains(SECRET));
}

#[test]
fn text_output_is_the_readable_summary() {
    let root = tempfile::tempdir().unwrap();
    small_bucket(root.path());
    let s3 = server(root.path());
    let endpoint = s3.endpoint();
    let args = [
        "stats",
        "--endpoint",
        &endpoint,
        "--bucket",
        BUCKET,
        "--access-key",
        ACCESS,
        "--secret-key",
        SECRET,
    ];
    let out = logscope(&args, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("sessions 1"), "{text}");
    assert!(text.contains("tokens   150"), "{text}");
    assert!(
        out.stderr.is_empty(),
        "no progress bar when stderr is not a terminal"
    );
}

#[test]
fn a_wrong_secret_is_signature_does_not_match_and_the_secret_is_never_shown() {
    let root = tempfile::tempdir().unwrap();
    small_bucket(root.path());
    let s3 = server(root.path());
    let wrong = "wrong/secret+value=xyz";
    let args = [
        "stats",
        "--endpoint",
        &s3.endpoint(),
        "--bucket",
        BUCKET,
        "--access-key",
        ACCESS,
        "--secret-key",
        wrong,
    ];
    let out = logscope(&args, &[]);
    let line = one_line_error(&out, "SignatureDoesNotMatch");
    assert!(line.contains("--secret-key"), "says what to check: {line}");
    assert!(!line.contains(wrong), "{line}");

    let from_env = logscope(&args[..7], &[("AWS_SECRET_ACCESS_KEY", wrong)]);
    let line = one_line_error(&from_env, "SignatureDoesNotMatch");
    assert!(!line.contains(wrong), "{line}");
}

#[test]
fn a_missing_bucket_is_no_such_bucket() {
    let root = tempfile::tempdir().unwrap();
    small_bucket(root.path());
    let s3 = server(root.path());
    let args = [
        "stats",
        "--endpoint",
        &s3.endpoint(),
        "--bucket",
        "no-such-bucket",
        "--access-key",
        ACCESS,
        "--secret-key",
        SECRET,
    ];
    let line = one_line_error(&logscope(&args, &[]), "NoSuchBucket");
    assert!(
        line.contains("no-such-bucket") && line.contains("--bucket"),
        "{line}"
    );
}

#[test]
fn an_unknown_access_key_is_invalid_access_key_id() {
    let root = tempfile::tempdir().unwrap();
    small_bucket(root.path());
    let s3 = server(root.path());
    let args = [
        "stats",
        "--endpoint",
        &s3.endpoint(),
        "--bucket",
        BUCKET,
        "--access-key",
        "NOSUCHKEY",
        "--secret-key",
        SECRET,
    ];
    let line = one_line_error(&logscope(&args, &[]), "InvalidAccessKeyId");
    assert!(line.contains("--access-key"), "{line}");
}

#[test]
fn an_unreachable_endpoint_is_one_line() {
    // A port that was just free: nothing listens there now.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let endpoint = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    let out = stats(&endpoint, &[]);
    let line = one_line_error(&out, "connection refused");
    assert!(
        line.contains(&endpoint) && line.contains("--endpoint"),
        "{line}"
    );
    assert!(started.elapsed().as_secs() < 30, "gave up in time");
}

#[test]
fn an_empty_prefix_names_the_top_level_prefixes_and_still_reports() {
    let root = tempfile::tempdir().unwrap();
    small_bucket(root.path());
    let s3 = server(root.path());
    let out = stats(&s3.endpoint(), &["--prefix", "nothing/here/"]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let report = json_report(&out);
    assert_eq!(report["sessions"], 0);
    assert_eq!(report["calls"], 0);
    assert_eq!(
        stderr.trim(),
        "logscope: no objects under nothing/here/ in bucket logs; top-level prefixes here: \
         ai_interactions/, openai_logs/, other/"
    );
}

/// A bucket of generated sessions of every shape (broken objects among them), with the
/// faulty server's config: `rate` of GETs meet a fault of any kind, never more than three in
/// a row for one object, so that five tries always get through.
fn faulty_config(root: &Path, rate: f64) -> LocalS3Config {
    let mut config = LocalS3Config::new(root, ACCESS, SECRET);
    let kinds = Fault::all(Duration::from_millis(300));
    config.faults = Some(Faults::new(rate, kinds, 3, 11));
    config
}

#[test]
fn with_faults_of_every_kind_the_totals_are_those_of_a_fault_free_run() {
    let root = tempfile::tempdir().unwrap();
    let corpus = session_log::corpus::generate(5, 240);
    let valid = corpus.planned.iter().filter(|p| p.broken.is_none()).count();
    for (key, body) in &corpus.objects {
        put(root.path(), key, body);
    }
    let clean = server(root.path());
    let fault_free = json_report(&stats(&clean.endpoint(), &["--concurrency", "8"]));
    drop(clean);
    assert_eq!(fault_free["sessions"].as_u64(), Some(valid as u64));

    let lost = "openai_logs/3/openai_interaction_qto_lost_1750570000.json_0badf00d.txt";
    put(root.path(), lost, b"{}");
    let mut config = faulty_config(root.path(), 0.25);
    config.faults.as_mut().unwrap().always = vec![format!("/{BUCKET}/{lost}")];
    let faulty = LocalS3::start(config).unwrap();
    let started = Instant::now();
    // Stalled answers are given up after two seconds, then tried again.
    let out = stats(
        &faulty.endpoint(),
        &["--concurrency", "8", "--timeout", "2"],
    );
    let mut report = json_report(&out);
    let count = faulty.fault_count().unwrap();
    eprintln!("faulty run took {:.2?}: {count:?}", started.elapsed());
    assert_eq!(
        count.by_kind.len(),
        7,
        "every kind of fault was met: {count:?}"
    );

    let unavailable = report["unavailable_objects"].take();
    let unavailable = unavailable.as_array().unwrap();
    assert_eq!(unavailable.len(), 1, "{unavailable:?}");
    assert_eq!(unavailable[0]["key"], lost);
    let reason = unavailable[0]["reason"].as_str().unwrap();
    assert!(
        reason.contains("InternalError") && reason.contains("5 attempts"),
        "{reason}"
    );
    report["unavailable"] = serde_json::json!(0);
    report["unavailable_objects"] = serde_json::json!([]);
    assert_eq!(report, fault_free, "totals differ from the fault-free run");
}

#[test]
fn objects_over_the_size_limit_are_named_and_not_read() {
    let root = tempfile::tempdir().unwrap();
    let expected = small_bucket(root.path());
    let big = "openai_logs/4/openai_interaction_qto_big_1750570000.json_5a5a5a5a.txt";
    let mut body = document("qto_big_1750570000", Some("4"), &calls_for(1)).into_bytes();
    body.resize(2_500_000, b' ');
    put(root.path(), big, &body);
    // Every GET fails: one of the big object would show as an error, not as "too large".
    let mut config = LocalS3Config::new(root.path(), ACCESS, SECRET);
    config.faults = Some(Faults::new(0.0, vec![], 0, 0));
    config.faults.as_mut().unwrap().always = vec![format!("/{BUCKET}/{big}")];
    let s3 = LocalS3::start(config).unwrap();

    let report = json_report(&stats(&s3.endpoint(), &["--max-object-mb", "2"]));
    expected.check(&report);
    let unavailable = report["unavailable_objects"].as_array().unwrap();
    assert_eq!(unavailable.len(), 1, "{unavailable:?}");
    assert_eq!(unavailable[0]["key"], big);
    assert_eq!(
        unavailable[0]["reason"],
        "not read: 2.5 MB is over the limit of 2 MB for one object (--max-object-mb)"
    );
    let count = s3.fault_count().unwrap();
    assert_eq!(count.faults, 0, "the big object was asked for: {count:?}");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(big);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, &body).unwrap();
    let dir_arg = dir.path().to_str().unwrap();
    let report = json_report(&logscope(
        &["stats", "--dir", dir_arg, "--json", "--max-object-mb", "2"],
        &[],
    ));
    assert_eq!(report["sessions"], 0);
    assert_eq!(report["unavailable_objects"][0]["key"], big);
    let report = json_report(&logscope(
        &["stats", "--dir", dir_arg, "--json", "--max-object-mb", "3"],
        &[],
    ));
    assert_eq!(report["sessions"], 1, "{report}");
}

#[test]
fn hostile_objects_neither_crash_nor_hide_the_sessions_beside_them() {
    let root = tempfile::tempdir().unwrap();
    let ordinary = session_log::corpus::generate(9, 40);
    let hostile = session_log::corpus::hostile();
    for (key, body) in &ordinary.objects {
        put(root.path(), key, body);
    }
    for object in &hostile {
        put(root.path(), &object.key, &object.body);
    }
    let s3 = server(root.path());
    let report = json_report(&stats(&s3.endpoint(), &[]));

    let ordinary_sessions = ordinary
        .planned
        .iter()
        .filter(|p| p.broken.is_none())
        .count();
    let hostile_sessions = hostile
        .iter()
        .filter(|h| matches!(h.expect, Expect::Session { .. }))
        .count();
    assert_eq!(
        report["sessions"].as_u64(),
        Some((ordinary_sessions + hostile_sessions) as u64)
    );
    let too_large = hostile
        .iter()
        .find(|h| h.expect == Expect::TooLarge)
        .unwrap();
    assert_eq!(
        report["unavailable_objects"][0]["key"],
        too_large.key.as_str()
    );
    let invalid: Vec<&str> = report["invalid_objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["key"].as_str().unwrap())
        .collect();
    for object in hostile.iter().filter(|h| h.expect == Expect::Invalid) {
        assert!(
            invalid.contains(&object.key.as_str()),
            "{} not named",
            object.name
        );
    }
}

#[test]
fn a_clock_an_hour_behind_the_storage_is_corrected_once_and_said() {
    let root = tempfile::tempdir().unwrap();
    let expected = small_bucket(root.path());
    let mut config = LocalS3Config::new(root.path(), ACCESS, SECRET);
    config.clock_ahead = Duration::from_secs(3600);
    let s3 = LocalS3::start(config).unwrap();
    let out = stats(&s3.endpoint(), &[]);
    let report = json_report(&out);
    expected.check(&report);
    assert_eq!(report["unavailable"], 0);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "logscope: This computer's clock is 1 h 0 min behind the storage's. Requests are \
         signed with the storage's time."
    );
}
