//! The sessions table's columns, shared by the table's header and its rows.

use crate::route::SortKey;

/// The sortable columns before the checks, in order: label, sort key, right-aligned.
pub const COLUMNS: [(&str, &str, SortKey, bool); 10] = [
    ("Drawing", "图纸", SortKey::Drawing, false),
    ("Type", "类型", SortKey::SessionType, false),
    ("Task", "任务", SortKey::Task, false),
    ("Start", "开始时间", SortKey::Start, false),
    ("Status", "状态", SortKey::Status, false),
    ("Calls", "调用", SortKey::Calls, true),
    ("Failed", "失败", SortKey::Failed, true),
    ("Tokens", "token 数", SortKey::Tokens, true),
    ("Cost", "费用", SortKey::Cost, true),
    ("Duration", "耗时", SortKey::Duration, true),
];
/// After the checks column, which does not sort.
pub const LAST_COLUMN: (&str, &str, SortKey, bool) = ("Size", "大小", SortKey::Size, true);
/// Every column, the checks included.
pub const COLUMN_COUNT: usize = COLUMNS.len() + 2;
