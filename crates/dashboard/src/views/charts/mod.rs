//! Charts of the loaded sessions, drawn as SVG by Leptos.

use leptos::prelude::*;

use crate::nav::Nav;
use crate::store::Store;

/// Every chart of the overview.
#[component]
pub fn Charts(store: Store, nav: Nav) -> impl IntoView {
    let _ = (store, nav);
    view! { <section class="charts"></section> }
}
