//! "Share": a link to one session that a colleague without credentials can open, for 1 hour,
//! 1 day or 7 days. The loader signs it (a presigned GET for that one object, in the link's
//! fragment); this only asks for it and shows it with its expiry, in the chosen zone.

use leptos::prelude::*;

use crate::features::session::share::{Lifetime, ShareLink};
use crate::i18n::format;
use crate::i18n::locale::{Lang, Locale};
use crate::i18n::reasons;
use crate::load::open::Unread;
use crate::load::Loader;
use crate::ui::copy_button::CopyButton;

/// The button, and the link once asked for.
#[component]
pub fn ShareControl(key: String) -> impl IntoView {
    let locale = Locale::get();
    let loader = Loader::get();
    let lifetime = RwSignal::new(None::<Lifetime>);
    let link = Memo::new(move |_| {
        lifetime
            .get()
            .map(|lifetime| loader.share_link(&key, lifetime))
    });
    let pick = move |ev| {
        let seconds: u64 = event_target_value(&ev).parse().unwrap_or(0);
        let chosen = Lifetime::ALL.into_iter().find(|l| l.seconds() == seconds);
        lifetime.set(chosen.or(Some(Lifetime::Day)));
    };
    let options = move || {
        Lifetime::ALL
            .into_iter()
            .map(|l| {
                let chosen = lifetime.get_untracked() == Some(l);
                view! {
                    <option value=l.seconds().to_string() selected=chosen>
                        {move || l.label(locale.lang())}
                    </option>
                }
            })
            .collect_view()
    };
    let shown = move || {
        link.get().map(|made| match made {
            Ok(ShareLink { url, expires }) => {
                let until = move || {
                    let lang = locale.lang();
                    let when = format::instant(expires, locale.offset_minutes(), lang);
                    match lang {
                        Lang::En => format!(
                            "Works until {when}. Anyone holding the link can read this one \
                             session until then; it carries a signature, never the secret key."
                        ),
                        Lang::Zh => format!(
                            "有效期至 {when}。在此之前，任何拿到链接的人都能读取这一个会话；\
                             链接中只有签名，从不包含私有密钥。"
                        ),
                    }
                };
                view! {
                    <div class="share-link">
                        <input
                            type="text"
                            readonly
                            data-testid="share-link"
                            aria-label=locale.words("Share link", "分享链接")
                            prop:value=url.clone()
                            on:focus=move |ev| {
                                event_target::<web_sys::HtmlInputElement>(&ev).select();
                            }
                        />
                        <CopyButton text=url label=locale.text("Copy link", "复制链接")/>
                        <p class="hint" data-testid="share-expires" data-value=expires>
                            {until}
                        </p>
                    </div>
                }
                .into_any()
            }
            Err(unread) => {
                let why = move || match &unread {
                    Unread::Failed(failure) => reasons::failure(failure, locale.lang()),
                    Unread::NotConnected | Unread::Expired => locale
                        .t("connect to the bucket first", "请先连接存储桶")
                        .to_owned(),
                };
                view! { <p class="message error">{why}</p> }.into_any()
            }
        })
    };
    view! {
        <div class="share">
            <button
                type="button"
                class="secondary plain"
                data-testid="share-button"
                aria-expanded=move || lifetime.with(Option::is_some).to_string()
                on:click=move |_| {
                    lifetime.update(|l| *l = if l.is_some() { None } else { Some(Lifetime::Day) });
                }
            >
                {locale.words("Share", "分享")}
            </button>
            <Show when=move || lifetime.with(Option::is_some)>
                <label class="share-lifetime">
                    {locale.words("Valid for ", "有效期 ")}
                    <select data-testid="share-lifetime" on:change=pick>
                        {options()}
                    </select>
                </label>
            </Show>
            {shown}
        </div>
    }
}
