//! A button that copies a text to the clipboard (the asynchronous Clipboard API, plain text
//! only) and says whether it worked: browsers refuse outside secure contexts and without a
//! user gesture.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use crate::i18n::locale::Locale;

/// How long "Copied" stays before the label comes back.
const SHOWN_MS: u64 = 2000;

/// Copies `text`.
#[component]
pub fn CopyButton(
    /// What is copied.
    #[prop(into)]
    text: String,
    /// What the button says, e.g. "Copy response"; "Copy" when not given.
    #[prop(optional, into)]
    label: Option<Signal<&'static str>>,
) -> impl IntoView {
    /// What the button said after a click.
    #[derive(Clone, Copy)]
    enum Outcome {
        Copied,
        Refused,
    }
    let locale = Locale::get();
    let label = label.unwrap_or_else(|| locale.text("Copy", "复制"));
    let said = RwSignal::new(None::<Outcome>);
    let copy = move |_| {
        let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
            return;
        };
        let promise = clipboard.write_text(&text);
        spawn_local(async move {
            let outcome = match JsFuture::from(promise).await {
                Ok(_) => Outcome::Copied,
                Err(_) => Outcome::Refused,
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
            {move || match said.get() {
                None => label.get(),
                Some(Outcome::Copied) => locale.t("Copied", "已复制"),
                Some(Outcome::Refused) => locale.t("Copy refused", "浏览器拒绝了复制"),
            }}
        </button>
    }
}
