//! A real S3 server on 127.0.0.1 for tests and `make demo`: [`s3s`] checks every
//! request's SigV4 signature (header or presigned URL) against one access key,
//! [`s3s_fs`] serves buckets as directories under a root folder
//! (`root/<bucket>/<key>`), and a CORS layer lets a browser page on another
//! origin read and list with presigned URLs.
//!
//! ```no_run
//! use local_s3::{LocalS3, LocalS3Config};
//!
//! let root = std::env::temp_dir().join("local-s3-example");
//! local_s3::put_object(&root, "logs", "2024/run 1.jsonl", b"{}\n").unwrap();
//! let s3 = LocalS3::start(LocalS3Config::new(&root, "AKIDEXAMPLE", "secret")).unwrap();
//! println!("presign against {} (path style, region us-east-1)", s3.endpoint());
//! s3.shutdown(); // or just drop it
//! ```
//!
//! The server only ever binds 127.0.0.1, runs on its own thread with its own
//! tokio runtime (so sync and async callers can both use it), and stops when
//! [`LocalS3`] is dropped. Requests must be path-style (`/bucket/key`); any
//! region in the signature is accepted. Unsigned requests get `AccessDenied`, except reads
//! of objects in the buckets listed in [`LocalS3Config::public_read`].
//! Over s3s-fs it behaves as AWS where s3s-fs does not: listings carry ETags
//! and honour `encoding-type=url`, and keys that are not plain file paths
//! (`..`, `//`, a leading `/`) are not found rather than read from elsewhere.
//! Like MinIO, and unlike s3s-fs, a ListObjectsV2 page walks only the folders that
//! hold its keys, so it costs about the same at 1,000 objects and at 100,000.
//! The secret key is never logged nor put in an error message.
//!
//! For tests of what clients say when a storage is set up wrong, the config can also turn
//! CORS off ([`LocalS3Config::cors`]), let pages read the `Date` header as MinIO does
//! ([`LocalS3Config::expose_date`]), and run the server's clock ahead of the real one
//! ([`LocalS3Config::clock_ahead`], see [`clock`]). Wrong keys, a missing bucket and an
//! empty prefix need no option: they are what the client asks for. For tests of clients on a
//! bad network, [`LocalS3Config::faults`] puts errors, drops, slow and spoiled answers in
//! front of the store at a set rate (see [`faults`]), and [`LocalS3Config::link`] plays a
//! distant storage: round trips and a shared downstream (see [`link`]). With
//! [`LocalS3Config::tls`] it speaks HTTPS, and HTTP/2 or HTTP/1.1 by ALPN, as the ingress in
//! front of a Sealos user's MinIO does (see [`tls`]).
//!
//! [`static_site`] is the other half of a local deployment: a plain static file server for
//! the dashboard's `dist/`, with no rewrite rules, like the simplest host it may be put on.

use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr, TcpListener as StdTcpListener};
use std::path::{Component, Path, PathBuf};
use std::sync::{mpsc, Arc};
use std::thread::JoinHandle;
use std::time::Duration;

use faults::Faulty;
use http::header::{HeaderName, HeaderValue};
use http::Method;
use s3s::access::{S3Access, S3AccessContext};
use s3s::auth::{S3Auth, SecretKey};
use s3s::service::S3ServiceBuilder;
use s3s::{s3_error, S3Result};
use serve::{run_server, Connections, Front, InFlight};
use tokio::sync::oneshot;
use tower::Layer;
use tower_http::cors::{AllowHeaders, AllowOrigin, Any, CorsLayer, ExposeHeaders};

pub mod clock;
pub mod faults;
pub mod link;
mod listing;
mod serve;
pub mod static_site;
mod store;
pub mod tls;

