//! Charts of the loaded sessions, drawn as SVG by Leptos (no chart library): cost and calls
//! per day stacked by model, the failure rate per day, tokens by model, and the spread of
//! session durations. The figures come from counts the store keeps as sessions are read
//! (`store::charts`), made into series when the store tells the charts about new ones (at
//! most every second or so, see `Store::pace_charts`) or the reader picks another zone.
//! Each chart is then drawn again in a task of its own, so that the page can answer
//! between them. Every bar that stands for a set of
//! sessions is a link to the sessions table filtered to exactly that set.

mod daily_chart;
mod duration_chart;
mod failure_chart;
mod frame;
mod labels;
mod legend;
mod tokens_chart;

use std::time::Duration;

use leptos::prelude::*;
use session_log::series::histogram_of;

use crate::i18n::locale::Locale;
use crate::state::{LoadState, Store};
use daily_chart::{DailyChart, TOP_MODELS};
use duration_chart::DurationChart;
use failure_chart::FailureChart;
use tokens_chart::TokensChart;

/// Every chart of the overview.
#[component]
pub fn Charts(store: Store) -> impl IntoView {
    let locale = Locale::get();
    let turns: [Trigger; 4] = std::array::from_fn(|_| Trigger::new());
    // Not on the first run: the memos below draw the charts once as they are made.
    Effect::new(move |first: Option<()>| {
        store.charts().track();
        if first.is_some() {
            take_turns(turns, 0, now(), store);
        }
    });
    let by_day = move |turn: Trigger| {
        Memo::new(move |_| {
            turn.track();
            let offset = locale.offset_minutes();
            if store.charts().with_untracked(|c| c.daily.offset_minutes()) != offset {
                store.recount_chart_days(offset);
            }
            store.charts().with_untracked(|c| c.daily.daily())
        })
    };
    let (daily, failures) = (by_day(turns[0]), by_day(turns[1]));
    // Read on the daily chart's turn, so that the end of a load draws it once, with the
    // sessions read last.
    let settled = Memo::new(move |_| {
        turns[0].track();
        store
            .progress()
            .with_untracked(|p| p.state != LoadState::Loading)
    });
    let tokens = Memo::new(move |_| {
        turns[2].track();
        store
            .charts()
            .with_untracked(|c| c.tokens.by_model(TOP_MODELS))
    });
    let durations = Memo::new(move |_| {
        turns[3].track();
        store
            .charts()
            .with_untracked(|c| histogram_of(c.durations.clone()))
    });
    view! {
        <section class="charts" aria-label=locale.words("Charts", "图表")>
            <DailyChart daily settled/>
            <FailureChart daily=failures/>
            <TokensChart tokens/>
            <DurationChart histogram=durations/>
        </section>
    }
}

/// Milliseconds by the page's clock.
fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Draws chart `turn` again, and the next ones each in a later task; then tells the store
/// how long it all took since `start`.
fn take_turns(turns: [Trigger; 4], turn: usize, start: f64, store: Store) {
    turns[turn].notify();
    set_timeout(
        move || match turn + 1 {
            next if next < turns.len() => take_turns(turns, next, start, store),
            _ => store.pace_charts(Duration::from_secs_f64((now() - start).max(0.0) / 1000.0)),
        },
        Duration::ZERO,
    );
}
