//! Objects that are not sessions (with session-log's reason) and objects that could not be
//! read (with the storage's). Everything else loaded regardless; this says what was left out.

use leptos::prelude::*;
use session_log::totals::ObjectIssue;

use crate::i18n::format::count;
use crate::i18n::locale::{Lang, Locale};
use crate::i18n::reasons;
use crate::state::Store;

/// More rows than this are summed up in one line: the point is to see what kind of
/// problem there is, and `logscope stats --json` lists them all.
const SHOWN: usize = 50;

/// Why an object is not a session. Every such issue carries its typed reason; the English
/// text is only what an issue without one (none from a load) can show.
fn invalid_reason(issue: &ObjectIssue, lang: Lang) -> String {
    match &issue.invalid {
        Some(invalid) => reasons::invalid(invalid, lang),
        None => issue.reason.clone(),
    }
}

/// Why an object could not be read, as the loader wrote it.
fn unreadable_reason(issue: &ObjectIssue, lang: Lang) -> String {
    reasons::unreadable(&issue.reason, lang)
}

/// The two lists, when they are not empty.
#[component]
pub fn ObjectIssues(store: Store) -> impl IntoView {
    let locale = Locale::get();
    // Says an issue's reason in the reader's language.
    type Say = fn(&ObjectIssue, Lang) -> String;
    let list = move |title: Signal<&'static str>,
                     testid: &'static str,
                     say: Say,
                     issues: Vec<ObjectIssue>| {
        let more = issues.len().saturating_sub(SHOWN);
        let rows = issues
            .into_iter()
            .take(SHOWN)
            .map(|issue| {
                let key = issue.key.clone();
                let shown = key.clone();
                view! {
                    <li data-key=key>
                        <code class="key">{shown}</code>
                        <span class="reason">{move || say(&issue, locale.lang())}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="card issues" data-testid=testid>
                <h2>{move || title.get()}</h2>
                <ul>{rows}</ul>
                {(more > 0)
                    .then(|| {
                        let more = count(more as u64);
                        view! {
                            <p class="hint">
                                {move || match locale.lang() {
                                    Lang::En => format!("and {more} more"),
                                    Lang::Zh => format!("另有 {more} 个"),
                                }}
                            </p>
                        }
                    })}
            </section>
        }
    };
    move || {
        let (invalid, unavailable) = store
            .report()
            .with(|r| (r.invalid_objects.clone(), r.unavailable_objects.clone()));
        view! {
            {(!invalid.is_empty())
                .then(|| {
                    list(
                        locale.text("Objects that are not sessions", "不是会话的对象"),
                        "invalid-objects",
                        invalid_reason,
                        invalid,
                    )
                })}
            {(!unavailable.is_empty())
                .then(|| {
                    list(
                        locale.text("Objects that could not be read", "无法读取的对象"),
                        "unavailable-objects",
                        unreadable_reason,
                        unavailable,
                    )
                })}
        }
    }
}
