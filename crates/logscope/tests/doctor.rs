//! `logscope doctor` as a user runs it (the real binary, a clean environment) against a real
//! SigV4-verifying S3 server (local-s3 on 127.0.0.1) set up to fail in each way the checks
//! know: nothing listening, a certificate it does not trust (over https, until
//! `AWS_CA_BUNDLE` names it), no CORS, unknown key, wrong secret, a clock an hour off, a
//! missing bucket, and a prefix with nothing under it. Each run must stop at the right step
//! with the fix's words and exit code 2, after passing every step before it; a healthy
//! bucket passes all six with the number of objects found. [`site`] checks `--site`: the
//! published dashboard's page, and CORS for its origin.

#[path = "doctor/site.rs"]
mod site;

use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

use local_s3::{LocalS3, LocalS3Config};

const ACCESS: &str = "LOGSCOPEDOCTORKEY";
const SECRET: &str = "doctor/test+secret=value";
const BUCKET: &str = "logs";
/// The default of `--origin`: the demo's dashboard.
const ORIGIN: &str = "http://127.0.0.1:8080";

/// `logscope doctor` with the right keys from the environment, as `stats` takes them.
fn doctor(endpoint: &str, extra: &[&str], env: &[(&str, &str)]) -> Output {
    let mut args = vec!["doctor", "--endpoint", endpoint, "--bucket", BUCKET];
    args.extend(extra);
    Command::new(env!("CARGO_BIN_EXE_logscope"))
        .args(&args)
        .env_clear()
        .env("AWS_ACCESS_KEY_ID", ACCESS)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .envs(env.iter().copied())
        .output()
        .expect("the logscope binary runs")
}

/// A bucket with `count` objects under `openai_logs/` and a few elsewhere.
fn seed(root: &Path, count: usize) {
    local_s3::create_bucket(root, BUCKET).unwrap();
    for i in 0..count {
        let key = format!(
            "openai_logs/{}/openai_interaction_s{i}_1750572866.json_{i:08x}.txt",
            i % 7
        );
        local_s3::put_object(root, BUCKET, &key, b"{}").unwrap();
    }
    local_s3::put_object(root, BUCKET, "ai_interactions/7/3f2a.json", b"{}").unwrap();
    local_s3::put_object(root, BUCKET, "site/index.html", b"<!doctype html>").unwrap();
}

fn serve(root: &Path, set: impl FnOnce(&mut LocalS3Config)) -> LocalS3 {
    let mut config = LocalS3Config::new(root, ACCESS, SECRET);
    config.allowed_origin = Some(ORIGIN.to_owned());
    set(&mut config);
    LocalS3::start(config).unwrap()
}

/// The report of the bucket's six steps, checked as [`stops_at`] says.
fn fails_at(output: &Output, failing: usize) -> String {
    stops_at(output, failing, 6)
}

/// The report: the marks of the steps that ran (`✓`, `!`, `✗` with the step's number),
/// checked to stop at `failing` (1 to `of`) with everything before it passed, exit code 2,
/// and no secret anywhere. Returns stdout.
fn stops_at(output: &Output, failing: usize, of: usize) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stdout}{stderr}");
    for step in 1..failing {
        assert!(
            stdout.contains(&format!("✓ [{step}/{of}]")),
            "step {step} passed?\n{stdout}"
        );
    }
    assert!(
        stdout.contains(&format!("✗ [{failing}/{of}]")),
        "step {failing} failed?\n{stdout}"
    );
    assert_eq!(stdout.matches('✗').count(), 1, "{stdout}");
    for later in failing + 1..=of {
        assert!(stdout.contains(&format!("- [{later}/{of}]")), "{stdout}");
    }
    assert!(!stdout.contains(SECRET) && !stderr.contains(SECRET));
    stdout
}

fn has(stdout: &str, needle: &str) {
    assert!(stdout.contains(needle), "{needle:?} not in:\n{stdout}");
}

