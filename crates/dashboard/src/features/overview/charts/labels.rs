//! Short texts for the charts' axes and legends, in the reader's language: a day without its
//! year, tick values as compact as their step allows, bin edges with a fitting unit, and the
//! name of a bar's model (or of the models folded into "other").

use chrono::{Datelike, NaiveDate};
use session_log::series::Series;

use crate::i18n::format;
use crate::i18n::locale::Lang;

/// `Jun 22` / `6月22日`, under a bar; the full date is in its tooltip.
pub fn short_day(day: NaiveDate, lang: Lang) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    match lang {
        Lang::En => format!("{} {}", MONTHS[day.month0() as usize], day.day()),
        Lang::Zh => format!("{}月{}日", day.month(), day.day()),
    }
}

/// `value` with at most one decimal, and none when it is whole.
fn short(value: f64) -> String {
    let text = format!("{value:.1}");
    text.strip_suffix(".0").map(str::to_owned).unwrap_or(text)
}

/// A large count for an axis: `1.5K`, `2.4M`, `3B`; in Chinese `1,500`, `240万`, `30亿`.
pub fn compact(value: f64, lang: Lang) -> String {
    let n = value.round();
    match lang {
        Lang::En if n >= 1e9 => format!("{}B", short(n / 1e9)),
        Lang::En if n >= 1e6 => format!("{}M", short(n / 1e6)),
        Lang::En if n >= 1e3 => format!("{}K", short(n / 1e3)),
        Lang::Zh if n >= 1e8 => format!("{}亿", short(n / 1e8)),
        Lang::Zh if n >= 1e4 => format!("{}万", short(n / 1e4)),
        _ => format::count(n as u64),
    }
}

/// A dollar tick with as many decimals as the step between ticks needs: `$0.05`, `$20`.
pub fn usd_tick(value: f64, step: f64, lang: Lang) -> String {
    let decimals = if step > 0.0 && step < 1.0 {
        (-step.log10().floor()) as usize
    } else {
        0
    };
    let symbol = lang.pick("$", "US$");
    if decimals == 0 {
        format!("{symbol}{}", format::count(value.round() as u64))
    } else {
        format!("{symbol}{value:.decimals$}")
    }
}

/// A share as `12.5%`.
pub fn percent(share: f64) -> String {
    format!("{}%", short(share * 100.0))
}

/// A bin edge, exactly: `500 ms`, `2.25 s`, `16 min 40 s`, `1 h 5 min` (Chinese units
/// without a space: `500毫秒`, `2.25秒`, `16分40秒`).
pub fn duration_edge(ms: u64, lang: Lang) -> String {
    let unit = |en: &'static str, zh: &'static str| lang.pick(en, zh);
    if ms == 0 {
        return "0".to_owned();
    }
    if ms < 1_000 {
        return format!("{ms}{}", unit(" ms", "毫秒"));
    }
    if ms < 60_000 {
        let text = format!("{:.3}", ms as f64 / 1e3);
        let text = text.trim_end_matches('0').trim_end_matches('.');
        return format!("{text}{}", unit(" s", "秒"));
    }
    let (h, m, s, rest) = (
        ms / 3_600_000,
        ms % 3_600_000 / 60_000,
        ms % 60_000 / 1_000,
        ms % 1_000,
    );
    let parts = [
        (h, unit(" h", "小时")),
        (m, unit(" min", "分")),
        (s, unit(" s", "秒")),
        (rest, unit(" ms", "毫秒")),
    ];
    let words: Vec<String> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, u)| format!("{n}{u}"))
        .collect();
    words.join(lang.pick(" ", ""))
}

/// A model's name as logged; `(no model)` for an empty one; "other" with its count.
pub fn series_name(series: &Series, lang: Lang) -> String {
    match series {
        Series::Model(name) if name.is_empty() => lang.pick("(no model)", "（无模型）").to_owned(),
        Series::Model(name) => name.clone(),
        Series::Other(models) => match lang {
            Lang::En => format!("Other ({} models)", models.len()),
            Lang::Zh => format!("其他（{} 个模型）", models.len()),
        },
    }
}

/// The CSS class of the `index`th series of a chart: `series-1` to `series-8`; "other"
/// always takes the last colour, so a model never wears it.
pub fn series_class(series: &Series, index: usize) -> String {
    match series {
        Series::Other(_) => "series-8".to_owned(),
        Series::Model(_) => format!("series-{}", index % 8 + 1),
    }
}

/// `name` cut to `max` characters with an ellipsis, for a label with little room.
pub fn clipped(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        name.to_owned()
    } else {
        let mut cut: String = name.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bin_edges_read_exactly_with_a_fitting_unit() {
        assert_eq!(duration_edge(0, Lang::En), "0");
        assert_eq!(duration_edge(500, Lang::En), "500 ms");
        assert_eq!(duration_edge(1_050, Lang::En), "1.05 s");
        assert_eq!(duration_edge(20_000, Lang::En), "20 s");
        assert_eq!(duration_edge(1_000_000, Lang::En), "16 min 40 s");
        assert_eq!(duration_edge(4_000_000, Lang::En), "1 h 6 min 40 s");
        assert_eq!(duration_edge(3_600_000, Lang::Zh), "1小时");
        assert_eq!(duration_edge(1_000_000, Lang::Zh), "16分40秒");
        assert_eq!(duration_edge(200, Lang::Zh), "200毫秒");
    }

    #[test]
    fn axis_numbers_are_short() {
        assert_eq!(compact(0.0, Lang::En), "0");
        assert_eq!(compact(500_000.0, Lang::En), "500K");
        assert_eq!(compact(1_500_000.0, Lang::En), "1.5M");
        assert_eq!(compact(500_000.0, Lang::Zh), "50万");
        assert_eq!(compact(3_000.0, Lang::Zh), "3,000");
        assert_eq!(usd_tick(0.5, 0.5, Lang::En), "$0.5");
        assert_eq!(usd_tick(0.15, 0.05, Lang::En), "$0.15");
        assert_eq!(usd_tick(1500.0, 500.0, Lang::Zh), "US$1,500");
        assert_eq!(percent(0.125), "12.5%");
        assert_eq!(percent(0.2), "20%");
    }

    #[test]
    fn names_fit_and_other_keeps_the_last_colour() {
        let other = Series::Other(vec!["a".into(), "b".into()]);
        assert_eq!(series_name(&other, Lang::En), "Other (2 models)");
        assert_eq!(series_name(&other, Lang::Zh), "其他（2 个模型）");
        assert_eq!(series_class(&other, 0), "series-8");
        assert_eq!(series_class(&Series::Model("m".into()), 2), "series-3");
        assert_eq!(clipped("gpt-4o", 26), "gpt-4o");
        assert_eq!(clipped("图纸识别模型-很长的名字", 5), "图纸识别…");
        let day = NaiveDate::from_ymd_opt(2025, 6, 5).unwrap();
        assert_eq!(short_day(day, Lang::En), "Jun 5");
        assert_eq!(short_day(day, Lang::Zh), "6月5日");
    }
}
