//! The header row of a breakdown table: one column heading per (English, Chinese) pair.

use leptos::prelude::*;

use crate::i18n::locale::Locale;

/// `<tr>` of `<th scope="col">`, each in the reader's language.
pub fn column_heads(
    locale: Locale,
    names: &'static [(&'static str, &'static str)],
) -> impl IntoView {
    let heads = names
        .iter()
        .map(|&(en, zh)| view! { <th scope="col">{locale.words(en, zh)}</th> })
        .collect_view();
    view! { <tr>{heads}</tr> }
}
