//! One session of the connected bucket (`#/session/KEY`): read again through the loader,
//! parsed in full, and shown with what the listing said and a Share control. It reads again
//! whenever a new connection replaces the one it was read with.

use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

use crate::features::session::body::{Opening, SessionBody};
use crate::features::session::model;
use crate::features::session::share_control::ShareControl;
use crate::i18n::format;
use crate::i18n::locale::{Lang, Locale};
use crate::load::Loader;
use crate::route::fragment;
use crate::route::nav::Nav;
use crate::state::Store;
use crate::ui::copy_button::CopyButton;

/// The detail of the object `key`.
#[component]
pub fn SessionDetail(store: Store, nav: Nav, key: String) -> impl IntoView {
    let locale = Locale::get();
    let loader = Loader::get();
    let opening = RwSignal::new(Opening::Reading);
    {
        let key = key.clone();
        Effect::new(move |_| {
            let run = store.connection();
            opening.set(Opening::Reading);
            let key = key.clone();
            spawn_local(async move {
                let read = loader.object(&key).await;
                // A newer connection reads again; this answer is no longer wanted.
                if store.connection_untracked() != run {
                    return;
                }
                let shown = match read {
                    Ok(bytes) => match model::open(&key, &bytes, &store.price_table()) {
                        Ok(opened) => Opening::Open(Arc::new(opened)),
                        Err(broken) => Opening::NotSession(Arc::new(broken)),
                    },
                    Err(unread) => Opening::Failed(unread),
                };
                opening.try_set(shown);
            });
        });
    }
    let listing = {
        let key = key.clone();
        move || {
            let lang = locale.lang();
            store.rows().with(|rows| {
                rows.get(&key).map(|row| {
                    let mut facts = Vec::new();
                    facts.extend(row.size.map(format::bytes));
                    // As the storage wrote it (ISO 8601, with its zone).
                    facts.extend(row.modified.as_ref().map(|m| match lang {
                        Lang::En => format!("last modified {m}"),
                        Lang::Zh => format!("最后修改于 {m}"),
                    }));
                    facts.join(lang.pick(", ", "，"))
                })
            })
        }
    };
    let title = {
        let name = key.rsplit('/').next().unwrap_or(&key);
        name.strip_prefix("openai_interaction_")
            .unwrap_or(name)
            .to_owned()
    };

    let key_attr = key.clone();
    let key_shown = key.clone();
    let key_copied = key.clone();
    view! {
        <section
            class="detail"
            data-testid="session-detail"
            data-key=key_attr
            data-state=move || opening.with(Opening::state)
        >
            <header class="card detail-head">
                <a class="back" href=move || fragment(&nav.sessions())>
                    {locale.words("← All sessions", "← 全部会话")}
                </a>
                <h2 translate="no">{title}</h2>
                <p class="key">
                    <code>{key_shown}</code>
                    <CopyButton text=key_copied label=locale.text("Copy key", "复制对象键")/>
                </p>
                <p class="hint">{listing}</p>
                <ShareControl key/>
            </header>
            {move || view! { <SessionBody opening=opening.get()/> }}
        </section>
    }
}
