//! The dashboard on a bad network: local-s3's fault layer answers a share of the page's GETs
//! with `503 SlowDown`, `500`, a dropped connection, a slow answer, a body cut off part way or
//! a `Content-Length` that says less than the object holds. The page must retry, finish, and
//! show totals equal to the bit to those of a fault-free load (session-log's totals over the
//! same objects in key order: `dashboard_load.rs` checks the fault-free page against them),
//! naming the one object that stayed unavailable.
//!
//! Build the site first (`make site`), then:
//! `cargo test -p logscope-e2e --test e2e dashboard_faults::`

use std::time::Duration;

use fantoccini::Locator;
use local_s3::faults::{Fault, Faults};
use local_s3::static_site::StaticServer;
use logscope_e2e::browser::Browser;
use logscope_e2e::bucket::{expected, form, origin, Seeded, BUCKET};
use logscope_e2e::dashboard::{
    assert_totals_shown, attr, connect, data_value, dist_dir, find, finished_state,
};

const LOST: &str = "openai_logs/9/openai_interaction_qto_lost_task_1_1750570000.json_0badf00d.txt";

#[tokio::test]
async fn with_faults_the_page_retries_to_the_fault_free_totals_and_names_what_stayed_lost() {
    let objects = session_log::corpus::generate(21, 160).objects;
    let want = expected(&objects);
    let mut seeded = Seeded::new(objects);
    seeded.put(LOST, b"{\"session_info\": {}}");

    // The page tries each request five times (s3-read's policy); at most two faults in a row
    // for one object leaves every object within reach.
    // Stalls are left out: the page gives a request a minute before trying again.
    let kinds = vec![
        Fault::SlowDown,
        Fault::InternalError,
        Fault::Reset,
        Fault::Slow(Duration::from_millis(400)),
        Fault::Truncated,
        Fault::ShortLength,
    ];
    let mut faults = Faults::new(0.25, kinds, 2, 17);
    faults.always = vec![format!("/{BUCKET}/{LOST}")];
    let site = StaticServer::start(dist_dir()).unwrap();
    let s3 = seeded.serve_with_faults(&origin(&site), Some(faults));
    let browser = Browser::start().await.unwrap_or_else(|err| panic!("{err}"));
    let client = browser.client();
    client.goto(&site.url()).await.unwrap();
    connect(client, &form(&s3.endpoint())).await;
    assert_eq!(finished_state(client).await, "done");
    let count = s3.fault_count().unwrap();
    eprintln!("{count:?}");
    assert_eq!(
        count.by_kind.len(),
        6,
        "every kind of fault was met: {count:?}"
    );

    assert_totals_shown(client, &want).await;

    let lost = client
        .find_all(Locator::Css("[data-testid=unavailable-objects] li"))
        .await
        .unwrap();
    assert_eq!(lost.len(), 1, "only the lost object stayed unavailable");
    let row = find(client, "[data-testid=unavailable-objects] li").await;
    assert_eq!(attr(&row, "data-key").await, LOST);
    let text = row.text().await.unwrap();
    assert!(text.contains("InternalError"), "{text}");

    browser.close().await.unwrap();
}

/// A request that never answers is given up after the page's minute and asked again: the
/// listing's first page stalls once (and the summary index's listing beside it), then each
/// object's first GET. Slow by nature (two
/// minutes), so it holds three objects only.
#[tokio::test]
async fn a_request_that_never_answers_is_given_up_and_asked_again() {
    let objects = session_log::corpus::generate(22, 3).objects;
    let want = expected(&objects);
    let seeded = Seeded::new(objects);
    let site = StaticServer::start(dist_dir()).unwrap();
    let s3 = seeded.serve_with_faults(
        &origin(&site),
        Some(Faults::new(1.0, vec![Fault::Stall], 1, 5)),
    );
    let browser = Browser::start().await.unwrap_or_else(|err| panic!("{err}"));
    let client = browser.client();
    client.goto(&site.url()).await.unwrap();
    let started = std::time::Instant::now();
    connect(client, &form(&s3.endpoint())).await;
    let done = client
        .wait()
        .at_most(Duration::from_secs(240))
        .for_element(Locator::Css("[data-testid=load-status][data-state=done]"))
        .await;
    assert!(done.is_ok(), "the load did not finish: {done:?}");
    let took = started.elapsed();
    eprintln!("finished after {took:?}; {:?}", s3.fault_count());
    assert!(
        took >= Duration::from_secs(120),
        "two stalls of a minute each: {took:?}"
    );
    assert_eq!(
        s3.fault_count().unwrap().faults,
        1 + 1 + 3,
        "the listing, the summary index's listing and each object stalled once"
    );
    assert_eq!(
        data_value(client, "total-sessions").await,
        want.sessions.to_string()
    );

    browser.close().await.unwrap();
}
