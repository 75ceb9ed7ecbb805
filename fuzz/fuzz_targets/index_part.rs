//! Summary parts come from the bucket's index folder, which anyone with write access can fill.
//! This target reads any entries after a valid header and checks that reading never panics
//! and that a part read, written again, reads back the same
//! (`crates/session-log/tests/fuzz_checks/index_part.rs` lists the checks).
#![no_main]

#[path = "../../crates/session-log/tests/fuzz_checks/index_part.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::check_index_part(data));