/// How to run a [`LocalS3`].
#[derive(Clone)]
pub struct LocalS3Config {
    /// Folder holding one sub-folder per bucket; created if missing.
    pub root: PathBuf,
    /// The only access key the server accepts.
    pub access_key: String,
    /// Its secret key. Never logged, never shown by `Debug`.
    pub secret_key: String,
    /// Port on 127.0.0.1; 0 picks any free port.
    pub port: u16,
    /// The one browser origin allowed by CORS, e.g. `http://127.0.0.1:8080`;
    /// `None` allows any origin.
    pub allowed_origin: Option<String>,
    /// Buckets whose objects anyone may GET and HEAD without signing (a public-read
    /// bucket, as a static site is served from); everything else still needs a signature.
    pub public_read: Vec<String>,
    /// Whether the server answers CORS at all. `false` leaves the CORS layer out, as a
    /// storage nobody configured for browsers: pages on another origin reach it but may not
    /// read its answers, and preflights get no CORS headers.
    pub cors: bool,
    /// Whether CORS lets pages read the `Date` header, as MinIO does (AWS exposes only the
    /// headers the bucket's CORS rule lists).
    pub expose_date: bool,
    /// How far the server's clock runs ahead of the real one (see [`clock`]); zero for the
    /// real clock.
    pub clock_ahead: Duration,
    /// Faults met by `GET`s at a set rate; `None` for a server that never fails by itself.
    pub faults: Option<faults::Faults>,
    /// The network between client and server, played here (see [`link`]); loopback as it
    /// is by default.
    pub link: link::Link,
    /// HTTPS on a certificate made at start, with HTTP/2 (see [`tls`]); plain HTTP/1.1 when
    /// `false`.
    pub tls: bool,
}

impl LocalS3Config {
    /// A config on any free port that allows any origin.
    pub fn new(
        root: impl Into<PathBuf>,
        access_key: impl Into<String>,
        secret_key: impl Into<String>,
    ) -> Self {
        Self {
            root: root.into(),
            access_key: access_key.into(),
            secret_key: secret_key.into(),
            port: 0,
            allowed_origin: None,
            public_read: Vec::new(),
            cors: true,
            expose_date: false,
            clock_ahead: Duration::ZERO,
            faults: None,
            link: link::Link::default(),
            tls: false,
        }
    }
}

impl fmt::Debug for LocalS3Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocalS3Config")
            .field("root", &self.root)
            .field("access_key", &self.access_key)
            .field("secret_key", &"<redacted>")
            .field("port", &self.port)
            .field("allowed_origin", &self.allowed_origin)
            .field("public_read", &self.public_read)
            .field("cors", &self.cors)
            .field("expose_date", &self.expose_date)
            .field("clock_ahead", &self.clock_ahead)
            .field("faults", &self.faults)
            .field("link", &self.link)
            .field("tls", &self.tls)
            .finish()
    }
}

/// Why [`LocalS3::start`] failed. Messages never contain the secret key.
#[derive(Debug)]
pub enum LocalS3Error {
    /// The config cannot be used (empty key, bad origin...).
    Config(String),
    /// The root folder could not be created or opened.
    Root(PathBuf, String),
    /// 127.0.0.1:port could not be bound.
    Bind(u16, io::Error),
    /// The server thread or its runtime could not be started.
    Start(String),
}

impl fmt::Display for LocalS3Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Config(msg) => write!(f, "local-s3: bad config: {msg}"),
            Self::Root(path, msg) => {
                write!(f, "local-s3: cannot use root {}: {msg}", path.display())
            }
            Self::Bind(port, err) => write!(f, "local-s3: cannot bind 127.0.0.1:{port}: {err}"),
            Self::Start(msg) => write!(f, "local-s3: cannot start: {msg}"),
        }
    }
}

impl std::error::Error for LocalS3Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Bind(_, err) => Some(err),
            _ => None,
        }
    }
}

