//! The page's reads in flight on the link it has: over HTTPS and HTTP/2, as Sealos's ingress
//! speaks, its lanes climb past where they start and the six connections Chromium opens over
//! HTTP/1.1; over plain HTTP/1.1 they cannot, and the totals are right either way. The
//! status line shows the rate and the reads in flight, and a setting holds them. While a load
//! reads, the daily chart is an outline, and its links come when the load is done.
//!
//! `cargo test -p logscope-e2e --test e2e dashboard_lanes::`

use local_s3::link::Link;
use local_s3::LocalS3;
use logscope_e2e::browser::{Browser, Options};
use logscope_e2e::bucket::{expected, Seeded, ACCESS, BUCKET, PREFIX, SECRET};
use logscope_e2e::dashboard::{
    assert_totals_shown, attr, dist_dir, find, finished_state, script, wait_until,
};
use logscope_e2e::site::Site;

/// Loads every object of `seeded` from `s3` in a new browser that trusts its certificate, if
/// it has one, the page opened with `query`; returns the most requests the storage answered
/// at once, and the reads in flight the status line shows at the end.
async fn load(seeded: &Seeded, site: &Site, s3: &LocalS3, query: &str) -> (usize, usize) {
    site.connect_to(&s3.endpoint(), BUCKET, PREFIX, (ACCESS, SECRET));
    let args = s3
        .certificate()
        .map(|certificate| {
            format!(
                "--ignore-certificate-errors-spki-list={}",
                certificate.spki_sha256()
            )
        })
        .into_iter()
        .collect();
    let options = Options {
        args,
        ..Options::default()
    };
    let browser = Browser::start_with(options)
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    let client = browser.client();
    client
        .goto(&format!("{}{query}", site.url()))
        .await
        .unwrap();
    assert_eq!(finished_state(client).await, "done");
    let status = find(client, "[data-testid=load-status]").await;
    let objects = seeded.objects.len().to_string();
    assert_eq!(attr(&status, "data-finished").await, objects);
    assert_totals_shown(client, &expected(&seeded.objects)).await;

    // The status line says how fast the bucket was read: no faster than every object
    // within the page's life so far allows at the least.
    let rate = find(client, "[data-testid=load-rate]").await;
    let per_sec: f64 = attr(&rate, "data-objects-per-sec").await.parse().unwrap();
    let page_ms = script(client, "return performance.now();").await;
    let page_secs = page_ms.as_f64().unwrap() / 1000.0;
    assert!(
        per_sec * page_secs >= seeded.objects.len() as f64 * 0.9,
        "{per_sec} objects/s over {page_secs:.1} s"
    );
    let lanes: usize = attr(&rate, "data-lanes").await.parse().unwrap();
    assert!(lanes >= 1);
    let text = rate.text().await.unwrap();
    assert!(
        text.contains("objects/s") && text.contains(&format!("{lanes} at once")),
        "{text}"
    );
    browser.close().await.unwrap();
    (s3.most_in_flight(), lanes)
}

#[tokio::test]
async fn over_http2_more_than_six_reads_are_in_flight() {
    let seeded = Seeded::new(session_log::corpus::generate(11, 600).objects);
    let site = Site::start(&dist_dir());
    // A round trip long enough that reads overlap however fast this machine is.
    let link = Link::new(40, 0);

    let h2 = seeded.serve_as(&site.origin(), |config| {
        config.tls = true;
        config.link = link;
    });
    let (most_h2, _) = load(&seeded, &site, &h2, "").await;
    // Beyond the lanes' start (`s3_read::lanes::START`), so they climbed.
    assert!(most_h2 > 8, "over HTTP/2: at most {most_h2} at once");

    let h1 = seeded.serve_as(&site.origin(), |config| config.link = link);
    let (most_h1, _) = load(&seeded, &site, &h1, "").await;
    assert!(most_h1 <= 6, "over HTTP/1.1: {most_h1} at once");
    eprintln!("most requests at once: {most_h2} over HTTP/2, {most_h1} over HTTP/1.1");
}

#[tokio::test]
async fn a_setting_holds_the_reads_in_flight_whatever_the_link() {
    let seeded = Seeded::new(session_log::corpus::generate(12, 200).objects);
    let site = Site::start(&dist_dir());
    let h2 = seeded.serve_as(&site.origin(), |config| {
        config.tls = true;
        config.link = Link::new(40, 0);
    });
    // The page's query fills the form's field, as config.json's "lanes" does.
    let (most, shown) = load(&seeded, &site, &h2, "?lanes=4").await;
    assert!(most <= 4, "{most} at once with lanes=4");
    assert_eq!(shown, 4);
}

/// While a load reads, the daily chart is an outline per model, drawn again as sessions
/// arrive; the links to each day's sessions come once the load is done. Drawn as links every
/// second, it held the page for longer than 50 ms at 10,000 sessions.
#[tokio::test]
async fn the_daily_chart_is_an_outline_while_a_load_reads_and_links_when_it_is_done() {
    let seeded = Seeded::new(session_log::corpus::generate(13, 400).objects);
    let site = Site::start(&dist_dir());
    // Four reads at once over a 40 ms round trip: four seconds of reading, several drawings.
    let s3 = seeded.serve_as(&site.origin(), |config| config.link = Link::new(40, 0));
    site.connect_to(&s3.endpoint(), BUCKET, PREFIX, (ACCESS, SECRET));
    let browser = Browser::start().await.unwrap_or_else(|err| panic!("{err}"));
    let client = browser.client();
    client
        .goto(&format!("{}?lanes=4", site.url()))
        .await
        .unwrap();
    let (outline, links) = (
        "[data-testid=chart-daily] path.segment",
        "[data-testid=chart-daily] a.segment",
    );
    let drawn_while_reading = client
        .execute_async(
            &format!(
            "const done = arguments[arguments.length - 1];
             const seen = () => {{
               const state = document.querySelector('[data-testid=load-status]')?.dataset.state;
               const outline = document.querySelectorAll('{outline}').length;
               if (state === 'loading' && outline > 0) {{
                 done({{outline, links: document.querySelectorAll('{links}').length,
                        days: document.querySelectorAll('[data-testid=chart-daily] g.day').length}});
               }} else if (state === 'done' || state === 'error') {{
                 done(null);
               }} else {{
                 setTimeout(seen, 20);
               }}
             }};
             seen();"
            ),
            vec![],
        )
        .await
        .unwrap();
    assert!(
        drawn_while_reading.is_object(),
        "no outline drawn while the load read"
    );
    assert_eq!(drawn_while_reading["links"], 0, "{drawn_while_reading}");
    assert!(drawn_while_reading["days"].as_u64().unwrap() > 0);

    assert_eq!(finished_state(client).await, "done");
    wait_until(
        client,
        "the daily chart drawn as links",
        &format!(
            "document.querySelectorAll('{links}').length > 0 \
             && document.querySelectorAll('{outline}').length === 0"
        ),
    )
    .await;
    browser.close().await.unwrap();
}
