//! `logscope presign get|list`: presigned URLs from a terminal, for share links and scripts.

use crate::UsageError;
use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use s3_presign::{Bucket, Credentials, Expiry, ListObjectsV2, UrlStyle};

#[derive(Subcommand)]
pub enum PresignCommand {
    /// A presigned GetObject URL for one object.
    Get(GetArgs),
    /// A presigned ListObjectsV2 URL.
    List(ListArgs),
}

#[derive(Args)]
pub struct GetArgs {
    /// The object key, e.g. openai_logs/1/openai_interaction_x_1750572866.json_0b9cd106.txt
    #[arg(long, allow_hyphen_values = true)]
    key: String,
    #[command(flatten)]
    target: Target,
}

#[derive(Args)]
pub struct ListArgs {
    /// Only keys that start with this.
    #[arg(long, allow_hyphen_values = true)]
    prefix: Option<String>,
    /// Group keys up to this character (`/` for folders).
    #[arg(long, allow_hyphen_values = true)]
    delimiter: Option<String>,
    /// At most this many keys per page.
    #[arg(long)]
    max_keys: Option<u32>,
    /// The NextContinuationToken of the previous page.
    #[arg(long, allow_hyphen_values = true)]
    continuation_token: Option<String>,
    /// Only keys after this one.
    #[arg(long, allow_hyphen_values = true)]
    start_after: Option<String>,
    /// `url` to have keys percent-encoded in the answer.
    #[arg(long, allow_hyphen_values = true)]
    encoding_type: Option<String>,
    #[command(flatten)]
    target: Target,
}

/// Where and how to sign: shared by `get` and `list`.
#[derive(Args)]
// `BucketArgs` leaves these optional for `stats --dir`; a presigned URL needs both.
#[command(
    mut_arg("endpoint", |arg| arg.required(true)),
    mut_arg("bucket", |arg| arg.required(true))
)]
struct Target {
    #[command(flatten)]
    bucket: BucketArgs,
    /// Put the bucket in the host name instead of the path.
    #[arg(long)]
    virtual_host: bool,
    /// Seconds the URL stays valid: 1 to 604800.
    #[arg(long, default_value_t = 3600, allow_hyphen_values = true)]
    expires: i64,
    /// Sign as of this time (RFC 3339, e.g. 2013-05-24T00:00:00Z) instead of now.
    #[arg(long, allow_hyphen_values = true)]
    at: Option<String>,
    #[command(flatten)]
    credentials: CredentialArgs,
}

/// Where the bucket is, as every command that talks to S3 takes it (`presign`, `stats`).
/// Endpoint and bucket are optional here because `stats` can read a local folder instead;
/// a command that always needs them marks them required.
#[derive(Args)]
pub struct BucketArgs {
    /// The endpoint, http(s)://host[:port]
    #[arg(long, allow_hyphen_values = true)]
    endpoint: Option<String>,
    /// The bucket name.
    #[arg(long, allow_hyphen_values = true)]
    bucket: Option<String>,
    /// The region of the credential scope.
    #[arg(
        long,
        env = "AWS_REGION",
        default_value = "us-east-1",
        allow_hyphen_values = true
    )]
    region: String,
}

/// The credentials that open the bucket, from options or the environment; the secret and
/// the token never appear in `--help`.
#[derive(Args)]
pub struct CredentialArgs {
    /// Access key id
    #[arg(
        long,
        env = "AWS_ACCESS_KEY_ID",
        hide_env_values = true,
        allow_hyphen_values = true
    )]
    access_key: Option<String>,
    /// Secret access key [env: AWS_SECRET_ACCESS_KEY]
    #[arg(
        long,
        env = "AWS_SECRET_ACCESS_KEY",
        hide_env = true,
        allow_hyphen_values = true
    )]
    secret_key: Option<String>,
    /// Session token of temporary credentials [env: AWS_SESSION_TOKEN]
    #[arg(
        long,
        env = "AWS_SESSION_TOKEN",
        hide_env = true,
        allow_hyphen_values = true
    )]
    session_token: Option<String>,
}

