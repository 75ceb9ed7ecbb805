//! Writing parts: entries cut into parts of at most [`ENTRIES_PER_PART`], each stored
//! gzip-compressed with `Content-Encoding: gzip` as a signed header, so that a browser
//! fetching it gets the part itself. Parts never change once written, and say so to caches.

use std::io::Write as _;

use chrono::Utc;
use flate2::write::GzEncoder;
use flate2::Compression;
use s3_presign::{Bucket, Credentials, PutObject};
use s3_read::{Failed, Failure};
use session_log::index::{self, part, Entry, Part};

use crate::publish::upload::Uploader;
use crate::stats::explain;
use crate::UsageError;

/// Large enough that a bucket of a million sessions needs a handful of parts, small enough
/// that a page reads one without holding hundreds of megabytes.
pub const ENTRIES_PER_PART: usize = 200_000;

/// A part that went up.
pub struct Written {
    pub key: String,
    pub entries: usize,
    /// Stored, compressed.
    pub bytes: usize,
}

pub struct Writer {
    uploader: Uploader,
    bucket: Bucket,
    prefix: String,
}

impl Writer {
    pub fn new(bucket: Bucket, credentials: Credentials, prefix: &str) -> Self {
        Self {
            uploader: Uploader::new(bucket.clone(), credentials),
            bucket,
            prefix: prefix.to_owned(),
        }
    }

    /// Writes `entries` as new parts.
    pub fn write(&self, mut entries: Vec<Entry>) -> Result<Vec<Written>, UsageError> {
        entries.sort_by(|a, b| a.key.cmp(&b.key));
        let mut written = Vec::new();
        while !entries.is_empty() {
            let rest = entries.split_off(entries.len().min(ENTRIES_PER_PART));
            let chunk = std::mem::replace(&mut entries, rest);
            written.push(self.write_part(chunk)?);
        }
        Ok(written)
    }

    fn write_part(&self, entries: Vec<Entry>) -> Result<Written, UsageError> {
        let written_at = Utc::now();
        let count = entries.len();
        let bytes = part::write(&Part {
            writer: format!("logscope {}", env!("CARGO_PKG_VERSION")),
            written_at,
            entries,
        });
        let compressed = gzip(&bytes);
        let key = index::part_key(&self.prefix, written_at, fastrand::u64(..));
        let put = PutObject {
            key: &key,
            content_type: Some("application/octet-stream"),
            cache_control: Some("public, max-age=31536000, immutable"),
            content_encoding: Some("gzip"),
        };
        self.uploader
            .put(&put, &compressed)
            .map_err(|failed| UsageError(self.explain(&failed, "writing", &key)))?;
        Ok(Written {
            key,
            entries: count,
            bytes: compressed.len(),
        })
    }

    /// Removes the parts `keys` (merged into a new one); returns how many.
    pub fn remove(&self, keys: &[String]) -> Result<usize, UsageError> {
        for key in keys {
            self.uploader
                .delete(key)
                .map_err(|failed| UsageError(self.explain(&failed, "removing", key)))?;
        }
        Ok(keys.len())
    }

    fn explain(&self, failed: &Failed, doing: &str, key: &str) -> String {
        let folder = format!("{}{}", self.prefix, index::FOLDER);
        let advice = match &failed.failure {
            Failure::S3 { code, .. } if code == "AccessDenied" => format!(
                ": these credentials may not write the index; they need s3:PutObject and \
                 s3:DeleteObject on arn:aws:s3:::{}/{folder}*",
                self.bucket.name()
            ),
            _ => String::new(),
        };
        format!(
            "{doing} {key} in bucket {}: {}{advice}",
            self.bucket.name(),
            explain::unavailable(failed)
        )
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(bytes.len() / 4), Compression::best());
    encoder
        .write_all(bytes)
        .expect("writing to memory cannot fail");
    encoder.finish().expect("writing to memory cannot fail")
}
