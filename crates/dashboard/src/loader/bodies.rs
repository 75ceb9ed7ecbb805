//! Reading one session object: fetch, parse with session-log, and add to the store at once,
//! so totals grow as bodies arrive. Every outcome is also kept, so that the final totals can
//! be added up again in key order: floating-point sums depend on order, and this way two
//! loads of the same bucket, and `logscope stats --dir` on a copy of it, agree to the last
//! digit whatever order the answers came in.

use std::cell::RefCell;

use session_log::{Loaded, PriceTable, SessionKey, Totals};

use super::request::{Failure, Requester, Target};
use crate::problem::Doing;

enum Outcome {
    Read(Loaded),
    Unavailable { key: String, reason: String },
}

impl Outcome {
    fn key(&self) -> &str {
        match self {
            Self::Read(Loaded::Session(summary)) => &summary.key.key,
            Self::Read(Loaded::Invalid { key, .. }) | Self::Unavailable { key, .. } => key,
        }
    }
}

/// Everything read so far in one load.
#[derive(Default)]
pub struct Outcomes(RefCell<Vec<Outcome>>);

impl Outcomes {
    /// The totals over every outcome, added in key order.
    /// Sessions are priced again with `prices`, the table in force at the end: a price file
    /// applied during the load found some of them already read.
    pub fn totals(&self, prices: &PriceTable) -> Totals {
        let mut outcomes = self.0.take();
        for outcome in &mut outcomes {
            if let Outcome::Read(Loaded::Session(summary)) = outcome {
                summary.reprice(prices);
            }
        }
        outcomes.sort_by(|a, b| a.key().cmp(b.key()));
        let mut totals = Totals::default();
        for outcome in &outcomes {
            match outcome {
                Outcome::Read(loaded) => totals.add(loaded),
                Outcome::Unavailable { key, reason } => totals.add_unavailable(key, reason),
            }
        }
        totals
    }
}

/// Reads `key` into the store and `outcomes`. An object that cannot be fetched is recorded
/// as unavailable; a failure every other request would meet too is returned, with what was
/// being done, to stop the load.
pub async fn read(
    requester: &Requester,
    key: SessionKey,
    outcomes: &Outcomes,
) -> Result<(), (Doing, Failure)> {
    if !requester.live() {
        return Ok(());
    }
    let (store, run) = (requester.store(), requester.run());
    match requester.get(Target::Object(&key.key)).await {
        Ok(bytes) => {
            // Priced with the table in force now that the body is here: a price file applied
            // while it was on its way repriced everything read before it.
            let loaded = session_log::load(key, &bytes, &store.price_table());
            store.add(run, &loaded);
            outcomes.0.borrow_mut().push(Outcome::Read(loaded));
            Ok(())
        }
        Err(failure) if failure.is_fatal() => Err((Doing::Reading { key: key.key }, failure)),
        Err(failure) => {
            let reason = failure.reason();
            store.add_unavailable(run, &key.key, &reason);
            outcomes.0.borrow_mut().push(Outcome::Unavailable {
                key: key.key,
                reason,
            });
            Ok(())
        }
    }
}
