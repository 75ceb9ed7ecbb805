//! The price table in use, row by row: model, input, cached input and output prices per
//! million tokens, the date they were read and where. A row from the user's price file is
//! marked as such. Sources are links only when they are http(s) URLs, opened in a new tab
//! with no referrer and no handle on this page; anything else is shown as text.

use leptos::prelude::*;
use session_log::{Price, PriceTable};

use crate::features::costs::findings::rate_text;
use crate::features::costs::price_file::PriceFile;
use crate::i18n::locale::Locale;
use crate::state::Store;

/// The rows a lookup can reach, in the built-in order with the user's rows in place of the
/// ones they replace and their new models after; each with whether it is the user's.
fn effective_rows(overrides: Option<&PriceTable>) -> Vec<(Price, bool)> {
    let theirs = |model: &str| {
        overrides.and_then(|o| o.prices.iter().rev().find(|p| p.model == model).cloned())
    };
    let builtin = PriceTable::builtin().prices;
    let mut rows: Vec<(Price, bool)> = builtin
        .iter()
        .map(|price| match theirs(&price.model) {
            Some(own) => (own, true),
            None => (price.clone(), false),
        })
        .collect();
    for price in overrides.map(|o| o.prices.as_slice()).unwrap_or_default() {
        let known = rows.iter().any(|(row, _)| row.model == price.model);
        if !known {
            rows.push((theirs(&price.model).unwrap_or_else(|| price.clone()), true));
        }
    }
    rows
}

/// Whether `source` may be a link: an http(s) URL and nothing else.
fn is_web_link(source: &str) -> bool {
    let lower = source.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !source.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn source_view(source: String) -> AnyView {
    if is_web_link(&source) {
        let href = source.clone();
        view! {
            <a href=href rel="noopener noreferrer" target="_blank">{source}</a>
        }
        .into_any()
    } else {
        view! { <span class="source-text">{source}</span> }.into_any()
    }
}

/// The price table and the price file controls.
#[component]
pub fn PriceTableCard(store: Store) -> impl IntoView {
    let locale = Locale::get();
    let rows = move || {
        let lang = locale.lang();
        store.prices().with(|p| {
            effective_rows(p.overrides.as_ref())
                .into_iter()
                .map(|(price, own)| {
                    let cached = price.cached_input.map_or("–".to_owned(), rate_text);
                    let mark = own.then(|| {
                        view! { <span class="own-price">{lang.pick("your file", "你的文件")}</span> }
                    });
                    view! {
                        <tr data-model=price.model.clone() data-own=own.to_string()>
                            <th scope="row">{price.model.clone()} " " {mark}</th>
                            <td class="num" data-value=price.input.to_string()>{rate_text(price.input)}</td>
                            <td class="num">{cached}</td>
                            <td class="num" data-value=price.output.to_string()>{rate_text(price.output)}</td>
                            <td>{price.as_of.clone()}</td>
                            <td class="source">{source_view(price.source)}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let t = move |en, zh| locale.words(en, zh);
    view! {
        <section class="card price-table" aria-labelledby="prices-heading">
            <h2 id="prices-heading">{t("Price table", "价格表")}</h2>
            <p class="intro">
                {t(
                    "List prices in USD per million tokens. A model matches its exact name first, \
                     then its name without a snapshot date (gpt-4o-mini-2024-07-18 → gpt-4o-mini); \
                     a model that matches neither has no list price.",
                    "标价单位为美元 / 百万 token。模型先按完整名称匹配，再按去掉快照日期的名称匹配\
                     （gpt-4o-mini-2024-07-18 → gpt-4o-mini）；两者都不匹配的模型没有标价。",
                )}
            </p>
            <div class="table-scroll">
                <table class="prices" data-testid="price-table">
                    <thead>
                        <tr>
                            <th scope="col">{t("Model", "模型")}</th>
                            <th scope="col" class="num">{t("Input", "输入")}</th>
                            <th scope="col" class="num">{t("Cached input", "缓存输入")}</th>
                            <th scope="col" class="num">{t("Output", "输出")}</th>
                            <th scope="col">{t("As of", "价格日期")}</th>
                            <th scope="col">{t("Source", "来源")}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <PriceFile store/>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_become_links() {
        assert!(is_web_link("https://openai.com/index/api-prompt-caching/"));
        assert!(is_web_link("HTTP://example.com/x"));
        for text in [
            "our contract",
            "javascript:alert(1)",
            " javascript:alert(1)//https://",
            "data:text/html,x",
            "https://a b",
            "//evil.example",
        ] {
            assert!(!is_web_link(text), "{text}");
        }
    }

    #[test]
    fn the_users_rows_replace_in_place_and_new_models_follow() {
        let theirs = PriceTable::from_json(
            r#"{"prices": [
                {"model": "mine", "input": 1, "output": 2, "source": "s", "as_of": "2025-01-01"},
                {"model": "gpt-4o", "input": 9, "output": 9, "source": "s", "as_of": "2025-01-01"},
                {"model": "mine", "input": 3, "output": 4, "source": "s", "as_of": "2025-02-01"}
            ]}"#,
        )
        .unwrap();
        let rows = effective_rows(Some(&theirs));
        let builtin = PriceTable::builtin().prices;
        assert_eq!(rows.len(), builtin.len() + 1);
        let gpt_4o = rows.iter().find(|(p, _)| p.model == "gpt-4o").unwrap();
        assert_eq!((gpt_4o.0.input, gpt_4o.1), (9.0, true));
        let (mine, own) = rows.last().unwrap();
        assert_eq!((mine.model.as_str(), mine.input, *own), ("mine", 3.0, true));
        assert!(effective_rows(None).iter().all(|(_, own)| !own));
    }
}