/// A running server. It stops when dropped or on [`LocalS3::shutdown`].
pub struct LocalS3 {
    addr: SocketAddr,
    faults: Option<faults::FaultCounter>,
    in_flight: Arc<InFlight>,
    certificate: Option<tls::Certificate>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl fmt::Debug for LocalS3 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocalS3")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

/// Headers a browser script may read from our responses.
const EXPOSED_HEADERS: [&str; 12] = [
    "etag",
    "content-length",
    "content-type",
    "content-range",
    "content-encoding",
    "accept-ranges",
    "last-modified",
    "x-amz-request-id",
    "x-amz-id-2",
    "x-amz-version-id",
    "x-amz-delete-marker",
    "x-amz-checksum-crc32",
];

impl LocalS3 {
    /// Binds 127.0.0.1:`config.port` and serves `config.root` until dropped.
    /// Returns once the socket is listening.
    pub fn start(config: LocalS3Config) -> Result<Self, LocalS3Error> {
        if config.access_key.is_empty() || config.secret_key.is_empty() {
            return Err(LocalS3Error::Config(
                "access key and secret key must not be empty".into(),
            ));
        }
        let cors = match config.cors {
            true => Some(cors_layer(
                config.allowed_origin.as_deref(),
                config.expose_date,
            )?),
            false => None,
        };

        std::fs::create_dir_all(&config.root)
            .map_err(|e| LocalS3Error::Root(config.root.clone(), e.to_string()))?;
        let store = store::Store::new(&config.root)
            .map_err(|e| LocalS3Error::Root(config.root.clone(), e))?;

        let mut builder = S3ServiceBuilder::new(store);
        builder.set_auth(SingleKeyAuth {
            access_key: config.access_key,
            secret_key: SecretKey::from(config.secret_key),
        });
        builder.set_access(PublicRead {
            buckets: config.public_read,
        });
        // s3s judges request times by the real clock: widen what it allows by the time the
        // played clock is ahead, so that only the played clock judges (see `clock`).
        let mut s3_config = s3s::config::S3Config::default();
        s3_config.presigned_url_max_skew_time_secs =
            u32::try_from(clock::MAX_SKEW_SECS as u64 + config.clock_ahead.as_secs())
                .map_err(|_| LocalS3Error::Config("clock_ahead is too large".into()))?;
        builder.set_config(Arc::new(s3s::config::StaticConfigProvider::new(Arc::new(
            s3_config,
        ))));
        let s3 = Faulty::new(
            clock::ServerClock::new(builder.build(), config.clock_ahead),
            config.faults,
        );
        let counter = s3.counter();
        let service = match cors {
            Some(cors) => Front::Cors(Box::new(cors.layer(s3))),
            None => Front::Bare(s3),
        };

        let listener = StdTcpListener::bind((Ipv4Addr::LOCALHOST, config.port))
            .map_err(|e| LocalS3Error::Bind(config.port, e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| LocalS3Error::Bind(config.port, e))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| LocalS3Error::Bind(config.port, e))?;

        let (acceptor, certificate) = match config.tls {
            true => tls::acceptor()
                .map(|(acceptor, certificate)| (Some(acceptor), Some(certificate)))
                .map_err(|e| LocalS3Error::Start(format!("TLS: {e}")))?,
            false => (None, None),
        };
        let in_flight = Arc::new(InFlight::default());
        let front = Connections {
            service: Arc::new(service),
            link: config.link,
            acceptor,
            in_flight: Arc::clone(&in_flight),
        };
        let (stop_tx, stop_rx) = oneshot::channel();
        let (ready_tx, ready_rx) = mpsc::channel::<Result<(), String>>();
        let thread = std::thread::Builder::new()
            .name(format!("local-s3-{}", addr.port()))
            .spawn(move || run_server(listener, front, stop_rx, &ready_tx))
            .map_err(|e| LocalS3Error::Start(e.to_string()))?;

        match ready_rx.recv() {
            Ok(Ok(())) => Ok(Self {
                addr,
                faults: counter,
                in_flight,
                certificate,
                stop: Some(stop_tx),
                thread: Some(thread),
            }),
            Ok(Err(msg)) => {
                let _ = thread.join();
                Err(LocalS3Error::Start(msg))
            }
            Err(_) => {
                let _ = thread.join();
                Err(LocalS3Error::Start("server thread exited".into()))
            }
        }
    }

    /// `http://127.0.0.1:PORT` (`https://` with TLS), the endpoint to presign against (path
    /// style).
    pub fn endpoint(&self) -> String {
        let scheme = if self.certificate.is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{}", self.addr)
    }

    /// The most requests it has been answering at once: over HTTP/1.1 a browser sends at
    /// most one a connection and opens six connections a host; over HTTP/2 it sends more.
    pub fn most_in_flight(&self) -> usize {
        self.in_flight.most()
    }

    /// The certificate it serves HTTPS with; `None` on plain HTTP.
    pub fn certificate(&self) -> Option<&tls::Certificate> {
        self.certificate.as_ref()
    }

