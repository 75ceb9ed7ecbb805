//! The totals over every session loaded so far: the same figures, with the same meanings,
//! as `logscope stats --json` (`sessions`, `calls`, `failed_calls`, `total_tokens`,
//! `cost_usd`, `invalid`), plus session durations.

use leptos::prelude::*;
use session_log::Report;

use crate::i18n::format::{self, count};
use crate::i18n::locale::{Lang, Locale};
use crate::state::Store;
use crate::ui::tile::Tile;

/// A count, exactly and for the eye (the same in both languages).
fn counted(n: u64) -> (String, String) {
    (n.to_string(), count(n))
}

/// The row of totals.
#[component]
pub fn Overview(store: Store) -> impl IntoView {
    let locale = Locale::get();
    let report = store.report();
    // A figure of the report: the exact value, and the value as shown in the reader's
    // language.
    let figure = move |read: fn(&Report, Lang) -> (String, String)| {
        let exact = Memo::new(move |_| report.with(|r| read(r, Lang::En).0));
        let shown = Signal::derive(move || {
            let lang = locale.lang();
            report.with(|r| read(r, lang).1)
        });
        (Signal::derive(move || exact.get()), shown)
    };

    let (sessions, sessions_shown) = figure(|r, _| counted(r.sessions));
    let (calls, calls_shown) = figure(|r, _| counted(r.calls));
    let (failed, failed_shown) = figure(|r, _| counted(r.failed_calls));
    let (tokens, tokens_shown) = figure(|r, _| counted(r.total_tokens));
    let (cost, cost_shown) =
        figure(|r, lang| (r.cost_usd.to_string(), format::usd(r.cost_usd, lang)));
    let (invalid, invalid_shown) = figure(|r, _| counted(r.invalid));
    let (time, time_shown) = figure(|r, lang| {
        let sum = r.session_duration.sum;
        (sum.to_string(), format::seconds(sum, lang))
    });
    let (p95, p95_shown) = figure(|r, lang| match r.session_duration.p95 {
        Some(p95) => (p95.to_string(), format::seconds(p95, lang)),
        None => (String::new(), "–".to_owned()),
    });

    let note = move |write: fn(&Report, Lang) -> String| {
        Signal::derive(move || {
            let lang = locale.lang();
            report.with(|r| write(r, lang))
        })
    };
    let failed_note = note(|r, lang| match r.calls {
        0 => String::new(),
        calls => {
            let share = 100.0 * r.failed_calls as f64 / calls as f64;
            match lang {
                Lang::En => format!("{share:.1}% of calls"),
                Lang::Zh => format!("占调用的 {share:.1}%"),
            }
        }
    });
    let tokens_note = note(|r, lang| {
        let (inp, out) = (count(r.prompt_tokens), count(r.completion_tokens));
        match lang {
            Lang::En => format!("{inp} in, {out} out"),
            Lang::Zh => format!("输入 {inp}，输出 {out}"),
        }
    });
    let cost_note = note(|r, lang| {
        let list = format::usd(r.list_cost_usd, lang);
        match lang {
            Lang::En => format!("{list} at list prices"),
            Lang::Zh => format!("按标价计 {list}"),
        }
    });
    let invalid_note = note(|r, lang| match (r.unavailable, lang) {
        (0, Lang::En) => "objects that are not sessions".to_owned(),
        (0, Lang::Zh) => "不是会话的对象".to_owned(),
        (n, Lang::En) => format!("not sessions; {} more could not be read", count(n)),
        (n, Lang::Zh) => format!("不是会话；另有 {} 个无法读取", count(n)),
    });
    let time_note = note(|r, lang| match (r.session_duration.count, lang) {
        (0, _) => String::new(),
        (n, Lang::En) => format!("over {} timed sessions", count(n as u64)),
        (n, Lang::Zh) => format!("共 {} 个有时长的会话", count(n as u64)),
    });
    let p95_note = note(|r, lang| match r.session_duration.p50 {
        Some(p50) => {
            let p50 = format::seconds(p50, lang);
            match lang {
                Lang::En => format!("median {p50}"),
                Lang::Zh => format!("中位数 {p50}"),
            }
        }
        None => String::new(),
    });
    let t = move |en, zh| locale.text(en, zh);

    view! {
        <section class="overview" aria-label=locale.words("Totals", "汇总")>
            <Tile
                testid="total-sessions"
                label=t("Sessions", "会话")
                value=sessions
                shown=sessions_shown
            />
            <Tile testid="total-calls" label=t("Calls", "调用") value=calls shown=calls_shown/>
            <Tile
                testid="total-failed-calls"
                label=t("Failed calls", "失败调用")
                value=failed
                shown=failed_shown
                note=failed_note
            />
            <Tile
                testid="total-tokens"
                label=t("Tokens", "token 数")
                value=tokens
                shown=tokens_shown
                note=tokens_note
            />
            <Tile
                testid="total-cost"
                label=t("Cost (logged)", "费用（日志记录）")
                value=cost
                shown=cost_shown
                note=cost_note
            />
            <Tile
                testid="total-duration"
                label=t("Session time", "会话总时长")
                value=time
                shown=time_shown
                note=time_note
            />
            <Tile
                testid="p95-duration"
                label=t("Session p95", "会话时长 p95")
                value=p95
                shown=p95_shown
                note=p95_note
            />
            <Tile
                testid="total-invalid"
                label=t("Invalid", "无效对象")
                value=invalid
                shown=invalid_shown
                note=invalid_note
            />
        </section>
    }
}
