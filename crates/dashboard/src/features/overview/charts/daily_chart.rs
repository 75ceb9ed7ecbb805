//! Logged cost or calls per day, stacked by model, with a toggle between the two. The seven
//! largest models get a colour each and the rest share "other". Each model's segment is a
//! link to the sessions table filtered to that day and model, so a click or Enter lists the
//! sessions behind it; "other" is no link, since no single filter lists its sessions.
//!
//! While a load reads, the chart is drawn again every second or so with new sessions spread
//! over most days, and hundreds of linked segments, each with its figures in words, took
//! longer to draw than the 50 ms that keeps the page answering. So until the load ends each
//! model is one outline of its segments (a path), and the links and their words are drawn
//! once, when it ends.

use leptos::prelude::*;
use session_log::series::{nice_ticks, stack, Daily, Measure, Series, Stacked, Tally};

use super::frame::{self, ChartSvg, Plot, HEIGHT};
use super::labels::{compact, series_class, series_name, short_day, usd_tick};
use super::legend::{legend, Key};
use crate::i18n::format;
use crate::i18n::locale::{Lang, Locale};
use crate::route::{fragment, Filter, Route};

/// Models with a colour of their own; the rest are "other".
pub const TOP_MODELS: usize = 7;

/// The stacked chart and its toggle.
#[component]
pub fn DailyChart(
    daily: Memo<Daily>,
    /// No load is reading: the segments are drawn as links.
    settled: Memo<bool>,
) -> impl IntoView {
    let locale = Locale::get();
    let measure = RwSignal::new(Measure::Cost);
    let stacked = Memo::new(move |_| daily.with(|d| stack(d, measure.get(), TOP_MODELS)));
    let toggle = move |which: Measure, en: &'static str, zh: &'static str| {
        view! {
            <button
                type="button"
                class="toggle"
                data-measure=match which {
                    Measure::Cost => "cost",
                    Measure::Calls => "calls",
                }
                aria-pressed=move || (measure.get() == which).to_string()
                on:click=move |_| measure.set(which)
            >
                {locale.words(en, zh)}
            </button>
        }
    };
    let heading = move || match measure.get() {
        Measure::Cost => locale.t("Cost per day", "每日费用"),
        Measure::Calls => locale.t("Calls per day", "每日调用次数"),
    };
    let description = move || {
        let lang = locale.lang();
        stacked.with(|s| describe(s, lang))
    };
    let bars = move || {
        let lang = locale.lang();
        match settled.get() {
            true => stacked.with(|s| draw(s, lang)).into_any(),
            false => stacked.with(|s| outline(s, lang)).into_any(),
        }
    };
    let keys = move || {
        let lang = locale.lang();
        let keys = stacked.with(|s| {
            s.series
                .iter()
                .enumerate()
                .map(|(i, series)| Key {
                    class: series_class(series, i),
                    name: series_name(series, lang),
                    detail: match series {
                        Series::Other(models) => Some(models.join(", ")),
                        Series::Model(_) => None,
                    },
                })
                .collect()
        });
        legend(lang.pick("Models", "模型"), keys)
    };
    view! {
        <figure class="card chart" data-testid="chart-daily" aria-labelledby="chart-daily-heading">
            <div class="chart-head">
                <h2 id="chart-daily-heading">{heading}</h2>
                <div class="toggles" role="group" aria-label=locale.words("Measure", "指标")>
                    {toggle(Measure::Cost, "Cost", "费用")}
                    {toggle(Measure::Calls, "Calls", "调用次数")}
                </div>
            </div>
            <p id="chart-daily-desc" class="chart-desc">{description}</p>
            <ChartSvg id="daily" height=HEIGHT>
                {bars}
            </ChartSvg>
            {keys}
        </figure>
    }
}

/// A day's figure in `measure`, for people.
fn shown(tally: Tally, measure: Measure, lang: Lang) -> String {
    match measure {
        Measure::Cost => format::usd(tally.cost_usd, lang),
        Measure::Calls => format::counted(tally.calls, lang, "call", "calls", "次调用"),
    }
}

