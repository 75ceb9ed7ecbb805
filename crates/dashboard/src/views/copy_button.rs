//! A button that copies a text to the clipboard (the asynchronous Clipboard API, plain text
//! only) and says whether it worked: browsers refuse outside secure contexts and without a
//! user gesture.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

/// How long "Copied" stays before the label comes back.
const SHOWN_MS: u64 = 2000;

/// Copies `text`.
#[component]
pub fn CopyButton(
    /// What is copied.
    #[prop(into)]
    text: String,
    /// What the button says, e.g. "Copy response".
    #[prop(default = "Copy")]
    label: &'static str,
) -> impl IntoView {
    let said = RwSignal::new(None::<&'static str>);
    let copy = move |_| {
        let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
            return;
        };
        let promise = clipboard.write_text(&text);
        spawn_local(async move {
            let outcome = match JsFuture::from(promise).await {
                Ok(_) => "Copied",
                Err(_) => "Copy refused",
            };
            said.try_set(Some(outcome));
            set_timeout(
                move || {
                    said.try_set(None);
                },
                std::time::Duration::from_millis(SHOWN_MS),
            );
        });
    };
    view! {
        <button type="button" class="copy" on:click=copy aria-live="polite">
            {move || said.get().unwrap_or(label)}
        </button>
    }
}
