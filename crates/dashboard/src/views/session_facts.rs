//! The top of a session: its `session_info` as written, the figures added up from its calls
//! (what the totals use), the writer's own `metadata` beside them with a note when the two
//! disagree, and the fields session-log had to read with a second look.

use std::sync::Arc;

use leptos::prelude::*;

use crate::detail::{self, Opened};
use crate::format;
use crate::views::field_list::FieldList;

fn pair(name: &str, value: Option<String>) -> Option<(String, String)> {
    value.map(|v| (name.to_owned(), v))
}

/// session_info, the calls' figures, metadata and problems.
#[component]
pub fn SessionFacts(opened: Arc<Opened>) -> impl IntoView {
    let info = &opened.session.info;
    let s = &opened.summary;
    let mut written: Vec<(String, String)> = [
        pair("session_id", info.session_id.clone()),
        pair("task_id", info.task_id.clone()),
        pair("drawing_id", info.drawing_id.clone()),
        pair("session_type", info.session_type.clone()),
        pair("start_time", info.start_time.clone()),
        pair("end_time", info.end_time.clone()),
        pair("status", info.status.clone()),
        pair(
            "total_duration_seconds",
            info.total_duration_seconds.map(|d| d.to_string()),
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    written.extend(
        info.extra
            .iter()
            .map(|(name, raw)| (name.clone(), detail::cell(raw.get()))),
    );

    let list = s.list_cost();
    let figures = vec![
        ("Calls".to_owned(), s.calls.len().to_string()),
        ("Failed calls".to_owned(), s.failed_calls().to_string()),
        (
            "Tokens".to_owned(),
            format!(
                "{} ({} in, {} out)",
                format::count(s.tokens()),
                format::count(s.calls.iter().map(|c| c.prompt_tokens).sum()),
                format::count(s.calls.iter().map(|c| c.completion_tokens).sum())
            ),
        ),
        ("Cost logged".to_owned(), format::usd(s.logged_cost())),
        (
            "Cost at list price".to_owned(),
            list.map(format::usd)
                .unwrap_or_else(|| "a model has no list price".to_owned()),
        ),
        (
            "Duration".to_owned(),
            s.duration_seconds
                .map(format::seconds)
                .unwrap_or_else(|| "never ended".to_owned()),
        ),
    ];
    let differs = s.cost_differs().then(|| {
        view! {
            <p class="flag">
                "The logged cost is more than 1% away from the cost at list prices."
            </p>
        }
    });

    let metadata = opened.session.metadata.as_ref().map(|m| {
        let number = |name: &str, v: Option<u64>| pair(name, v.map(|v| v.to_string()));
        let mut fields: Vec<(String, String)> = [
            number("total_api_calls", m.total_api_calls),
            number("success_calls", m.success_calls),
            number("failed_calls", m.failed_calls),
            pair(
                "total_cost_estimate",
                m.total_cost_estimate.map(|c| c.to_string()),
            ),
            number("total_tokens_used", m.total_tokens_used),
            number("total_prompt_tokens", m.total_prompt_tokens),
            number("total_completion_tokens", m.total_completion_tokens),
            number("images_processed", m.images_processed),
        ]
        .into_iter()
        .flatten()
        .collect();
        fields.extend(
            m.extra
                .iter()
                .map(|(name, raw)| (name.clone(), detail::cell(raw.get()))),
        );
        let disagrees = session_log::totals::metadata_disagrees(s).then(|| {
            view! {
                <p class="flag" data-testid="metadata-disagrees">
                    "The writer's summary disagrees with its calls; the figures above come \
                     from the calls."
                </p>
            }
        });
        view! {
            <div>
                <h3>"metadata (the writer's summary)"</h3>
                {disagrees}
                <FieldList fields/>
            </div>
        }
    });

    let problems = (!s.problems.is_empty()).then(|| {
        let items = s
            .problems
            .iter()
            .map(|p| {
                view! {
                    <li>
                        <code>{p.path.clone()}</code>
                        " "
                        {p.message.clone()}
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="problems">
                <h3>"Read with a second look"</h3>
                <ul>{items}</ul>
            </div>
        }
    });

    view! {
        <section class="card facts" aria-label="Session">
            <div class="facts-grid">
                <div>
                    <h3>"session_info"</h3>
                    <FieldList fields=written/>
                </div>
                <div>
                    <h3>"From the calls"</h3>
                    {differs}
                    <FieldList fields=figures/>
                </div>
                {metadata}
            </div>
            {problems}
        </section>
    }
}
