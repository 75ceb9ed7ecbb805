//! `logscope doctor --site`: the dashboard is published to a public-read bucket of local-s3
//! with `logscope publish`, then opened where a reader would open it: from the S3 endpoint
//! itself, through a static server over the bucket's folder (Sealos's static hosting), or
//! through one that adds the headers Sealos's ingress adds. The site is step 1 of 7, and its
//! origin is the one the bucket's CORS is checked for.

use std::net::TcpListener;
use std::path::Path;
use std::process::Command;

use local_s3::static_site::StaticServer;
use local_s3::LocalS3;

use super::{doctor, has, seed, serve, stops_at, ACCESS, SECRET};

const SITE_BUCKET: &str = "site";
const ELSEWHERE: &str = "https://dashboard.example.com";

/// A bucket of logs, and a public-read bucket `site` that allows CORS from `allowed` only.
fn storage(root: &Path, allowed: &str) -> LocalS3 {
    seed(root, 3);
    local_s3::create_bucket(root, SITE_BUCKET).unwrap();
    serve(root, |c| {
        c.public_read = vec![SITE_BUCKET.to_owned()];
        c.allowed_origin = Some(allowed.to_owned());
    })
}

/// `logscope publish` of a small built site to `site` under `logscope/`, as a user runs it.
fn publish(endpoint: &str) {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>x</title>",
    )
    .unwrap();
    std::fs::write(dist.path().join("app-0123456789abcdef.js"), "export {};").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_logscope"))
        .args(["publish", "--endpoint", endpoint, "--bucket", SITE_BUCKET])
        .args(["--prefix", "logscope", "--dist"])
        .arg(dist.path())
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
}

