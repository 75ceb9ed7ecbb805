//! The root component: wires the one-way flow. The form yields a checked connection, the
//! loader fills the store, and the views below read the store. Which view shows is the
//! route's, kept in the address's fragment (see `nav`); a share link gets a page of its own,
//! with no form, since it needs no credentials.

pub mod cache_controls;
pub mod error;
pub mod load_status;
pub mod locale_controls;
pub mod tabs;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::ui::MAIN_ID;

use crate::app::error::ErrorPanel;
use crate::app::load_status::LoadStatus;
use crate::app::locale_controls::LocaleControls;
use crate::app::tabs::Tabs;
use crate::features::connect::actions;
use crate::features::connect::form::ConnectForm;
use crate::features::costs::page::CostCheck;
use crate::features::diagnostics::page::Diagnostics;
use crate::features::overview::by_drawing::ByDrawing;
use crate::features::overview::by_model::ByModel;
use crate::features::overview::charts::Charts;
use crate::features::overview::object_issues::ObjectIssues;
use crate::features::overview::page::Overview;
use crate::features::session::detail::SessionDetail;
use crate::features::session::shared::SharedSession;
use crate::features::sessions::table::SessionsTable;
use crate::i18n::locale::Locale;
use crate::load::Loader;
use crate::route::nav::Nav;
use crate::route::Route;
use crate::state::{LoadState, Store};
use crate::ui::later::Later;

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

/// Moves focus to the main content, past the header. Not a plain `#id` link: the fragment
/// holds the route, and following one would change the view.
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    let main = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(MAIN_ID))
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
    if let Some(main) = main {
        let _ = main.focus();
    }
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let locale = Locale::provide();
    Loader::provide();
    let nav = Nav::start();
    let page = Memo::new(move |_| nav.with(Page::of));
    let shared = Memo::new(move |_| matches!(page.get(), Page::Shared { .. }));

    view! {
        <a class="skip-link" href="#main-content" on:click=skip_to_main>
            {locale.words("Skip to main content", "跳到主要内容")}
        </a>
        <header class="page-header">
            <div class="brand">
                <h1>"logscope"</h1>
                <p class="tagline">
                    {locale.words("Browse LLM interaction logs stored in an S3-compatible bucket.", "浏览存放在 S3 兼容存储桶中的大模型调用日志。")}
                </p>
            </div>
            <LocaleControls/>
        </header>
        <Show
            when=move || shared.get()
            fallback=move || view! { <Later><Dashboard nav page/></Later> }
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
fn Dashboard(nav: Nav, page: Memo<Page>) -> impl IntoView {
    let locale = Locale::get();
    let store = Store::new();
    let opening = actions::Opening::read();
    let draft = opening.draft;
    let loader = Loader::get();
    let on_connect = Callback::new(move |connection| loader.start(connection, store));
    spawn_local(opening.connect_when_due(on_connect));
    let started = move || store.progress().with(|p| p.state != LoadState::Idle);
    // Zeros say nothing when the very first request failed: only the explanation shows.
    let has_figures = move || {
        store
            .progress()
            .with(|p| p.state != LoadState::Error || p.found > 0)
    };
    // Kept here so that the table comes back where it was after a session was opened.
    let scroll = RwSignal::new(0.0);
    let view_of = move || match page.get() {
        Page::Overview | Page::Shared { .. } => view! {
            <Show when=has_figures>
                <Overview store/>
                <Later>
                    <Charts store/>
                </Later>
                <Later>
                    <div class="breakdowns">
                        <ByModel store/>
                        <ByDrawing store/>
                    </div>
                    <ObjectIssues store/>
                </Later>
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
        Page::Diagnostics => view! { <Diagnostics draft/> }.into_any(),
        Page::Session(key) => view! { <SessionDetail store nav key/> }.into_any(),
    };
    let waiting = move || match page.get() {
        Page::Session(_) => locale.t(
            "Connect to the bucket to open this session: it is read again from the bucket \
             with your keys.",
            "连接存储桶后即可打开此会话：会用你的密钥从存储桶重新读取。",
        ),
        _ => locale.t(
            "Connect to a bucket: its session logs are listed, then read, and the totals \
             below fill in as they arrive, with breakdowns by model and by drawing.",
            "连接一个存储桶：先列出其中的会话日志再逐个读取，下方的汇总会随读取进度\
             实时更新，并按模型和图纸分别统计。",
        ),
    };

    // Once connected the dashboard comes before the form, in the page's order as on screen,
    // so that keyboard focus and screen readers meet things in the order they are seen.
    // The form stays where it is in the tree and keeps what was typed.
    view! {
        <main id=MAIN_ID tabindex="-1" class="page-main"
            class:connected=move || started() || page.get() == Page::Diagnostics>
            // The diagnostics page also works before connecting: it checks what is typed.
            <Show when=move || started() || page.get() == Page::Diagnostics>
                <div class="dashboard">
                    <Tabs nav/>
                    <LoadStatus store/>
                    <ErrorPanel store/>
                    <Later>{view_of}</Later>
                </div>
            </Show>
            <ConnectForm draft on_connect/>
            <Show when=move || !started() && page.get() != Page::Diagnostics>
                <section class="card idle" aria-labelledby="idle-heading">
                    <h2 id="idle-heading">{locale.words("Nothing loaded yet", "尚未加载数据")}</h2>
                    <p>{waiting}</p>
                </section>
            </Show>
        </main>
    }
}
