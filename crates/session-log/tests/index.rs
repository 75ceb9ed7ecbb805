//! Totals through the summary index equal, to the bit, the totals of reading every object:
//! on the generated corpus and on the hostile one, with stale parts, two writers covering
//! the same objects, parts of an unknown format and damaged parts beside good ones.
#![cfg(feature = "corpus")]

use chrono::DateTime;
use session_log::corpus::{generate, hostile};
use session_log::index::{self, part, Entry, Listed, Part};
use session_log::{load, parse_key, KeyKind, Loaded, PriceTable, Totals};

#[path = "fuzz_checks/index_part.rs"]
mod fuzz_checks;

const PREFIX: &str = "openai_logs/";

/// A bucket as a reader sees it: each object's key, ETag and body.
struct Object {
    key: String,
    etag: String,
    body: Vec<u8>,
}

fn bucket(objects: impl IntoIterator<Item = (String, Vec<u8>)>) -> Vec<Object> {
    let mut all: Vec<Object> = objects
        .into_iter()
        .enumerate()
        .map(|(n, (key, body))| Object {
            key,
            etag: format!("{n:032x}"),
            body,
        })
        .collect();
    all.sort_by(|a, b| a.key.cmp(&b.key));
    all
}

fn read(object: &Object, prices: &PriceTable) -> Loaded {
    let KeyKind::Session(key) = parse_key(PREFIX, &object.key) else {
        panic!("{}", object.key)
    };
    load(key, &object.body, prices)
}

/// Every object read, added in key order: the totals without an index.
fn read_everything(objects: &[Object], prices: &PriceTable) -> Totals {
    let mut totals = Totals::default();
    for object in objects {
        totals.add(&read(object, prices));
    }
    totals
}

/// What an indexer writes for `objects`.
fn part_of(objects: &[&Object], prices: &PriceTable) -> Vec<u8> {
    part::write(&Part {
        writer: "test".to_owned(),
        written_at: DateTime::from_timestamp(1_750_000_000, 0).unwrap(),
        entries: objects
            .iter()
            .map(|object| Entry {
                key: object.key.clone(),
                etag: object.etag.clone(),
                size: object.body.len() as u64,
                last_modified: None,
                loaded: read(object, prices),
            })
            .collect(),
    })
}

/// A reader with no cache: the parts it can read, the objects they do not cover, added in
/// key order. Returns the totals and how many objects it had to read.
fn read_with_index(objects: &[Object], parts: &[Vec<u8>], prices: &PriceTable) -> (Totals, usize) {
    let entries: Vec<Entry> = parts
        .iter()
        .filter_map(|bytes| part::read(PREFIX, bytes).ok())
        .flat_map(|part| part.entries)
        .collect();
    let listed: Vec<Listed<'_>> = objects
        .iter()
        .map(|o| Listed {
            key: &o.key,
            etag: Some(&o.etag),
        })
        .collect();
    let coverage = index::cover(&listed, entries);
    let mut loaded: Vec<Loaded> = coverage
        .covered
        .into_iter()
        .map(|(_, mut loaded)| {
            if let Loaded::Session(summary) = &mut loaded {
                summary.reprice(prices);
            }
            loaded
        })
        .collect();
    loaded.extend(
        coverage
            .to_read
            .iter()
            .map(|&at| read(&objects[at], prices)),
    );
    loaded.sort_by(|a, b| a.key().cmp(b.key()));
    let mut totals = Totals::default();
    for one in &loaded {
        totals.add(one);
    }
    (totals, coverage.to_read.len())
}

/// Equal to the bit: `Debug` shows every float's digits and tells -0.0 from 0.0.
fn assert_same(a: &Totals, b: &Totals) {
    assert_eq!(format!("{:?}", a.report()), format!("{:?}", b.report()));
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
}

#[test]
fn the_generated_corpus_adds_up_the_same_through_the_index() {
    let prices = PriceTable::builtin();
    let objects = bucket(generate(7, 600).objects);
    let everything = read_everything(&objects, &prices);
    let all: Vec<&Object> = objects.iter().collect();

    let (totals, reads) = read_with_index(&objects, &[part_of(&all, &prices)], &prices);
    assert_eq!(reads, 0);
    assert_same(&totals, &everything);

    // Two writers: one covered the first half, the other the middle; a third the whole,
    // at the same time. Nothing is counted twice, and only the last tenth is read.
    let tenth = objects.len() / 10;
    let parts = [
        part_of(&all[..5 * tenth], &prices),
        part_of(&all[3 * tenth..9 * tenth], &prices),
        part_of(&all[..9 * tenth], &prices),
    ];
    let (totals, reads) = read_with_index(&objects, &parts, &prices);
    assert_eq!(reads, objects.len() - 9 * tenth);
    assert_same(&totals, &everything);
}

#[test]
fn stale_damaged_and_unknown_parts_never_change_the_totals() {
    let prices = PriceTable::builtin();
    let original = bucket(generate(8, 300).objects);
    let all: Vec<&Object> = original.iter().collect();
    let stale = part_of(&all, &prices);

    // Since the part was written: a tenth deleted, a tenth rewritten, new ones added.
    let mut objects: Vec<Object> = original
        .into_iter()
        .enumerate()
        .filter(|(n, _)| n % 10 != 3)
        .map(|(n, mut o)| {
            if n % 10 == 5 {
                o.etag = format!("rewritten {n}");
                o.body = b"{\"session_info\": {}, \"api_calls\": []}".to_vec();
            }
            o
        })
        .collect();
    objects.extend(bucket(generate(9, 50).objects).into_iter().map(|mut o| {
        o.key = o.key.replace("openai_logs/", "openai_logs/new-");
        o
    }));
    objects.sort_by(|a, b| a.key.cmp(&b.key));

    let mut damaged = stale.clone();
    let middle = damaged.len() / 2;
    damaged.truncate(middle);
    let mut unknown = stale.clone();
    unknown[part::MAGIC.len()] = 9;

    let everything = read_everything(&objects, &prices);
    let (totals, reads) = read_with_index(&objects, &[stale, damaged, unknown], &prices);
    assert_same(&totals, &everything);
    let rewritten = objects
        .iter()
        .filter(|o| o.etag.starts_with("rewritten"))
        .count();
    assert!(rewritten > 0);
    assert_eq!(reads, rewritten + 50, "the rewritten and the new");
}

#[test]
fn the_hostile_corpus_adds_up_the_same_through_the_index() {
    let prices = PriceTable::builtin();
    let objects = bucket(hostile().into_iter().map(|h| (h.key, h.body)));
    let everything = read_everything(&objects, &prices);
    let all: Vec<&Object> = objects.iter().collect();
    let (totals, reads) = read_with_index(&objects, &[part_of(&all, &prices)], &prices);
    assert_eq!(
        reads, 0,
        "refusals are kept in the index with their reasons"
    );
    assert_same(&totals, &everything);
}

#[test]
fn the_fuzz_checks_hold_for_a_real_part_and_every_cut_of_it() {
    let prices = PriceTable::builtin();
    let objects = bucket(hostile().into_iter().map(|h| (h.key, h.body)));
    let all: Vec<&Object> = objects.iter().collect();
    let bytes = part_of(&all, &prices);
    let body = &bytes[part::MAGIC.len() + 2..];
    for cut in (0..body.len()).step_by(7).chain([body.len()]) {
        fuzz_checks::check_index_part(&body[..cut]);
    }
    assert!(part::read(PREFIX, &bytes).is_ok());
}
