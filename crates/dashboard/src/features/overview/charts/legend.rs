//! A chart's key: a swatch in the series' colour beside each name. Plain HTML under the SVG,
//! so it wraps, reads in order, and needs no tooltip to be understood.

use leptos::prelude::*;

/// One entry: the series' CSS class, its name, and (for "other") the models it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub class: String,
    pub name: String,
    pub detail: Option<String>,
}

/// The legend for `keys`, labelled `label` for assistive technology.
pub fn legend(label: &'static str, keys: Vec<Key>) -> impl IntoView {
    let items = keys
        .into_iter()
        .map(|key| {
            let detail = key
                .detail
                .map(|d| view! { <span class="legend-detail">{d}</span> });
            view! {
                <li>
                    <span class=format!("swatch {}", key.class) aria-hidden="true"></span>
                    <span class="legend-name">{key.name}</span>
                    {detail}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="legend" aria-label=label>{items}</ul> }
}
