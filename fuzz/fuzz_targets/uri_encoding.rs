//! Every presigned URL and every url-encoded listing goes through `encode.rs`, and a
//! signature only matches when the encoding is exactly AWS `UriEncode`. This target checks
//! both encoders against that definition, the decode round trip for any text, and that
//! decoding arbitrary text never panics
//! (`crates/s3-presign/tests/fuzz_checks/uri_encoding.rs` lists the checks).
#![no_main]

#[path = "../../crates/s3-presign/tests/fuzz_checks/uri_encoding.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::check_uri_encoding(data));
