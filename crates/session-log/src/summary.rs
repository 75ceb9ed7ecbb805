//! A session reduced to what lists and totals need: small, and cheap to keep for 100,000
//! sessions. The full [`Session`] is parsed again when one session is opened.

use crate::key::SessionKey;
use crate::prices::PriceTable;
use crate::reason::Issue;
use crate::session::{parse_session, Invalid, Problem, Session};
use crate::time::parse_time;
use chrono::NaiveDateTime;

/// One call, summarized.
#[derive(Debug, Clone, PartialEq)]
pub struct CallSummary {
    /// `call_id` as logged.
    pub call_id: Option<String>,
    /// The model name as logged; `unknown` when absent.
    pub model: String,
    /// Whether the call names its model. A call without one is never priced, even by a
    /// price row that happens to be called `unknown`.
    pub model_named: bool,
    /// Status `failed` or an error present.
    pub failed: bool,
    /// Input tokens (0 when absent).
    pub prompt_tokens: u64,
    /// Output tokens (0 when absent).
    pub completion_tokens: u64,
    /// Input tokens served from cache (0 when absent).
    pub cached_tokens: u64,
    /// The writer's estimate; `None` when the call has none ("unpriced").
    pub logged_cost: Option<f64>,
    /// The cost from the price table; `None` when the model is not in it.
    pub list_cost: Option<f64>,
    /// Seconds the call took.
    pub duration_seconds: Option<f64>,
}

/// Logged and list cost further apart than this share of the list cost are flagged.
pub const COST_TOLERANCE: f64 = 0.01;

/// Whether a logged estimate is more than [`COST_TOLERANCE`] away from the list cost.
/// Nothing to compare (no estimate, or an unknown model) is not a difference.
pub fn cost_differs(logged: Option<f64>, list: Option<f64>) -> bool {
    match (logged, list) {
        (Some(logged), Some(list)) => {
            (logged - list).abs() > COST_TOLERANCE * list.abs().max(1e-12)
        }
        _ => false,
    }
}

impl CallSummary {
    /// The logged estimate is more than 1% away from the list price.
    pub fn cost_differs(&self) -> bool {
        cost_differs(self.logged_cost, self.list_cost)
    }

    /// What this call costs at `prices`; `None` for an unnamed or unknown model.
    pub fn price_with(&self, prices: &PriceTable) -> Option<f64> {
        if !self.model_named {
            return None;
        }
        prices.cost(
            &self.model,
            self.prompt_tokens,
            self.completion_tokens,
            self.cached_tokens,
        )
    }

    /// Recomputes [`CallSummary::list_cost`] with `prices`.
    pub fn reprice(&mut self, prices: &PriceTable) {
        self.list_cost = self.price_with(prices);
    }
}

/// One session, summarized.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionSummary {
    /// What the key says.
    pub key: SessionKey,
    /// `session_info.drawing_id`, else the key's folder.
    pub drawing: String,
    /// `session_info.session_type`, else what the key says, else `unknown`.
    pub session_type: String,
    /// `session_info.task_id`, else what the key says.
    pub task_id: Option<String>,
    /// `session_info.status` (`started`, `completed`, ...), or `unknown`.
    pub status: String,
    /// Naive start time from `session_info`.
    pub start: Option<NaiveDateTime>,
    /// Naive end time; `None` for a session that never ended.
    pub end: Option<NaiveDateTime>,
    /// `session_info.total_duration_seconds`.
    pub duration_seconds: Option<f64>,
    /// The calls, in order.
    pub calls: Vec<CallSummary>,
    /// What `metadata` claims, to compare with the calls.
    pub claimed: Option<Claimed>,
    /// Fields read with a second look.
    pub problems: Vec<Problem>,
}

/// The writer's own counts from `metadata`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Claimed {
    /// `total_api_calls`.
    pub calls: Option<u64>,
    /// `success_calls`.
    pub success: Option<u64>,
    /// `failed_calls`.
    pub failed: Option<u64>,
    /// `total_cost_estimate`.
    pub cost: Option<f64>,
}

