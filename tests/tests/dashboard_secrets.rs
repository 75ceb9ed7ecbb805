//! Where the secret key goes, and where it must not: in no request the page makes (URL or
//! header, failed requests included), in no console message, not in the page's address, not
//! in a share link; in sessionStorage for the tab, in localStorage only when "Remember on
//! this device" is on, never in the IndexedDB cache; and nowhere once "Forget" is pressed.
//!
//! The test secret (`bucket::SECRET`) holds `/`, `+` and `=`, which encoders change, and each
//! check looks for it as typed, percent-encoded, JSON-escaped and in base64 (`leak::forms`).
//!
//! Build the site first (`make site`), then:
//! `cargo test -p logscope-e2e --test e2e dashboard_secrets::`

use fantoccini::Client;
use logscope_e2e::browser::Options;
use logscope_e2e::bucket::{form, sample, ACCESS, SECRET};
use logscope_e2e::dashboard::{
    attr, connect, count, find, finished_state, open, run_diagnostics, script, share_link,
    wait_for, Form,
};
use logscope_e2e::leak::{assert_absent, found};
use logscope_e2e::logs;
use logscope_e2e::rig::Rig;
use s3_presign::encode::{decode, encode_query};

/// A wrong secret, typed once: it must not be echoed anywhere either.
const WRONG_SECRET: &str = "wrong/typed+secret=here";

/// The sample session's key.
fn sample_key() -> String {
    sample()
        .into_iter()
        .map(|(key, _)| key)
        .find(|key| key.contains("test_session_test_task_001"))
        .expect("the sample session")
}

async fn open_sample_session(client: &Client) {
    open(
        client,
        &format!("#/session/{}", encode_query(&sample_key())),
    )
    .await;
    wait_for(client, "[data-testid=session-detail][data-state=open]").await;
}

#[tokio::test]
async fn no_request_console_message_or_address_holds_the_secret() {
    let options = Options {
        logs: true,
        ..Options::default()
    };
    let rig = Rig::start(sample(), options).await;
    let client = rig.client();
    let endpoint = rig.s3.endpoint();

    // A wrong secret: the storage refuses it, and the page says so without quoting it.
    connect(
        client,
        &Form {
            secret_key: WRONG_SECRET,
            ..form(&endpoint)
        },
    )
    .await;
    assert_eq!(finished_state(client).await, "error");
    let error = wait_for(client, "[data-testid=error]").await;
    assert_eq!(attr(&error, "data-code").await, "SignatureDoesNotMatch");
    let page = find(client, "body").await.text().await.unwrap();
    assert_absent(&page, WRONG_SECRET, "the page after a wrong secret");

    // The right one: a load, a session, its share link, the diagnostics, a reload.
    connect(client, &form(&endpoint)).await;
    assert_eq!(finished_state(client).await, "done");
    open_sample_session(client).await;
    share_link(client).await;
    run_diagnostics(client).await;
    client.refresh().await.unwrap();
    assert_eq!(
        finished_state(client).await,
        "done",
        "reconnected for the tab"
    );
    open_sample_session(client).await;
    let address = client.current_url().await.unwrap();
    for secret in [SECRET, WRONG_SECRET] {
        assert_absent(address.as_str(), secret, "the page's address");
    }

    // Every request: its URL, headers and whatever else the network log says about it.
    let events = logs::network(client).await;
    let urls = logs::requested_urls(&events, &rig.site.url());
    let object = encode_query(&sample_key()).replace("%2F", "/");
    for (what, needle) in [
        ("a listing", "list-type=2"),
        ("the session's object", &object),
    ] {
        assert!(
            urls.iter()
                .any(|url| url.contains(needle) && url.contains("X-Amz-Signature=")),
            "no signed request for {what} logged: {urls:#?}"
        );
    }
    let everything = serde_json::to_string(&events).unwrap();
    for secret in [SECRET, WRONG_SECRET] {
        for url in &urls {
            assert_absent(url, secret, "a requested URL");
        }
        assert_absent(&everything, secret, "the network log");
    }

    // The console of every document; a message logged now shows the log is being read.
    script(client, "console.log('console-canary'); return 0;").await;
    let console = logs::console(client).await.join("\n");
    assert!(console.contains("console-canary"), "{console}");
    for secret in [SECRET, WRONG_SECRET] {
        assert_absent(&console, secret, "the console");
    }

    rig.browser.close().await.unwrap();
}

#[tokio::test]
async fn a_share_link_holds_a_signature_for_one_object_and_never_the_secret() {
    let rig = Rig::start(sample(), Options::default()).await;
    let client = rig.client();
    rig.connect().await;
    open_sample_session(client).await;
    let link = share_link(client).await;
    assert_absent(&link, SECRET, "the share link");

    // Inside: a presigned GET of the one object, with the key id and a signature.
    let (_, presigned) = link.split_once("#/shared?url=").expect("a share link");
    let presigned = decode(presigned.split('&').next().unwrap()).unwrap();
    assert_absent(&presigned, SECRET, "the share link's presigned URL");
    let object = encode_query(&sample_key()).replace("%2F", "/");
    assert!(
        presigned.starts_with(&format!("{}/logs/{object}?", rig.s3.endpoint())),
        "{presigned}"
    );
    assert!(
        presigned.contains(&format!("X-Amz-Credential={ACCESS}%2F")),
        "{presigned}"
    );
    assert!(presigned.contains("X-Amz-Signature="), "{presigned}");
    assert!(
        presigned.contains("X-Amz-Expires=86400&"),
        "a day, unless chosen: {presigned}"
    );

    rig.browser.close().await.unwrap();
}

