//! The site's Content-Security-Policy: the built page has no inline script and states the
//! policy in a `<meta>`, and with that policy alone (the test server sends no header) every
//! view renders its data without one violation and without one request to any origin but
//! the site's and the bucket's. SECURITY.md's headers, for hosts that can send them, are
//! those local-s3's static server sends for the demo: the same policy, narrowed to the one
//! bucket and forbidding frames, which a browser must then enforce on top of the meta.
//!
//! Build the site first (`make site`), then:
//! `cargo test -p logscope-e2e --test e2e dashboard_csp::`

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::Client;
use local_s3::static_site::{security_headers, StaticServer};
use logscope_e2e::browser::{Browser, Options};
use logscope_e2e::bucket::{expected, form, sample, Seeded};
use logscope_e2e::dashboard::{
    attr, connect, count, dist_dir, finished_state, open, run_diagnostics, script, share_link,
    wait_for, wait_until, TIMEOUT,
};
use logscope_e2e::logs;
use logscope_e2e::rig::Rig;
use s3_presign::encode::encode_query;
use serde_json::json;

/// Run in every document before the page's scripts: keeps each policy violation the
/// document reports.
const RECORDER: &str = r#"(() => {
  const seen = (window.__policyViolations = []);
  document.addEventListener('securitypolicyviolation', (event) => {
    seen.push(`${event.effectiveDirective} refused ${event.blockedURI || 'inline'}: ${event.sample}`);
  });
})();"#;

/// The directives of a policy, each with its sources.
fn directives(policy: &str) -> BTreeMap<String, Vec<String>> {
    policy
        .split(';')
        .filter_map(|directive| {
            let mut words = directive.split_whitespace();
            let name = words.next()?.to_ascii_lowercase();
            Some((name, words.map(str::to_owned).collect()))
        })
        .collect()
}

/// The `content` of the page's `<meta http-equiv=Content-Security-Policy>`, and where the
/// tag starts.
fn meta_policy(html: &str) -> (usize, String) {
    let lower = html.to_ascii_lowercase();
    let marker = lower
        .find("http-equiv=content-security-policy")
        .or_else(|| lower.find("http-equiv=\"content-security-policy\""))
        .expect("a Content-Security-Policy meta in index.html");
    let start = lower[..marker].rfind("<meta").unwrap();
    let tag = &html[start..start + html[start..].find('>').unwrap()];
    let content = tag.split("content=\"").nth(1).expect("a quoted content");
    (start, content[..content.find('"').unwrap()].to_owned())
}

fn built_page() -> String {
    std::fs::read_to_string(dist_dir().join("index.html")).unwrap()
}

#[test]
fn the_built_page_has_no_inline_script_and_states_a_strict_policy_first() {
    let html = built_page();
    let lower = html.to_ascii_lowercase();
    let scripts: Vec<usize> = lower.match_indices("<script").map(|(at, _)| at).collect();
    assert!(!scripts.is_empty(), "the loader is a script file");
    for at in scripts {
        let tag_end = at + lower[at..].find('>').unwrap();
        let tag = &html[at..=tag_end];
        assert!(tag.contains(" src="), "a script without src: {tag}");
        assert!(
            lower[tag_end + 1..].starts_with("</script>"),
            "a script with inline code: {}",
            &html[at..]
        );
    }
    for inline in [
        " style=",
        "<style",
        " onload=",
        " onerror=",
        " onclick=",
        "javascript:",
    ] {
        assert!(!lower.contains(inline), "{inline} in {html}");
    }

    // First in the head, so that it governs every stylesheet and script after it.
    let (at, policy) = meta_policy(&html);
    for tag in ["<link", "<script", "<style"] {
        assert!(
            lower.find(tag).is_none_or(|first| first > at),
            "{tag} before the policy"
        );
    }
    let directives = directives(&policy);
    let sources = |name: &str| directives.get(name).map(Vec::as_slice).unwrap_or_default();
    assert_eq!(sources("default-src"), ["'none'"]);
    assert_eq!(sources("script-src"), ["'self'", "'wasm-unsafe-eval'"]);
    assert_eq!(sources("style-src"), ["'self'"]);
    for name in ["base-uri", "form-action", "object-src"] {
        assert_eq!(sources(name), ["'none'"], "{name}");
    }
    for loose in ["'unsafe-inline'", "'unsafe-eval'", "*", "data:", "blob:"] {
        for name in ["script-src", "style-src", "connect-src"] {
            assert!(!sources(name).iter().any(|s| s == loose), "{name} {loose}");
        }
    }
}

