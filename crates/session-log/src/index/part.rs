//! One part of the index as bytes. A part is untrusted, like a log: anyone who may write to
//! the bucket may write one. Reading never panics and never allocates more than the bytes
//! could hold; what does not make sense is a [`PartProblem`], and the caller reads the
//! objects the part would have covered instead.
//!
//! Layout: [`MAGIC`], the part format, the pack format, the writer, the time written, then
//! the entries sorted by key. A key is written as the length it shares with the one before
//! and the rest: keys of one drawing folder differ in a few characters. An ETag that is an
//! MD5 in hex (what S3 gives a single-part upload) is kept as its 16 bytes.

use chrono::{DateTime, Utc};

use crate::pack::{self, Reader, Writer};
use crate::{parse_key, KeyKind, Loaded};

/// What every part begins with.
pub const MAGIC: &[u8; 8] = b"logscope";
/// The part layout this code writes and reads. A part of another is ignored, with a note:
/// a newer writer's part is read by a newer reader.
pub const FORMAT: u64 = 1;
/// A part larger than this is refused unread; writers cut parts well below it.
pub const MAX_PART_BYTES: usize = 512 * 1024 * 1024;

const ETAG_TEXT: u8 = 0;
const ETAG_MD5: u8 = 1;

/// One log object as the index knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The object key.
    pub key: String,
    /// The ETag as listed, without its quotes: an entry counts only while the listing gives
    /// the same one.
    pub etag: String,
    /// Bytes, as listed.
    pub size: u64,
    /// `LastModified`, as listed.
    pub last_modified: Option<String>,
    /// What the object summarizes to, or why it is not a session. Sessions are unpriced:
    /// reprice them with the table in force.
    pub loaded: Loaded,
}

/// One part: who wrote it, when, and its entries.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The program that wrote it (`logscope 0.1.0`, `logscope dashboard`), for people.
    pub writer: String,
    /// When it was written.
    pub written_at: DateTime<Utc>,
    /// Sorted by key, one per key.
    pub entries: Vec<Entry>,
}

/// Why a part was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartProblem {
    /// It does not begin with [`MAGIC`]: not a part at all.
    NotAPart,
    /// A part format or pack format this code does not read.
    UnknownFormat { format: u64, pack: u64 },
    /// Larger than [`MAX_PART_BYTES`].
    TooLarge { bytes: usize },
    /// Bytes that make no sense, at entry `entry` (0 for the header).
    Corrupt { entry: usize },
}

impl std::fmt::Display for PartProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotAPart => f.write_str("not a summary part"),
            Self::UnknownFormat { format, pack } => write!(
                f,
                "written in format {format}.{pack}, which this version does not read"
            ),
            Self::TooLarge { bytes } => write!(f, "{bytes} bytes, more than a part may hold"),
            Self::Corrupt { entry: 0 } => f.write_str("its header is damaged"),
            Self::Corrupt { entry } => write!(f, "damaged at entry {entry}"),
        }
    }
}

/// `part` as bytes, its entries sorted by key and one per key (the first kept).
pub fn write(part: &Part) -> Vec<u8> {
    let mut entries: Vec<&Entry> = part.entries.iter().collect();
    entries.sort_by(|a, b| a.key.cmp(&b.key));
    entries.dedup_by(|b, a| a.key == b.key);
    let mut out = Writer(Vec::with_capacity(64 + entries.len() * 96));
    out.0.extend_from_slice(MAGIC);
    out.number(FORMAT);
    out.number(u64::from(pack::VERSION));
    out.text(&part.writer);
    out.0
        .extend_from_slice(&part.written_at.timestamp().to_le_bytes());
    out.number(entries.len() as u64);
    let mut previous = "";
    for entry in entries {
        let shared = shared_prefix(previous, &entry.key);
        out.number(shared as u64);
        out.text(&entry.key[shared..]);
        write_etag(&mut out, &entry.etag);
        out.number(entry.size);
        out.maybe(&entry.last_modified, |o, t| o.text(t));
        let summary = pack::encode(&entry.loaded);
        out.number(summary.len() as u64);
        out.0.extend_from_slice(&summary);
        previous = &entry.key;
    }
    out.0
}

/// The part in `bytes`, its keys read as found under `prefix`.
pub fn read(prefix: &str, bytes: &[u8]) -> Result<Part, PartProblem> {
    let mut entries = open(prefix, bytes)?;
    let mut all = Vec::with_capacity(entries.expected());
    for entry in &mut entries {
        all.push(entry?);
    }
    Ok(Part {
        writer: entries.writer,
        written_at: entries.written_at,
        entries: all,
    })
}

