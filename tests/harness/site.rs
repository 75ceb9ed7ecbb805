//! A copy of `dist/` on loopback, with a config.json that connects the page to a bucket as
//! soon as it opens (as `logscope demo` does): what the benchmarks visit.

use std::path::Path;

use local_s3::static_site::StaticServer;
use serde_json::json;
use tempfile::TempDir;

/// A copy of `dist/` served on loopback.
pub struct Site {
    dir: TempDir,
    server: StaticServer,
}

impl Site {
    pub fn start(dist: &Path) -> Site {
        assert!(
            dist.join("index.html").is_file(),
            "no site in {}: build it with `make site` (make bench does)",
            dist.display()
        );
        let dir = tempfile::tempdir().expect("a folder for the site");
        for entry in std::fs::read_dir(dist).expect("reading dist/") {
            let entry = entry.expect("reading dist/");
            if entry.file_type().expect("reading dist/").is_file() {
                std::fs::copy(entry.path(), dir.path().join(entry.file_name()))
                    .expect("copying dist/");
            }
        }
        let server = StaticServer::start(dir.path()).expect("serving the site");
        Site { dir, server }
    }

    pub fn url(&self) -> String {
        self.server.url()
    }

    /// `http://127.0.0.1:PORT`, the origin the S3 server's CORS must allow.
    pub fn origin(&self) -> String {
        self.url().trim_end_matches('/').to_owned()
    }

    /// Has the page connect to `endpoint` as soon as it opens.
    pub fn connect_to(&self, endpoint: &str, bucket: &str, prefix: &str, keys: (&str, &str)) {
        let config = json!({
            "endpoint": endpoint,
            "bucket": bucket,
            "region": "us-east-1",
            "prefix": prefix,
            "access_key_id": keys.0,
            "secret_access_key": keys.1,
            "connect": true,
        });
        std::fs::write(self.dir.path().join("config.json"), config.to_string())
            .expect("writing config.json");
    }
}
