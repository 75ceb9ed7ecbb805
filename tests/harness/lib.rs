//! The end-to-end harness: a plain static file server for `dist/` and headless Chromium
//! driven through chromedriver. Tests start the S3 server from the `local-s3` crate.

pub mod browser;
pub mod static_server;
