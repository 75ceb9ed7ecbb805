//! What the benches share: reading their options, finding the `logscope` binary, trusting a
//! certificate through `AWS_CA_BUNDLE`, and running a client that prints one JSON report
//! (boto3's script, `logscope stats`) with the keys in its environment.

use serde_json::Value;
use std::process::Command;
use std::time::Instant;

/// The value after `name` among `args` (`--sessions 2000`), if it is there.
pub fn option(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|arg| arg == name)
        .and_then(|at| args.get(at + 1).cloned())
}

/// Runs a client with the keys in its environment (never on its command line) and returns
/// the JSON it printed last and the wall-clock seconds it took.
pub fn run(command: Command, who: &str, access: &str, secret: &str) -> (Value, f64) {
    let (stdout, seconds) = run_for_text(command, who, access, secret);
    let report = serde_json::from_str(stdout.trim())
        .or_else(|_| serde_json::from_str(stdout.lines().last().unwrap_or_default()))
        .unwrap_or_else(|e| panic!("{who} printed no JSON ({e}):\n{stdout}"));
    (report, seconds)
}

/// [`run`], for a command that prints text: its stdout, and the seconds it took.
pub fn run_for_text(mut command: Command, who: &str, access: &str, secret: &str) -> (String, f64) {
    command
        .env("AWS_ACCESS_KEY_ID", access)
        .env("AWS_SECRET_ACCESS_KEY", secret)
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_PROFILE")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env("NO_PROXY", "127.0.0.1")
        .env("no_proxy", "127.0.0.1");
    let started = Instant::now();
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {who}: {e}"));
    let seconds = started.elapsed().as_secs_f64();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{who} failed ({}):\n{}\n{}",
        output.status,
        stdout,
        String::from_utf8_lossy(&output.stderr)
    );
    (stdout, seconds)
}

/// The `logscope` binary a bench runs: `LOGSCOPE_BENCH_LOGSCOPE`, else the release build in
/// `workspace`; panics with what to build when there is none.
pub fn logscope_binary(workspace: &std::path::Path) -> std::path::PathBuf {
    let logscope = std::env::var_os("LOGSCOPE_BENCH_LOGSCOPE")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| workspace.join("target/release/logscope"));
    assert!(
        logscope.is_file(),
        "no logscope binary at {}: run `cargo build --release -p logscope` (make bench does)",
        logscope.display()
    );
    logscope
}

/// Has `command` trust the certificates in `ca_bundle` over https, as boto3 and `logscope`
/// read `AWS_CA_BUNDLE`; with none, the variable is cleared so that the caller's own cannot
/// leak in.
pub fn trusting(command: &mut Command, ca_bundle: Option<&std::path::Path>) {
    match ca_bundle {
        Some(path) => command.env("AWS_CA_BUNDLE", path),
        None => command.env_remove("AWS_CA_BUNDLE"),
    };
}
