//! The session's `results`: its plain fields (success, error_info, the time), the take-off
//! (`qto_data`) with its components as a table, and all of it as raw JSON.

use std::sync::Arc;

use leptos::prelude::*;

use crate::ui::json;

use crate::features::session::model::{self, Opened};
use crate::i18n::locale::{Lang, Locale};
use crate::ui::data_table::DataTable;
use crate::ui::field_list::FieldList;
use crate::ui::raw_json::RawJson;

/// The results, when the session has any.
#[component]
pub fn ResultsCard(opened: Arc<Opened>) -> impl IntoView {
    let locale = Locale::get();
    opened.session.results.as_ref().map(|results| {
        let json = results.get().to_owned();
        let mut fields = json::fields(&json);
        fields.retain(|(name, _)| name != "qto_data");
        let qto_fields = model::qto_fields(&json);
        let components = model::qto_table(&json);
        let heading = components.as_ref().map(|t| {
            let n = t.rows.len();
            move || match locale.lang() {
                Lang::En => format!("Components ({n})"),
                Lang::Zh => format!("构件（{n}）"),
            }
        });
        view! {
            <section class="card" aria-labelledby="results-heading">
                <h2 id="results-heading">{locale.words("Results", "结果")}</h2>
                <FieldList fields/>
                {(!qto_fields.is_empty())
                    .then(|| {
                        view! {
                            <h3><code translate="no">"qto_data"</code></h3>
                            <FieldList fields=qto_fields/>
                        }
                    })}
                {heading.map(|h| view! { <h3>{h}</h3> })}
                {components.map(|table| view! { <DataTable table testid="qto-table"/> })}
                <RawJson title=locale.text("Results as JSON", "结果的 JSON") json/>
            </section>
        }
    })
}
