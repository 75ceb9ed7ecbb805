//! Every finding in words, in English and Simplified Chinese side by side: a title, what
//! was seen, and, for what is wrong, the exact fix (commands as their own lines, to copy).
//! Names come from the [`Target`]; the secret key is never in a target, so never in words.

mod access;
mod place;
mod reach;

use crate::{Fact, Lang, Target};

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
        Fact::Answers { .. }
        | Fact::NoAnswer { .. }
        | Fact::CorsAllowed
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