/// The part in `bytes`, read one entry at a time: for a reader that must not spend long
/// without yielding, as a page's main thread (a part of 100,000 entries takes most of a
/// second). Yields an error at the first damage, and then nothing.
pub fn open<'a>(prefix: &'a str, bytes: &'a [u8]) -> Result<Entries<'a>, PartProblem> {
    if bytes.len() > MAX_PART_BYTES {
        return Err(PartProblem::TooLarge { bytes: bytes.len() });
    }
    let body = bytes.strip_prefix(MAGIC).ok_or(PartProblem::NotAPart)?;
    let mut r = Reader(body);
    let header = PartProblem::Corrupt { entry: 0 };
    let format = r.number().ok_or(header.clone())?;
    let pack = r.number().ok_or(header.clone())?;
    if format != FORMAT || pack != u64::from(pack::VERSION) {
        return Err(PartProblem::UnknownFormat { format, pack });
    }
    let writer = r.text().ok_or(header.clone())?;
    let (seconds, rest) = r.0.split_first_chunk::<8>().ok_or(header.clone())?;
    r.0 = rest;
    let written_at =
        DateTime::from_timestamp(i64::from_le_bytes(*seconds), 0).ok_or(header.clone())?;
    let count = r.number().ok_or(header)?;
    Ok(Entries {
        prefix,
        bytes: r,
        count,
        done: 0,
        previous: String::new(),
        broken: false,
        writer,
        written_at,
    })
}

/// The entries of a part being read; see [`open`].
pub struct Entries<'a> {
    prefix: &'a str,
    bytes: Reader<'a>,
    count: u64,
    done: u64,
    previous: String,
    broken: bool,
    pub writer: String,
    pub written_at: DateTime<Utc>,
}

impl Entries<'_> {
    /// How many entries the header announces, bounded by what the bytes could hold: a count
    /// beyond that is a lie, not a reason to reserve memory.
    pub fn expected(&self) -> usize {
        usize::try_from(self.count)
            .unwrap_or(0)
            .min(self.bytes.0.len() / 4)
    }

    fn damaged(&mut self, entry: u64) -> Option<Result<Entry, PartProblem>> {
        self.broken = true;
        let entry = usize::try_from(entry).unwrap_or(usize::MAX);
        Some(Err(PartProblem::Corrupt { entry }))
    }
}

impl Iterator for Entries<'_> {
    type Item = Result<Entry, PartProblem>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.broken {
            return None;
        }
        if self.done == self.count {
            // Bytes after the last entry: damage too.
            return if self.bytes.0.is_empty() {
                None
            } else {
                self.damaged(self.done)
            };
        }
        let n = self.done + 1;
        let Some(entry) = read_entry(&mut self.bytes, self.prefix, &self.previous) else {
            return self.damaged(n);
        };
        if n > 1 && entry.key <= self.previous {
            return self.damaged(n);
        }
        self.previous.clone_from(&entry.key);
        self.done = n;
        Some(Ok(entry))
    }
}

fn read_entry(r: &mut Reader<'_>, prefix: &str, previous: &str) -> Option<Entry> {
    let shared = usize::try_from(r.number()?).ok()?;
    let head = previous.get(..shared)?;
    let key = format!("{head}{}", r.text()?);
    let etag = read_etag(r)?;
    let size = r.number()?;
    let last_modified = r.maybe(Reader::text)?;
    let length = usize::try_from(r.number()?).ok()?;
    let (summary, rest) = r.0.split_at_checked(length)?;
    r.0 = rest;
    let KeyKind::Session(session) = parse_key(prefix, &key) else {
        return None;
    };
    let loaded = pack::decode(session, summary)?;
    Some(Entry {
        key,
        etag,
        size,
        last_modified,
        loaded,
    })
}

fn shared_prefix(a: &str, b: &str) -> usize {
    let bytes = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    // Never split a character: the rest is written as text.
    (0..=bytes)
        .rev()
        .find(|&n| b.is_char_boundary(n))
        .unwrap_or(0)
}

fn write_etag(out: &mut Writer, etag: &str) {
    match md5_of(etag) {
        Some(digest) => {
            out.byte(ETAG_MD5);
            out.0.extend_from_slice(&digest);
        }
        None => {
            out.byte(ETAG_TEXT);
            out.text(etag);
        }
    }
}

fn read_etag(r: &mut Reader<'_>) -> Option<String> {
    match r.byte()? {
        ETAG_TEXT => r.text(),
        ETAG_MD5 => {
            let (digest, rest) = r.0.split_first_chunk::<16>()?;
            r.0 = rest;
            Some(digest.iter().map(|b| format!("{b:02x}")).collect())
        }
        _ => None,
    }
}

/// The 16 bytes of 32 lowercase hex digits, the only form kept as bytes, so that reading
/// gives back the very text that was listed.
fn md5_of(etag: &str) -> Option<[u8; 16]> {
    let hex = etag.as_bytes();
    if hex.len() != 32 {
        return None;
    }
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let mut digest = [0u8; 16];
    for (byte, pair) in digest.iter_mut().zip(hex.chunks_exact(2)) {
        *byte = digit(pair[0])? << 4 | digit(pair[1])?;
    }
    Some(digest)
}
