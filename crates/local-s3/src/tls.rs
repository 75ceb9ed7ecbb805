//! HTTPS as a Sealos user's browser meets the storage: the cluster's ingress ends TLS and
//! speaks HTTP/2 to browsers, about 150 streams a connection, and HTTP/1.1 to older clients.
//! Chromium allows only 6 connections a host over HTTP/1.1 but the server's stream limit over
//! HTTP/2, so a test on plain HTTP measures a page held to 6 reads at a time that no user has.
//!
//! The certificate is made at start for `127.0.0.1` and `localhost`, and trusted by nobody:
//! a client trusts it by its DER ([`Certificate::der`]) or PEM ([`Certificate::pem`], as
//! `AWS_CA_BUNDLE` takes it), or a browser by its key's hash ([`Certificate::spki_sha256`],
//! for Chromium's `--ignore-certificate-errors-spki-list`).

use std::sync::Arc;

use base64::Engine as _;
use rcgen::PublicKeyData as _;
use sha2::{Digest, Sha256};
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::TlsAcceptor;

/// The streams one HTTP/2 connection may carry at once, as the ingress allows.
pub(crate) const MAX_STREAMS: u32 = 150;

/// The server's certificate, made at start.
#[derive(Clone)]
pub struct Certificate {
    der: Vec<u8>,
    pem: String,
    spki_sha256: String,
}

impl Certificate {
    /// The certificate itself, DER-encoded: what a client adds to its roots.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The certificate in PEM, as boto3's and logscope's `AWS_CA_BUNDLE` file takes it.
    pub fn pem(&self) -> &str {
        &self.pem
    }

    /// The base64 SHA-256 of its public key (SubjectPublicKeyInfo), as Chromium's
    /// `--ignore-certificate-errors-spki-list` takes it.
    pub fn spki_sha256(&self) -> &str {
        &self.spki_sha256
    }
}

impl std::fmt::Debug for Certificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Certificate")
            .field("spki_sha256", &self.spki_sha256)
            .finish_non_exhaustive()
    }
}

/// PEM for a certificate's DER: base64 in lines of 64 between the markers (RFC 7468).
fn pem(der: &[u8]) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = encoded
        .as_bytes()
        .chunks(64)
        .map(|line| std::str::from_utf8(line).expect("base64 is ASCII"))
        .collect();
    format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        lines.join("\n")
    )
}

/// A TLS acceptor offering h2 and http/1.1, on a certificate made now.
pub(crate) fn acceptor() -> Result<(TlsAcceptor, Certificate), String> {
    let names = vec!["127.0.0.1".to_owned(), "localhost".to_owned()];
    let made = rcgen::generate_simple_self_signed(names).map_err(|e| e.to_string())?;
    let spki = made.signing_key.subject_public_key_info();
    let certificate = Certificate {
        der: made.cert.der().to_vec(),
        pem: pem(made.cert.der()),
        spki_sha256: base64::engine::general_purpose::STANDARD.encode(Sha256::digest(spki)),
    };
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(made.signing_key.serialize_der()));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_no_client_auth()
        .with_single_cert(vec![CertificateDer::from(certificate.der.clone())], key)
        .map_err(|e| e.to_string())?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok((TlsAcceptor::from(Arc::new(config)), certificate))
}
