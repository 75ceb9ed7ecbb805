//! The user's own prices: a JSON file laid over the built-in table, kept on this device
//! (localStorage) until reset. Choosing a file reprices every row, total and check at once,
//! and every load after; a file that is not a price table is refused with where and why, and
//! changes nothing.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use crate::i18n::locale::{Lang, Locale};
use crate::i18n::reasons;
use crate::state::prices::{PriceFileError, PriceProblem};
use crate::state::Store;

/// The shape of a price file, shown on the page.
const EXAMPLE: &str = r#"{"prices": [
  {"model": "gpt-4o-2024-11-20", "input": 5, "cached_input": 2.5, "output": 15,
   "source": "our contract", "as_of": "2025-06-01"},
  {"model": "qwen-vl-max", "input": 0.4, "output": 1.2,
   "source": "https://example.com/pricing", "as_of": "2025-06-01"}
]}"#;

/// Why a file was refused, for people.
fn refusal_text(error: &PriceFileError, lang: Lang) -> String {
    let place = match (error.line, error.column, lang) {
        (Some(line), Some(column), Lang::En) => format!(" (line {line}, column {column})"),
        (Some(line), Some(column), Lang::Zh) => format!("（第 {line} 行第 {column} 列）"),
        _ => String::new(),
    };
    let what = match (&error.problem, lang) {
        (PriceProblem::Json(error), Lang::En) => {
            let words = reasons::json_error(error, lang);
            format!("This file is not a price table{place}: {words}.")
        }
        (PriceProblem::Json(error), Lang::Zh) => {
            let words = reasons::json_error(error, lang);
            format!("该文件不是有效的价格表{place}：{words}。")
        }
        (PriceProblem::NoModel, Lang::En) => "A row of this file has no model name.".to_owned(),
        (PriceProblem::NoModel, Lang::Zh) => "文件中有一行没有模型名称。".to_owned(),
        (PriceProblem::BadPrice(model), Lang::En) => {
            format!("The prices of {model} must be numbers of zero or more.")
        }
        (PriceProblem::BadPrice(model), Lang::Zh) => {
            format!("{model} 的价格必须是大于或等于零的数字。")
        }
        (PriceProblem::Unreadable, Lang::En) => {
            "This file was refused: the browser could not read the file.".to_owned()
        }
        (PriceProblem::Unreadable, Lang::Zh) => "该文件被拒绝：浏览器无法读取该文件。".to_owned(),
    };
    match (error.kept, lang) {
        (true, Lang::En) => format!(
            "The price file kept from an earlier visit no longer reads, so the built-in prices \
             are in use. {what}"
        ),
        (true, Lang::Zh) => format!("之前保存的价格文件已无法读取，目前使用内置价格。{what}"),
        (false, Lang::En) => format!("{what} Nothing was changed."),
        (false, Lang::Zh) => format!("{what}未做任何更改。"),
    }
}

/// Reads the file chosen in `input` and offers it to the store.
fn read_chosen(input: web_sys::HtmlInputElement, store: Store) {
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return;
    };
    // The same file may be chosen again after it was edited.
    input.set_value("");
    spawn_local(async move {
        let text = JsFuture::from(file.text())
            .await
            .ok()
            .and_then(|t| t.as_string());
        match text {
            Some(text) => store.offer_price_file(&text),
            None => store.refuse_price_file(PriceFileError {
                line: None,
                column: None,
                problem: PriceProblem::Unreadable,
                kept: false,
            }),
        }
    });
}

/// The upload, the reset and what is in use.
#[component]
pub fn PriceFile(store: Store) -> impl IntoView {
    let locale = Locale::get();
    let own_rows = Memo::new(move |_| {
        store
            .prices()
            .with(|p| p.overrides.as_ref().map(|o| o.prices.len()))
    });
    let in_use = move || match (own_rows.get(), locale.lang()) {
        (None, Lang::En) => "The built-in prices are in use.".to_owned(),
        (None, Lang::Zh) => "目前使用内置价格。".to_owned(),
        (Some(n), Lang::En) => format!(
            "Your price file is in use: {n} rows over the built-in ones, kept in this browser."
        ),
        (Some(n), Lang::Zh) => {
            format!("正在使用你的价格文件：{n} 行覆盖内置价格，保存在本浏览器中。")
        }
    };
    let refusal = move || {
        let lang = locale.lang();
        store.price_refusal().with(|refused| {
            refused.as_ref().map(|error| {
                view! {
                    <p class="price-error" role="alert" data-testid="price-error">
                        {refusal_text(error, lang)}
                    </p>
                }
            })
        })
    };
    let on_change = move |ev: leptos::ev::Event| {
        read_chosen(event_target::<web_sys::HtmlInputElement>(&ev), store);
    };
    let t = move |en, zh| locale.words(en, zh);
    view! {
        <div class="price-file">
            <h3>{t("Your prices", "自定义价格")}</h3>
            <p data-testid="price-in-use" data-own=move || own_rows.get().unwrap_or(0)>{in_use}</p>
            <p>
                {t(
                    "A JSON file of rows like these replaces the built-in rows of the same model \
                     and adds the others; prices are USD per million tokens, and ",
                    "上传如下格式的 JSON 文件：同名模型的行会替换内置行，其余的行会新增；价格单位为\
                     美元 / 百万 token，",
                )}
                <code>"cached_input"</code>
                {t(
                    " may be left out. The file stays in this browser only.",
                    "可以省略。文件只保存在本浏览器中。",
                )}
            </p>
            <pre class="price-example"><code>{EXAMPLE}</code></pre>
            <div class="price-file-controls">
                <label for="price-file-input">{t("Upload a price file (JSON)", "上传价格文件（JSON）")}</label>
                <input
                    type="file"
                    id="price-file-input"
                    data-testid="price-file"
                    accept=".json,application/json"
                    on:change=on_change
                />
                <button
                    type="button"
                    class="secondary"
                    data-testid="price-reset"
                    disabled=move || {
                        // A kept file that no longer reads can be reset too.
                        own_rows.get().is_none()
                            && store.price_refusal().with(|r| r.as_ref().is_none_or(|e| !e.kept))
                    }
                    on:click=move |_| store.reset_prices()
                >
                    {t("Reset to built-in prices", "恢复内置价格")}
                </button>
            </div>
            {refusal}
        </div>
    }
}