impl BucketArgs {
    /// The bucket, checked; its endpoint and name must have been given.
    pub fn resolve(&self, style: UrlStyle) -> Result<Bucket, UsageError> {
        let endpoint = self
            .endpoint
            .as_deref()
            .ok_or_else(|| missing("--endpoint"))?;
        let name = self.bucket.as_deref().ok_or_else(|| missing("--bucket"))?;
        Bucket::new(endpoint, name, &self.region, style).map_err(|e| UsageError(e.to_string()))
    }
}

impl CredentialArgs {
    /// Errors name both ways to give what is missing, and never show the secret.
    pub fn resolve(&self) -> Result<Credentials, UsageError> {
        let access_key = self.access_key.as_deref().filter(|k| !k.is_empty());
        let access_key = access_key.ok_or_else(|| {
            UsageError("no access key: pass --access-key or set AWS_ACCESS_KEY_ID".into())
        })?;
        let secret_key = self.secret_key.as_deref().filter(|k| !k.is_empty());
        let secret_key = secret_key.ok_or_else(|| {
            UsageError("no secret key: pass --secret-key or set AWS_SECRET_ACCESS_KEY".into())
        })?;
        Ok(Credentials::new(access_key, secret_key)
            .map_err(|e| UsageError(e.to_string()))?
            .with_session_token(self.session_token.as_deref().unwrap_or_default()))
    }
}

fn missing(option: &str) -> UsageError {
    UsageError(format!("{option} is required"))
}

struct Signing {
    bucket: Bucket,
    credentials: Credentials,
    at: DateTime<Utc>,
    expiry: Expiry,
}

impl Target {
    fn resolve(self) -> Result<Signing, UsageError> {
        let style = if self.virtual_host {
            UrlStyle::VirtualHost
        } else {
            UrlStyle::Path
        };
        let bucket = self.bucket.resolve(style)?;
        let expiry = u64::try_from(self.expires)
            .ok()
            .and_then(|s| Expiry::from_secs(s).ok())
            .ok_or_else(|| {
                UsageError(format!(
                    "--expires {} is out of range: a presigned URL lasts 1 to 604800 seconds",
                    self.expires
                ))
            })?;
        let at = match &self.at {
            Some(text) => DateTime::parse_from_rfc3339(text)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|_| {
                    UsageError(format!(
                        "--at {text:?} is not an RFC 3339 time such as 2013-05-24T00:00:00Z"
                    ))
                })?,
            None => now(),
        };
        let credentials = self.credentials.resolve()?;
        Ok(Signing {
            bucket,
            credentials,
            at,
            expiry,
        })
    }
}

fn now() -> DateTime<Utc> {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    DateTime::from_timestamp(since_epoch.as_secs() as i64, 0).unwrap_or_default()
}

/// Prints nothing itself: returns the URL, or the one-line problem.
pub fn run(command: PresignCommand) -> Result<String, UsageError> {
    match command {
        PresignCommand::Get(args) => {
            let s = args.target.resolve()?;
            s3_presign::get_object(&s.bucket, &s.credentials, &args.key, s.at, s.expiry)
                .map_err(|e| UsageError(e.to_string()))
        }
        PresignCommand::List(args) => {
            let s = args.target.resolve()?;
            let list = ListObjectsV2 {
                prefix: args.prefix.as_deref(),
                delimiter: args.delimiter.as_deref(),
                max_keys: args.max_keys,
                continuation_token: args.continuation_token.as_deref(),
                start_after: args.start_after.as_deref(),
                encoding_type: args.encoding_type.as_deref(),
            };
            Ok(s3_presign::list_objects_v2(
                &s.bucket,
                &s.credentials,
                &list,
                s.at,
                s.expiry,
            ))
        }
    }
}
