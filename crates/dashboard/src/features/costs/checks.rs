//! How many sessions fail each check, each count a link to those sessions in the table.

use leptos::prelude::*;
use session_log::{failed_checks, Check};

use crate::features::costs::sessions::sessions_failing;
use crate::i18n::checks::{check_label, check_meaning};
use crate::i18n::format;
use crate::i18n::locale::Locale;
use crate::state::rows::RowState;
use crate::state::Store;

/// Sessions failing each check (in [`Check::ALL`] order), and failing any.
fn counts(store: &Store) -> ([u64; Check::ALL.len()], u64) {
    let mut each = [0; Check::ALL.len()];
    let mut any = 0;
    store.rows().with(|rows| {
        for row in rows.all().iter().filter(|r| r.state == RowState::Read) {
            let failed = failed_checks(&row.summary);
            any += u64::from(!failed.is_empty());
            for check in failed {
                if let Some(at) = Check::ALL.iter().position(|c| *c == check) {
                    each[at] += 1;
                }
            }
        }
    });
    (each, any)
}

/// The checks with their counts.
#[component]
pub fn CostChecks(store: Store) -> impl IntoView {
    let locale = Locale::get();
    let counted = Memo::new(move |_| {
        // Repricing changes the cost check's answers.
        store.prices().with(|p| p.version);
        counts(&store)
    });
    let items = move || {
        let lang = locale.lang();
        let (each, _) = counted.get();
        Check::ALL
            .into_iter()
            .zip(each)
            .map(|(check, n)| {
                view! {
                    <li data-check=check.name() data-value=n>
                        <a href=sessions_failing(check.name())>
                            <span class="check-count">{format::count(n)}</span>
                            " "
                            <span class="check-name">{check_label(check, lang)}</span>
                        </a>
                        <span class="check-meaning">{check_meaning(check, lang)}</span>
                    </li>
                }
            })
            .collect_view()
    };
    let any = move || counted.get().1;
    view! {
        <section class="card check-summary" aria-labelledby="checks-heading" data-testid="check-summary">
            <h2 id="checks-heading">{locale.words("Session checks", "会话检查")}</h2>
            <p data-testid="checks-any" data-value=any>
                <a href=sessions_failing("any")>
                    {move || {
                        let n = format::count(any());
                        match locale.lang() {
                            crate::i18n::locale::Lang::En => format!("{n} sessions fail at least one check"),
                            crate::i18n::locale::Lang::Zh => format!("{n} 个会话至少有一项检查未通过"),
                        }
                    }}
                </a>
            </p>
            <ul class="check-counts">{items}</ul>
        </section>
    }
}