    /// The address the server listens on (always 127.0.0.1).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// How many requests came and how many met a fault so far; `None` without faults.
    pub fn fault_count(&self) -> Option<faults::FaultCount> {
        self.faults.as_ref().map(|counter| counter.get())
    }

    /// Stops the server and waits until its port is closed.
    pub fn shutdown(self) {
        // Drop does the work.
    }
}

impl Drop for LocalS3 {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn cors_layer(allowed_origin: Option<&str>, expose_date: bool) -> Result<CorsLayer, LocalS3Error> {
    let origin = match allowed_origin {
        None => AllowOrigin::from(Any),
        Some(origin) => {
            let value = HeaderValue::from_str(origin.trim_end_matches('/')).map_err(|_| {
                LocalS3Error::Config(format!("allowed_origin is not a header value: {origin:?}"))
            })?;
            AllowOrigin::list([value])
        }
    };
    let mut exposed = EXPOSED_HEADERS.map(HeaderName::from_static).to_vec();
    if expose_date {
        exposed.push(http::header::DATE);
    }
    Ok(CorsLayer::new()
        .allow_origin(origin)
        .allow_methods([Method::GET, Method::HEAD])
        .allow_headers(AllowHeaders::mirror_request())
        .expose_headers(ExposeHeaders::list(exposed))
        .max_age(Duration::from_secs(600)))
}

/// Accepts one access key; any other gets `InvalidAccessKeyId`, as on AWS.
struct SingleKeyAuth {
    access_key: String,
    secret_key: SecretKey,
}

#[async_trait::async_trait]
impl S3Auth for SingleKeyAuth {
    async fn get_secret_key(&self, access_key: &str) -> S3Result<SecretKey> {
        if access_key == self.access_key {
            Ok(self.secret_key.clone())
        } else {
            Err(s3_error!(
                InvalidAccessKeyId,
                "The AWS Access Key Id you provided does not exist in our records."
            ))
        }
    }
}

/// Lets anonymous requests read objects of the public-read buckets; any other unsigned
/// request is refused as s3s does by default. Signed requests were verified before this.
struct PublicRead {
    buckets: Vec<String>,
}

#[async_trait::async_trait]
impl S3Access for PublicRead {
    async fn check(&self, cx: &mut S3AccessContext<'_>) -> S3Result<()> {
        if cx.credentials().is_some() {
            return Ok(());
        }
        let reads = matches!(cx.s3_op().name(), "GetObject" | "HeadObject");
        let public = match cx.s3_path() {
            s3s::path::S3Path::Object { bucket, .. } => {
                self.buckets.iter().any(|b| **b == **bucket)
            }
            _ => false,
        };
        if reads && public {
            Ok(())
        } else {
            Err(s3_error!(AccessDenied, "Signature is required"))
        }
    }
}

/// Creates the bucket's folder `root/<bucket>` if it does not exist yet.
pub fn create_bucket(root: &Path, bucket: &str) -> io::Result<()> {
    check_bucket(bucket)?;
    std::fs::create_dir_all(root.join(bucket))
}

/// Writes one object where s3s-fs reads it: `root/<bucket>/<key>`, creating the
/// bucket. Keys that cannot map to a file path (empty, leading or trailing `/`,
/// `//`, `.` or `..` segments, NUL) are refused with `InvalidInput`.
pub fn put_object(root: &Path, bucket: &str, key: &str, body: &[u8]) -> io::Result<()> {
    check_bucket(bucket)?;
    check_key(key)?;
    let path = root.join(bucket).join(key);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&path, body)?;
    record_etag(root, bucket, key, &mut &body[..])
}

/// Copies every file under `from` into `root/<bucket>/`, keeping relative paths
/// as keys (`from/a/b.txt` becomes key `a/b.txt`); symlinked folders are skipped.
/// Creates the bucket even if `from` is empty. Returns the number of objects written.
pub fn seed_bucket(root: &Path, bucket: &str, from: &Path) -> io::Result<u64> {
    create_bucket(root, bucket)?;
    if !std::fs::metadata(from)?.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("not a directory: {}", from.display()),
        ));
    }
    let (source, target) = (from.canonicalize()?, root.join(bucket).canonicalize()?);
    if source.starts_with(&target) || target.starts_with(&source) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} and bucket {bucket} overlap", from.display()),
        ));
    }
    let mut count = 0;
    let mut dirs = vec![from.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let path = entry.path();
            let meta = std::fs::metadata(&path)?;
            if meta.is_dir() {
                if !entry.file_type()?.is_symlink() {
                    dirs.push(path);
                }
                continue;
            }
            let relative = path.strip_prefix(from).map_err(io::Error::other)?;
            let key = key_of(relative)?;
            check_key(&key)?;
            let dest = root.join(bucket).join(relative);
            if let Some(parent) = dest.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::copy(&path, &dest)?;
            record_etag(root, bucket, &key, &mut std::fs::File::open(&dest)?)?;
            count += 1;
        }
    }
    Ok(count)
}

