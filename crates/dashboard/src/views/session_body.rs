//! A session read on its own, as the detail and the shared view show it: its facts, one card
//! per call, its images, results and unknown fields; or why it could not be shown.

use std::sync::Arc;

use leptos::prelude::*;

use crate::detail::{NotSession, Opened};
use crate::loader::open::Unread;
use crate::views::call_card::CallCard;
use crate::views::extra_fields::ExtraFields;
use crate::views::images_card::ImagesCard;
use crate::views::results_card::ResultsCard;
use crate::views::session_facts::SessionFacts;

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

/// The expiry message of a share link, from its own date or from the storage's refusal.
pub fn expired(when: Option<String>) -> impl IntoView {
    let when = when.map(|w| format!(" It stopped working at {w}."));
    view! {
        <section class="card problem" data-testid="share-expired">
            <h2>"This share link has expired"</h2>
            <p>
                {when}
                " Ask whoever sent it for a new link: share links last at most 7 days, and \
                 nobody can extend one."
            </p>
        </section>
    }
}

/// What `opening` shows.
#[component]
pub fn SessionBody(opening: Opening) -> impl IntoView {
    match opening {
        Opening::Reading => {
            view! { <p class="reading" role="status">"Reading the session…"</p> }.into_any()
        }
        Opening::Open(opened) => {
            let calls = (0..opened.session.calls.len())
                .map(|index| view! { <CallCard opened=opened.clone() index/> })
                .collect_view();
            let heading = format!("Calls ({})", opened.session.calls.len());
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
        Opening::NotSession(broken) => view! {
            <section class="card problem" data-testid="not-a-session">
                <h2>"This object is not a session"</h2>
                <p>{broken.reason.clone()}</p>
                <p class="hint">"The start of its text:"</p>
                <pre class="text">{broken.preview.clone()}</pre>
            </section>
        }
        .into_any(),
        Opening::Failed(Unread::Expired) => expired(None).into_any(),
        Opening::Failed(Unread::NotConnected) => view! {
            <p class="reading">"Connect to the bucket to open this session."</p>
        }
        .into_any(),
        Opening::Failed(Unread::Failed { code, reason }) => view! {
            <section class="card problem" data-testid="open-error" data-code=code>
                <h2>"The session could not be read"</h2>
                <p>{reason}</p>
            </section>
        }
        .into_any(),
    }
}
