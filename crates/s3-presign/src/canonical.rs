//! Stage 1 of SigV4: the canonical request.
//!
//! For a presigned URL only the `host` header is signed, so the canonical request is
//! `METHOD \n path \n query \n host:HOST \n \n host \n PAYLOAD-HASH`. The canonical query is
//! also the query of the URL the browser sends, which is why it is built once and reused.

use crate::encode;
use sha2::{Digest, Sha256};
use std::borrow::Cow;

/// The payload hash S3 expects in a presigned URL: the body is not signed.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// Builds the canonical query string from raw (not yet encoded) names and values:
/// each is encoded, then the pairs are sorted by encoded name, then by encoded value.
pub fn canonical_query<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    // Names are encoded up front because they decide the order; values are encoded straight
    // into the output, so the usual all-ASCII parameters cost no allocation of their own.
    let mut pairs: Vec<(Cow<'a, str>, &'a str)> = params
        .into_iter()
        .map(|(name, value)| (encode::encode_query(name), value))
        .collect();
    let order = |a: &(Cow<str>, &str), b: &(Cow<str>, &str)| {
        a.0.cmp(&b.0)
            .then_with(|| encode::encode_query(a.1).cmp(&encode::encode_query(b.1)))
    };
    // Callers that pass parameters in canonical order (as presign does) skip the sort.
    if !pairs.is_sorted_by(|a, b| order(a, b).is_le()) {
        pairs.sort_unstable_by(order);
    }
    let mut query = String::with_capacity(pairs.iter().map(|(n, v)| n.len() + v.len() + 8).sum());
    for (name, value) in &pairs {
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(name);
        query.push('=');
        encode::encode_query_into(&mut query, value);
    }
    query
}

/// A canonical request whose pieces are already encoded.
#[derive(Debug, Clone, Copy)]
pub struct CanonicalRequest<'a> {
    /// `GET` for everything logscope signs.
    pub method: &'a str,
    /// The URI-encoded path, starting with `/`.
    pub path: &'a str,
    /// The output of [`canonical_query`].
    pub query: &'a str,
    /// The `Host` header value: lowercase host, and the port unless it is the default.
    pub host: &'a str,
    /// [`UNSIGNED_PAYLOAD`] for S3; the AWS test suite uses the SHA-256 of an empty body.
    pub payload_hash: &'a str,
}

impl CanonicalRequest<'_> {
    fn pieces(&self) -> [&str; 12] {
        [
            self.method,
            "\n",
            self.path,
            "\n",
            self.query,
            "\nhost:",
            self.host,
            "\n",
            "\n",
            "host",
            "\n",
            self.payload_hash,
        ]
    }

    /// The canonical request as text, as AWS documents it.
    pub fn text(&self) -> String {
        self.pieces().concat()
    }

    /// The hex SHA-256 of [`Self::text`], computed without building the text.
    pub fn sha256_hex(&self) -> String {
        let mut hasher = Sha256::new();
        for piece in self.pieces() {
            hasher.update(piece.as_bytes());
        }
        crate::hex::encode(&hasher.finalize())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_is_sorted_by_encoded_name_with_uppercase_first() {
        let query = canonical_query([("prefix", "a b"), ("X-Amz-Date", "1"), ("list-type", "2")]);
        assert_eq!(query, "X-Amz-Date=1&list-type=2&prefix=a%20b");
    }

    #[test]
    fn hashing_in_pieces_equals_hashing_the_text() {
        let request = CanonicalRequest {
            method: "GET",
            path: "/a%20b",
            query: "x=1",
            host: "h:9000",
            payload_hash: UNSIGNED_PAYLOAD,
        };
        let whole = crate::hex::encode(&Sha256::digest(request.text().as_bytes()));
        assert_eq!(request.sha256_hex(), whole);
    }
}
