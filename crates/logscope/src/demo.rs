//! `logscope demo`: the dashboard and a real S3 server on this machine, with the shared sample
//! log and a seeded synthetic corpus beside it.
//!
//! The S3 server is local-s3 (s3s verifying every signature, CORS for the page), seeded afresh
//! at each start in `logscope-demo` under the system's temporary folder; the site is `dist/`
//! served as plain static files, as any static host would. Both listen on 127.0.0.1 only.

use crate::UsageError;
use clap::Args;
use local_s3::static_site::StaticServer;
use local_s3::{LocalS3, LocalS3Config};
use s3_presign::encode::encode_query;
use std::io::Write;
use std::path::PathBuf;

/// The demo bucket and its throwaway credentials: they open nothing but this local server.
const BUCKET: &str = "logscope-demo";
const ACCESS_KEY: &str = "logscope-demo";
const SECRET_KEY: &str = "logscope-demo-secret";
const REGION: &str = "us-east-1";
const PREFIX: &str = "openai_logs/";

#[derive(Args)]
pub struct DemoArgs {
    /// The built site (trunk build --release).
    #[arg(long, default_value = "dist")]
    dist: PathBuf,
    /// A folder laid out like the bucket (openai_logs/{drawing}/...) to seed it with.
    #[arg(long, default_value = "../shared/sample")]
    sample: PathBuf,
    /// Synthetic sessions to add beside the sample (seeded, so the same every run).
    #[arg(long, default_value_t = 300)]
    sessions: usize,
    /// Port of the S3 server on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 9000)]
    s3_port: u16,
    /// Port of the site on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    site_port: u16,
}

/// Starts both servers, prints where they are, and serves until the process is stopped.
pub fn run(args: DemoArgs) -> Result<String, UsageError> {
    if !args.dist.join("index.html").is_file() {
        return Err(UsageError(format!(
            "no site in {}: build it first with `make site` (trunk build --release)",
            args.dist.display()
        )));
    }
    // Ctrl-C ends the process without running destructors, so the folder is reused, not
    // left behind once per run.
    let data = std::env::temp_dir().join("logscope-demo");
    let fresh = match std::fs::remove_dir_all(&data) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => std::fs::create_dir_all(&data),
    };
    fresh.map_err(|e| UsageError(format!("cannot prepare {}: {e}", data.display())))?;
    let mut objects = local_s3::seed_bucket(&data, BUCKET, &args.sample)
        .map_err(|e| UsageError(format!("cannot seed from {}: {e}", args.sample.display())))?;
    for (key, body) in session_log::corpus::generate(1, args.sessions).objects {
        local_s3::put_object(&data, BUCKET, &key, &body)
            .map_err(|e| UsageError(format!("cannot write {key}: {e}")))?;
        objects += 1;
    }
    let mut config = LocalS3Config::new(&data, ACCESS_KEY, SECRET_KEY);
    config.port = args.s3_port;
    let s3 = LocalS3::start(config).map_err(|e| {
        UsageError(format!(
            "S3 server: {e} (pass --s3-port 0 to pick a free port)"
        ))
    })?;
    let site = StaticServer::start_on(&args.dist, args.site_port).map_err(|e| {
        UsageError(format!(
            "site on port {}: {e} (pass --site-port 0 to pick a free port)",
            args.site_port
        ))
    })?;
    let dashboard = format!(
        "{}?endpoint={}&bucket={BUCKET}&region={REGION}&prefix={}",
        site.url(),
        encode_query(&s3.endpoint()),
        encode_query(PREFIX)
    );
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "logscope demo: the dashboard and a local S3 server with sample logs\n  \
         dashboard   {dashboard}\n  \
         endpoint    {endpoint}\n  \
         bucket      {BUCKET}  (region {REGION}, objects: {objects})\n  \
         access-key  {ACCESS_KEY}\n  \
         secret-key  {SECRET_KEY}  (throwaway: it opens only this local server)\n\
         Press Ctrl-C to stop.",
        endpoint = s3.endpoint()
    );
    let _ = out.flush();
    drop(out);
    loop {
        std::thread::park();
    }
}
