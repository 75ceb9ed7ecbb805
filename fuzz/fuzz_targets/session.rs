//! Session documents are written by other programs, some of them buggy, and read by the
//! dashboard and the CLI. This target runs any bytes through the whole path a body takes
//! (parse, summary, totals, report, exports) and checks what that path promises: no panic,
//! finite numbers, one more session or invalid object per body, exports that read back
//! (`crates/session-log/tests/fuzz_checks/session.rs` lists the checks).
#![no_main]

#[path = "../../crates/session-log/tests/fuzz_checks/session.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| checks::check_session(bytes));