impl SessionSummary {
    /// Calls that failed.
    pub fn failed_calls(&self) -> usize {
        self.calls.iter().filter(|c| c.failed).count()
    }
    /// Prompt plus completion tokens of every call.
    pub fn tokens(&self) -> u64 {
        self.calls.iter().fold(0, |sum: u64, c| {
            sum.saturating_add(c.prompt_tokens)
                .saturating_add(c.completion_tokens)
        })
    }
    /// Sum of the logged estimates.
    pub fn logged_cost(&self) -> f64 {
        self.calls.iter().filter_map(|c| c.logged_cost).sum()
    }
    /// The session's logged total is more than 1% away from its list-price total (only
    /// when every call's model has a price).
    pub fn cost_differs(&self) -> bool {
        cost_differs(Some(self.logged_cost()), self.list_cost())
    }
    /// Calls whose logged estimate is more than 1% away from the list price.
    pub fn calls_cost_differs(&self) -> usize {
        self.calls.iter().filter(|c| c.cost_differs()).count()
    }
    /// Sum of the recomputed costs, or `None` when any call's model has no price.
    pub fn list_cost(&self) -> Option<f64> {
        self.calls.iter().map(|c| c.list_cost).sum()
    }

    /// Recomputes every call's list cost with `prices` (a user's price file, say): the
    /// summary keeps each call's model and tokens, so the body need not be read again.
    pub fn reprice(&mut self, prices: &PriceTable) {
        self.calls.iter_mut().for_each(|call| call.reprice(prices));
    }
}

/// Summarizes a parsed session found under `key`.
pub fn summarize(key: SessionKey, session: &Session, prices: &PriceTable) -> SessionSummary {
    let info = &session.info;
    let mut problems = session.problems.clone();
    let mut time = |field: &str, text: &Option<String>| {
        let parsed = text.as_deref().and_then(parse_time);
        if let (Some(text), None) = (text, parsed) {
            problems.push(Problem {
                path: format!("session_info.{field}"),
                message: Issue::NotATime(text.clone()),
            });
        }
        parsed
    };
    let start = time("start_time", &info.start_time);
    let end = time("end_time", &info.end_time);
    let calls = session
        .calls
        .iter()
        .map(|call| {
            let mut summary = CallSummary {
                call_id: call.call_id.clone(),
                model: call.model.clone().unwrap_or_else(|| "unknown".into()),
                model_named: call.model.is_some(),
                failed: call.failed(),
                prompt_tokens: call.prompt_tokens.unwrap_or(0),
                completion_tokens: call.completion_tokens.unwrap_or(0),
                cached_tokens: call.cached_tokens.unwrap_or(0),
                logged_cost: call.cost_estimate,
                list_cost: None,
                duration_seconds: call.duration_seconds,
            };
            summary.reprice(prices);
            summary
        })
        .collect();
    SessionSummary {
        drawing: info
            .drawing_id
            .clone()
            .unwrap_or_else(|| key.drawing.clone()),
        session_type: info
            .session_type
            .clone()
            .or_else(|| key.session_type.clone())
            .unwrap_or_else(|| "unknown".into()),
        task_id: info.task_id.clone().or_else(|| key.task_id.clone()),
        status: info.status.clone().unwrap_or_else(|| "unknown".into()),
        start,
        end,
        duration_seconds: info.total_duration_seconds,
        calls,
        claimed: session.metadata.as_ref().map(|m| Claimed {
            calls: m.total_api_calls,
            success: m.success_calls,
            failed: m.failed_calls,
            cost: m.total_cost_estimate,
        }),
        problems,
        key,
    }
}

/// One object of a listing, after its body was read.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded {
    /// A session.
    Session(Box<SessionSummary>),
    /// Bytes that are not a session; the other sessions load regardless.
    Invalid {
        /// The object key.
        key: String,
        /// Why, for people.
        reason: Invalid,
    },
}

impl Loaded {
    /// The object's key.
    pub fn key(&self) -> &str {
        match self {
            Loaded::Session(summary) => &summary.key.key,
            Loaded::Invalid { key, .. } => key,
        }
    }
}

/// Parses and summarizes one object's bytes.
pub fn load(key: SessionKey, bytes: &[u8], prices: &PriceTable) -> Loaded {
    match parse_session(bytes) {
        Ok(session) => Loaded::Session(Box::new(summarize(key, &session, prices))),
        Err(reason) => Loaded::Invalid {
            key: key.key,
            reason,
        },
    }
}
