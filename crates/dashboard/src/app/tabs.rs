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
                    {move || locale.t("Session", "会话详情")}
                </a>
            }),
            _ => None,
        })
    };
    view! {
        <nav class="tabs" aria-label=move || locale.t("Views", "视图")>
            <a href="#/" aria-current=move || current(0)>{move || locale.t("Overview", "概览")}</a>
            <a href=move || fragment(&nav.sessions()) aria-current=move || current(1)>
                {move || locale.t("Sessions", "会话")}
            </a>
            <a href="#/costs" aria-current=move || current(3)>{move || locale.t("Costs", "费用")}</a>
            {session}
            <a href="#/diagnostics" aria-current=move || current(4)>
                {move || locale.t("Diagnostics", "诊断")}
            </a>
        </nav>
    }
}
