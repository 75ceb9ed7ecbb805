//! Objects that are not sessions (with session-log's reason) and objects that could not be
//! read (with the storage's). Everything else loaded regardless; this says what was left out.

use leptos::prelude::*;
use session_log::totals::ObjectIssue;

use crate::store::Store;

/// More rows than this are summed up in one line: the point is to see what kind of
/// problem there is, and `logscope stats --json` lists them all.
const SHOWN: usize = 50;

/// The two lists, when they are not empty.
#[component]
pub fn ObjectIssues(store: Store) -> impl IntoView {
    let list = move |title: &'static str, testid: &'static str, issues: Vec<ObjectIssue>| {
        let more = issues.len().saturating_sub(SHOWN);
        let rows = issues
            .into_iter()
            .take(SHOWN)
            .map(|issue| {
                let ObjectIssue { key, reason } = issue;
                let shown = key.clone();
                view! {
                    <li data-key=key>
                        <code class="key">{shown}</code>
                        <span class="reason">{reason}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="card issues" data-testid=testid>
                <h2>{title}</h2>
                <ul>{rows}</ul>
                {(more > 0).then(|| view! { <p class="hint">{format!("and {more} more")}</p> })}
            </section>
        }
    };
    move || {
        let (invalid, unavailable) = store
            .report
            .with(|r| (r.invalid_objects.clone(), r.unavailable_objects.clone()));
        view! {
            {(!invalid.is_empty())
                .then(|| list("Objects that are not sessions", "invalid-objects", invalid))}
            {(!unavailable.is_empty())
                .then(|| list("Objects that could not be read", "unavailable-objects", unavailable))}
        }
    }
}
