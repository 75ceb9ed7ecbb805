//! The requests the checks make, signed here so that the CLI and the browser ask exactly the
//! same things: a listing of the prefix (the page that settles steps 3 to 5 and starts the
//! count), the next pages, the bucket's top level, and the bucket list. Each is a presigned
//! GET valid for [`SIGNED_FOR_SECS`], signed as of the time the runner passes in.

use chrono::{DateTime, Utc};
use s3_presign::canonical::UNSIGNED_PAYLOAD;
use s3_presign::presign::{presign_query, QueryRequest};
use s3_presign::{Bucket, Credentials, Expiry, ListObjectsV2, UrlStyle};

/// A signature need only outlive its one request.
pub const SIGNED_FOR_SECS: u64 = 900;

/// Keys per listing page: S3's maximum.
pub const PAGE_KEYS: u32 = 1000;

fn expiry() -> Expiry {
    Expiry::from_secs(SIGNED_FOR_SECS).expect("900 seconds is a valid expiry")
}

/// `scheme://host[:port]/`: what the reachability check asks (any answer will do).
pub fn endpoint_root(bucket: &Bucket) -> String {
    format!("{}://{}/", bucket.scheme(), endpoint_host(bucket))
}

/// The host of the storage itself, without the bucket a virtual-host style puts there.
fn endpoint_host(bucket: &Bucket) -> &str {
    match bucket.style() {
        UrlStyle::Path => bucket.host(),
        UrlStyle::VirtualHost => {
            let host = bucket.host();
            host.strip_prefix(bucket.name())
                .and_then(|rest| rest.strip_prefix('.'))
                .unwrap_or(host)
        }
    }
}

/// A page of the objects under `prefix` (a folder, or empty for the whole bucket), from the
/// page `token` continues; keys come url-encoded so that any key survives XML.
pub fn listing(
    bucket: &Bucket,
    credentials: &Credentials,
    prefix: &str,
    token: Option<&str>,
    at: DateTime<Utc>,
) -> String {
    let list = ListObjectsV2 {
        prefix: Some(prefix).filter(|p| !p.is_empty()),
        continuation_token: token,
        max_keys: Some(PAGE_KEYS),
        encoding_type: Some("url"),
        ..ListObjectsV2::default()
    };
    s3_presign::list_objects_v2(bucket, credentials, &list, at, expiry())
}

/// The bucket's top level: its "folders" (delimiter `/`) and the objects outside them.
pub fn top_level(bucket: &Bucket, credentials: &Credentials, at: DateTime<Utc>) -> String {
    let list = ListObjectsV2 {
        delimiter: Some("/"),
        encoding_type: Some("url"),
        ..ListObjectsV2::default()
    };
    s3_presign::list_objects_v2(bucket, credentials, &list, at, expiry())
}

/// ListBuckets: `GET /` on the storage, signed as botocore signs it.
pub fn buckets(bucket: &Bucket, credentials: &Credentials, at: DateTime<Utc>) -> String {
    let host = endpoint_host(bucket);
    let request = QueryRequest {
        method: "GET",
        host,
        path: "/",
        params: &[],
        service: "s3",
        payload_hash: UNSIGNED_PAYLOAD,
    };
    let signed = presign_query(&request, credentials, bucket.region(), at, expiry());
    format!(
        "{}://{host}/?{}&X-Amz-Signature={}",
        bucket.scheme(),
        signed.query,
        signed.signature
    )
}

/// A URL without its query: where a CORS preflight for the listing goes.
pub fn without_query(url: &str) -> &str {
    url.split_once('?').map_or(url, |(path, _)| path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> DateTime<Utc> {
        DateTime::from_timestamp(1_369_353_600, 0).unwrap()
    }

    fn credentials() -> Credentials {
        Credentials::new(
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        )
        .unwrap()
    }

    #[test]
    fn the_bucket_list_is_signed_as_botocore_signs_it() {
        // botocore 1.43 (signature_version s3v4, path addressing, us-east-1), as
        // tests/botocore/gen_presigned.py pins the time:
        // client.generate_presigned_url('list_buckets', ExpiresIn=900) at 2013-05-24T00:00:00Z.
        for (endpoint, signature) in [
            (
                "http://127.0.0.1:9000",
                "10fee238a902b49e332a4455f82931239ef4fd26602f662ae256e3d5e55dd71b",
            ),
            (
                "https://objectstorageapi.example.com",
                "1ab7eb8aa1b11b09eb922675ab68df334a42376fad37ebb4bd34b487cf5a3dd8",
            ),
        ] {
            let bucket = Bucket::new(endpoint, "logs", "us-east-1", UrlStyle::Path).unwrap();
            assert_eq!(
                buckets(&bucket, &credentials(), at()),
                format!(
                    "{endpoint}/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=\
                     AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request\
                     &X-Amz-Date=20130524T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host\
                     &X-Amz-Signature={signature}"
                )
            );
        }
        // In virtual-host style the bucket list still goes to the storage itself.
        let virtual_host = Bucket::new(
            "https://objectstorageapi.example.com",
            "logs",
            "us-east-1",
            UrlStyle::VirtualHost,
        )
        .unwrap();
        assert!(buckets(&virtual_host, &credentials(), at())
            .starts_with("https://objectstorageapi.example.com/?"));
        assert_eq!(
            endpoint_root(&virtual_host),
            "https://objectstorageapi.example.com/"
        );
    }

    #[test]
    fn listings_ask_for_full_url_encoded_pages() {
        let bucket =
            Bucket::new("http://127.0.0.1:9000", "logs", "us-east-1", UrlStyle::Path).unwrap();
        let first = listing(&bucket, &credentials(), "openai_logs/", None, at());
        assert!(first.starts_with("http://127.0.0.1:9000/logs?"), "{first}");
        for part in [
            "encoding-type=url",
            "max-keys=1000",
            "prefix=openai_logs%2F",
        ] {
            assert!(first.contains(part), "{part} not in {first}");
        }
        let next = listing(&bucket, &credentials(), "", Some("t/1"), at());
        assert!(next.contains("continuation-token=t%2F1") && !next.contains("prefix="));
        let top = top_level(&bucket, &credentials(), at());
        assert!(top.contains("delimiter=%2F") && !top.contains("prefix="));
        assert_eq!(without_query(&first), "http://127.0.0.1:9000/logs");
    }
}
