//! The end-to-end tests, one binary with a module per area (the harness is the crate's
//! library, `harness/`).
//!
//! Most tests start their own headless Chromium (through their own chromedriver, on a port
//! of its own, with a temporary profile), their own static server for `dist/` and their own
//! local-s3, each on a port the system picks, and no test sets an environment variable or
//! keeps state in a `static`: so they share nothing but the machine, and run on the default
//! test threads (one a core) like any other tests.
//!
//! Build the site first (`make site`) and the CLI (`cargo build -p logscope`, which
//! `dashboard_load` and `publish_site` run), then `cargo test -p logscope-e2e`, or one area:
//! `cargo test -p logscope-e2e --test e2e dashboard_views::`.

mod dashboard_cache;
mod dashboard_charts;
mod dashboard_costs;
mod dashboard_csp;
mod dashboard_diagnostics;
mod dashboard_faults;
mod dashboard_hostile;
mod dashboard_index;
mod dashboard_integrity;
mod dashboard_lanes;
mod dashboard_load;
mod dashboard_locale;
mod dashboard_look;
mod dashboard_renders;
mod dashboard_secrets;
mod dashboard_views;
mod presign_live;
mod publish_site;
