//! The sessions table: one row per listed object, filtered and sorted as the route says, and
//! virtualized: only the rows in view (plus a few either side, at most 200) are in the DOM,
//! between two spacers that give the scrollbar the full height. Rows have a fixed height
//! (`ROW_HEIGHT`, the same as `.session-row` in styles.css) so that a scroll offset maps to a
//! row without measuring anything.

use leptos::html;
use leptos::prelude::*;

use crate::format;
use crate::nav::Nav;
use crate::route::{Filter, Route, SortKey};
use crate::store::Store;
use crate::table;
use crate::views::session_filters::SessionFilters;
use crate::views::session_row::{Cells, SessionRow};
use crate::views::sort_header::SortHeader;

/// Pixels; must match `.session-row { height }` in styles.css.
const ROW_HEIGHT: f64 = 34.0;
/// Rows rendered beyond each edge of the viewport, so that scrolling shows no gap.
const OVERSCAN: usize = 10;
/// The columns, in order: label, sort key, right-aligned.
const COLUMNS: [(&str, SortKey, bool); 11] = [
    ("Drawing", SortKey::Drawing, false),
    ("Type", SortKey::SessionType, false),
    ("Task", SortKey::Task, false),
    ("Start", SortKey::Start, false),
    ("Status", SortKey::Status, false),
    ("Calls", SortKey::Calls, true),
    ("Failed", SortKey::Failed, true),
    ("Tokens", SortKey::Tokens, true),
    ("Cost", SortKey::Cost, true),
    ("Duration", SortKey::Duration, true),
    ("Size", SortKey::Size, true),
];

/// A first click sorts names A to Z, and times and figures largest first.
fn first_direction_ascending(column: SortKey) -> bool {
    matches!(
        column,
        SortKey::Drawing | SortKey::SessionType | SortKey::Task | SortKey::Status
    )
}

/// The table, its filters and its count.
#[component]
pub fn SessionsTable(
    store: Store,
    nav: Nav,
    /// The scroll offset, kept by the caller so that coming back from a session returns to
    /// the same place.
    scroll: RwSignal<f64>,
) -> impl IntoView {
    let filter = Memo::new(move |_| {
        nav.with(|route| match route {
            Route::Sessions(filter) => filter.clone(),
            _ => Filter::default(),
        })
    });
    let order = Memo::new(move |_| {
        filter.with(|filter| store.rows.with(|rows| table::arrange(filter, rows.all())))
    });
    let viewport = RwSignal::new(600.0);
    let span = Memo::new(move |_| {
        table::window(
            scroll.get(),
            viewport.get(),
            ROW_HEIGHT,
            order.with(Vec::len),
            OVERSCAN,
        )
    });
    // (load, row index, revision): a row is rendered again only when its object got
    // further, or a new load replaced every row.
    let visible = move || {
        let run = store.connection();
        let span = span.get();
        order.with(|order| {
            store.rows.with(|rows| {
                order[span.start.min(order.len())..span.end.min(order.len())]
                    .iter()
                    .map(|&i| (run, i, rows.all()[i].revision()))
                    .collect::<Vec<_>>()
            })
        })
    };
    let above = move || format!("{}px", span.get().start as f64 * ROW_HEIGHT);
    let below = move || {
        let hidden = order.with(Vec::len).saturating_sub(span.get().end);
        format!("{}px", hidden as f64 * ROW_HEIGHT)
    };

    let refine = Callback::new(move |filter: Filter| nav.refine(Route::Sessions(filter)));
    let on_sort = Callback::new(move |column: SortKey| {
        let mut next = filter.get_untracked();
        if next.sort == column {
            next.ascending = !next.ascending;
        } else {
            next.sort = column;
            next.ascending = first_direction_ascending(column);
        }
        refine.run(next);
    });
    let on_open = Callback::new(move |key: String| nav.open(Route::Session { key }));

    let scroller = NodeRef::<html::Div>::new();
    let measure = move || {
        if let Some(element) = scroller.get_untracked() {
            scroll.set(f64::from(element.scroll_top()));
            viewport.set(f64::from(element.client_height()));
        }
    };
    // Back at the offset it had before a session was opened.
    Effect::new(move |_| {
        if let Some(element) = scroller.get() {
            element.set_scroll_top(scroll.get_untracked() as i32);
            viewport.set(f64::from(element.client_height()));
        }
    });

    let count = move || {
        let shown = order.with(Vec::len) as u64;
        let all = store.rows.with(|rows| rows.all().len()) as u64;
        if shown == all {
            format!("{} objects", format::count(all))
        } else {
            format!("{} of {} objects", format::count(shown), format::count(all))
        }
    };
    let headers = COLUMNS
        .into_iter()
        .map(|(label, column, numeric)| view! { <SortHeader label column numeric filter on_sort/> })
        .collect_view();

    view! {
        <section class="card sessions" aria-labelledby="sessions-heading">
            <div class="sessions-head">
                <h2 id="sessions-heading">"Sessions"</h2>
                <p
                    class="count"
                    data-testid="session-count"
                    data-value=move || order.with(Vec::len)
                    aria-live="polite"
                >
                    {count}
                </p>
            </div>
            <SessionFilters store filter on_change=refine/>
            <div class="table-scroll sessions-scroll" node_ref=scroller on:scroll=move |_| measure()>
                <table class="sessions-table" aria-rowcount=move || order.with(Vec::len) + 1>
                    <colgroup>
                        <col class="c-drawing"/>
                        <col class="c-type"/>
                        <col class="c-task"/>
                        <col class="c-start"/>
                        <col class="c-status"/>
                        <col class="c-calls"/>
                        <col class="c-failed"/>
                        <col class="c-tokens"/>
                        <col class="c-cost"/>
                        <col class="c-duration"/>
                        <col class="c-size"/>
                    </colgroup>
                    <thead>
                        <tr>{headers}</tr>
                    </thead>
                    <tbody>
                        <tr class="spacer" aria-hidden="true" style:height=above>
                            <td colspan="11"></td>
                        </tr>
                        <For
                            each=visible
                            key=|item| *item
                            children=move |(_, i, _)| {
                                let cells = store.rows.with_untracked(|rows| Cells::of(&rows.all()[i]));
                                view! { <SessionRow cells on_open/> }
                            }
                        />
                        <tr class="spacer" aria-hidden="true" style:height=below>
                            <td colspan="11"></td>
                        </tr>
                    </tbody>
                </table>
                <Show when=move || order.with(Vec::is_empty)>
                    <p class="empty">"No session matches these filters."</p>
                </Show>
            </div>
        </section>
    }
}
