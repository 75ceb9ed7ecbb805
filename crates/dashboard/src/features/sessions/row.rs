//! One row of the sessions table. Rows are focusable: Enter opens the session, the arrow keys
//! move to the row above or below (the table scrolls, and its window follows). The checks a
//! session fails are badges in words, with what each means as their title.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use session_log::{failed_checks, Check};
use wasm_bindgen::JsCast;

use crate::features::sessions::check_flags::CheckFlags;
use crate::features::sessions::filters::status_label;
use crate::i18n::checks::check_label;
use crate::i18n::format;
use crate::i18n::locale::{offset_label, Lang};
use crate::i18n::reasons;
use crate::state::rows::{NotRead, Row, RowState};

/// What one row shows, worked out once when it is rendered.
pub struct Cells {
    key: String,
    class: &'static str,
    lang: Lang,
    drawing: String,
    session_type: String,
    task: String,
    start: String,
    /// Set when the time is the key's rather than the log's own.
    start_note: Option<String>,
    status: String,
    /// Why an object is invalid or unreadable.
    status_note: Option<String>,
    figures: Option<Figures>,
    size: String,
    modified: Option<String>,
}

struct Figures {
    calls: String,
    failed: usize,
    tokens: String,
    cost: String,
    cost_note: String,
    duration: String,
    checks: Vec<Check>,
}

impl Cells {
    /// The cells of `row`, in `lang`, with times from keys shown `offset_minutes` east of UTC.
    pub fn of(row: &Row, lang: Lang, offset_minutes: i32) -> Self {
        let s = &row.summary;
        let (class, status, status_note) = match &row.state {
            RowState::Listed => (
                "listed",
                lang.pick("not read yet", "尚未读取").to_owned(),
                None,
            ),
            RowState::Read => {
                let label = status_label(&s.status, lang);
                // The log's own word, where the table shows a translation of it.
                let raw = (label != s.status).then(|| s.status.clone());
                ("", label, raw)
            }
            RowState::Invalid(why) => (
                "invalid",
                lang.pick("invalid", "无效").to_owned(),
                Some(reasons::invalid(why, lang)),
            ),
            RowState::Unavailable(why) => (
                "invalid",
                lang.pick("unreadable", "无法读取").to_owned(),
                Some(match why {
                    NotRead::TooLarge(refusal) => reasons::too_large(refusal, lang),
                    NotRead::Failed(failure) => reasons::failure(failure, lang),
                }),
            ),
        };
        let key_time = s
            .key
            .started
            .and_then(|t| format::in_zone(t.timestamp(), offset_minutes));
        let (start, start_note) = match (s.start, key_time) {
            (Some(start), _) => (format::minute(start, lang), None),
            (None, Some(key)) => {
                let zone = offset_label(offset_minutes);
                let note = match lang {
                    Lang::En => format!("From the object key, shown in {zone}"),
                    Lang::Zh => format!("取自对象键，按 {zone} 显示"),
                };
                (format::minute(key, lang), Some(note))
            }
            (None, None) => ("–".to_owned(), None),
        };
        let figures = (row.state == RowState::Read).then(|| {
            let logged = s.logged_cost();
            let cost_note = match (s.list_cost(), lang) {
                (Some(list), Lang::En) if s.cost_differs() => format!(
                    "{} at list prices: the logged estimate is more than 1% off",
                    format::usd(list, lang)
                ),
                (Some(list), Lang::Zh) if s.cost_differs() => format!(
                    "按标价计为 {}：记录的估算相差超过 1%",
                    format::usd(list, lang)
                ),
                (Some(list), Lang::En) => format!("{} at list prices", format::usd(list, lang)),
                (Some(list), Lang::Zh) => format!("按标价计为 {}", format::usd(list, lang)),
                (None, _) => lang
                    .pick("a model has no list price", "有模型没有标价")
                    .to_owned(),
            };
            Figures {
                calls: s.calls.len().to_string(),
                failed: s.failed_calls(),
                tokens: format::count(s.tokens()),
                cost: if s.cost_differs() {
                    format!("{} ≠", format::usd(logged, lang))
                } else {
                    format::usd(logged, lang)
                },
                cost_note,
                duration: s
                    .duration_seconds
                    .map(|d| format::seconds(d, lang))
                    .unwrap_or_else(|| "–".to_owned()),
                checks: failed_checks(s),
            }
        });
        Self {
            key: s.key.key.clone(),
            class,
            lang,
            drawing: s.drawing.clone(),
            session_type: s.session_type.clone(),
            task: s.task_id.clone().unwrap_or_default(),
            start,
            start_note,
            status,
            status_note,
            figures,
            size: row.size.map(format::bytes).unwrap_or_default(),
            modified: row.modified.as_ref().map(|m| match lang {
                Lang::En => format!("Last modified {m}"),
                Lang::Zh => format!("最后修改于 {m}"),
            }),
        }
    }
}

