//! Access key, secret and optional session token.

use crate::error::{CredentialsProblem, PresignError};
use crate::signing_key::{SigningKey, SigningKeyCache};
use std::fmt;
use zeroize::Zeroizing;

/// Credentials for signing. The secret is wiped from memory when they are dropped and is
/// never shown by `Debug`; the signing keys derived from it are cached here, per day.
pub struct Credentials {
    access_key: String,
    secret: Zeroizing<String>,
    session_token: Option<String>,
    keys: SigningKeyCache,
}

impl Credentials {
    /// Checks that both parts are present; the access key id must not contain `/`, which
    /// would break the credential scope.
    pub fn new(access_key: &str, secret_key: &str) -> Result<Self, PresignError> {
        if access_key.is_empty() {
            return Err(PresignError::InvalidCredentials {
                reason: CredentialsProblem::EmptyAccessKey,
            });
        }
        if access_key.contains('/') || access_key.chars().any(char::is_control) {
            return Err(PresignError::InvalidCredentials {
                reason: CredentialsProblem::BadAccessKey,
            });
        }
        if secret_key.is_empty() {
            return Err(PresignError::InvalidCredentials {
                reason: CredentialsProblem::EmptySecret,
            });
        }
        Ok(Self {
            access_key: access_key.to_owned(),
            secret: Zeroizing::new(secret_key.to_owned()),
            session_token: None,
            keys: SigningKeyCache::default(),
        })
    }

    /// Adds a session token (temporary credentials); it is sent and signed as
    /// `X-Amz-Security-Token`. An empty token means none.
    pub fn with_session_token(mut self, token: &str) -> Self {
        self.session_token = (!token.is_empty()).then(|| token.to_owned());
        self
    }

    /// The access key id.
    pub fn access_key(&self) -> &str {
        &self.access_key
    }

    /// The session token, if any.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    /// How many signing keys were derived so far: one per day and region when caching works.
    pub fn signing_key_derivations(&self) -> u64 {
        self.keys.derivations()
    }

    pub(crate) fn signing_key(&self, date: &str, region: &str, service: &str) -> SigningKey {
        self.keys.get(&self.secret, date, region, service)
    }
}

impl Clone for Credentials {
    fn clone(&self) -> Self {
        Self {
            access_key: self.access_key.clone(),
            secret: self.secret.clone(),
            session_token: self.session_token.clone(),
            keys: SigningKeyCache::default(),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key", &self.access_key)
            .field("secret_key", &"<redacted>")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_secret_or_token() {
        let creds = Credentials::new("AKID", "very-secret-value")
            .unwrap()
            .with_session_token("token-value");
        let shown = format!("{creds:?} {creds:#?}");
        assert!(shown.contains("AKID"));
        assert!(!shown.contains("very-secret-value"));
        assert!(!shown.contains("token-value"));
    }

    #[test]
    fn missing_or_malformed_parts_are_refused_without_echoing_the_secret() {
        for (access, secret) in [("", "s3cr3t"), ("AK/ID", "s3cr3t"), ("AKID", "")] {
            let err = Credentials::new(access, secret).unwrap_err();
            assert_eq!(err.code(), "InvalidCredentials");
            assert!(!err.to_string().contains("s3cr3t"));
        }
        let reason = |access, secret| match Credentials::new(access, secret) {
            Err(PresignError::InvalidCredentials { reason }) => reason,
            other => panic!("{other:?}"),
        };
        assert_eq!(reason("", "s"), CredentialsProblem::EmptyAccessKey);
        assert_eq!(reason("AK\nID", "s"), CredentialsProblem::BadAccessKey);
        assert_eq!(reason("AKID", ""), CredentialsProblem::EmptySecret);
    }
}
