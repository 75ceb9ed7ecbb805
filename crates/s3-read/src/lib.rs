//! Reading a bucket, one way for the dashboard and the CLI: which ListObjectsV2 page to ask
//! for next, which GetObject, when to try again and how long to wait first, and what a
//! failure was. Sans-IO: the runner (the browser's `fetch`, the CLI's ureq) signs each
//! request by its own clock, sends it, and hands back the status, body and `Date` header, or
//! why there was none; the random draw for a wait comes in as an argument too. So both make
//! the same requests and retry, give up and word failures alike, and the same code builds for
//! wasm32 and native.
//!
//! A read is a [`Machine`], driven like the doctor's checkup: [`Machine::next`] says what to
//! do ([`Ask`]), the runner does it and hands the result back (`got`, `probed`,
//! `clock_fixed`), until [`Ask::Done`]. [`Listing`] yields page after page, [`Fetch`] one
//! object's bytes; both end in a [`Failed`] when they give up. [`POLICY`] is the one retry
//! policy, [`Failure`] the one failure type.
//!
//! ```
//! use s3_presign::{Bucket, Credentials, UrlStyle};
//! use s3_read::{Answer, Ask, Failed, Listing, Lost, Machine, Request};
//!
//! /// A runner: `send` does the HTTP, `sleep` the waiting.
//! fn run<M: Machine>(
//!     read: &mut M,
//!     mut send: impl FnMut(&Request) -> Result<Answer, Lost>,
//!     mut sleep: impl FnMut(std::time::Duration),
//!     mut each: impl FnMut(M::Output),
//! ) -> Result<(), Failed> {
//!     loop {
//!         match read.next() {
//!             Ask::Send(request) => match read.got(send(&request)) {
//!                 Some(Ok(output)) => each(output),
//!                 Some(Err(failed)) => return Err(failed),
//!                 None => {}
//!             },
//!             Ask::Wait(backoff) => sleep(backoff.wait(0.5)), // fastrand::f64() in real life
//!             Ask::Probe(_) => read.probed(false).map_or(Ok(()), Err)?,
//!             Ask::FixClock(_) => read.clock_fixed(false).map_or(Ok(()), Err)?,
//!             Ask::Done => return Ok(()),
//!         }
//!     }
//! }
//!
//! let bucket = Bucket::new("http://127.0.0.1:9000", "logs", "us-east-1", UrlStyle::Path)?;
//! let credentials = Credentials::new("AKIDEXAMPLE", "secret")?;
//! let at = chrono::DateTime::from_timestamp(1_369_353_600, 0).unwrap();
//! // The storage: busy once, then two pages.
//! let mut answers = vec![
//!     Answer { status: 503, body: b"<Error><Code>SlowDown</Code></Error>".to_vec(), date: None },
//!     Answer { status: 200, body: b"<ListBucketResult><IsTruncated>true</IsTruncated>\
//!         <NextContinuationToken>t2</NextContinuationToken>\
//!         <Contents><Key>logs/1/a.txt</Key><Size>5</Size></Contents></ListBucketResult>"
//!         .to_vec(), date: None },
//!     Answer { status: 200, body: b"<ListBucketResult><IsTruncated>false</IsTruncated>\
//!         <Contents><Key>logs/2/b.txt</Key><Size>7</Size></Contents></ListBucketResult>"
//!         .to_vec(), date: None },
//! ]
//! .into_iter();
//! let (mut urls, mut waited, mut keys) = (Vec::new(), Vec::new(), Vec::new());
//! run(
//!     &mut Listing::new("logs/"),
//!     |request| {
//!         urls.push(request.presign(&bucket, &credentials, at));
//!         Ok(answers.next().unwrap())
//!     },
//!     |wait| waited.push(wait),
//!     |page| keys.extend(page.contents.into_iter().map(|object| object.key)),
//! )?;
//! assert_eq!(keys, ["logs/1/a.txt", "logs/2/b.txt"]);
//! assert_eq!(waited, [std::time::Duration::from_millis(100)]);
//! assert!(urls[0].starts_with("http://127.0.0.1:9000/logs?") && urls[0].contains("prefix=logs%2F"));
//! assert!(urls[2].contains("continuation-token=t2"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod clock;
mod exchange;
mod failure;
pub mod lanes;
mod machines;
mod policy;
mod tries;

pub use exchange::{
    Answer, Ask, Lost, Request, Skew, MAX_ERROR_BYTES, MAX_PAGE_BYTES, SIGNED_FOR_SECS,
};
pub use failure::{Failed, Failure};
pub use machines::{folder, Fetch, Listing, Machine};
pub use policy::{Backoff, Policy, POLICY};
