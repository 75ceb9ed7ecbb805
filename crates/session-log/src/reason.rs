//! Why a document or a field is not what it should be, as typed values with their data.
//!
//! Each type's `Display` says it in English (the CLI's words, and the dashboard's in
//! English); other languages match on the variants, so that rewording an English sentence
//! cannot silently lose its translation.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The kind of JSON value found where another kind was expected, with the value as written
/// when the reader kept it (a number out of range, text, true/false).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Found {
    /// `null`.
    Null,
    /// `true` or `false`; the value when it was kept.
    Bool(Option<bool>),
    /// A number.
    Number,
    /// A number the field cannot hold (negative, fractional or too large for a count), as
    /// written by the float reader: `-5`, `1.5`.
    NumberOutOfRange(String),
    /// A string; its first 40 characters when they were kept.
    Text(Option<String>),
    /// An array.
    List,
    /// An object.
    Object,
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Null => f.write_str("null"),
            Self::Bool(None) => f.write_str("true/false"),
            Self::Bool(Some(value)) => write!(f, "true/false ({value})"),
            Self::Number => f.write_str("a number"),
            Self::NumberOutOfRange(value) => write!(f, "a number out of range ({value})"),
            Self::Text(None) => f.write_str("text"),
            Self::Text(Some(text)) => write!(f, "text ({text:?})"),
            Self::List => f.write_str("a list"),
            Self::Object => f.write_str("an object"),
        }
    }
}

/// What a field should have held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Expected {
    /// A number or text, as the field reads it.
    Value,
    /// An object (`session_info`, `metadata`, `tokens_used`).
    Object,
    /// The list `api_calls`.
    Calls,
    /// One entry of `api_calls`.
    Call,
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Value => "a value",
            Self::Object => "an object",
            Self::Calls => "a list of calls",
            Self::Call => "a call",
        })
    }
}

/// What is odd about a field that was read with a second look.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Issue {
    /// A number written as a string: used, and flagged. The text is its first 40 characters.
    NumberAsText(String),
    /// A time that is not one the reader knows (`session_info.start_time`, `end_time`), as
    /// written: not used.
    NotATime(String),
    /// A value of the wrong kind: not used.
    Wrong {
        /// What was there.
        found: Found,
        /// What should have been.
        expected: Expected,
    },
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NumberAsText(text) => write!(f, "a number written as text ({text:?})"),
            Self::NotATime(text) => write!(f, "not a time: {text:?}"),
            Self::Wrong { found, expected } => write!(f, "{found} where {expected} was expected"),
        }
    }
}

/// A JSON syntax error, by serde_json's categories. serde_json names them only in text, so
/// they are told apart by that text; one this version does not know keeps serde_json's
/// words in [`JsonError::Other`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum JsonError {
    /// `expected value`
    ExpectedValue,
    /// `expected ident` (a word that is not `true`, `false` or `null`)
    ExpectedIdent,
    /// ``expected `:` ``
    ExpectedColon,
    /// ``expected `,` or `}` ``
    ExpectedCommaOrBrace,
    /// ``expected `,` or `]` ``
    ExpectedCommaOrBracket,
    /// ``expected `"` ``
    ExpectedQuote,
    /// `key must be a string`
    KeyMustBeAString,
    /// `trailing characters`
    TrailingCharacters,
    /// `trailing comma`
    TrailingComma,
    /// `invalid escape`
    InvalidEscape,
    /// `invalid number`
    InvalidNumber,
    /// `number out of range`
    NumberOutOfRange,
    /// `invalid unicode code point`
    InvalidUnicodeCodePoint,
    /// `lone leading surrogate in hex escape`
    LoneLeadingSurrogate,
    /// `unexpected end of hex escape`
    UnexpectedEndOfHexEscape,
    /// `control character (\u0000-\u001F) found while parsing a string`
    ControlCharacter,
    /// `recursion limit exceeded`
    RecursionLimitExceeded,
    /// Any other: serde_json's message, without its position.
    Other(String),
}

/// The known categories and serde_json's words for them.
const JSON_ERRORS: &[(JsonError, &str)] = &[
    (JsonError::ExpectedValue, "expected value"),
    (JsonError::ExpectedIdent, "expected ident"),
    (JsonError::ExpectedColon, "expected `:`"),
    (JsonError::ExpectedCommaOrBrace, "expected `,` or `}`"),
    (JsonError::ExpectedCommaOrBracket, "expected `,` or `]`"),
    (JsonError::ExpectedQuote, "expected `\"`"),
    (JsonError::KeyMustBeAString, "key must be a string"),
    (JsonError::TrailingCharacters, "trailing characters"),
    (JsonError::TrailingComma, "trailing comma"),
    (JsonError::InvalidEscape, "invalid escape"),
    (JsonError::InvalidNumber, "invalid number"),
    (JsonError::NumberOutOfRange, "number out of range"),
    (
        JsonError::InvalidUnicodeCodePoint,
        "invalid unicode code point",
    ),
    (
        JsonError::LoneLeadingSurrogate,
        "lone leading surrogate in hex escape",
    ),
    (
        JsonError::UnexpectedEndOfHexEscape,
        "unexpected end of hex escape",
    ),
    (
        JsonError::ControlCharacter,
        "control character (\\u0000-\\u001F) found while parsing a string",
    ),
    (
        JsonError::RecursionLimitExceeded,
        "recursion limit exceeded",
    ),
];

