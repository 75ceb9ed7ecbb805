//! The cost check: what the writer logged against what its calls cost at list prices, per
//! model and in total, and, where the calls allow it, the per-million rates the writer must
//! have used. Knowing that a logger prices gpt-4o-2024-11-20 at 5 and 15 USD per million
//! tokens, where the list says 2.50 and 10, explains a mismatch better than any total.
//!
//! The writer's rates are inferred by least squares over each call's (input tokens, output
//! tokens, logged cost), without an intercept. Cached input tokens count as the list does
//! ([`PriceTable::cost`]): a cached token weighs the list's cached price over its input
//! price, so implied and list input rates compare like with like. When every call has the
//! same mix of input and output tokens, the two rates cannot be told apart and only the
//! overall ratio of logged to list cost is known; this is said, not guessed.

use crate::checks::Check;
use crate::prices::{Price, PriceTable};
use crate::summary::{CallSummary, SessionSummary, COST_TOLERANCE};

/// USD per million tokens.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rates {
    /// Per million input tokens.
    pub input: f64,
    /// Per million output tokens.
    pub output: f64,
}

/// What a model's calls say about the writer's own rates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Implied {
    /// The rates that best explain the logged costs. `exact` when every call's estimate
    /// is within [`COST_TOLERANCE`] of them: the writer uses one fixed pair of rates.
    Rates { rates: Rates, exact: bool },
    /// Every call has the same mix of input and output tokens (or only one kind), so any
    /// pair of rates on a line explains them: only the overall ratio is known.
    SameMix,
    /// The calls' mixes differ but no pair of non-negative rates explains them: the
    /// writer's prices changed between calls, or do not follow tokens.
    Irregular,
    /// No call has both a logged estimate and tokens.
    Nothing,
}

/// One model's calls, logged against listed.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelCost {
    /// The model name as logged.
    pub model: String,
    /// The price row used for it; `None` when the table does not know the model.
    pub list: Option<Price>,
    /// Calls.
    pub calls: u64,
    /// Calls without a logged estimate.
    pub unpriced_calls: u64,
    /// Calls whose logged estimate is more than 1% away from the list price.
    pub calls_differ: u64,
    /// Sum of the logged estimates.
    pub logged_usd: f64,
    /// Every call at list price; `None` for a model without one.
    pub list_usd: Option<f64>,
    /// Logged over listed, over the calls that have both; `None` when there are none, or
    /// they list at zero.
    pub ratio: Option<f64>,
    /// The writer's rates, as far as the calls tell.
    pub implied: Implied,
}

impl ModelCost {
    /// The logged costs are more than 1% away from the list price, in sum or call by call.
    pub fn differs(&self) -> bool {
        self.calls_differ > 0 || self.ratio.is_some_and(|r| (r - 1.0).abs() > COST_TOLERANCE)
    }
}

/// A session whose logged cost differs from its list cost.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionCost {
    /// The object key.
    pub key: String,
    /// The drawing.
    pub drawing: String,
    /// Sum of the logged estimates.
    pub logged_usd: f64,
    /// At list prices; `None` when a call's model has no price.
    pub list_usd: Option<f64>,
    /// Calls more than 1% off.
    pub calls_differ: u64,
}

/// The cost check over many sessions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CostCheck {
    /// Sessions looked at.
    pub sessions: u64,
    /// Calls.
    pub calls: u64,
    /// Sum of every logged estimate.
    pub logged_usd: f64,
    /// Every call of a known model at list price.
    pub list_usd: f64,
    /// Logged over listed, over the calls that have both.
    pub ratio: Option<f64>,
    /// Calls without a logged estimate.
    pub unpriced_calls: u64,
    /// Calls of models without a list price.
    pub unknown_model_calls: u64,
    /// Calls more than 1% off.
    pub calls_differ: u64,
    /// Per model, the most logged cost first.
    pub models: Vec<ModelCost>,
    /// Sessions failing [`Check::CostDiffers`], the largest difference first.
    pub sessions_differ: Vec<SessionCost>,
}

/// Sums for the least-squares fit and the ratio, one model's worth.
#[derive(Default)]
struct Fit {
    /// (input, output, logged) per call, tokens in millions.
    points: Vec<(f64, f64, f64)>,
    compared_logged: f64,
    compared_list: f64,
}

