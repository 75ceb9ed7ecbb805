//! Why a URL could not be signed. Errors carry a machine code and a sentence for people;
//! none of them ever holds the secret key.

use std::fmt;

/// A reason a presigned URL could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PresignError {
    /// The endpoint is not `http(s)://host[:port]`.
    InvalidEndpoint {
        /// The endpoint as given.
        endpoint: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The bucket name cannot be used in this URL style.
    InvalidBucket {
        /// The bucket name as given.
        bucket: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The region is empty or would break the credential scope.
    InvalidRegion {
        /// The region as given.
        region: String,
    },
    /// The access key id is empty or would break the credential scope, or the secret is empty.
    InvalidCredentials {
        /// What is wrong (never the secret itself).
        reason: &'static str,
    },
    /// SigV4 allows 1 to 604800 seconds (seven days).
    InvalidExpiry {
        /// The expiry asked for.
        seconds: u64,
    },
    /// An object key must not be empty: that would address the bucket instead.
    EmptyKey,
    /// A header to sign has a value HTTP cannot carry.
    InvalidHeader {
        /// The header's name, e.g. `Content-Type`.
        name: &'static str,
        /// What is wrong with its value.
        reason: &'static str,
    },
}

impl PresignError {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidEndpoint { .. } => "InvalidEndpoint",
            Self::InvalidBucket { .. } => "InvalidBucket",
            Self::InvalidRegion { .. } => "InvalidRegion",
            Self::InvalidCredentials { .. } => "InvalidCredentials",
            Self::InvalidExpiry { .. } => "InvalidExpiry",
            Self::EmptyKey => "EmptyKey",
            Self::InvalidHeader { .. } => "InvalidHeader",
        }
    }
}

impl fmt::Display for PresignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidEndpoint { endpoint, reason } => {
                write!(f, "invalid endpoint {endpoint:?}: {reason}")
            }
            Self::InvalidBucket { bucket, reason } => {
                write!(f, "invalid bucket name {bucket:?}: {reason}")
            }
            Self::InvalidRegion { region } => write!(
                f,
                "invalid region {region:?}: it must be non-empty, without '/' or spaces"
            ),
            Self::InvalidCredentials { reason } => write!(f, "invalid credentials: {reason}"),
            Self::InvalidExpiry { seconds } => write!(
                f,
                "invalid expiry {seconds} s: a presigned URL lasts 1 to 604800 seconds (7 days)"
            ),
            Self::EmptyKey => f.write_str("the object key is empty"),
            Self::InvalidHeader { name, reason } => write!(f, "invalid {name} header: {reason}"),
        }
    }
}

impl std::error::Error for PresignError {}
