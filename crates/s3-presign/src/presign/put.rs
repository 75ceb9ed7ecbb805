//! Presigned PutObject: an upload URL that also fixes the object's `Content-Type`,
//! `Cache-Control` and `Content-Encoding`, which is how `logscope publish` puts a site in a
//! bucket.
//!
//! As botocore does when they are given as parameters, the headers are *signed*
//! (`X-Amz-SignedHeaders=cache-control;content-encoding;content-type;host`) rather than put in the query: the
//! server stores what arrives in the headers, and signing them means the URL is refused
//! (`SignatureDoesNotMatch`) unless they arrive with exactly the values chosen here. So
//! [`PresignedPut`] carries the headers to send along with the URL. The body stays unsigned
//! (`UNSIGNED-PAYLOAD`), as in every presigned S3 URL.

use super::{sign, url, Expiry, QueryRequest};
use crate::bucket::Bucket;
use crate::canonical::{CanonicalRequest, UNSIGNED_PAYLOAD};
use crate::credentials::Credentials;
use crate::error::{HeaderProblem, PresignError};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

/// Options of a presigned PutObject.
#[derive(Debug, Clone, Copy, Default)]
pub struct PutObject<'a> {
    /// The object key, raw (`logscope/index.html`).
    pub key: &'a str,
    /// The `Content-Type` the object is stored and later served with.
    pub content_type: Option<&'a str>,
    /// The `Cache-Control` the object is stored and later served with.
    pub cache_control: Option<&'a str>,
    /// The `Content-Encoding` the object is stored and later served with (`gzip` for a body
    /// compressed before upload: S3 serves it as stored, and the browser decodes it).
    pub content_encoding: Option<&'a str>,
}

/// A presigned PUT: the URL, and the headers that must be sent with it, exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresignedPut {
    /// The presigned URL.
    pub url: String,
    /// `(HTTP name, value)` of every signed header other than `Host`, in canonical order.
    pub headers: Vec<(&'static str, String)>,
}

/// A presigned PutObject URL for `put.key`, with its content type, caching and encoding
/// signed.
pub fn put_object(
    bucket: &Bucket,
    credentials: &Credentials,
    put: &PutObject<'_>,
    at: DateTime<Utc>,
    expiry: Expiry,
) -> Result<PresignedPut, PresignError> {
    if put.key.is_empty() {
        return Err(PresignError::EmptyKey);
    }
    // Alphabetical by lowercase name, as canonical headers are ordered.
    let given = [
        ("Cache-Control", put.cache_control),
        ("Content-Encoding", put.content_encoding),
        ("Content-Type", put.content_type),
    ];
    let mut headers = Vec::with_capacity(given.len());
    for (name, value) in given {
        if let Some(value) = value {
            headers.push((name, header_value(name, value)?));
        }
    }
    let lowercase: Vec<(String, &str)> = headers
        .iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), value.as_str()))
        .collect();
    let signed: Vec<(&str, &str)> = lowercase.iter().map(|(n, v)| (n.as_str(), *v)).collect();
    let path = bucket.object_path(put.key);
    let request = QueryRequest {
        method: "PUT",
        host: bucket.host(),
        path: &path,
        params: &[],
        service: "s3",
        payload_hash: UNSIGNED_PAYLOAD,
    };
    let stages = sign(
        &request,
        &signed,
        credentials,
        bucket.region(),
        at,
        expiry,
        false,
    );
    Ok(PresignedPut {
        url: url(bucket, &path, &stages.signed),
        headers,
    })
}

/// The value as it is signed and sent: trimmed, each run of spaces and tabs made one space
/// (what SigV4 does to a header value anyway, so what is sent is what was signed).
fn header_value(name: &'static str, value: &str) -> Result<String, PresignError> {
    if !value
        .bytes()
        .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
    {
        return Err(PresignError::InvalidHeader {
            name,
            reason: HeaderProblem::NotPrintable,
        });
    }
    let value = value.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
    if value.is_empty() {
        return Err(PresignError::InvalidHeader {
            name,
            reason: HeaderProblem::Empty,
        });
    }
    Ok(value)
}

/// `X-Amz-SignedHeaders`: the lowercase `headers` and `host`, sorted, joined by `;`.
pub(super) fn signed_header_names(headers: &[(&str, &str)]) -> String {
    let mut names: Vec<&str> = headers.iter().map(|(name, _)| *name).collect();
    names.push("host");
    names.sort_unstable();
    names.join(";")
}

