//! The CLI over https to a server whose certificate no public root signs, as a MinIO behind a
//! private CA is: local-s3 with `tls`, its certificate made at start. `AWS_CA_BUNDLE` names
//! the certificates to trust, as it does for the AWS CLI and boto3; without it the refusal
//! says what to set.

mod stats_fixture;

use local_s3::{LocalS3, LocalS3Config};
use stats_fixture::{sample_bytes, SAMPLE_KEY};
use std::path::Path;
use std::process::{Command, Output};

const ACCESS: &str = "LOGSCOPETLSKEY";
const SECRET: &str = "tls/test+secret=value";
const BUCKET: &str = "logs";

fn https_server(root: &Path) -> LocalS3 {
    local_s3::put_object(root, BUCKET, SAMPLE_KEY, &sample_bytes()).unwrap();
    let mut config = LocalS3Config::new(root, ACCESS, SECRET);
    config.tls = true;
    LocalS3::start(config).unwrap()
}

/// The server's certificate in a PEM file, as `AWS_CA_BUNDLE` takes it.
fn bundle(s3: &LocalS3) -> tempfile::NamedTempFile {
    let file = tempfile::NamedTempFile::new().unwrap();
    let certificate = s3.certificate().expect("a TLS server has a certificate");
    std::fs::write(file.path(), certificate.pem()).unwrap();
    file
}

fn stats(endpoint: &str, ca_bundle: Option<&Path>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_logscope"));
    command
        .args([
            "stats",
            "--endpoint",
            endpoint,
            "--bucket",
            BUCKET,
            "--json",
        ])
        .env_clear()
        .env("AWS_ACCESS_KEY_ID", ACCESS)
        .env("AWS_SECRET_ACCESS_KEY", SECRET);
    if let Some(path) = ca_bundle {
        command.env("AWS_CA_BUNDLE", path);
    }
    command.output().expect("the logscope binary runs")
}

/// Exit code 2 and one line on stderr, which it returns; nothing on stdout, no secret.
fn one_line_error(output: &Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(output.stdout.is_empty());
    assert!(!stderr.contains(SECRET), "{stderr}");
    stderr
}

#[test]
fn with_the_servers_certificate_in_aws_ca_bundle_stats_reads_over_https() {
    let root = tempfile::tempdir().unwrap();
    let s3 = https_server(root.path());
    let endpoint = s3.endpoint();
    assert!(endpoint.starts_with("https://"), "{endpoint}");
    let trusted = bundle(&s3);

    let out = stats(&endpoint, Some(trusted.path()));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["sessions"], 1, "{report}");
}

#[test]
fn without_it_the_refusal_names_aws_ca_bundle() {
    let root = tempfile::tempdir().unwrap();
    let s3 = https_server(root.path());
    let line = one_line_error(&stats(&s3.endpoint(), None));
    assert!(
        line.contains("certificate") && line.contains("set AWS_CA_BUNDLE"),
        "{line}"
    );
}

#[test]
fn a_bundle_of_another_servers_certificate_is_named_as_not_signing_this_one() {
    let root = tempfile::tempdir().unwrap();
    let s3 = https_server(root.path());
    let other_root = tempfile::tempdir().unwrap();
    let other = https_server(other_root.path());
    let wrong = bundle(&other);

    let line = one_line_error(&stats(&s3.endpoint(), Some(wrong.path())));
    let named = format!(
        "not signed by one in AWS_CA_BUNDLE={}",
        wrong.path().display()
    );
    assert!(line.contains(&named), "{line}");
}

#[test]
fn an_unreadable_bundle_is_a_usage_error_before_any_request() {
    let root = tempfile::tempdir().unwrap();
    let s3 = https_server(root.path());
    let missing = root.path().join("no-such-ca.pem");

    let line = one_line_error(&stats(&s3.endpoint(), Some(&missing)));
    let named = format!("AWS_CA_BUNDLE={}: cannot read it", missing.display());
    assert!(line.contains(&named), "{line}");
    assert_eq!(s3.most_in_flight(), 0, "no request was sent: {line}");
}