impl JsonError {
    /// The category of serde_json's message (with or without its position).
    pub fn classify(message: &str) -> Self {
        let message = strip_position(message);
        JSON_ERRORS
            .iter()
            .find(|(_, words)| *words == message)
            .map(|(error, _)| error.clone())
            .unwrap_or_else(|| Self::Other(message.to_owned()))
    }
}

impl From<&serde_json::Error> for JsonError {
    fn from(error: &serde_json::Error) -> Self {
        let text = error.to_string();
        let place = format!(" at line {} column {}", error.line(), error.column());
        let message = match error.line() {
            0 => &text,
            _ => text.strip_suffix(&place).unwrap_or(&text),
        };
        JSON_ERRORS
            .iter()
            .find(|(_, words)| *words == message)
            .map(|(error, _)| error.clone())
            .unwrap_or_else(|| Self::Other(message.to_owned()))
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Self::Other(message) = self {
            return f.write_str(message);
        }
        let words = JSON_ERRORS
            .iter()
            .find(|(error, _)| error == self)
            .map_or("", |(_, words)| words);
        f.write_str(words)
    }
}

/// serde_json ends its messages with "at line L column C"; callers give the place apart.
pub(crate) fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(at) => &message[..at],
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn found_kinds_say_the_value_as_written() {
        let cases = [
            (Found::Null, "null"),
            (Found::Bool(None), "true/false"),
            (Found::Bool(Some(true)), "true/false (true)"),
            (Found::Number, "a number"),
            (
                Found::NumberOutOfRange("-5".into()),
                "a number out of range (-5)",
            ),
            (Found::Text(None), "text"),
            (Found::Text(Some("soon".into())), "text (\"soon\")"),
            (Found::List, "a list"),
            (Found::Object, "an object"),
        ];
        for (found, english) in cases {
            assert_eq!(found.to_string(), english);
        }
    }

    #[test]
    fn issues_say_what_was_found_and_what_was_expected() {
        let wrong = |found, expected| Issue::Wrong { found, expected };
        let cases = [
            (
                Issue::NumberAsText("100".into()),
                "a number written as text (\"100\")",
            ),
            (
                Issue::NotATime("yesterday".into()),
                "not a time: \"yesterday\"",
            ),
            (
                wrong(Found::Bool(Some(false)), Expected::Value),
                "true/false (false) where a value was expected",
            ),
            (
                wrong(Found::Number, Expected::Object),
                "a number where an object was expected",
            ),
            (
                wrong(Found::Text(None), Expected::Calls),
                "text where a list of calls was expected",
            ),
            (
                wrong(Found::List, Expected::Call),
                "a list where a call was expected",
            ),
        ];
        for (issue, english) in cases {
            assert_eq!(issue.to_string(), english);
        }
    }

    #[test]
    fn every_known_json_error_reads_back_as_itself() {
        for (error, words) in JSON_ERRORS {
            assert_eq!(&JsonError::classify(words), error);
            assert_eq!(error.to_string(), *words);
        }
        assert_eq!(
            JsonError::classify("key must be a string at line 1 column 2"),
            JsonError::KeyMustBeAString
        );
        let unknown = JsonError::classify("something new at line 3 column 4");
        assert_eq!(unknown, JsonError::Other("something new".into()));
        assert_eq!(unknown.to_string(), "something new");
    }

    #[test]
    fn serde_jsons_own_errors_are_classified() {
        let error = |text: &str| {
            let e = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
            let error = JsonError::from(&e);
            assert_eq!(error, JsonError::classify(&e.to_string()));
            error
        };
        assert_eq!(error("{'a': 1}"), JsonError::KeyMustBeAString);
        assert_eq!(error("{\"a\" 1}"), JsonError::ExpectedColon);
        assert_eq!(error("[1 2]"), JsonError::ExpectedCommaOrBracket);
        assert_eq!(error("{\"a\": 1 \"b\"}"), JsonError::ExpectedCommaOrBrace);
        assert_eq!(error("[1,]"), JsonError::TrailingComma);
        assert_eq!(error("{} x"), JsonError::TrailingCharacters);
        assert_eq!(error("[nul]"), JsonError::ExpectedIdent);
        assert_eq!(error("[-]"), JsonError::InvalidNumber);
        assert_eq!(error("\"\\q\""), JsonError::InvalidEscape);
        assert_eq!(error("\"\\ud800\""), JsonError::UnexpectedEndOfHexEscape);
        assert_eq!(error("\"\\ud800\\u0041\""), JsonError::LoneLeadingSurrogate);
        assert_eq!(error("\"a\u{1}\""), JsonError::ControlCharacter);
        assert_eq!(error("1e999"), JsonError::NumberOutOfRange);
        assert_eq!(error(&"[".repeat(200)), JsonError::RecursionLimitExceeded);
        assert_eq!(
            error("[1"),
            JsonError::Other("EOF while parsing a list".into())
        );
    }
}
