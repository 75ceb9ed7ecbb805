//! The session checks as people read them: a short name for a badge or a filter, and a
//! sentence for its tooltip, in both languages; and the badges of one session, which say
//! their check in words (color only repeats it).

use leptos::prelude::*;
use session_log::Check;

use crate::i18n::locale::Lang;

/// The short name of a check: a badge, a filter option, a line of the summary.
pub fn check_label(check: Check, lang: Lang) -> &'static str {
    match check {
        Check::MetadataDisagrees => lang.pick("Metadata disagrees", "元数据不符"),
        Check::CountsDoNotAdd => lang.pick("Counts do not add up", "计数不自洽"),
        Check::NeverEnded => lang.pick("Never ended", "未结束"),
        Check::CallsWithoutTokens => lang.pick("Calls without tokens", "调用无 token"),
        Check::CostDiffers => lang.pick("Cost differs", "费用不符"),
    }
}

/// What failing a check means, for a tooltip or a summary.
pub fn check_meaning(check: Check, lang: Lang) -> &'static str {
    match check {
        Check::MetadataDisagrees => lang.pick(
            "The writer's metadata claims other call counts or another cost than the calls add up to.",
            "写入方 metadata 中的调用次数或费用与各次调用的汇总不一致。",
        ),
        Check::CountsDoNotAdd => lang.pick(
            "In the metadata, success_calls + failed_calls is not total_api_calls.",
            "metadata 中 success_calls + failed_calls 不等于 total_api_calls。",
        ),
        Check::NeverEnded => lang.pick(
            "The session has a start time but no end time: it crashed, or is still running.",
            "会话有开始时间但没有结束时间：可能已崩溃，或仍在运行。",
        ),
        Check::CallsWithoutTokens => lang.pick(
            "A call that did not fail reports no tokens at all.",
            "有未失败的调用完全没有记录 token。",
        ),
        Check::CostDiffers => lang.pick(
            "A logged cost is more than 1% away from the list price.",
            "有记录的费用与按标价重算的费用相差超过 1%。",
        ),
    }
}

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
