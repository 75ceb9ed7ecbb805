//! The filter bar of the sessions table: drawing, model, status, a failed check, a date
//! range and free text over the ids. It only edits the route's [`Filter`]; the table follows
//! the route, so every filter is in the address and survives a reload.

use leptos::prelude::*;
use session_log::Check;

use crate::features::sessions::model;
use crate::i18n::checks::check_label;
use crate::i18n::locale::{Lang, Locale};
use crate::route::Filter;
use crate::state::Store;
use crate::ui::choice::Choice;

/// What a status is called in the picker and the table. The writer's own statuses
/// (`started` until a session ends, then `completed`) are words for people; any other value
/// is the log's, shown as written.
pub fn status_label(status: &str, lang: Lang) -> String {
    match status {
        "completed" => lang.pick("completed", "已完成").to_owned(),
        "started" => lang.pick("started", "已开始").to_owned(),
        "unknown" => lang.pick("unknown", "未知").to_owned(),
        "listed" => lang.pick("not read yet", "尚未读取").to_owned(),
        "invalid" => lang.pick("invalid", "无效").to_owned(),
        "unreadable" => lang.pick("unreadable", "无法读取").to_owned(),
        other => other.to_owned(),
    }
}

/// The options of the checks picker: any check, then each one.
fn check_options(lang: Lang) -> Vec<(String, String)> {
    let any = (
        "any".to_owned(),
        lang.pick("Any check fails", "任一检查未通过").to_owned(),
    );
    std::iter::once(any)
        .chain(
            Check::ALL
                .into_iter()
                .map(|check| (check.name().to_owned(), check_label(check, lang).to_owned())),
        )
        .collect()
}

/// The filter bar.
#[component]
pub fn SessionFilters(
    store: Store,
    filter: Memo<Filter>,
    on_change: Callback<Filter>,
) -> impl IntoView {
    let locale = Locale::get();
    let edit = move |change: fn(&mut Filter, Option<String>)| {
        Callback::new(move |value: Option<String>| {
            let mut next = filter.get_untracked();
            change(&mut next, value.filter(|v| !v.trim().is_empty()));
            on_change.run(next);
        })
    };
    let drawings = Memo::new(move |_| {
        let drawings: Vec<String> = store.rows().with(|rows| {
            // Rows come in key order, so a drawing's rows are mostly together: skipping
            // repeats first keeps this linear at 100,000 rows.
            let mut last = None;
            let mut seen: Vec<&String> = rows
                .all()
                .iter()
                .map(|r| &r.summary.drawing)
                .filter(|d| last.replace(*d) != Some(*d))
                .collect();
            // Not a BTreeSet: its `collect` compiles another copy of the sort into the wasm.
            session_log::sort::by(&mut seen, |a, b| model::natural(a, b).then(a.cmp(b)));
            seen.dedup();
            seen.into_iter().cloned().collect()
        });
        drawings
            .into_iter()
            .map(|d| (d.clone(), d))
            .collect::<Vec<_>>()
    });
    let models = Memo::new(move |_| {
        store.report().with(|r| {
            r.by_model
                .keys()
                .map(|m| (m.clone(), m.clone()))
                .collect::<Vec<_>>()
        })
    });
    let statuses = Memo::new(move |_| {
        let set: Vec<String> = store.rows().with(|rows| {
            let mut last = None;
            let mut seen: Vec<&str> = rows
                .all()
                .iter()
                .map(|r| r.summary.status.as_str())
                .filter(|s| last.replace(*s) != Some(*s))
                .collect();
            session_log::sort::by(&mut seen, |a, b| a.cmp(b));
            seen.dedup();
            seen.into_iter().map(str::to_owned).collect()
        });
        let mut statuses: Vec<(String, String)> = set
            .into_iter()
            .map(|s| {
                let label = status_label(&s, locale.lang());
                (s, label)
            })
            .collect();
        // "failed" picks sessions with a failed call (see `model::keeps`), whatever status
        // their writer gave them.
        statuses.retain(|(status, _)| status != "failed");
        statuses.push((
            "failed".to_owned(),
            locale.t("with failed calls", "含失败调用").to_owned(),
        ));
        statuses
    });
    let pick = move |read: fn(&Filter) -> &Option<String>| {
        Signal::derive(move || filter.with(|f| read(f).clone()))
    };
    let text = move |read: fn(&Filter) -> &Option<String>| {
        move || filter.with(|f| read(f).clone().unwrap_or_default())
    };
    let on_from = edit(|f, v| f.from = v);
    let on_to = edit(|f, v| f.to = v);
    let on_text = edit(|f, v| f.text = v);
    let checks = Memo::new(move |_| check_options(locale.lang()));
    // Choice takes fixed labels: a new language makes the pickers anew (what is picked
    // lives in the route, so nothing is lost).
    let choices = move || {
        let lang = locale.lang();
        view! {
            <Choice
                label=lang.pick("Drawing", "图纸")
                testid="filter-drawing"
                any=lang.pick("All drawings", "全部图纸")
                options=drawings
                selected=pick(|f| &f.drawing)
                on_pick=edit(|f, v| f.drawing = v)
            />
            <Choice
                label=lang.pick("Model", "模型")
                testid="filter-model"
                any=lang.pick("All models", "全部模型")
                options=models
                selected=pick(|f| &f.model)
                on_pick=edit(|f, v| f.model = v)
            />
            <Choice
                label=lang.pick("Status", "状态")
                testid="filter-status"
                any=lang.pick("Any status", "任意状态")
                options=statuses
                selected=pick(|f| &f.status)
                on_pick=edit(|f, v| f.status = v)
            />
            <Choice
                label=lang.pick("Checks", "检查")
                testid="filter-check"
                any=lang.pick("All sessions", "全部会话")
                options=checks
                selected=pick(|f| &f.check)
                on_pick=edit(|f, v| f.check = v)
            />
        }
    };
    let clear = move |_| {
        let kept = filter.get_untracked();
        on_change.run(Filter {
            sort: kept.sort,
            ascending: kept.ascending,
            ..Filter::default()
        });
    };

    view! {
        <div class="filters" role="search" aria-label=locale.words("Filter sessions", "筛选会话")>
            {choices}
            <div class="choice">
                <label for="filter-from">{locale.words("From", "起始日期")}</label>
                <input
                    type="date"
                    id="filter-from"
                    data-testid="filter-from"
                    prop:value=text(|f| &f.from)
                    on:change=move |ev| on_from.run(Some(event_target_value(&ev)))
                />
            </div>
            <div class="choice">
                <label for="filter-to">{locale.words("To", "截止日期")}</label>
                <input
                    type="date"
                    id="filter-to"
                    data-testid="filter-to"
                    prop:value=text(|f| &f.to)
                    on:change=move |ev| on_to.run(Some(event_target_value(&ev)))
                />
            </div>
            <div class="choice grow">
                <label for="filter-text">{locale.words("Search ids", "搜索 ID")}</label>
                <input
                    type="search"
                    id="filter-text"
                    data-testid="filter-text"
                    placeholder=move || {
                        locale.t("key, session, task, drawing or type", "对象键、会话、任务、图纸或类型")
                    }
                    prop:value=text(|f| &f.text)
                    on:input=move |ev| on_text.run(Some(event_target_value(&ev)))
                />
            </div>
            <button type="button" class="secondary plain" data-testid="filter-clear" on:click=clear>
                {locale.words("Clear", "清除")}
            </button>
        </div>
    }
}
