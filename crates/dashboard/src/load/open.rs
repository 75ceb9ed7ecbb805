//! One session on its own, for the detail view: from the cache, else read again through the
//! load's requester (a fresh presigned GET, with the same keys and the same corrected
//! clock), or, from a share link, with the presigned URL alone and no credentials at all.
//! Share links are signed here too, so that views never sign.

use leptos::prelude::*;
use s3_read::{Failed, Failure, Fetch};
use session_log::SizeLimit;

use super::request;
use super::Loader;
use crate::features::session::share::{self, Lifetime, ShareLink, Validity};
use crate::io::clock::Clock;

/// Why a session could not be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unread {
    /// No bucket is connected in this tab.
    NotConnected,
    /// The share link's time is up.
    Expired,
    /// How the last try failed.
    Failed(Failure),
}

impl From<Failure> for Unread {
    fn from(failure: Failure) -> Self {
        Self::Failed(failure)
    }
}

impl Loader {
    /// The bytes of `key` in the connected bucket: kept in the cache if the version listed is
    /// there, else read again (and kept, evicting older bodies if need be).
    pub async fn object(&self, key: &str) -> Result<Vec<u8>, Unread> {
        let load = self.current().ok_or(Unread::NotConnected)?;
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
        let mut fetch = Fetch::new(key, None, load.size_limit).map_err(|f| f.failure)?;
        let body = load
            .requester
            .read_opened(&mut fetch)
            .await
            .expect("a fetch ends with the bytes or a failure")
            .map_err(|failed| failed.failure)?;
        if let (Some(cache), Some(validator)) = (&cache, &validator) {
            cache.keep_opened(&entry, validator, &body).await;
        }
        Ok(body)
    }

    /// A link to `key` that works without credentials for `lifetime`, on top of this page's
    /// address, signed by the corrected clock.
    pub fn share_link(&self, key: &str, lifetime: Lifetime) -> Result<ShareLink, Unread> {
        let load = self.current().ok_or(Unread::NotConnected)?;
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
        .map_err(|error| Unread::Failed(Failure::Unsignable(error)))
    }

    /// Whether a share link expiring at `expires` still works, by the connected load's
    /// corrected clock, else this browser's.
    pub fn validity(&self, expires: Option<i64>) -> Validity {
        let now = match self.current() {
            Some(load) => load.requester.now(),
            None => Clock::default().now(),
        };
        share::validity(expires, now.timestamp())
    }
}

/// The bytes behind a share link's presigned URL, tried as a load's requests are. There is
/// nothing to sign again: a URL past its expiry is [`Unread::Expired`], whatever the clocks
/// say.
pub async fn shared(url: &str) -> Result<Vec<u8>, Unread> {
    // The read's key only names it: the link's URL is what is sent. No listing gave a size,
    // so the limit refuses nothing before the request.
    let key = link_path(url);
    let mut fetch = Fetch::new(key, None, SizeLimit::default()).map_err(|f| f.failure)?;
    match request::read_link(url, &mut fetch)
        .await
        .expect("a fetch ends with the bytes or a failure")
    {
        Ok(body) => Ok(body),
        Err(Failed { failure, .. }) if expired(&failure) => Err(Unread::Expired),
        Err(Failed { failure, .. }) => Err(failure.into()),
    }
}

/// The path of `url` after its host, or the whole URL when it has none.
fn link_path(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = rest.split(['?', '#']).next().unwrap_or(rest);
    match path.split_once('/') {
        Some((_, path)) if !path.is_empty() => path,
        _ => url,
    }
}

fn expired(failure: &Failure) -> bool {
    matches!(failure, Failure::S3 { code, message: Some(message), .. }
        if code == "AccessDenied" && message.to_ascii_lowercase().contains("expired"))
}
