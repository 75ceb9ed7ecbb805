//! The cost check: logged costs against list prices, and the price table.

use leptos::prelude::*;

use crate::store::Store;

/// The cost check page.
#[component]
pub fn CostCheck(store: Store) -> impl IntoView {
    let _ = store;
    view! { <section class="cost-check"></section> }
}