/// A static server over the site bucket's folder, adding `headers` to every answer.
fn host(root: &Path, headers: &[(&'static str, &str)]) -> StaticServer {
    let headers = headers.iter().map(|(n, v)| (*n, (*v).to_owned())).collect();
    StaticServer::start_with_headers(root.join(SITE_BUCKET), 0, headers).unwrap()
}

fn origin_of(server: &StaticServer) -> String {
    format!("http://{}", server.addr())
}

fn passes(output: &std::process::Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    for step in 1..=7 {
        assert!(stdout.contains(&format!("✓ [{step}/7]")), "{stdout}");
    }
    stdout
}

#[test]
fn a_site_published_to_the_bucket_opens_and_needs_no_cors_on_the_storage_s_own_origin() {
    let root = tempfile::tempdir().unwrap();
    // CORS for another origin only: the storage's own pages need none.
    let s3 = storage(root.path(), ELSEWHERE);
    publish(&s3.endpoint());
    let endpoint = s3.endpoint();
    let index = format!("{endpoint}/site/logscope/index.html");
    for site in [
        format!("{endpoint}/site/logscope/"),
        format!("{endpoint}/site/logscope"),
        index.clone(),
    ] {
        let stdout = passes(&doctor(&endpoint, &["--site", &site], &[]));
        has(
            &stdout,
            &format!("Checking the site {site}, then s3://logs/"),
        );
        has(&stdout, "✓ [1/7] The site opens");
        has(
            &stdout,
            &format!("{index} answers as a web page (text/html; charset=utf-8)"),
        );
        has(&stdout, "✓ [3/7] Same origin: no CORS needed");
        has(&stdout, "All checks passed.");
    }
    let zh = doctor(&endpoint, &["--site", &index, "--lang", "zh"], &[]);
    let stdout = passes(&zh);
    has(&stdout, "站点可以打开");
    has(&stdout, "同源：无需 CORS");
}

#[test]
fn the_s3_endpoint_through_the_ingress_downloads_the_page_and_says_to_use_static_hosting() {
    let root = tempfile::tempdir().unwrap();
    let s3 = storage(root.path(), ELSEWHERE);
    publish(&s3.endpoint());
    let ingress = host(
        root.path(),
        &[("Content-Disposition", "attachment; filename=index.html")],
    );
    let site = format!("{}logscope/", ingress.url());
    let stdout = stops_at(&doctor(&s3.endpoint(), &["--site", &site], &[]), 1, 7);
    has(&stdout, "✗ [1/7] The page downloads instead of opening");
    has(
        &stdout,
        "comes with Content-Disposition: attachment; filename=index.html",
    );
    has(&stdout, "Do not open the dashboard from the S3 endpoint");
    has(&stdout, "turn on static hosting for the site's bucket");
    has(&stdout, "- [2/7] The endpoint answers (not checked)");
    let zh = doctor(&s3.endpoint(), &["--site", &site, "--lang", "zh"], &[]);
    let stdout = stops_at(&zh, 1, 7);
    has(&stdout, "页面会被下载而不是打开");
    has(&stdout, "静态托管");
}

#[test]
fn a_page_served_as_another_type_does_not_open_and_is_to_be_published_again() {
    let root = tempfile::tempdir().unwrap();
    let s3 = storage(root.path(), ELSEWHERE);
    publish(&s3.endpoint());
    let wrong = host(root.path(), &[("Content-Type", "application/octet-stream")]);
    let site = format!("{}logscope/index.html", wrong.url());
    let stdout = stops_at(&doctor(&s3.endpoint(), &["--site", &site], &[]), 1, 7);
    has(&stdout, "✗ [1/7] The page is not served as HTML");
    has(
        &stdout,
        "comes with Content-Type: application/octet-stream, not text/html",
    );
    has(&stdout, "Publish the dashboard again with logscope publish");
    has(
        &stdout,
        &format!(
            "$ logscope publish --endpoint {} --bucket SITE_BUCKET",
            s3.endpoint()
        ),
    );
    let zh = doctor(&s3.endpoint(), &["--site", &site, "--lang", "zh"], &[]);
    has(&stops_at(&zh, 1, 7), "没有以 HTML 形式提供");
}

#[test]
fn a_page_that_is_missing_forbidden_or_silent_is_named_with_what_that_means() {
    let root = tempfile::tempdir().unwrap();
    let s3 = storage(root.path(), ELSEWHERE);
    publish(&s3.endpoint());

    // Static hosting over the bucket, asked for a folder nothing was published to.
    let hosting = host(root.path(), &[]);
    let site = format!("{}elsewhere/", hosting.url());
    let stdout = stops_at(&doctor(&s3.endpoint(), &["--site", &site], &[]), 1, 7);
    has(&stdout, "✗ [1/7] The page is not there");
    has(
        &stdout,
        &format!(
            "{}elsewhere/index.html answered HTTP 404 Not Found: no index.html was published \
             there",
            hosting.url()
        ),
    );

    // The bucket itself without public read: unsigned reads are refused.
    let private = serve(root.path(), |_| {});
    let site = format!("{}/site/logscope/", private.endpoint());
    let stdout = stops_at(&doctor(&private.endpoint(), &["--site", &site], &[]), 1, 7);
    has(&stdout, "answered HTTP 403 Forbidden");
    has(&stdout, "the site's bucket is not public-read");
    let zh = doctor(&private.endpoint(), &["--site", &site, "--lang", "zh"], &[]);
    has(&stops_at(&zh, 1, 7), "不是公共读");

    // Nothing listening.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let site = format!("http://127.0.0.1:{port}/");
    let stdout = stops_at(&doctor(&s3.endpoint(), &["--site", &site], &[]), 1, 7);
    has(
        &stdout,
        &format!("No answer from http://127.0.0.1:{port}/index.html: connection refused."),
    );
}

#[test]
fn a_site_on_its_own_origin_needs_the_bucket_s_cors_for_that_origin() {
    let root = tempfile::tempdir().unwrap();
    let refusing = storage(root.path(), ELSEWHERE);
    publish(&refusing.endpoint());
    let hosting = host(root.path(), &[]);
    let (site, origin) = (format!("{}logscope/", hosting.url()), origin_of(&hosting));

    let stdout = stops_at(&doctor(&refusing.endpoint(), &["--site", &site], &[]), 3, 7);
    has(&stdout, "✗ [3/7] CORS does not allow this origin");
    has(
        &stdout,
        &format!(
            "preflight from {origin} for GET with HTTP 200 and no Access-Control-Allow-Origin"
        ),
    );
    has(&stdout, "a dashboard on that origin cannot read the bucket");
    has(
        &stdout,
        &format!("$ mc admin config set ALIAS api cors_allow_origin=\"{origin}\""),
    );

    // --origin, when given, is the origin checked.
    let told = doctor(
        &refusing.endpoint(),
        &["--site", &site, "--origin", ELSEWHERE],
        &[],
    );
    passes(&told);

    // The same storage allowing the site's origin.
    let allowing = serve(root.path(), |c| c.allowed_origin = Some(origin.clone()));
    let stdout = passes(&doctor(&allowing.endpoint(), &["--site", &site], &[]));
    has(
        &stdout,
        &format!("The storage lets pages from {origin} read its answers."),
    );
    has(&stdout, "3 objects found under `openai_logs/`.");
}

#[test]
fn a_site_that_is_not_an_http_url_is_one_line_and_exit_code_2() {
    let output = doctor(
        "http://127.0.0.1:9",
        &["--site", "ftp://x.example.com/"],
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "logscope: invalid --site \"ftp://x.example.com/\": it must start with http:// or \
         https://\n"
    );
}
