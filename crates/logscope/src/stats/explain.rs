//! A failed request as one line a person can act on: what was being done, the S3 error code
//! or network error, and what to check. Never the secret key, nor a signed URL.

use super::client::{Client, Failed, Failure};
use session_log::SizeLimit;

/// Why an object of `size` bytes is not read under `limit`, with the option that raises it.
pub fn too_large(limit: SizeLimit, size: u64) -> Option<String> {
    limit
        .refuses(size)
        .map(|why| format!("{why} (--max-object-mb)"))
}

/// Whether a failed GetObject should stop the run rather than mark one object unavailable.
pub fn is_fatal(failed: &Failed) -> bool {
    matches!(&failed.last, Failure::S3 { status, code, .. }
        if s3_presign::classify(*status, code) == s3_presign::ErrorKind::Fatal)
}

/// `doing` says what was asked, e.g. `listing openai_logs/ in bucket logs`.
pub fn line(failed: &Failed, doing: &str, client: &Client) -> String {
    let endpoint = client.endpoint();
    let bucket = client.bucket().name();
    let tries = if failed.attempts > 1 {
        format!(" (after {} attempts)", failed.attempts)
    } else {
        String::new()
    };
    match &failed.last {
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
                    "these credentials may not list or read bucket {bucket}: they need \
                     s3:ListBucket and s3:GetObject on it"
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
                    Some(message) => format!("the server says: {message}"),
                    None => format!("is {endpoint} an S3 endpoint?"),
                },
            };
            format!("{doing}: {what}{tries}: {advice}")
        }
        Failure::Network { reason, .. } => format!(
            "{doing}: cannot reach {endpoint}: {reason}{tries}: check --endpoint and that the \
             server is up"
        ),
        Failure::Unreadable(reason) => format!(
            "{doing}: {endpoint} gave an answer S3 would not give ({reason}): is --endpoint the \
             S3 API endpoint?"
        ),
    }
}

/// The reason recorded for an object that could not be fetched.
pub fn unavailable(failed: &Failed) -> String {
    let tries = match failed.attempts {
        1 => String::new(),
        n => format!(" after {n} attempts"),
    };
    match &failed.last {
        Failure::S3 {
            status,
            code,
            message,
        } => {
            let answer = s3_presign::describe(*status, code);
            match message {
                Some(message) => format!("{answer}{tries}: {message}"),
                None => format!("{answer}{tries}"),
            }
        }
        Failure::Network { reason, .. } => format!("{reason}{tries}"),
        Failure::Unreadable(reason) => reason.clone(),
    }
}
