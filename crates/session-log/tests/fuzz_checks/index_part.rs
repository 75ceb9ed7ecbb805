//! What the `index_part` fuzz target asserts. A summary part is untrusted: anyone who may
//! write to the bucket may write one.

use session_log::index::part::{self, FORMAT, MAGIC};

/// The input is a part's body after its header (magic and formats), so the fuzzer spends its
/// time on the entries. What `part.rs` promises:
/// - reading never panics, whatever the bytes;
/// - a part that reads, written again, reads back the same, its keys sorted and unique.
pub fn check_index_part(data: &[u8]) {
    let mut bytes = MAGIC.to_vec();
    bytes.push(FORMAT as u8);
    bytes.push(session_log::pack::VERSION as u8);
    bytes.extend_from_slice(data);
    let Ok(read) = part::read("openai_logs/", &bytes) else {
        return;
    };
    assert!(
        read.entries.windows(2).all(|w| w[0].key < w[1].key),
        "keys out of order"
    );
    let again = part::read("openai_logs/", &part::write(&read)).expect("a part written reads");
    assert_eq!(again, read);
}
