//! AWS `UriEncode`, the one percent-encoding SigV4 accepts.
//!
//! Only `A-Z a-z 0-9 - _ . ~` stay as they are; every other byte of the UTF-8 text becomes
//! `%XX` with uppercase hex. A space is `%20`, never `+`. The path form also keeps `/`, so an
//! object key keeps its folders; the query form encodes `/` as `%2F`. Nothing is normalized:
//! `//`, `.` and `..` in a key reach the server as written.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::borrow::Cow;

/// Bytes encoded in a query name or value: everything but the unreserved set.
const QUERY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Bytes encoded in a path: as [`QUERY`], but `/` separates segments and stays.
const PATH: &AsciiSet = &QUERY.remove(b'/');

/// Appends `text` to `out` encoded for a query name or value (`/` becomes `%2F`).
pub fn encode_query_into(out: &mut String, text: &str) {
    out.extend(utf8_percent_encode(text, QUERY));
}

/// Appends `text` to `out` encoded for a URL path (`/` is kept).
pub fn encode_path_into(out: &mut String, text: &str) {
    out.extend(utf8_percent_encode(text, PATH));
}

/// `text` encoded for a query name or value.
pub fn encode_query(text: &str) -> Cow<'_, str> {
    utf8_percent_encode(text, QUERY).into()
}

/// `text` encoded for a URL path.
pub fn encode_path(text: &str) -> Cow<'_, str> {
    utf8_percent_encode(text, PATH).into()
}

/// Why a percent-encoded text could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// The encoded text, as given.
    pub input: String,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "percent-encoded text is not UTF-8: {:?}", self.input)
    }
}

impl std::error::Error for DecodeError {}

/// Decodes `%XX` escapes; `+` stays a plus sign. The inverse of both encoders.
pub fn decode(text: &str) -> Result<String, DecodeError> {
    percent_decode_str(text)
        .decode_utf8()
        .map(Cow::into_owned)
        .map_err(|_| DecodeError {
            input: text.to_owned(),
        })
}

/// Decodes a value from a listing sent with `encoding-type=url`: `+` is a space there, as AWS
/// and MinIO write it, and a literal plus always arrives as `%2B`.
pub fn decode_form(text: &str) -> Result<String, DecodeError> {
    if text.contains('+') {
        decode(&text.replace('+', " ")).map_err(|_| DecodeError {
            input: text.to_owned(),
        })
    } else {
        decode(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreserved_characters_stay_and_space_is_percent_20() {
        assert_eq!(
            encode_query("AZaz09-_.~ x"),
            "AZaz09-_.~%20x",
            "space must be %20, never +"
        );
    }

    #[test]
    fn slash_is_kept_in_paths_and_encoded_in_queries() {
        assert_eq!(encode_path("a/b//c"), "a/b//c");
        assert_eq!(encode_query("a/b"), "a%2Fb");
    }

    #[test]
    fn reserved_characters_are_encoded_with_uppercase_hex() {
        assert_eq!(
            encode_path("+=%;?#&*'()!$@:,"),
            "%2B%3D%25%3B%3F%23%26%2A%27%28%29%21%24%40%3A%2C"
        );
    }

    #[test]
    fn dot_segments_are_not_normalized() {
        assert_eq!(encode_path("/./a/../b"), "/./a/../b");
    }

    #[test]
    fn utf8_is_encoded_byte_by_byte() {
        assert_eq!(encode_path("图"), "%E5%9B%BE");
        assert_eq!(encode_query("😀"), "%F0%9F%98%80");
    }

    #[test]
    fn decode_inverts_encode_and_keeps_plus() {
        assert_eq!(decode("a%20b+c%2B").unwrap(), "a b+c+");
        assert_eq!(decode_form("a+b%2Bc").unwrap(), "a b+c");
    }

    #[test]
    fn decode_rejects_invalid_utf8() {
        assert!(decode("%FF%FE").is_err());
    }

    #[test]
    fn decode_form_reports_the_text_as_given() {
        assert_eq!(decode_form("a+b%FF").unwrap_err().input, "a+b%FF");
    }
}
