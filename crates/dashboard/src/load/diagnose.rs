//! The diagnostics page's checks, run from this browser: the only I/O the page does. What to
//! ask, in which order, and what each answer means come from `doctor::checkup`, which
//! `logscope doctor` runs too; this sends the requests the browser's way.
//!
//! Step 1 is a `no-cors` fetch of the endpoint, which resolves whenever anything answers and
//! rejects only when nothing does. Step 2 is the real signed listing: a browser rejects it
//! when the storage's CORS rules withhold the answer from this page, which after step 1 can
//! only mean CORS. The listing's answer then settles steps 3 to 5 (signed again by the
//! storage's clock when it refused this browser's, as loading does, with this page's host's
//! `Date` as the fallback), and step 6 follows its pages. Nothing here reads or shows the
//! secret key.

use chrono::{DateTime, Utc};
use doctor::checkup::{Ask, Checkup, Got, Runner};
use doctor::{Fact, NoReply, Target};

use crate::features::connect::model::Connection;
use crate::io::http::{self, Refused};

/// The names the checks' words use for `connection`, with this page's origin.
pub fn target(connection: &Connection) -> Target {
    Target {
        endpoint: connection.endpoint.clone(),
        bucket: connection.bucket.name().to_owned(),
        region: connection.bucket.region().to_owned(),
        prefix: connection.prefix.clone(),
        access_key: connection.credentials.access_key().to_owned(),
        origin: origin(),
    }
}

fn origin() -> String {
    web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_default()
}

/// Runs the checks on `connection`, giving each finding to `step` as soon as it is known,
/// until the checks are over or `step` returns `false`.
pub async fn run(connection: Connection, mut step: impl FnMut(Fact) -> bool) {
    let Connection {
        bucket,
        credentials,
        prefix,
        ..
    } = connection;
    let mut checkup = Checkup::new(bucket, credentials, &prefix, &origin(), Runner::Browser);
    loop {
        let facts = match checkup.ask(now()) {
            Ask::Reach(url) => {
                let reached = if http::answers(&url).await {
                    Ok(None)
                } else {
                    Err(NoReply::Nothing)
                };
                checkup.reached(reached)
            }
            Ask::Get(url) => {
                let got = match http::get(&url).await {
                    Ok(reply) => Ok(Got {
                        status: reply.status,
                        body: reply.body,
                        date: reply.date,
                        at: now(),
                    }),
                    Err(Refused::Blocked(said) | Refused::Cut(said)) => Err(NoReply::Said(said)),
                    Err(Refused::TimedOut) => Err(NoReply::TimedOut {
                        seconds: http::TIMEOUT_MS / 1000,
                    }),
                };
                checkup.got(got)
            }
            Ask::HostDate => checkup.host_date(http::own_host_date().await),
            // A page cannot send a preflight of its own: its requests show CORS instead.
            Ask::Preflight { .. } => checkup.preflighted(Err(NoReply::Nothing)),
            Ask::Done => return,
        };
        for fact in facts {
            if !step(fact) {
                return;
            }
        }
    }
}

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}
