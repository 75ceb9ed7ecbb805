//! The cache's controls, under the load status: "Refresh" (read only what was written since
//! the load), what this browser keeps (sessions, and the bodies against their budget), the
//! budget itself, and "Clear cache". When the browser cannot keep a cache, it says so: the
//! page then reads everything from the bucket each time.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::format::{bytes, count};
use crate::i18n::locale::{Lang, Locale};
use crate::io::cache::{self, MB};
use crate::load::Loader;
use crate::state::{LoadState, Store};

/// `data-sessions` and `data-body-bytes` hold what is kept; `data-off` is present when the
/// cache is off.
#[component]
pub fn CacheControls(store: Store) -> impl IntoView {
    let locale = Locale::get();
    let loader = Loader::get();
    let facts = RwSignal::from(cache::facts());
    let done = move || store.progress().with(|p| p.state == LoadState::Done);
    let kept = move || {
        let (lang, f) = (locale.lang(), facts.get());
        let (sessions, body) = (count(f.sessions), bytes(f.body_bytes));
        let budget = bytes(f.budget_mb * MB);
        match lang {
            Lang::En => format!("Cached here: {sessions} objects, bodies {body} of {budget}"),
            Lang::Zh => format!("本浏览器已缓存 {sessions} 个对象，正文 {body} / {budget}"),
        }
    };
    let off = move || {
        facts.with(|f| f.off.clone()).map(|reason| {
            let note = move || match locale.lang() {
                Lang::En => {
                    format!("Cache off ({reason}): every visit reads everything from the bucket.")
                }
                Lang::Zh => format!("缓存不可用（{reason}）：每次访问都会从存储桶读取全部对象。"),
            };
            view! { <p class="cache-off" data-testid="cache-off">{note}</p> }
        })
    };
    let clear = move |_| {
        spawn_local(async {
            if let Some(cache) = cache::get().await {
                cache.clear().await;
            }
        })
    };
    let set_budget = move |ev| {
        if let Ok(mb) = event_target_value(&ev).trim().parse::<u64>() {
            spawn_local(async move {
                match cache::get().await {
                    Some(cache) => cache.set_budget(mb).await,
                    None => facts.update(|f| f.budget_mb = mb),
                }
            });
        }
    };

    view! {
        <div
            class="cache-controls"
            data-testid="cache-controls"
            data-sessions=move || facts.with(|f| f.sessions)
            data-body-bytes=move || facts.with(|f| f.body_bytes)
            data-off=move || facts.with(|f| f.off.is_some()).then_some("")
        >
            <button
                type="button"
                class="plain"
                data-testid="refresh"
                disabled=move || !done() || !loader.can_refresh()
                on:click=move |_| loader.refresh()
                title=move || {
                    locale.t(
                        "List and read only the objects written since this load",
                        "只列出并读取本次加载之后新写入的对象",
                    )
                }
            >
                {locale.words("Refresh", "刷新")}
            </button>
            <Show when=move || facts.with(|f| f.open && f.off.is_none())>
                <span class="cache-kept" data-testid="cache-kept">{kept}</span>
                <label class="cache-budget">
                    {locale.words("Body budget (MB)", "正文缓存上限（MB）")}
                    <input
                        type="number"
                        min="0"
                        step="1"
                        data-testid="cache-budget"
                        prop:value=move || facts.with(|f| f.budget_mb.to_string())
                        on:change=set_budget
                    />
                </label>
                <button type="button" class="plain" data-testid="clear-cache" on:click=clear>
                    {locale.words("Clear cache", "清除缓存")}
                </button>
            </Show>
            {off}
        </div>
    }
}
