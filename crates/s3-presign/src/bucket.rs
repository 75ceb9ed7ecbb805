//! Where a bucket is: endpoint, name, region and URL style.

use crate::encode;
use crate::error::{BucketProblem, EndpointProblem, PresignError};

/// How the bucket appears in a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UrlStyle {
    /// `https://endpoint/bucket/key`: what MinIO and Sealos object storage use.
    #[default]
    Path,
    /// `https://bucket.endpoint/key`: what AWS prefers.
    VirtualHost,
}

/// A bucket on an S3-compatible endpoint, validated once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    scheme: &'static str,
    /// The `Host` header: host and, unless it is the scheme's default, the port.
    host: String,
    name: String,
    region: String,
    style: UrlStyle,
}

impl Bucket {
    /// Checks the endpoint (`http(s)://host[:port]`, an optional trailing `/`), the bucket
    /// name and the region.
    pub fn new(
        endpoint: &str,
        name: &str,
        region: &str,
        style: UrlStyle,
    ) -> Result<Self, PresignError> {
        let (scheme, authority) = parse_endpoint(endpoint)?;
        check_bucket_name(name, style)?;
        if region.is_empty() || region.contains(['/', ' ']) || region.chars().any(char::is_control)
        {
            return Err(PresignError::InvalidRegion {
                region: region.to_owned(),
            });
        }
        if style == UrlStyle::VirtualHost && is_ip_address(&authority) {
            return Err(invalid_endpoint(
                endpoint,
                EndpointProblem::IpForVirtualHost,
            ));
        }
        let host = match style {
            UrlStyle::Path => authority,
            UrlStyle::VirtualHost => format!("{name}.{authority}"),
        };
        Ok(Self {
            scheme,
            host,
            name: name.to_owned(),
            region: region.to_owned(),
            style,
        })
    }

    /// The bucket name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The region used in the credential scope.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The URL style.
    pub fn style(&self) -> UrlStyle {
        self.style
    }

    /// The `Host` header every request to this bucket carries.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// `http` or `https`.
    pub fn scheme(&self) -> &str {
        self.scheme
    }

    /// The encoded path of an object.
    pub(crate) fn object_path(&self, key: &str) -> String {
        let mut path = String::with_capacity(self.name.len() + key.len() * 3 + 2);
        path.push('/');
        if self.style == UrlStyle::Path {
            encode::encode_path_into(&mut path, &self.name);
            path.push('/');
        }
        encode::encode_path_into(&mut path, key);
        path
    }

    /// The encoded path of the bucket itself, as ListObjectsV2 addresses it: `/bucket` with no
    /// trailing slash in path style (as botocore signs it), `/` in virtual-host style.
    pub(crate) fn bucket_path(&self) -> String {
        match self.style {
            UrlStyle::Path => format!("/{}", encode::encode_path(&self.name)),
            UrlStyle::VirtualHost => "/".to_owned(),
        }
    }
}

fn invalid_endpoint(endpoint: &str, reason: EndpointProblem) -> PresignError {
    PresignError::InvalidEndpoint {
        endpoint: endpoint.to_owned(),
        reason,
    }
}

