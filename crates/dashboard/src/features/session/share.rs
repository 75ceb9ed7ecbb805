//! Share links: the dashboard's own address with a presigned GET URL for one object in the
//! fragment. A colleague without credentials can open the session until the URL expires; the
//! fragment is never sent to the static host, and the secret key is never in the link (only
//! its signature is).

use crate::i18n::locale::Lang;
use crate::route::{fragment, Route};
use s3_presign::{Bucket, Credentials, Expiry};

/// How long a share link lasts, as offered to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifetime {
    /// One hour.
    Hour,
    /// One day.
    Day,
    /// Seven days: the longest SigV4 allows.
    Week,
}

impl Lifetime {
    /// The choices, shortest first.
    pub const ALL: [Lifetime; 3] = [Lifetime::Hour, Lifetime::Day, Lifetime::Week];

    /// Seconds.
    pub fn seconds(self) -> u64 {
        match self {
            Self::Hour => 3_600,
            Self::Day => 86_400,
            Self::Week => 604_800,
        }
    }

    /// For the picker.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Hour => lang.pick("1 hour", "1 小时"),
            Self::Day => lang.pick("1 day", "1 天"),
            Self::Week => lang.pick("7 days", "7 天"),
        }
    }
}

/// A share link and when it stops working.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareLink {
    /// The link to hand out.
    pub url: String,
    /// Unix seconds after which the object can no longer be read through it.
    pub expires: i64,
}

/// Makes the share link for `key`, signed at `now` (unix seconds, already corrected for clock
/// skew) on top of `page` (the dashboard's address). Its query and fragment are dropped: the
/// shared view needs neither, and a query may hold what someone pasted there by mistake.
pub fn share_link(
    page: &str,
    bucket: &Bucket,
    credentials: &Credentials,
    key: &str,
    now: i64,
    lifetime: Lifetime,
) -> Result<ShareLink, s3_presign::PresignError> {
    let at = chrono::DateTime::from_timestamp(now, 0).unwrap_or_default();
    let expiry = Expiry::from_secs(lifetime.seconds())?;
    let object = s3_presign::get_object(bucket, credentials, key, at, expiry)?;
    let expires = now + lifetime.seconds() as i64;
    let base = page.split(['#', '?']).next().unwrap_or(page);
    let route = Route::Shared {
        url: object,
        expires: Some(expires),
    };
    Ok(ShareLink {
        url: format!("{base}{}", fragment(&route)),
        expires,
    })
}

/// Whether a shared link still works at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validity {
    /// Still readable for this many seconds.
    Valid {
        /// Seconds left.
        remaining: i64,
    },
    /// Past its expiry: the sharer must make a new link.
    Expired,
    /// The link does not say (made by hand, or cut short); the server decides.
    Unknown,
}

/// Tells whether a link expiring at `expires` still works at `now`.
pub fn validity(expires: Option<i64>, now: i64) -> Validity {
    match expires {
        Some(expires) if expires > now => Validity::Valid {
            remaining: expires - now,
        },
        Some(_) => Validity::Expired,
        None => Validity::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::route::parse;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    fn link(lifetime: Lifetime) -> ShareLink {
        let bucket = Bucket::new(
            "http://127.0.0.1:9000",
            "logs",
            "us-east-1",
            s3_presign::UrlStyle::Path,
        )
        .unwrap();
        let credentials = Credentials::new("AKIDEXAMPLE", SECRET).unwrap();
        share_link(
            "http://127.0.0.1:8080/?bucket=logs&secret_access_key=pasted#/session/old",
            &bucket,
            &credentials,
            "openai_logs/1/a b#c.txt",
            1_750_572_866,
            lifetime,
        )
        .unwrap()
    }

    #[test]
    fn the_link_carries_the_presigned_url_in_the_fragment_and_never_the_secret() {
        let share = link(Lifetime::Day);
        assert!(
            share.url.starts_with("http://127.0.0.1:8080/#/shared?url="),
            "{}",
            share.url
        );
        assert_eq!(share.expires, 1_750_572_866 + 86_400);
        for secret_form in [SECRET, "wJalrXUtnFEMI", "K7MDENG", "pasted"] {
            assert!(!share.url.contains(secret_form), "{}", share.url);
        }
        match parse(&share.url[share.url.find('#').unwrap()..]) {
            Route::Shared { url, expires } => {
                assert!(url.starts_with("http://127.0.0.1:9000/logs/openai_logs/1/a%20b%23c.txt?"));
                assert!(url.contains("X-Amz-Expires=86400&"));
                assert_eq!(expires, Some(share.expires));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_offered_lifetime_is_one_sigv4_accepts() {
        for lifetime in Lifetime::ALL {
            let share = link(lifetime);
            assert_eq!(share.expires - 1_750_572_866, lifetime.seconds() as i64);
        }
        assert_eq!(Lifetime::Week.seconds(), u64::from(Expiry::MAX_SECONDS));
    }

    #[test]
    fn validity_counts_down_to_expired() {
        assert_eq!(validity(Some(100), 40), Validity::Valid { remaining: 60 });
        assert_eq!(validity(Some(100), 100), Validity::Expired);
        assert_eq!(validity(Some(100), 500), Validity::Expired);
        assert_eq!(validity(None, 500), Validity::Unknown);
    }
}
