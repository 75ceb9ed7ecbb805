//! Calls, tokens and cost per model, with the cost recomputed at list prices beside the
//! cost the writer logged.

use leptos::prelude::*;

use crate::i18n::format;
use crate::i18n::locale::Locale;
use crate::state::Store;
use crate::ui::column_heads::column_heads;

/// The table's columns, in English and Chinese.
const COLUMNS: [(&str, &str); 6] = [
    ("Model", "模型"),
    ("Calls", "调用"),
    ("Failed", "失败"),
    ("Tokens", "token 数"),
    ("Cost (logged)", "费用（日志记录）"),
    ("At list price", "按标价"),
];

/// The table of models, most expensive first.
#[component]
pub fn ByModel(store: Store) -> impl IntoView {
    let locale = Locale::get();
    let rows = move || {
        let lang = locale.lang();
        store.report().with(|report| {
            let mut models: Vec<_> = report.by_model.iter().collect();
            session_log::sort::by(&mut models, |a, b| {
                b.1.cost_usd.total_cmp(&a.1.cost_usd).then(a.0.cmp(b.0))
            });
            models
                .into_iter()
                .map(|(model, t)| {
                    let name = if model.is_empty() {
                        lang.pick("(no model)", "（无模型）")
                    } else {
                        model
                    };
                    // A model missing from the price table has no list price, not a zero one.
                    let list = if t.unknown_model_calls == t.calls {
                        "–".to_owned()
                    } else {
                        format::usd(t.list_cost_usd, lang)
                    };
                    view! {
                        <tr data-model=model.clone()>
                            <th scope="row" translate="no">{name.to_owned()}</th>
                            <td>{format::count(t.calls)}</td>
                            <td>{format::count(t.failed_calls)}</td>
                            <td>{format::count(t.prompt_tokens.saturating_add(t.completion_tokens))}</td>
                            <td>{format::usd(t.cost_usd, lang)}</td>
                            <td>{list}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="card breakdown" aria-labelledby="by-model-heading">
            <h2 id="by-model-heading">{locale.words("By model", "按模型")}</h2>
            <div class="table-scroll">
                <table data-testid="by-model">
                    <thead>{column_heads(locale, &COLUMNS)}</thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
