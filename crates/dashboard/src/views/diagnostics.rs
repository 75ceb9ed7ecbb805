//! "Why can't I see my logs?": the connection checked step by step.

use leptos::prelude::*;

/// The diagnostics page.
#[component]
pub fn Diagnostics() -> impl IntoView {
    view! { <section class="diagnostics"></section> }
}
