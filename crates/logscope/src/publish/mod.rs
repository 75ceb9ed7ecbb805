//! `logscope publish`: puts the built dashboard (`dist/`) in a bucket for static hosting, so
//! it opens at `{endpoint}/{bucket}/{prefix}index.html`.
//!
//! Every file goes up as a presigned PUT with the `Content-Type` a browser needs and the
//! `Cache-Control` its name allows ([`site`]), compressed with the `Content-Encoding` that
//! says so ([`encoding`]); fingerprinted assets first, index.html last,
//! so a visitor never gets an index.html naming files that are not there yet. A config.json
//! for the site is checked first and refused if it holds a secret ([`config`]). Nothing is
//! uploaded until everything has been checked.

mod args;
mod config;
mod encoding;
mod site;
pub(crate) mod upload;

pub use args::PublishArgs;

use crate::UsageError;
use encoding::Stored;
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
    args.encoding.check(bucket.scheme())?;
    let stored = files
        .iter()
        .map(|file| Ok(args.encoding.store(file, read(&file.source)?)))
        .collect::<Result<Vec<Stored>, UsageError>>()?;
    if args.dry_run {
        return Ok(plan(&files, &stored, &bucket, &prefix));
    }
    let credentials = args.credentials.resolve()?;
    let access_key = credentials.access_key().to_owned();
    let target = Target {
        bucket: &bucket,
        access_key: &access_key,
        prefix: &prefix,
    };
    let uploader = Uploader::new(bucket.clone(), credentials);
    for (done, (file, stored)) in files.iter().zip(&stored).enumerate() {
        let key = format!("{prefix}{}", file.name);
        let put = PutObject {
            key: &key,
            content_type: Some(file.content_type),
            cache_control: Some(file.cache_control),
            content_encoding: stored.encoding,
        };
        uploader.put(&put, &stored.body).map_err(|failed| {
            UsageError(upload::explain(&failed, &key, &target, done, files.len()))
        })?;
    }
    let mut out = table(&files, &stored, &prefix);
    let _ = write!(
        out,
        "published {} files, {} to bucket {} in {:.2} s\n{}",
        files.len(),
        totals(&files, &stored),
        bucket.name(),
        started.elapsed().as_secs_f64(),
        where_it_opens(&bucket, &prefix)
    );
    Ok(out)
}

/// `1.9 MB (512.3 kB stored)`: what the site is, and what a visitor transfers.
fn totals(files: &[SiteFile], stored: &[Stored]) -> String {
    let built: u64 = files.iter().map(|file| file.size).sum();
    let kept: usize = stored.iter().map(|stored| stored.body.len()).sum();
    format!("{} ({} stored)", size(built), size(kept as u64))
}

/// The address a host that serves the bucket as it is opens, and the way on Sealos, whose
/// object storage address makes browsers download index.html rather than open it.
fn where_it_opens(bucket: &Bucket, prefix: &str) -> String {
    let url = site_url(bucket, prefix);
    format!(
        "on Sealos, object storage's own address downloads index.html instead of opening it: \
         turn on static hosting for bucket {bucket_name} in the object storage app, open the \
         address it gives (with {prefix}index.html), and check it with `logscope doctor --site \
         ADDRESS`; README.md, \"Hosting on Sealos\", has the steps\nopen {url}",
        bucket_name = bucket.name(),
    )
}

fn read(path: &Path) -> Result<Vec<u8>, UsageError> {
    std::fs::read(path).map_err(|e| UsageError(format!("{}: {e}", path.display())))
}

/// What `--dry-run` prints: the files in upload order, and where the site would open.
fn plan(files: &[SiteFile], stored: &[Stored], bucket: &Bucket, prefix: &str) -> String {
    let mut out = format!(
        "dry run, nothing uploaded: in this order, to bucket {} at {}://{}\n",
        bucket.name(),
        bucket.scheme(),
        bucket.host()
    );
    out.push_str(&table(files, stored, prefix));
    let _ = write!(
        out,
        "{} files, {}; the site would open at {}",
        files.len(),
        totals(files, stored),
        site_url(bucket, prefix)
    );
    out
}

/// One line per file: key, size, size stored and its encoding, Content-Type, Cache-Control.
fn table(files: &[SiteFile], stored: &[Stored], prefix: &str) -> String {
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
    for ((key, file), stored) in keys.iter().zip(files).zip(stored) {
        let encoded = match stored.encoding {
            Some(encoding) => format!("{encoding} {}", size(stored.body.len() as u64)),
            None => "as built".to_owned(),
        };
        let _ = writeln!(
            out,
            "  {key:<key_width$}  {:>10}  {encoded:>15}  {:<type_width$}  {}",
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
