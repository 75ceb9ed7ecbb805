//! A column header of the sessions table: a button that sorts by the column, and `aria-sort`
//! saying how the table is sorted, for screen readers and tests alike.

use leptos::prelude::*;

use crate::route::{Filter, SortKey};

/// One sortable header cell.
#[component]
pub fn SortHeader(
    /// The column's name; a plain `&'static str` works too, in one language.
    #[prop(into)]
    label: Signal<&'static str>,
    column: SortKey,
    /// Right-aligned, for figures.
    #[prop(optional)]
    numeric: bool,
    filter: Memo<Filter>,
    on_sort: Callback<SortKey>,
) -> impl IntoView {
    let direction = move || {
        filter.with(|f| match (f.sort == column, f.ascending) {
            (false, _) => "none",
            (true, true) => "ascending",
            (true, false) => "descending",
        })
    };
    let arrow = move || match direction() {
        "ascending" => "▲",
        "descending" => "▼",
        _ => "",
    };
    view! {
        <th
            scope="col"
            class=if numeric { "num" } else { "" }
            aria-sort=direction
            data-sort=column.name()
        >
            <button type="button" class="sort" on:click=move |_| on_sort.run(column)>
                {move || label.get()}
                <span class="arrow" aria-hidden="true">{arrow}</span>
            </button>
        </th>
    }
}
