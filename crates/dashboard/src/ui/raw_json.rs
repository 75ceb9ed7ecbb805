//! Raw JSON behind a disclosure, laid out for reading, with a copy button. The text is only
//! put in the page once the disclosure is opened: requests and results can be large, and a
//! session has many.

use leptos::prelude::*;

use crate::i18n::locale::Locale;
use crate::ui::copy_button::CopyButton;
use crate::ui::json;

/// `json` as written by the log's writer (re-indented, same order and digits).
#[component]
pub fn RawJson(
    /// The disclosure's label.
    #[prop(into)]
    title: Signal<String>,
    /// The label is a field name from the log (data), not words of the dashboard.
    #[prop(optional)]
    data_title: bool,
    /// JSON text.
    #[prop(into)]
    json: String,
    /// Open from the start.
    #[prop(optional)]
    open: bool,
) -> impl IntoView {
    let locale = Locale::get();
    let shown = RwSignal::new(open);
    let text = json::pretty(&json);
    let body = {
        let text = text.clone();
        move || {
            shown
                .get()
                .then(|| view! { <pre class="json" translate="no">{text.clone()}</pre> })
        }
    };
    view! {
        <details
            class="raw"
            open=open
            on:toggle=move |ev| {
                // Read, not flipped: a details element created open fires a toggle too.
                shown.set(event_target::<web_sys::Element>(&ev).has_attribute("open"));
            }
        >
            <summary>
                {move || {
                    if data_title {
                        view! { <code translate="no">{title.get()}</code> }.into_any()
                    } else {
                        title.get().into_any()
                    }
                }}
            </summary>
            {body}
            <CopyButton text label=locale.text("Copy JSON", "复制 JSON")/>
        </details>
    }
}
