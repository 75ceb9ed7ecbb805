//! `logscope publish`: puts the built dashboard (`dist/`) in a bucket for static hosting, so
//! it opens at `{endpoint}/{bucket}/{prefix}index.html`.
//!
//! Every file goes up as a presigned PUT with the `Content-Type` a browser needs and the
//! `Cache-Control` its name allows ([`site`]); fingerprinted assets first, index.html last,
//! so a visitor never gets an index.html naming files that are not there yet. A config.json
//! for the site is checked first and refused if it holds a secret ([`config`]). Nothing is
//! uploaded until everything has been checked.

mod args;
mod config;
mod site;
mod upload;

pub use args::PublishArgs;

use crate::UsageError;
use s3_presign::{Bucket, PutObject, UrlStyle};
use site::SiteFile;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;
use upload::{Target, Uploader};

/// Prints nothing itself: returns the plan or the summary, or the one-line problem.
pub fn run(args: PublishArgs) -> Result<String, UsageError> {
    let started = Instant::now();
    let prefix = args.site_prefix()?;
    let bucket = args.bucket.resolve(UrlStyle::Path)?;
    let mut files = site::collect(&args.dist)?;
    if let Some(path) = &args.config {
        let size = std::fs::metadata(path)
            .map_err(|e| UsageError(format!("--config {}: {e}", path.display())))?
            .len();
        files.retain(|file| file.name != "config.json");
        files.push(SiteFile::new(path.clone(), "config.json".into(), size));
        site::in_upload_order(&mut files);
    }
    if let Some(file) = files.iter().find(|file| file.name == "config.json") {
        let origin = match &args.config {
            Some(path) => format!("--config {}", path.display()),
            None => file.source.display().to_string(),
        };
        let bytes = read(&file.source)?;
        config::check(&bytes, &origin, bucket.scheme())?;
    }
    if args.dry_run {
        return Ok(plan(&files, &bucket, &prefix));
    }
    let credentials = args.credentials.resolve()?;
    let access_key = credentials.access_key().to_owned();
    let target = Target {
        bucket: &bucket,
        access_key: &access_key,
        prefix: &prefix,
    };
    let uploader = Uploader::new(bucket.clone(), credentials);
    let mut bytes = 0;
    for (done, file) in files.iter().enumerate() {
        let body = read(&file.source)?;
        let key = format!("{prefix}{}", file.name);
        let put = PutObject {
            key: &key,
            content_type: Some(file.content_type),
            cache_control: Some(file.cache_control),
        };
        uploader.put(&put, &body).map_err(|failed| {
            UsageError(upload::explain(&failed, &key, &target, done, files.len()))
        })?;
        bytes += body.len();
    }
    let mut out = table(&files, &prefix);
    let _ = write!(
        out,
        "published {} files, {} to bucket {} in {:.2} s\nopen {}",
        files.len(),
        size(bytes as u64),
        bucket.name(),
        started.elapsed().as_secs_f64(),
        site_url(&bucket, &prefix)
    );
    Ok(out)
}

fn read(path: &Path) -> Result<Vec<u8>, UsageError> {
    std::fs::read(path).map_err(|e| UsageError(format!("{}: {e}", path.display())))
}

/// What `--dry-run` prints: the files in upload order, and where the site would open.
fn plan(files: &[SiteFile], bucket: &Bucket, prefix: &str) -> String {
    let mut out = format!(
        "dry run, nothing uploaded: in this order, to bucket {} at {}://{}\n",
        bucket.name(),
        bucket.scheme(),
        bucket.host()
    );
    out.push_str(&table(files, prefix));
    let total: u64 = files.iter().map(|file| file.size).sum();
    let _ = write!(
        out,
        "{} files, {}; the site would open at {}",
        files.len(),
        size(total),
        site_url(bucket, prefix)
    );
    out
}

/// One line per file: key, size, Content-Type, Cache-Control.
fn table(files: &[SiteFile], prefix: &str) -> String {
    let keys: Vec<String> = files
        .iter()
        .map(|f| format!("{prefix}{}", f.name))
        .collect();
    let key_width = keys.iter().map(|k| k.chars().count()).max().unwrap_or(0);
    let type_width = files
        .iter()
        .map(|f| f.content_type.len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (key, file) in keys.iter().zip(files) {
        let _ = writeln!(
            out,
            "  {key:<key_width$}  {:>10}  {:<type_width$}  {}",
            size(file.size),
            file.content_type,
            file.cache_control
        );
    }
    out
}

/// `812 B` under 10 kB, then kB or MB with one decimal.
fn size(bytes: u64) -> String {
    match bytes {
        0..=9_999 => format!("{bytes} B"),
        10_000..=999_999 => format!("{:.1} kB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

/// Where the published site opens: path style, as Sealos and MinIO serve a public bucket.
fn site_url(bucket: &Bucket, prefix: &str) -> String {
    let path = s3_presign::encode::encode_path(&format!("{prefix}index.html")).into_owned();
    format!(
        "{}://{}/{}/{path}",
        bucket.scheme(),
        bucket.host(),
        bucket.name()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_site_opens_under_its_bucket_and_folder() {
        let bucket = Bucket::new(
            "https://s3.example.com:443",
            "site",
            "us-east-1",
            UrlStyle::Path,
        )
        .unwrap();
        assert_eq!(
            site_url(&bucket, "logscope/日志 a/"),
            "https://s3.example.com/site/logscope/%E6%97%A5%E5%BF%97%20a/index.html"
        );
        assert_eq!(
            site_url(&bucket, ""),
            "https://s3.example.com/site/index.html"
        );
    }

    #[test]
    fn sizes_read_at_a_glance() {
        assert_eq!(size(812), "812 B");
        assert_eq!(size(81_234), "81.2 kB");
        assert_eq!(size(812_345_678), "812.3 MB");
    }
}
