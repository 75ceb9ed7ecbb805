//! The problem that stopped a load, explained: what happened, what to do (commands as code
//! to copy), and what the storage said. `data-code` is the S3 error code, or `cors`,
//! `network`, `unreadable` or `empty-prefix`.

use leptos::prelude::*;

use crate::i18n::explain::{explain, Step};
use crate::i18n::locale::Locale;
use crate::state::Store;

/// The explanation, when a load stopped.
#[component]
pub fn ErrorPanel(store: Store) -> impl IntoView {
    let locale = Locale::get();
    move || {
        store.problem().get().map(|problem| {
            let code = problem.code();
            let explanation = explain(&problem, locale.lang());
            let steps = explanation
                .steps
                .into_iter()
                .map(|step| match step {
                    Step::Say(text) => view! { <li>{text}</li> }.into_any(),
                    Step::Run(command) => view! {
                        <li class="command" translate="no"><pre><code>{command}</code></pre></li>
                    }
                    .into_any(),
                })
                .collect_view();
            view! {
                <section class="card problem" data-testid="error" data-code=code>
                    <h2>{explanation.title}</h2>
                    <p class="summary">{explanation.summary}</p>
                    <ul class="steps">{steps}</ul>
                    <p class="detail">{explanation.detail}</p>
                    <p class="diagnose-link">
                        <a href="#/diagnostics" data-testid="diagnose-link">
                            {locale.words("Why can't I see my logs?", "为什么看不到我的日志？")}
                        </a>
                    </p>
                </section>
            }
        })
    }
}
