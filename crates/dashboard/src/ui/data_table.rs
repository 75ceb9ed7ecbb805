//! A list of JSON objects (QTO components, images) as a table: a column for every member any
//! of them has, cells as text. Column names and cells are the log's, so the same in every
//! language.

use leptos::prelude::*;

use crate::ui::json::Table;

/// The table, scrolling sideways when it is wide.
#[component]
pub fn DataTable(table: Table, testid: &'static str) -> impl IntoView {
    let Table { columns, rows } = table;
    let head = columns
        .into_iter()
        .map(|c| view! { <th scope="col">{c}</th> })
        .collect_view();
    let body = rows
        .into_iter()
        .map(|row| {
            let cells = row
                .into_iter()
                .map(|c| view! { <td>{c}</td> })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="data" data-testid=testid translate="no">
                <thead>
                    <tr>{head}</tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}
