//! The address bar and the [`Route`]: the route is read from the fragment when the page
//! opens and on every `hashchange` (links, back and forward), and written back when a view
//! changes it. Moving to another view adds a history entry; refining the same view (a
//! filter, a sort) replaces the entry, so Back does not replay every keystroke.

use leptos::prelude::*;

use crate::route::{self, Filter, Route};

/// The route on screen. `Copy`: a handle to signals.
#[derive(Clone, Copy)]
pub struct Nav {
    route: RwSignal<Route>,
    /// The sessions view as last seen, for links back to it.
    sessions: RwSignal<Filter>,
}

impl Nav {
    /// Reads the fragment and follows it from now on.
    pub fn start() -> Self {
        let nav = Self {
            route: RwSignal::new(Route::Overview),
            sessions: RwSignal::new(Filter::default()),
        };
        nav.show(read());
        // The page lives as long as the listener, so it is never removed.
        let _ = window_event_listener(leptos::ev::hashchange, move |_| nav.show(read()));
        nav
    }

    /// The route on screen, read through `f`; tracked.
    pub fn with<T>(&self, f: impl FnOnce(&Route) -> T) -> T {
        self.route.with(f)
    }

    /// The sessions view as last seen; tracked.
    pub fn sessions(&self) -> Route {
        Route::Sessions(self.sessions.get())
    }

    /// Opens another view, as a new history entry.
    pub fn open(&self, to: Route) {
        if let Some(location) = web_sys::window().map(|w| w.location()) {
            // Fires hashchange, which shows it; shown now as well, so the view does not
            // wait a task for it.
            let _ = location.set_hash(&route::fragment(&to));
        }
        self.show(to);
    }

    /// Changes the view on screen in place (its filters, its sort), replacing the history
    /// entry.
    pub fn refine(&self, to: Route) {
        if let Some(window) = web_sys::window() {
            if let Ok(history) = window.history() {
                let fragment = route::fragment(&to);
                let _ = history.replace_state_with_url(
                    &wasm_bindgen::JsValue::NULL,
                    "",
                    Some(&fragment),
                );
            }
        }
        self.show(to);
    }

    fn show(&self, to: Route) {
        if let Route::Sessions(filter) = &to {
            if self.sessions.with_untracked(|f| f != filter) {
                self.sessions.set(filter.clone());
            }
        }
        if self.route.with_untracked(|now| *now != to) {
            self.route.set(to);
        }
    }
}

/// The route in the address bar now.
fn read() -> Route {
    let hash = web_sys::window()
        .and_then(|window| window.location().hash().ok())
        .unwrap_or_default();
    route::parse(&hash)
}
