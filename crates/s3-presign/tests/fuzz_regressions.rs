//! Inputs that `make fuzz` found breaking a promise of this crate, each kept under
//! `tests/fuzz_regressions/<target>/` as libFuzzer wrote it and run through the same checks
//! as the fuzz target (`tests/fuzz_checks/<target>.rs`), so a fixed bug stays fixed.

// Native only: it reads files.
#![cfg(not(target_arch = "wasm32"))]

#[path = "fuzz_checks/uri_encoding.rs"]
mod uri_encoding;

use std::path::{Path, PathBuf};

/// Every input kept for `target`; a target listed here without any is a mistake.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let inputs: Vec<_> = entries
        .map(|entry| {
            let path = entry.expect("a readable directory").path();
            let bytes = std::fs::read(&path).expect("a readable input");
            (path, bytes)
        })
        .collect();
    assert!(!inputs.is_empty(), "no inputs in {}", dir.display());
    inputs
}

#[test]
fn uri_encoding_inputs_found_by_fuzzing() {
    for (path, bytes) in inputs("uri_encoding") {
        eprintln!("{}", path.display());
        uri_encoding::check_uri_encoding(&bytes);
    }
}