/// Runs the check over `sessions`, whose list costs must come from `prices` (see
/// [`SessionSummary::reprice`]).
pub fn check<'a>(
    sessions: impl IntoIterator<Item = &'a SessionSummary>,
    prices: &PriceTable,
) -> CostCheck {
    let mut out = CostCheck::default();
    let mut models: Vec<(ModelCost, Fit)> = Vec::new();
    let (mut compared_logged, mut compared_list) = (0.0, 0.0);
    for session in sessions {
        out.sessions += 1;
        for call in &session.calls {
            let at = match models.iter().position(|(m, _)| m.model == call.model) {
                Some(at) => at,
                None => {
                    models.push((new_model(call, prices), Fit::default()));
                    models.len() - 1
                }
            };
            let (model, fit) = &mut models[at];
            add_call(model, fit, call);
            out.calls += 1;
            out.logged_usd += call.logged_cost.unwrap_or(0.0);
            out.unpriced_calls += u64::from(call.logged_cost.is_none());
            out.calls_differ += u64::from(call.cost_differs());
            match call.list_cost {
                Some(list) => out.list_usd += list,
                None => out.unknown_model_calls += 1,
            }
            if let (Some(logged), Some(list)) = (call.logged_cost, call.list_cost) {
                compared_logged += logged;
                compared_list += list;
            }
        }
        if Check::CostDiffers.fails(session) {
            out.sessions_differ.push(SessionCost {
                key: session.key.key.clone(),
                drawing: session.drawing.clone(),
                logged_usd: session.logged_cost(),
                list_usd: session.list_cost(),
                calls_differ: session.calls_cost_differs() as u64,
            });
        }
    }
    out.ratio = ratio(compared_logged, compared_list);
    out.models = models
        .into_iter()
        .map(|(mut model, fit)| {
            model.ratio = ratio(fit.compared_logged, fit.compared_list);
            model.implied = implied(&fit.points);
            model
        })
        .collect();
    crate::sort::by(&mut out.models, |a, b| {
        b.logged_usd
            .total_cmp(&a.logged_usd)
            .then_with(|| a.model.cmp(&b.model))
    });
    let gap = |s: &SessionCost| s.list_usd.map_or(0.0, |list| (s.logged_usd - list).abs());
    crate::sort::by(&mut out.sessions_differ, |a, b| {
        gap(b).total_cmp(&gap(a)).then_with(|| a.key.cmp(&b.key))
    });
    out
}

fn new_model(call: &CallSummary, prices: &PriceTable) -> ModelCost {
    let list = call
        .model_named
        .then(|| prices.lookup(&call.model).cloned())
        .flatten();
    ModelCost {
        model: call.model.clone(),
        list_usd: list.as_ref().map(|_| 0.0),
        list,
        calls: 0,
        unpriced_calls: 0,
        calls_differ: 0,
        logged_usd: 0.0,
        ratio: None,
        implied: Implied::Nothing,
    }
}

fn add_call(model: &mut ModelCost, fit: &mut Fit, call: &CallSummary) {
    model.calls += 1;
    model.unpriced_calls += u64::from(call.logged_cost.is_none());
    model.calls_differ += u64::from(call.cost_differs());
    model.logged_usd += call.logged_cost.unwrap_or(0.0);
    // A call the list cannot price leaves the model's list total unknown.
    model.list_usd = match (model.list_usd, call.list_cost) {
        (Some(sum), Some(cost)) => Some(sum + cost),
        _ => None,
    };
    if let (Some(logged), Some(list)) = (call.logged_cost, call.list_cost) {
        fit.compared_logged += logged;
        fit.compared_list += list;
    }
    let Some(logged) = call.logged_cost.filter(|c| c.is_finite()) else {
        return;
    };
    let input = effective_input(call, model.list.as_ref());
    let output = call.completion_tokens as f64;
    if input > 0.0 || output > 0.0 {
        fit.points.push((input / 1e6, output / 1e6, logged));
    }
}

/// Input tokens with each cached one weighed as the list weighs it against a fresh one:
/// the same rule as [`PriceTable::cost`], so implied and list input rates compare.
fn effective_input(call: &CallSummary, list: Option<&Price>) -> f64 {
    let cached = call.cached_tokens.min(call.prompt_tokens);
    let fresh = (call.prompt_tokens - cached) as f64;
    let weight = match list {
        Some(price) if price.input > 0.0 => price.cached_input.unwrap_or(price.input) / price.input,
        _ => 1.0,
    };
    fresh + cached as f64 * weight
}

fn ratio(logged: f64, list: f64) -> Option<f64> {
    (list > 0.0 && logged.is_finite()).then(|| logged / list)
}

/// Below this share of `Σx²·Σy²`, the normal equations' determinant means the calls' token
/// mixes are all (nearly) the same, and the rates are not determined.
const SAME_MIX: f64 = 1e-6;

/// The least-squares rates through the origin: minimize Σ(a·x + b·y − c)².
fn implied(points: &[(f64, f64, f64)]) -> Implied {
    if points.is_empty() {
        return Implied::Nothing;
    }
    let (mut xx, mut xy, mut yy, mut xc, mut yc) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for &(x, y, c) in points {
        xx += x * x;
        xy += x * y;
        yy += y * y;
        xc += x * c;
        yc += y * c;
    }
    let det = xx * yy - xy * xy;
    if xx == 0.0 || yy == 0.0 || det <= SAME_MIX * xx * yy {
        return Implied::SameMix;
    }
    let input = (xc * yy - yc * xy) / det;
    let output = (yc * xx - xc * xy) / det;
    // A rate a hair below zero is rounding of a true zero.
    let tiny = 1e-9 * (input.abs() + output.abs());
    if !input.is_finite() || !output.is_finite() || input < -tiny || output < -tiny {
        return Implied::Irregular;
    }
    let rates = Rates {
        input: input.max(0.0),
        output: output.max(0.0),
    };
    let exact = points.iter().all(|&(x, y, c)| {
        let fitted = rates.input * x + rates.output * y;
        (fitted - c).abs() <= COST_TOLERANCE * c.abs().max(fitted.abs()) + 1e-12
    });
    Implied::Rates { rates, exact }
}
