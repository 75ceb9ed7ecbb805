//! The totals over every session loaded so far: the same figures, with the same meanings,
//! as `logscope stats --json` (`sessions`, `calls`, `failed_calls`, `total_tokens`,
//! `cost_usd`, `invalid`), plus session durations.

use leptos::prelude::*;
use session_log::Report;

use crate::format;
use crate::store::Store;
use crate::views::tile::Tile;

/// A count, exactly and for the eye.
fn count(n: u64) -> (String, String) {
    (n.to_string(), format::count(n))
}

/// The row of totals.
#[component]
pub fn Overview(store: Store) -> impl IntoView {
    let report = store.report;
    // A figure of the report: the exact value and the value as shown.
    let figure = move |read: fn(&Report) -> (String, String)| {
        let both = Memo::new(move |_| report.with(read));
        (
            Signal::derive(move || both.get().0),
            Signal::derive(move || both.get().1),
        )
    };

    let (sessions, sessions_shown) = figure(|r| count(r.sessions));
    let (calls, calls_shown) = figure(|r| count(r.calls));
    let (failed, failed_shown) = figure(|r| count(r.failed_calls));
    let (tokens, tokens_shown) = figure(|r| count(r.total_tokens));
    let (cost, cost_shown) = figure(|r| (r.cost_usd.to_string(), format::usd(r.cost_usd)));
    let (invalid, invalid_shown) = figure(|r| count(r.invalid));
    let (time, time_shown) = figure(|r| {
        let sum = r.session_duration.sum;
        (sum.to_string(), format::seconds(sum))
    });
    let (p95, p95_shown) = figure(|r| match r.session_duration.p95 {
        Some(p95) => (p95.to_string(), format::seconds(p95)),
        None => (String::new(), "–".to_owned()),
    });

    let failed_note = Signal::derive(move || {
        report.with(|r| match r.calls {
            0 => String::new(),
            calls => format!(
                "{:.1}% of calls",
                100.0 * r.failed_calls as f64 / calls as f64
            ),
        })
    });
    let tokens_note = Signal::derive(move || {
        report.with(|r| {
            format!(
                "{} in, {} out",
                format::count(r.prompt_tokens),
                format::count(r.completion_tokens)
            )
        })
    });
    let cost_note = Signal::derive(move || {
        report.with(|r| format!("{} at list prices", format::usd(r.list_cost_usd)))
    });
    let invalid_note = Signal::derive(move || {
        report.with(|r| match r.unavailable {
            0 => "objects that are not sessions".to_owned(),
            n => format!("not sessions; {n} more could not be read"),
        })
    });
    let time_note = Signal::derive(move || {
        report.with(|r| match r.session_duration.count {
            0 => String::new(),
            n => format!("over {} timed sessions", format::count(n as u64)),
        })
    });
    let p95_note = Signal::derive(move || {
        report.with(|r| match r.session_duration.p50 {
            Some(p50) => format!("median {}", format::seconds(p50)),
            None => String::new(),
        })
    });

    view! {
        <section class="overview" aria-label="Totals">
            <Tile testid="total-sessions" label="Sessions" value=sessions shown=sessions_shown/>
            <Tile testid="total-calls" label="Calls" value=calls shown=calls_shown/>
            <Tile
                testid="total-failed-calls"
                label="Failed calls"
                value=failed
                shown=failed_shown
                note=failed_note
            />
            <Tile
                testid="total-tokens"
                label="Tokens"
                value=tokens
                shown=tokens_shown
                note=tokens_note
            />
            <Tile
                testid="total-cost"
                label="Cost (logged)"
                value=cost
                shown=cost_shown
                note=cost_note
            />
            <Tile
                testid="total-duration"
                label="Session time"
                value=time
                shown=time_shown
                note=time_note
            />
            <Tile
                testid="p95-duration"
                label="Session p95"
                value=p95
                shown=p95_shown
                note=p95_note
            />
            <Tile
                testid="total-invalid"
                label="Invalid"
                value=invalid
                shown=invalid_shown
                note=invalid_note
            />
        </section>
    }
}
