//! Sessions, calls, tokens and cost per drawing folder.

use std::cmp::Ordering;

use leptos::prelude::*;
use session_log::GroupTotals;

use crate::format;
use crate::locale::Locale;
use crate::store::Store;
use crate::views::column_heads::column_heads;

/// Drawing ids are usually numbers: 2 before 10, and names such as `unknown` after them.
fn by_drawing_id(a: &str, b: &str) -> Ordering {
    match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        (Ok(_), Err(_)) => Ordering::Less,
        (Err(_), Ok(_)) => Ordering::Greater,
        (Err(_), Err(_)) => a.cmp(b),
    }
}

/// The table's columns, in English and Chinese.
const COLUMNS: [(&str, &str); 6] = [
    ("Drawing", "图纸"),
    ("Sessions", "会话"),
    ("Calls", "调用"),
    ("Failed", "失败"),
    ("Tokens", "token 数"),
    ("Cost (logged)", "费用（日志记录）"),
];

/// The table of drawings, in drawing order.
#[component]
pub fn ByDrawing(store: Store) -> impl IntoView {
    let locale = Locale::get();
    let count = move || store.report.with(|r| r.by_drawing.len());
    // Keyed by the figures, so that only drawings whose sessions arrived are drawn again:
    // a thousand rows rebuilt every time totals change held the page for a long moment.
    let rows = move || {
        store.report.with(|report| {
            let mut drawings: Vec<(String, GroupTotals)> = report
                .by_drawing
                .iter()
                .map(|(drawing, g)| (drawing.clone(), g.clone()))
                .collect();
            session_log::sort::by(&mut drawings, |a, b| by_drawing_id(&a.0, &b.0));
            drawings
        })
    };
    let key = |(drawing, g): &(String, GroupTotals)| {
        let figures = (g.sessions, g.calls, g.failed_calls, g.tokens);
        (drawing.clone(), figures, g.cost_usd.to_bits())
    };
    let row = move |(drawing, g): (String, GroupTotals)| {
        let name = drawing.clone();
        view! {
            <tr data-drawing=name>
                <th scope="row" translate="no">{drawing}</th>
                <td>{format::count(g.sessions)}</td>
                <td>{format::count(g.calls)}</td>
                <td>{format::count(g.failed_calls)}</td>
                <td>{format::count(g.tokens)}</td>
                <td>{move || format::usd(g.cost_usd, locale.lang())}</td>
            </tr>
        }
    };
    view! {
        <section class="card breakdown" aria-labelledby="by-drawing-heading">
            <h2 id="by-drawing-heading">
                {move || locale.t("By drawing ", "按图纸 ")}
                <span class="count">{move || format!("({})", count())}</span>
            </h2>
            <div class="table-scroll tall">
                <table data-testid="by-drawing">
                    <thead>{column_heads(locale, &COLUMNS)}</thead>
                    <tbody>
                        <For each=rows key=key children=row/>
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn drawings_sort_as_numbers_then_names() {
        let mut ids = vec!["10", "unknown", "2", "1", "图纸"];
        session_log::sort::by(&mut ids, |a, b| by_drawing_id(a, b));
        assert_eq!(ids, ["1", "2", "10", "unknown", "图纸"]);
    }
}