/// The canonical request when more than `host` is signed: `name:value` lines for every
/// signed header, `host` among them in its sorted place.
pub(super) fn canonical_text(
    request: &CanonicalRequest<'_>,
    headers: &[(&str, &str)],
    signed_headers: &str,
) -> String {
    let mut lines: Vec<(&str, &str)> = headers.to_vec();
    lines.push(("host", request.host));
    lines.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut text = [
        request.method,
        "\n",
        request.path,
        "\n",
        request.query,
        "\n",
    ]
    .concat();
    for (name, value) in lines {
        text.extend([name, ":", value, "\n"]);
    }
    text.extend(["\n", signed_headers, "\n", request.payload_hash]);
    text
}

/// Lowercase hex SHA-256 of `text`.
pub(super) fn sha256_hex(text: &str) -> String {
    crate::hex::encode(&Sha256::digest(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> (Bucket, Credentials, DateTime<Utc>, Expiry) {
        let bucket = Bucket::new(
            "http://127.0.0.1:9000",
            "site",
            "us-east-1",
            crate::UrlStyle::Path,
        )
        .unwrap();
        let credentials = Credentials::new("AKIDEXAMPLE", "secret").unwrap();
        let at = DateTime::from_timestamp(1_369_353_600, 0).unwrap();
        (bucket, credentials, at, Expiry::from_secs(3600).unwrap())
    }

    #[test]
    fn the_headers_to_send_are_the_signed_ones_with_spaces_collapsed() {
        let (bucket, credentials, at, expiry) = fixture();
        let put = PutObject {
            key: "logscope/a b.wasm",
            content_type: Some(" application/wasm "),
            cache_control: Some("public,\t max-age=31536000,  immutable"),
            content_encoding: Some(" gzip"),
        };
        let signed = put_object(&bucket, &credentials, &put, at, expiry).unwrap();
        assert_eq!(
            signed.headers,
            [
                (
                    "Cache-Control",
                    "public, max-age=31536000, immutable".into()
                ),
                ("Content-Encoding", "gzip".into()),
                ("Content-Type", "application/wasm".into()),
            ]
        );
        assert!(signed
            .url
            .starts_with("http://127.0.0.1:9000/site/logscope/a%20b.wasm?X-Amz-Algorithm="));
        assert!(signed.url.contains(
            "&X-Amz-SignedHeaders=cache-control%3Bcontent-encoding%3Bcontent-type%3Bhost&"
        ));
    }

    #[test]
    fn without_headers_only_host_is_signed() {
        let (bucket, credentials, at, expiry) = fixture();
        let put = PutObject {
            key: "a.txt",
            ..PutObject::default()
        };
        let signed = put_object(&bucket, &credentials, &put, at, expiry).unwrap();
        assert!(signed.headers.is_empty());
        assert!(signed.url.contains("&X-Amz-SignedHeaders=host&"));
    }

    #[test]
    fn header_values_that_http_cannot_carry_are_refused() {
        let (bucket, credentials, at, expiry) = fixture();
        for (content_type, reason) in [
            ("text/html\r\nX-Evil: 1", "printable ASCII"),
            ("text/图", "printable ASCII"),
            ("  ", "empty"),
        ] {
            let put = PutObject {
                key: "a.txt",
                content_type: Some(content_type),
                ..PutObject::default()
            };
            let error = put_object(&bucket, &credentials, &put, at, expiry).unwrap_err();
            assert_eq!(error.code(), "InvalidHeader");
            assert!(error.to_string().contains("Content-Type"), "{error}");
            assert!(error.to_string().contains(reason), "{error}");
        }
        let empty_key = PutObject::default();
        assert_eq!(
            put_object(&bucket, &credentials, &empty_key, at, expiry),
            Err(PresignError::EmptyKey)
        );
    }

    #[test]
    fn the_canonical_request_lists_every_signed_header_in_order() {
        let request = CanonicalRequest {
            method: "PUT",
            path: "/site/a",
            query: "X-Amz-Date=1",
            host: "h:9000",
            payload_hash: UNSIGNED_PAYLOAD,
        };
        let headers = [("cache-control", "no-cache"), ("content-type", "text/css")];
        let names = signed_header_names(&headers);
        assert_eq!(names, "cache-control;content-type;host");
        assert_eq!(
            canonical_text(&request, &headers, &names),
            "PUT\n/site/a\nX-Amz-Date=1\ncache-control:no-cache\ncontent-type:text/css\n\
             host:h:9000\n\ncache-control;content-type;host\nUNSIGNED-PAYLOAD"
        );
    }
}