/// Splits an endpoint into its scheme and the `Host` header it implies.
fn parse_endpoint(endpoint: &str) -> Result<(&'static str, String), PresignError> {
    let trimmed = endpoint.trim();
    let lower = trimmed.to_ascii_lowercase();
    let (scheme, default_port, rest) = if let Some(rest) = lower.strip_prefix("https://") {
        ("https", 443, rest)
    } else if let Some(rest) = lower.strip_prefix("http://") {
        ("http", 80, rest)
    } else {
        return Err(invalid_endpoint(endpoint, EndpointProblem::NoScheme));
    };
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    if authority.contains(['/', '?', '#']) {
        return Err(invalid_endpoint(endpoint, EndpointProblem::NotJustHost));
    }
    if authority.contains('@') {
        return Err(invalid_endpoint(
            endpoint,
            EndpointProblem::HoldsCredentials,
        ));
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let end = v6
            .find(']')
            .ok_or_else(|| invalid_endpoint(endpoint, EndpointProblem::UnclosedIpv6))?;
        let after = &v6[end + 1..];
        let port = match after {
            "" => None,
            _ => Some(
                after
                    .strip_prefix(':')
                    .ok_or_else(|| invalid_endpoint(endpoint, EndpointProblem::TextAfterIpv6))?,
            ),
        };
        (&authority[..end + 2], port)
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let host_is_valid = !host.is_empty()
        && (host.starts_with('[')
            || host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_')));
    if !host_is_valid {
        return Err(invalid_endpoint(endpoint, EndpointProblem::BadHost));
    }
    let port = match port {
        None => None,
        Some(digits) => {
            let number = digits
                .parse::<u16>()
                .ok()
                .filter(|p| *p != 0 && digits.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| invalid_endpoint(endpoint, EndpointProblem::BadPort))?;
            (number != default_port).then_some(number)
        }
    };
    let authority = match port {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    };
    Ok((scheme, authority))
}

/// `[v6]`, or four dotted decimal numbers, with or without a port.
fn is_ip_address(authority: &str) -> bool {
    let host = match authority.rsplit_once(':') {
        Some((host, _)) if !authority.starts_with('[') => host,
        _ => authority,
    };
    host.starts_with('[') || host.parse::<std::net::Ipv4Addr>().is_ok()
}

fn check_bucket_name(name: &str, style: UrlStyle) -> Result<(), PresignError> {
    let invalid = |reason| PresignError::InvalidBucket {
        bucket: name.to_owned(),
        reason,
    };
    if name.is_empty() {
        return Err(invalid(BucketProblem::Empty));
    }
    if name.contains('/') || name.chars().any(char::is_control) {
        return Err(invalid(BucketProblem::BadCharacters));
    }
    let dns_safe = name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-'));
    if style == UrlStyle::VirtualHost && !dns_safe {
        return Err(invalid(BucketProblem::NotDnsSafe));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(endpoint: &str, style: UrlStyle) -> String {
        Bucket::new(endpoint, "logs", "us-east-1", style)
            .unwrap()
            .host()
            .to_owned()
    }

    #[test]
    fn default_ports_are_left_out_of_the_host() {
        assert_eq!(
            host("https://S3.Example.com:443", UrlStyle::Path),
            "s3.example.com"
        );
        assert_eq!(
            host("http://minio.local:80/", UrlStyle::Path),
            "minio.local"
        );
        assert_eq!(
            host("http://127.0.0.1:9000", UrlStyle::Path),
            "127.0.0.1:9000"
        );
        assert_eq!(host("https://h:80", UrlStyle::Path), "h:80");
        assert_eq!(host("http://[::1]:9000", UrlStyle::Path), "[::1]:9000");
        assert_eq!(host("http://[::1]", UrlStyle::Path), "[::1]");
    }

    #[test]
    fn virtual_host_style_puts_the_bucket_in_the_host() {
        assert_eq!(
            host("https://s3.example.com:8443", UrlStyle::VirtualHost),
            "logs.s3.example.com:8443"
        );
    }

    #[test]
    fn bad_endpoints_are_refused_with_a_reason() {
        for endpoint in [
            "s3.example.com",
            "ftp://x",
            "https://",
            "https://h:0",
            "https://h:99999",
            "https://h:9x",
            "https://h/path",
            "https://u:p@h",
            "https://h?x",
            "http://[::1",
            "https://h h",
        ] {
            let err = Bucket::new(endpoint, "b", "us-east-1", UrlStyle::Path).unwrap_err();
            assert_eq!(err.code(), "InvalidEndpoint", "{endpoint}");
        }
    }

    #[test]
    fn bucket_and_region_are_checked() {
        assert!(Bucket::new("http://h", "", "r", UrlStyle::Path).is_err());
        assert!(Bucket::new("http://h", "a/b", "r", UrlStyle::Path).is_err());
        assert!(Bucket::new("http://h", "My_Bucket", "r", UrlStyle::Path).is_ok());
        assert!(Bucket::new("http://h", "My_Bucket", "r", UrlStyle::VirtualHost).is_err());
        assert!(Bucket::new("http://h", "b", "", UrlStyle::Path).is_err());
        assert!(Bucket::new("http://h", "b", "us/east", UrlStyle::Path).is_err());
    }

    #[test]
    fn paths_keep_key_slashes_and_encode_the_rest() {
        let path_style = Bucket::new("http://h", "logs", "r", UrlStyle::Path).unwrap();
        assert_eq!(path_style.object_path("a b//c"), "/logs/a%20b//c");
        assert_eq!(path_style.bucket_path(), "/logs");
        let vhost = Bucket::new("http://h", "logs", "r", UrlStyle::VirtualHost).unwrap();
        assert_eq!(vhost.object_path("/x"), "//x");
        assert_eq!(vhost.bucket_path(), "/");
    }

    #[test]
    fn virtual_host_style_refuses_ip_endpoints() {
        for endpoint in [
            "http://127.0.0.1:9000",
            "http://[::1]:9000",
            "http://10.0.0.1",
        ] {
            let err = Bucket::new(endpoint, "logs", "r", UrlStyle::VirtualHost).unwrap_err();
            assert_eq!(err.code(), "InvalidEndpoint", "{endpoint}");
        }
    }

    #[test]
    fn each_refusal_names_its_reason() {
        let endpoint = |endpoint: &str, style| match Bucket::new(endpoint, "b", "r", style) {
            Err(PresignError::InvalidEndpoint { reason, .. }) => reason,
            other => panic!("{endpoint}: {other:?}"),
        };
        use EndpointProblem::*;
        for (given, reason) in [
            ("s3.example.com", NoScheme),
            ("https://h/path", NotJustHost),
            ("https://u:p@h", HoldsCredentials),
            ("http://[::1", UnclosedIpv6),
            ("http://[::1]x", TextAfterIpv6),
            ("https://h h", BadHost),
            ("https://h:0", BadPort),
        ] {
            assert_eq!(endpoint(given, UrlStyle::Path), reason, "{given}");
        }
        assert_eq!(
            endpoint("http://10.0.0.1", UrlStyle::VirtualHost),
            IpForVirtualHost
        );
        let bucket = |name: &str, style| match Bucket::new("http://h", name, "r", style) {
            Err(PresignError::InvalidBucket { reason, .. }) => reason,
            other => panic!("{name}: {other:?}"),
        };
        assert_eq!(bucket("", UrlStyle::Path), BucketProblem::Empty);
        assert_eq!(bucket("a/b", UrlStyle::Path), BucketProblem::BadCharacters);
        assert_eq!(
            bucket("My_Bucket", UrlStyle::VirtualHost),
            BucketProblem::NotDnsSafe
        );
    }
}
