//! Object keys come from listings of a bucket anyone with write access can fill. This
//! target reads any `prefix\nkey` with `parse_key` and checks that the parts it returns are
//! what `key.rs` says they are, for keys of every shape
//! (`crates/session-log/tests/fuzz_checks/object_key.rs` lists the checks).
#![no_main]

#[path = "../../crates/session-log/tests/fuzz_checks/object_key.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::check_object_key(data));
