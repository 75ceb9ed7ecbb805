//! Stage 3 of SigV4: the signing key, derived from the secret by four HMACs.
//!
//! The key depends only on the secret, the scope date, the region and the service, so
//! [`SigningKeyCache`] keeps it for the day: signing many URLs costs one derivation.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::sync::Mutex;
use zeroize::Zeroizing;

pub(crate) type HmacSha256 = Hmac<Sha256>;

/// The four keys of the derivation chain, for checking each step against a reference.
pub struct KeyChain {
    /// `HMAC("AWS4" + secret, date)`.
    pub date: [u8; 32],
    /// `HMAC(date key, region)`.
    pub region: [u8; 32],
    /// `HMAC(region key, service)`.
    pub service: [u8; 32],
    /// `HMAC(service key, "aws4_request")`: the signing key.
    pub signing: [u8; 32],
}

fn hmac(key: &[u8], data: &str) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().into()
}

/// Runs the whole derivation chain for `secret` on `date` (`YYYYMMDD`).
pub fn derive(secret: &str, date: &str, region: &str, service: &str) -> KeyChain {
    let seed = Zeroizing::new(["AWS4", secret].concat());
    let date_key = hmac(seed.as_bytes(), date);
    let region_key = hmac(&date_key, region);
    let service_key = hmac(&region_key, service);
    let signing = hmac(&service_key, "aws4_request");
    KeyChain {
        date: date_key,
        region: region_key,
        service: service_key,
        signing,
    }
}

/// A signing key ready to sign: the HMAC state already keyed, so each signature skips the
/// key set-up too.
#[derive(Clone)]
pub struct SigningKey {
    mac: HmacSha256,
}

impl SigningKey {
    /// Wraps a derived signing key.
    pub fn new(key: &[u8; 32]) -> Self {
        Self {
            mac: HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length"),
        }
    }

    pub(crate) fn mac(&self) -> HmacSha256 {
        self.mac.clone()
    }
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKey(<redacted>)")
    }
}

struct Entry {
    date: String,
    region: String,
    service: String,
    key: SigningKey,
}

/// How many regions one set of credentials keeps keys for at once.
const CACHED_SCOPES: usize = 4;

/// Signing keys of one set of credentials, by (date, region, service).
#[derive(Default)]
pub struct SigningKeyCache {
    entries: Mutex<Vec<Entry>>,
    derivations: std::sync::atomic::AtomicU64,
}

impl SigningKeyCache {
    /// The key for this scope, derived only if the cache does not hold it yet.
    pub fn get(&self, secret: &str, date: &str, region: &str, service: &str) -> SigningKey {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(entry) = entries
            .iter()
            .find(|e| e.date == date && e.region == region && e.service == service)
        {
            return entry.key.clone();
        }
        let chain = derive(secret, date, region, service);
        let key = SigningKey::new(&chain.signing);
        self.derivations
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        // A new day makes every older key useless; other regions of the same day stay.
        entries.retain(|e| e.date == date);
        if entries.len() == CACHED_SCOPES {
            entries.remove(0);
        }
        entries.push(Entry {
            date: date.to_owned(),
            region: region.to_owned(),
            service: service.to_owned(),
            key: key.clone(),
        });
        key
    }

    /// How many times a key was derived: the measure that caching works.
    pub fn derivations(&self) -> u64 {
        self.derivations.load(std::sync::atomic::Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    #[test]
    fn one_derivation_per_scope_and_day() {
        let cache = SigningKeyCache::default();
        for _ in 0..100 {
            cache.get(SECRET, "20130524", "us-east-1", "s3");
        }
        assert_eq!(cache.derivations(), 1);
        cache.get(SECRET, "20130524", "eu-west-2", "s3");
        cache.get(SECRET, "20130524", "us-east-1", "s3");
        assert_eq!(
            cache.derivations(),
            2,
            "a second region is kept beside the first"
        );
        cache.get(SECRET, "20130525", "us-east-1", "s3");
        assert_eq!(cache.derivations(), 3, "a new day needs a new key");
    }

    #[test]
    fn cache_holds_a_bounded_number_of_scopes() {
        let cache = SigningKeyCache::default();
        for region in ["a", "b", "c", "d", "e"] {
            cache.get(SECRET, "20130524", region, "s3");
        }
        assert_eq!(cache.entries.lock().unwrap().len(), CACHED_SCOPES);
        cache.get(SECRET, "20130524", "a", "s3");
        assert_eq!(cache.derivations(), 6, "the oldest scope was evicted");
    }
}
