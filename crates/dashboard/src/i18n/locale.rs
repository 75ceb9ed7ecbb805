//! The reader's language and time zone. Every string on the page is written in both English
//! and Chinese where it is used (`locale.t("Sessions", "会话")`), so a string cannot be added
//! in one language only, and no catalogue drifts away from the code that shows it.
//!
//! The language follows the browser (any `zh*` in `navigator.languages` before an `en*` means
//! Chinese) until the user picks one; the pick and the time zone are kept in localStorage,
//! since neither is a secret. The log's timestamps are naive (the writer's wall clock, no
//! zone): the chosen zone is the one they are read in, and instants that do carry a zone (the
//! time in an object's key, share-link expiry) are shown in that same zone, so that one page
//! never mixes two clocks. The zone is a fixed offset; the browser's own is the default.

use leptos::prelude::*;

use crate::io::storage::{self, Kept};

/// The project's one language type, shared with `logscope doctor` and the diagnostics
/// words, so that the page and the crates it shows words from can never disagree on it.
pub use doctor::Lang;

/// The zone naive log timestamps are read in, and every time on the page is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Zone {
    /// The browser's zone, at its current offset.
    #[default]
    Browser,
    /// A fixed offset, in minutes east of UTC (UTC+08:00 is 480).
    Fixed(i32),
}

impl Zone {
    /// The offsets the selector offers: every zone in use today, from UTC−12:00 to UTC+14:00.
    pub const OFFSETS: [i32; 38] = [
        -720, -660, -600, -570, -540, -480, -420, -360, -300, -240, -210, -180, -120, -60, 0, 60,
        120, 180, 210, 240, 270, 300, 330, 345, 360, 390, 420, 480, 525, 540, 570, 600, 630, 660,
        720, 765, 780, 840,
    ];

    /// The offset in minutes east of UTC; `browser` is the browser's current one.
    pub fn minutes(self, browser: i32) -> i32 {
        match self {
            Zone::Browser => browser,
            Zone::Fixed(minutes) => minutes,
        }
    }

    /// How the zone is kept in storage and in the selector's `value`.
    pub fn code(self) -> String {
        match self {
            Zone::Browser => "browser".to_owned(),
            Zone::Fixed(minutes) => minutes.to_string(),
        }
    }

    /// The reverse of [`Zone::code`]; anything else (or an offset no zone has) is `None`.
    pub fn from_code(code: &str) -> Option<Self> {
        if code == "browser" {
            return Some(Zone::Browser);
        }
        let minutes: i32 = code.parse().ok()?;
        Self::OFFSETS
            .contains(&minutes)
            .then_some(Zone::Fixed(minutes))
    }
}

/// `UTC+08:00`, `UTC−03:30`, `UTC` for an offset in minutes east of UTC.
pub fn offset_label(minutes: i32) -> String {
    if minutes == 0 {
        return "UTC".to_owned();
    }
    // U+2212 MINUS SIGN, as typeset offsets use, not a hyphen.
    let sign = if minutes < 0 { '\u{2212}' } else { '+' };
    let m = minutes.unsigned_abs();
    format!("UTC{sign}{:02}:{:02}", m / 60, m % 60)
}

/// The reader's language and zone, shared by every view through Leptos context.
#[derive(Debug, Clone, Copy)]
pub struct Locale {
    lang: RwSignal<Lang>,
    zone: RwSignal<Zone>,
    browser_offset: i32,
    /// Read when the reader comes to the zone picker: the first `Intl.DateTimeFormat` loads
    /// the browser's time-zone data, one task of about 50 ms, which neither the page's start
    /// nor its first idle moment (a load may be running) should take.
    browser_zone_name: RwSignal<Option<String>>,
}

const LANG_KEY: &str = "logscope.lang";
const ZONE_KEY: &str = "logscope.zone";

impl Locale {
    /// Reads the kept choices (else the browser's), provides the locale to every component
    /// below, and keeps `<html lang>` in step so that screen readers pronounce the page right.
    pub fn provide() -> Self {
        let lang = stored(LANG_KEY)
            .and_then(|tag| Lang::from_tag(&tag))
            .unwrap_or_else(browser_lang);
        let zone = stored(ZONE_KEY)
            .and_then(|code| Zone::from_code(&code))
            .unwrap_or_default();
        let locale = Self {
            lang: RwSignal::new(lang),
            zone: RwSignal::new(zone),
            browser_offset: browser_offset(),
            browser_zone_name: RwSignal::new(None),
        };
        Effect::new(move |_| {
            let tag = locale.lang.get().tag();
            if let Some(root) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
            {
                let _ = root.set_attribute("lang", tag);
            }
        });
        provide_context(locale);
        locale
    }

