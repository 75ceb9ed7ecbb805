//! The view switcher above the dashboard: overview, sessions (with the filters last used) and,
//! while one is open, the session. Plain links to fragments, so they work as links do
//! (new tab, copy address) and Back returns to the previous view.

use leptos::prelude::*;

use crate::nav::Nav;
use crate::route::{fragment, Route};

/// The tabs.
#[component]
pub fn Tabs(nav: Nav) -> impl IntoView {
    let current = move |which: u8| {
        let on = nav.with(|route| match route {
            Route::Overview | Route::Shared { .. } => which == 0,
            Route::Sessions(_) => which == 1,
            Route::Session { .. } => which == 2,
            Route::Costs => which == 3,
            Route::Diagnostics => which == 4,
        });
        on.then_some("page")
    };
    let session = move || {
        nav.with(|route| match route {
            Route::Session { .. } => Some(view! {
                <a href=fragment(route) aria-current=move || current(2)>"Session"</a>
            }),
            _ => None,
        })
    };
    view! {
        <nav class="tabs" aria-label="Views">
            <a href="#/" aria-current=move || current(0)>"Overview"</a>
            <a href=move || fragment(&nav.sessions()) aria-current=move || current(1)>
                "Sessions"
            </a>
            <a href="#/costs" aria-current=move || current(3)>"Costs"</a>
            {session}
            <a href="#/diagnostics" aria-current=move || current(4)>"Diagnostics"</a>
        </nav>
    }
}
