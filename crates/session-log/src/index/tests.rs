use chrono::DateTime;

use super::part::{self, MAGIC};
use super::*;
use crate::key::OWN_FOLDER;
use crate::{load, parse_key, KeyKind, Loaded, PriceTable};

const PREFIX: &str = "openai_logs/";

fn loaded(key: &str, body: &str) -> Loaded {
    let KeyKind::Session(session) = parse_key(PREFIX, key) else {
        panic!("{key}")
    };
    let mut loaded = load(session, body.as_bytes(), &PriceTable::builtin());
    if let Loaded::Session(summary) = &mut loaded {
        // Parts keep sessions unpriced, as the pack does.
        summary.calls.iter_mut().for_each(|c| c.list_cost = None);
    }
    loaded
}

fn entry(key: &str, etag: &str, body: &str) -> Entry {
    Entry {
        key: key.to_owned(),
        etag: etag.to_owned(),
        size: body.len() as u64,
        last_modified: Some("2025-06-22T06:14:27.000Z".to_owned()),
        loaded: loaded(key, body),
    }
}

const SESSION: &str = r#"{"session_info": {"drawing_id": 7, "status": "completed",
    "start_time": "2025-06-22T14:14:26.476617", "total_duration_seconds": 1.5},
    "api_calls": [{"call_id": "c1", "model": "gpt-4o", "cost_estimate": 0.1234567,
      "tokens_used": {"prompt_tokens": 1000, "completion_tokens": 30}}]}"#;

fn sample() -> Part {
    Part {
        writer: "logscope test".to_owned(),
        written_at: DateTime::from_timestamp(1_750_572_866, 0).unwrap(),
        entries: vec![
            entry(
                "openai_logs/7/openai_interaction_qto_T2_1750000001.json_0b9cd107.txt",
                "0123456789abcdef0123456789abcdef",
                SESSION,
            ),
            entry(
                "openai_logs/7/openai_interaction_qto_T1_1750000000.json_0b9cd106.txt",
                "\"9b2cf535f27731c974343645a3985328-2\"",
                SESSION,
            ),
            entry(
                "openai_logs/7/图纸_é.txt",
                "0123456789ABCDEF0123456789ABCDEF",
                "{'python': True}",
            ),
            entry("openai_logs/7/图纸_ê.txt", "W/\"x\"", ""),
        ],
    }
}

#[test]
fn a_part_comes_back_as_written_sorted_by_key() {
    let part = sample();
    let bytes = part::write(&part);
    assert!(bytes.starts_with(MAGIC));
    let back = part::read(PREFIX, &bytes).unwrap();
    let mut expected = part.clone();
    expected.entries.sort_by(|a, b| a.key.cmp(&b.key));
    assert_eq!(back, expected);
}

#[test]
fn an_md5_etag_takes_its_sixteen_bytes() {
    let with = |etag: &str| {
        let mut part = sample();
        part.entries.truncate(1);
        part.entries[0].etag = etag.to_owned();
        part::write(&part).len()
    };
    let md5 = "0123456789abcdef0123456789abcdef";
    // A tag and 16 bytes, against a tag, a length and 32 characters.
    assert_eq!(with(md5) + 17, with(&md5.to_uppercase()));
}

#[test]
fn a_key_written_twice_is_kept_once() {
    let mut part = sample();
    let mut twice = part.entries[0].clone();
    twice.etag = "\"other\"".to_owned();
    part.entries.push(twice);
    let back = part::read(PREFIX, &part::write(&part)).unwrap();
    assert_eq!(back.entries.len(), 4);
}

