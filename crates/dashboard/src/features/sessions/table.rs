//! The sessions table: one row per listed object, filtered and sorted as the route says, and
//! virtualized: only the rows in view (plus a few either side, at most 200) are in the DOM,
//! between two spacers that give the scrollbar the full height. Rows have a fixed height
//! (`ROW_HEIGHT`, the same as `.session-row` in styles.css) so that a scroll offset maps to a
//! row without measuring anything. Above it, the filters and the exports of the rows the
//! filters keep.

use std::time::Duration;

use leptos::html;
use leptos::prelude::*;

use crate::features::sessions::columns::{COLUMNS, COLUMN_COUNT, LAST_COLUMN};
use crate::features::sessions::export_menu::ExportMenu;
use crate::features::sessions::filters::SessionFilters;
use crate::features::sessions::row::{Brief, BriefRow, Cells, SessionRow};
use crate::features::sessions::sort_header::SortHeader;
use crate::i18n::format;
use crate::i18n::locale::{Lang, Locale};
use crate::route::nav::Nav;
use crate::route::{Filter, Route, SortKey};
use crate::state::Store;
use crate::ui::window;

/// Pixels; must match `.session-row { height }` in styles.css.
const ROW_HEIGHT: f64 = 34.0;
/// Rows rendered beyond each edge of the viewport, so that scrolling shows no gap.
const OVERSCAN: usize = 10;
/// How long after the last jump the table shows its full rows again.
const SKIMMING_ENDS: Duration = Duration::from_millis(150);
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
    let locale = Locale::get();
    let filter = Memo::new(move |_| {
        nav.with(|route| match route {
            Route::Sessions(filter) => filter.clone(),
            _ => Filter::default(),
        })
    });
    let order = Memo::new(move |_| {
        let offset = locale.offset_minutes();
        // A new load replaces every row; the store starts its order again then.
        store.connection();
        filter.with(|filter| store.arrange(filter, offset))
    });
    let viewport = RwSignal::new(600.0);
    // Skimming: the table was scrolled by more than it shows at once (dragging the scrollbar,
    // a fling), so every row in view is new at every frame. Full rows then cost more than a
    // frame at 100,000 sessions, and scrolling stutters; brief ones, with no overscan, keep up,
    // and the full rows come back once the scrolling stops.
    let skimming = RwSignal::new(false);
    let skim_end = StoredValue::new(None::<TimeoutHandle>);
    let span = Memo::new(move |_| {
        let overscan = if skimming.get() { 0 } else { OVERSCAN };
        window::window(
            scroll.get(),
            viewport.get(),
            ROW_HEIGHT,
            order.with(Vec::len),
            overscan,
        )
    });
    // (load, row index, revision, (language, zone, prices, skimming)): a row is rendered
    // again only when its object got further, a new load replaced every row, or what it is
    // shown in (language, zone, price table, brief or full) changed.
    let visible = move || {
        let run = store.connection();
        let span = span.get();
        let shown_in = (
            locale.lang() == Lang::Zh,
            locale.offset_minutes(),
            store.prices().with(|p| p.version),
            skimming.get(),
        );
        order.with(|order| {
            store.rows().with(|rows| {
                order[span.start.min(order.len())..span.end.min(order.len())]
                    .iter()
                    .map(|&i| (run, i, rows.all()[i].revision(), shown_in))
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
            let (top, height) = (
                f64::from(element.scroll_top()),
                f64::from(element.client_height()),
            );
            if (top - scroll.get_untracked()).abs() > height {
                if !skimming.get_untracked() {
                    skimming.set(true);
                }
                // Gone already if the table was left in between.
                let stop = move || {
                    let _ = skimming.try_set(false);
                };
                let ends = set_timeout_with_handle(stop, SKIMMING_ENDS);
                if let Some(Some(earlier)) =
                    skim_end.try_update_value(|end| std::mem::replace(end, ends.ok()))
                {
                    earlier.clear();
                }
            }
            scroll.set(top);
            viewport.set(height);
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
        let shown = format::count(order.with(Vec::len) as u64);
        let all = format::count(store.rows().with(|rows| rows.all().len()) as u64);
        match (locale.lang(), shown == all) {
            (Lang::En, true) => format!("{all} objects"),
            (Lang::En, false) => format!("{shown} of {all} objects"),
            (Lang::Zh, true) => format!("共 {all} 个对象"),
            (Lang::Zh, false) => format!("{shown} / {all} 个对象"),
        }
    };
    let header =
        move |lang: Lang,
              (en, zh, column, numeric): (&'static str, &'static str, SortKey, bool)| {
            let label = lang.pick(en, zh);
            view! { <SortHeader label column numeric filter on_sort/> }
        };
    // The headers take their labels as they are made, so a new language makes them anew.
    let headers = move || {
        let lang = locale.lang();
        let first = COLUMNS
            .into_iter()
            .map(|column| header(lang, column))
            .collect_view();
        let checks = view! {
            <th scope="col" class="checks-head">{lang.pick("Checks", "检查")}</th>
        };
        (first, checks, header(lang, LAST_COLUMN))
    };

    view! {
        <section class="card sessions" aria-labelledby="sessions-heading">
            <div class="sessions-head">
                <h2 id="sessions-heading">{locale.words("Sessions", "会话")}</h2>
                <p
                    class="count"
                    data-testid="session-count"
                    data-value=move || order.with(Vec::len)
                    aria-live="polite"
                >
                    {count}
                </p>
                <ExportMenu store order/>
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
                        <col class="c-checks"/>
                        <col class="c-size"/>
                    </colgroup>
                    <thead>
                        <tr>{headers}</tr>
                    </thead>
                    <tbody>
                        <tr class="spacer" aria-hidden="true" style:height=above>
                            <td colspan=COLUMN_COUNT></td>
                        </tr>
                        <For
                            each=visible
                            key=|item| *item
                            children=move |(_, i, _, (_, _, _, skim))| {
                                if skim {
                                    let brief = store.rows().with_untracked(|rows| Brief::of(&rows.all()[i]));
                                    return view! { <BriefRow brief/> }.into_any();
                                }
                                let (lang, offset) = (locale.lang_untracked(), untrack(|| locale.offset_minutes()));
                                let cells = store.rows().with_untracked(|rows| Cells::of(&rows.all()[i], lang, offset));
                                view! { <SessionRow cells on_open/> }.into_any()
                            }
                        />
                        <tr class="spacer" aria-hidden="true" style:height=below>
                            <td colspan=COLUMN_COUNT></td>
                        </tr>
                    </tbody>
                </table>
                <Show when=move || order.with(Vec::is_empty)>
                    <p class="empty">
                        {locale.words("No session matches these filters.", "没有符合这些筛选条件的会话。")}
                    </p>
                </Show>
            </div>
        </section>
    }
}
