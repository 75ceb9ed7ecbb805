//! Charts of the loaded sessions, drawn as SVG by Leptos (no chart library): cost and calls
//! per day stacked by model, the failure rate per day, tokens by model, and the spread of
//! session durations. The figures come from `session_log::series`, over the sessions read
//! so far, and are worked out again when the store tells its readers about new rows (at
//! most every 200 ms) or the reader picks another zone. Every bar that stands for a set of
//! sessions is a link to the sessions table filtered to exactly that set.

mod daily_chart;
mod duration_chart;
mod failure_chart;
mod frame;
mod labels;
mod legend;
mod tokens_chart;

use leptos::prelude::*;
use session_log::series::{daily, duration_histogram, tokens_by_model};
use session_log::SessionSummary;

use crate::locale::Locale;
use crate::rows::{RowState, Rows};
use crate::store::Store;
use daily_chart::{DailyChart, TOP_MODELS};
use duration_chart::DurationChart;
use failure_chart::FailureChart;
use tokens_chart::TokensChart;

/// The sessions whose bodies were read: a listed row knows only its key, and an invalid
/// object is no session.
fn read(rows: &Rows) -> impl Iterator<Item = &SessionSummary> {
    rows.all()
        .iter()
        .filter(|row| row.state == RowState::Read)
        .map(|row| &row.summary)
}

/// Every chart of the overview.
#[component]
pub fn Charts(store: Store) -> impl IntoView {
    let locale = Locale::get();
    let by_day = Memo::new(move |_| {
        let offset = locale.offset_minutes();
        store.rows.with(|rows| daily(read(rows), offset))
    });
    let tokens = Memo::new(move |_| {
        store
            .rows
            .with(|rows| tokens_by_model(read(rows), TOP_MODELS))
    });
    let durations = Memo::new(move |_| store.rows.with(|rows| duration_histogram(read(rows))));
    view! {
        <section class="charts" aria-label=move || locale.t("Charts", "图表")>
            <DailyChart daily=by_day/>
            <FailureChart daily=by_day/>
            <TokensChart tokens/>
            <DurationChart histogram=durations/>
        </section>
    }
}
