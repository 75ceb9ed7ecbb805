//! Top-level fields of a session that this version does not know: a newer writer's
//! additions, kept and shown raw rather than dropped.

use std::sync::Arc;

use leptos::prelude::*;

use crate::features::session::model::Opened;
use crate::i18n::locale::Locale;
use crate::ui::raw_json::RawJson;

/// The unknown fields, when there are any.
#[component]
pub fn ExtraFields(opened: Arc<Opened>) -> impl IntoView {
    let locale = Locale::get();
    let extra = &opened.session.extra;
    (!extra.is_empty()).then(|| {
        let fields = extra
            .iter()
            .map(|(name, raw)| view! { <RawJson title=name.clone() data_title=true json=raw.get() open=true/> })
            .collect_view();
        view! {
            <section class="card" aria-labelledby="extra-heading">
                <h2 id="extra-heading">{locale.words("Other fields", "其他字段")}</h2>
                {fields}
            </section>
        }
    })
}
