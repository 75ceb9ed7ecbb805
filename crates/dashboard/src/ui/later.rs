//! Rendering part of a page in a later task than the rest.
//!
//! A task longer than 50 ms delays the reader's input, and building the whole overview when a
//! connection starts, or the whole page when the wasm starts, is longer than that in one task
//! (BENCHMARKS.md has the figures). What is wrapped in [`Later`] is built in a task of its own
//! just after, so that the browser can paint and handle input in between.

use leptos::prelude::*;
use leptos::task::spawn_local;

/// Its children, built one task after itself.
#[component]
pub fn Later(children: ChildrenFn) -> impl IntoView {
    let ready = RwSignal::new(false);
    spawn_local(async move {
        crate::io::timer::sleep(0).await;
        // Gone already if the page changed in between: then there is nothing to show.
        let _ = ready.try_set(true);
    });
    move || ready.get().then(|| children())
}
