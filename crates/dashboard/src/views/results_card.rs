//! The session's `results`: its plain fields (success, error_info, the time), the take-off
//! (`qto_data`) with its components as a table, and all of it as raw JSON.

use std::sync::Arc;

use leptos::prelude::*;

use crate::detail::{self, Opened};
use crate::views::data_table::DataTable;
use crate::views::field_list::FieldList;
use crate::views::raw_json::RawJson;

/// The results, when the session has any.
#[component]
pub fn ResultsCard(opened: Arc<Opened>) -> impl IntoView {
    opened.session.results.as_ref().map(|results| {
        let json = results.get().to_owned();
        let mut fields = detail::fields(&json);
        fields.retain(|(name, _)| name != "qto_data");
        let qto_fields = detail::qto_fields(&json);
        let components = detail::qto_table(&json);
        let heading = components
            .as_ref()
            .map(|t| format!("Components ({})", t.rows.len()));
        view! {
            <section class="card" aria-labelledby="results-heading">
                <h2 id="results-heading">"Results"</h2>
                <FieldList fields/>
                {(!qto_fields.is_empty())
                    .then(|| view! { <h3>"qto_data"</h3> <FieldList fields=qto_fields/> })}
                {heading.map(|h| view! { <h3>{h}</h3> })}
                {components.map(|table| view! { <DataTable table testid="qto-table"/> })}
                <RawJson title="Results as JSON" json/>
            </section>
        }
    })
}
