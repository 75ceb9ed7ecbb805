//! The real site (`dist/`) put in a bucket by the real `logscope publish` and opened from
//! there, as on Sealos: `{endpoint}/{bucket}/{prefix}index.html`, path style, served by the
//! S3 server itself from a public-read bucket (`site`, under `logscope/`). A config.json
//! published beside it names the log bucket on the same server; the keys are typed into the
//! form, and the sample sessions must load. Every file the page fetches must come from its
//! own folder, so the site works under any sub-path, and arrive as publish stored it: gzipped
//! over http, and brotli over https, the only scheme on which browsers accept brotli.
//!
//! Build the site and the CLI first (`make site`, `cargo build -p logscope`), then:
//! `cargo test -p logscope-e2e --test e2e publish_site::`

use std::net::TcpListener;
use std::path::PathBuf;

use local_s3::{LocalS3, LocalS3Config};
use logscope_e2e::browser::{Browser, Options};
use logscope_e2e::bucket::{form, sample, ACCESS, BUCKET, PREFIX, SECRET};
use logscope_e2e::dashboard::{attr, connect, dist_dir, find, finished_state, script, wait_for};
use session_log::{KeyKind, PriceTable, Totals};

const SITE_BUCKET: &str = "site";
const SITE_PREFIX: &str = "logscope/";

/// The `logscope` binary `cargo test --workspace` builds beside this test.
fn logscope_bin() -> PathBuf {
    let test = std::env::current_exe().unwrap();
    let bin = test.parent().unwrap().parent().unwrap().join("logscope");
    assert!(
        bin.is_file(),
        "{} not found: build it with `cargo build -p logscope` (make test does)",
        bin.display()
    );
    bin
}

/// A free port on 127.0.0.1, so the server's own origin is known before it starts: the
/// CORS rule must name it.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The sample and a few generated sessions, and how many sessions and invalid objects
/// session-log finds among them.
fn logs() -> (Vec<(String, Vec<u8>)>, u64, u64) {
    let mut objects = sample();
    objects.extend(session_log::corpus::generate(11, 12).objects);
    let prices = PriceTable::builtin();
    let mut totals = Totals::default();
    for (key, body) in &objects {
        if let KeyKind::Session(session) = session_log::parse_key(PREFIX, key) {
            totals.add(&session_log::load(session, body, &prices));
        }
    }
    let report = totals.report();
    (objects, report.sessions, report.invalid)
}

#[tokio::test]
async fn the_published_site_opens_from_its_bucket_folder_and_loads_the_sample_sessions() {
    publish_and_open(false, "gzip").await;
}

#[tokio::test]
async fn over_https_the_site_published_with_brotli_arrives_as_brotli_and_starts() {
    publish_and_open(true, "br").await;
}

