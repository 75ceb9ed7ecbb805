//! "Why can't I see my logs?" in the browser: the diagnostics page runs its checks from
//! headless Chromium against the in-process S3 server (local-s3, s3s checking every
//! signature) set up to fail in each way the checks know, with settings typed into the form
//! but never connected with. Each time the right step fails with its fix, the steps before it
//! pass and the ones after are not run; a healthy bucket passes all six with the number of
//! objects found. The words are those of `logscope doctor` (the `doctor` crate).
//!
//! Build the site first (`make site`), then:
//! `cargo test -p logscope-e2e --test e2e dashboard_diagnostics::`

use std::time::Duration;

use fantoccini::Client;
use local_s3::static_site::StaticServer;
use local_s3::{LocalS3, LocalS3Config};
use logscope_e2e::browser::Browser;
use logscope_e2e::bucket::{form, origin, sample, ACCESS, BUCKET, SECRET};
use logscope_e2e::dashboard::{attr, count, dist_dir, find, script, wait_for, Form};
use logscope_e2e::net::Unanswered;
use tempfile::TempDir;

const STEPS: [&str; 6] = [
    "reachable",
    "cors",
    "credentials",
    "clock",
    "bucket",
    "objects",
];

/// The sample logs and a small generated corpus under `openai_logs/`, and objects under
/// two other top-level prefixes.
fn objects() -> Vec<(String, Vec<u8>)> {
    let mut objects = sample();
    objects.extend(session_log::corpus::generate(3, 20).objects);
    objects.push(("ai_interactions/7/3f2a.json".to_owned(), b"{}".to_vec()));
    objects.push(("site/index.html".to_owned(), b"<!doctype html>".to_vec()));
    objects
}

/// The objects in bucket `logs` of a folder that storages are started over.
fn seed(objects: &[(String, Vec<u8>)]) -> TempDir {
    let root = tempfile::tempdir().unwrap();
    local_s3::create_bucket(root.path(), BUCKET).unwrap();
    for (key, body) in objects {
        local_s3::put_object(root.path(), BUCKET, key, body).unwrap();
    }
    root
}

/// A storage over `root` that lets the site read it, then set up by `set` to fail.
fn serve(root: &TempDir, site_origin: &str, set: impl FnOnce(&mut LocalS3Config)) -> LocalS3 {
    let mut config = LocalS3Config::new(root.path(), ACCESS, SECRET);
    config.allowed_origin = Some(site_origin.to_owned());
    set(&mut config);
    LocalS3::start(config).unwrap()
}

/// Types `typed` into the form without connecting, runs the checks, and waits until they
/// stop: at the first failure, or after the last step.
async fn run_checks(client: &Client, site: &StaticServer, typed: &Form<'_>) {
    client
        .goto(&format!("{}#/diagnostics", site.url()))
        .await
        .unwrap();
    // A fresh page each time, even when the address was already this one.
    client.refresh().await.unwrap();
    wait_for(client, "[data-testid=run-checks]").await;
    for (testid, text) in [
        ("endpoint", typed.endpoint),
        ("bucket", typed.bucket),
        ("region", typed.region),
        ("prefix", typed.prefix),
        ("access-key", typed.access_key),
        ("secret-key", typed.secret_key),
    ] {
        let input = find(client, &format!("[data-testid={testid}]")).await;
        input.clear().await.unwrap();
        input.send_keys(text).await.unwrap();
    }
    find(client, "[data-testid=run-checks]")
        .await
        .click()
        .await
        .unwrap();
    wait_for(
        client,
        "[data-step][data-outcome=fail], [data-step=objects][data-outcome=pass], \
         [data-step=objects][data-outcome=warn]",
    )
    .await;
    wait_for(client, "[data-testid=diagnostics-summary]").await;
}