fn describe(stacked: &Stacked, lang: Lang) -> String {
    let (Some(first), Some(last)) = (stacked.days.first(), stacked.days.last()) else {
        return lang
            .pick(
                "No session with a date has been read yet.",
                "尚未读取到带日期的会话。",
            )
            .to_owned();
    };
    let measure = stacked.measure;
    let peak = stacked
        .days
        .iter()
        .max_by(|a, b| a.total.get(measure).total_cmp(&b.total.get(measure)))
        .unwrap_or(first);
    let (from, to, top) = (
        format::date(first.date, lang),
        format::date(last.date, lang),
        format::date(peak.date, lang),
    );
    let n = stacked.days.len();
    let value = shown(peak.total, measure, lang);
    match lang {
        Lang::En => format!(
            "{} per day from {from} to {to} ({n} days), stacked by model; the highest day is \
             {top} with {value}. Each model's segment opens that day's sessions with that model.",
            match measure {
                Measure::Cost => "Logged cost",
                Measure::Calls => "Calls",
            }
        ),
        Lang::Zh => format!(
            "{from}至{to}（共 {n} 天）的每日{}，按模型堆叠；最高的一天是{top}，为{value}。\
             点击某个模型的色块，可查看当天用到该模型的会话。",
            match measure {
                Measure::Cost => "记录费用",
                Measure::Calls => "调用次数",
            }
        ),
    }
}

/// The value axis of `stacked`, and the value at its top.
fn axis(stacked: &Stacked, lang: Lang) -> (impl IntoView, f64) {
    let measure = stacked.measure;
    let ticks = nice_ticks(stacked.max_total, 4, measure == Measure::Calls);
    let step = ticks.get(1).copied().unwrap_or(1.0);
    let top = ticks.last().copied().unwrap_or(1.0);
    let axis = frame::value_axis(Plot::COLUMNS, &ticks, move |v| match measure {
        Measure::Cost => usd_tick(v, step, lang),
        Measure::Calls => compact(v, lang),
    });
    (axis, top)
}

fn draw(stacked: &Stacked, lang: Lang) -> impl IntoView {
    let plot = Plot::COLUMNS;
    let measure = stacked.measure;
    let (axis, top) = axis(stacked, lang);
    let n = stacked.days.len();
    let days = stacked
        .days
        .iter()
        .enumerate()
        .map(|(i, day)| {
            let (x, width) = plot.band(i, n);
            let date = day.date.to_string();
            let mut base = 0.0;
            let segments = day
                .segments
                .iter()
                .zip(&stacked.series)
                .enumerate()
                .filter(|(_, (tally, _))| tally.get(measure) > 0.0)
                .map(|(j, (&tally, series))| {
                    let value = tally.get(measure);
                    let (y, bottom) = (plot.y(base + value, top), plot.y(base, top));
                    base += value;
                    let tip = tip(day.date, series, tally, day.total, measure, lang);
                    let class = format!("segment {}", series_class(series, j));
                    let height = (bottom - y).max(0.5);
                    match series {
                        Series::Model(model) if !model.is_empty() => {
                            let href = fragment(&Route::Sessions(Filter {
                                model: Some(model.clone()),
                                from: Some(date.clone()),
                                to: Some(date.clone()),
                                ..Filter::default()
                            }));
                            linked_segment(
                                class,
                                href,
                                model.clone(),
                                value,
                                tip,
                                (x, y, width, height),
                            )
                            .into_any()
                        }
                        _ => view! {
                            <g class=format!("{class} other") data-value=value.to_string()>
                                <title>{tip}</title>
                                <rect x=x y=y width=width height=height></rect>
                            </g>
                        }
                        .into_any(),
                    }
                })
                .collect_view();
            let label = day_label(i, n, day.date, lang);
            view! {
                <g class="day" data-day=date data-value=day.total.get(measure).to_string()>
                    {segments}
                    {label}
                </g>
            }
        })
        .collect_view();
    view! { <g>{axis}{days}</g> }
}

/// The `i`th of `n` days' label below the axis, when it has room for one.
fn day_label(i: usize, n: usize, date: chrono::NaiveDate, lang: Lang) -> Option<impl IntoView> {
    frame::labelled(i, n, 8)
        .then(|| frame::category_label(Plot::COLUMNS, i, n, short_day(date, lang)))
}

