//! How the dashboard looks and how it is used without a mouse: both color themes meet WCAG
//! contrast (read straight from `web/styles.css`, so a color changed there is checked at
//! once), no style sheet hard-codes a color, a dark system setting turns the page dark, every
//! control has an accessible name, keyboard focus is visible, and Tab goes through the page
//! in the order it is seen.
//!
//! The browser tests use `dist/`: build the site first (`make site`), then
//! `cargo test -p logscope-e2e --test e2e dashboard_look::`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use fantoccini::key::Key;
use fantoccini::Client;
use logscope_e2e::browser::Options;
use logscope_e2e::bucket::sample;
use logscope_e2e::dashboard::{script, wait_until};
use logscope_e2e::rig::Rig;

/// WCAG 2.x AA: normal text.
const TEXT_CONTRAST: f64 = 4.5;
/// WCAG 2.x AA: graphics and the parts of controls (chart series, focus rings).
const GRAPHICS_CONTRAST: f64 = 3.0;

fn web_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../web")
}

/// `web/styles.css` without its comments.
fn styles() -> String {
    without_comments(&std::fs::read_to_string(web_dir().join("styles.css")).unwrap())
}

fn without_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find("*/")
            .map_or(rest.len(), |end| start + end + 2);
        // Line numbers stay right for the messages.
        out.extend(rest[start..end].chars().filter(|&c| c == '\n'));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The declarations of the first `:root { … }` block at or after `from`, and where it ends.
fn root_block(css: &str, from: usize) -> (BTreeMap<String, String>, usize) {
    let start = from + css[from..].find(":root {").expect(":root block") + ":root {".len();
    let end = start + css[start..].find('}').expect("end of :root block");
    let mut properties = BTreeMap::new();
    for declaration in css[start..end].split(';') {
        let declaration = declaration.trim();
        if let Some((name, value)) = declaration.split_once(':') {
            if let Some(name) = name.trim().strip_prefix("--") {
                properties.insert(name.to_owned(), value.trim().to_owned());
            }
        }
    }
    (properties, end)
}

/// The light theme's custom properties, the dark theme's (the light ones with the dark
/// overrides on top), and the style sheet with both blocks cut out.
fn themes() -> (BTreeMap<String, String>, BTreeMap<String, String>, String) {
    let css = styles();
    let (light, light_end) = root_block(&css, 0);
    let media = css
        .find("@media (prefers-color-scheme: dark)")
        .expect("a dark theme block");
    let (overrides, dark_end) = root_block(&css, media);
    let mut dark = light.clone();
    dark.extend(overrides);
    let block_start = css[..light_end].rfind(":root {").unwrap();
    // The media block closes one brace after its :root block.
    let media_end = dark_end + 1 + css[dark_end + 1..].find('}').unwrap() + 1;
    let rest = format!(
        "{}{}{}",
        &css[..block_start],
        &css[light_end + 1..media],
        &css[media_end..]
    );
    (light, dark, rest)
}

/// `#rgb` or `#rrggbb` as red, green, blue.
fn rgb(value: &str) -> [u8; 3] {
    let hex = value
        .strip_prefix('#')
        .unwrap_or_else(|| panic!("not a hex color: {value}"));
    let hex: String = match hex.len() {
        3 => hex.chars().flat_map(|c| [c, c]).collect(),
        6 => hex.to_owned(),
        _ => panic!("not a hex color: {value}"),
    };
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap();
    [channel(0), channel(2), channel(4)]
}

fn luminance([r, g, b]: [u8; 3]) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// The WCAG contrast ratio of two colors, 1 to 21.
fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[test]
fn the_contrast_formula_matches_wcag() {
    assert!((contrast(rgb("#000"), rgb("#fff")) - 21.0).abs() < 1e-9);
    assert!((contrast(rgb("#777777"), rgb("#ffffff")) - 4.48).abs() < 0.01);
    assert_eq!(contrast(rgb("#2557d6"), rgb("#2557d6")), 1.0);
}

