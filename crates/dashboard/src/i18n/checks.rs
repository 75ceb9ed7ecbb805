//! session-log's checks as people read them: a short name for a badge, a filter or a line of
//! a summary, and a sentence for a tooltip, in both languages.

use session_log::Check;

use super::locale::Lang;

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
