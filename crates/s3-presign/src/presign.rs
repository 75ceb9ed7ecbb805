//! Presigned URLs: the four stages put together.
//!
//! [`presign_query`] is the general signer (any method, path, service and payload hash), so
//! it can be checked against the AWS test suite; [`get_object`] and [`list_objects_v2`] are
//! the two S3 requests the dashboard makes, and [`put_object`] (in [`put`]) is how
//! `logscope publish` uploads the site.

use crate::bucket::Bucket;
use crate::canonical::{canonical_query, CanonicalRequest, UNSIGNED_PAYLOAD};
use crate::credentials::Credentials;
use crate::error::PresignError;
use crate::string_to_sign::{self, credential_scope, ALGORITHM};
use crate::time::AmzDate;
use chrono::{DateTime, Utc};
use std::borrow::Cow;

pub mod put;
pub use put::{put_object, PresignedPut, PutObject};

/// How long a presigned URL stays valid: 1 to 604800 seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expiry(u32);

impl Expiry {
    /// The longest expiry SigV4 allows: seven days.
    pub const MAX_SECONDS: u32 = 604_800;

    /// Refuses anything outside 1..=604800 rather than clamping it.
    pub fn from_secs(seconds: u64) -> Result<Self, PresignError> {
        match u32::try_from(seconds) {
            Ok(s) if (1..=Self::MAX_SECONDS).contains(&s) => Ok(Self(s)),
            _ => Err(PresignError::InvalidExpiry { seconds }),
        }
    }

    /// The expiry in seconds.
    pub fn seconds(self) -> u32 {
        self.0
    }
}

/// A request to presign, with its pieces in raw (not yet encoded) form except the path.
#[derive(Debug, Clone, Copy)]
pub struct QueryRequest<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// The `Host` header.
    pub host: &'a str,
    /// The URI-encoded path.
    pub path: &'a str,
    /// Query parameters of the request itself, raw.
    pub params: &'a [(&'a str, &'a str)],
    /// `s3` for S3.
    pub service: &'a str,
    /// [`UNSIGNED_PAYLOAD`] for S3.
    pub payload_hash: &'a str,
}

/// The result of signing: the canonical query (also the URL's query) and the signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    /// The canonical query string: the request's parameters and the `X-Amz-*` ones, sorted.
    pub query: String,
    /// The hex signature.
    pub signature: String,
}

/// Every intermediate text of a signature, for checking each stage against a reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stages {
    /// Stage 1.
    pub canonical_request: String,
    /// Stage 2.
    pub string_to_sign: String,
    /// Stages 3 and 4 applied.
    pub signed: Signed,
}

/// Signs any request for query-string authentication at time `at`.
pub fn presign_query(
    request: &QueryRequest<'_>,
    credentials: &Credentials,
    region: &str,
    at: DateTime<Utc>,
    expiry: Expiry,
) -> Signed {
    sign(request, &[], credentials, region, at, expiry, false).signed
}

/// As [`presign_query`], keeping the canonical request and the string to sign.
pub fn presign_query_stages(
    request: &QueryRequest<'_>,
    credentials: &Credentials,
    region: &str,
    at: DateTime<Utc>,
    expiry: Expiry,
) -> Stages {
    sign(request, &[], credentials, region, at, expiry, true)
}

