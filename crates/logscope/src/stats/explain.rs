//! A failed request as one line a person can act on: what was being done, the S3 error code
//! or network error, and what to check. Never the secret key, nor a signed URL.

use super::client::Client;
use s3_read::{Failed, Failure};
use session_log::SizeLimit;

/// What follows the reason an object is not read for its size: the option that raises it.
const RAISE_LIMIT: &str = " (--max-object-mb)";

/// Why an object of `size` bytes is not read under `limit`, with the option that raises it.
pub fn too_large(limit: SizeLimit, size: u64) -> Option<String> {
    limit.refuses(size).map(|why| format!("{why}{RAISE_LIMIT}"))
}

/// `doing` says what was asked, e.g. `listing openai_logs/ in bucket logs`.
pub fn line(failed: &Failed, doing: &str, client: &Client) -> String {
    let endpoint = client.endpoint();
    let bucket = client.bucket().name();
    let tries = if failed.tries > 1 {
        format!(" (after {} attempts)", failed.tries)
    } else {
        String::new()
    };
    match &failed.failure {
        Failure::S3 {
            status,
            code,
            message,
        } => {
            let what = if code.is_empty() {
                format!("HTTP {status} without an S3 error code")
            } else {
                format!("{code} (HTTP {status})")
            };
            // The server's own words go beside ours: what a code means differs between
            // servers, and the message is often the only hint which.
            let what = match message {
                Some(message) => format!("{what} \"{message}\""),
                None => what,
            };
            let advice = match code.as_str() {
                "SignatureDoesNotMatch" => {
                    "the secret key does not match the access key: check --secret-key or \
                     AWS_SECRET_ACCESS_KEY"
                        .to_owned()
                }
                "InvalidAccessKeyId" => format!(
                    "the server knows no access key {}: check --access-key or AWS_ACCESS_KEY_ID",
                    client.access_key()
                ),
                "NoSuchBucket" => format!(
                    "there is no bucket {bucket} at {endpoint}: check --bucket and --endpoint"
                ),
                "AccessDenied" | "AllAccessDisabled" | "AccountProblem" => format!(
                    "the server refused these credentials for bucket {bucket}, which means \
                     either that they lack s3:ListBucket and s3:GetObject on it or that the \
                     secret key is wrong (some servers answer a wrong secret so): check both"
                ),
                "RequestTimeTooSkewed" => {
                    "this machine's clock is too far from the server's: set it right".to_owned()
                }
                "ExpiredToken" | "InvalidToken" | "TokenRefreshRequired" => {
                    "the session token is expired or wrong: get fresh temporary credentials \
                     (--session-token or AWS_SESSION_TOKEN)"
                        .to_owned()
                }
                "AuthorizationHeaderMalformed"
                | "AuthorizationQueryParametersError"
                | "PermanentRedirect" => format!(
                    "the bucket may be in another region than {}: check --region or AWS_REGION",
                    client.bucket().region()
                ),
                _ => match message {
                    Some(_) => "see what the server said".to_owned(),
                    None => format!("is {endpoint} an S3 endpoint?"),
                },
            };
            format!("{doing}: {what}{tries}: {advice}")
        }
        Failure::Network { .. }
        | Failure::TimedOut(_)
        | Failure::BrokeOff(_)
        | Failure::Short { .. } => format!(
            "{doing}: cannot reach {endpoint}: {}{tries}: check --endpoint and that the \
             server is up",
            failed.failure
        ),
        Failure::NotListing(_) | Failure::Overflowed { .. } | Failure::Unsignable(_) => format!(
            "{doing}: {endpoint} gave an answer S3 would not give ({}){tries}: is --endpoint \
             the S3 API endpoint?",
            failed.failure
        ),
        Failure::NoNewToken | Failure::TooLarge { .. } | Failure::Cors => {
            format!("{doing}: {}", unavailable(failed))
        }
    }
}

/// The reason recorded for an object that could not be read, with the option that raises
/// the size limit when that is the reason.
pub fn unavailable(failed: &Failed) -> String {
    match failed.failure {
        Failure::TooLarge { .. } => format!("{failed}{RAISE_LIMIT}"),
        _ => failed.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use s3_presign::{Bucket, Credentials, UrlStyle};
    use session_log::SizeLimit;

    use super::*;

    fn client() -> Client {
        let bucket = Bucket::new("http://127.0.0.1:9000", "logs", "us-east-1", UrlStyle::Path)
            .expect("a valid bucket");
        let credentials = Credentials::new("AKIDEXAMPLE", "secret").expect("valid keys");
        Client::new(
            bucket,
            credentials,
            1,
            Duration::from_secs(1),
            SizeLimit::from_mb(32),
        )
    }

    #[test]
    fn an_access_denied_names_both_causes_beside_the_servers_words() {
        // Garage's answer to a wrong secret: the code alone would blame the permission.
        let failed = Failed {
            failure: Failure::S3 {
                status: 403,
                code: "AccessDenied".into(),
                message: Some("Forbidden: Invalid signature".into()),
            },
            tries: 1,
        };
        let said = line(&failed, "listing openai_logs/ in bucket logs", &client());
        assert!(
            said.starts_with(
                "listing openai_logs/ in bucket logs: AccessDenied (HTTP 403) \
                 \"Forbidden: Invalid signature\": "
            ),
            "{said}"
        );
        assert!(said.contains("secret key is wrong"), "{said}");
        assert!(said.contains("s3:ListBucket and s3:GetObject"), "{said}");
    }
}
