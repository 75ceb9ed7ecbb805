//! Which https servers the CLI believes: Mozilla's roots, or, when `AWS_CA_BUNDLE` names a
//! PEM file, that file's certificates alone, as the AWS CLI and boto3 do. A MinIO behind a
//! private CA, or local-s3 with the certificate it made at start, is then reached without
//! turning verification off.

use std::path::Path;
use std::sync::OnceLock;

use ureq::tls::{PemItem, RootCerts, TlsConfig};

use crate::UsageError;

/// The variable the AWS CLI and boto3 read for the same purpose.
pub const CA_BUNDLE: &str = "AWS_CA_BUNDLE";

static TLS: OnceLock<TlsConfig> = OnceLock::new();

/// Reads `AWS_CA_BUNDLE` once, before the first request: a file that cannot be read or holds
/// no certificate is the user's to fix, not a failure of every request after.
pub fn init() -> Result<(), UsageError> {
    let config = match std::env::var_os(CA_BUNDLE).filter(|path| !path.is_empty()) {
        Some(path) => bundle(Path::new(&path))?,
        None => TlsConfig::default(),
    };
    // A second call keeps the first reading; the environment has not changed since.
    let _ = TLS.set(config);
    Ok(())
}

/// The TLS settings every agent of the CLI is built with.
pub fn tls() -> TlsConfig {
    TLS.get().cloned().unwrap_or_default()
}

fn bundle(path: &Path) -> Result<TlsConfig, UsageError> {
    let shown = path.display();
    let pem = std::fs::read(path)
        .map_err(|e| UsageError(format!("{CA_BUNDLE}={shown}: cannot read it: {e}")))?;
    let mut certificates = Vec::new();
    for item in ureq::tls::parse_pem(&pem) {
        match item {
            Ok(PemItem::Certificate(certificate)) => certificates.push(certificate),
            Ok(_) => {}
            Err(e) => {
                return Err(UsageError(format!(
                    "{CA_BUNDLE}={shown}: not a PEM file: {e}"
                )))
            }
        }
    }
    if certificates.is_empty() {
        return Err(UsageError(format!(
            "{CA_BUNDLE}={shown}: no certificate in it (expected -----BEGIN CERTIFICATE-----)"
        )));
    }
    Ok(TlsConfig::builder()
        .root_certs(RootCerts::from(certificates))
        .build())
}

/// rustls's words for a refused certificate, and where trust comes from and how to add some;
/// any other error as it is.
pub fn with_hint(error: &std::io::Error) -> String {
    let words = error.to_string();
    if !words.contains("certificate") {
        return words;
    }
    match std::env::var_os(CA_BUNDLE).filter(|path| !path.is_empty()) {
        Some(path) => format!(
            "{words}: the server's certificate is not signed by one in {CA_BUNDLE}={}",
            Path::new(&path).display()
        ),
        None => format!(
            "{words}: if the server's certificate comes from your own CA, set {CA_BUNDLE} to \
             that CA's certificate (a PEM file)"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(contents: &[u8]) -> tempfile::NamedTempFile {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), contents).unwrap();
        file
    }

    #[test]
    fn a_missing_file_is_named_with_the_variable() {
        let message = bundle(Path::new("/nonexistent/ca.pem")).unwrap_err().0;
        assert!(message.starts_with("AWS_CA_BUNDLE=/nonexistent/ca.pem: cannot read it"));
    }

    #[test]
    fn a_file_without_a_certificate_is_refused() {
        let file = written(b"just some text\n");
        let message = bundle(file.path()).unwrap_err().0;
        assert!(message.contains("no certificate in it"), "{message}");
    }

    #[test]
    fn a_broken_pem_is_refused() {
        let file = written(b"-----BEGIN CERTIFICATE-----\n@@@@\n-----END CERTIFICATE-----\n");
        let message = bundle(file.path()).unwrap_err().0;
        assert!(message.contains("not a PEM file"), "{message}");
    }
}
