//! Stage 2 of SigV4: the string to sign.

/// The algorithm SigV4 names in the string to sign and in `X-Amz-Algorithm`.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// The credential scope: `DATE/REGION/SERVICE/aws4_request`.
pub fn credential_scope(date: &str, region: &str, service: &str) -> String {
    [date, "/", region, "/", service, "/aws4_request"].concat()
}

/// The pieces whose concatenation is the string to sign, so it can be signed without
/// building it: `AWS4-HMAC-SHA256 \n TIMESTAMP \n SCOPE \n hex(sha256(canonical request))`.
pub fn pieces<'a>(
    timestamp: &'a str,
    scope: &'a str,
    canonical_request_sha256: &'a str,
) -> [&'a str; 7] {
    [
        ALGORITHM,
        "\n",
        timestamp,
        "\n",
        scope,
        "\n",
        canonical_request_sha256,
    ]
}

/// The string to sign as text.
pub fn string_to_sign(timestamp: &str, scope: &str, canonical_request_sha256: &str) -> String {
    pieces(timestamp, scope, canonical_request_sha256).concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_and_string_follow_the_documented_layout() {
        let scope = credential_scope("20130524", "us-east-1", "s3");
        assert_eq!(scope, "20130524/us-east-1/s3/aws4_request");
        assert_eq!(
            string_to_sign("20130524T000000Z", &scope, "ab"),
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\nab"
        );
    }
}
