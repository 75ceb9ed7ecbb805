//! `logscope presign` as a user runs it: the real binary, with a clean environment.

use std::path::PathBuf;
use std::process::{Command, Output};

const ACCESS: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

fn logscope(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_logscope"))
        .args(args)
        .env_clear()
        .envs(env.iter().copied())
        .output()
        .expect("the logscope binary runs")
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn aws_example() -> serde_json::Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/testdata/sigv4/aws_doc_example.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

const EXAMPLE_ARGS: &[&str] = &[
    "presign",
    "get",
    "--endpoint",
    "https://s3.amazonaws.com",
    "--bucket",
    "examplebucket",
    "--key",
    "test.txt",
    "--virtual-host",
    "--expires",
    "86400",
    "--at",
    "2013-05-24T00:00:00Z",
];

#[test]
fn presign_get_prints_the_aws_example_url_alone() {
    let mut args = EXAMPLE_ARGS.to_vec();
    args.extend(["--access-key", ACCESS, "--secret-key", SECRET]);
    let out = logscope(&args, &[]);
    let expected = aws_example()["expected"]["url"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(stdout(&out), expected + "\n");
    assert!(out.stderr.is_empty());
}

#[test]
fn credentials_and_region_come_from_the_environment() {
    let env = [
        ("AWS_ACCESS_KEY_ID", ACCESS),
        ("AWS_SECRET_ACCESS_KEY", SECRET),
        ("AWS_REGION", "us-east-1"),
    ];
    let out = logscope(EXAMPLE_ARGS, &env);
    assert!(stdout(&out).contains(
        "X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
    ));
    let with_token = [
        ("AWS_ACCESS_KEY_ID", ACCESS),
        ("AWS_SECRET_ACCESS_KEY", SECRET),
        ("AWS_SESSION_TOKEN", "oej5cie4uctureturdtuc5dctd"),
    ];
    let url = stdout(&logscope(EXAMPLE_ARGS, &with_token));
    assert!(url.contains("X-Amz-Security-Token=oej5cie4uctureturdtuc5dctd"));
    assert!(url.contains(
        "X-Amz-Signature=bf77b83a7135594046c90a7e7e10cf1a4c8f8ecc1d541d0f42bea6b7670870c7"
    ));
}

#[test]
fn options_take_equals_form_and_values_starting_with_dash_or_holding_equals() {
    let spaced = [
        "presign",
        "list",
        "--endpoint",
        "http://127.0.0.1:9000",
        "--bucket",
        "logs",
        "--prefix",
        "-odd=prefix",
        "--access-key",
        "-AK=1",
        "--secret-key",
        "-s=cr/et",
        "--start-after",
        "--not-a-flag",
        "--at",
        "2026-01-02T03:04:05Z",
        "--max-keys",
        "7",
    ];
    let joined = [
        "presign",
        "list",
        "--endpoint=http://127.0.0.1:9000",
        "--bucket=logs",
        "--prefix=-odd=prefix",
        "--access-key=-AK=1",
        "--secret-key=-s=cr/et",
        "--start-after=--not-a-flag",
        "--at=2026-01-02T03:04:05Z",
        "--max-keys=7",
    ];
    let a = stdout(&logscope(&spaced, &[]));
    let b = stdout(&logscope(&joined, &[]));
    assert_eq!(a, b);
    assert!(a.starts_with("http://127.0.0.1:9000/logs?"), "{a}");
    assert!(a.contains("prefix=-odd%3Dprefix"), "{a}");
    assert!(a.contains("start-after=--not-a-flag"), "{a}");
    assert!(
        a.contains("X-Amz-Credential=-AK%3D1%2F20260102%2Fus-east-1%2Fs3%2Faws4_request"),
        "{a}"
    );
    assert!(a.contains("max-keys=7&"), "{a}");
    assert!(
        !a.contains("cr/et") && !a.contains("cr%2Fet"),
        "the secret is never in the URL"
    );
}

#[test]
fn list_sends_exactly_the_parameters_given() {
    let args = [
        "presign",
        "list",
        "--endpoint",
        "http://127.0.0.1:9000",
        "--bucket",
        "logs",
        "--delimiter",
        "/",
        "--access-key",
        "AK",
        "--secret-key",
        "S",
        "--at",
        "2026-01-02T03:04:05Z",
    ];
    let url = stdout(&logscope(&args, &[]));
    let query = url.trim().split_once('?').unwrap().1;
    let names: Vec<&str> = query
        .split('&')
        .map(|p| p.split('=').next().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "X-Amz-Algorithm",
            "X-Amz-Credential",
            "X-Amz-Date",
            "X-Amz-Expires",
            "X-Amz-SignedHeaders",
            "delimiter",
            "list-type",
            "X-Amz-Signature"
        ]
    );
}

#[test]
fn without_at_the_url_is_signed_now() {
    let args = [
        "presign",
        "get",
        "--endpoint",
        "http://127.0.0.1:9000",
        "--bucket",
        "logs",
        "--key",
        "k",
        "--access-key",
        "AK",
        "--secret-key",
        "S",
    ];
    let url = stdout(&logscope(&args, &[]));
    let stamp = url.split("X-Amz-Date=").nth(1).unwrap();
    let year: i32 = stamp[..4].parse().unwrap();
    assert!(year >= 2025, "{url}");
    assert!(
        url.contains("X-Amz-Expires=3600&"),
        "expiry defaults to 3600"
    );
}

#[test]
fn bad_input_gets_one_line_naming_the_problem_and_exit_code_2() {
    let base = ["presign", "get", "--bucket", "logs", "--key", "k"];
    let creds = ["--access-key", "AK", "--secret-key", "topsecret-value"];
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--endpoint", "http://h", "--expires", "0"],
            "--expires 0",
        ),
        (
            vec!["--endpoint", "http://h", "--expires", "604801"],
            "--expires 604801",
        ),
        (
            vec!["--endpoint", "http://h", "--expires", "-5"],
            "--expires -5",
        ),
        (vec!["--endpoint", "s3.example.com"], "invalid endpoint"),
        (
            vec!["--endpoint", "http://h", "--at", "yesterday"],
            "--at \"yesterday\"",
        ),
        (vec![], "--endpoint"),
    ];
    for (extra, expected) in cases {
        let mut args = base.to_vec();
        args.extend(&extra);
        args.extend(creds);
        let out = logscope(&args, &[]);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(!stderr.contains("topsecret-value"), "{args:?}: {stderr}");
    }
    let mut args = base.to_vec();
    args.extend(["--endpoint", "http://h"]);
    let missing = logscope(&args, &[]);
    assert_eq!(missing.status.code(), Some(2));
    let stderr = String::from_utf8(missing.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1);
    assert!(stderr.contains("AWS_ACCESS_KEY_ID"), "{stderr}");
}

#[test]
fn help_never_shows_secret_values_from_the_environment() {
    let out = logscope(
        &["presign", "get", "--help"],
        &[
            ("AWS_SECRET_ACCESS_KEY", "topsecret-value"),
            ("AWS_SESSION_TOKEN", "token-value"),
        ],
    );
    let help = stdout(&out);
    assert!(help.contains("--secret-key"));
    assert!(!help.contains("topsecret-value") && !help.contains("token-value"));
}
