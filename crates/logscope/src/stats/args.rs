//! What `logscope stats` takes: a local mirror (`--dir`) or a bucket with the same
//! credentials as `logscope presign`.

use super::client::Client;
use crate::presign::{BucketArgs, CredentialArgs};
use crate::UsageError;
use clap::Args;
use s3_presign::{Bucket, Credentials};
use session_log::{PriceTable, SizeLimit};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

#[derive(Args)]
// Exactly one source: the folder, or the endpoint and bucket.
#[command(
    mut_arg("endpoint", |arg| arg.required_unless_present("dir")),
    mut_arg("bucket", |arg| arg.required_unless_present("dir"))
)]
pub struct StatsArgs {
    /// A local mirror of the bucket, laid out as PATH/openai_logs/{drawing}/... (instead of
    /// --endpoint and --bucket).
    #[arg(long, value_name = "PATH", conflicts_with_all = ["endpoint", "bucket"])]
    pub dir: Option<PathBuf>,
    /// The folder the logs are under; a missing trailing `/` is added. Empty for all.
    #[arg(long, default_value = "openai_logs/", allow_hyphen_values = true)]
    pub prefix: String,
    /// Read every object, without the summary index (`logscope index`).
    #[arg(long, conflicts_with = "dir")]
    pub no_index: bool,
    /// Print the report as JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// A JSON price table whose rows replace or add to the built-in one:
    /// {"prices": [{"model", "input", "cached_input"?, "output", "source", "as_of"}]}, USD per
    /// million tokens.
    #[arg(long, value_name = "FILE")]
    pub prices: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
    #[command(flatten)]
    pub bucket: BucketArgs,
    #[command(flatten)]
    pub credentials: CredentialArgs,
}

impl StatsArgs {
    /// The built-in prices, with the user's file on top.
    pub fn price_table(&self) -> Result<PriceTable, UsageError> {
        let builtin = PriceTable::builtin();
        let Some(path) = &self.prices else {
            return Ok(builtin);
        };
        let text = std::fs::read_to_string(path)
            .map_err(|e| UsageError(format!("--prices {}: {e}", path.display())))?;
        let overrides = PriceTable::from_json(&text)
            .map_err(|e| UsageError(format!("--prices {}: {e}", path.display())))?;
        Ok(builtin.with_overrides(overrides))
    }

    /// The prefix as a folder: keys are grouped by the `/` that follows it.
    pub fn folder_prefix(&self) -> String {
        s3_read::folder(&self.prefix)
    }
}

/// How objects are read from a bucket, for `stats` and `index` alike.
#[derive(Args)]
pub struct ReadArgs {
    /// Requests in flight at once (1 to 256).
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,
    /// Objects larger than this many MB (10^6 bytes) are not read; each is named with its
    /// size.
    #[arg(long, value_name = "MB", default_value_t = session_log::DEFAULT_MAX_OBJECT_MB,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub max_object_mb: u64,
    /// Seconds one request may take, from connecting to its last byte, before it is given
    /// up (and tried again, up to five tries in all).
    #[arg(long, value_name = "SECONDS", default_value_t = 120,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
}

impl ReadArgs {
    /// The largest object read.
    pub fn size_limit(&self) -> SizeLimit {
        SizeLimit::from_mb(self.max_object_mb)
    }

    pub fn workers(&self) -> usize {
        usize::from(self.concurrency)
    }

    /// A client for `bucket` that keeps these settings.
    pub fn client(&self, bucket: Bucket, credentials: Credentials) -> Arc<Client> {
        Arc::new(Client::new(
            bucket,
            credentials,
            self.workers(),
            Duration::from_secs(self.timeout),
            self.size_limit(),
        ))
    }
}