#[test]
fn the_documented_headers_are_the_ones_local_s3_sends_and_narrow_the_meta_policy() {
    let example = "https://objectstorageapi.example.com";
    let headers = security_headers(example);
    let doc = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../SECURITY.md");
    let doc = std::fs::read_to_string(&doc).unwrap_or_else(|e| panic!("{}: {e}", doc.display()));
    for (name, value) in &headers {
        let line = format!("{name}: {value}");
        assert!(
            doc.lines().any(|l| l.trim() == line),
            "SECURITY.md lacks {line}"
        );
    }

    let meta = directives(&meta_policy(&built_page()).1);
    let header = directives(&headers[0].1);
    assert_eq!(headers[0].0, "Content-Security-Policy");
    for (name, sources) in &meta {
        let expected = if name == "connect-src" {
            // One endpoint instead of any origin.
            vec!["'self'".to_owned(), example.to_owned()]
        } else {
            sources.clone()
        };
        assert_eq!(header.get(name), Some(&expected), "{name}");
    }
    // What only a header can say.
    assert_eq!(header["frame-ancestors"], ["'none'"]);
    assert_eq!(header.len(), meta.len() + 1, "{header:?}");
}

/// The violations the current document has seen so far.
async fn violations(client: &Client) -> Vec<String> {
    serde_json::from_value(script(client, "return window.__policyViolations;").await)
        .expect("the recorder runs in every document")
}

async fn assert_no_violation(client: &Client, view: &str) {
    let seen = violations(client).await;
    assert!(seen.is_empty(), "{view}: {seen:#?}");
}

async fn data_value(client: &Client, css: &str) -> String {
    attr(&wait_for(client, css).await, "data-value").await
}

/// `scheme://host:port` of a URL.
fn origin_of(url: &str) -> String {
    let parsed = url::Url::parse(url).unwrap_or_else(|e| panic!("{url}: {e}"));
    parsed.origin().ascii_serialization()
}

#[tokio::test]
async fn every_view_renders_under_the_meta_policy_alone_with_no_violation_or_third_party_request() {
    let mut objects = sample();
    objects.extend(session_log::corpus::generate(7, 30).objects);
    let want = expected(&objects);
    let (key, body) = objects
        .iter()
        .find(|(key, _)| key.contains("test_session_test_task_001"))
        .cloned()
        .expect("the sample session");
    let calls = session_log::parse_session(&body).unwrap().calls.len();
    let options = Options {
        logs: true,
        before_every_page: vec![RECORDER.to_owned()],
        ..Options::default()
    };
    // The static server sends no header at all: the policy is the page's meta alone.
    let rig = Rig::start(objects, options).await;
    let client = rig.client();
    assert_no_violation(client, "the connect form").await;

    rig.connect().await;
    let sessions = want.sessions.to_string();
    assert_eq!(
        data_value(client, "[data-testid=total-sessions]").await,
        sessions
    );
    assert!(count(client, "[data-testid=by-model] tbody tr").await > 0);
    assert!(count(client, "[data-testid=by-drawing] tbody tr[data-drawing]").await > 0);
    assert_no_violation(client, "the overview").await;

    open(client, "#/sessions").await;
    assert_eq!(
        data_value(client, "[data-testid=session-count]").await,
        sessions
    );
    // Only the rows in view are in the DOM; the spacer below stands for the rest, with a
    // height set through CSSOM, which the policy must let through.
    let rows = count(client, "[data-testid=session-row]").await as u64;
    assert!(rows > 0 && rows < want.sessions, "{rows} rows");
    let spacers = script(
        client,
        "return [...document.querySelectorAll('tbody:has([data-testid=session-row]) > tr.spacer')]\
         .map(row => row.getBoundingClientRect().height);",
    )
    .await;
    assert!(
        spacers
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h.as_f64().unwrap() > 0.0),
        "spacer heights {spacers}"
    );
    assert_no_violation(client, "the sessions table").await;

    open(client, &format!("#/session/{}", encode_query(&key))).await;
    wait_for(client, "[data-testid=session-detail][data-state=open]").await;
    assert_eq!(count(client, "[data-testid=call-row]").await, calls);
    let link = share_link(client).await;
    assert_no_violation(client, "one session's detail").await;

    open(client, "#/costs").await;
    assert!(data_value(client, "[data-testid=cost-sessions-count]")
        .await
        .parse::<u64>()
        .is_ok());
    assert!(count(client, "[data-testid=price-table] tr[data-model]").await > 0);
    assert_no_violation(client, "the cost check").await;

    run_diagnostics(client).await;
    assert_eq!(count(client, "[data-step][data-outcome=pass]").await, 6);
    assert_no_violation(client, "the diagnostics").await;

    // The share link, as a colleague opens it: a new document.
    client.goto("about:blank").await.unwrap();
    client.goto(&link).await.unwrap();
    wait_for(client, "[data-testid=session-detail][data-state=open]").await;
    assert_eq!(count(client, "[data-testid=call-row]").await, calls);
    assert_no_violation(client, "a shared session").await;

    // The recorder and the policy are live: an inline script is refused, and reported.
    script(
        client,
        "const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; \
         document.body.append(s); return 0;",
    )
    .await;
    wait_until(
        client,
        "the refusal reported",
        "window.__policyViolations.length === 1",
    )
    .await;
    assert_eq!(
        script(client, "return window.__ran === undefined;").await,
        json!(true)
    );

    // The console of every document: that refusal is the only one.
    let refusals: Vec<String> = logs::console(client)
        .await
        .into_iter()
        .filter(|message| message.contains("Content Security Policy"))
        .collect();
    assert_eq!(refusals.len(), 1, "{refusals:#?}");

    // Every request of every document went to the site or the bucket.
    let site = origin_of(&rig.site.url());
    let bucket = origin_of(&rig.s3.endpoint());
    let urls = logs::requested_urls(&logs::network(client).await, &rig.site.url());
    let elsewhere: Vec<&String> = urls
        .iter()
        // data: URLs leave nothing to the network: the empty favicon, and the icons of the
        // browser's own date inputs.
        .filter(|url| !url.starts_with("data:"))
        .filter(|url| ![&site, &bucket].contains(&&origin_of(url)))
        .collect();
    assert!(elsewhere.is_empty(), "requests elsewhere: {elsewhere:#?}");
    for (origin, what) in [(&site, "the site"), (&bucket, "the bucket")] {
        assert!(
            urls.iter().any(|url| url.starts_with(origin.as_str())),
            "no request to {what} logged: {urls:#?}"
        );
    }

    rig.browser.close().await.unwrap();
}

