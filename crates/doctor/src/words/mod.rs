//! Every finding in words, in English and Simplified Chinese side by side: a title, what
//! was seen, and, for what is wrong, the exact fix (commands as their own lines, to copy).
//! Names come from the [`Target`]; the secret key is never in a target, so never in words.

mod access;
mod place;
mod reach;
#[cfg(feature = "site")]
mod site;

use s3_presign::XmlError;

use crate::{Fact, Lang, Target, Unlisted};

/// What a step says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    /// A few words: `No such bucket`.
    pub title: String,
    /// What was seen.
    pub detail: String,
    /// What to do, in order; empty when there is nothing to fix.
    pub fix: Vec<Line>,
}

/// One line of a fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// A sentence.
    Say(String),
    /// A command to copy.
    Run(String),
}

impl Line {
    /// The line's text, whichever kind it is.
    pub fn text(&self) -> &str {
        match self {
            Line::Say(text) | Line::Run(text) => text,
        }
    }
}

pub(crate) fn say(text: impl Into<String>) -> Line {
    Line::Say(text.into())
}

pub(crate) fn run(text: impl Into<String>) -> Line {
    Line::Run(text.into())
}

/// The words for `fact`, about `target`, in `lang`.
pub fn words(fact: &Fact, target: &Target, lang: Lang) -> Words {
    match fact {
        #[cfg(feature = "site")]
        Fact::SiteOpens { .. }
        | Fact::SiteNoAnswer { .. }
        | Fact::SiteRefused { .. }
        | Fact::SiteDownloads { .. }
        | Fact::SiteNotHtml { .. } => site::words(fact, target, lang),
        Fact::Answers { .. }
        | Fact::NoAnswer { .. }
        | Fact::CorsAllowed
        | Fact::CorsSameOrigin
        | Fact::CorsRefused { .. } => reach::words(fact, target, lang),
        Fact::KeysAccepted
        | Fact::UnknownKey
        | Fact::WrongSecret
        | Fact::BadToken { .. }
        | Fact::NotAllowed { .. }
        | Fact::WrongRegion { .. }
        | Fact::NotS3 { .. }
        | Fact::KeysUnchecked
        | Fact::Refused { .. }
        | Fact::ClockInStep { .. }
        | Fact::ClockOff { .. }
        | Fact::ClockRefused { .. } => access::words(fact, target, lang),
        Fact::BucketFound
        | Fact::NoBucket { .. }
        | Fact::ObjectsFound { .. }
        | Fact::NoObjects { .. }
        | Fact::CountStopped { .. } => place::words(fact, target, lang),
    }
}

/// `a`, `b` and 3 more: at most `shown` names, each in backticks.
pub(crate) fn named(names: &[String], shown: usize, lang: Lang) -> String {
    let mut text = names
        .iter()
        .take(shown)
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(lang.pick(", ", "、"));
    if names.len() > shown {
        let rest = names.len() - shown;
        text.push_str(&lang.pick(format!(" and {rest} more"), format!("，另有 {rest} 个")));
    }
    text
}

#[cfg(test)]
mod tests;

/// Why a request gave nothing to read, in `lang`; the server's and the client's own words
/// stay as they came.
fn unlisted(reason: &Unlisted, lang: Lang) -> String {
    match (reason, lang) {
        (_, Lang::En) => reason.to_string(),
        (Unlisted::NoReply(reason), Lang::Zh) => reach::no_reply_zh(reason),
        (Unlisted::Refused { status, code }, Lang::Zh) if code.is_empty() => {
            format!("没有错误代码（HTTP {status}）")
        }
        (Unlisted::Refused { status, code }, Lang::Zh) => format!("{code}（HTTP {status}）"),
        (Unlisted::NotXml(error), Lang::Zh) => xml_error(error, lang),
        (Unlisted::NotAsked, Lang::Zh) => "未请求".to_owned(),
    }
}

/// Why a 2xx answer is not the XML asked for; the parser's words and the server's are kept.
pub fn xml_error(error: &XmlError, lang: Lang) -> String {
    match (error, lang) {
        (_, Lang::En) => error.to_string(),
        (XmlError::NotUtf8 { offset }, Lang::Zh) => format!("应答不是 UTF-8（第 {offset} 字节）"),
        (XmlError::Malformed { offset, reason }, Lang::Zh) => {
            format!("应答在第 {offset} 字节附近不是有效的 XML：{reason}")
        }
        (XmlError::Truncated, Lang::Zh) => "应答的 XML 提前结束（被截断）".to_owned(),
        (XmlError::TooDeep, Lang::Zh) => "应答的 XML 嵌套过深".to_owned(),
        (XmlError::ErrorDocument(error), Lang::Zh) => format!("服务器返回了错误：{error}"),
        (XmlError::UnexpectedRoot { found, expected }, Lang::Zh) if found.is_empty() => {
            format!("应答中没有 XML 元素（应为 <{expected}>）")
        }
        (XmlError::UnexpectedRoot { found, expected }, Lang::Zh) => {
            format!("应答是 <{found}>，应为 <{expected}>")
        }
        (XmlError::InvalidValue { element, value }, Lang::Zh) => {
            format!("<{element}> 的值无效：{value:?}")
        }
    }
}
