//! What a client should do about an S3 error answer, so that the CLI and the dashboard retry
//! and give up alike, and how such an answer is named.

use crate::xml::parse_error;
use std::fmt;

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

/// An S3 error answer: its status, its error code, and the server's own `Message`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ErrorAnswer {
    /// The HTTP status.
    pub status: u16,
    /// The error document's `Code`; empty when the body held no error document.
    pub code: String,
    /// The error document's `Message`, in the server's words, when it gave one.
    pub message: Option<String>,
}

impl ErrorAnswer {
    /// The answer of `status` whose body is `body`: an S3 error document, or anything else
    /// (a proxy's HTML, nothing), which leaves the code empty.
    pub fn read(status: u16, body: &[u8]) -> Self {
        let (code, message) = match parse_error(body) {
            Ok(error) => (error.code, error.message),
            Err(_) => (String::new(), None),
        };
        Self {
            status,
            code,
            message,
        }
    }

    /// What a client should do about it.
    pub fn kind(&self) -> ErrorKind {
        classify(self.status, &self.code)
    }
}

/// [`describe`], then the server's message: `NoSuchKey (HTTP 404): The specified key does
/// not exist.`
impl fmt::Display for ErrorAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&describe(self.status, &self.code))?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

/// A 2xx body of another length than the listing gave: see [`short_answer`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ShortAnswer {
    /// The bytes the answer held.
    pub received: u64,
    /// The object's size in the listing.
    pub listed: u64,
}

impl fmt::Display for ShortAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the answer held {} bytes, the listing said {}",
            self.received, self.listed
        )
    }
}

/// Why a 2xx body of `received` bytes is not the object the listing said was `listed` bytes
/// long: a connection dropped part way, or a `Content-Length` that said less than the
/// object holds, gives a body that looks whole. Asking again may help.
pub fn short_answer(received: usize, listed: Option<u64>) -> Option<ShortAnswer> {
    listed
        .filter(|&size| received as u64 != size)
        .map(|listed| ShortAnswer {
            received: received as u64,
            listed,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_short_only_against_a_listed_size() {
        assert_eq!(short_answer(10, Some(10)), None);
        assert_eq!(short_answer(10, None), None);
        assert_eq!(
            short_answer(10, Some(20)).map(|s| s.to_string()).as_deref(),
            Some("the answer held 10 bytes, the listing said 20")
        );
        assert_eq!(
            short_answer(10, Some(20)),
            Some(ShortAnswer {
                received: 10,
                listed: 20
            })
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

    #[test]
    fn an_error_answer_keeps_status_code_and_the_servers_words() {
        let body = b"<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code>\
            <Message>The specified key does not exist.</Message></Error>";
        let answer = ErrorAnswer::read(404, body);
        assert_eq!(
            answer,
            ErrorAnswer {
                status: 404,
                code: "NoSuchKey".into(),
                message: Some("The specified key does not exist.".into()),
            }
        );
        assert_eq!(
            answer.to_string(),
            "NoSuchKey (HTTP 404): The specified key does not exist."
        );
        assert_eq!(answer.kind(), ErrorKind::PerRequest);
        let proxy = ErrorAnswer::read(502, b"<html>Bad Gateway</html>");
        assert_eq!((proxy.code.as_str(), proxy.message.as_deref()), ("", None));
        assert_eq!(proxy.to_string(), "no error code (HTTP 502)");
        assert_eq!(proxy.kind(), ErrorKind::Transient);
    }
}
