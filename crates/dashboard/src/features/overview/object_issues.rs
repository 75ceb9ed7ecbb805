//! Objects that are not sessions (with session-log's reason) and objects that could not be
//! read (with the storage's). Everything else loaded regardless; this says what was left out.

use leptos::prelude::*;
use session_log::totals::ObjectIssue;
use session_log::Invalid;

use crate::i18n::format::count;
use crate::i18n::locale::{Lang, Locale};
use crate::i18n::reasons;
use crate::state::rows::{NotRead, RowState};
use crate::state::Store;

/// More rows than this are summed up in one line: the point is to see what kind of
/// problem there is, and `logscope stats --json` lists them all.
const SHOWN: usize = 50;

/// Why an object is in a list: the value the load kept, so that it is said in the reader's
/// language. The report keeps English only; the typed reason comes from the issue itself
/// (not a session) or from the object's row (not read).
enum Why {
    Invalid(Invalid),
    NotRead(NotRead),
    /// The report's English, for an issue with no value behind it (none from a load), shown
    /// as it is.
    Text(String),
}

impl Why {
    fn say(&self, lang: Lang) -> String {
        match self {
            Self::Invalid(invalid) => reasons::invalid(invalid, lang),
            Self::NotRead(NotRead::TooLarge(refusal)) => reasons::too_large(refusal, lang),
            Self::NotRead(NotRead::Failed(failure)) => reasons::failure(failure, lang),
            Self::Text(reason) => reason.clone(),
        }
    }
}

/// The two lists, when they are not empty.
#[component]
pub fn ObjectIssues(store: Store) -> impl IntoView {
    let locale = Locale::get();
    let list = move |title: Signal<&'static str>,
                     testid: &'static str,
                     issues: Vec<ObjectIssue>,
                     why: fn(Store, ObjectIssue) -> Why| {
        let more = issues.len().saturating_sub(SHOWN);
        let rows = issues
            .into_iter()
            .take(SHOWN)
            .map(|issue| {
                let key = issue.key.clone();
                let shown = key.clone();
                let why = why(store, issue);
                view! {
                    <li data-key=key>
                        <code class="key">{shown}</code>
                        <span class="reason">{move || why.say(locale.lang())}</span>
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
                        invalid,
                        |_, issue| match issue.invalid {
                            Some(invalid) => Why::Invalid(invalid),
                            None => Why::Text(issue.reason),
                        },
                    )
                })}
            {(!unavailable.is_empty())
                .then(|| {
                    list(
                        locale.text("Objects that could not be read", "无法读取的对象"),
                        "unavailable-objects",
                        unavailable,
                        |store, issue| {
                            // Untracked: the list is built again when the report changes.
                            let state = store
                                .rows()
                                .with_untracked(|rows| rows.get(&issue.key).map(|r| r.state.clone()));
                            match state {
                                Some(RowState::Unavailable(not_read)) => Why::NotRead(not_read),
                                _ => Why::Text(issue.reason),
                            }
                        },
                    )
                })}
        }
    }
}
