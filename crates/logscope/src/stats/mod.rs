//! `logscope stats`: totals over every session log under a prefix, read from a bucket or from
//! a local mirror of one. session-log parses and adds up; this module only finds, fetches and
//! prints.
//!
//! One module per concern: [`args`] (what it takes), [`dir`] (the local folder), [`bucket`]
//! (listing the prefix flat), [`pool`] (the workers that list and fetch), [`client`] (the
//! HTTP runner of s3-read's listing and fetching, which page, retry and classify),
//! [`explain`] (failures as one line), [`progress`] and [`output`].

mod args;
mod bucket;
pub(crate) mod client;
mod dir;
pub(crate) mod explain;
mod output;
pub(crate) mod pool;
mod progress;

pub use args::{ReadArgs, StatsArgs};

use crate::UsageError;
use session_log::Totals;

/// Prints nothing on stdout itself: returns the report, or the one-line problem.
pub fn run(args: StatsArgs) -> Result<String, UsageError> {
    let prefix = args.folder_prefix();
    let prices = args.price_table()?;
    let mut totals = Totals::default();
    match &args.dir {
        Some(root) => dir::collect(root, &prefix, &prices, args.read.size_limit(), &mut totals)?,
        None => bucket::collect(&args, &prefix, prices, &mut totals)?,
    }
    output::render(&totals.report(), args.json)
}
