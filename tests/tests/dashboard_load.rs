//! The dashboard loading a real bucket: `dist/` served as plain static files, local-s3
//! (s3s checking every signature, CORS for the site's origin only) as the storage, headless
//! Chromium as the browser, and the connection form filled in by typing.
//!
//! The totals the page shows must equal, to the last bit, what session-log adds up over the
//! same objects in key order, which is what `logscope stats --dir` reports on a copy of the
//! bucket. Failures must show their explanation. Where the secret may and may not go is
//! `dashboard_secrets.rs`'s.
//!
//! Build the site first (`make site`), then:
//! `cargo test -p logscope-e2e --test e2e dashboard_load::`

use fantoccini::Locator;
use local_s3::static_site::StaticServer;
use logscope_e2e::browser::{Browser, Options};
use logscope_e2e::bucket::{
    expected, form, origin, sample, Seeded, ACCESS, BUCKET, PREFIX, SECRET,
};
use logscope_e2e::dashboard::{
    assert_totals_shown, attr, connect, data_value, dist_dir, find, finished_state, script,
    wait_for, Form,
};
use logscope_e2e::rig::Rig;

/// Every object of the bulk corpus goes into this one folder, so that listing it takes two
/// pages of 1000 keys.
const BULK_FOLDER: &str = "openai_logs/bulk/";

/// The sample, a corpus laid out by drawing, and a larger one all in one folder: more than
/// 1000 objects, broken ones among them.
fn paged_bucket() -> Vec<(String, Vec<u8>)> {
    let mut objects = sample();
    objects.extend(session_log::corpus::generate(7, 300).objects);
    let bulk = session_log::corpus::generate(8, 1000).objects;
    objects.extend(bulk.into_iter().map(|(key, body)| {
        let file = key.rsplit('/').next().unwrap().to_owned();
        (format!("{BULK_FOLDER}{file}"), body)
    }));
    objects
}

