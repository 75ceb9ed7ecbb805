//! What the `uri_encoding` fuzz target asserts, kept here so that
//! `tests/fuzz_regressions.rs` runs the very same checks on the inputs it found.

use s3_presign::encode::{
    decode, decode_form, encode_path, encode_path_into, encode_query, encode_query_into,
};

/// What `encode.rs` promises, for any bytes:
/// - decoding any text returns a value or a `DecodeError` holding the text as given;
/// - when the bytes are UTF-8, each encoder keeps exactly `A-Z a-z 0-9 - _ . ~` (and `/`
///   in the path form) and writes every other byte as `%XX` in upper-case hex, the `_into`
///   forms append the same text, and `decode` (and `decode_form`, since a literal `+` is
///   always sent as `%2B`) gives the text back.
pub fn check_uri_encoding(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for (decoder, result) in [
        ("decode", decode(&text)),
        ("decode_form", decode_form(&text)),
    ] {
        if let Err(error) = result {
            assert_eq!(error.input, text, "{decoder} must report the text as given");
        }
    }

    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for (form, keeps_slash, encoded) in [
        ("query", false, encode_query(text)),
        ("path", true, encode_path(text)),
    ] {
        assert_eq!(
            encoded,
            reference_encoding(text, keeps_slash),
            "{form} form"
        );
        assert_eq!(decode(&encoded).as_deref(), Ok(text), "{form} form, decode");
        assert_eq!(
            decode_form(&encoded).as_deref(),
            Ok(text),
            "{form} form, decode_form"
        );
    }
    let mut query = String::from("prefix=");
    encode_query_into(&mut query, text);
    assert_eq!(query, format!("prefix={}", encode_query(text)));
    let mut path = String::from("/bucket/");
    encode_path_into(&mut path, text);
    assert_eq!(path, format!("/bucket/{}", encode_path(text)));
}

/// AWS `UriEncode` written out byte by byte, as the module's documentation states it.
fn reference_encoding(text: &str, keeps_slash: bool) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(byte).to_string()
            }
            b'/' if keeps_slash => "/".to_owned(),
            _ => format!("%{byte:02X}"),
        })
        .collect()
}
