//! A bucket for a browser test: objects written to a temporary folder and served by
//! local-s3 (s3s checking every signature) with CORS for the dashboard's origin only, plus
//! the connection form's values for it.

use std::path::{Path, PathBuf};

use local_s3::faults::Faults;
use local_s3::static_site::StaticServer;
use local_s3::{LocalS3, LocalS3Config};
use session_log::{KeyKind, PriceTable, Report, Totals};
use tempfile::TempDir;

use crate::dashboard::Form;

/// The one access key the test storage accepts.
pub const ACCESS: &str = "LOGSCOPEDASHBOARD";
/// Its secret: `/`, `+` and `=` are what URL encoders get wrong.
pub const SECRET: &str = "dashboard/test+secret=value";
pub const BUCKET: &str = "logs";
pub const PREFIX: &str = "openai_logs/";

/// A bucket on disk and the objects in it.
pub struct Seeded {
    root: TempDir,
    pub objects: Vec<(String, Vec<u8>)>,
}

impl Seeded {
    /// Writes `objects` (key, body) into a new bucket.
    pub fn new(objects: Vec<(String, Vec<u8>)>) -> Self {
        let root = tempfile::tempdir().unwrap();
        local_s3::create_bucket(root.path(), BUCKET).unwrap();
        for (key, body) in &objects {
            local_s3::put_object(root.path(), BUCKET, key, body).unwrap();
        }
        Self { root, objects }
    }

    /// Writes one more object, as the log writer would while the dashboard is open.
    pub fn put(&mut self, key: &str, body: &[u8]) {
        local_s3::put_object(self.root.path(), BUCKET, key, body).unwrap();
        self.objects.push((key.to_owned(), body.to_vec()));
    }

    /// A storage that lets only `origin` read it from a browser.
    pub fn serve(&self, origin: &str) -> LocalS3 {
        self.serve_with_faults(origin, None)
    }

    /// [`Seeded::serve`], with `faults` met at their rate (see `local_s3::faults`).
    pub fn serve_with_faults(&self, origin: &str, faults: Option<Faults>) -> LocalS3 {
        self.serve_as(origin, |config| config.faults = faults)
    }

    /// [`Seeded::serve`], with the rest of the config as `set` leaves it (TLS, a link).
    pub fn serve_as(&self, origin: &str, set: impl FnOnce(&mut LocalS3Config)) -> LocalS3 {
        let mut config = LocalS3Config::new(self.root.path(), ACCESS, SECRET);
        config.allowed_origin = Some(origin.to_owned());
        set(&mut config);
        LocalS3::start(config).unwrap()
    }
}

/// What `logscope stats` reports over `objects`: session-log's totals, added in key order.
pub fn expected(objects: &[(String, Vec<u8>)]) -> Report {
    let mut sorted: Vec<&(String, Vec<u8>)> = objects.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let prices = PriceTable::builtin();
    let mut totals = Totals::default();
    for (key, body) in sorted {
        if let KeyKind::Session(session) = session_log::parse_key(PREFIX, key) {
            totals.add(&session_log::load(session, body, &prices));
        }
    }
    totals.report()
}

/// The shared sample log (`../shared/sample`), with its real key.
pub fn sample() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/sample");
    let mut objects = Vec::new();
    collect_files(&dir, &dir, &mut objects);
    assert!(!objects.is_empty(), "no sample log under {}", dir.display());
    objects
}

fn collect_files(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_files(root, &path, out);
        } else {
            let key = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push((key, std::fs::read(&path).unwrap()));
        }
    }
}

/// `http://127.0.0.1:PORT`, the origin CORS must allow.
pub fn origin(site: &StaticServer) -> String {
    site.url().trim_end_matches('/').to_owned()
}

/// The form filled in for the test bucket at `endpoint`, "remember" off.
pub fn form(endpoint: &str) -> Form<'_> {
    Form {
        endpoint,
        bucket: BUCKET,
        region: "us-east-1",
        prefix: PREFIX,
        access_key: ACCESS,
        secret_key: SECRET,
        max_object_mb: "32",
        remember: false,
    }
}
