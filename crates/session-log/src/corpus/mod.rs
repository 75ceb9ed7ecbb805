//! Synthetic buckets of session logs, for tests, the demo and benchmarks (feature `corpus`).
//!
//! A corpus is deterministic: the same seed and size give the same keys and bytes, on every
//! platform (one `fastrand` generator, no hashing, no clock). Its sessions have the shapes the
//! real writer produces (see `log-format.md`), with JSON laid out as Python's
//! `json.dumps(ensure_ascii=False, indent=2)` writes it, and the cases that must not break
//! the dashboard: failed calls, sessions that never ended, missing or disagreeing
//! `metadata`, Chinese text, responses of tens of KB, text that looks like HTML, the
//! `unknown` drawing, keys with spaces, `+` and Chinese, keys without a hash, unpriced
//! models, numbers written as text, and a few objects that are not sessions at all.
//!
//! What a corpus does not offer is its own totals: tests check totals against fixtures worked
//! out by hand, and a corpus only has to be realistic and to hold its promises (checked in
//! `tests/corpus.rs`).

mod calls;
mod hostile;
mod json;
mod session;
mod shape;
mod text;
mod writer;

pub use hostile::{hostile, Expect, Hostile, INJECTED_DRAWING, INJECTIONS};

use fastrand::Rng;
use shape::{Shape, SHOWCASE};

/// A synthetic bucket.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Corpus {
    /// Every object: its key (`openai_logs/{drawing}/openai_interaction_…`) and its body.
    pub objects: Vec<(String, Vec<u8>)>,
    /// What was put into each object: `planned[i]` describes `objects[i]`.
    pub planned: Vec<Planned>,
}

/// What the generator put into one object, to check readers against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// The drawing folder of the key (and, for a session, its `drawing_id`).
    pub drawing: String,
    /// The unix seconds at the end of the session id: when the session started.
    pub unix: i64,
    /// `Some` for an object that is deliberately not a valid session.
    pub broken: Option<Broken>,
}

/// How an object that is not a session is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Broken {
    /// Python's `str(dict)` instead of `json.dumps`: single quotes, `None`, `True`.
    NotJson,
    /// A session document cut off part way (at a character boundary).
    Truncated,
    /// JSON with the rest of a session, but no `session_info`.
    NoSessionInfo,
    /// Zero bytes: an upload that wrote nothing.
    Empty,
    /// `{}`.
    EmptyJsonObject,
    /// A JSON array at the top level.
    NotAnObject,
    /// `"session_info": null`.
    NullSessionInfo,
    /// A session document cut inside a multi-byte character: not even UTF-8.
    CutMidCharacter,
}

impl Broken {
    /// Every kind, in the order a corpus uses them: the first four come first.
    pub const ALL: [Broken; 8] = [
        Broken::NotJson,
        Broken::Truncated,
        Broken::NoSessionInfo,
        Broken::Empty,
        Broken::EmptyJsonObject,
        Broken::NotAnObject,
        Broken::NullSessionInfo,
        Broken::CutMidCharacter,
    ];
}

/// How many broken objects [`generate`] adds to `sessions` valid ones: none below 100
/// sessions (small corpora stay clean), then 1% with a floor of 4, so that every corpus of
/// 100 sessions or more holds the first four kinds of [`Broken::ALL`]; kinds repeat in that
/// order.
pub fn invalid_count(sessions: usize) -> usize {
    if sessions < 100 {
        0
    } else {
        (sessions / 100).max(4)
    }
}

/// The first session starts at 2025-06-01T00:00:00 in China (UTC+8).
const FIRST_UNIX: i64 = 1_748_707_200;
/// Sessions spread over about 60 days, however many there are.
const SPAN_SECONDS: i64 = 60 * 24 * 3600;

