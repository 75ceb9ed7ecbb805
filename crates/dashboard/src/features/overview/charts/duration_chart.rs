//! How long sessions took: a histogram with round bin edges (evenly spaced, or 1-2-5 steps
//! when a long tail would pile most sessions into one even bin), with the median and the
//! 95th percentile marked. Each bin links to the sessions table filtered to its half-open
//! `[min, max)` in milliseconds, the very bounds it was counted with.

use leptos::prelude::*;
use session_log::series::{nice_ticks, Bin, Histogram};

use super::frame::{self, ChartSvg, Plot, HEIGHT};
use super::labels::{compact, duration_edge};
use crate::i18n::format;
use crate::i18n::locale::{Lang, Locale};
use crate::route::{fragment, Filter, Route};

/// The histogram.
#[component]
pub fn DurationChart(histogram: Memo<Histogram>) -> impl IntoView {
    let locale = Locale::get();
    let description = move || {
        let lang = locale.lang();
        histogram.with(|h| describe(h, lang))
    };
    let bars = move || {
        let lang = locale.lang();
        histogram.with(|h| draw(h, lang))
    };
    view! {
        <figure class="card chart" data-testid="chart-durations" aria-labelledby="chart-durations-heading">
            <div class="chart-head">
                <h2 id="chart-durations-heading">{locale.words("Session durations", "会话时长分布")}</h2>
            </div>
            <p id="chart-durations-desc" class="chart-desc">{description}</p>
            <ChartSvg id="durations" height=HEIGHT>
                {bars}
            </ChartSvg>
        </figure>
    }
}

fn describe(histogram: &Histogram, lang: Lang) -> String {
    let (Some(p50), Some(p95)) = (histogram.p50, histogram.p95) else {
        return lang
            .pick(
                "No session with a duration has been read yet.",
                "尚未读取到记录了时长的会话。",
            )
            .to_owned();
    };
    let (p50, p95) = (format::seconds(p50, lang), format::seconds(p95, lang));
    let max = format::seconds(histogram.max.unwrap_or(0.0), lang);
    let scale = match (histogram.log_scale, lang) {
        (true, Lang::En) => " (bins grow 1, 2, 5, 10…: the tail is long)",
        (true, Lang::Zh) => "（区间按 1、2、5、10… 递增：长尾明显）",
        (false, _) => "",
    };
    match lang {
        Lang::En => format!(
            "{} sessions in {} bins{scale}; median {p50}, 95th percentile {p95}, longest {max}. \
             Each bin opens its sessions.",
            format::count(histogram.measured),
            histogram.bins.len()
        ),
        Lang::Zh => format!(
            "{} 个会话，分为 {} 个区间{scale}；中位数 {p50}，95 分位 {p95}，最长 {max}。\
             点击柱条可查看该区间的会话。",
            format::count(histogram.measured),
            histogram.bins.len()
        ),
    }
}

fn draw(histogram: &Histogram, lang: Lang) -> impl IntoView {
    let plot = Plot::COLUMNS;
    let max = histogram.bins.iter().map(|b| b.sessions).max().unwrap_or(0);
    let ticks = nice_ticks(max as f64, 4, true);
    let top = ticks.last().copied().unwrap_or(1.0);
    let axis = frame::value_axis(plot, &ticks, move |v| compact(v, lang));
    let n = histogram.bins.len();
    let band = plot.width() / n.max(1) as f64;
    let bars = histogram
        .bins
        .iter()
        .enumerate()
        .filter(|(_, bin)| bin.sessions > 0)
        .map(|(i, bin)| bar(plot, i, n, bin, top, lang))
        .collect_view();
    // Edges under the bars' sides: n + 1 of them, as many as fit.
    let edges = histogram
        .bins
        .iter()
        .map(|b| Some(b.min_ms))
        .chain(histogram.bins.last().map(|b| b.max_ms))
        .enumerate()
        .filter(|&(i, _)| frame::labelled(i, n + 1, 7))
        .map(|(i, edge)| {
            let text = edge.map_or_else(|| "∞".to_owned(), |ms| duration_edge(ms, lang));
            view! {
                <text class="tick-label" x=plot.left + band * i as f64 y=plot.bottom + 16.0 text-anchor="middle">
                    {text}
                </text>
            }
        })
        .collect_view();
    // The median's label sits left of its line and the 95th percentile's right of its own,
    // so the two do not cover each other; a label with no room on its side crosses over,
    // one line lower for the 95th percentile.
    const ROOM: f64 = 96.0;
    let marker = |seconds: Option<f64>, name: &'static str| {
        let at = histogram.position(seconds?)?;
        let x = plot.left + band * at;
        let text = format!("{name} {}", format::seconds(seconds?, lang));
        let (left_side, row) = match name {
            "p50" => (x - plot.left >= ROOM, 0.0),
            _ if plot.right - x >= ROOM => (false, 0.0),
            _ => (true, 14.0),
        };
        let (dx, anchor) = if left_side {
            (-4.0, "end")
        } else {
            (4.0, "start")
        };
        Some(view! {
            <g class=format!("marker marker-{name}") data-seconds=seconds?.to_string()>
                <line x1=x x2=x y1=plot.top - 4.0 y2=plot.bottom></line>
                <text x=x + dx y=plot.top - 8.0 + row text-anchor=anchor>{text}</text>
            </g>
        })
    };
    view! {
        <g>
            {axis}
            <g class="axis" aria-hidden="true">{edges}</g>
            <g class="bins">{bars}</g>
            {marker(histogram.p50, "p50")}
            {marker(histogram.p95, "p95")}
        </g>
    }
}

fn bar(plot: Plot, i: usize, n: usize, bin: &Bin, top: f64, lang: Lang) -> impl IntoView {
    let (x, width) = plot.band(i, n);
    let y = plot.y(bin.sessions as f64, top);
    let href = fragment(&Route::Sessions(Filter {
        min_ms: Some(bin.min_ms),
        max_ms: bin.max_ms,
        ..Filter::default()
    }));
    let from = duration_edge(bin.min_ms, lang);
    let sessions = format::counted(bin.sessions, lang, "session", "sessions", "个会话");
    let tip = match (bin.max_ms, lang) {
        (Some(max), Lang::En) => {
            format!("{from} to under {}: {sessions}", duration_edge(max, lang))
        }
        (Some(max), Lang::Zh) => format!("{from} 至不足 {}：{sessions}", duration_edge(max, lang)),
        (None, Lang::En) => format!("{from} or more: {sessions}"),
        (None, Lang::Zh) => format!("{from} 及以上：{sessions}"),
    };
    let label = tip.clone();
    view! {
           <g>
               <a
    tabindex="-1"
                   class="bar bin"
                   href=href
                   aria-label=label
                   data-min-ms=bin.min_ms
                   data-max-ms=bin.max_ms
                   data-value=bin.sessions
               >
                   <title>{tip}</title>
                   <rect x=x y=y width=width height=(plot.bottom - y).max(0.5)></rect>
               </a>
           </g>
       }
}
