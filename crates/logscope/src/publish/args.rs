//! What `logscope publish` takes: the built site, where in which bucket it goes, an optional
//! config.json for it, and the same endpoint, region and credentials as `presign` and `stats`.

use super::encoding::Encoding;
use crate::presign::{BucketArgs, CredentialArgs};
use crate::UsageError;
use clap::Args;
use std::path::PathBuf;

#[derive(Args)]
#[command(
    mut_arg("endpoint", |arg| arg.required(true)),
    mut_arg("bucket", |arg| arg.required(true))
)]
pub struct PublishArgs {
    /// The folder trunk built (`make site`).
    #[arg(long, value_name = "PATH", default_value = "dist")]
    pub dist: PathBuf,
    /// The folder of the bucket the site goes in, e.g. logscope/ (a missing trailing `/` is
    /// added); empty for the top of the bucket.
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    pub prefix: String,
    /// A config.json to publish beside index.html (instead of one in --dist): endpoint,
    /// bucket, region, prefix of the log bucket, and "connect". Never a secret key.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// How html, js, wasm and css are stored: S3 serves them as uploaded, so compressing
    /// here is what makes a visitor's download small. br only for a site served over https.
    #[arg(long, value_enum, default_value = "gzip")]
    pub encoding: Encoding,
    /// Print what would be uploaded, with its Content-Type and Cache-Control, and upload
    /// nothing (no credentials needed).
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub bucket: BucketArgs,
    #[command(flatten)]
    pub credentials: CredentialArgs,
}

impl PublishArgs {
    /// The site's folder in the bucket, ending in `/` unless it is the top. A browser would
    /// rewrite a path with empty, `.` or `..` segments, so the site could not be opened there.
    pub fn site_prefix(&self) -> Result<String, UsageError> {
        folder(&self.prefix)
    }
}

fn folder(prefix: &str) -> Result<String, UsageError> {
    if prefix.is_empty() {
        return Ok(String::new());
    }
    let trimmed = prefix.strip_suffix('/').unwrap_or(prefix);
    if trimmed
        .split('/')
        .any(|segment| matches!(segment, "" | "." | ".."))
    {
        return Err(UsageError(format!(
            "--prefix {prefix:?}: folder names must not be empty, `.` or `..` (no leading or \
             double `/`), or a browser could not open the site there"
        )));
    }
    Ok(format!("{trimmed}/"))
}

#[cfg(test)]
mod tests {
    use super::folder;

    #[test]
    fn a_prefix_is_a_folder_a_browser_can_open() {
        assert_eq!(folder("").unwrap(), "");
        assert_eq!(folder("logscope").unwrap(), "logscope/");
        assert_eq!(folder("sites/logscope/").unwrap(), "sites/logscope/");
        for bad in ["/logscope", "a//b", "./a", "a/../b", "/", "a/.."] {
            assert!(folder(bad).is_err(), "{bad}");
        }
    }
}
