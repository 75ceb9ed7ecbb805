//! The root component: page header and the connection form.

use leptos::prelude::*;

use crate::views::connect_form::ConnectForm;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <header class="page-header">
            <h1>"logscope"</h1>
            <p class="tagline">"Browse LLM interaction logs stored in an S3-compatible bucket."</p>
        </header>
        <main class="page-main">
            <ConnectForm/>
        </main>
    }
}
