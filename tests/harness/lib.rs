//! The end-to-end harness: headless Chromium driven through chromedriver, helpers for
//! driving the dashboard in it, and seeded buckets to point it at. The S3 server and the static file server for `dist/` come
//! from the `local-s3` crate.

pub mod bench;
pub mod browser;
pub mod bucket;
pub mod cdp;
pub mod dashboard;
pub mod floor;
pub mod leak;
pub mod logs;
pub mod net;
pub mod rig;
pub mod site;
