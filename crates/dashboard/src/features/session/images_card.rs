//! The session's `images`: what was sent (paths, names, sizes) as a table and as raw JSON.
//! The images themselves are not in the log, and nothing here loads one.

use std::sync::Arc;

use leptos::prelude::*;

use crate::ui::json;

use crate::features::session::model::Opened;
use crate::i18n::locale::{Lang, Locale};
use crate::ui::data_table::DataTable;
use crate::ui::raw_json::RawJson;

/// The images, when the session lists any.
#[component]
pub fn ImagesCard(opened: Arc<Opened>) -> impl IntoView {
    let locale = Locale::get();
    opened.session.images.as_ref().map(|images| {
        let json = images.get().to_owned();
        let table = json::table(&json);
        let count = table.as_ref().map_or(0, |t| t.rows.len());
        view! {
            <section class="card" aria-labelledby="images-heading">
                <h2 id="images-heading">
                    {move || match locale.lang() {
                        Lang::En => format!("Images ({count})"),
                        Lang::Zh => format!("图片（{count}）"),
                    }}
                </h2>
                {table.map(|table| view! { <DataTable table testid="images-table"/> })}
                <RawJson title=locale.text("Images as JSON", "图片信息的 JSON") json/>
            </section>
        }
    })
}
