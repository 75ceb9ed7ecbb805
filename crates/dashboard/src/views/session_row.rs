//! One row of the sessions table. Rows are focusable: Enter opens the session, the arrow keys
//! move to the row above or below (the table scrolls, and its window follows).

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::format;
use crate::rows::{Row, RowState};

/// What one row shows, worked out once when it is rendered.
pub struct Cells {
    key: String,
    class: &'static str,
    drawing: String,
    session_type: String,
    task: String,
    start: String,
    /// Set when the time is the key's (UTC) rather than the log's own.
    start_note: Option<&'static str>,
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
}

impl Cells {
    /// The cells of `row`.
    pub fn of(row: &Row) -> Self {
        let s = &row.summary;
        let (class, status, status_note) = match &row.state {
            RowState::Listed => ("listed", "not read yet".to_owned(), None),
            RowState::Read => ("", s.status.clone(), None),
            RowState::Invalid(why) => ("invalid", "invalid".to_owned(), Some(why.clone())),
            RowState::Unavailable(why) => ("invalid", "unreadable".to_owned(), Some(why.clone())),
        };
        let (start, start_note) = match (s.start, s.key.started) {
            (Some(start), _) => (format::naive(start), None),
            (None, Some(key)) => (
                format::naive(key.naive_utc()),
                Some("From the object key, in UTC"),
            ),
            (None, None) => ("–".to_owned(), None),
        };
        let figures = (row.state == RowState::Read).then(|| {
            let logged = s.logged_cost();
            let cost_note = match s.list_cost() {
                Some(list) if s.cost_differs() => format!(
                    "{} at list prices: the logged estimate is more than 1% off",
                    format::usd(list)
                ),
                Some(list) => format!("{} at list prices", format::usd(list)),
                None => "a model has no list price".to_owned(),
            };
            Figures {
                calls: s.calls.len().to_string(),
                failed: s.failed_calls(),
                tokens: format::count(s.tokens()),
                cost: if s.cost_differs() {
                    format!("{} ≠", format::usd(logged))
                } else {
                    format::usd(logged)
                },
                cost_note,
                duration: s
                    .duration_seconds
                    .map(format::seconds)
                    .unwrap_or_else(|| "–".to_owned()),
            }
        });
        Self {
            key: s.key.key.clone(),
            class,
            drawing: s.drawing.clone(),
            session_type: s.session_type.clone(),
            task: s.task_id.clone().unwrap_or_default(),
            start,
            start_note,
            status,
            status_note,
            figures,
            size: row.size.map(format::bytes).unwrap_or_default(),
            modified: row.modified.as_ref().map(|m| format!("Last modified {m}")),
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
        Some(f) => view! {
            <td class="num">{f.calls}</td>
            <td class="num" class:failed={f.failed > 0}>{f.failed}</td>
            <td class="num">{f.tokens}</td>
            <td class="num" title=f.cost_note>{f.cost}</td>
            <td class="num">{f.duration}</td>
        }
        .into_any(),
        None => view! {
            <td class="num muted">"–"</td>
            <td class="num muted">"–"</td>
            <td class="num muted">"–"</td>
            <td class="num muted">"–"</td>
            <td class="num muted">"–"</td>
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
