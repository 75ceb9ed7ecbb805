//! The languages logscope speaks: the one `Lang` of the project, for the diagnostics'
//! words here, the CLI's `--lang`, and every string of the dashboard.

/// A language logscope's words are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese (zh-CN).
    Zh,
}

impl Lang {
    /// Both, in the order a language switcher offers them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The BCP 47 tag, for `<html lang>` and storage: `en`, `zh-CN`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// The language's own name for itself, as a switcher shows it.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "中文",
        }
    }

    /// The language of a BCP 47 tag (`zh-Hans-CN`, `en-GB`, also `zh_TW`) or a POSIX locale
    /// as `LANG` holds it (`zh_CN.UTF-8`); `None` for languages logscope does not speak.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.split(['-', '_', '.', '@']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The first of the preferred languages (a browser's `navigator.languages`, in order)
    /// that logscope speaks; English otherwise.
    pub fn preferred<'a>(tags: impl IntoIterator<Item = &'a str>) -> Self {
        tags.into_iter()
            .find_map(Self::from_tag)
            .unwrap_or_default()
    }

    /// `en` or `zh`, whichever is this language.
    pub fn pick<T>(self, en: T, zh: T) -> T {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_chosen_for_any_chinese_tag_before_english() {
        assert_eq!(Lang::preferred(["zh-CN", "en-US"]), Lang::Zh);
        assert_eq!(Lang::preferred(["zh_TW"]), Lang::Zh);
        assert_eq!(Lang::preferred(["fr-FR", "zh-Hans"]), Lang::Zh);
        assert_eq!(Lang::preferred(["en-GB", "zh-CN"]), Lang::En);
        assert_eq!(Lang::preferred(["de", "fr"]), Lang::En);
        assert_eq!(Lang::preferred([]), Lang::En);
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
    }

    #[test]
    fn posix_locales_are_read_too() {
        assert_eq!(Lang::from_tag("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("zh.GB18030"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("en_US.UTF-8@euro"), Some(Lang::En));
        assert_eq!(Lang::from_tag("C.UTF-8"), None);
        assert_eq!(Lang::from_tag(""), None);
    }

    #[test]
    fn tags_and_names() {
        assert_eq!(Lang::En.tag(), "en");
        assert_eq!(Lang::Zh.tag(), "zh-CN");
        assert_eq!(Lang::Zh.endonym(), "中文");
        assert_eq!(Lang::Zh.pick("a", "b"), "b");
    }
}
