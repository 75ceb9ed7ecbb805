//! The AWS SigV4 test suite, query-signing variant, stage by stage.
//!
//! The suite signs for service `service` with the SHA-256 of an empty body; S3 signs for `s3`
//! with `UNSIGNED-PAYLOAD`. The general signer takes both as parameters, so each applicable
//! case is checked as published, then re-signed with S3's rules against botocore's answer.
//! Cases the suite marks as not S3 (path normalization, a token added after signing) must
//! come out different.

// Native only: these read files or use native-only crates; tests/wasm.rs runs in the browser.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{query_param, sigv4_testdata, text, time};
use s3_presign::canonical::UNSIGNED_PAYLOAD;
use s3_presign::encode;
use s3_presign::presign::{presign_query_stages, QueryRequest, Stages};
use s3_presign::{Credentials, Expiry};

const EMPTY_BODY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

struct Case<'a> {
    vector: &'a serde_json::Value,
}

impl Case<'_> {
    fn name(&self) -> &str {
        text(self.vector, "name")
    }

    fn host(&self) -> String {
        text(self.vector, "request")
            .lines()
            .find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.eq_ignore_ascii_case("host")
                    .then(|| value.trim().to_owned())
            })
            .expect("every case has a Host header")
    }

    fn params(&self) -> Vec<(String, String)> {
        let query = text(self.vector, "request_query");
        query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                (
                    encode::decode(name).unwrap(),
                    encode::decode(value).unwrap(),
                )
            })
            .collect()
    }

    fn credentials(&self) -> Credentials {
        let creds = &self.vector["context"]["credentials"];
        let credentials = Credentials::new(
            text(creds, "access_key_id"),
            text(creds, "secret_access_key"),
        )
        .unwrap();
        match creds["token"].as_str() {
            Some(token) => credentials.with_session_token(token),
            None => credentials,
        }
    }

    fn sign(&self, path: &str, service: &str, payload_hash: &str) -> Stages {
        let context = &self.vector["context"];
        let params = self.params();
        let params: Vec<(&str, &str)> = params
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let host = self.host();
        let request = QueryRequest {
            method: text(self.vector, "method"),
            host: &host,
            path,
            params: &params,
            service,
            payload_hash,
        };
        presign_query_stages(
            &request,
            &self.credentials(),
            text(context, "region"),
            time(text(context, "timestamp")),
            Expiry::from_secs(context["expiration_in_seconds"].as_u64().unwrap()).unwrap(),
        )
    }

    fn canonical_path(&self) -> String {
        encode::encode_path(text(self.vector, "request_path")).into_owned()
    }
}

fn cases(applicability: &[&str]) -> Vec<serde_json::Value> {
    let suite = sigv4_testdata("aws_sigv4_testsuite_vectors.json");
    suite["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| !v["query"].is_null())
        .filter(|v| applicability.contains(&text(v, "s3_applicability")))
        .cloned()
        .collect()
}

#[test]
fn applicable_cases_match_every_stage() {
    let vectors = cases(&["yes", "algorithm-only"]);
    assert!(
        vectors.len() >= 20,
        "only {} applicable cases",
        vectors.len()
    );
    for vector in &vectors {
        let case = Case { vector };
        let expected = &vector["query"];
        let signed = case.sign(&case.canonical_path(), "service", EMPTY_BODY_SHA256);
        assert_eq!(
            signed.canonical_request,
            text(expected, "canonical_request"),
            "canonical request of {}",
            case.name()
        );
        assert_eq!(
            signed.string_to_sign,
            text(expected, "string_to_sign"),
            "string to sign of {}",
            case.name()
        );
        assert_eq!(
            signed.signed.signature,
            text(expected, "signature"),
            "signature of {}",
            case.name()
        );
    }
}

#[test]
fn applicable_cases_signed_for_s3_match_botocore() {
    let vectors = cases(&["yes"]);
    let mut checked = 0;
    for vector in &vectors {
        let case = Case { vector };
        let Some(botocore) = vector.get("s3_equivalent_botocore") else {
            continue;
        };
        let path = text(botocore, "canonical_uri");
        assert_eq!(path, case.canonical_path(), "{}", case.name());
        let signed = case.sign(path, "s3", UNSIGNED_PAYLOAD);
        assert_eq!(
            signed.signed.signature,
            text(botocore, "signature"),
            "S3 signature of {}",
            case.name()
        );
        assert_eq!(
            query_param(text(botocore, "url"), "X-Amz-Signature"),
            Some(signed.signed.signature.as_str())
        );
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} cases had an S3 equivalent");
}

#[test]
fn cases_marked_not_s3_are_not_reproduced() {
    let vectors = cases(&["no"]);
    assert!(!vectors.is_empty());
    for vector in &vectors {
        let case = Case { vector };
        let theirs = &vector["query"];
        let signed = case.sign(&case.canonical_path(), "service", EMPTY_BODY_SHA256);
        let our_path = signed.canonical_request.lines().nth(1).unwrap();
        assert_eq!(
            our_path,
            case.canonical_path(),
            "{}: the path is kept as written",
            case.name()
        );
        if vector["context"]["omit_session_token"] == true {
            assert!(
                signed.signed.query.contains("X-Amz-Security-Token="),
                "{}: S3 signs the session token",
                case.name()
            );
        }
        assert_ne!(
            signed.canonical_request,
            text(theirs, "canonical_request"),
            "{}",
            case.name()
        );
        assert_ne!(
            signed.signed.signature,
            text(theirs, "signature"),
            "{}",
            case.name()
        );
    }
}
