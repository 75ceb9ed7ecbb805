//! Sessions, calls, tokens and cost per drawing folder.

use std::cmp::Ordering;

use leptos::html;
use leptos::prelude::*;
use session_log::GroupTotals;

use crate::i18n::format;
use crate::i18n::locale::Locale;
use crate::state::Store;
use crate::ui::column_heads::column_heads;
use crate::ui::window;

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

/// Pixels; must match `.by-drawing-table tbody tr { height }` in styles.css.
const ROW_HEIGHT: f64 = 30.0;
/// Rows drawn beyond each edge of the box, so that scrolling shows no gap.
const OVERSCAN: usize = 10;
/// Pixels: at least the box's `max-height` (24rem) at any usual font size. The box is only
/// as tall as the rows in it, so its own height cannot say how many rows it would show.
const BOX_HEIGHT: f64 = 800.0;

/// The table of drawings, in drawing order. Only the rows in view are in the DOM, between two
/// spacers, as in the sessions table: at 100,000 sessions there are 12,500 drawings, and
/// keeping every row made tasks of 60 to 130 ms each time the totals changed.
#[component]
pub fn ByDrawing(store: Store) -> impl IntoView {
    let locale = Locale::get();
    let count = move || store.report().with(|r| r.by_drawing.len());
    let drawings = Memo::new(move |_| {
        store.report().with(|report| {
            let mut drawings: Vec<(&String, &GroupTotals)> = report.by_drawing.iter().collect();
            session_log::sort::by(&mut drawings, |a, b| by_drawing_id(a.0, b.0));
            drawings
                .into_iter()
                .map(|(drawing, g)| (drawing.clone(), g.clone()))
                .collect::<Vec<_>>()
        })
    });
    let scroll = RwSignal::new(0.0);
    let span = Memo::new(move |_| {
        let rows = drawings.with(Vec::len);
        window::window(scroll.get(), BOX_HEIGHT, ROW_HEIGHT, rows, OVERSCAN)
    });
    // Keyed by the figures, so that only drawings whose sessions arrived are drawn again.
    let rows = move || {
        let span = span.get();
        drawings.with(|all| all[span.start.min(all.len())..span.end.min(all.len())].to_vec())
    };
    let above = move || format!("{}px", span.get().start as f64 * ROW_HEIGHT);
    let below = move || {
        let hidden = drawings.with(Vec::len).saturating_sub(span.get().end);
        format!("{}px", hidden as f64 * ROW_HEIGHT)
    };
    let scroller = NodeRef::<html::Div>::new();
    let measure = move || {
        if let Some(element) = scroller.get_untracked() {
            scroll.set(f64::from(element.scroll_top()));
        }
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
                {locale.words("By drawing ", "按图纸 ")}
                <span class="count">{move || format!("({})", count())}</span>
            </h2>
            <div class="table-scroll" node_ref=scroller on:scroll=move |_| measure()>
                <table class="by-drawing-table" data-testid="by-drawing">
                    <thead>{column_heads(locale, &COLUMNS)}</thead>
                    <tbody>
                        <tr class="spacer" aria-hidden="true" style:height=above>
                            <td colspan=COLUMNS.len()></td>
                        </tr>
                        <For each=rows key=key children=row/>
                        <tr class="spacer" aria-hidden="true" style:height=below>
                            <td colspan=COLUMNS.len()></td>
                        </tr>
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawings_sort_as_numbers_then_names() {
        let mut ids = vec!["10", "unknown", "2", "1", "图纸"];
        session_log::sort::by(&mut ids, |a, b| by_drawing_id(a, b));
        assert_eq!(ids, ["1", "2", "10", "unknown", "图纸"]);
    }
}
