//! What can be wrong with one session that a reader should see at a glance: the checks the
//! sessions table flags and filters by. Each is a plain test of a [`SessionSummary`], so the
//! dashboard and the CLI flag the same sessions.

use crate::summary::SessionSummary;
use crate::totals::metadata_disagrees;

/// One check on a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Check {
    /// `metadata` claims other counts or another cost than the calls add up to.
    MetadataDisagrees,
    /// `metadata`'s own `success_calls + failed_calls` is not its `total_api_calls`.
    CountsDoNotAdd,
    /// The session has a start but no end: it crashed, or is still running.
    NeverEnded,
    /// A call that did not fail has no tokens at all.
    CallsWithoutTokens,
    /// A logged cost is more than 1% away from the list price.
    CostDiffers,
}

impl Check {
    /// Every check, in the order they are shown.
    pub const ALL: [Check; 5] = [
        Check::MetadataDisagrees,
        Check::CountsDoNotAdd,
        Check::NeverEnded,
        Check::CallsWithoutTokens,
        Check::CostDiffers,
    ];

    /// The name used in links and exports.
    pub fn name(self) -> &'static str {
        match self {
            Check::MetadataDisagrees => "metadata",
            Check::CountsDoNotAdd => "counts",
            Check::NeverEnded => "unended",
            Check::CallsWithoutTokens => "no-tokens",
            Check::CostDiffers => "cost",
        }
    }

    /// The reverse of [`Check::name`].
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Whether `session` fails this check.
    pub fn fails(self, session: &SessionSummary) -> bool {
        match self {
            Check::MetadataDisagrees => metadata_disagrees(session),
            Check::CountsDoNotAdd => {
                session
                    .claimed
                    .as_ref()
                    .is_some_and(|c| match (c.calls, c.success, c.failed) {
                        (Some(total), Some(success), Some(failed)) => {
                            success.checked_add(failed) != Some(total)
                        }
                        _ => false,
                    })
            }
            Check::NeverEnded => session.start.is_some() && session.end.is_none(),
            Check::CallsWithoutTokens => calls_without_tokens(session) > 0,
            Check::CostDiffers => session.cost_differs() || session.calls_cost_differs() > 0,
        }
    }
}

/// Calls that did not fail yet report neither prompt nor completion tokens.
pub fn calls_without_tokens(session: &SessionSummary) -> usize {
    session
        .calls
        .iter()
        .filter(|c| !c.failed && c.prompt_tokens == 0 && c.completion_tokens == 0)
        .count()
}

/// The checks `session` fails, in [`Check::ALL`] order.
pub fn failed_checks(session: &SessionSummary) -> Vec<Check> {
    Check::ALL
        .into_iter()
        .filter(|check| check.fails(session))
        .collect()
}
