//! The geometry every chart shares: one SVG coordinate space (the SVG scales to its card),
//! the plot area inside it, bands for bars along x, and the value axis with its gridlines.

use leptos::prelude::*;

/// The SVG's coordinate space; it is drawn at the card's width, keeping this shape.
pub const WIDTH: f64 = 640.0;
pub const HEIGHT: f64 = 260.0;

/// The plot area inside the SVG; the rest holds the axes' labels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plot {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

impl Plot {
    /// Room for value labels on the left and category labels below.
    pub const COLUMNS: Plot = Plot {
        left: 64.0,
        right: WIDTH - 12.0,
        top: 22.0,
        bottom: HEIGHT - 34.0,
    };

    pub fn width(&self) -> f64 {
        self.right - self.left
    }

    pub fn height(&self) -> f64 {
        self.bottom - self.top
    }

    /// The `i`th of `n` equal bands along x: its left edge and the width of its bar, with a
    /// gap between bars that thin bars give up first.
    pub fn band(&self, i: usize, n: usize) -> (f64, f64) {
        let band = self.width() / n.max(1) as f64;
        let gap = (band * 0.2).min(8.0);
        let gap = if band - gap < 2.0 { 0.0 } else { gap };
        (self.left + band * i as f64 + gap / 2.0, band - gap)
    }

    /// The centre of the `i`th of `n` bands.
    pub fn band_centre(&self, i: usize, n: usize) -> f64 {
        self.left + self.width() / n.max(1) as f64 * (i as f64 + 0.5)
    }

    /// The y of `value` on an axis from 0 (bottom) to `top_value` (top).
    pub fn y(&self, value: f64, top_value: f64) -> f64 {
        if top_value <= 0.0 {
            return self.bottom;
        }
        self.bottom - (value / top_value).clamp(0.0, 1.0) * self.height()
    }
}

/// A chart's drawing, `WIDTH` wide and `height` high: one tab stop, named by the chart's
/// heading and described by its description (`chart-{id}-heading`, `chart-{id}-desc`).
#[component]
pub fn ChartSvg(
    id: &'static str,
    #[prop(into)] height: Signal<f64>,
    children: Children,
) -> impl IntoView {
    view! {
        <svg
            class="chart-svg"
            tabindex="0"
            on:keydown=on_chart_keys
            aria-keyshortcuts="ArrowLeft ArrowRight Home End"
            viewBox=move || format!("0 0 {WIDTH} {}", height.get())
            role="group"
            aria-labelledby=format!("chart-{id}-heading")
            aria-describedby=format!("chart-{id}-desc")
        >
            {children()}
        </svg>
    }
}

/// Keys inside a chart. A chart holds hundreds of linked bars; were each a tab stop, a
/// keyboard user would tab through all of them to get past it. So the chart is one tab stop
/// and the arrow keys (Home, End) move between its bars, which Enter opens like any link.
pub fn on_chart_keys(event: web_sys::KeyboardEvent) {
    use wasm_bindgen::JsCast;
    let step: isize = match event.key().as_str() {
        "ArrowRight" | "ArrowDown" => 1,
        "ArrowLeft" | "ArrowUp" => -1,
        "Home" => isize::MIN,
        "End" => isize::MAX,
        _ => return,
    };
    let Some(chart) = event
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let Ok(links) = chart.query_selector_all("a") else {
        return;
    };
    let count = links.length() as isize;
    if count == 0 {
        return;
    }
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    let current = (0..count).find(|&i| {
        let link = links.item(i as u32);
        link.is_some() && active.as_ref().map(|a| a as &web_sys::Node) == link.as_ref()
    });
    let next = match (step, current) {
        (isize::MIN, _) => 0,
        (isize::MAX, _) => count - 1,
        // From the chart itself, either arrow enters at the first bar.
        (_, None) => 0,
        (step, Some(i)) => (i + step).clamp(0, count - 1),
    };
    if let Some(link) = links
        .item(next as u32)
        .and_then(|n| n.dyn_into::<web_sys::SvgElement>().ok())
    {
        let _ = link.focus();
    }
    event.prevent_default();
}

/// Which of `n` categories get a label below the axis: all when they fit, else every k-th
/// so that about `room` do.
pub fn labelled(i: usize, n: usize, room: usize) -> bool {
    let every = n.div_ceil(room.max(1)).max(1);
    i.is_multiple_of(every)
}

/// Horizontal gridlines at `ticks` (from 0 up; the last is the axis's top) labelled by
/// `label`, and the baseline.
pub fn value_axis(plot: Plot, ticks: &[f64], label: impl Fn(f64) -> String) -> impl IntoView {
    let top = ticks.last().copied().unwrap_or(1.0);
    let lines = ticks
        .iter()
        .map(|&tick| {
            let y = plot.y(tick, top);
            view! {
                <g class="tick">
                    <line class="grid" x1=plot.left x2=plot.right y1=y y2=y></line>
                    <text class="tick-label" x=plot.left - 6.0 y=y text-anchor="end" dominant-baseline="middle">
                        {label(tick)}
                    </text>
                </g>
            }
        })
        .collect_view();
    view! {
        <g class="axis value-axis" aria-hidden="true">
            {lines}
            <line class="baseline" x1=plot.left x2=plot.right y1=plot.bottom y2=plot.bottom></line>
        </g>
    }
}

/// A label under the `i`th of `n` bands.
pub fn category_label(plot: Plot, i: usize, n: usize, text: String) -> impl IntoView {
    view! {
        <g class="axis" aria-hidden="true">
            <text class="tick-label" x=plot.band_centre(i, n) y=plot.bottom + 16.0 text-anchor="middle">
                {text}
            </text>
        </g>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_tile_the_plot_and_values_map_onto_it() {
        let plot = Plot::COLUMNS;
        let (x, width) = plot.band(0, 4);
        // 564 / 4 = 141 per band, an 8-unit gap split on both sides.
        assert_eq!((x, width), (plot.left + 4.0, 133.0));
        assert_eq!(plot.band_centre(3, 4), plot.left + 141.0 * 3.5);
        // 600 bands of 0.94 units: no gap left.
        assert_eq!(plot.band(1, 600).1, plot.width() / 600.0);
        assert_eq!(plot.y(0.0, 10.0), plot.bottom);
        assert_eq!(plot.y(10.0, 10.0), plot.top);
        assert_eq!(plot.y(20.0, 10.0), plot.top, "clamped");
        assert_eq!(plot.y(5.0, 0.0), plot.bottom);
    }

    #[test]
    fn crowded_categories_are_labelled_every_few() {
        let shown = |n| (0..n).filter(|&i| labelled(i, n, 8)).count();
        assert_eq!(shown(5), 5);
        assert_eq!(shown(8), 8);
        assert_eq!(shown(57), 8);
        assert_eq!(shown(367), 8);
    }
}
