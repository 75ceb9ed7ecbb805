//! The share of calls that failed, per day. A day with failures is a link to the sessions
//! of that day with a failed call; a day without calls has no bar (no rate to show), and a
//! day whose calls all succeeded has none either (a zero-height link would list nothing).

use leptos::prelude::*;
use session_log::series::{nice_ticks, Daily, Day};

use super::frame::{self, ChartSvg, Plot, HEIGHT};
use super::labels::{percent, short_day};
use crate::i18n::format;
use crate::i18n::locale::{Lang, Locale};
use crate::route::{fragment, Filter, Route};

/// The failure-rate chart.
#[component]
pub fn FailureChart(daily: Memo<Daily>) -> impl IntoView {
    let locale = Locale::get();
    let description = move || {
        let lang = locale.lang();
        daily.with(|d| describe(d, lang))
    };
    let bars = move || {
        let lang = locale.lang();
        daily.with(|d| draw(d, lang))
    };
    view! {
        <figure class="card chart" data-testid="chart-failures" aria-labelledby="chart-failures-heading">
            <div class="chart-head">
                <h2 id="chart-failures-heading">
                    {locale.words("Failure rate per day", "每日失败率")}
                </h2>
            </div>
            <p id="chart-failures-desc" class="chart-desc">{description}</p>
            <ChartSvg id="failures" height=HEIGHT>
                {bars}
            </ChartSvg>
        </figure>
    }
}

fn describe(daily: &Daily, lang: Lang) -> String {
    let failed: u64 = daily.days.iter().map(|d| d.total.failed_calls).sum();
    let calls: u64 = daily.days.iter().map(|d| d.total.calls).sum();
    let worst = daily
        .days
        .iter()
        .filter_map(|d| Some((d, d.total.failure_rate()?)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    let Some((worst, rate)) = worst.filter(|_| failed > 0) else {
        return match (calls, lang) {
            (0, _) => lang
                .pick("No call has been read yet.", "尚未读取到调用。")
                .to_owned(),
            (_, Lang::En) => format!("None of {} calls failed.", format::count(calls)),
            (_, Lang::Zh) => format!("{} 次调用全部成功。", format::count(calls)),
        };
    };
    let date = format::date(worst.date, lang);
    match lang {
        Lang::En => format!(
            "{} of {} calls failed; the worst day is {date} with {}. Each bar opens that \
             day's sessions with a failed call.",
            format::count(failed),
            format::count(calls),
            percent(rate)
        ),
        Lang::Zh => format!(
            "{} 次调用中有 {} 次失败；失败率最高的一天是{date}，为 {}。点击柱条可查看当天\
             含失败调用的会话。",
            format::count(calls),
            format::count(failed),
            percent(rate)
        ),
    }
}

fn draw(daily: &Daily, lang: Lang) -> impl IntoView {
    let plot = Plot::COLUMNS;
    let max_rate = daily
        .days
        .iter()
        .filter_map(|d| d.total.failure_rate())
        .fold(0.0, f64::max);
    let ticks = nice_ticks(max_rate, 4, false);
    let top = ticks.last().copied().unwrap_or(1.0);
    let axis = frame::value_axis(plot, &ticks, percent);
    let n = daily.days.len();
    let days = daily
        .days
        .iter()
        .enumerate()
        .map(|(i, day)| {
            let bar = day
                .total
                .failure_rate()
                .filter(|_| day.total.failed_calls > 0)
                .map(|rate| bar(plot, i, n, day, rate, top, lang));
            let label = frame::labelled(i, n, 8)
                .then(|| frame::category_label(plot, i, n, short_day(day.date, lang)));
            view! {
                <g class="day" data-day=day.date.to_string()>
                    {bar}
                    {label}
                </g>
            }
        })
        .collect_view();
    view! { <g>{axis}{days}</g> }
}

fn bar(
    plot: Plot,
    i: usize,
    n: usize,
    day: &Day,
    rate: f64,
    top: f64,
    lang: Lang,
) -> impl IntoView {
    let (x, width) = plot.band(i, n);
    let y = plot.y(rate, top);
    let date = day.date.to_string();
    let href = fragment(&Route::Sessions(Filter {
        status: Some("failed".to_owned()),
        from: Some(date.clone()),
        to: Some(date),
        ..Filter::default()
    }));
    let (failed, calls) = (
        format::count(day.total.failed_calls),
        format::count(day.total.calls),
    );
    let when = format::date(day.date, lang);
    let tip = match lang {
        Lang::En => format!(
            "{when}: {} of calls failed ({failed} of {calls})",
            percent(rate)
        ),
        Lang::Zh => format!(
            "{when}：失败率 {}（{calls} 次调用中 {failed} 次失败）",
            percent(rate)
        ),
    };
    let label = tip.clone();
    view! {
           <g>
               <a
    tabindex="-1"
                   class="bar failure"
                   href=href
                   aria-label=label
                   data-value=rate.to_string()
                   data-failed=day.total.failed_calls
                   data-calls=day.total.calls
               >
                   <title>{tip}</title>
                   <rect x=x y=y width=width height=(plot.bottom - y).max(0.5)></rect>
               </a>
           </g>
       }
}
