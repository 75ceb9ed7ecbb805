//! How a file's bytes are stored: compressed before upload, with the `Content-Encoding` that
//! says so, because S3 (MinIO on Sealos too) serves a body exactly as it was uploaded and
//! never compresses on the fly. The browser decodes what it gets and checks trunk's integrity
//! hashes against the decoded bytes, so the page is the same, only its transfer is smaller.
//!
//! A bucket does not negotiate: every visitor gets the stored encoding whatever their
//! `Accept-Encoding` says. gzip is read by every browser; brotli is smaller, but browsers
//! offer it only over https, so it is refused for a site served over http.

use super::site::SiteFile;
use crate::UsageError;
use clap::ValueEnum;
use std::io::Write;

/// What `--encoding` chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Encoding {
    /// gzip, which every browser reads.
    Gzip,
    /// brotli, for a site served over https only.
    Br,
    /// The bytes as built, for a host that compresses by itself.
    None,
}

/// A file's bytes as they go to the bucket.
pub struct Stored {
    pub body: Vec<u8>,
    /// The `Content-Encoding` to store it with, if the body is compressed.
    pub encoding: Option<&'static str>,
}

impl Encoding {
    /// Refuses brotli where browsers would not decode it.
    pub fn check(self, site_scheme: &str) -> Result<(), UsageError> {
        if self == Encoding::Br && site_scheme != "https" {
            return Err(UsageError(format!(
                "--encoding br: browsers accept brotli only over https, and this site would be \
                 served over {site_scheme}; use --encoding gzip"
            )));
        }
        Ok(())
    }

    /// `body` compressed when its type compresses and the result is smaller, else as is.
    pub fn store(self, file: &SiteFile, body: Vec<u8>) -> Stored {
        if !compresses(file) {
            return Stored {
                body,
                encoding: None,
            };
        }
        let (compressed, name) = match self {
            Encoding::None => {
                return Stored {
                    body,
                    encoding: None,
                }
            }
            Encoding::Gzip => (gzip(&body), "gzip"),
            Encoding::Br => (brotli(&body), "br"),
        };
        if compressed.len() < body.len() {
            Stored {
                body: compressed,
                encoding: Some(name),
            }
        } else {
            Stored {
                body,
                encoding: None,
            }
        }
    }
}

/// Text and wasm shrink several times; images and fonts are compressed already. config.json
/// stays as written so it can still be read and edited from a storage console.
fn compresses(file: &SiteFile) -> bool {
    let text = [
        "text/html; charset=utf-8",
        "text/javascript",
        "application/wasm",
        "text/css",
        "image/svg+xml",
        "application/manifest+json",
    ];
    file.name != "config.json"
        && (text.contains(&file.content_type)
            || (file.content_type == "application/json" && file.name.ends_with(".map")))
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

/// Quality 11 with a 4 MiB window: the smallest brotli gives, worth its second or two since
/// a site is compressed once and fetched by every visitor.
fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
    encoder.write_all(bytes).expect("writing to memory");
    drop(encoder);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn file(name: &str) -> SiteFile {
        SiteFile::new(name.into(), name.into(), 0)
    }

    fn text() -> Vec<u8> {
        (0..2_000)
            .flat_map(|i| format!("function f{i}() {{ return {i}; }}\n").into_bytes())
            .collect()
    }

    #[test]
    fn code_is_stored_compressed_and_decodes_to_the_same_bytes() {
        let body = text();
        let gz = Encoding::Gzip.store(&file("app-0123456789abcdef.js"), body.clone());
        assert_eq!(gz.encoding, Some("gzip"));
        assert!(gz.body.len() * 4 < body.len(), "{}", gz.body.len());
        let mut decoded = Vec::new();
        flate2::read::GzDecoder::new(&gz.body[..])
            .read_to_end(&mut decoded)
            .unwrap();
        assert_eq!(decoded, body);

        let br = Encoding::Br.store(&file("index.html"), body.clone());
        assert_eq!(br.encoding, Some("br"));
        assert!(br.body.len() < gz.body.len());
        let mut decoded = Vec::new();
        brotli::Decompressor::new(&br.body[..], 4096)
            .read_to_end(&mut decoded)
            .unwrap();
        assert_eq!(decoded, body);
    }

    #[test]
    fn what_would_not_shrink_or_must_stay_readable_goes_as_built() {
        for name in ["logo.png", "font.woff2", "config.json", "notes.unknown"] {
            let stored = Encoding::Gzip.store(&file(name), text());
            assert_eq!((stored.encoding, stored.body), (None, text()), "{name}");
        }
        let tiny = b"body{}".to_vec();
        let stored = Encoding::Gzip.store(&file("styles-fedcba9876543210.css"), tiny.clone());
        assert_eq!((stored.encoding, stored.body), (None, tiny));
        let stored = Encoding::None.store(&file("index.html"), text());
        assert_eq!((stored.encoding, stored.body), (None, text()));
    }

    #[test]
    fn brotli_only_for_a_site_served_over_https() {
        assert!(Encoding::Br.check("https").is_ok());
        let refused = Encoding::Br.check("http").unwrap_err().0;
        assert!(refused.contains("--encoding gzip"), "{refused}");
        assert!(Encoding::Gzip.check("http").is_ok());
    }
}