#[test]
fn every_text_and_background_pair_meets_wcag_contrast_in_both_themes() {
    // Text on the backgrounds it is shown on, as the style sheets pair them.
    let text_pairs = [
        ("text", "bg"),
        ("text", "surface"),
        ("text", "row-hover"),
        ("text", "error-bg"),
        ("text", "warn-bg"),
        ("text", "ok-bg"),
        ("muted", "bg"),
        ("muted", "surface"),
        ("muted", "row-hover"),
        ("muted", "error-bg"),
        ("accent", "bg"),
        ("accent", "surface"),
        ("on-accent", "accent"),
        ("on-accent", "accent-hover"),
        ("error-text", "error-bg"),
        ("error-text", "surface"),
        ("ok-text", "ok-bg"),
        ("warn-text", "warn-bg"),
    ];
    let mut graphics_pairs = vec![("focus", "surface"), ("focus", "bg")];
    let series: Vec<String> = (1..=8).map(|i| format!("series-{i}")).collect();
    graphics_pairs.extend(series.iter().map(|s| (s.as_str(), "surface")));

    let (light, dark, _) = themes();
    let mut failures = Vec::new();
    for (theme, properties) in [("light", &light), ("dark", &dark)] {
        let color = |name: &str| {
            rgb(properties
                .get(name)
                .unwrap_or_else(|| panic!("{theme} theme has no --{name}")))
        };
        for (pairs, least) in [
            (&text_pairs[..], TEXT_CONTRAST),
            (&graphics_pairs[..], GRAPHICS_CONTRAST),
        ] {
            for (fg, bg) in pairs {
                let ratio = contrast(color(fg), color(bg));
                if ratio < least {
                    failures.push(format!(
                        "{theme}: --{fg} on --{bg} is {ratio:.2}:1 < {least}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_color_is_a_theme_variable_that_both_themes_define() {
    let (light, dark, rest) = themes();
    let css_files: Vec<PathBuf> = std::fs::read_dir(web_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "css"))
        .collect();
    assert!(!css_files.is_empty());
    let mut problems = Vec::new();

    // The dark block overrides every color the light one sets.
    let css = styles();
    let media = css.find("@media (prefers-color-scheme: dark)").unwrap();
    let (overrides, _) = root_block(&css, media);
    for (name, value) in &light {
        let is_color = value.starts_with('#') || value.starts_with("rgb");
        if is_color && !overrides.contains_key(name) {
            problems.push(format!("--{name} has no dark value"));
        }
    }
    assert_eq!(
        light.keys().collect::<Vec<_>>(),
        dark.keys().collect::<Vec<_>>()
    );

    for path in &css_files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = if name == "styles.css" {
            rest.clone()
        } else {
            without_comments(&std::fs::read_to_string(path).unwrap())
        };
        for (number, line) in text.lines().enumerate() {
            let code = line;
            let hard_coded = code.contains("rgb(")
                || code.contains("rgba(")
                || code.contains("hsl(")
                || code
                    .split(|c: char| !(c.is_ascii_alphanumeric() || c == '#' || c == '-'))
                    .any(|word| {
                        matches!(word, "white" | "black")
                            || (word.starts_with('#')
                                && (4..=9).contains(&word.len())
                                && word[1..].chars().all(|c| c.is_ascii_hexdigit()))
                    });
            if hard_coded {
                problems.push(format!(
                    "{name}:{}: a hard-coded color: {}",
                    number + 1,
                    line.trim()
                ));
            }
            for used in code.split("var(--").skip(1) {
                let used: String = used
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                if !light.contains_key(&used) {
                    problems.push(format!("{name}:{}: --{used} is not defined", number + 1));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The controls on the page that have no accessible name: no label, `aria-label`,
/// `aria-labelledby` or text.
async fn unnamed_controls(client: &Client) -> Vec<String> {
    let found = script(
        client,
        r#"
        const text = el => (el ? el.textContent : '').trim();
        const named = el => {
            if ((el.getAttribute('aria-label') || '').trim()) return true;
            const by = el.getAttribute('aria-labelledby');
            if (by && by.split(/\s+/).some(id => text(document.getElementById(id)))) return true;
            if (el.labels && [...el.labels].some(l => text(l))) return true;
            if (el.tagName === 'BUTTON' && text(el)) return true;
            if ((el.getAttribute('title') || '').trim()) return true;
            return false;
        };
        return [...document.querySelectorAll('input, select, textarea, button')]
            .filter(el => el.type !== 'hidden' && !named(el))
            .map(el => el.outerHTML.slice(0, 160));
        "#,
    )
    .await;
    serde_json::from_value(found).unwrap()
}

/// From the top of the page, presses Tab until `last` has focus (at most `limit` times),
/// and returns what had focus
/// after each press: its `data-testid`, else its `id`, else its tag and text; with any that
/// showed no focus indicator (an outline or shadow, or a stroke in `--focus` in SVG).
async fn tab_until(client: &Client, last: &str, limit: usize) -> (Vec<String>, Vec<String>) {
    // Tab starts from the top of the page: from a focused marker before everything, which
    // goes once focus has left it.
    script(
        client,
        "const start = document.createElement('span');\
         start.tabIndex = -1;\
         document.body.prepend(start);\
         start.focus();\
         start.addEventListener('blur', () => start.remove());\
         return 0;",
    )
    .await;
    let mut order = Vec::new();
    let mut unseen = Vec::new();
    for _ in 0..limit {
        client
            .active_element()
            .await
            .unwrap()
            .send_keys(&String::from(char::from(Key::Tab)))
            .await
            .unwrap();
        let focused = script(
            client,
            r#"
            const el = document.activeElement;
            const name = el.dataset.testid || el.id
                || (el.tagName.toLowerCase() + ':' + el.textContent.trim().slice(0, 30));
            const probe = document.createElement('span');
            probe.style.color = 'var(--focus)';
            document.body.append(probe);
            const focusColor = getComputedStyle(probe).color;
            probe.remove();
            // An outline or a shadow, or (in SVG) a stroke in the focus color on the
            // element or inside it.
            const shows = node => {
                const style = getComputedStyle(node);
                return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
                    || (style.boxShadow && style.boxShadow !== 'none')
                    || (style.stroke === focusColor && parseFloat(style.strokeWidth) > 0);
            };
            return [name, shows(el) || [...el.querySelectorAll('*')].some(shows)];
            "#,
        )
        .await;
        let name = focused[0].as_str().unwrap().to_owned();
        if !focused[1].as_bool().unwrap() {
            unseen.push(name.clone());
        }
        let done = name == last;
        order.push(name);
        if done {
            break;
        }
    }
    (order, unseen)
}

fn position(order: &[String], name: &str) -> usize {
    order
        .iter()
        .position(|n| n == name)
        .unwrap_or_else(|| panic!("{name} never had focus: {order:?}"))
}

#[tokio::test]
async fn controls_are_named_focus_is_visible_and_tab_follows_the_page() {
    let rig = Rig::start(sample(), Options::default()).await;
    let client = rig.client();

    // Before connecting: the skip link, the header's pickers, then the form, in order.
    let unnamed = unnamed_controls(client).await;
    assert!(unnamed.is_empty(), "controls without a name: {unnamed:#?}");
    let (order, unseen) = tab_until(client, "connect", 40).await;
    let expected = [
        "a:Skip to main content",
        "lang-switch",
        "zone-select",
        "endpoint",
        "bucket",
        "region",
        "prefix",
        "max-object-mb",
        "lanes",
        "access-key",
        "secret-key",
        "session-token",
        "remember",
        "connect",
    ];
    assert_eq!(order, expected);
    assert!(unseen.is_empty(), "focus not visible on {unseen:?}");

    // The skip link moves focus past the header, into the main content.
    let (order, _) = tab_until(client, "a:Skip to main content", 1).await;
    assert_eq!(order, ["a:Skip to main content"]);
    client
        .active_element()
        .await
        .unwrap()
        .send_keys(&String::from(char::from(Key::Enter)))
        .await
        .unwrap();
    let focused = script(client, "return document.activeElement.id;").await;
    assert_eq!(focused, "main-content");

    // Connected: the dashboard is above the form on screen, and comes before it for Tab
    // too; every view's controls are named.
    rig.connect().await;
    for view in ["#/", "#/sessions", "#/costs", "#/diagnostics"] {
        script(client, &format!("location.hash = '{view}'; return 0;")).await;
        wait_until(
            client,
            "the view's tab is current",
            &format!("document.querySelector('.tabs a[aria-current=page]')?.getAttribute('href')?.startsWith('{}')", view.trim_end_matches('/')),
        )
        .await;
        let unnamed = unnamed_controls(client).await;
        assert!(
            unnamed.is_empty(),
            "{view}: controls without a name: {unnamed:#?}"
        );
    }
    script(client, "location.hash = '#/'; return 0;").await;
    let (order, unseen) = tab_until(client, "endpoint", 400).await;
    let skip = position(&order, "a:Skip to main content");
    let lang = position(&order, "lang-switch");
    let zone = position(&order, "zone-select");
    let overview_tab = order
        .iter()
        .position(|n| n == "a:Overview")
        .unwrap_or_else(|| panic!("the Overview tab never had focus: {order:?}"));
    let endpoint = position(&order, "endpoint");
    assert!(
        skip < lang && lang < zone && zone < overview_tab && overview_tab < endpoint,
        "{order:?}"
    );
    assert!(unseen.is_empty(), "focus not visible on {unseen:?}");

    rig.browser.close().await.unwrap();
}

/// `rgb(15, 20, 25)`, as `getComputedStyle` writes a color.
fn css_rgb(hex: &str) -> String {
    let [r, g, b] = rgb(hex);
    format!("rgb({r}, {g}, {b})")
}

async fn page_colors(client: &Client) -> (bool, String, String) {
    let found = script(
        client,
        "const style = getComputedStyle(document.body);\
         return [matchMedia('(prefers-color-scheme: dark)').matches, style.backgroundColor, style.color];",
    )
    .await;
    (
        found[0].as_bool().unwrap(),
        found[1].as_str().unwrap().to_owned(),
        found[2].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn a_dark_system_theme_turns_the_page_dark_and_a_light_one_keeps_it_light() {
    let (light, dark, _) = themes();

    let rig = Rig::start(sample(), Options::default()).await;
    let (is_dark, background, text) = page_colors(rig.client()).await;
    assert!(!is_dark, "this browser was not asked for a dark theme");
    assert_eq!(background, css_rgb(&light["bg"]));
    assert_eq!(text, css_rgb(&light["text"]));
    rig.browser.close().await.unwrap();

    let rig = Rig::start(
        sample(),
        Options {
            args: vec![
                "--force-dark-mode".to_owned(),
                "--blink-settings=preferredColorScheme=0".to_owned(),
            ],
            ..Options::default()
        },
    )
    .await;
    let client = rig.client();
    let (is_dark, background, text) = page_colors(client).await;
    assert!(is_dark, "Chromium did not report a dark preference");
    assert_eq!(background, css_rgb(&dark["bg"]));
    assert_eq!(text, css_rgb(&dark["text"]));
    // Cards and form fields too, not only the page behind them.
    let card = script(
        client,
        "return getComputedStyle(document.querySelector('.card.connect')).backgroundColor;",
    )
    .await;
    assert_eq!(card, css_rgb(&dark["surface"]));
    rig.browser.close().await.unwrap();
}