/// A model's segment of a day: a link to that day's sessions with the model, named (and
/// its tooltip given) by its `title`. Built without `view!`, whose `a` is an SVG link only
/// inside an SVG element of the same macro: that took a `g` around every segment, a
/// quarter of the chart's elements, in the one task that draws them all.
fn linked_segment(
    class: String,
    href: String,
    model: String,
    value: f64,
    tip: String,
    (x, y, width, height): (f64, f64, f64, f64),
) -> impl IntoView {
    use leptos::tachys::html::attribute::custom::CustomAttribute;
    use leptos::tachys::html::element::ElementChild;
    use leptos::tachys::svg;
    svg::a()
        .attr("class", class)
        .attr("href", href)
        .attr("tabindex", "-1")
        .attr("data-model", model)
        .attr("data-value", value.to_string())
        .child(svg::title().child(tip))
        .child(view! { <rect x=x y=y width=width height=height></rect> })
}

/// The chart while a load reads: each series one path of its segments, with the axis and
/// the day labels as [`draw`] has them, and each day still a `g.day` with its figure.
fn outline(stacked: &Stacked, lang: Lang) -> impl IntoView {
    use std::fmt::Write;
    let plot = Plot::COLUMNS;
    let measure = stacked.measure;
    let (axis, top) = axis(stacked, lang);
    let n = stacked.days.len();
    let mut paths = vec![String::new(); stacked.series.len()];
    for (i, day) in stacked.days.iter().enumerate() {
        let (x, width) = plot.band(i, n);
        let mut base = 0.0;
        for (path, tally) in paths.iter_mut().zip(&day.segments) {
            let value = tally.get(measure);
            if value > 0.0 {
                let (y, bottom) = (plot.y(base + value, top), plot.y(base, top));
                base += value;
                let _ = write!(
                    path,
                    "M{x:.2} {y:.2}h{width:.2}V{:.2}H{x:.2}Z",
                    bottom.max(y + 0.5)
                );
            }
        }
    }
    let series = paths
        .into_iter()
        .zip(&stacked.series)
        .enumerate()
        .map(|(j, (d, series))| {
            let other = match series {
                Series::Other(_) => " other",
                Series::Model(_) => "",
            };
            let class = format!("segment {}{other}", series_class(series, j));
            view! { <path class=class d=d></path> }
        })
        .collect_view();
    let days = stacked
        .days
        .iter()
        .enumerate()
        .map(|(i, day)| {
            let label = day_label(i, n, day.date, lang);
            view! {
                <g class="day" data-day=day.date.to_string() data-value=day.total.get(measure).to_string()>
                    {label}
                </g>
            }
        })
        .collect_view();
    view! { <g>{axis}{series}{days}</g> }
}

/// `Jun 15, 2025 · gpt-4o: $0.40, 2 calls (1 failed); that day $0.52` and in Chinese.
fn tip(
    date: chrono::NaiveDate,
    series: &Series,
    tally: Tally,
    day: Tally,
    measure: Measure,
    lang: Lang,
) -> String {
    let name = match series {
        Series::Model(_) => series_name(series, lang),
        Series::Other(models) => format!("{} ({})", series_name(series, lang), models.join(", ")),
    };
    let date = format::date(date, lang);
    let cost = format::usd(tally.cost_usd, lang);
    let calls = format::counted(tally.calls, lang, "call", "calls", "次调用");
    let total = shown(day, measure, lang);
    match lang {
        Lang::En => {
            let failed = match tally.failed_calls {
                0 => String::new(),
                n => format!(" ({} failed)", format::count(n)),
            };
            format!("{date} · {name}: {cost}, {calls}{failed}; that day {total}")
        }
        Lang::Zh => {
            let failed = match tally.failed_calls {
                0 => String::new(),
                n => format!("（其中 {} 次失败）", format::count(n)),
            };
            format!("{date} · {name}：{cost}，{calls}{failed}；当天共 {total}")
        }
    }
}
