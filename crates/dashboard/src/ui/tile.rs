//! One figure of the overview: a label, the value for the eye, and the exact value in
//! `data-value` for machines (tests, scripts, copy and paste).

use leptos::prelude::*;

/// A labelled figure. `testid` names it for tests; `value` is the exact machine number and
/// `shown` the same for people.
#[component]
pub fn Tile(
    testid: &'static str,
    #[prop(into)] label: Signal<&'static str>,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] shown: Signal<String>,
    /// A line under the figure.
    #[prop(optional, into)]
    note: Signal<String>,
) -> impl IntoView {
    view! {
        <div class="tile" data-testid=testid data-value=move || value.get()>
            <span class="tile-label">{move || label.get()}</span>
            <span class="tile-value">{move || shown.get()}</span>
            <span class="tile-note">{move || note.get()}</span>
        </div>
    }
}
