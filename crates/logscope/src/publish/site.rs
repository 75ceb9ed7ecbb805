//! The files of a built site, as they go to the bucket: each one's key, `Content-Type` and
//! `Cache-Control`, in the order that keeps the live site whole while it is replaced.
//!
//! trunk fingerprints what it builds (`dashboard-2d64cdb109056b31_bg.wasm`): such a file's
//! name changes whenever its bytes do, so browsers may keep it for a year. `index.html`, a
//! `config.json` and any other file keep their names across builds, so browsers must ask
//! again each time (`no-cache` still lets them reuse what they have once the ETag matches).

use crate::UsageError;
use std::path::{Component, Path, PathBuf};

/// For a fingerprinted file: a changed file gets a new name, so it never goes stale.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// For every other file: revalidate each time.
pub const NO_CACHE: &str = "no-cache";

/// One file of the site and how it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteFile {
    /// Where its bytes are read from.
    pub source: PathBuf,
    /// Its path in the site, `/`-separated (`index.html`, `snippets/x/inline0.js`).
    pub name: String,
    pub content_type: &'static str,
    pub cache_control: &'static str,
    pub size: u64,
}

impl SiteFile {
    /// `source` published as `name`.
    pub fn new(source: PathBuf, name: String, size: u64) -> Self {
        let file_name = name.rsplit('/').next().unwrap_or(&name);
        Self {
            content_type: content_type(file_name),
            cache_control: if is_fingerprinted(file_name) {
                IMMUTABLE
            } else {
                NO_CACHE
            },
            source,
            name,
            size,
        }
    }
}

/// Every file under `dist`, in upload order. Dot files and dot folders (trunk's `.stage`,
/// editors' leftovers) are not part of the site; symlinked folders are not followed.
pub fn collect(dist: &Path) -> Result<Vec<SiteFile>, UsageError> {
    let failed = |e: std::io::Error| UsageError(format!("--dist {}: {e}", dist.display()));
    if !dist.join("index.html").is_file() {
        return Err(UsageError(format!(
            "{} has no index.html: build the site first (`make site`), or point --dist at the \
             folder trunk built",
            dist.display()
        )));
    }
    let mut files = Vec::new();
    let mut folders = vec![dist.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).map_err(failed)? {
            let entry = entry.map_err(failed)?;
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            let meta = std::fs::metadata(&path).map_err(failed)?;
            if meta.is_dir() {
                if !entry.file_type().map_err(failed)?.is_symlink() {
                    folders.push(path);
                }
                continue;
            }
            let relative = path.strip_prefix(dist).map_err(std::io::Error::other);
            let name = site_name(relative.map_err(failed)?)?;
            files.push(SiteFile::new(path, name, meta.len()));
        }
    }
    in_upload_order(&mut files);
    Ok(files)
}

/// A file's path in the site, from its path under the site folder.
fn site_name(relative: &Path) -> Result<String, UsageError> {
    let parts: Option<Vec<&str>> = relative
        .components()
        .map(|part| match part {
            Component::Normal(name) => name.to_str(),
            _ => None,
        })
        .collect();
    parts.map(|parts| parts.join("/")).ok_or_else(|| {
        UsageError(format!(
            "{}: a file name that is not UTF-8 cannot be an object key",
            relative.display()
        ))
    })
}

/// Everything else first, then `config.json`, then `index.html` last: until the new
/// index.html lands, visitors get the old one, whose files are still there, and once it
/// lands, every file it names is already there.
pub fn in_upload_order(files: &mut [SiteFile]) {
    let rank = |file: &SiteFile| match file.name.as_str() {
        "index.html" => 2,
        "config.json" => 1,
        _ => 0,
    };
    files.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.name.cmp(&b.name)));
}

/// The `Content-Type` a browser needs for a file of this name. Module scripts are refused
/// without a JavaScript type, and wasm streams only as `application/wasm`.
pub fn content_type(file_name: &str) -> &'static str {
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript",
        "wasm" => "application/wasm",
        "css" => "text/css",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Fewer hex digits than this after the last `-` are more likely a word (`logo-beef.png`)
/// than trunk's hash, which has fewer than 10 digits once in 2^28 builds; such a file merely
/// goes out as `no-cache`.
const MIN_HASH_DIGITS: usize = 10;

/// Whether trunk fingerprinted the file: `name-<hash>.ext`, or `name-<hash>_bg.wasm` for
/// wasm-bindgen's module, where the hash is a u64 in lowercase hex without leading zeros
/// (`format!("{:x}", seahash)`, so at most 16 digits).
pub fn is_fingerprinted(file_name: &str) -> bool {
    let Some((stem, _extension)) = file_name.rsplit_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((name, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    !name.is_empty()
        && (MIN_HASH_DIGITS..=16).contains(&hash.len())
        && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_fingerprints_are_recognised_and_nothing_else() {
        for name in [
            "dashboard-2d64cdb109056b31.js",
            "dashboard-2d64cdb109056b31_bg.wasm",
            "styles-1b94fce9490d416b.css",
            // A hash with leading zeros is printed shorter.
            "styles-b94fce9490d416b.css",
            "my-app-0123456789.js",
        ] {
            assert!(is_fingerprinted(name), "{name}");
        }
        for name in [
            "index.html",
            "config.json",
            "favicon.ico",
            "logo-dark.svg",
            "bg-cafe.png",
            "dashboard-2D64CDB109056B31.js",
            "dashboard-2d64cdb109056b31a.js",
            "dashboard-2d64cdb1090g6b31.js",
            "-2d64cdb109056b31.js",
            "dashboard-2d64cdb109056b31",
            "dashboard_bg.wasm",
        ] {
            assert!(!is_fingerprinted(name), "{name}");
        }
    }

    #[test]
    fn types_follow_the_extension_and_unknown_is_octet_stream() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("a-1.js"), "text/javascript");
        assert_eq!(content_type("a_bg.wasm"), "application/wasm");
        assert_eq!(content_type("STYLE.CSS"), "text/css");
        assert_eq!(content_type("config.json"), "application/json");
        assert_eq!(content_type("a.js.map"), "application/json");
        assert_eq!(content_type("logo.svg"), "image/svg+xml");
        assert_eq!(content_type("favicon.ico"), "image/x-icon");
        assert_eq!(content_type("robots.txt"), "text/plain; charset=utf-8");
        assert_eq!(content_type("data.bin"), "application/octet-stream");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }

    #[test]
    fn index_html_goes_last_and_config_json_just_before_it() {
        let file = |name: &str| SiteFile::new(PathBuf::from(name), name.to_owned(), 1);
        let mut files = vec![
            file("index.html"),
            file("config.json"),
            file("x-0123456789abcdef_bg.wasm"),
            file("a/index.html"),
            file("b-0123456789abcdef.js"),
        ];
        in_upload_order(&mut files);
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "a/index.html",
                "b-0123456789abcdef.js",
                "x-0123456789abcdef_bg.wasm",
                "config.json",
                "index.html"
            ]
        );
        assert_eq!(files[1].cache_control, IMMUTABLE);
        assert_eq!(files[3].cache_control, NO_CACHE);
        assert_eq!(files[4].cache_control, NO_CACHE);
    }
}