#[test]
fn a_healthy_bucket_passes_every_step_and_counts_its_objects() {
    let root = tempfile::tempdir().unwrap();
    // More than one page of 1000 keys.
    seed(root.path(), 1203);
    let s3 = serve(root.path(), |_| {});

    let output = doctor(&s3.endpoint(), &[], &[]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    for step in 1..=6 {
        assert!(stdout.contains(&format!("✓ [{step}/6]")), "{stdout}");
    }
    has(&stdout, "1203 objects found under `openai_logs/`.");
    has(
        &stdout,
        "The storage lets pages from http://127.0.0.1:8080 read its answers.",
    );
    has(&stdout, "All checks passed.");
    assert!(!stdout.contains(SECRET));

    // In Chinese when LANG says so, and when asked.
    for (args, env) in [
        (&[][..], &[("LANG", "zh_CN.UTF-8")][..]),
        (&["--lang", "zh"][..], &[("LANG", "en_US.UTF-8")][..]),
    ] {
        let output = doctor(&s3.endpoint(), args, env);
        assert_eq!(output.status.code(), Some(0));
        let stdout = String::from_utf8_lossy(&output.stdout);
        has(&stdout, "`openai_logs/` 下找到 1203 个对象。");
        has(&stdout, "全部检查通过。");
    }
}

#[test]
fn over_https_aws_ca_bundle_is_trusted_and_without_it_the_first_step_names_it() {
    let root = tempfile::tempdir().unwrap();
    seed(root.path(), 3);
    let s3 = serve(root.path(), |config| config.tls = true);
    let scratch = tempfile::tempdir().unwrap();
    let bundle = scratch.path().join("certificate.pem");
    std::fs::write(&bundle, s3.certificate().unwrap().pem()).unwrap();

    let trusted = [("AWS_CA_BUNDLE", bundle.to_str().unwrap())];
    let output = doctor(&s3.endpoint(), &[], &trusted);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    has(&stdout, "3 objects found under `openai_logs/`.");

    let stdout = fails_at(&doctor(&s3.endpoint(), &[], &[]), 1);
    has(&stdout, "set AWS_CA_BUNDLE to that CA's certificate");
}

#[test]
fn nothing_listening_fails_the_first_step() {
    // A loopback port that was free a moment ago, with nothing listening on it.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let endpoint = format!("http://127.0.0.1:{port}");
    let stdout = fails_at(&doctor(&endpoint, &[], &[]), 1);
    has(
        &stdout,
        &format!("No answer from {endpoint}: connection refused."),
    );
    has(
        &stdout,
        "Check the endpoint: scheme (http or https), host and port",
    );
}

#[test]
fn a_storage_without_cors_for_the_origin_fails_the_cors_step_with_the_rule_to_set() {
    let root = tempfile::tempdir().unwrap();
    seed(root.path(), 3);
    let no_cors = serve(root.path(), |c| c.cors = false);
    let stdout = fails_at(&doctor(&no_cors.endpoint(), &[], &[]), 2);
    has(&stdout, "with HTTP 501 and no Access-Control-Allow-Origin");
    has(&stdout, "allowed origin http://127.0.0.1:8080");
    has(
        &stdout,
        "$ mc admin config set ALIAS api cors_allow_origin=\"http://127.0.0.1:8080\"",
    );
    has(&stdout, "Sealos");

    // CORS for another site only; --origin names the site that is allowed.
    let elsewhere = serve(root.path(), |c| {
        c.allowed_origin = Some("https://dashboard.example.com".into())
    });
    let stdout = fails_at(&doctor(&elsewhere.endpoint(), &[], &[]), 2);
    has(&stdout, "CORS does not allow this origin");
    let allowed = doctor(
        &elsewhere.endpoint(),
        &["--origin", "https://dashboard.example.com"],
        &[],
    );
    assert_eq!(
        allowed.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&allowed.stdout)
    );
}

#[test]
fn wrong_keys_fail_the_credentials_step_and_say_which_part_is_wrong() {
    let root = tempfile::tempdir().unwrap();
    seed(root.path(), 3);
    let s3 = serve(root.path(), |_| {});

    let unknown = doctor(&s3.endpoint(), &["--access-key", "NOSUCHKEY"], &[]);
    let stdout = fails_at(&unknown, 3);
    has(
        &stdout,
        "knows no access key NOSUCHKEY (InvalidAccessKeyId)",
    );

    let wrong = doctor(&s3.endpoint(), &["--secret-key", "not-the-secret"], &[]);
    let stdout = fails_at(&wrong, 3);
    has(&stdout, "the secret key is wrong");
    has(&stdout, "Enter the secret access key again");
    assert!(!stdout.contains("not-the-secret"));
}

#[test]
fn a_clock_an_hour_off_fails_the_clock_step_with_the_offset_after_the_keys_pass() {
    let root = tempfile::tempdir().unwrap();
    seed(root.path(), 3);
    // The storage's clock an hour ahead: this computer's is an hour behind it.
    let s3 = serve(root.path(), |c| c.clock_ahead = Duration::from_secs(3600));
    let stdout = fails_at(&doctor(&s3.endpoint(), &[], &[]), 4);
    has(
        &stdout,
        "This computer's clock is 1 h 0 min behind the storage's.",
    );
    has(&stdout, "(AccessDenied)");
    has(&stdout, "$ sudo timedatectl set-ntp true");
    let zh = doctor(&s3.endpoint(), &["--lang", "zh"], &[]);
    has(&fails_at(&zh, 4), "本机时钟比存储服务慢 1 小时 0 分钟。");
}

#[test]
fn a_missing_bucket_fails_the_bucket_step_and_names_the_buckets_there_are() {
    let root = tempfile::tempdir().unwrap();
    seed(root.path(), 3);
    local_s3::create_bucket(root.path(), "site-2025").unwrap();
    let s3 = serve(root.path(), |_| {});
    let output = Command::new(env!("CARGO_BIN_EXE_logscope"))
        .args([
            "doctor",
            "--endpoint",
            &s3.endpoint(),
            "--bucket",
            "missing",
        ])
        .args(["--access-key", ACCESS, "--secret-key", SECRET])
        .env_clear()
        .output()
        .unwrap();
    let stdout = fails_at(&output, 5);
    has(&stdout, "There is no bucket missing at ");
    has(
        &stdout,
        "The buckets this key can see: `logs`, `site-2025`.",
    );
}

#[test]
fn an_empty_prefix_fails_the_last_step_and_says_where_objects_are() {
    let root = tempfile::tempdir().unwrap();
    seed(root.path(), 0);
    let s3 = serve(root.path(), |_| {});
    let stdout = fails_at(&doctor(&s3.endpoint(), &[], &[]), 6);
    has(
        &stdout,
        "Nothing under `openai_logs/`; this bucket has `ai_interactions/`, `site/`.",
    );
    has(&stdout, "Set the prefix to the folder that holds the logs");

    // The same bucket, asked about the prefix the objects are under.
    let output = doctor(&s3.endpoint(), &["--prefix", "ai_interactions"], &[]);
    assert_eq!(output.status.code(), Some(0));
    has(
        &String::from_utf8_lossy(&output.stdout),
        "1 object found under `ai_interactions/`.",
    );
}
