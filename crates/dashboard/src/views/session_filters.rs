//! The filter bar of the sessions table: drawing, model, status, a date range and free text
//! over the ids. It only edits the route's [`Filter`]; the table follows the route, so every
//! filter is in the address and survives a reload.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::route::Filter;
use crate::store::Store;
use crate::table;
use crate::views::choice::Choice;

/// What a status is called in the picker.
fn status_label(status: &str) -> String {
    match status {
        "listed" => "not read yet".to_owned(),
        other => other.to_owned(),
    }
}

/// The filter bar.
#[component]
pub fn SessionFilters(
    store: Store,
    filter: Memo<Filter>,
    on_change: Callback<Filter>,
) -> impl IntoView {
    let edit = move |change: fn(&mut Filter, Option<String>)| {
        Callback::new(move |value: Option<String>| {
            let mut next = filter.get_untracked();
            change(&mut next, value.filter(|v| !v.trim().is_empty()));
            on_change.run(next);
        })
    };
    let drawings = Memo::new(move |_| {
        let mut drawings: Vec<String> = store.rows.with(|rows| {
            let set: BTreeSet<&String> = rows.all().iter().map(|r| &r.summary.drawing).collect();
            set.into_iter().cloned().collect()
        });
        drawings.sort_by(|a, b| table::natural(a, b));
        drawings
            .into_iter()
            .map(|d| (d.clone(), d))
            .collect::<Vec<_>>()
    });
    let models = Memo::new(move |_| {
        store.report.with(|r| {
            r.by_model
                .keys()
                .map(|m| (m.clone(), m.clone()))
                .collect::<Vec<_>>()
        })
    });
    let statuses = Memo::new(move |_| {
        let set: BTreeSet<String> = store.rows.with(|rows| {
            rows.all()
                .iter()
                .map(|r| r.summary.status.clone())
                .collect()
        });
        let mut statuses: Vec<(String, String)> = set
            .into_iter()
            .map(|s| {
                let label = status_label(&s);
                (s, label)
            })
            .collect();
        // "failed" picks sessions with a failed call (see `table::keeps`), whatever status
        // their writer gave them.
        statuses.retain(|(status, _)| status != "failed");
        statuses.push(("failed".to_owned(), "with failed calls".to_owned()));
        statuses
    });
    let pick = |read: fn(&Filter) -> &Option<String>| {
        Signal::derive(move || filter.with(|f| read(f).clone()))
    };
    let text = move |read: fn(&Filter) -> &Option<String>| {
        move || filter.with(|f| read(f).clone().unwrap_or_default())
    };
    let on_from = edit(|f, v| f.from = v);
    let on_to = edit(|f, v| f.to = v);
    let on_text = edit(|f, v| f.text = v);
    let clear = move |_| {
        let kept = filter.get_untracked();
        on_change.run(Filter {
            sort: kept.sort,
            ascending: kept.ascending,
            ..Filter::default()
        });
    };

    view! {
        <div class="filters" role="search" aria-label="Filter sessions">
            <Choice
                label="Drawing"
                testid="filter-drawing"
                any="All drawings"
                options=drawings
                selected=pick(|f| &f.drawing)
                on_pick=edit(|f, v| f.drawing = v)
            />
            <Choice
                label="Model"
                testid="filter-model"
                any="All models"
                options=models
                selected=pick(|f| &f.model)
                on_pick=edit(|f, v| f.model = v)
            />
            <Choice
                label="Status"
                testid="filter-status"
                any="Any status"
                options=statuses
                selected=pick(|f| &f.status)
                on_pick=edit(|f, v| f.status = v)
            />
            <div class="choice">
                <label for="filter-from">"From"</label>
                <input
                    type="date"
                    id="filter-from"
                    data-testid="filter-from"
                    prop:value=text(|f| &f.from)
                    on:change=move |ev| on_from.run(Some(event_target_value(&ev)))
                />
            </div>
            <div class="choice">
                <label for="filter-to">"To"</label>
                <input
                    type="date"
                    id="filter-to"
                    data-testid="filter-to"
                    prop:value=text(|f| &f.to)
                    on:change=move |ev| on_to.run(Some(event_target_value(&ev)))
                />
            </div>
            <div class="choice grow">
                <label for="filter-text">"Search ids"</label>
                <input
                    type="search"
                    id="filter-text"
                    data-testid="filter-text"
                    placeholder="key, session, task, drawing or type"
                    prop:value=text(|f| &f.text)
                    on:input=move |ev| on_text.run(Some(event_target_value(&ev)))
                />
            </div>
            <button type="button" class="secondary plain" data-testid="filter-clear" on:click=clear>
                "Clear"
            </button>
        </div>
    }
}