/// The outcome of every step, in order.
async fn outcomes(client: &Client) -> Vec<String> {
    let mut all = Vec::new();
    for step in STEPS {
        all.push(
            attr(
                &find(client, &format!("[data-step={step}]")).await,
                "data-outcome",
            )
            .await,
        );
    }
    all
}

/// Checks that `failing` failed after every step before it passed, that the ones after it
/// were not run, and returns the failing step's text (title, detail and fix).
async fn fails_at(client: &Client, failing: &str) -> String {
    let at = STEPS.iter().position(|s| *s == failing).unwrap();
    let want: Vec<&str> = STEPS
        .iter()
        .enumerate()
        .map(|(i, _)| match i {
            i if i < at => "pass",
            i if i == at => "fail",
            _ => "skipped",
        })
        .collect();
    assert_eq!(outcomes(client).await, want, "failing at {failing}");
    let step = find(client, &format!("[data-step={failing}]")).await;
    find(client, &format!("[data-step={failing}] [data-testid=fix]")).await;
    let text = step.text().await.unwrap();
    let page = find(client, "body").await.text().await.unwrap();
    assert!(!page.contains(SECRET), "the secret is on the page");
    text
}

fn has(text: &str, needle: &str) {
    assert!(text.contains(needle), "{needle:?} not in {text:?}");
}

#[tokio::test]
async fn each_failure_mode_fails_its_own_step_with_the_fix() {
    let seeded = seed(&objects());
    let site = StaticServer::start(dist_dir()).unwrap();
    let site_origin = origin(&site);
    let healthy = serve(&seeded, &site_origin, |_| {});
    let endpoint = healthy.endpoint();
    let browser = Browser::start().await.unwrap_or_else(|err| panic!("{err}"));
    let client = browser.client();

    // Nothing listening.
    let unanswered = Unanswered::new();
    let nowhere = unanswered.url();
    run_checks(client, &site, &form(&nowhere)).await;
    let text = fails_at(client, "reachable").await;
    has(&text, &format!("No answer from {nowhere}"));
    has(
        &text,
        "Check the endpoint: scheme (http or https), host and port",
    );

    // No CORS: the storage answers, the browser withholds the answer.
    let no_cors = serve(&seeded, &site_origin, |c| c.cors = false);
    run_checks(client, &site, &form(&no_cors.endpoint())).await;
    let text = fails_at(client, "cors").await;
    has(&text, &format!("its CORS rules do not allow {site_origin}"));
    has(&text, &format!("allowed origin {site_origin}"));
    has(
        &text,
        &format!("mc admin config set ALIAS api cors_allow_origin=\"{site_origin}\""),
    );
    has(&text, "Sealos");

    // Keys the storage does not know, and a secret that does not match.
    let unknown = Form {
        access_key: "NOSUCHKEY",
        ..form(&endpoint)
    };
    run_checks(client, &site, &unknown).await;
    has(
        &fails_at(client, "credentials").await,
        "knows no access key NOSUCHKEY",
    );
    let wrong = Form {
        secret_key: "not-the-secret",
        ..form(&endpoint)
    };
    run_checks(client, &site, &wrong).await;
    let text = fails_at(client, "credentials").await;
    has(&text, "the secret key is wrong");
    assert!(!text.contains("not-the-secret"));

    // The storage's clock an hour ahead, its Date readable as MinIO makes it: the keys are
    // checked by signing again with its time, then the clock fails with the difference.
    let ahead = serve(&seeded, &site_origin, |c| {
        c.clock_ahead = Duration::from_secs(3600);
        c.expose_date = true;
    });
    run_checks(client, &site, &form(&ahead.endpoint())).await;
    let text = fails_at(client, "clock").await;
    has(
        &text,
        "This computer's clock is 1 h 0 min behind the storage's.",
    );
    has(&text, "sudo timedatectl set-ntp true");

    // A bucket that is not there, with the ones that are.
    run_checks(
        client,
        &site,
        &Form {
            bucket: "missing",
            ..form(&endpoint)
        },
    )
    .await;
    let text = fails_at(client, "bucket").await;
    has(&text, &format!("There is no bucket missing at {endpoint}"));
    has(&text, "The buckets this key can see: `logs`.");

    // Nothing under the prefix, with where the objects are.
    run_checks(
        client,
        &site,
        &Form {
            prefix: "nothing_here/",
            ..form(&endpoint)
        },
    )
    .await;
    let text = fails_at(client, "objects").await;
    has(
        &text,
        "Nothing under `nothing_here/`; this bucket has `ai_interactions/`, `openai_logs/`, `site/`.",
    );

    browser.close().await.unwrap();
}

