//! What a client should do about an S3 error answer, so that the CLI and the dashboard retry
//! and give up alike.

/// The kind of an error answer, by HTTP status and S3 error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// It may go away by itself: wait, then try again (5xx, 429, `SlowDown`, ...).
    Transient,
    /// Every other request with these settings would meet it too (a wrong secret, a missing
    /// bucket, a skewed clock, ...): stop and explain.
    Fatal,
    /// It concerns this one object or listing only.
    PerRequest,
}

/// Codes that depend on the settings, not on the object asked for.
const FATAL_CODES: &[&str] = &[
    "SignatureDoesNotMatch",
    "InvalidAccessKeyId",
    "AccessDenied",
    "AllAccessDisabled",
    "AccountProblem",
    "NoSuchBucket",
    "RequestTimeTooSkewed",
    "ExpiredToken",
    "InvalidToken",
    "TokenRefreshRequired",
    "AuthorizationHeaderMalformed",
    "AuthorizationQueryParametersError",
    "PermanentRedirect",
];

/// Codes a busy or restarting server sends, whatever their status.
const TRANSIENT_CODES: &[&str] = &[
    "SlowDown",
    "RequestTimeout",
    "InternalError",
    "ServiceUnavailable",
];

/// Classifies an error answer; `code` is empty when the body held no error document.
pub fn classify(status: u16, code: &str) -> ErrorKind {
    if FATAL_CODES.contains(&code) {
        ErrorKind::Fatal
    } else if status >= 500 || status == 429 || TRANSIENT_CODES.contains(&code) {
        ErrorKind::Transient
    } else {
        ErrorKind::PerRequest
    }
}

/// An error answer named for people: `NoSuchKey (HTTP 404)`, or `no error code (HTTP 502)`
/// when the body held no error document.
pub fn describe(status: u16, code: &str) -> String {
    let code = if code.is_empty() {
        "no error code"
    } else {
        code
    };
    format!("{code} (HTTP {status})")
}

/// Why a 2xx body of `received` bytes is not the object the listing said was `listed` bytes
/// long: a connection dropped part way, or a `Content-Length` that said less than the
/// object holds, gives a body that looks whole. Asking again may help.
pub fn short_answer(received: usize, listed: Option<u64>) -> Option<String> {
    listed
        .filter(|&size| received as u64 != size)
        .map(|size| format!("the answer held {received} bytes, the listing said {size}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_short_only_against_a_listed_size() {
        assert_eq!(short_answer(10, Some(10)), None);
        assert_eq!(short_answer(10, None), None);
        assert_eq!(
            short_answer(10, Some(20)).as_deref(),
            Some("the answer held 10 bytes, the listing said 20")
        );
    }

    #[test]
    fn settings_errors_are_fatal_and_busy_servers_transient() {
        assert_eq!(classify(403, "SignatureDoesNotMatch"), ErrorKind::Fatal);
        assert_eq!(classify(404, "NoSuchBucket"), ErrorKind::Fatal);
        assert_eq!(classify(403, "RequestTimeTooSkewed"), ErrorKind::Fatal);
        assert_eq!(classify(503, "SlowDown"), ErrorKind::Transient);
        assert_eq!(classify(500, ""), ErrorKind::Transient);
        assert_eq!(classify(429, ""), ErrorKind::Transient);
        assert_eq!(classify(400, "RequestTimeout"), ErrorKind::Transient);
        assert_eq!(classify(404, "NoSuchKey"), ErrorKind::PerRequest);
        assert_eq!(classify(400, "InvalidArgument"), ErrorKind::PerRequest);
    }

    #[test]
    fn answers_are_named_by_code_and_status() {
        assert_eq!(describe(404, "NoSuchKey"), "NoSuchKey (HTTP 404)");
        assert_eq!(describe(502, ""), "no error code (HTTP 502)");
    }
}
