//! S3's XML answers (a ListObjectsV2 page, the bucket list, the error document) come from a
//! server logscope does not control. This target feeds any bytes to all three parsers and
//! checks that they answer with values, never panics, and agree on which document a body is
//! (`crates/s3-presign/tests/fuzz_checks/s3_xml.rs` lists the checks).
#![no_main]

#[path = "../../crates/s3-presign/tests/fuzz_checks/s3_xml.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|body: &[u8]| checks::check_s3_xml(body));
