//! A session read on its own, as the detail and the shared view show it: its facts, one card
//! per call, its images, results and unknown fields; or why it could not be shown.

use std::sync::Arc;

use leptos::prelude::*;

use crate::features::session::call_card::CallCard;
use crate::features::session::extra_fields::ExtraFields;
use crate::features::session::facts::SessionFacts;
use crate::features::session::images_card::ImagesCard;
use crate::features::session::model::{NotSession, Opened};
use crate::features::session::results_card::ResultsCard;
use crate::i18n::format;
use crate::i18n::locale::{Lang, Locale};
use crate::i18n::reasons;
use crate::load::open::Unread;
use crate::state::problem::failure_code;

/// Where opening a session stands.
#[derive(Clone)]
pub enum Opening {
    Reading,
    Open(Arc<Opened>),
    NotSession(Arc<NotSession>),
    Failed(Unread),
}

impl Opening {
    /// `reading`, `open`, `invalid`, `expired` or `error`: the `data-state` of the view.
    pub fn state(&self) -> &'static str {
        match self {
            Self::Reading => "reading",
            Self::Open(_) => "open",
            Self::NotSession(_) => "invalid",
            Self::Failed(Unread::Expired) => "expired",
            Self::Failed(_) => "error",
        }
    }
}

/// The expiry message of a share link, from its own expiry (unix seconds) or from the
/// storage's refusal.
pub fn expired(expires: Option<i64>) -> impl IntoView {
    let locale = Locale::get();
    let text = move || {
        let lang = locale.lang();
        let when = expires.map(|unix| format::instant(unix, locale.offset_minutes(), lang));
        match (when, lang) {
            (Some(when), Lang::En) => format!(
                "It stopped working at {when}. Ask whoever sent it for a new link: share \
                 links last at most 7 days, and nobody can extend one."
            ),
            (None, Lang::En) => "Ask whoever sent it for a new link: share links last at \
                                 most 7 days, and nobody can extend one."
                .to_owned(),
            (Some(when), Lang::Zh) => format!(
                "它已于 {when} 失效。请向发送者索取新链接：分享链接最长有效 7 天，且无法延期。"
            ),
            (None, Lang::Zh) => {
                "请向发送者索取新链接：分享链接最长有效 7 天，且无法延期。".to_owned()
            }
        }
    };
    view! {
        <section class="card problem" data-testid="share-expired">
            <h2>{locale.words("This share link has expired", "此分享链接已过期")}</h2>
            <p>{text}</p>
        </section>
    }
}

/// What `opening` shows.
#[component]
pub fn SessionBody(opening: Opening) -> impl IntoView {
    let locale = Locale::get();
    match opening {
        Opening::Reading => view! {
            <p class="reading" role="status">
                {locale.words("Reading the session…", "正在读取会话…")}
            </p>
        }
        .into_any(),
        Opening::Open(opened) => {
            let calls = (0..opened.session.calls.len())
                .map(|index| view! { <CallCard opened=opened.clone() index/> })
                .collect_view();
            let n = opened.session.calls.len();
            let heading = move || match locale.lang() {
                Lang::En => format!("Calls ({n})"),
                Lang::Zh => format!("调用（{n}）"),
            };
            view! {
                <SessionFacts opened=opened.clone()/>
                <section class="calls" aria-labelledby="calls-heading">
                    <h2 id="calls-heading">{heading}</h2>
                    {calls}
                </section>
                <ImagesCard opened=opened.clone()/>
                <ResultsCard opened=opened.clone()/>
                <ExtraFields opened/>
            }
            .into_any()
        }
        Opening::NotSession(broken) => {
            let reason = broken.reason.clone();
            view! {
                <section class="card problem" data-testid="not-a-session">
                    <h2>{locale.words("This object is not a session", "此对象不是会话")}</h2>
                    <p>{move || reasons::invalid(&reason, locale.lang())}</p>
                    <p class="hint">{locale.words("The start of its text:", "其文本开头：")}</p>
                    <pre class="text" translate="no">{broken.preview.clone()}</pre>
                </section>
            }
            .into_any()
        }
        Opening::Failed(Unread::Expired) => expired(None).into_any(),
        Opening::Failed(Unread::NotConnected) => view! {
            <p class="reading">
                {locale.words("Connect to the bucket to open this session.", "连接存储桶后即可打开此会话。")}
            </p>
        }
        .into_any(),
        Opening::Failed(Unread::Failed(failure)) => {
            let code = failure_code(&failure);
            view! {
                <section class="card problem" data-testid="open-error" data-code=code>
                    <h2>{locale.words("The session could not be read", "无法读取此会话")}</h2>
                    <p>{move || reasons::failure(&failure, locale.lang())}</p>
                </section>
            }
            .into_any()
        }
    }
}
