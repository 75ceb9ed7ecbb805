//! Where the load stands: listing, reading n of m, done or stopped, with a progress bar and
//! the counts of objects that were not sessions or could not be read.

use leptos::prelude::*;

use crate::format;
use crate::store::{LoadState, Store};

/// The status line. `data-state` is `loading`, `done` or `error`; `data-found`,
/// `data-finished` and `data-errors` hold the counts.
#[component]
pub fn LoadStatus(store: Store) -> impl IntoView {
    let progress = store.progress;
    let invalid = Memo::new(move |_| store.report.with(|r| r.invalid));
    let state = move || progress.with(|p| p.state);
    let headline = move || {
        progress.with(|p| {
            let (found, finished) = (format::count(p.found), format::count(p.finished()));
            match p.state {
                LoadState::Idle => String::new(),
                LoadState::Loading if p.listing => {
                    format!("Listing… {found} session objects found, {finished} read")
                }
                LoadState::Loading => format!("Reading {finished} / {found}"),
                LoadState::Done => format!("Loaded {finished} / {found}"),
                LoadState::Error if p.found == 0 => "Stopped".to_owned(),
                LoadState::Error => format!("Stopped after {finished} / {found}"),
            }
        })
    };
    let errors = move || {
        let unavailable = progress.with(|p| p.unavailable);
        let invalid = invalid.get();
        let mut parts = Vec::new();
        if invalid > 0 {
            parts.push(format!("{} not sessions", format::count(invalid)));
        }
        if unavailable > 0 {
            parts.push(format!("{} could not be read", format::count(unavailable)));
        }
        parts.join(", ")
    };

    view! {
        <section
            class="load-status"
            data-testid="load-status"
            data-state=move || state().as_str()
            data-found=move || progress.with(|p| p.found)
            data-finished=move || progress.with(|p| p.finished())
            data-errors=move || progress.with(|p| p.unavailable) + invalid.get()
            aria-live="polite"
        >
            <div class="load-line">
                <span class="location">{move || progress.with(|p| p.location.clone())}</span>
                <span class="headline">{headline}</span>
                <span class="errors">{errors}</span>
            </div>
            <progress
                max=move || progress.with(|p| p.found.max(1))
                value=move || progress.with(|p| p.finished())
                aria-label="Objects read"
            ></progress>
            {move || {
                progress
                    .with(|p| p.clock_note.clone())
                    .map(|note| view! { <p class="clock-note" data-testid="clock-note">{note}</p> })
            }}
        </section>
    }
}
