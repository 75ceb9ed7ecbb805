//! Name and value pairs (session_info, metadata, results) as a description list. Values are
//! log content, shown as text.

use leptos::prelude::*;

/// The pairs, in the order given.
#[component]
pub fn FieldList(fields: Vec<(String, String)>) -> impl IntoView {
    let items = fields
        .into_iter()
        .map(|(name, value)| {
            view! {
                <div>
                    <dt>{name}</dt>
                    <dd>{value}</dd>
                </div>
            }
        })
        .collect_view();
    view! { <dl class="fields">{items}</dl> }
}
