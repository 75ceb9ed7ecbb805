//! Name and value pairs (session_info, metadata, results, a call's figures) as a description
//! list. Values are log content, shown as text. The log's own field names and values are
//! data, the same in every language, and marked `translate="no"`; the dashboard's labels
//! and figures (`labels`) follow the reader's language.

use leptos::prelude::*;

/// The pairs, in the order given.
#[component]
pub fn FieldList(
    #[prop(into)] fields: Signal<Vec<(String, String)>>,
    /// The pairs are the dashboard's own labels and figures, not the log's fields.
    #[prop(optional)]
    labels: bool,
) -> impl IntoView {
    let translate = if labels { "yes" } else { "no" };
    let items = move || {
        fields
            .get()
            .into_iter()
            .map(|(name, value)| {
                view! {
                    <div>
                        <dt translate=translate>{name}</dt>
                        <dd translate=translate>{value}</dd>
                    </div>
                }
            })
            .collect_view()
    };
    view! { <dl class="fields">{items}</dl> }
}
