//! The cost check in words, one line per model worth a word: a writer whose prices are not
//! the list's (with its rates, when its calls tell them, and by how much it is off), a model
//! without a list price, calls without an estimate. The figures come from session-log's
//! cost check; only the sentences are made here.

use leptos::prelude::*;
use session_log::cost_check::{CostCheck, Implied, ModelCost};
use session_log::Price;

use crate::i18n::format;
use crate::i18n::locale::{Lang, Locale};

/// A price per million tokens as price lists write it: `5`, `2.50`, `0.075`.
pub fn rate_text(rate: f64) -> String {
    let fixed = format!("{rate:.4}");
    let trimmed = fixed.trim_end_matches('0').trim_end_matches('.');
    match trimmed.split_once('.') {
        Some((_, decimals)) if decimals.len() == 1 => format!("{trimmed}0"),
        _ => trimmed.to_owned(),
    }
}

/// Input and output rates: `5/15`.
fn pair(input: f64, output: f64) -> String {
    format!("{}/{}", rate_text(input), rate_text(output))
}

/// A best-fit rate, which is only roughly the writer's: `5.11`, `0.15`, `0.0075`; two
/// significant digits below 1 and two decimals above, so noise is not shown as precision.
pub fn rough_rate_text(rate: f64) -> String {
    let decimals = if rate >= 1.0 || rate <= 0.0 {
        2
    } else {
        (1 - rate.log10().floor() as i32).clamp(2, 6) as usize
    };
    format!("{rate:.decimals$}")
}

/// The writer's rates as far as they are known: exact ones as lists write them, fitted ones
/// rounded.
pub fn implied_pair(input: f64, output: f64, exact: bool) -> String {
    if exact {
        pair(input, output)
    } else {
        format!("{}/{}", rough_rate_text(input), rough_rate_text(output))
    }
}

/// How many times: `1.67×`.
pub fn ratio_text(ratio: f64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{ratio:.2}×"),
        Lang::Zh => format!("{ratio:.2} 倍"),
    }
}

/// What a line is about, for `data-kind`.
#[derive(Clone, Copy)]
enum Kind {
    Mispriced,
    Unknown,
    Unpriced,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Mispriced => "mispriced",
            Kind::Unknown => "unknown-model",
            Kind::Unpriced => "unpriced",
        }
    }
}

/// `about 1.71× too high`, and the like, after "so the logged cost is".
fn how_far(ratio: f64, lang: Lang) -> String {
    let times = ratio_text(ratio, lang);
    match lang {
        Lang::En if ratio > 1.01 => format!("about {times} too high"),
        Lang::En if ratio < 0.99 => format!("only about {times} the list price, too low"),
        Lang::En => format!("about {times} the list price overall, though single calls are off"),
        Lang::Zh if ratio > 1.01 => format!("约为标价的 {times}，偏高"),
        Lang::Zh if ratio < 0.99 => format!("仅约为标价的 {times}，偏低"),
        Lang::Zh => format!("总体约为标价的 {times}，但个别调用相差较大"),
    }
}

/// The sentence for a model priced otherwise than the list.
fn mispriced(m: &ModelCost, list: &Price, lang: Lang) -> String {
    let name = &m.model;
    let listed = pair(list.input, list.output);
    let Some(ratio) = m.ratio else {
        let calls = format::counted(m.calls_differ, lang, "call", "calls", "次调用");
        return match lang {
            Lang::En => {
                let are = if m.calls_differ == 1 { "is" } else { "are" };
                format!("{calls} of {name} {are} logged more than 1% away from the list price ({listed} USD per million tokens).")
            }
            Lang::Zh => format!(
                "{name} 有 {calls}的记录费用与标价（每百万 token {listed} 美元）相差超过 1%。"
            ),
        };
    };
    let far = how_far(ratio, lang);
    match (m.implied, lang) {
        (Implied::Rates { rates, exact }, Lang::En) => {
            let theirs = implied_pair(rates.input, rates.output, exact);
            let roughly = if exact { "" } else { "roughly " };
            let aside = if exact {
                ""
            } else {
                " (its calls do not all follow one pair of rates)"
            };
            format!("The logger prices {name} at {roughly}{theirs} USD per million tokens (input/output){aside}; the list price is {listed}, so the logged cost is {far}.")
        }
        (Implied::Rates { rates, exact }, Lang::Zh) => {
            let theirs = implied_pair(rates.input, rates.output, exact);
            let roughly = if exact { "" } else { "大约" };
            let aside = if exact {
                ""
            } else {
                "（各次调用的费率并不完全一致）"
            };
            format!("记录器为 {name} 计价{roughly}每百万 token {theirs} 美元（输入/输出）{aside}；标价为 {listed}，因此记录的费用{far}。")
        }
        (implied, Lang::En) => {
            let why = match implied {
                Implied::Irregular => " Its logged costs follow no single pair of per-token rates.",
                _ => " Its calls all mix input and output tokens in the same proportion, so the logger's input and output rates cannot be told apart.",
            };
            format!("The logged costs of {name} are {far} against its list price of {listed} USD per million tokens (input/output).{why}")
        }
        (implied, Lang::Zh) => {
            let why = match implied {
                Implied::Irregular => "其记录费用不符合任何一组固定的按 token 费率。",
                _ => {
                    "其各次调用的输入与输出 token 比例都相同，无法分别推算记录器的输入和输出费率。"
                }
            };
            format!(
                "{name} 的记录费用对照标价（每百万 token {listed} 美元，输入/输出）{far}。{why}"
            )
        }
    }
}

