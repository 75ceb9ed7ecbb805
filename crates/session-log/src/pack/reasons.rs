//! The typed reasons in a compact form of their own: a tag byte per variant, then
//! its data. Written by hand rather than through serde: the derived JSON forms of these enums
//! cost the page's download several kilobytes for what these few lines do. A tag this version
//! does not know makes the bytes unreadable, and the object is read again from the bucket.

use crate::{Expected, Found, Invalid, Issue, JsonError};

use super::bytes::{Reader, Writer};

pub fn write_invalid(out: &mut Writer, invalid: &Invalid) {
    match invalid {
        Invalid::Empty => out.byte(0),
        Invalid::Truncated { at } => {
            out.byte(1);
            out.number(*at as u64);
        }
        Invalid::NotJson { error, at } => {
            out.byte(2);
            // The classifier reads back what the error's words are, its own variant's included.
            out.text(&error.to_string());
            out.number(*at as u64);
        }
        Invalid::Unreadable { message, at } => {
            out.byte(3);
            out.text(message);
            out.number(*at as u64);
        }
        Invalid::NotAnObject { found } => {
            out.byte(4);
            write_found(out, found);
        }
        Invalid::NoSessionInfo => out.byte(5),
        Invalid::BadSessionInfo { found } => {
            out.byte(6);
            write_found(out, found);
        }
    }
}

pub fn read_invalid(r: &mut Reader) -> Option<Invalid> {
    let at = |r: &mut Reader| r.number().and_then(|n| usize::try_from(n).ok());
    Some(match r.byte()? {
        0 => Invalid::Empty,
        1 => Invalid::Truncated { at: at(r)? },
        2 => Invalid::NotJson {
            error: JsonError::classify(&r.text()?),
            at: at(r)?,
        },
        3 => Invalid::Unreadable {
            message: r.text()?,
            at: at(r)?,
        },
        4 => Invalid::NotAnObject {
            found: read_found(r)?,
        },
        5 => Invalid::NoSessionInfo,
        6 => Invalid::BadSessionInfo {
            found: read_found(r)?,
        },
        _ => return None,
    })
}

pub fn write_issue(out: &mut Writer, issue: &Issue) {
    match issue {
        Issue::NumberAsText(text) => {
            out.byte(0);
            out.text(text);
        }
        Issue::NotATime(text) => {
            out.byte(1);
            out.text(text);
        }
        Issue::Wrong { found, expected } => {
            out.byte(2);
            write_found(out, found);
            out.byte(match expected {
                Expected::Value => 0,
                Expected::Object => 1,
                Expected::Calls => 2,
                Expected::Call => 3,
            });
        }
    }
}

pub fn read_issue(r: &mut Reader) -> Option<Issue> {
    Some(match r.byte()? {
        0 => Issue::NumberAsText(r.text()?),
        1 => Issue::NotATime(r.text()?),
        2 => Issue::Wrong {
            found: read_found(r)?,
            expected: match r.byte()? {
                0 => Expected::Value,
                1 => Expected::Object,
                2 => Expected::Calls,
                3 => Expected::Call,
                _ => return None,
            },
        },
        _ => return None,
    })
}

fn write_found(out: &mut Writer, found: &Found) {
    match found {
        Found::Null => out.byte(0),
        Found::Bool(value) => {
            out.byte(1);
            out.byte(match value {
                None => 0,
                Some(false) => 1,
                Some(true) => 2,
            });
        }
        Found::Number => out.byte(2),
        Found::NumberOutOfRange(text) => {
            out.byte(3);
            out.text(text);
        }
        Found::Text(value) => {
            out.byte(4);
            out.maybe(value, |out, text| out.text(text));
        }
        Found::List => out.byte(5),
        Found::Object => out.byte(6),
    }
}

fn read_found(r: &mut Reader) -> Option<Found> {
    Some(match r.byte()? {
        0 => Found::Null,
        1 => Found::Bool(match r.byte()? {
            0 => None,
            1 => Some(false),
            2 => Some(true),
            _ => return None,
        }),
        2 => Found::Number,
        3 => Found::NumberOutOfRange(r.text()?),
        4 => Found::Text(r.maybe(Reader::text)?),
        5 => Found::List,
        6 => Found::Object,
        _ => return None,
    })
}
