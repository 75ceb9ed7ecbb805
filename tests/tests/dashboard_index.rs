//! The bucket's summary index, in real Chromium against local-s3: a browser with nothing
//! cached reads the parts (stored gzip-compressed, with `Content-Encoding: gzip`) instead of
//! the objects they cover, fetches only the rest, and shows the same totals as reading every
//! object; what it took is kept in the cache, so the next visit reads neither; a damaged part
//! is counted and its objects read.
//!
//! Build the site first (`make site`), then:
//! `cargo test -p logscope-e2e --test e2e dashboard_index::`

use std::io::Write as _;

use chrono::Utc;
use flate2::write::GzEncoder;
use logscope_e2e::browser::Options;
use logscope_e2e::bucket::{ACCESS, BUCKET, PREFIX, SECRET};
use logscope_e2e::dashboard::{attr, find, script};
use logscope_e2e::rig::Rig;
use s3_presign::{Bucket, Credentials, Expiry, ListObjectsV2, PutObject, UrlStyle};
use session_log::index::{self, part, Entry, Part};
use session_log::{KeyKind, PriceTable};

use crate::dashboard_cache::{bucket, cached, object_gets, session_keys, sorted, totals, visit};

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

fn signing(endpoint: &str) -> (Bucket, Credentials) {
    (
        Bucket::new(endpoint, BUCKET, "us-east-1", UrlStyle::Path).unwrap(),
        Credentials::new(ACCESS, SECRET).unwrap(),
    )
}

/// Writes, as `logscope index` does, one part holding every session object of `objects`
/// whose key is not `left_out`, with the ETag the storage lists for it.
fn write_part(endpoint: &str, objects: &[(String, Vec<u8>)], left_out: &str) -> String {
    let (bucket, credentials) = signing(endpoint);
    let hour = Expiry::from_secs(3600).unwrap();
    let list = ListObjectsV2 {
        prefix: Some(PREFIX),
        ..ListObjectsV2::default()
    };
    let url = s3_presign::list_objects_v2(&bucket, &credentials, &list, Utc::now(), hour);
    let body = agent()
        .get(&url)
        .call()
        .unwrap()
        .body_mut()
        .read_to_vec()
        .unwrap();
    let listed = s3_presign::parse_list_objects_v2(&body).unwrap().contents;
    let prices = PriceTable::builtin();
    let entries = listed
        .into_iter()
        .filter(|object| object.key != left_out)
        .filter_map(|object| {
            let KeyKind::Session(key) = session_log::parse_key(PREFIX, &object.key) else {
                return None;
            };
            let (_, body) = objects.iter().find(|(k, _)| *k == object.key)?;
            Some(Entry {
                etag: object.etag.clone().expect("local-s3 lists ETags"),
                size: object.size.unwrap_or(0),
                last_modified: object.last_modified.clone(),
                loaded: session_log::load(key, body, &prices),
                key: object.key,
            })
        })
        .collect();
    let bytes = part::write(&Part {
        writer: "test".to_owned(),
        written_at: Utc::now(),
        entries,
    });
    let mut gzip = GzEncoder::new(Vec::new(), flate2::Compression::best());
    gzip.write_all(&bytes).unwrap();
    let key = index::part_key(PREFIX, Utc::now(), 1);
    put(endpoint, &key, &gzip.finish().unwrap(), Some("gzip"));
    key
}

fn put(endpoint: &str, key: &str, body: &[u8], encoding: Option<&str>) {
    let (bucket, credentials) = signing(endpoint);
    let put = PutObject {
        key,
        content_type: Some("application/octet-stream"),
        cache_control: None,
        content_encoding: encoding,
    };
    let hour = Expiry::from_secs(3600).unwrap();
    let signed = s3_presign::put_object(&bucket, &credentials, &put, Utc::now(), hour).unwrap();
    let mut request = agent().put(&signed.url);
    for (name, value) in &signed.headers {
        request = request.header(*name, value);
    }
    let status = request.send(body).unwrap().status().as_u16();
    assert_eq!(status, 200, "PUT {key}");
}

/// The objects fetched, the index's parts aside.
async fn fetched_objects(rig: &Rig) -> Vec<String> {
    let folder = format!("{PREFIX}{}", index::FOLDER);
    sorted(
        object_gets(rig.client())
            .await
            .into_iter()
            .filter(|key| !key.starts_with(&folder))
            .collect(),
    )
}

async fn summaries(rig: &Rig) -> (String, String) {
    let status = find(rig.client(), "[data-testid=load-summaries]").await;
    (
        attr(&status, "data-indexed").await,
        attr(&status, "data-unused-parts").await,
    )
}

/// A new profile each time: nothing cached, as a colleague's browser opening a link.
async fn fresh_visit(rig: &Rig) {
    script(
        rig.client(),
        "indexedDB.deleteDatabase('logscope-cache'); return 0;",
    )
    .await;
    visit(rig).await;
}

#[tokio::test]
async fn a_browser_with_nothing_cached_reads_the_index_and_shows_the_same_totals() {
    let rig = Rig::start(bucket(), Options::default()).await;
    let keys = session_keys(&rig.seeded.objects);
    let endpoint = rig.s3.endpoint();

    visit(&rig).await;
    assert_eq!(fetched_objects(&rig).await, keys, "no index: every object");
    let everything = totals(rig.client()).await;

    let left_out = keys[keys.len() / 2].clone();
    let part = write_part(&endpoint, &rig.seeded.objects, &left_out);
    fresh_visit(&rig).await;
    assert_eq!(
        fetched_objects(&rig).await,
        std::slice::from_ref(&left_out),
        "only what no part covers"
    );
    let gets = object_gets(rig.client()).await;
    assert_eq!(
        gets.iter().filter(|k| **k == part).count(),
        1,
        "the part, once"
    );
    assert_eq!(
        summaries(&rig).await,
        ((keys.len() - 1).to_string(), "0".into())
    );
    assert_eq!(
        totals(rig.client()).await,
        everything,
        "the same totals, to the digit"
    );

    // What the index gave is kept in this browser's cache: the next visit reads neither the
    // objects nor the index.
    cached(rig.client(), keys.len()).await;
    visit(&rig).await;
    assert_eq!(object_gets(rig.client()).await, Vec::<String>::new());
    assert_eq!(totals(rig.client()).await, everything);

    // A damaged part beside the good one: counted, and it changes nothing.
    let broken = index::part_key(PREFIX, Utc::now(), 2);
    put(&endpoint, &broken, b"logscope\x01\x03", None);
    fresh_visit(&rig).await;
    assert_eq!(fetched_objects(&rig).await, [left_out]);
    assert_eq!(
        summaries(&rig).await,
        ((keys.len() - 1).to_string(), "1".into())
    );
    assert_eq!(totals(rig.client()).await, everything);
    rig.browser.close().await.unwrap();
}
