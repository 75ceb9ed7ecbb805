//! Why a URL could not be signed. Errors carry a machine code and, for what is wrong with a
//! setting, a typed reason whose `Display` is an English sentence (other languages match on
//! the variants); none of them ever holds the secret key.

use std::fmt;

/// A reason a presigned URL could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PresignError {
    /// The endpoint is not `http(s)://host[:port]`.
    InvalidEndpoint {
        /// The endpoint as given.
        endpoint: String,
        /// What is wrong with it.
        reason: EndpointProblem,
    },
    /// The bucket name cannot be used in this URL style.
    InvalidBucket {
        /// The bucket name as given.
        bucket: String,
        /// What is wrong with it.
        reason: BucketProblem,
    },
    /// The region is empty or would break the credential scope.
    InvalidRegion {
        /// The region as given.
        region: String,
    },
    /// The access key id is empty or would break the credential scope, or the secret is empty.
    InvalidCredentials {
        /// What is wrong (never the secret itself).
        reason: CredentialsProblem,
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
        reason: HeaderProblem,
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

/// Writes each variant's English sentence.
macro_rules! sentences {
    ($name:ident { $($variant:ident => $english:literal,)* }) => {
        impl $name {
            /// Every variant, for exhaustive tests and tables.
            pub const ALL: &'static [Self] = &[$(Self::$variant),*];
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(match self {
                    $(Self::$variant => $english,)*
                })
            }
        }
    };
}

/// What is wrong with an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EndpointProblem {
    /// Neither `http://` nor `https://`.
    NoScheme,
    /// A path, query or fragment after the host.
    NotJustHost,
    /// `user:password@` before the host.
    HoldsCredentials,
    /// `[` without `]`.
    UnclosedIpv6,
    /// Something other than `:port` after `[v6]`.
    TextAfterIpv6,
    /// An empty host, or one with characters no host name has.
    BadHost,
    /// A port that is not 1 to 65535.
    BadPort,
    /// An IP address, which virtual-host style cannot put a bucket name in front of.
    IpForVirtualHost,
}

sentences!(EndpointProblem {
    NoScheme => "it must start with http:// or https://",
    NotJustHost => "it must be scheme://host[:port] with no path, query or fragment",
    HoldsCredentials => "credentials do not belong in the endpoint",
    UnclosedIpv6 => "an IPv6 address needs a closing ']'",
    TextAfterIpv6 => "unexpected text after the IPv6 address",
    BadHost => "the host name is empty or invalid",
    BadPort => "the port must be 1 to 65535",
    IpForVirtualHost => "virtual-host style needs a DNS name, not an IP address; use path style",
});

/// What is wrong with a bucket name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BucketProblem {
    /// No name.
    Empty,
    /// A `/` or a control character.
    BadCharacters,
    /// Virtual-host style puts the name in the host, where only a-z, 0-9, `.` and `-` go.
    NotDnsSafe,
}

sentences!(BucketProblem {
    Empty => "it is empty",
    BadCharacters => "it must not contain '/' or control characters",
    NotDnsSafe => "virtual-host style needs a DNS-safe name (a-z, 0-9, '.', '-'); use path style",
});

/// What is wrong with the credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CredentialsProblem {
    /// No access key id.
    EmptyAccessKey,
    /// A `/` or a control character in the access key id, which would break the scope.
    BadAccessKey,
    /// No secret key.
    EmptySecret,
}

sentences!(CredentialsProblem {
    EmptyAccessKey => "the access key id is empty",
    BadAccessKey => "the access key id must not contain '/' or control characters",
    EmptySecret => "the secret key is empty",
});

/// What is wrong with the value of a header to sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HeaderProblem {
    /// A character HTTP cannot carry in a header.
    NotPrintable,
    /// Nothing but white space.
    Empty,
}

sentences!(HeaderProblem {
    NotPrintable => "only printable ASCII, spaces and tabs can go in an HTTP header",
    Empty => "the value is empty",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_is_one_english_sentence_of_its_own() {
        let sentences: Vec<String> = (EndpointProblem::ALL.iter().map(ToString::to_string))
            .chain(BucketProblem::ALL.iter().map(ToString::to_string))
            .chain(CredentialsProblem::ALL.iter().map(ToString::to_string))
            .chain(HeaderProblem::ALL.iter().map(ToString::to_string))
            .collect();
        assert_eq!(sentences.len(), 16);
        let distinct: std::collections::BTreeSet<&String> = sentences.iter().collect();
        assert_eq!(distinct.len(), sentences.len());
        assert_eq!(
            EndpointProblem::BadPort.to_string(),
            "the port must be 1 to 65535"
        );
    }

    #[test]
    fn the_whole_error_says_the_setting_and_its_reason() {
        let endpoint = PresignError::InvalidEndpoint {
            endpoint: "ftp://x".into(),
            reason: EndpointProblem::NoScheme,
        };
        assert_eq!(
            endpoint.to_string(),
            "invalid endpoint \"ftp://x\": it must start with http:// or https://"
        );
        let bucket = PresignError::InvalidBucket {
            bucket: String::new(),
            reason: BucketProblem::Empty,
        };
        assert_eq!(bucket.to_string(), "invalid bucket name \"\": it is empty");
        let credentials = PresignError::InvalidCredentials {
            reason: CredentialsProblem::EmptySecret,
        };
        assert_eq!(
            credentials.to_string(),
            "invalid credentials: the secret key is empty"
        );
        let header = PresignError::InvalidHeader {
            name: "Content-Type",
            reason: HeaderProblem::Empty,
        };
        assert_eq!(
            header.to_string(),
            "invalid Content-Type header: the value is empty"
        );
    }
}
