//! One labelled single-line input of the connection form.

use leptos::prelude::*;

/// An input bound to `value`, with its label and an optional hint. Its `id`, `name` and
/// `data-testid` are all `id`.
#[component]
pub fn Field(
    /// The input's `id`, `name` and `data-testid`; the label points at it.
    id: &'static str,
    /// Visible label text.
    #[prop(into)]
    label: Signal<&'static str>,
    /// The input's current text.
    value: RwSignal<String>,
    /// The input's `type` attribute.
    #[prop(default = "text")]
    input_type: &'static str,
    /// The input's `autocomplete` attribute.
    #[prop(default = "off")]
    autocomplete: &'static str,
    #[prop(optional, into)] placeholder: Option<Signal<&'static str>>,
    /// A short explanation shown under the input.
    #[prop(optional, into)]
    hint: Option<Signal<&'static str>>,
    /// Marks the label as required.
    #[prop(optional)]
    required: bool,
    /// Whether the last submit found a problem with this field.
    #[prop(optional, into)]
    invalid: Signal<bool>,
) -> impl IntoView {
    let hint_id = hint.map(|_| format!("{id}-hint"));
    view! {
        <div class="field">
            <label for=id>
                {move || label.get()}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            <input
                id=id
                name=id
                data-testid=id
                type=input_type
                autocomplete=autocomplete
                autocapitalize="none"
                spellcheck="false"
                placeholder=move || placeholder.map(|p| p.get())
                aria-required=required.then_some("true")
                aria-invalid=move || invalid.get().then_some("true")
                aria-describedby=hint_id.clone()
                bind:value=value
            />
            {hint.map(|text| view! { <p class="hint" id=hint_id>{move || text.get()}</p> })}
        </div>
    }
}
