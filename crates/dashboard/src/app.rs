//! The root component: wires the one-way flow. The form yields a checked connection, the
//! loader fills the store, and the views below read the store. Which view shows is the
//! route's, kept in the address's fragment (see `nav`); a share link gets a page of its own,
//! with no form, since it needs no credentials.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::loader;
use crate::locale::Locale;
use crate::nav::Nav;
use crate::route::Route;
use crate::settings::prefill::Prefill;
use crate::store::{LoadState, Store};
use crate::views::by_drawing::ByDrawing;
use crate::views::by_model::ByModel;
use crate::views::charts::Charts;
use crate::views::connect_form::ConnectForm;
use crate::views::cost_check::CostCheck;
use crate::views::diagnostics::Diagnostics;
use crate::views::error::ErrorPanel;
use crate::views::load_status::LoadStatus;
use crate::views::object_issues::ObjectIssues;
use crate::views::overview::Overview;
use crate::views::session_detail::SessionDetail;
use crate::views::sessions_table::SessionsTable;
use crate::views::shared_session::SharedSession;
use crate::views::tabs::Tabs;

/// Which view the route asks for, without the details that do not change the view (the
/// filters): switching between these renders anew, a filter change does not.
#[derive(Clone, PartialEq)]
enum Page {
    Overview,
    Sessions,
    Costs,
    Diagnostics,
    Session(String),
    Shared { url: String, expires: Option<i64> },
}

impl Page {
    fn of(route: &Route) -> Self {
        match route {
            Route::Overview => Self::Overview,
            Route::Sessions(_) => Self::Sessions,
            Route::Costs => Self::Costs,
            Route::Diagnostics => Self::Diagnostics,
            Route::Session { key } => Self::Session(key.clone()),
            Route::Shared { url, expires } => Self::Shared {
                url: url.clone(),
                expires: *expires,
            },
        }
    }
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    Locale::provide();
    let store = Store::new();
    let nav = Nav::start();
    let page = Memo::new(move |_| nav.with(Page::of));
    let shared = Memo::new(move |_| matches!(page.get(), Page::Shared { .. }));

    view! {
        <header class="page-header">
            <h1>"logscope"</h1>
            <p class="tagline">"Browse LLM interaction logs stored in an S3-compatible bucket."</p>
        </header>
        <Show
            when=move || shared.get()
            fallback=move || view! { <Dashboard store nav page/> }
        >
            {move || match page.get() {
                Page::Shared { url, expires } => Some(view! { <SharedSession url expires/> }),
                _ => None,
            }}
        </Show>
    }
}

/// The form and, once connected, the views of the bucket.
#[component]
fn Dashboard(store: Store, nav: Nav, page: Memo<Page>) -> impl IntoView {
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
    // Kept here so that the table comes back where it was after a session was opened.
    let scroll = RwSignal::new(0.0);
    let view_of = move || match page.get() {
        Page::Overview | Page::Shared { .. } => view! {
            <Show when=has_figures>
                <Overview store/>
                <Charts store nav/>
                <div class="breakdowns">
                    <ByModel store/>
                    <ByDrawing store/>
                </div>
                <ObjectIssues store/>
            </Show>
        }
        .into_any(),
        Page::Sessions => view! {
            <Show when=has_figures>
                <SessionsTable store nav scroll/>
            </Show>
        }
        .into_any(),
        Page::Costs => view! {
            <Show when=has_figures>
                <CostCheck store/>
            </Show>
        }
        .into_any(),
        Page::Diagnostics => view! { <Diagnostics/> }.into_any(),
        Page::Session(key) => view! { <SessionDetail store nav key/> }.into_any(),
    };
    let waiting = move || match page.get() {
        Page::Session(_) => {
            "Connect to the bucket to open this session: it is read again \
                             from the bucket with your keys."
        }
        _ => {
            "Connect to a bucket: its session logs are listed, then read, and the totals \
              below fill in as they arrive, with breakdowns by model and by drawing."
        }
    };

    view! {
        <main class="page-main" class:connected=started>
            <ConnectForm on_connect config/>
            <Show when=started fallback=move || view! {
                <section class="card idle" aria-labelledby="idle-heading">
                    <h2 id="idle-heading">"Nothing loaded yet"</h2>
                    <p>{waiting}</p>
                </section>
            }>
                <div class="dashboard">
                    <Tabs nav/>
                    <LoadStatus store/>
                    <ErrorPanel store/>
                    {view_of}
                </div>
            </Show>
        </main>
    }
}