#[tokio::test]
async fn with_the_header_set_too_other_origins_are_refused_and_no_site_may_frame_the_page() {
    let seeded = Seeded::new(sample());
    // The site's port first: the storage's CORS names the site, the site's policy the storage.
    let port = TcpListener::bind(("127.0.0.1", 0))
        .and_then(|listener| listener.local_addr())
        .unwrap()
        .port();
    let s3 = seeded.serve(&format!("http://127.0.0.1:{port}"));
    let headers = security_headers(&s3.endpoint());
    let site = StaticServer::start_with_headers(dist_dir(), port, headers).unwrap();
    let options = Options {
        logs: true,
        before_every_page: vec![RECORDER.to_owned()],
        ..Options::default()
    };
    let browser = Browser::start_with(options)
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    let client = browser.client();
    client.goto(&site.url()).await.unwrap();
    connect(client, &form(&s3.endpoint())).await;
    assert_eq!(finished_state(client).await, "done");
    let sessions = expected(&seeded.objects).sessions.to_string();
    assert_eq!(
        data_value(client, "[data-testid=total-sessions]").await,
        sessions
    );
    assert_no_violation(client, "a load under both policies").await;

    // The header names the bucket alone: an origin the meta allows is refused.
    script(
        client,
        "fetch('https://elsewhere.example/').catch(() => {}); return 0;",
    )
    .await;
    wait_until(
        client,
        "a fetch elsewhere refused",
        "window.__policyViolations.some(v => v.startsWith('connect-src refused https://elsewhere.example'))",
    )
    .await;

    // Another site framing the dashboard gets an empty frame, and the console says why.
    let framer_dir = tempfile::tempdir().unwrap();
    let framing = format!("<!doctype html><iframe src=\"{}\"></iframe>", site.url());
    std::fs::write(framer_dir.path().join("index.html"), framing).unwrap();
    let framer = StaticServer::start(framer_dir.path()).unwrap();
    logs::console(client).await;
    client.goto(&framer.url()).await.unwrap();
    let deadline = Instant::now() + TIMEOUT;
    let mut console = Vec::new();
    while !console
        .iter()
        .any(|m: &String| m.contains("frame-ancestors 'none'"))
    {
        assert!(
            Instant::now() < deadline,
            "framing not refused: {console:#?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
        console.extend(logs::console(client).await);
    }

    browser.close().await.unwrap();
}