fn key_of(relative: &Path) -> io::Result<String> {
    let mut parts = Vec::new();
    for component in relative.components() {
        match component {
            Component::Normal(name) => parts.push(name.to_str().ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("file name is not UTF-8: {}", relative.display()),
                )
            })?),
            _ => return Err(invalid_key(&relative.display().to_string())),
        }
    }
    Ok(parts.join("/"))
}

fn check_bucket(bucket: &str) -> io::Result<()> {
    if s3s::path::check_bucket_name(bucket) {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("invalid S3 bucket name: {bucket:?}"),
        ))
    }
}

/// Whether s3s-fs stores `key` as the file `<bucket>/<key>` and lists it back as
/// the same key: no empty, `.` or `..` segment (so no leading, trailing or double
/// `/`), no NUL, at most 1024 bytes.
pub(crate) fn key_fits_fs(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 1024
        && !key.contains('\0')
        && key
            .split('/')
            .all(|seg| !seg.is_empty() && seg != "." && seg != "..")
}

fn check_key(key: &str) -> io::Result<()> {
    if key_fits_fs(key) {
        Ok(())
    } else {
        Err(invalid_key(key))
    }
}

fn invalid_key(key: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("object key cannot be stored as a file by s3s-fs: {key:?}"),
    )
}

/// s3s-fs keeps what it knows of an object beside the buckets, in
/// `root/.bucket-<b64 bucket>.object-<b64 key><suffix>`.
pub(crate) fn sidecar_name(bucket: &str, key: &str, suffix: &str) -> String {
    format!(
        ".bucket-{}.object-{}{suffix}",
        b64_url(bucket),
        b64_url(key)
    )
}

/// Records the object's ETag (MD5 of `body`) where s3s-fs reads it, so GET and
/// list need not hash the file, and drops any stale metadata of an older object.
fn record_etag(root: &Path, bucket: &str, key: &str, body: &mut impl io::Read) -> io::Result<()> {
    let etag = store::md5_hex(body)?;
    std::fs::write(
        root.join(sidecar_name(bucket, key, ".internal.json")),
        format!("{{\"e_tag\":\"{etag}\"}}"),
    )?;
    match std::fs::remove_file(root.join(sidecar_name(bucket, key, ".metadata.json"))) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Unpadded URL-safe base64, as s3s-fs names its sidecar files.
fn b64_url(s: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn b64_matches_rfc4648_url_unpadded() {
        assert_eq!(b64_url(""), "");
        assert_eq!(b64_url("f"), "Zg");
        assert_eq!(b64_url("fo"), "Zm8");
        assert_eq!(b64_url("foo"), "Zm9v");
        assert_eq!(b64_url("foob"), "Zm9vYg");
        assert_eq!(b64_url("\u{fb}\u{ff}"), "w7vDvw");
        assert_eq!(b64_url("??>"), "Pz8-");
        assert_eq!(b64_url("???"), "Pz8_");
    }

    #[test]
    fn keys_that_cannot_be_files_are_refused() {
        for key in ["", "/a", "a/", "a//b", "./a", "a/../b", "..", "a\0b"] {
            assert!(check_key(key).is_err(), "{key:?} should be refused");
        }
        for key in ["a", "a b/c+d%20.txt", "日志/1.jsonl", "a/.hidden", "a..b"] {
            assert!(check_key(key).is_ok(), "{key:?} should be accepted");
        }
    }

    #[test]
    fn debug_hides_the_secret() {
        let config = LocalS3Config::new("/tmp/x", "AKID", "very-secret-value");
        assert!(!format!("{config:?}").contains("very-secret-value"));
    }
}
