//! A session opened from a share link (`#/shared?url=…&expires=…`): read with the presigned
//! URL alone, no credentials and no form, and shown read-only with the link's expiry. A link
//! past its expiry says so without asking the storage.

use crate::state::prices::Prices;
use leptos::prelude::*;

use crate::ui::MAIN_ID;
use leptos::task::spawn_local;
use std::sync::Arc;

use crate::features::session::body::{expired, Opening, SessionBody};
use crate::features::session::model;
use crate::features::session::share::Validity;
use crate::i18n::format;
use crate::i18n::locale::{Lang, Locale};
use crate::load::{open, Loader};

/// The object's path in the URL, decoded: its key, after the bucket for path-style URLs.
fn object_path(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = rest.split(['?', '#']).next().unwrap_or(rest);
    let path = path.split_once('/').map_or("", |(_, path)| path);
    s3_presign::encode::decode(path).unwrap_or_else(|_| path.to_owned())
}

/// The shared session.
#[component]
pub fn SharedSession(url: String, expires: Option<i64>) -> impl IntoView {
    let locale = Locale::get();
    let validity = Loader::get().validity(expires);
    let path = object_path(&url);
    let opening = RwSignal::new(Opening::Reading);
    if validity != Validity::Expired {
        let path = path.clone();
        spawn_local(async move {
            let shown = match open::shared(&url).await {
                Ok(bytes) => match model::open(&path, &bytes, &Prices::kept().0.table) {
                    Ok(opened) => Opening::Open(Arc::new(opened)),
                    Err(broken) => Opening::NotSession(Arc::new(broken)),
                },
                Err(unread) => Opening::Failed(unread),
            };
            opening.try_set(shown);
        });
    }
    let until = move || {
        let lang = locale.lang();
        match (validity, expires) {
            (Validity::Valid { remaining }, Some(expires)) => {
                let when = format::instant(expires, locale.offset_minutes(), lang);
                let left = format::seconds(remaining as f64, lang);
                match lang {
                    Lang::En => format!(
                        "Shared with you, read-only. The link works until {when} (another \
                         {left})."
                    ),
                    Lang::Zh => {
                        format!("他人分享给你的只读会话。链接有效期至 {when}（还剩 {left}）。")
                    }
                }
            }
            _ => locale
                .t(
                    "Shared with you, read-only. The link does not say when it expires.",
                    "他人分享给你的只读会话。链接没有注明何时过期。",
                )
                .to_owned(),
        }
    };
    let name = path.rsplit('/').next().unwrap_or(&path).to_owned();

    let body = if validity == Validity::Expired {
        expired(expires).into_any()
    } else {
        view! {
            <section
                class="detail"
                data-testid="session-detail"
                data-state=move || opening.with(Opening::state)
            >
                <header class="card detail-head">
                    <h2 translate="no">{name}</h2>
                    <p class="shared-note" data-testid="shared-expiry" data-value=expires>
                        {until}
                    </p>
                </header>
                {move || view! { <SessionBody opening=opening.get()/> }}
            </section>
        }
        .into_any()
    };
    view! {
        <main id=MAIN_ID tabindex="-1" class="page-main shared">
            {body}
            <p class="hint">
                <a href="#/">{locale.words("Open the dashboard", "打开仪表盘")}</a>
                {locale.words(" to connect to a bucket of your own.", "，连接你自己的存储桶。")}
            </p>
        </main>
    }
}
