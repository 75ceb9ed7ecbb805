//! The sessions whose logged cost differs from the list price, the largest difference
//! first: a few here, each opening its session (where every call is compared), and a link to
//! all of them in the sessions table.

use leptos::prelude::*;
use session_log::cost_check::CostCheck;
use session_log::Check;

use crate::i18n::format;
use crate::i18n::locale::{Lang, Locale};
use crate::route::{fragment, Filter, Route};

/// How many sessions are listed here; the table has them all.
const SHOWN: usize = 20;

/// The link to the sessions table filtered by `check`.
pub fn sessions_failing(check: &str) -> String {
    fragment(&Route::Sessions(Filter {
        check: Some(check.to_owned()),
        ..Filter::default()
    }))
}

/// The sessions that differ.
#[component]
pub fn CostSessions(report: Memo<CostCheck>) -> impl IntoView {
    let locale = Locale::get();
    let count = Memo::new(move |_| report.with(|r| r.sessions_differ.len()));
    let summary = move || {
        let n = format::count(count.get() as u64);
        match locale.lang() {
            Lang::En => {
                format!("{n} sessions have a logged cost more than 1% away from the list price.")
            }
            Lang::Zh => format!("{n} 个会话的记录费用与标价相差超过 1%。"),
        }
    };
    let rows = move || {
        let lang = locale.lang();
        report.with(|r| {
            r.sessions_differ
                .iter()
                .take(SHOWN)
                .map(|s| {
                    let link = fragment(&Route::Session { key: s.key.clone() });
                    let list = s
                        .list_usd
                        .map_or("–".to_owned(), |usd| format::usd(usd, lang));
                    view! {
                        <tr data-key=s.key.clone()>
                            <td class="key"><a href=link>{s.key.clone()}</a></td>
                            <td>{s.drawing.clone()}</td>
                            <td class="num">{format::usd(s.logged_usd, lang)}</td>
                            <td class="num">{list}</td>
                            <td class="num">{format::count(s.calls_differ)}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let t = move |en, zh| locale.words(en, zh);
    view! {
        <h3>{t("Sessions that differ", "费用不符的会话")}</h3>
        <p data-testid="cost-sessions-count" data-value=move || count.get()>
            {summary}
            " "
            <Show when=move || { count.get() > 0 }>
                <a href=sessions_failing(Check::CostDiffers.name()) data-testid="cost-sessions-link">
                    {t("Show them in the sessions table", "在会话表中查看")}
                </a>
            </Show>
        </p>
        <Show when=move || { count.get() > 0 }>
            <div class="table-scroll">
                <table class="cost-sessions" data-testid="cost-sessions">
                    <thead>
                        <tr>
                            <th scope="col">{t("Object", "对象")}</th>
                            <th scope="col">{t("Drawing", "图纸")}</th>
                            <th scope="col" class="num">{t("Logged", "记录费用")}</th>
                            <th scope="col" class="num">{t("At list prices", "按标价")}</th>
                            <th scope="col" class="num">{t("Calls > 1% off", "相差 > 1% 的调用")}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <Show when=move || { count.get() > SHOWN }>
                <p class="table-note">
                    {move || match locale.lang() {
                        Lang::En => format!("The {SHOWN} largest differences; the sessions table has them all."),
                        Lang::Zh => format!("仅列出相差最大的 {SHOWN} 个；会话表中有全部会话。"),
                    }}
                </p>
            </Show>
        </Show>
    }
}
