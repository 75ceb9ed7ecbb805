//! The badges of the checks one session fails, which say their check in words (color only
//! repeats it); the checks' names and meanings are in [`crate::i18n::checks`].

use leptos::prelude::*;
use session_log::Check;

use crate::i18n::checks::{check_label, check_meaning};
use crate::i18n::locale::Lang;

/// A badge's word for a check, short enough for a table cell.
fn badge_text(check: Check, lang: Lang) -> &'static str {
    match check {
        Check::MetadataDisagrees => lang.pick("metadata", "元数据"),
        Check::CountsDoNotAdd => lang.pick("counts", "计数"),
        Check::NeverEnded => lang.pick("unended", "未结束"),
        Check::CallsWithoutTokens => lang.pick("no tokens", "无 token"),
        Check::CostDiffers => lang.pick("cost", "费用"),
    }
}

/// The badges of the checks one session fails, in [`Check::ALL`] order.
#[component]
pub fn CheckFlags(checks: Vec<Check>, lang: Lang) -> impl IntoView {
    checks
        .into_iter()
        .map(|check| {
            let title = format!(
                "{}: {}",
                check_label(check, lang),
                check_meaning(check, lang)
            );
            view! {
                <span class="check-flag" data-check=check.name() title=title>
                    {badge_text(check, lang)}
                </span>
            }
        })
        .collect_view()
}