#[test]
fn damaged_bytes_are_named_and_never_panic() {
    let bytes = part::write(&sample());
    for cut in 0..bytes.len() {
        let problem = part::read(PREFIX, &bytes[..cut]).unwrap_err();
        if cut < MAGIC.len() {
            assert_eq!(problem, PartProblem::NotAPart);
        } else {
            assert!(
                matches!(problem, PartProblem::Corrupt { .. }),
                "{cut}: {problem:?}"
            );
        }
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(
        part::read(PREFIX, &longer),
        Err(PartProblem::Corrupt { entry: 4 })
    );
    // Every byte changed in turn: an answer every time, never a panic.
    for at in MAGIC.len()..bytes.len() {
        let mut changed = bytes.clone();
        changed[at] ^= 0x5a;
        let _ = part::read(PREFIX, &changed);
    }
}

#[test]
fn a_count_that_lies_reserves_nothing() {
    let mut bytes = MAGIC.to_vec();
    let mut w = crate::pack::Writer(Vec::new());
    w.number(part::FORMAT);
    w.number(u64::from(crate::pack::VERSION));
    w.text("x");
    w.0.extend_from_slice(&0i64.to_le_bytes());
    w.number(u64::MAX);
    bytes.extend(w.0);
    assert_eq!(
        part::read(PREFIX, &bytes),
        Err(PartProblem::Corrupt { entry: 1 })
    );
}

#[test]
fn another_format_is_ignored_with_its_numbers() {
    let mut bytes = MAGIC.to_vec();
    bytes.extend([2, 9]);
    assert_eq!(
        part::read(PREFIX, &bytes),
        Err(PartProblem::UnknownFormat { format: 2, pack: 9 })
    );
    let problem = PartProblem::UnknownFormat { format: 2, pack: 9 };
    assert!(problem.to_string().contains("2.9"), "{problem}");
    assert_eq!(
        part::read(PREFIX, b"{\"not\": \"a part\"}"),
        Err(PartProblem::NotAPart)
    );
}

#[test]
fn keys_out_of_order_are_damage() {
    let one = Part {
        entries: sample().entries[..1].to_vec(),
        ..sample()
    };
    let single = part::write(&one);
    let entries_at = part::write(&Part {
        entries: Vec::new(),
        ..one
    })
    .len();
    // The one entry twice: the second does not come after the first.
    let mut bytes = single[..entries_at].to_vec();
    bytes[entries_at - 1] = 2; // the count
    bytes.extend_from_slice(&single[entries_at..]);
    bytes.extend_from_slice(&single[entries_at..]);
    assert_eq!(
        part::read(PREFIX, &bytes),
        Err(PartProblem::Corrupt { entry: 2 })
    );
}

fn listed(part: &Part) -> Vec<(String, String)> {
    part.entries
        .iter()
        .map(|e| (e.key.clone(), e.etag.clone()))
        .collect()
}

#[test]
fn the_listing_decides_what_an_entry_is_worth() {
    let part = sample();
    let mut objects = listed(&part);
    objects[1].1 = "\"changed\"".to_owned(); // rewritten since
    objects.remove(2); // deleted since
    objects.push(("openai_logs/8/new.txt".to_owned(), "\"n\"".to_owned())); // not indexed yet
    let mut listing: Vec<Listed<'_>> = objects
        .iter()
        .map(|(key, etag)| Listed {
            key,
            etag: Some(etag),
        })
        .collect();
    listing[0].etag = None; // a listing without ETags is read
                            // Two writers covered the same objects: each is used once.
    let entries = part.entries.iter().chain(&part.entries).cloned();
    let coverage = cover(&listing, entries);
    assert_eq!(coverage.to_read, [0, 1, 3]);
    assert_eq!(coverage.covered.len(), 1);
    assert_eq!(coverage.covered[0].0, 2);
    assert_eq!(coverage.covered[0].1, part.entries[3].loaded);
    assert_eq!(coverage.stale, 3, "the changed, the deleted, the unlisted");
}

#[test]
fn parts_live_in_our_own_folder_and_sort_by_time() {
    assert!(FOLDER.starts_with(OWN_FOLDER));
    let early = part_key(
        PREFIX,
        DateTime::from_timestamp(1_750_000_000, 0).unwrap(),
        7,
    );
    let late = part_key(
        PREFIX,
        DateTime::from_timestamp(1_750_000_001, 0).unwrap(),
        1,
    );
    assert_eq!(
        early,
        "openai_logs/.logscope/summaries/20250615T150640Z-0000000000000007.part"
    );
    assert!(early < late);
    assert!(is_part_key(PREFIX, &early));
    assert_eq!(parse_key(PREFIX, &early), KeyKind::Own);
    for other in [
        "openai_logs/.logscope/summaries/x.json",
        "openai_logs/.logscope/summaries/a/b.part",
        "openai_logs/7/x.part",
        "other/.logscope/summaries/x.part",
    ] {
        assert!(!is_part_key(PREFIX, other), "{other}");
    }
}