/// Signs `request` with `host` and the `headers` (lowercase names, canonical values, sorted
/// by name) as its signed headers.
fn sign(
    request: &QueryRequest<'_>,
    headers: &[(&str, &str)],
    credentials: &Credentials,
    region: &str,
    at: DateTime<Utc>,
    expiry: Expiry,
    keep_stages: bool,
) -> Stages {
    let date = AmzDate::new(at);
    let scope = credential_scope(date.date(), region, request.service);
    let credential = [credentials.access_key(), "/", &scope].concat();
    let expires = expiry.seconds().to_string();
    // In canonical order: the X-Amz-* names sort before S3's lowercase parameter names.
    let mut params: Vec<(&str, &str)> = Vec::with_capacity(request.params.len() + 6);
    params.extend([
        ("X-Amz-Algorithm", ALGORITHM),
        ("X-Amz-Credential", credential.as_str()),
        ("X-Amz-Date", date.timestamp()),
        ("X-Amz-Expires", expires.as_str()),
    ]);
    if let Some(token) = credentials.session_token() {
        params.push(("X-Amz-Security-Token", token));
    }
    let signed_headers = if headers.is_empty() {
        Cow::Borrowed("host")
    } else {
        Cow::Owned(put::signed_header_names(headers))
    };
    params.push(("X-Amz-SignedHeaders", &signed_headers));
    params.extend_from_slice(request.params);
    let query = canonical_query(params);
    let canonical = CanonicalRequest {
        method: request.method,
        path: request.path,
        query: &query,
        host: request.host,
        payload_hash: request.payload_hash,
    };
    // `host` alone (every GET) keeps the canonical request that hashes without a copy.
    let (hash, canonical_text) = if headers.is_empty() {
        (
            canonical.sha256_hex(),
            keep_stages.then(|| canonical.text()),
        )
    } else {
        let text = put::canonical_text(&canonical, headers, &signed_headers);
        (put::sha256_hex(&text), Some(text))
    };
    let key = credentials.signing_key(date.date(), region, request.service);
    let string_to_sign = string_to_sign::pieces(date.timestamp(), &scope, &hash);
    let signature = crate::signature::sign_pieces(&key, &string_to_sign);
    Stages {
        canonical_request: canonical_text.filter(|_| keep_stages).unwrap_or_default(),
        string_to_sign: if keep_stages {
            string_to_sign.concat()
        } else {
            String::new()
        },
        signed: Signed { query, signature },
    }
}

/// Options of a presigned GetObject.
#[derive(Debug, Clone, Copy, Default)]
pub struct GetObject<'a> {
    /// The object key, raw (`openai_logs/1/a b.txt`).
    pub key: &'a str,
    /// Overrides the response's `Content-Type` (`response-content-type`).
    pub response_content_type: Option<&'a str>,
    /// Overrides the response's `Content-Disposition` (`response-content-disposition`).
    pub response_content_disposition: Option<&'a str>,
}

/// The parameters of a ListObjectsV2 request; `None` leaves a parameter out of the URL.
#[derive(Debug, Clone, Copy, Default)]
pub struct ListObjectsV2<'a> {
    /// Only keys that start with this.
    pub prefix: Option<&'a str>,
    /// Groups keys into common prefixes up to this character (`/` for folders).
    pub delimiter: Option<&'a str>,
    /// At most this many keys per page (S3 caps it at 1000).
    pub max_keys: Option<u32>,
    /// The `NextContinuationToken` of the previous page.
    pub continuation_token: Option<&'a str>,
    /// Only keys after this one.
    pub start_after: Option<&'a str>,
    /// `url` to have keys percent-encoded in the response.
    pub encoding_type: Option<&'a str>,
}

/// The URL of a signed request: endpoint, path, canonical query and signature.
fn url(bucket: &Bucket, path: &str, signed: &Signed) -> String {
    [
        bucket.scheme(),
        "://",
        bucket.host(),
        path,
        "?",
        &signed.query,
        "&X-Amz-Signature=",
        &signed.signature,
    ]
    .concat()
}

/// Signs an S3 GET to `bucket` with the given path and parameters.
fn presign_s3(
    bucket: &Bucket,
    credentials: &Credentials,
    path: &str,
    params: &[(&str, &str)],
    at: DateTime<Utc>,
    expiry: Expiry,
) -> String {
    presign_method(bucket, credentials, "GET", path, params, at, expiry)
}

fn presign_method(
    bucket: &Bucket,
    credentials: &Credentials,
    method: &str,
    path: &str,
    params: &[(&str, &str)],
    at: DateTime<Utc>,
    expiry: Expiry,
) -> String {
    let request = QueryRequest {
        method,
        host: bucket.host(),
        path,
        params,
        service: "s3",
        payload_hash: UNSIGNED_PAYLOAD,
    };
    let signed = presign_query(&request, credentials, bucket.region(), at, expiry);
    url(bucket, path, &signed)
}