/// Moves the focus from the row `event` happened on to the one after (or before) it.
fn focus_next(event: &KeyboardEvent, forward: bool) {
    let Some(row) = event
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let next = if forward {
        row.next_element_sibling()
    } else {
        row.previous_element_sibling()
    };
    // The spacers above and below the window are not rows.
    if let Some(next) = next.filter(|n| n.get_attribute("data-key").is_some()) {
        if let Ok(next) = next.dyn_into::<web_sys::HtmlElement>() {
            let _ = next.focus();
        }
    }
}

/// One session.
#[component]
pub fn SessionRow(cells: Cells, on_open: Callback<String>) -> impl IntoView {
    let Cells {
        key,
        class,
        lang,
        drawing,
        session_type,
        task,
        start,
        start_note,
        status,
        status_note,
        figures,
        size,
        modified,
    } = cells;
    let (type_title, task_title) = (session_type.clone(), task.clone());
    let open = {
        let key = key.clone();
        move || on_open.run(key.clone())
    };
    let on_click = {
        let open = open.clone();
        move |_| open()
    };
    let on_keydown = move |event: KeyboardEvent| {
        match event.key().as_str() {
            "Enter" => open(),
            "ArrowDown" => focus_next(&event, true),
            "ArrowUp" => focus_next(&event, false),
            _ => return,
        }
        event.prevent_default();
    };
    let figures = match figures {
        Some(f) => {
            let flagged = f.checks.len();
            // The whole list, for when the cell is too narrow for every badge.
            let all_checks = f
                .checks
                .iter()
                .map(|&check| check_label(check, lang))
                .collect::<Vec<_>>()
                .join(", ");
            view! {
                <td class="num">{f.calls}</td>
                <td class="num" class:failed={f.failed > 0}>{f.failed}</td>
                <td class="num">{f.tokens}</td>
                <td class="num" title=f.cost_note>{f.cost}</td>
                <td class="num">{f.duration}</td>
                <td class="checks" data-testid="session-checks" data-count=flagged title=all_checks>
                    <CheckFlags checks=f.checks lang/>
                </td>
            }
            .into_any()
        }
        None => view! {
            <td class="num muted">"–"</td>
            <td class="num muted">"–"</td>
            <td class="num muted">"–"</td>
            <td class="num muted">"–"</td>
            <td class="num muted">"–"</td>
            <td class="checks muted" data-testid="session-checks" data-count="0">"–"</td>
        }
        .into_any(),
    };
    view! {
        <tr
            class=format!("session-row {class}")
            data-testid="session-row"
            data-key=key
            tabindex="0"
            on:click=on_click
            on:keydown=on_keydown
        >
            <td>{drawing}</td>
            <td title=type_title>{session_type}</td>
            <td title=task_title>{task}</td>
            <td class:from-key=start_note.is_some() title=start_note>{start}</td>
            <td class="status" title=status_note>{status}</td>
            {figures}
            <td class="num" title=modified>{size}</td>
        </tr>
    }
}

/// What a row shows while the table is skimmed: only what names the session.
pub struct Brief {
    key: String,
    drawing: String,
    session_type: String,
    task: String,
}

impl Brief {
    pub fn of(row: &Row) -> Self {
        let s = &row.summary;
        Self {
            key: s.key.key.clone(),
            drawing: s.drawing.clone(),
            session_type: s.session_type.clone(),
            task: s.task_id.clone().unwrap_or_default(),
        }
    }
}

/// One session while the table is scrolled faster than full rows can be drawn (see
/// `SessionsTable`): the columns that name it, the rest left empty until the scrolling stops.
#[component]
pub fn BriefRow(brief: Brief) -> impl IntoView {
    view! {
        <tr class="session-row brief" data-testid="session-row" data-key=brief.key aria-busy="true">
            <td>{brief.drawing}</td>
            <td>{brief.session_type}</td>
            <td>{brief.task}</td>
            <td colspan=BRIEF_BLANK_COLUMNS></td>
        </tr>
    }
}

/// The columns a brief row leaves empty: all but drawing, type and task.
const BRIEF_BLANK_COLUMNS: usize = crate::features::sessions::columns::COLUMN_COUNT - 3;
