//! The top of a session: its `session_info` as written, the figures added up from its calls
//! (what the totals use), the writer's own `metadata` beside them with a note when the two
//! disagree, and the fields session-log had to read with a second look.
//!
//! The log's times are naive: they are shown as written, read in the chosen zone, which is
//! said beside them. The time in the object's key is an instant, shown in that zone.

use std::sync::Arc;

use leptos::prelude::*;

use crate::ui::json;

use crate::features::session::model::Opened;
use crate::i18n::format::{self, count};
use crate::i18n::locale::{Lang, Locale};
use crate::i18n::reasons;
use crate::ui::field_list::FieldList;

fn pair(name: &str, value: Option<String>) -> Option<(String, String)> {
    value.map(|v| (name.to_owned(), v))
}

/// What the calls add up to, labelled in `lang`.
fn figures(opened: &Opened, lang: Lang) -> Vec<(String, String)> {
    let s = &opened.summary;
    let label = |en: &str, zh: &str| lang.pick(en, zh).to_owned();
    let (all, inp, out) = (
        count(s.tokens()),
        // Saturating, as session-log's sums are: a count written as text may be huge.
        count(
            s.calls
                .iter()
                .fold(0, |n, c| n.saturating_add(c.prompt_tokens)),
        ),
        count(
            s.calls
                .iter()
                .fold(0, |n, c| n.saturating_add(c.completion_tokens)),
        ),
    );
    vec![
        (label("Calls", "调用"), count(s.calls.len() as u64)),
        (
            label("Failed calls", "失败调用"),
            count(s.failed_calls() as u64),
        ),
        (
            label("Tokens", "token 数"),
            match lang {
                Lang::En => format!("{all} ({inp} in, {out} out)"),
                Lang::Zh => format!("{all}（输入 {inp}，输出 {out}）"),
            },
        ),
        (
            label("Cost logged", "日志记录的费用"),
            format::usd(s.logged_cost(), lang),
        ),
        (
            label("Cost at list price", "按标价计的费用"),
            s.list_cost()
                .map(|c| format::usd(c, lang))
                .unwrap_or_else(|| label("a model has no list price", "有模型没有标价")),
        ),
        (
            label("Duration", "时长"),
            s.duration_seconds
                .map(|d| format::seconds(d, lang))
                .unwrap_or_else(|| label("never ended", "未结束")),
        ),
    ]
}

/// session_info, the calls' figures, metadata and problems.
#[component]
pub fn SessionFacts(opened: Arc<Opened>) -> impl IntoView {
    let locale = Locale::get();
    let info = &opened.session.info;
    let s = &opened.summary;
    let mut written: Vec<(String, String)> = [
        pair("session_id", info.session_id.clone()),
        pair("task_id", info.task_id.clone()),
        pair("drawing_id", info.drawing_id.clone()),
        pair("session_type", info.session_type.clone()),
        pair("start_time", info.start_time.clone()),
        pair("end_time", info.end_time.clone()),
        pair("status", info.status.clone()),
        pair(
            "total_duration_seconds",
            info.total_duration_seconds.map(|d| d.to_string()),
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    written.extend(
        info.extra
            .iter()
            .map(|(name, raw)| (name.clone(), json::cell(raw.get()))),
    );

    let zone_note = move || match locale.lang() {
        Lang::En => format!(
            "Times as the log wrote them, read as {}.",
            locale.zone_label()
        ),
        Lang::Zh => format!("时间按日志原样显示，视为 {}。", locale.zone_label()),
    };
    let key_time = s.key.started.map(|started| {
        let unix = started.timestamp();
        view! {
            <p class="hint" data-testid="key-time" data-value=unix>
                {locale.words("Started, by the object's key: ", "开始时间（据对象键）：")}
                <time>{move || format::instant(unix, locale.offset_minutes(), locale.lang())}</time>
            </p>
        }
    });

    let from_calls = {
        let opened = opened.clone();
        Signal::derive(move || figures(&opened, locale.lang()))
    };
    let differs = s.cost_differs().then(|| {
        view! {
            <p class="flag">
                {locale.words("The logged cost is more than 1% away from the cost at list prices.", "日志记录的费用与按标价计算的费用相差超过 1%。")}
            </p>
        }
    });

    let metadata = opened.session.metadata.as_ref().map(|m| {
        let number = |name: &str, v: Option<u64>| pair(name, v.map(|v| v.to_string()));
        let mut fields: Vec<(String, String)> = [
            number("total_api_calls", m.total_api_calls),
            number("success_calls", m.success_calls),
            number("failed_calls", m.failed_calls),
            pair(
                "total_cost_estimate",
                m.total_cost_estimate.map(|c| c.to_string()),
            ),
            number("total_tokens_used", m.total_tokens_used),
            number("total_prompt_tokens", m.total_prompt_tokens),
            number("total_completion_tokens", m.total_completion_tokens),
            number("images_processed", m.images_processed),
        ]
        .into_iter()
        .flatten()
        .collect();
        fields.extend(
            m.extra
                .iter()
                .map(|(name, raw)| (name.clone(), json::cell(raw.get()))),
        );
        let disagrees = session_log::totals::metadata_disagrees(s).then(|| {
            view! {
                <p class="flag" data-testid="metadata-disagrees">
                    {locale.words("The writer's summary disagrees with its calls; the figures \
                                 above come from the calls.", "写入端的汇总与其调用记录不一致；上面的数字以调用记录为准。")}
                </p>
            }
        });
        view! {
            <div>
                <h3>
                    <code translate="no">"metadata"</code>
                    {locale.words(" (the writer's summary)", "（写入端的汇总）")}
                </h3>
                {disagrees}
                <FieldList fields/>
            </div>
        }
    });

    let problems = (!s.problems.is_empty()).then(|| {
        let items = s
            .problems
            .iter()
            .map(|p| {
                let message = p.message.clone();
                view! {
                    <li>
                        <code>{p.path.clone()}</code>
                        " "
                        {move || reasons::issue(&message, locale.lang())}
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="problems">
                <h3>{locale.words("Read with a second look", "需要留意的字段")}</h3>
                <ul>{items}</ul>
            </div>
        }
    });

    view! {
        <section class="card facts" aria-label=locale.words("Session", "会话")>
            <div class="facts-grid">
                <div>
                    <h3><code translate="no">"session_info"</code></h3>
                    <p class="hint" data-testid="zone-note">{zone_note}</p>
                    <FieldList fields=written/>
                    {key_time}
                </div>
                <div>
                    <h3>{locale.words("From the calls", "按调用统计")}</h3>
                    {differs}
                    <FieldList fields=from_calls labels=true/>
                </div>
                {metadata}
            </div>
            {problems}
        </section>
    }
}