    /// The locale provided by [`Locale::provide`].
    pub fn get() -> Self {
        expect_context::<Self>()
    }

    /// The language (tracked: a closure that reads it re-runs when it changes).
    pub fn lang(self) -> Lang {
        self.lang.get()
    }

    /// The language, untracked.
    pub fn lang_untracked(self) -> Lang {
        self.lang.get_untracked()
    }

    /// `en` or `zh` in the current language (tracked).
    pub fn t(self, en: &'static str, zh: &'static str) -> &'static str {
        self.lang().pick(en, zh)
    }

    /// `en` or `zh` as a view child or attribute value that follows the language. Every
    /// call site shares this one closure type, so the view code that renders and updates a
    /// word is generated once rather than once per site.
    pub fn words(
        self,
        en: &'static str,
        zh: &'static str,
    ) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || self.t(en, zh)
    }

    /// `en` or `zh` as a signal that follows the language, for components that take their
    /// text as a prop (`label=locale.text("Bucket", "存储桶")`).
    pub fn text(self, en: &'static str, zh: &'static str) -> Signal<&'static str> {
        Signal::derive(move || self.t(en, zh))
    }

    /// Switches the language and keeps the choice.
    pub fn set_lang(self, lang: Lang) {
        keep(LANG_KEY, lang.tag());
        self.lang.set(lang);
    }

    /// The chosen zone (tracked).
    pub fn zone(self) -> Zone {
        self.zone.get()
    }

    /// Switches the zone and keeps the choice.
    pub fn set_zone(self, zone: Zone) {
        keep(ZONE_KEY, &zone.code());
        self.zone.set(zone);
    }

    /// The chosen zone's offset in minutes east of UTC (tracked).
    pub fn offset_minutes(self) -> i32 {
        self.zone().minutes(self.browser_offset)
    }

    /// The chosen zone as `UTC+08:00` (tracked).
    pub fn zone_label(self) -> String {
        offset_label(self.offset_minutes())
    }

    /// The browser's current offset in minutes east of UTC.
    pub fn browser_offset(self) -> i32 {
        self.browser_offset
    }

    /// The browser's zone name (`Asia/Shanghai`), when it tells and once
    /// [`Locale::learn_browser_zone_name`] read it (tracked).
    pub fn browser_zone_name(self) -> Option<String> {
        self.browser_zone_name.get()
    }

    /// Reads the browser's zone name, once.
    pub fn learn_browser_zone_name(self) {
        if self.browser_zone_name.with_untracked(Option::is_none) {
            self.browser_zone_name.set(browser_zone_name());
        }
    }
}

fn stored(key: &str) -> Option<String> {
    storage::get(Kept::OnDevice, key)
}

fn keep(key: &str, value: &str) {
    // Where storage is disabled the choice lasts until the page is closed.
    storage::set(Kept::OnDevice, key, value);
}

fn browser_lang() -> Lang {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return Lang::default();
    };
    let tags: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .chain(navigator.language())
        .collect();
    Lang::preferred(tags.iter().map(String::as_str))
}

fn browser_offset() -> i32 {
    // getTimezoneOffset is minutes *west* of UTC.
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

fn browser_zone_name() -> Option<String> {
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
    let options = format.resolved_options();
    js_sys::Reflect::get(&options, &"timeZone".into())
        .ok()?
        .as_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_survive_storage_and_reject_made_up_offsets() {
        assert_eq!(Zone::from_code("browser"), Some(Zone::Browser));
        for minutes in Zone::OFFSETS {
            let zone = Zone::Fixed(minutes);
            assert_eq!(Zone::from_code(&zone.code()), Some(zone));
        }
        assert_eq!(Zone::from_code("481"), None);
        assert_eq!(Zone::from_code("Asia/Shanghai"), None);
        assert_eq!(Zone::Fixed(480).minutes(-300), 480);
        assert_eq!(Zone::Browser.minutes(-300), -300);
    }

    #[test]
    fn offsets_read_as_typeset() {
        assert_eq!(offset_label(480), "UTC+08:00");
        assert_eq!(offset_label(-210), "UTC\u{2212}03:30");
        assert_eq!(offset_label(345), "UTC+05:45");
        assert_eq!(offset_label(0), "UTC");
    }
}