#[tokio::test]
async fn a_healthy_bucket_passes_every_step_in_either_language() {
    let objects = objects();
    let logs = objects
        .iter()
        .filter(|(key, _)| key.starts_with("openai_logs/"))
        .count();
    let seeded = seed(&objects);
    let site = StaticServer::start(dist_dir()).unwrap();
    let s3 = serve(&seeded, &origin(&site), |_| {});
    let browser = Browser::start().await.unwrap_or_else(|err| panic!("{err}"));
    let client = browser.client();

    run_checks(client, &site, &form(&s3.endpoint())).await;
    assert_eq!(outcomes(client).await, ["pass"; 6]);
    let objects_step = find(client, "[data-step=objects]")
        .await
        .text()
        .await
        .unwrap();
    has(
        &objects_step,
        &format!("{logs} objects found under `openai_logs/`."),
    );
    let summary = find(client, "[data-testid=diagnostics-summary]").await;
    assert_eq!(summary.text().await.unwrap(), "All checks passed.");
    assert_eq!(
        count(client, "[data-testid=fix]").await,
        0,
        "passed steps have no fix"
    );

    // In Chinese, the same words as `logscope doctor --lang zh`.
    script(
        client,
        "localStorage.setItem('logscope.lang', 'zh-CN'); return 0;",
    )
    .await;
    run_checks(client, &site, &form(&s3.endpoint())).await;
    let objects_step = find(client, "[data-step=objects]")
        .await
        .text()
        .await
        .unwrap();
    has(
        &objects_step,
        &format!("`openai_logs/` 下找到 {logs} 个对象。"),
    );
    let summary = find(client, "[data-testid=diagnostics-summary]").await;
    assert_eq!(summary.text().await.unwrap(), "全部检查通过。");
    script(
        client,
        "localStorage.removeItem('logscope.lang'); return 0;",
    )
    .await;

    browser.close().await.unwrap();
}

#[tokio::test]
async fn the_error_panel_links_to_the_diagnostics_which_run_by_themselves() {
    let seeded = seed(&objects());
    let site = StaticServer::start(dist_dir()).unwrap();
    let s3 = serve(&seeded, &origin(&site), |_| {});
    let browser = Browser::start().await.unwrap_or_else(|err| panic!("{err}"));
    let client = browser.client();

    client.goto(&site.url()).await.unwrap();
    let endpoint = s3.endpoint();
    let typed = Form {
        bucket: "missing",
        ..form(&endpoint)
    };
    logscope_e2e::dashboard::connect(client, &typed).await;
    let link = wait_for(client, "[data-testid=error] [data-testid=diagnose-link]").await;
    assert_eq!(link.text().await.unwrap(), "Why can't I see my logs?");
    link.click().await.unwrap();
    wait_for(client, "[data-testid=diagnostics] [data-testid=run-checks]").await;
    assert_eq!(logscope_e2e::dashboard::hash(client).await, "#/diagnostics");
    // The form was filled in, so the checks ran without a click, and name the failure.
    wait_for(client, "[data-step=bucket][data-outcome=fail]").await;
    assert_eq!(
        outcomes(client).await[..4],
        ["pass", "pass", "pass", "pass"]
    );

    browser.close().await.unwrap();
}
