//! The view switcher above the dashboard: overview, sessions (with the filters last used) and,
//! while one is open, the session. Plain links to fragments, so they work as links do
//! (new tab, copy address) and Back returns to the previous view.

use leptos::prelude::*;

use crate::i18n::locale::Locale;
use crate::route::nav::Nav;
use crate::route::{fragment, Route};

/// The tabs.
#[component]
pub fn Tabs(nav: Nav) -> impl IntoView {
    let locale = Locale::get();
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
                <a href=fragment(route) aria-current=move || current(2)>
                    {locale.words("Session", "会话详情")}
                </a>
            }),
            _ => None,
        })
    };
    view! {
        <nav class="tabs" aria-label=locale.words("Views", "视图")>
            <a href="#/" aria-current=move || current(0)>{locale.words("Overview", "概览")}</a>
            <a href=move || fragment(&nav.sessions()) aria-current=move || current(1)>
                {locale.words("Sessions", "会话")}
            </a>
            <a href="#/costs" aria-current=move || current(3)>{locale.words("Costs", "费用")}</a>
            {session}
            <a href="#/diagnostics" aria-current=move || current(4)>
                {locale.words("Diagnostics", "诊断")}
            </a>
        </nav>
    }
}
