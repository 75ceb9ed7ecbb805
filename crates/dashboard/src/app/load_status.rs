//! Where the load stands: listing, reading n of m, done or stopped, with a progress bar, the
//! counts of objects that were not sessions or could not be read, how many came from the
//! bucket's summary index, and how fast the bucket is read (objects and megabytes a second,
//! and how many reads are in flight). A polite live region: screen readers hear how the load
//! goes without losing their place. The cache's controls follow it, outside the live region.

use leptos::prelude::*;

use crate::app::cache_controls::CacheControls;
use crate::i18n::clock;
use crate::i18n::format::count;
use crate::i18n::locale::{Lang, Locale};
use crate::state::{LoadState, Store};

/// The status line. `data-state` is `loading`, `done` or `error`; `data-found`,
/// `data-finished` and `data-errors` hold the counts; the rate's `data-objects-per-sec` and
/// `data-lanes` its figures.
#[component]
pub fn LoadStatus(store: Store) -> impl IntoView {
    let locale = Locale::get();
    let progress = store.progress();
    let invalid = Memo::new(move |_| store.report().with(|r| r.invalid));
    let state = move || progress.with(|p| p.state);
    let headline = move || {
        let lang = locale.lang();
        progress.with(|p| {
            let (found, finished) = (count(p.found), count(p.finished()));
            match (p.state, lang) {
                (LoadState::Idle, _) => String::new(),
                (LoadState::Loading, Lang::En) if p.listing => {
                    format!("Listing… {found} session objects found, {finished} read")
                }
                (LoadState::Loading, Lang::Zh) if p.listing => {
                    format!("正在列出… 已找到 {found} 个会话对象，已读取 {finished} 个")
                }
                (LoadState::Loading, Lang::En) => format!("Reading {finished} / {found}"),
                (LoadState::Loading, Lang::Zh) => format!("正在读取 {finished} / {found}"),
                (LoadState::Done, Lang::En) => format!("Loaded {finished} / {found}"),
                (LoadState::Done, Lang::Zh) => format!("已加载 {finished} / {found}"),
                (LoadState::Error, Lang::En) if p.found == 0 => "Stopped".to_owned(),
                (LoadState::Error, Lang::Zh) if p.found == 0 => "已停止".to_owned(),
                (LoadState::Error, Lang::En) => format!("Stopped after {finished} / {found}"),
                (LoadState::Error, Lang::Zh) => format!("已停止，完成 {finished} / {found}"),
            }
        })
    };
    let errors = move || {
        let lang = locale.lang();
        let unavailable = progress.with(|p| p.unavailable);
        let invalid = invalid.get();
        let mut parts = Vec::new();
        if invalid > 0 {
            parts.push(match lang {
                Lang::En => format!("{} not sessions", count(invalid)),
                Lang::Zh => format!("{} 个不是会话", count(invalid)),
            });
        }
        if unavailable > 0 {
            parts.push(match lang {
                Lang::En => format!("{} could not be read", count(unavailable)),
                Lang::Zh => format!("{} 个无法读取", count(unavailable)),
            });
        }
        parts.join(lang.pick(", ", "，"))
    };

    // Where the figures came from when the bucket keeps summaries ([`crate::load`]).
    let summaries = move || {
        let lang = locale.lang();
        let (indexed, unused) = progress.with(|p| (p.indexed, p.unused_parts));
        let mut parts = Vec::new();
        if indexed > 0 {
            parts.push(match lang {
                Lang::En => format!("{} from the bucket's summaries", count(indexed)),
                Lang::Zh => format!("{} 个取自存储桶中的摘要", count(indexed)),
            });
        }
        if unused > 0 {
            parts.push(match lang {
                Lang::En => format!(
                    "{} summary parts could not be used, so their sessions were read",
                    count(unused)
                ),
                Lang::Zh => format!("{} 个摘要分片无法使用，其会话已直接读取", count(unused)),
            });
        }
        parts.join(lang.pick(", ", "，"))
    };

    let rate = move || {
        let lang = locale.lang();
        progress.with(|p| {
            let (objects, megabytes) = p.rate()?;
            let (objects, lanes) = (count(objects.round() as u64), count(p.lanes as u64));
            Some(match lang {
                Lang::En => format!("{objects} objects/s · {megabytes:.1} MB/s · {lanes} at once"),
                Lang::Zh => {
                    format!("每秒 {objects} 个对象 · {megabytes:.1} MB/s · 同时 {lanes} 个")
                }
            })
        })
    };

    view! {
        <section
            class="load-status"
            data-testid="load-status"
            data-state=move || state().as_str()
            data-found=move || progress.with(|p| p.found)
            data-finished=move || progress.with(|p| p.finished())
            data-errors=move || progress.with(|p| p.unavailable) + invalid.get()
            aria-live="polite"
            aria-label=locale.words("Load status", "加载状态")
        >
            <div class="load-line">
                <span class="location" translate="no">
                    {move || progress.with(|p| p.location.clone())}
                </span>
                <span class="headline">{headline}</span>
                <span class="errors">{errors}</span>
                <span
                    class="summaries"
                    data-testid="load-summaries"
                    data-indexed=move || progress.with(|p| p.indexed)
                    data-unused-parts=move || progress.with(|p| p.unused_parts)
                >
                    {summaries}
                </span>
                <span
                    class="rate"
                    data-testid="load-rate"
                    data-objects-per-sec=move || {
                        progress.with(|p| p.rate().map(|(objects, _)| objects.round() as u64))
                    }
                    data-lanes=move || progress.with(|p| p.lanes)
                >
                    {rate}
                </span>
            </div>
            <progress
                max=move || progress.with(|p| p.found.max(1))
                value=move || progress.with(|p| p.finished())
                aria-label=locale.words("Objects read", "已读取的对象")
            ></progress>
            {move || {
                progress
                    .with(|p| p.clock_offset_ms)
                    .map(|offset| {
                        view! {
                            <p class="clock-note" data-testid="clock-note">
                                {move || clock::describe(offset, locale.lang())}
                            </p>
                        }
                    })
            }}
        </section>
        <CacheControls store/>
    }
}
