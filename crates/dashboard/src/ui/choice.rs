//! A labelled `<select>` whose first option means "any". The value chosen is kept among the
//! options even before the data that offers it has loaded: a link that filters by drawing 7
//! shows "7" at once, not "any" until drawing 7's first row arrives. Options are keyed, so
//! that a drawing appearing among twelve thousand adds one `<option>`, not twelve thousand.

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
    let listed = move || {
        let mut options = options.get();
        selected.with(|selected| {
            if let Some(value) = selected {
                if !options.iter().any(|(v, _)| v == value) {
                    options.push((value.clone(), value.clone()));
                }
            }
        });
        options
    };
    let option = move |(value, label): (String, String)| {
        let chosen = {
            let value = value.clone();
            move || selected.with(|s| s.as_deref() == Some(value.as_str()))
        };
        view! { <option value=value selected=chosen>{label}</option> }
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
                <option value="" selected=move || selected.with(Option::is_none)>
                    {move || any.get()}
                </option>
                <For each=listed key=|option| option.clone() children=option/>
            </select>
        </div>
    }
}