/// The sentence for a model the price table does not know.
fn unknown_model(m: &ModelCost, lang: Lang) -> String {
    let name = &m.model;
    let calls = format::counted(m.calls, lang, "call", "calls", "次调用");
    let logged = format::usd(m.logged_usd, lang);
    let theirs = match m.implied {
        Implied::Rates { rates, exact } => Some(implied_pair(rates.input, rates.output, exact)),
        _ => None,
    };
    match lang {
        Lang::En => {
            let one = m.calls == 1;
            let subject = match (name == "unknown", one) {
                (true, true) => format!("{calls} names no model, so it is"),
                (true, false) => format!("{calls} name no model, so they are"),
                (false, true) => format!("{name} has no list price, so its {calls} is"),
                (false, false) => format!("{name} has no list price, so its {calls} are"),
            };
            let them = if one { "it" } else { "them" };
            let rates = theirs.map_or(String::new(), |t| {
                format!(" The logger prices {them} at {t} USD per million tokens (input/output).")
            });
            format!("{subject} not checked (logged {logged}); a price file below can add a price.{rates}")
        }
        Lang::Zh => {
            let subject = if name == "unknown" {
                format!("有 {calls}未注明模型，")
            } else {
                format!("{name} 没有标价，其 {calls}")
            };
            let rates = theirs.map_or(String::new(), |t| {
                format!("记录器为其计价每百万 token {t} 美元（输入/输出）。")
            });
            format!("{subject}未做核对（记录费用 {logged}）；可在下方上传价格文件添加标价。{rates}")
        }
    }
}

/// Every line worth saying about `report`, in the order of its models.
fn findings(report: &CostCheck, lang: Lang) -> Vec<(Kind, &ModelCost, String)> {
    let mut lines = Vec::new();
    for m in &report.models {
        match &m.list {
            Some(list) if m.differs() => lines.push((Kind::Mispriced, m, mispriced(m, list, lang))),
            None => lines.push((Kind::Unknown, m, unknown_model(m, lang))),
            Some(_) => {}
        }
        if m.unpriced_calls > 0 {
            let calls = format::counted(m.unpriced_calls, lang, "call", "calls", "次调用");
            let text = match lang {
                Lang::En if m.unpriced_calls == 1 => format!(
                    "{calls} of {} carries no cost estimate; the logged total counts it as zero.",
                    m.model
                ),
                Lang::En => format!(
                    "{calls} of {} carry no cost estimate; the logged total counts them as zero.",
                    m.model
                ),
                Lang::Zh => format!("{} 有 {calls}没有记录费用估算，记录总额按零计。", m.model),
            };
            lines.push((Kind::Unpriced, m, text));
        }
    }
    lines
}

/// The lines, or a word that there is nothing to say.
#[component]
pub fn CostFindings(report: Memo<CostCheck>) -> impl IntoView {
    let locale = Locale::get();
    let body = move || {
        let lang = locale.lang();
        report.with(|report| {
            let lines = findings(report, lang);
            if report.calls == 0 {
                return view! { <p class="muted">{lang.pick("No calls read yet.", "尚未读取到调用。")}</p> }.into_any();
            }
            if lines.is_empty() {
                return view! {
                    <p class="cost-agrees" data-testid="cost-agrees">
                        {lang.pick("Every logged cost is within 1% of its list price.", "所有记录的费用与标价相差都在 1% 以内。")}
                    </p>
                }
                .into_any();
            }
            let items = lines
                .into_iter()
                .map(|(kind, m, text)| {
                    let ratio = m.ratio.map(|r| r.to_string()).unwrap_or_default();
                    view! {
                        <li data-testid="cost-finding" data-kind=kind.name() data-model=m.model.clone() data-ratio=ratio>
                            {text}
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="cost-findings" data-testid="cost-findings">{items}</ul> }.into_any()
        })
    };
    view! {
        <div class="cost-words" aria-live="polite">
            <h3>{locale.words("What stands out", "核对结果")}</h3>
            {body}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_as_price_lists_write_them() {
        assert_eq!(rate_text(5.0), "5");
        assert_eq!(rate_text(2.5), "2.50");
        assert_eq!(rate_text(0.075), "0.075");
        assert_eq!(rate_text(4.999_999_999_7), "5");
        assert_eq!(pair(2.5, 10.0), "2.50/10");
        assert_eq!(ratio_text(0.01325 / 0.00775, Lang::En), "1.71×");
        assert_eq!(ratio_text(2.0, Lang::Zh), "2.00 倍");
        assert_eq!(rough_rate_text(5.110_734), "5.11");
        assert_eq!(rough_rate_text(0.154_19), "0.15");
        assert_eq!(rough_rate_text(0.007_53), "0.0075");
        assert_eq!(implied_pair(5.110_734, 14.990_1, false), "5.11/14.99");
    }
}
