//! The dashboard over session-log's hostile corpus, between ordinary sessions: markup and
//! script in every shown field, a 2 MB line, JSON nested 20,000 deep, a 40 MB object, bytes
//! that are not UTF-8, a BOM, NUL, and wrong numbers. Nothing may run (each injection counts
//! itself in `window.__pwned`), the tab must keep working, the sessions beside them must all
//! load, the 40 MB object must be refused with its size, and wrong values must be shown
//! with their flag.
//!
//! Build the site first (`make site`), then:
//! `cargo test -p logscope-e2e --test e2e dashboard_hostile::`

use fantoccini::{Client, Locator};
use logscope_e2e::browser::Options;
use logscope_e2e::bucket::{expected, form};
use logscope_e2e::dashboard::{
    assert_totals_shown, attr, connect, data_value, find, finished_state, open, script, wait_for,
    Form,
};
use logscope_e2e::rig::Rig;
use s3_presign::encode::encode_query;
use session_log::corpus::{hostile, Expect, Hostile};

fn ordinary_and_hostile() -> (Vec<(String, Vec<u8>)>, Vec<Hostile>) {
    let mut objects = session_log::corpus::generate(31, 60).objects;
    let hostile = hostile();
    objects.extend(hostile.iter().map(|h| (h.key.clone(), h.body.clone())));
    (objects, hostile)
}

/// Nothing ran: no injection counted itself, and none became an element with a handler.
async fn nothing_ran(client: &Client, at: &str) {
    let found = script(
        client,
        "return [window.__pwned === undefined, \
                 document.querySelectorAll('[onerror], [onload], img[src=x], style:not([data-trunk])').length];",
    )
    .await;
    assert_eq!(found, serde_json::json!([true, 0]), "at {at}");
}

async fn open_session(client: &Client, key: &str) -> String {
    open(client, &format!("#/session/{}", encode_query(key))).await;
    let detail = wait_for(client, "[data-testid=session-detail][data-state=open]").await;
    detail.text().await.unwrap()
}

fn key_of<'a>(hostile: &'a [Hostile], name: &str) -> &'a str {
    &hostile
        .iter()
        .find(|h| h.name.starts_with(name))
        .unwrap()
        .key
}

#[tokio::test]
async fn hostile_objects_run_nothing_hide_nothing_and_say_what_they_are() {
    let (objects, hostile) = ordinary_and_hostile();
    let read: Vec<(String, Vec<u8>)> = objects
        .iter()
        .filter(|(key, _)| {
            !hostile
                .iter()
                .any(|h| h.key == *key && h.expect == Expect::TooLarge)
        })
        .cloned()
        .collect();
    let want = expected(&read);

    let rig = Rig::start(objects, Options::default()).await;
    rig.connect().await;
    let client = rig.client();
    nothing_ran(client, "the overview").await;

    assert_totals_shown(client, &want).await;

    // The 40 MB object was not fetched; its row says why.
    let refused = find(client, "[data-testid=unavailable-objects] li").await;
    assert_eq!(
        attr(&refused, "data-key").await,
        key_of(&hostile, "an object of 40 MB")
    );
    let text = refused.text().await.unwrap();
    assert!(
        text.contains("not read: 40 MB is over the limit of 32 MB for one object"),
        "{text}"
    );

    // The injected session's row shows its drawing and type as text.
    open(client, "#/sessions?q=inject").await;
    let row = wait_for(client, "[data-testid=session-row]").await;
    let cells = row.find_all(Locator::Css("td")).await.unwrap();
    assert!(cells[0]
        .text()
        .await
        .unwrap()
        .starts_with("<img src=x onerror="));
    assert!(cells[1]
        .text()
        .await
        .unwrap()
        .starts_with("<img src=x onerror="));
    nothing_ran(client, "the sessions table").await;

    let injected = open_session(client, key_of(&hostile, "markup in every shown field")).await;
    assert!(
        injected.contains("<script>window.__pwned"),
        "shown as text: {injected}"
    );
    nothing_ran(client, "the injected session").await;

    let numbers = open_session(client, key_of(&hostile, "token counts negative")).await;
    for flag in [
        "a number out of range (-5)",
        "text (\"soon\")",
        "a number written as text (\"300\")",
    ] {
        assert!(numbers.contains(flag), "{flag} not in: {numbers}");
    }

    // Laid out for reading, but not at two spaces a level: that was 800 MB of text.
    open_session(client, key_of(&hostile, "a response nested 20,000 deep")).await;
    let shown = script(
        client,
        "return document.querySelector('[data-testid=response-text]').textContent.length;",
    )
    .await;
    let shown = shown.as_u64().unwrap();
    assert!((40_000..3_000_000).contains(&shown), "{shown} characters");

    // Sums of counts that fill a u64 stop at its largest value, not wrap around.
    let huge = open_session(client, key_of(&hostile, "token counts as large as a u64")).await;
    assert!(huge.contains("(18,446,744,073,709,551,615 in,"), "{huge}");

    for name in [
        "a response nested 20,000 deep",
        "api_calls nested 20,000 deep",
        "a 2 MB line",
        "an escaped NUL",
        "a BOM",
    ] {
        open_session(client, key_of(&hostile, name)).await;
        nothing_ran(client, name).await;
    }
    // A body that is not a session opens as what it is.
    open(
        client,
        &format!("#/session/{}", encode_query(key_of(&hostile, "a raw NUL"))),
    )
    .await;
    wait_for(client, "[data-testid=session-detail]").await;
    nothing_ran(client, "a raw NUL").await;

    rig.browser.close().await.unwrap();
}

#[tokio::test]
async fn with_the_limit_raised_a_40_mb_object_loads_and_the_tab_lives() {
    let forty = hostile()
        .into_iter()
        .find(|h| h.expect == Expect::TooLarge)
        .unwrap();
    let mut objects = session_log::corpus::generate(32, 10).objects;
    objects.push((forty.key.clone(), forty.body));
    let want = expected(&objects);

    let rig = Rig::start(objects, Options::default()).await;
    let client = rig.client();
    let endpoint = rig.s3.endpoint();
    connect(
        client,
        &Form {
            max_object_mb: "64",
            ..form(&endpoint)
        },
    )
    .await;
    assert_eq!(finished_state(client).await, "done");
    assert_eq!(
        data_value(client, "total-sessions").await,
        want.sessions.to_string()
    );
    assert!(client
        .find_all(Locator::Css("[data-testid=unavailable-objects]"))
        .await
        .unwrap()
        .is_empty());
    let detail = open_session(client, &forty.key).await;
    assert!(
        detail.contains("hostile_T1_1750000000"),
        "{}",
        &detail[..200.min(detail.len())]
    );
    nothing_ran(client, "the 40 MB session").await;

    rig.browser.close().await.unwrap();
}
