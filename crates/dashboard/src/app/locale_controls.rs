//! The header's language and time-zone pickers. Both apply at once, everywhere on the page,
//! with nothing reloaded or read again, and are kept in localStorage for the next visit.

use leptos::prelude::*;

use crate::i18n::locale::{offset_label, Lang, Locale, Zone};

/// "English / 中文" and the zone times are shown in.
#[component]
pub fn LocaleControls() -> impl IntoView {
    let locale = Locale::get();
    let languages = Lang::ALL
        .into_iter()
        .map(|lang| {
            view! {
                // Each name in its own language, whatever the page's language is.
                <option value=lang.tag() lang=lang.tag() selected=move || locale.lang() == lang>
                    {lang.endonym()}
                </option>
            }
        })
        .collect_view();
    let browser_zone = move || {
        let offset = offset_label(locale.browser_offset());
        match (locale.browser_zone_name(), locale.lang()) {
            (Some(name), Lang::En) => format!("Browser ({name}, {offset})"),
            (Some(name), Lang::Zh) => format!("浏览器时区（{name}，{offset}）"),
            (None, Lang::En) => format!("Browser ({offset})"),
            (None, Lang::Zh) => format!("浏览器时区（{offset}）"),
        }
    };
    let fixed_zones = Zone::OFFSETS
        .into_iter()
        .map(|minutes| {
            let zone = Zone::Fixed(minutes);
            view! {
                <option value=zone.code() selected=move || locale.zone() == zone>
                    {offset_label(minutes)}
                </option>
            }
        })
        .collect_view();

    view! {
        <div class="locale-controls">
            <div class="control">
                <label for="lang-switch">{locale.words("Language", "语言")}</label>
                <select
                    id="lang-switch"
                    data-testid="lang-switch"
                    on:change=move |ev| {
                        if let Some(lang) = Lang::from_tag(&event_target_value(&ev)) {
                            locale.set_lang(lang);
                        }
                    }
                >
                    {languages}
                </select>
            </div>
            <div class="control">
                <label for="zone-select">{locale.words("Time zone", "时区")}</label>
                <select
                    id="zone-select"
                    data-testid="zone-select"
                    aria-describedby="zone-hint"
                    on:focus=move |_| locale.learn_browser_zone_name()
                    on:pointerenter=move |_| locale.learn_browser_zone_name()
                    on:change=move |ev| {
                        if let Some(zone) = Zone::from_code(&event_target_value(&ev)) {
                            locale.set_zone(zone);
                        }
                    }
                >
                    <option value=Zone::Browser.code() selected=move || locale.zone() == Zone::Browser>
                        {browser_zone}
                    </option>
                    {fixed_zones}
                </select>
                <p class="hint" id="zone-hint">
                    {locale.words("Log times are read in this zone; other times are shown in it.", "日志时间按此时区理解，其他时间也换算到此时区显示。")}
                </p>
            </div>
        </div>
    }
}
