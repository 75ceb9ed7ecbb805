//! The end-to-end harness: headless Chromium driven through chromedriver. The S3 server and
//! the static file server for `dist/` come from the `local-s3` crate.

pub mod browser;