/// A presigned GetObject URL for `key`.
pub fn get_object(
    bucket: &Bucket,
    credentials: &Credentials,
    key: &str,
    at: DateTime<Utc>,
    expiry: Expiry,
) -> Result<String, PresignError> {
    get_object_with(
        bucket,
        credentials,
        &GetObject {
            key,
            ..GetObject::default()
        },
        at,
        expiry,
    )
}

/// A presigned DeleteObject URL for `key`: what compacting the summary index removes.
pub fn delete_object(
    bucket: &Bucket,
    credentials: &Credentials,
    key: &str,
    at: DateTime<Utc>,
    expiry: Expiry,
) -> Result<String, PresignError> {
    if key.is_empty() {
        return Err(PresignError::EmptyKey);
    }
    let path = bucket.object_path(key);
    Ok(presign_method(
        bucket,
        credentials,
        "DELETE",
        &path,
        &[],
        at,
        expiry,
    ))
}

/// A presigned GetObject URL with response overrides.
pub fn get_object_with(
    bucket: &Bucket,
    credentials: &Credentials,
    get: &GetObject<'_>,
    at: DateTime<Utc>,
    expiry: Expiry,
) -> Result<String, PresignError> {
    if get.key.is_empty() {
        return Err(PresignError::EmptyKey);
    }
    let mut params = Vec::with_capacity(2);
    if let Some(value) = get.response_content_disposition {
        params.push(("response-content-disposition", value));
    }
    if let Some(value) = get.response_content_type {
        params.push(("response-content-type", value));
    }
    let path = bucket.object_path(get.key);
    Ok(presign_s3(bucket, credentials, &path, &params, at, expiry))
}

/// A presigned ListObjectsV2 URL: `list-type=2` and exactly the parameters that are set.
pub fn list_objects_v2(
    bucket: &Bucket,
    credentials: &Credentials,
    list: &ListObjectsV2<'_>,
    at: DateTime<Utc>,
    expiry: Expiry,
) -> String {
    let max_keys = list.max_keys.map(|n| n.to_string());
    // Alphabetical, which is the canonical order, so signing need not sort them.
    let optional = [
        ("continuation-token", list.continuation_token),
        ("delimiter", list.delimiter),
        ("encoding-type", list.encoding_type),
        ("list-type", Some("2")),
        ("max-keys", max_keys.as_deref()),
        ("prefix", list.prefix),
        ("start-after", list.start_after),
    ];
    let mut params = Vec::with_capacity(optional.len());
    params.extend(
        optional
            .into_iter()
            .filter_map(|(name, value)| value.map(|v| (name, v))),
    );
    let path = bucket.bucket_path();
    presign_s3(bucket, credentials, &path, &params, at, expiry)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_outside_one_second_to_seven_days_is_an_error_not_a_clamp() {
        for bad in [0, 604_801, u64::from(u32::MAX) + 1] {
            assert_eq!(
                Expiry::from_secs(bad),
                Err(PresignError::InvalidExpiry { seconds: bad })
            );
        }
        assert_eq!(Expiry::from_secs(1).unwrap().seconds(), 1);
        assert_eq!(Expiry::from_secs(604_800).unwrap().seconds(), 604_800);
    }

    #[test]
    fn a_delete_is_signed_as_a_delete_of_the_same_object() {
        let bucket = Bucket::new(
            "http://127.0.0.1:9000",
            "logs",
            "us-east-1",
            crate::UrlStyle::Path,
        )
        .unwrap();
        let credentials = Credentials::new("AKID", "secret").unwrap();
        let at = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let expiry = Expiry::from_secs(60).unwrap();
        let key = "openai_logs/.logscope/summaries/a b.part";
        let get = get_object(&bucket, &credentials, key, at, expiry).unwrap();
        let delete = delete_object(&bucket, &credentials, key, at, expiry).unwrap();
        let unsigned = |url: &str| url.split("&X-Amz-Signature=").next().unwrap().to_owned();
        assert_eq!(
            unsigned(&get),
            unsigned(&delete),
            "the same object and query"
        );
        assert_ne!(get, delete, "signed for another method");
        assert_eq!(
            delete_object(&bucket, &credentials, "", at, expiry),
            Err(PresignError::EmptyKey)
        );
    }
}