/// Every entry of `which` (localStorage or sessionStorage), as JSON.
async fn storage(client: &Client, which: &str) -> String {
    let entries = script(
        client,
        &format!("return JSON.stringify(Object.entries({which}));"),
    )
    .await;
    entries.as_str().unwrap().to_owned()
}

/// Every key and value of every IndexedDB database of the page, as text: bytes as Latin-1,
/// so that a secret in a stored body would show.
const DUMP_INDEXED_DB: &str = r#"
const done = arguments[arguments.length - 1];
const answer = (request) => new Promise((ok, fail) => {
  request.onsuccess = () => ok(request.result);
  request.onerror = () => fail(request.error);
});
const text = (value) => {
  if (value instanceof ArrayBuffer) value = new Uint8Array(value);
  if (ArrayBuffer.isView(value)) {
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    return Array.from(bytes, (b) => String.fromCharCode(b)).join('');
  }
  if (Array.isArray(value)) return value.map(text).join('\n');
  if (value && typeof value === 'object') {
    return Object.entries(value).map(([k, v]) => `${k}=${text(v)}`).join('\n');
  }
  return String(value);
};
(async () => {
  const out = [];
  for (const { name } of await indexedDB.databases()) {
    const db = await answer(indexedDB.open(name));
    for (const store of db.objectStoreNames) {
      const kept = db.transaction(store).objectStore(store);
      const [keys, values] = await Promise.all([answer(kept.getAllKeys()), answer(kept.getAll())]);
      out.push(`${name}/${store}: ${keys.length} entries`, text(keys), text(values));
    }
    db.close();
  }
  return out.join('\n');
})().then(done, (error) => done(`failed: ${error}`));
"#;

async fn indexed_db(client: &Client) -> String {
    let dump = client.execute_async(DUMP_INDEXED_DB, vec![]).await.unwrap();
    let dump = dump.as_str().unwrap().to_owned();
    assert!(!dump.starts_with("failed"), "{dump}");
    dump
}

async fn secret_field(client: &Client) -> String {
    find(client, "[data-testid=secret-key]")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

#[tokio::test]
async fn the_secret_stays_in_the_tab_unless_remembered_and_forget_leaves_it_nowhere() {
    let rig = Rig::start(sample(), Options::default()).await;
    let client = rig.client();
    let endpoint = rig.s3.endpoint();

    // Not remembered: kept for this tab only, also across a reload of it.
    rig.connect().await;
    assert_absent(
        &storage(client, "localStorage").await,
        SECRET,
        "localStorage",
    );
    let tab = storage(client, "sessionStorage").await;
    assert!(found(&tab, SECRET).is_some(), "kept for this tab: {tab}");
    assert_eq!(count(client, "[data-testid=forget]").await, 0);
    client.refresh().await.unwrap();
    assert_eq!(finished_state(client).await, "done");
    assert_absent(
        &storage(client, "localStorage").await,
        SECRET,
        "localStorage",
    );
    // The cache holds what the first load read, filed by endpoint and bucket, and no key.
    let cache = indexed_db(client).await;
    assert!(
        cache.contains("logscope-cache/summaries: 1 entries"),
        "{cache}"
    );
    assert!(cache.contains(&endpoint), "{cache}");
    assert_absent(&cache, SECRET, "IndexedDB");

    // Remembered: in localStorage, and out of it the moment the box is unticked.
    let remembered = Form {
        remember: true,
        ..form(&endpoint)
    };
    connect(client, &remembered).await;
    assert_eq!(finished_state(client).await, "done");
    let device = storage(client, "localStorage").await;
    assert!(found(&device, SECRET).is_some(), "remembered: {device}");
    assert_absent(
        &storage(client, "sessionStorage").await,
        SECRET,
        "sessionStorage",
    );
    find(client, "#remember").await.click().await.unwrap();
    assert_eq!(storage(client, "localStorage").await, "[]");

    // Remembered again, then forgotten: out of both storages, the form and the cache, and
    // a reload finds nothing to connect with.
    connect(client, &remembered).await;
    assert_eq!(finished_state(client).await, "done");
    assert!(found(&storage(client, "localStorage").await, SECRET).is_some());
    wait_for(client, "[data-testid=forget]")
        .await
        .click()
        .await
        .unwrap();
    assert_eq!(storage(client, "localStorage").await, "[]");
    assert_eq!(storage(client, "sessionStorage").await, "[]");
    assert_eq!(secret_field(client).await, "");
    assert_absent(&indexed_db(client).await, SECRET, "IndexedDB");
    client.refresh().await.unwrap();
    wait_for(client, "[data-testid=connect]").await;
    assert_eq!(secret_field(client).await, "");

    rig.browser.close().await.unwrap();
}