/// A corpus of `sessions` valid sessions plus [`invalid_count`]`(sessions)` broken objects
/// among them, for `seed`.
///
/// Objects come in the order their sessions started (one to a few hundred seconds apart,
/// so session ids and keys never repeat); drawings are numbered 1 to `max(3, sessions / 8)`.
/// Valid session number `i` (counting valid ones only) always has feature
/// `i % 50` of a fixed list of 14, and every session may have any feature at random: so any
/// corpus of 14 sessions or more has every feature.
pub fn generate(seed: u64, sessions: usize) -> Corpus {
    let mut rng = Rng::with_seed(seed);
    let invalid = invalid_count(sessions);
    let total = sessions + invalid;
    let mut slots: Vec<usize> = (0..total).collect();
    for i in 1..total {
        slots.swap(i, below(&mut rng, i + 1));
    }
    let mut broken_at = vec![None; total];
    for (n, &slot) in slots[..invalid].iter().enumerate() {
        broken_at[slot] = Some(Broken::ALL[n % Broken::ALL.len()]);
    }
    let drawings = u32::try_from(sessions / 8).unwrap_or(u32::MAX).max(3);
    let max_gap = (2 * SPAN_SECONDS / total.max(1) as i64).max(2);

    let mut corpus = Corpus::default();
    let mut unix = FIRST_UNIX;
    let mut valid = 0;
    for broken in broken_at {
        unix += rng.i64(1..=max_gap);
        let shape = match broken {
            Some(_) => Shape::plain(&mut rng),
            None => {
                let forced = SHOWCASE.get(valid % 50).copied();
                valid += 1;
                Shape::pick(&mut rng, forced)
            }
        };
        let built = session::build(&mut rng, &shape, drawings, unix);
        let body = match broken {
            None => json::dumps(&built.document).into_bytes(),
            Some(kind) => break_document(&mut rng, kind, built.document),
        };
        corpus.objects.push((built.key, body));
        corpus.planned.push(Planned {
            drawing: built.drawing,
            unix,
            broken,
        });
    }
    corpus
}

/// A number below `n`. `fastrand`'s own `usize` and `shuffle` draw differently where
/// `usize` has 32 bits (wasm32); drawing through `u64` keeps a seed's corpus the same on
/// every target.
pub(crate) fn below(rng: &mut Rng, n: usize) -> usize {
    rng.u64(..n as u64) as usize
}

/// A number from `low` to `high`, both included; see [`below`].
pub(crate) fn between(rng: &mut Rng, low: usize, high: usize) -> usize {
    rng.u64(low as u64..=high as u64) as usize
}

fn break_document(rng: &mut Rng, kind: Broken, mut document: json::Json) -> Vec<u8> {
    match kind {
        Broken::NotJson => json::python_str(&document).into_bytes(),
        Broken::Truncated => {
            let text = json::dumps(&document);
            let mut cut = text.len() * between(rng, 40, 89) / 100;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.as_bytes()[..cut].to_vec()
        }
        Broken::NoSessionInfo => {
            document.remove("session_info");
            json::dumps(&document).into_bytes()
        }
        Broken::Empty => Vec::new(),
        Broken::EmptyJsonObject => b"{}".to_vec(),
        Broken::NotAnObject => json::dumps(&json::Json::Arr(vec![document])).into_bytes(),
        Broken::NullSessionInfo => {
            if let json::Json::Obj(fields) = &mut document {
                fields[0].1 = json::Json::Null;
            }
            json::dumps(&document).into_bytes()
        }
        Broken::CutMidCharacter => {
            let text = json::dumps(&document).into_bytes();
            // Every document has Chinese text (prompts, component names) past its middle.
            let middle = text.len() / 2;
            let lead = (middle..text.len())
                .chain(0..middle)
                .find(|&i| text[i] >= 0xC0)
                .expect("documents hold Chinese text");
            text[..=lead].to_vec()
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Corpus {
    /// Writes the bucket under `dir`: `dir/openai_logs/{drawing}/…`, one file per object,
    /// creating folders as needed. The one place in this crate that does I/O, for the demo
    /// and for tests that serve a folder as a bucket. Keys are the generator's own, never
    /// absolute and never with `..`.
    pub fn write_to(&self, dir: &std::path::Path) -> std::io::Result<()> {
        for (key, body) in &self.objects {
            let path = dir.join(key);
            if let Some(folder) = path.parent() {
                std::fs::create_dir_all(folder)?;
            }
            std::fs::write(path, body)?;
        }
        Ok(())
    }
}
