//! One session on its own, for the detail view: from the cache, else read again through the
//! load's requester (a fresh presigned GET, with the same keys and the same corrected
//! clock), or, from a share link, with the presigned URL alone and no credentials at all.
//! Share links are signed here too, so that views never sign.

use leptos::prelude::*;

use super::request::{self, Failure, Target};
use crate::features::session::share::{self, Lifetime, ShareLink, Validity};
use crate::io::clock::Clock;
use crate::io::http;

/// Why a session could not be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unread {
    /// No bucket is connected in this tab.
    NotConnected,
    /// The share link's time is up.
    Expired,
    /// Anything else: `code` for machines (the S3 code, `cors`, `network`, `unreadable`),
    /// `reason` for people.
    Failed { code: String, reason: String },
}

impl From<Failure> for Unread {
    fn from(failure: Failure) -> Self {
        let reason = match &failure {
            Failure::Cors => "the storage answered, but its CORS rules do not let this page \
                              read the answer"
                .to_owned(),
            other => other.reason(),
        };
        let code = match failure {
            Failure::S3 { code, .. } if !code.is_empty() => code,
            Failure::S3 { status, .. } => format!("http-{status}"),
            Failure::Cors => "cors".to_owned(),
            Failure::Network(_) => "network".to_owned(),
            Failure::Unreadable(_) => "unreadable".to_owned(),
        };
        Self::Failed { code, reason }
    }
}

/// The bytes of `key` in the connected bucket: kept in the cache if the version listed is
/// there, else read again (and kept, evicting older bodies if need be).
pub async fn object(key: &str) -> Result<Vec<u8>, Unread> {
    let load = super::current().ok_or(Unread::NotConnected)?;
    let validator = load
        .store()
        .rows()
        .with_untracked(|rows| rows.get(key).and_then(|row| row.validator()));
    let entry = load.scope.file(key);
    let cache = match validator {
        Some(_) => crate::io::cache::get().await,
        None => None,
    };
    if let (Some(cache), Some(validator)) = (&cache, &validator) {
        if let Some(body) = cache.body(&entry, validator).await {
            return Ok(body);
        }
    }
    let body = load
        .requester
        .get(Target::Object { key, size: None })
        .await?;
    if let (Some(cache), Some(validator)) = (&cache, &validator) {
        cache.keep_opened(&entry, validator, &body).await;
    }
    Ok(body)
}

/// A link to `key` that works without credentials for `lifetime`, on top of this page's
/// address, signed by the corrected clock.
pub fn share_link(key: &str, lifetime: Lifetime) -> Result<ShareLink, String> {
    let load = super::current().ok_or("connect to the bucket first")?;
    let requester = &load.requester;
    let page = web_sys::window()
        .and_then(|window| window.location().href().ok())
        .unwrap_or_default();
    share::share_link(
        &page,
        requester.bucket(),
        requester.credentials(),
        key,
        requester.now().timestamp(),
        lifetime,
    )
    .map_err(|error| error.to_string())
}

/// Whether a share link expiring at `expires` still works, by the connected load's
/// corrected clock, else this browser's.
pub fn validity(expires: Option<i64>) -> Validity {
    let now = match super::current() {
        Some(load) => load.requester.now(),
        None => Clock::default().now(),
    };
    share::validity(expires, now.timestamp())
}

/// The bytes behind a share link's presigned URL, tried again as a load's requests are when
/// the failure may go away by itself. There is nothing to sign again: a URL past its expiry
/// is [`Unread::Expired`], whatever the clocks say.
pub async fn shared(url: &str) -> Result<Vec<u8>, Unread> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        match shared_once(url, attempt == request::ATTEMPTS).await {
            Ok(body) => return Ok(body),
            Err(failure) if failure.is_transient() && attempt < request::ATTEMPTS => {
                crate::io::timer::sleep(request::backoff_ms(attempt)).await;
            }
            Err(failure) if expired(&failure) => return Err(Unread::Expired),
            Err(failure) => return Err(failure.into()),
        }
    }
}

fn expired(failure: &Failure) -> bool {
    matches!(failure, Failure::S3 { code, message: Some(message), .. }
        if code == "AccessDenied" && message.to_ascii_lowercase().contains("expired"))
}

/// One try of [`shared`]; a failed fetch is only taken for CORS on the `last` try.
async fn shared_once(url: &str, last: bool) -> Result<Vec<u8>, Failure> {
    let failure = match http::get(url).await {
        Ok(reply) if (200..300).contains(&reply.status) => return Ok(reply.body),
        Ok(reply) => {
            let error = s3_presign::parse_error(&reply.body).unwrap_or_default();
            Failure::S3 {
                status: reply.status,
                code: error.code,
                message: error.message,
            }
        }
        Err(refused) => request::no_answer(refused, url, last).await,
    };
    Err(failure)
}
