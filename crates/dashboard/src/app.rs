//! The root component: wires the one-way flow. The form yields a checked connection, the
//! loader fills the store, and the views below read the store.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::loader;
use crate::settings::prefill::Prefill;
use crate::store::{LoadState, Store};
use crate::views::by_drawing::ByDrawing;
use crate::views::by_model::ByModel;
use crate::views::connect_form::ConnectForm;
use crate::views::error::ErrorPanel;
use crate::views::load_status::LoadStatus;
use crate::views::object_issues::ObjectIssues;
use crate::views::overview::Overview;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let store = Store::new();
    let config = RwSignal::new(None::<Prefill>);
    spawn_local(async move {
        if let Some(prefill) = loader::config::fetch().await {
            config.set(Some(prefill));
        }
    });
    let on_connect = Callback::new(move |connection| loader::start(connection, store));
    let started = move || store.progress.with(|p| p.state != LoadState::Idle);
    // Zeros say nothing when the very first request failed: only the explanation shows.
    let has_figures = move || {
        store
            .progress
            .with(|p| p.state != LoadState::Error || p.found > 0)
    };

    view! {
        <header class="page-header">
            <h1>"logscope"</h1>
            <p class="tagline">"Browse LLM interaction logs stored in an S3-compatible bucket."</p>
        </header>
        <main class="page-main">
            <ConnectForm on_connect config/>
            <Show when=started fallback=|| view! {
                <section class="card idle" aria-labelledby="idle-heading">
                    <h2 id="idle-heading">"Nothing loaded yet"</h2>
                    <p>
                        "Connect to a bucket: its session logs are listed, then read, and the \
                         totals below fill in as they arrive, with breakdowns by model and by \
                         drawing."
                    </p>
                </section>
            }>
                <div class="dashboard">
                    <LoadStatus store/>
                    <ErrorPanel store/>
                    <Show when=has_figures>
                        <Overview store/>
                        <div class="breakdowns">
                            <ByModel store/>
                            <ByDrawing store/>
                        </div>
                        <ObjectIssues store/>
                    </Show>
                </div>
            </Show>
        </main>
    }
}
