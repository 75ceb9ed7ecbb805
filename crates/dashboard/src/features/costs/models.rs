//! The cost check per model: calls, how many are more than 1% off, logged and list cost,
//! their ratio, and the logger's implied rates beside the list's.

use leptos::prelude::*;
use session_log::cost_check::{CostCheck, Implied, ModelCost};

use crate::features::costs::findings::{implied_pair, rate_text, ratio_text};
use crate::i18n::format;
use crate::i18n::locale::{Lang, Locale};

/// The logger's rates, or why there are none.
fn implied_text(m: &ModelCost, lang: Lang) -> (String, &'static str) {
    match m.implied {
        Implied::Rates { rates, exact } => {
            let text = implied_pair(rates.input, rates.output, exact).replace('/', " / ");
            if exact {
                (text, "")
            } else {
                (
                    format!("≈ {text}"),
                    lang.pick(
                        "The best fit: its calls do not all follow one pair of rates",
                        "最接近的拟合：各次调用并不都遵循同一组费率",
                    ),
                )
            }
        }
        Implied::SameMix => (
            lang.pick("not separable", "无法区分").to_owned(),
            lang.pick(
                "Every call has the same mix of input and output tokens",
                "各次调用的输入与输出 token 比例都相同",
            ),
        ),
        Implied::Irregular => (
            lang.pick("no fixed rates", "无固定费率").to_owned(),
            lang.pick(
                "No pair of per-token rates explains the logged costs",
                "没有任何一组按 token 的费率能解释这些记录费用",
            ),
        ),
        Implied::Nothing => ("–".to_owned(), ""),
    }
}

fn row(m: &ModelCost, lang: Lang) -> impl IntoView {
    let list_rates = m.list.as_ref().map_or_else(
        || lang.pick("no list price", "无标价").to_owned(),
        |p| {
            let cached = p.cached_input.map_or("–".to_owned(), rate_text);
            format!(
                "{} / {} / {}",
                rate_text(p.input),
                cached,
                rate_text(p.output)
            )
        },
    );
    let (implied, implied_note) = implied_text(m, lang);
    let list = m
        .list_usd
        .map_or("–".to_owned(), |usd| format::usd(usd, lang));
    let ratio = m.ratio.map_or("–".to_owned(), |r| ratio_text(r, lang));
    view! {
        <tr data-model=m.model.clone() class:differs=m.differs()>
            <th scope="row">{m.model.clone()}</th>
            <td class="num">{format::count(m.calls)}</td>
            <td class="num">{format::count(m.calls_differ)}</td>
            <td class="num">{format::count(m.unpriced_calls)}</td>
            <td class="num">{format::usd(m.logged_usd, lang)}</td>
            <td class="num">{list}</td>
            <td class="num" data-value=m.ratio.map(|r| r.to_string()).unwrap_or_default()>{ratio}</td>
            <td class="num" title=implied_note>{implied}</td>
            <td class="num">{list_rates}</td>
        </tr>
    }
}

/// The table of models, the most logged cost first.
#[component]
pub fn CostModels(report: Memo<CostCheck>) -> impl IntoView {
    let locale = Locale::get();
    let rows = move || {
        let lang = locale.lang();
        report.with(|r| r.models.iter().map(|m| row(m, lang)).collect_view())
    };
    let t = move |en, zh| locale.words(en, zh);
    view! {
        <h3>{t("By model", "按模型")}</h3>
        <div class="table-scroll">
            <table class="cost-models" data-testid="cost-models">
                <thead>
                    <tr>
                        <th scope="col">{t("Model", "模型")}</th>
                        <th scope="col" class="num">{t("Calls", "调用")}</th>
                        <th scope="col" class="num">{t("> 1% off", "相差 > 1%")}</th>
                        <th scope="col" class="num">{t("No estimate", "无估算")}</th>
                        <th scope="col" class="num">{t("Logged", "记录费用")}</th>
                        <th scope="col" class="num">{t("At list prices", "按标价")}</th>
                        <th scope="col" class="num">{t("Logged ÷ list", "记录 ÷ 标价")}</th>
                        <th scope="col" class="num">{t("Logger's rates (in / out)", "记录器费率（输入/输出）")}</th>
                        <th scope="col" class="num">{t("List rates (in / cached / out)", "标价（输入/缓存/输出）")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <p class="table-note">
            {t("Rates in USD per million tokens.", "费率单位：美元 / 百万 token。")}
        </p>
    }
}
