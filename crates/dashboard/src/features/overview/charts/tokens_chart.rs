//! Tokens per model as horizontal bars, prompt and completion side by side, the largest
//! model on top. Each model's bar links to the sessions that called it; "other" does not.

use leptos::prelude::*;
use session_log::series::{nice_ticks, ModelTokens, Series};

use super::frame::{ChartSvg, WIDTH};
use super::labels::{clipped, compact, series_name};
use super::legend::{legend, Key};
use crate::i18n::format;
use crate::i18n::locale::{Lang, Locale};
use crate::route::{fragment, Filter, Route};

/// Layout: names on the left, ticks below, one row per model.
const LEFT: f64 = 190.0;
const RIGHT: f64 = WIDTH - 16.0;
const TOP: f64 = 8.0;
const ROW: f64 = 28.0;
const AXIS: f64 = 28.0;
/// Characters of a model name that fit left of the bars.
const NAME_CHARS: usize = 26;

/// The tokens chart.
#[component]
pub fn TokensChart(tokens: Memo<Vec<ModelTokens>>) -> impl IntoView {
    let locale = Locale::get();
    let height = move || TOP + tokens.with(Vec::len).max(1) as f64 * ROW + AXIS;
    let description = move || {
        let lang = locale.lang();
        tokens.with(|t| describe(t, lang))
    };
    let bars = move || {
        let lang = locale.lang();
        tokens.with(|t| draw(t, lang))
    };
    let keys = move || {
        let lang = locale.lang();
        legend(
            lang.pick("Token kinds", "token 类型"),
            vec![
                Key {
                    class: "series-1".to_owned(),
                    name: lang.pick("Prompt (input)", "输入（提示词）").to_owned(),
                    detail: None,
                },
                Key {
                    class: "series-2".to_owned(),
                    name: lang.pick("Completion (output)", "输出（生成）").to_owned(),
                    detail: None,
                },
            ],
        )
    };
    view! {
        <figure class="card chart" data-testid="chart-tokens" aria-labelledby="chart-tokens-heading">
            <div class="chart-head">
                <h2 id="chart-tokens-heading">{locale.words("Tokens by model", "各模型 token 用量")}</h2>
            </div>
            <p id="chart-tokens-desc" class="chart-desc">{description}</p>
            <ChartSvg id="tokens" height=Signal::derive(height)>
                {bars}
            </ChartSvg>
            {keys}
        </figure>
    }
}

fn describe(tokens: &[ModelTokens], lang: Lang) -> String {
    let Some(first) = tokens.first() else {
        return lang
            .pick(
                "No call with tokens has been read yet.",
                "尚未读取到使用 token 的调用。",
            )
            .to_owned();
    };
    let total = tokens.iter().fold(0u64, |n, t| n.saturating_add(t.total()));
    let (all, most) = (format::count(total), format::count(first.total()));
    let name = series_name(&first.series, lang);
    match lang {
        Lang::En => format!(
            "{all} tokens over {} bars; the most go to {name} with {most}. Each model's bar \
             opens the sessions that called it.",
            tokens.len()
        ),
        Lang::Zh => format!(
            "共 {all} 个 token，分为 {} 个柱条；用量最多的是 {name}，为 {most}。点击某个模型的\
             柱条，可查看调用过它的会话。",
            tokens.len()
        ),
    }
}

fn draw(tokens: &[ModelTokens], lang: Lang) -> impl IntoView {
    let bottom = TOP + tokens.len().max(1) as f64 * ROW;
    let max = tokens.iter().map(ModelTokens::total).max().unwrap_or(0);
    let ticks = nice_ticks(max as f64, 4, true);
    let top = ticks.last().copied().unwrap_or(1.0);
    let x = move |value: f64| LEFT + (value / top).clamp(0.0, 1.0) * (RIGHT - LEFT);
    let grid = ticks
        .iter()
        .map(|&tick| {
            let at = x(tick);
            view! {
                <g class="tick">
                    <line class="grid" x1=at x2=at y1=TOP y2=bottom></line>
                    <text class="tick-label" x=at y=bottom + 16.0 text-anchor="middle">
                        {compact(tick, lang)}
                    </text>
                </g>
            }
        })
        .collect_view();
    let rows = tokens
        .iter()
        .enumerate()
        .map(|(i, model)| {
            let y = TOP + i as f64 * ROW + ROW * 0.15;
            let height = ROW * 0.7;
            let prompt_end = x(model.prompt_tokens as f64);
            let end = x(model.total() as f64);
            let name = series_name(&model.series, lang);
            let tip = tip(model, &name, lang);
            let shapes = view! {
                <rect class="series-1" x=LEFT y=y width=(prompt_end - LEFT).max(0.0) height=height></rect>
                <rect class="series-2" x=prompt_end y=y width=(end - prompt_end).max(0.0) height=height></rect>
            };
            let bar = match &model.series {
                Series::Model(m) if !m.is_empty() => {
                    let href = fragment(&Route::Sessions(Filter {
                        model: Some(m.clone()),
                        ..Filter::default()
                    }));
                    let label = tip.clone();
                    view! {
                        <g>
                            <a tabindex="-1" class="bar tokens" href=href aria-label=label data-model=m.clone() data-value=model.total()>
                                <title>{tip}</title>
                                {shapes}
                            </a>
                        </g>
                    }
                    .into_any()
                }
                _ => view! {
                    <g class="bar tokens other" data-value=model.total()>
                        <title>{tip}</title>
                        {shapes}
                    </g>
                }
                .into_any(),
            };
            view! {
                <g class="model-row">
                    <text class="row-label" x=LEFT - 8.0 y=y + height / 2.0 text-anchor="end" dominant-baseline="middle">
                        {clipped(&name, NAME_CHARS)}
                    </text>
                    {bar}
                </g>
            }
        })
        .collect_view();
    view! {
        <g>
            <g class="axis" aria-hidden="true">
                {grid}
                <line class="baseline" x1=LEFT x2=LEFT y1=TOP y2=bottom></line>
            </g>
            {rows}
        </g>
    }
}

/// `gpt-4o: 1,234 tokens (1,000 prompt, 234 completion) over 12 calls`, and in Chinese.
fn tip(model: &ModelTokens, name: &str, lang: Lang) -> String {
    let name = match &model.series {
        Series::Other(models) => format!("{name} ({})", models.join(", ")),
        Series::Model(_) => name.to_owned(),
    };
    let (total, prompt, completion) = (
        format::count(model.total()),
        format::count(model.prompt_tokens),
        format::count(model.completion_tokens),
    );
    let calls = format::counted(model.calls, lang, "call", "calls", "次调用");
    match lang {
        Lang::En => format!(
            "{name}: {total} tokens ({prompt} prompt, {completion} completion) over {calls}"
        ),
        Lang::Zh => {
            format!("{name}：共 {total} 个 token（输入 {prompt}，输出 {completion}），{calls}")
        }
    }
}