/// `logscope stats --json` over the bucket, run from the binary `cargo test --workspace`
/// builds beside this test.
fn logscope_stats(endpoint: &str) -> serde_json::Value {
    let test = std::env::current_exe().unwrap();
    let bin = test.parent().unwrap().parent().unwrap().join("logscope");
    assert!(
        bin.is_file(),
        "{} not found: build it with `cargo build -p logscope` (make test does)",
        bin.display()
    );
    let output = std::process::Command::new(bin)
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
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[tokio::test]
async fn totals_equal_logscope_stats_over_a_bucket_whose_listing_pages() {
    let objects = paged_bucket();
    assert!(objects.len() > 1000);
    let want = expected(&objects);
    assert!(want.invalid > 0, "the corpus holds broken objects");

    let rig = Rig::start(objects, Options::default()).await;
    let client = rig.client();
    let started = std::time::Instant::now();
    rig.connect().await;
    eprintln!(
        "loaded {} objects in {:?}",
        rig.seeded.objects.len(),
        started.elapsed()
    );

    let status = find(client, "[data-testid=load-status]").await;
    let objects = rig.seeded.objects.len().to_string();
    assert_eq!(attr(&status, "data-found").await, objects);
    assert_eq!(attr(&status, "data-finished").await, objects);

    assert_totals_shown(client, &want).await;
    let p95: f64 = data_value(client, "p95-duration").await.parse().unwrap();
    let want_p95 = want.session_duration.p95.unwrap();
    assert_eq!(p95.to_bits(), want_p95.to_bits(), "{p95} != {want_p95}");

    // And the real `logscope stats` over the same bucket says the same, to the last bit.
    let cli = logscope_stats(&rig.s3.endpoint());
    for (testid, field) in [
        ("total-sessions", "sessions"),
        ("total-calls", "calls"),
        ("total-failed-calls", "failed_calls"),
        ("total-tokens", "total_tokens"),
        ("total-invalid", "invalid"),
        ("total-cost", "cost_usd"),
    ] {
        let shown: f64 = data_value(client, testid).await.parse().unwrap();
        let said = cli[field].as_f64().unwrap();
        assert_eq!(
            shown.to_bits(),
            said.to_bits(),
            "{testid} against stats' {field}"
        );
    }

    // Each broken object is listed with its reason; everything else loaded regardless.
    let listed = client
        .find_all(Locator::Css("[data-testid=invalid-objects] li"))
        .await
        .unwrap();
    assert_eq!(listed.len() as u64, want.invalid.min(50));
    let first = &want.invalid_objects[0];
    let row = find(client, "[data-testid=invalid-objects] li").await;
    assert_eq!(attr(&row, "data-key").await, first.key);
    assert!(row.text().await.unwrap().contains(&first.reason));

    // Both breakdowns have a row per model and per drawing.
    let models = client
        .find_all(Locator::Css("[data-testid=by-model] tbody tr"))
        .await
        .unwrap();
    assert_eq!(models.len(), want.by_model.len());
    // The drawings table keeps only the rows in view in the DOM; its heading counts them all.
    let drawings = client
        .find_all(Locator::Css(
            "[data-testid=by-drawing] tbody tr[data-drawing]",
        ))
        .await
        .unwrap();
    assert!(!drawings.is_empty() && drawings.len() <= want.by_drawing.len());
    let counted = find(client, "#by-drawing-heading .count").await;
    assert_eq!(
        counted.text().await.unwrap(),
        format!("({})", want.by_drawing.len())
    );

    rig.browser.close().await.unwrap();
}

#[tokio::test]
async fn failures_show_what_went_wrong_and_how_to_fix_it() {
    let mut objects = sample();
    objects.push(("ai_interactions/7/3f2a.json".to_owned(), b"{}".to_vec()));
    let rig = Rig::start(objects, Options::default()).await;
    // The same bucket, from a storage that allows another site only.
    let elsewhere = rig.seeded.serve("https://dashboard.example.com");
    let endpoint = rig.s3.endpoint();
    let elsewhere = elsewhere.endpoint();
    let client = rig.client();

    let cases: [(&str, Form, &[&str]); 6] = [
        (
            "SignatureDoesNotMatch",
            Form {
                secret_key: "not-the-secret",
                ..form(&endpoint)
            },
            &["secret access key", "Enter the secret access key again"],
        ),
        (
            "InvalidAccessKeyId",
            Form {
                access_key: "NOSUCHKEY",
                ..form(&endpoint)
            },
            &["knows no access key NOSUCHKEY"],
        ),
        (
            "NoSuchBucket",
            Form {
                bucket: "missing",
                ..form(&endpoint)
            },
            &["There is no bucket missing"],
        ),
        (
            "empty-prefix",
            Form {
                prefix: "openai_log/",
                ..form(&endpoint)
            },
            &[
                "no objects under openai_log/ in this bucket; these top-level prefixes exist: \
               ai_interactions/, openai_logs/",
            ],
        ),
        (
            "cors",
            form(&elsewhere),
            &[
                "did not allow this page's origin",
                "mc admin config set ALIAS api cors_allow_origin=\"http://127.0.0.1:",
                "Sealos",
            ],
        ),
        (
            "network",
            // Nothing listens on port 1.
            form("http://127.0.0.1:1"),
            &["got no answer from http://127.0.0.1:1"],
        ),
    ];
    for (code, typed, needles) in cases {
        client.goto(&rig.site.url()).await.unwrap();
        connect(client, &typed).await;
        assert_eq!(finished_state(client).await, "error", "{code}");
        let error = wait_for(client, "[data-testid=error]").await;
        assert_eq!(attr(&error, "data-code").await, code);
        let text = error.text().await.unwrap();
        for needle in needles {
            assert!(text.contains(needle), "{code}: {needle:?} not in {text:?}");
        }
        assert!(!text.contains(SECRET), "{code}: the secret is shown");
    }

    rig.browser.close().await.unwrap();
}

#[tokio::test]
async fn a_wrong_browser_clock_is_corrected_from_the_server_time() {
    let rig = Rig::start(sample(), Options::default()).await;
    let client = rig.client();

    // An hour ahead gets RequestTimeTooSkewed, an hour behind "Request has expired";
    // local-s3 sends no ServerTime, so the time comes from the site's own Date header.
    for (shift_ms, words) in [
        (3_600_000, "1 h 0 min ahead of"),
        (-3_600_000, "1 h 0 min behind"),
    ] {
        client.goto(&rig.site.url()).await.unwrap();
        wait_for(client, "[data-testid=connect]").await;
        script(
            client,
            &format!(
                "const real = Date.now; Date.now = () => real.call(Date) + {shift_ms}; return 0;"
            ),
        )
        .await;
        connect(client, &form(&rig.s3.endpoint())).await;
        assert_eq!(
            finished_state(client).await,
            "done",
            "shifted by {shift_ms} ms"
        );
        assert_eq!(data_value(client, "total-sessions").await, "1");
        let note = wait_for(client, "[data-testid=clock-note]").await;
        let note = note.text().await.unwrap();
        assert!(note.contains(words), "{note:?}");
    }

    rig.browser.close().await.unwrap();
}

#[tokio::test]
async fn config_json_can_connect_at_once_and_a_link_names_the_bucket_but_no_secret() {
    // A copy of the site with a config.json beside index.html, as `logscope demo` and a
    // deployment with a throwaway key would add.
    let seeded = Seeded::new(sample());
    let site_dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(dist_dir()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, site_dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let site = StaticServer::start(site_dir.path()).unwrap();
    let s3 = seeded.serve(&origin(&site));
    let config = serde_json::json!({
        "endpoint": s3.endpoint(), "bucket": BUCKET, "region": "us-east-1", "prefix": PREFIX,
        "access_key_id": ACCESS, "secret_access_key": SECRET, "connect": true,
    });
    std::fs::write(site_dir.path().join("config.json"), config.to_string()).unwrap();
    let browser = Browser::start().await.unwrap_or_else(|err| panic!("{err}"));
    let client = browser.client();
    let value = |testid: &'static str| async move {
        find(client, &format!("[data-testid={testid}]"))
            .await
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default()
    };

    // Nothing typed: config.json fills the form and connects.
    client.goto(&site.url()).await.unwrap();
    assert_eq!(finished_state(client).await, "done");
    assert_eq!(data_value(client, "total-sessions").await, "1");
    // The storage it names got a connection before the wasm ran.
    assert_eq!(preconnected(client).await, [format!("{}/", s3.endpoint())]);

    // A link's bucket and region beat config.json; its secret is ignored.
    script(client, "sessionStorage.clear(); return 0;").await;
    let link = format!(
        "{}?bucket=from-link&region=eu-west-1&secret_access_key=from-link",
        site.url()
    );
    client.goto(&link).await.unwrap();
    assert_eq!(finished_state(client).await, "error");
    let error = find(client, "[data-testid=error]").await;
    assert_eq!(attr(&error, "data-code").await, "NoSuchBucket");
    assert_eq!(value("endpoint").await, s3.endpoint());
    assert_eq!(value("bucket").await, "from-link");
    assert_eq!(value("region").await, "eu-west-1");
    assert_eq!(value("prefix").await, PREFIX);
    assert_eq!(value("secret-key").await, SECRET);

    // A link's endpoint is the one connected to early, and only it.
    let elsewhere = "http://127.0.0.1:9/";
    client
        .goto(&format!("{}?endpoint={elsewhere}", site.url()))
        .await
        .unwrap();
    assert_eq!(preconnected(client).await, [elsewhere]);

    browser.close().await.unwrap();
}

/// The origins the page asked the browser to connect to ahead of its first request.
async fn preconnected(client: &fantoccini::Client) -> Vec<String> {
    let hrefs = script(
        client,
        "return [...document.querySelectorAll('link[rel=preconnect]')].map(l => l.href);",
    )
    .await;
    serde_json::from_value(hrefs).unwrap()
}
