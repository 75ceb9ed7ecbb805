//! Virtual scrolling: which rows of a long table are in the DOM for a scroll position, so that
//! a table of 100,000 rows keeps a few hundred elements.

use std::ops::Range;

/// At most this many rows are in the DOM at once.
pub const MAX_DOM_ROWS: usize = 200;

/// The rows a viewport scrolled to `scroll_top` shows, plus `overscan` on each side, capped at
/// [`MAX_DOM_ROWS`]. Heights in CSS pixels; every row is `row_height` tall.
pub fn window(
    scroll_top: f64,
    viewport_height: f64,
    row_height: f64,
    rows: usize,
    overscan: usize,
) -> Range<usize> {
    if rows == 0 || row_height <= 0.0 {
        return 0..0;
    }
    let first = ((scroll_top.max(0.0) / row_height).floor() as usize).min(rows - 1);
    let visible = (viewport_height.max(0.0) / row_height).ceil() as usize + 1;
    let start = first.saturating_sub(overscan);
    let end = (first + visible + overscan)
        .min(rows)
        .min(start + MAX_DOM_ROWS);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_never_holds_more_than_200_rows() {
        assert_eq!(window(0.0, 600.0, 30.0, 100_000, 10), 0..31);
        assert_eq!(window(30_000.0, 600.0, 30.0, 100_000, 10), 990..1031);
        assert_eq!(window(1e9, 600.0, 30.0, 100_000, 10), 99_989..100_000);
        let huge = window(0.0, 1e6, 1.0, 100_000, 10);
        assert_eq!(huge.len(), MAX_DOM_ROWS);
        assert_eq!(window(0.0, 600.0, 30.0, 0, 10), 0..0);
        assert_eq!(window(-50.0, 600.0, 30.0, 5, 10), 0..5);
    }
}