/// Publishes dist/ with `--encoding encoding` to local-s3, over https when `tls`, opens the
/// page from the bucket, loads the sessions, and checks that every file of the page arrived
/// as stored (compressed) and ran decoded.
async fn publish_and_open(tls: bool, encoding: &str) {
    let root = tempfile::tempdir().unwrap();
    let (objects, sessions, invalid) = logs();
    for (key, body) in &objects {
        local_s3::put_object(root.path(), BUCKET, key, body).unwrap();
    }
    local_s3::create_bucket(root.path(), SITE_BUCKET).unwrap();
    let port = free_port();
    let scheme = if tls { "https" } else { "http" };
    let origin = format!("{scheme}://127.0.0.1:{port}");
    let mut config = LocalS3Config::new(root.path(), ACCESS, SECRET);
    config.port = port;
    config.tls = tls;
    config.allowed_origin = Some(origin.clone());
    config.public_read = vec![SITE_BUCKET.to_owned()];
    let s3 = LocalS3::start(config).unwrap();
    // The CLI trusts this run's certificate as a user trusts a private CA's, and the
    // browser by its key.
    let scratch = tempfile::tempdir().unwrap();
    let ca_bundle = scratch.path().join("certificate.pem");
    let mut trust = Vec::new();
    if let Some(certificate) = s3.certificate() {
        std::fs::write(&ca_bundle, certificate.pem()).unwrap();
        trust.push(format!(
            "--ignore-certificate-errors-spki-list={}",
            certificate.spki_sha256()
        ));
    }
    let endpoint = s3.endpoint();
    assert_eq!(endpoint, origin);

    // config.json: where the logs are, and no secret.
    let config_json = scratch.path().join("config.json");
    let site_config = serde_json::json!({
        "endpoint": endpoint, "bucket": BUCKET, "region": "us-east-1", "prefix": PREFIX,
    });
    std::fs::write(&config_json, site_config.to_string()).unwrap();
    let published = std::process::Command::new(logscope_bin())
        .args(["publish", "--endpoint", &endpoint, "--bucket", SITE_BUCKET])
        .args(["--prefix", SITE_PREFIX, "--dist"])
        .arg(dist_dir())
        .arg("--config")
        .arg(&config_json)
        .args(["--encoding", encoding])
        .env_clear()
        .env("AWS_ACCESS_KEY_ID", ACCESS)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .env(
            "AWS_CA_BUNDLE",
            if tls {
                ca_bundle.as_os_str()
            } else {
                "".as_ref()
            },
        )
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&published.stdout);
    assert!(
        published.status.success(),
        "{}",
        String::from_utf8_lossy(&published.stderr)
    );
    let page = format!("{endpoint}/{SITE_BUCKET}/{SITE_PREFIX}index.html");
    assert!(stdout.contains(&format!("open {page}")), "{stdout}");

    let options = Options {
        args: trust,
        ..Options::default()
    };
    let browser = Browser::start_with(options)
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    let client = browser.client();
    client.goto(&page).await.unwrap();
    // config.json, fetched beside index.html, filled in where the logs are.
    wait_for(client, "[data-testid=connect]").await;
    let value = |testid: &'static str| async move {
        find(client, &format!("[data-testid={testid}]"))
            .await
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default()
    };
    assert_eq!(value("endpoint").await, endpoint);
    assert_eq!(value("bucket").await, BUCKET);
    assert_eq!(value("secret-key").await, "");

    connect(client, &form(&endpoint)).await;
    assert_eq!(finished_state(client).await, "done");
    let total = find(client, "[data-testid=total-sessions]").await;
    assert_eq!(attr(&total, "data-value").await, sessions.to_string());
    let shown_invalid = find(client, "[data-testid=total-invalid]").await;
    assert_eq!(
        attr(&shown_invalid, "data-value").await,
        invalid.to_string()
    );

    // Everything the page fetched came from its own folder, or is a signed log request.
    let fetched = script(
        client,
        "return performance.getEntriesByType('resource').map(entry => entry.name);",
    )
    .await;
    let fetched: Vec<String> = serde_json::from_value(fetched).unwrap();
    let own_folder = format!("{endpoint}/{SITE_BUCKET}/{SITE_PREFIX}");
    let logs = format!("{endpoint}/{BUCKET}");
    for name in ["config.json", ".js", "_bg.wasm", ".css"] {
        assert!(
            fetched
                .iter()
                .any(|url| url.starts_with(&own_folder) && url.ends_with(name)),
            "no {name} fetched from {own_folder}: {fetched:?}"
        );
    }
    for url in &fetched {
        assert!(
            url.starts_with(&own_folder) || url.starts_with(&logs),
            "{url} is outside {own_folder}"
        );
    }

    // publish stored the code compressed: the visitor transferred that, and the page, which
    // has just loaded the sessions, ran on the decoded bytes.
    let sizes = script(
        client,
        "return performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
           .map(e => [e.name, e.encodedBodySize, e.decodedBodySize]);",
    )
    .await;
    let sizes: Vec<(String, u64, u64)> = serde_json::from_value(sizes).unwrap();
    // (file, how many times smaller it must arrive); markup and style are small and compress
    // less than code.
    for (ending, smaller) in [("index.html", 1), (".css", 1), (".js", 2), ("_bg.wasm", 2)] {
        let (name, encoded, decoded) = sizes
            .iter()
            .find(|(name, _, _)| name.starts_with(&own_folder) && name.ends_with(ending))
            .unwrap_or_else(|| panic!("no {ending} in {sizes:?}"));
        let file = name.strip_prefix(&own_folder).unwrap();
        let built = std::fs::metadata(dist_dir().join(file)).unwrap().len();
        assert_eq!(*decoded, built, "{name}: decoded is the file as built");
        // What arrived is the object as stored, so the browser decoded publish's encoding.
        let stored_at = root.path().join(SITE_BUCKET).join(SITE_PREFIX).join(file);
        let stored = std::fs::metadata(&stored_at).unwrap().len();
        assert_eq!(
            *encoded, stored,
            "{name}: transferred is the {encoding} object"
        );
        assert!(
            encoded * smaller < *decoded,
            "{name}: {encoded} bytes transferred of {decoded}"
        );
    }
    browser.close().await.unwrap();
}
