//! The domain of logscope: what an object key says, what a session document holds, and the
//! totals over many sessions. No I/O: bytes and time come in as arguments, so the dashboard
//! (wasm32) and the `logscope` CLI share every line of it.

pub mod checks;
#[cfg(feature = "corpus")]
pub mod corpus;
pub mod cost_check;
pub mod export;
pub mod index;
pub mod key;
mod lenient;
pub mod limit;
pub mod pack;
pub mod prices;
pub mod reason;
pub mod series;
pub mod session;
pub mod sort;
pub mod summary;
pub mod time;
pub mod totals;

pub use checks::{calls_without_tokens, failed_checks, Check};
pub use key::{parse_key, KeyKind, SessionKey};
pub use lenient::Field;
pub use limit::{SizeLimit, TooLarge, DEFAULT_MAX_OBJECT_MB};
pub use prices::{Price, PriceError, PriceTable};
pub use reason::{Expected, Found, Issue, JsonError};
pub use session::{parse_session, Call, Invalid, Metadata, Problem, Session, SessionInfo};
pub use summary::{
    cost_differs, load, summarize, CallSummary, Claimed, Loaded, SessionSummary, COST_TOLERANCE,
};
pub use time::parse_time;
pub use totals::{CallTotals, GroupTotals, Report, Totals};
