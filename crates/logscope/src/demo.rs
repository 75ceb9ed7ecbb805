//! `logscope demo`: the dashboard and a real S3 server on this machine, with the shared sample
//! log and a seeded synthetic corpus beside it.
//!
//! The S3 server is local-s3 (s3s verifying every signature, CORS for the page), seeded afresh
//! at each start in `logscope-demo` under the system's temporary folder; the site is `dist/`
//! served as plain static files, with the security headers SECURITY.md asks of hosts that can
//! send them (the policy's `connect-src` narrowed to this S3 server). Both listen on
//! 127.0.0.1 only.

use crate::UsageError;
use clap::Args;
use local_s3::link::Link;
use local_s3::static_site::{security_headers, StaticServer};
use local_s3::{LocalS3, LocalS3Config};
use s3_presign::encode::encode_query;
use std::io::Write;
use std::path::{Path, PathBuf};

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
    /// The shared sample log, laid out like the bucket (openai_logs/{drawing}/...).
    #[arg(long, default_value = "../shared/sample")]
    sample: PathBuf,
    /// Synthetic sessions to add beside the sample (seeded, so the same every run).
    #[arg(long, default_value_t = 300)]
    sessions: usize,
    /// Serve a local mirror of your own bucket (PATH/openai_logs/...) instead of the sample
    /// and the synthetic sessions.
    #[arg(long, value_name = "PATH", conflicts_with_all = ["sample", "sessions"])]
    dir: Option<PathBuf>,
    /// Port of the S3 server on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 9000)]
    s3_port: u16,
    /// Port of the site on 127.0.0.1 (0 picks a free one).
    #[arg(long, alias = "site-port", default_value_t = 8080)]
    port: u16,
    /// Play a distant storage: each answer waits this many milliseconds (one round trip),
    /// and each new connection one round trip more.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    rtt_ms: u64,
    /// Play a storage behind a line of this many Mbit/s down, shared by every answer (0: no
    /// limit).
    #[arg(long, value_name = "MBIT", default_value_t = 0)]
    down_mbit: u64,
    /// Serve S3 over HTTPS with HTTP/2, as Sealos's ingress does, on a certificate made at
    /// start; the demo prints the flag that lets Chromium trust it.
    #[arg(long)]
    tls: bool,
}

/// Fills the demo bucket: a mirror of the user's own, or the sample and synthetic sessions.
fn seed(root: &Path, args: &DemoArgs) -> Result<u64, UsageError> {
    if let Some(dir) = &args.dir {
        return local_s3::seed_bucket(root, BUCKET, dir)
            .map_err(|e| UsageError(format!("cannot seed from --dir {}: {e}", dir.display())));
    }
    let mut objects = local_s3::seed_bucket(root, BUCKET, &args.sample)
        .map_err(|e| UsageError(format!("cannot seed from {}: {e}", args.sample.display())))?;
    for (key, body) in session_log::corpus::generate(1, args.sessions).objects {
        local_s3::put_object(root, BUCKET, &key, &body)
            .map_err(|e| UsageError(format!("cannot write {key}: {e}")))?;
        objects += 1;
    }
    Ok(objects)
}

/// A copy of `dist` with a `config.json` that connects the dashboard to the demo bucket. The
/// throwaway demo key goes in the config, never in a URL; any deployment's config.json is
/// readable by whoever can load the page, which is fine only for a key like this one.
fn site_with_config(dist: &Path, site: &Path, endpoint: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(site)?;
    for entry in std::fs::read_dir(dist)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            std::fs::copy(entry.path(), site.join(entry.file_name()))?;
        }
    }
    let config = serde_json::json!({
        "endpoint": endpoint,
        "bucket": BUCKET,
        "region": REGION,
        "prefix": PREFIX,
        "access_key_id": ACCESS_KEY,
        "secret_access_key": SECRET_KEY,
        "connect": true,
    });
    std::fs::write(
        site.join("config.json"),
        serde_json::to_vec_pretty(&config)?,
    )
}

/// The played link, as the demo prints it.
fn link_words(rtt_ms: u64, down_mbit: u64) -> String {
    match (rtt_ms, down_mbit) {
        (0, 0) => "loopback as it is (--rtt-ms and --down-mbit play a distant storage)".into(),
        (rtt, 0) => format!("{rtt} ms a round trip"),
        (rtt, down) => format!("{rtt} ms a round trip, {down} Mbit/s down"),
    }
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
    let objects = seed(&data.join("bucket"), &args)?;
    let mut config = LocalS3Config::new(data.join("bucket"), ACCESS_KEY, SECRET_KEY);
    config.port = args.s3_port;
    config.link = Link::new(args.rtt_ms, args.down_mbit);
    config.tls = args.tls;
    let s3 = LocalS3::start(config).map_err(|e| {
        UsageError(format!(
            "S3 server: {e} (pass --s3-port 0 to pick a free port)"
        ))
    })?;
    let site_dir = data.join("site");
    site_with_config(&args.dist, &site_dir, &s3.endpoint()).map_err(|e| {
        UsageError(format!(
            "cannot prepare the site in {}: {e}",
            site_dir.display()
        ))
    })?;
    let headers = security_headers(&s3.endpoint());
    let site = StaticServer::start_with_headers(&site_dir, args.port, headers).map_err(|e| {
        UsageError(format!(
            "site on port {}: {e} (pass --port 0 to pick a free port)",
            args.port
        ))
    })?;
    let dashboard = format!(
        "{}?endpoint={}&bucket={BUCKET}&region={REGION}&prefix={}",
        site.url(),
        encode_query(&s3.endpoint()),
        encode_query(PREFIX)
    );
    let trust = match s3.certificate() {
        None => String::new(),
        Some(certificate) => {
            let bundle = data.join("certificate.pem");
            std::fs::write(&bundle, certificate.pem())
                .map_err(|e| UsageError(format!("cannot write {}: {e}", bundle.display())))?;
            format!(
                "  trust       chromium --ignore-certificate-errors-spki-list={}  (this run's \
                 certificate, made at start)\n  \
                 ca-bundle   {}  (AWS_CA_BUNDLE for logscope stats, doctor and publish)\n",
                certificate.spki_sha256(),
                bundle.display()
            )
        }
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "logscope demo: the dashboard and a local S3 server with sample logs\n  \
         dashboard   {dashboard}\n  \
         endpoint    {endpoint}\n  \
         bucket      {BUCKET}  (region {REGION}, objects: {objects})\n  \
         access-key  {ACCESS_KEY}\n  \
         secret-key  {SECRET_KEY}  (throwaway: it opens only this local server)\n  \
         link        {link}\n{trust}\
         Press Ctrl-C to stop.",
        endpoint = s3.endpoint(),
        link = link_words(args.rtt_ms, args.down_mbit),
    );
    let _ = out.flush();
    drop(out);
    loop {
        std::thread::park();
    }
}
