//! A labelled `<select>` whose first option means "any". The value chosen is kept among the
//! options even before the data that offers it has loaded: a link that filters by drawing 7
//! shows "7" at once, not "any" until drawing 7's first row arrives.

use leptos::prelude::*;

/// One choice of the filter bar.
#[component]
pub fn Choice(
    /// The visible label; a plain `&'static str` works too, in one language.
    #[prop(into)]
    label: Signal<&'static str>,
    testid: &'static str,
    /// The first option, meaning no filter.
    #[prop(into)]
    any: Signal<&'static str>,
    /// (value, label) pairs.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    #[prop(into)] selected: Signal<Option<String>>,
    on_pick: Callback<Option<String>>,
) -> impl IntoView {
    let id = format!("{testid}-select");
    let options = move || {
        let selected = selected.get();
        let mut options = options.get();
        if let Some(value) = &selected {
            if !options.iter().any(|(v, _)| v == value) {
                options.push((value.clone(), value.clone()));
            }
        }
        let any = view! {
            <option value="" selected=selected.is_none()>{move || any.get()}</option>
        };
        let rest = options
            .into_iter()
            .map(|(value, label)| {
                let chosen = selected.as_ref() == Some(&value);
                view! { <option value=value selected=chosen>{label}</option> }
            })
            .collect_view();
        (any, rest)
    };
    view! {
        <div class="choice">
            <label for=id.clone()>{move || label.get()}</label>
            <select
                id=id
                data-testid=testid
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    on_pick.run(Some(value).filter(|v| !v.is_empty()));
                }
            >
                {options}
            </select>
        </div>
    }
}
