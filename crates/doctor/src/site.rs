//! The published dashboard, checked where a reader opens it: its `index.html` must answer,
//! come as HTML, and come to be shown rather than saved. Sealos's ingress in front of its S3
//! endpoint marks every object `Content-Disposition: attachment`, so a site opened straight
//! from the endpoint downloads instead of opening; served by static hosting on an origin of
//! its own, it opens, and that origin is then the one the log storage's CORS must allow.
//!
//! The runner sends a `HEAD` to [`Page::url`], following redirects as a browser does, and
//! hands what came back to [`judge`].

use s3_presign::{Bucket, EndpointProblem, PresignError, UrlStyle};

#[cfg(feature = "site")]
use crate::{Fact, NoReply};

/// Where a site's page is, and the origin it runs on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The URL given, with `index.html` added when it names a folder, without a fragment.
    pub url: String,
    /// `scheme://host[:port]`, in lower case, without the scheme's default port.
    pub origin: String,
}

impl Page {
    /// The page of the site at `site`: a URL ending in `/`, or whose last segment has no
    /// `.`, names a folder, whose `index.html` is the page; any other names the page itself.
    pub fn of(site: &str) -> Result<Self, EndpointProblem> {
        let site = site.trim();
        let site = site.split_once('#').map_or(site, |(before, _)| before);
        let (origin, rest) = split(site)?;
        let (path, query) = match rest.split_once('?') {
            Some((path, query)) => (path, Some(query).filter(|q| !q.is_empty())),
            None => (rest, None),
        };
        let mut url = format!("{origin}{path}");
        if path
            .rsplit('/')
            .next()
            .is_none_or(|last| !last.contains('.'))
        {
            if !url.ends_with('/') {
                url.push('/');
            }
            url.push_str("index.html");
        }
        if let Some(query) = query {
            url.push('?');
            url.push_str(query);
        }
        Ok(Self { url, origin })
    }
}

/// The origin of any http(s) URL, as [`Page::origin`] writes it.
pub fn origin(url: &str) -> Result<String, EndpointProblem> {
    split(url.trim()).map(|(origin, _)| origin)
}

/// The origin, and the rest of the URL from its path on.
fn split(url: &str) -> Result<(String, &str), EndpointProblem> {
    let (scheme, rest) = url.split_once("://").ok_or(EndpointProblem::NoScheme)?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, rest) = rest.split_at(end);
    // The endpoint's parser already checks hosts and ports and drops default ports.
    let origin = match Bucket::new(
        &format!("{scheme}://{authority}"),
        "site",
        "us-east-1",
        UrlStyle::Path,
    ) {
        Ok(bucket) => format!("{}://{}", bucket.scheme(), bucket.host()),
        Err(PresignError::InvalidEndpoint { reason, .. }) => return Err(reason),
        Err(other) => unreachable!("a fixed bucket and region are valid: {other}"),
    };
    Ok((origin, rest))
}

/// The answer to the `HEAD`, with the headers that decide how a browser takes the page.
#[cfg(feature = "site")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// Where the answer came from, after any redirects.
    pub url: String,
    pub status: u16,
    pub content_type: Option<String>,
    pub content_disposition: Option<String>,
}

/// The site step's finding from the `HEAD` of `page`, or why nothing answered.
#[cfg(feature = "site")]
pub fn judge(page: &Page, answer: Result<Head, NoReply>) -> Fact {
    let head = match answer {
        Ok(head) => head,
        Err(reason) => {
            return Fact::SiteNoAnswer {
                page: page.url.clone(),
                reason,
            }
        }
    };
    let page = head.url;
    if !(200..300).contains(&head.status) {
        return Fact::SiteRefused {
            page,
            status: head.status,
        };
    }
    // RFC 6266: a browser saves anything but `inline`, unknown types included.
    let saved = |value: &String| !matches!(kind(value).as_str(), "" | "inline");
    if let Some(disposition) = head.content_disposition.filter(saved) {
        return Fact::SiteDownloads { page, disposition };
    }
    match head.content_type {
        Some(content_type) if kind(&content_type) == "text/html" => {
            Fact::SiteOpens { page, content_type }
        }
        content_type => Fact::SiteNotHtml { page, content_type },
    }
}

/// A header's value before its parameters, in lower case: `text/html`, `attachment`.
#[cfg(feature = "site")]
fn kind(value: &str) -> String {
    let kind = value.split(';').next().unwrap_or_default();
    kind.trim().to_ascii_lowercase()
}

#[cfg(all(test, feature = "site"))]
mod tests;
