//! Every signing stage against the presigned-URL example of the AWS S3 documentation.

// Native only: these read files or use native-only crates; tests/wasm.rs runs in the browser.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{query_param, sigv4_testdata, text, time};
use s3_presign::canonical::{canonical_query, CanonicalRequest, UNSIGNED_PAYLOAD};
use s3_presign::signing_key::{derive, SigningKey};
use s3_presign::string_to_sign::{credential_scope, string_to_sign};
use s3_presign::time::AmzDate;
use s3_presign::{Bucket, Credentials, Expiry, GetObject, ListObjectsV2, UrlStyle};

struct Example {
    doc: serde_json::Value,
}

impl Example {
    fn load() -> Self {
        Self {
            doc: sigv4_testdata("aws_doc_example.json"),
        }
    }
    fn input(&self, field: &str) -> &str {
        text(&self.doc["inputs"], field)
    }
    fn expected(&self, field: &str) -> &str {
        text(&self.doc["expected"], field)
    }
    fn bucket(&self) -> Bucket {
        Bucket::new(
            self.input("endpoint"),
            self.input("bucket"),
            self.input("region"),
            UrlStyle::VirtualHost,
        )
        .unwrap()
    }
    fn credentials(&self) -> Credentials {
        Credentials::new(self.input("access_key"), self.input("secret_key")).unwrap()
    }
    fn at(&self) -> chrono::DateTime<chrono::Utc> {
        time(self.input("timestamp"))
    }
    fn expiry(&self) -> Expiry {
        Expiry::from_secs(self.doc["inputs"]["expires"].as_u64().unwrap()).unwrap()
    }
    fn related_signature(&self, what_starts_with: &str) -> String {
        self.doc["related_public_vectors_same_inputs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| text(v, "what").starts_with(what_starts_with))
            .map(|v| text(v, "signature").to_owned())
            .unwrap()
    }
}

fn example_query(example: &Example) -> String {
    let date = AmzDate::new(example.at());
    let credential = format!(
        "{}/{}",
        example.input("access_key"),
        credential_scope(date.date(), example.input("region"), "s3")
    );
    canonical_query([
        ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
        ("X-Amz-Credential", credential.as_str()),
        ("X-Amz-Date", date.timestamp()),
        ("X-Amz-Expires", "86400"),
        ("X-Amz-SignedHeaders", "host"),
    ])
}

#[test]
fn canonical_request_matches_the_aws_example() {
    let example = Example::load();
    let query = example_query(&example);
    let request = CanonicalRequest {
        method: "GET",
        path: "/test.txt",
        query: &query,
        host: example.input("host"),
        payload_hash: UNSIGNED_PAYLOAD,
    };
    assert_eq!(request.text(), example.expected("canonical_request"));
    assert_eq!(
        request.sha256_hex(),
        example.expected("canonical_request_sha256")
    );
}

#[test]
fn string_to_sign_matches_the_aws_example() {
    let example = Example::load();
    let date = AmzDate::new(example.at());
    let scope = credential_scope(date.date(), "us-east-1", "s3");
    assert_eq!(
        string_to_sign(
            date.timestamp(),
            &scope,
            example.expected("canonical_request_sha256")
        ),
        example.expected("string_to_sign")
    );
}

#[test]
fn signing_key_chain_matches_the_aws_example() {
    let example = Example::load();
    let chain_doc =
        &example.doc["expected"]["signing_key_chain_hex (derived here, not printed in the docs)"];
    let chain = derive(example.input("secret_key"), "20130524", "us-east-1", "s3");
    let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
    assert_eq!(hex(&chain.date), text(chain_doc, "kDate"));
    assert_eq!(hex(&chain.region), text(chain_doc, "kRegion"));
    assert_eq!(hex(&chain.service), text(chain_doc, "kService"));
    assert_eq!(hex(&chain.signing), text(chain_doc, "kSigning"));
}

#[test]
fn signature_matches_the_aws_example() {
    let example = Example::load();
    let chain = derive(example.input("secret_key"), "20130524", "us-east-1", "s3");
    let signature = s3_presign::signature::sign(
        &SigningKey::new(&chain.signing),
        example.expected("string_to_sign"),
    );
    assert_eq!(signature, example.expected("signature"));
}

#[test]
fn presigned_get_url_is_the_aws_example_url() {
    let example = Example::load();
    let url = s3_presign::get_object(
        &example.bucket(),
        &example.credentials(),
        example.input("key"),
        example.at(),
        example.expiry(),
    )
    .unwrap();
    assert_eq!(url, example.expected("url"));
}

#[test]
fn session_token_is_sent_and_signed() {
    let example = Example::load();
    let credentials = example
        .credentials()
        .with_session_token("oej5cie4uctureturdtuc5dctd");
    let url = s3_presign::get_object(
        &example.bucket(),
        &credentials,
        "test.txt",
        example.at(),
        example.expiry(),
    )
    .unwrap();
    assert_eq!(
        query_param(&url, "X-Amz-Security-Token"),
        Some("oej5cie4uctureturdtuc5dctd")
    );
    assert_eq!(
        query_param(&url, "X-Amz-Signature").unwrap(),
        example.related_signature("same + X-Amz-Security-Token")
    );
}

#[test]
fn response_content_type_override_is_signed() {
    let example = Example::load();
    let get = GetObject {
        key: "test.txt",
        response_content_type: Some("text/plain"),
        ..GetObject::default()
    };
    let url = s3_presign::get_object_with(
        &example.bucket(),
        &example.credentials(),
        &get,
        example.at(),
        example.expiry(),
    )
    .unwrap();
    assert_eq!(
        query_param(&url, "X-Amz-Signature").unwrap(),
        example.related_signature("same + response-content-type")
    );
}

#[test]
fn list_objects_v2_matches_the_published_vector() {
    let example = Example::load();
    let list = ListObjectsV2 {
        encoding_type: Some("url"),
        ..ListObjectsV2::default()
    };
    let url = s3_presign::list_objects_v2(
        &example.bucket(),
        &example.credentials(),
        &list,
        example.at(),
        example.expiry(),
    );
    assert!(
        url.starts_with("https://examplebucket.s3.amazonaws.com/?X-Amz-Algorithm="),
        "{url}"
    );
    assert!(
        url.contains("&encoding-type=url&list-type=2&X-Amz-Signature="),
        "{url}"
    );
    assert_eq!(
        query_param(&url, "X-Amz-Signature").unwrap(),
        example.related_signature("ListObjectsV2")
    );
}

#[test]
fn signing_many_urls_derives_one_key_per_day() {
    let example = Example::load();
    let bucket = example.bucket();
    let credentials = example.credentials();
    for i in 0..500 {
        let at = example.at() + chrono::Duration::seconds(i * 60);
        s3_presign::get_object(&bucket, &credentials, "k", at, example.expiry()).unwrap();
    }
    assert_eq!(
        credentials.signing_key_derivations(),
        1,
        "500 URLs within one day"
    );
    let next_day = example.at() + chrono::Duration::days(1);
    s3_presign::get_object(&bucket, &credentials, "k", next_day, example.expiry()).unwrap();
    assert_eq!(credentials.signing_key_derivations(), 2);
}
