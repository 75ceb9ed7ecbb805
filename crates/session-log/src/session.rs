//! One session document: bytes in, a [`Session`] or an [`Invalid`] out.
//!
//! Every field is optional but `session_info`; unknown fields are kept as raw JSON so the
//! dashboard can show them; big free-form parts (request, response, results, images) are
//! kept as raw JSON text and not built into trees, which keeps bulk loading fast.

use crate::lenient::{Field, Kind};
use crate::reason::{strip_position, Expected, Found, Issue, JsonError};
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Serialize;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

/// Unparsed JSON, kept as written.
pub type Raw = Box<RawValue>;

/// A field whose value needs a second look: a number written as text, a value of the
/// wrong kind. The session still loads; the field is shown and flagged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where: `session_info.total_duration_seconds`, `api_calls[2].tokens_used.prompt_tokens`.
    pub path: String,
    /// What is odd about it.
    pub message: Issue,
}

/// `session_info`.
#[derive(Debug, Default)]
pub struct SessionInfo {
    /// `{session_type}_{task_id}_{unix_seconds}`.
    pub session_id: Option<String>,
    /// The task within the take-off service.
    pub task_id: Option<String>,
    /// An integer in most logs, `unknown` when the writer had none; kept as text.
    pub drawing_id: Option<String>,
    /// What kind of analysis the session was.
    pub session_type: Option<String>,
    /// Naive local time, as the writer's clock showed it.
    pub start_time: Option<String>,
    /// Naive local time; absent or null for a session that never ended.
    pub end_time: Option<String>,
    /// `started` until the session ends, then `completed` (or whatever the writer says).
    pub status: Option<String>,
    /// Seconds from start to end.
    pub total_duration_seconds: Option<f64>,
    /// Fields this version does not know.
    pub extra: Vec<(String, Raw)>,
}

/// One API call of a session.
#[derive(Debug, Default)]
pub struct Call {
    /// `call_{attempt}_{unix_millis}`.
    pub call_id: Option<String>,
    /// The model name as sent, e.g. `gpt-4o-2024-11-20`.
    pub model: Option<String>,
    /// `started`, `success` or `failed`.
    pub status: Option<String>,
    /// Naive local time.
    pub start_time: Option<String>,
    /// Naive local time.
    pub end_time: Option<String>,
    /// How long the call took.
    pub duration_seconds: Option<f64>,
    /// Input tokens.
    pub prompt_tokens: Option<u64>,
    /// Output tokens.
    pub completion_tokens: Option<u64>,
    /// As the writer added them up.
    pub total_tokens: Option<u64>,
    /// Input tokens served from OpenAI's prompt cache, when the writer kept them.
    pub cached_tokens: Option<u64>,
    /// The writer's own estimate, in USD.
    pub cost_estimate: Option<f64>,
    /// The request: messages (images reduced to placeholders) and parameters.
    pub request: Option<Raw>,
    /// The response: `content` and friends.
    pub response: Option<Raw>,
    /// `{type, message}` of a failed call; `null` counts as none.
    pub error: Option<Raw>,
    /// Fields this version does not know.
    pub extra: Vec<(String, Raw)>,
}

impl Call {
    /// Failed: status `failed`, or an error recorded.
    pub fn failed(&self) -> bool {
        self.status.as_deref() == Some("failed") || self.error.is_some()
    }

    /// Prompt plus completion tokens (the writer's own total is not trusted), saturating.
    pub fn tokens(&self) -> u64 {
        self.prompt_tokens
            .unwrap_or(0)
            .saturating_add(self.completion_tokens.unwrap_or(0))
    }
}

/// `metadata`: the writer's own summary, which can disagree with the calls.
#[derive(Debug, Default)]
pub struct Metadata {
    /// Number of calls, by the writer's count.
    pub total_api_calls: Option<u64>,
    /// Successful calls, by the writer's count.
    pub success_calls: Option<u64>,
    /// Failed calls, by the writer's count.
    pub failed_calls: Option<u64>,
    /// Sum of the calls' estimates, by the writer.
    pub total_cost_estimate: Option<f64>,
    /// Tokens, by the writer.
    pub total_tokens_used: Option<u64>,
    /// Prompt tokens, by the writer.
    pub total_prompt_tokens: Option<u64>,
    /// Completion tokens, by the writer.
    pub total_completion_tokens: Option<u64>,
    /// Images sent, by the writer.
    pub images_processed: Option<u64>,
    /// Fields this version does not know.
    pub extra: Vec<(String, Raw)>,
}

/// A whole session document.
#[derive(Debug, Default)]
pub struct Session {
    /// `session_info`, the one part every document has.
    pub info: SessionInfo,
    /// `api_calls`, in order.
    pub calls: Vec<Call>,
    /// `metadata`, when the writer kept one.
    pub metadata: Option<Metadata>,
    /// `images`, raw.
    pub images: Option<Raw>,
    /// `results` (`success`, `qto_data`, `error_info`, ...), raw.
    pub results: Option<Raw>,
    /// Top-level fields this version does not know.
    pub extra: Vec<(String, Raw)>,
    /// Fields that were read with a second look.
    pub problems: Vec<Problem>,
}

/// Why some bytes are not a session. Where the problem has a place, `at` is its byte
/// offset in the document (after a byte order mark, if any).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum Invalid {
    /// Nothing but white space.
    Empty,
    /// The JSON stops before its end.
    Truncated { at: usize },
    /// Not JSON: serde_json's syntax error.
    NotJson { error: JsonError, at: usize },
    /// JSON that serde_json refused for another reason than its syntax: its words.
    Unreadable { message: String, at: usize },
    /// JSON, but not an object; its first byte is at fault.
    NotAnObject { found: Found },
    /// An object without `session_info`.
    NoSessionInfo,
    /// `session_info` is there but not an object.
    BadSessionInfo { found: Found },
}

impl Invalid {
    /// The byte where the problem is, when there is one.
    pub fn offset(&self) -> Option<usize> {
        match self {
            Self::Truncated { at } | Self::NotJson { at, .. } | Self::Unreadable { at, .. } => {
                Some(*at)
            }
            Self::NotAnObject { .. } => Some(0),
            Self::Empty | Self::NoSessionInfo | Self::BadSessionInfo { .. } => None,
        }
    }

    /// What is wrong, in English, without the offset (which `Display` adds).
    pub fn reason(&self) -> String {
        Reason(self).to_string()
    }
}

/// An [`Invalid`]'s English without its offset.
struct Reason<'a>(&'a Invalid);

impl fmt::Display for Reason<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Invalid::Empty => f.write_str("the object is empty"),
            Invalid::Truncated { .. } => f.write_str("the JSON ends early (truncated)"),
            Invalid::NotJson { error, .. } => write!(f, "not JSON: {error}"),
            Invalid::Unreadable { message, .. } => f.write_str(message),
            Invalid::NotAnObject { found } => {
                write!(f, "the document is {found}, not a JSON object")
            }
            Invalid::NoSessionInfo => {
                f.write_str("no session_info: this is JSON, but not a session log")
            }
            Invalid::BadSessionInfo { found } => write!(
                f,
                "session_info is {}",
                Issue::Wrong {
                    found: found.clone(),
                    expected: Expected::Object,
                }
            ),
        }
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Reason(self).fmt(f)?;
        if let Some(offset) = self.offset() {
            write!(f, " (at byte {offset})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Invalid {}

/// Parses a session document.
pub fn parse_session(bytes: &[u8]) -> Result<Session, Invalid> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Invalid::Empty);
    }
    let document: Document = serde_json::from_slice(body).map_err(|e| {
        let at = byte_offset(body, e.line(), e.column());
        match e.classify() {
            serde_json::error::Category::Data => Invalid::Unreadable {
                message: strip_position(&e.to_string()).to_owned(),
                at,
            },
            serde_json::error::Category::Eof => Invalid::Truncated { at },
            _ => Invalid::NotJson {
                error: JsonError::classify(&e.to_string()),
                at,
            },
        }
    })?;
    document.0
}

fn byte_offset(bytes: &[u8], line: usize, column: usize) -> usize {
    let line_start = bytes
        .split_inclusive(|&b| b == b'\n')
        .take(line.saturating_sub(1))
        .map(<[u8]>::len)
        .sum::<usize>();
    (line_start + column.saturating_sub(1)).min(bytes.len())
}

/// Records a lenient field: its value, and a problem when it needed a second look.
fn take<T: Clone>(problems: &mut Vec<Problem>, path: &str, field: Field<T>) -> Option<T> {
    if let Some(message) = field.problem() {
        problems.push(Problem {
            path: path.to_owned(),
            message,
        });
    }
    field.value()
}

fn next<'de, A: MapAccess<'de>, T: Kind>(
    map: &mut A,
    problems: &mut Vec<Problem>,
    path: &str,
) -> Result<Option<T>, A::Error> {
    Ok(take(problems, path, map.next_value::<Field<T>>()?))
}

/// A raw value, where `null` counts as absent.
fn next_raw<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<Raw>, A::Error> {
    let raw: Raw = map.next_value()?;
    Ok((raw.get() != "null").then_some(raw))
}

/// Reads a JSON object field by field; anything else is reported with its kind.
trait ObjectVisitor: Default {
    const WHAT: &'static str;
    fn field<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error>;
}

struct Object<T>(Result<T, Found>);

impl<'de, T: ObjectVisitor> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: ObjectVisitor> Visitor<'de> for V<T> {
            type Value = Object<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", T::WHAT)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut value = T::default();
                while let Some(name) = map.next_key::<Cow<'de, str>>()? {
                    value.field(&name, &mut map)?;
                }
                Ok(Object(Ok(value)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Object(Err(Found::Null)))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(Object(Err(Found::Bool(None))))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(Object(Err(Found::Number)))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(Object(Err(Found::Number)))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(Object(Err(Found::Number)))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Ok(Object(Err(Found::Text(None))))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Object(Err(Found::List)))
            }
        }
        deserializer.deserialize_any(V(std::marker::PhantomData))
    }
}

#[derive(Default)]
struct InfoReader {
    info: SessionInfo,
    problems: Vec<Problem>,
}

impl ObjectVisitor for InfoReader {
    const WHAT: &'static str = "session_info";
    fn field<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
        let (info, p) = (&mut self.info, &mut self.problems);
        let path = || format!("session_info.{name}");
        match name {
            "session_id" => info.session_id = next(map, p, &path())?,
            "task_id" => info.task_id = next(map, p, &path())?,
            "drawing_id" => info.drawing_id = next(map, p, &path())?,
            "session_type" => info.session_type = next(map, p, &path())?,
            "start_time" => info.start_time = next(map, p, &path())?,
            "end_time" => info.end_time = next(map, p, &path())?,
            "status" => info.status = next(map, p, &path())?,
            "total_duration_seconds" => info.total_duration_seconds = next(map, p, &path())?,
            _ => info.extra.push((name.to_owned(), map.next_value()?)),
        }
        Ok(())
    }
}

#[derive(Default)]
struct TokensReader {
    prompt: Option<u64>,
    completion: Option<u64>,
    total: Option<u64>,
    cached: Option<u64>,
    problems: Vec<Problem>,
}

impl ObjectVisitor for TokensReader {
    const WHAT: &'static str = "tokens_used";
    fn field<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
        let p = &mut self.problems;
        match name {
            "prompt_tokens" => self.prompt = next(map, p, name)?,
            "completion_tokens" => self.completion = next(map, p, name)?,
            "total_tokens" => self.total = next(map, p, name)?,
            "cached_tokens" => self.cached = next(map, p, name)?,
            "prompt_tokens_details" => {
                if let Object(Ok(details)) = map.next_value::<Object<TokensReader>>()? {
                    self.cached = self.cached.or(details.cached);
                    p.extend(details.problems);
                }
            }
            _ => {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

#[derive(Default)]
struct CallReader {
    call: Call,
    problems: Vec<Problem>,
}

impl ObjectVisitor for CallReader {
    const WHAT: &'static str = "an API call";
    fn field<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
        let (call, p) = (&mut self.call, &mut self.problems);
        match name {
            "call_id" => call.call_id = next(map, p, name)?,
            "model" => call.model = next(map, p, name)?,
            "status" => call.status = next(map, p, name)?,
            "start_time" => call.start_time = next(map, p, name)?,
            "end_time" => call.end_time = next(map, p, name)?,
            "duration_seconds" => call.duration_seconds = next(map, p, name)?,
            "cost_estimate" => call.cost_estimate = next(map, p, name)?,
            "tokens_used" => match map.next_value::<Object<TokensReader>>()? {
                Object(Ok(tokens)) => {
                    call.prompt_tokens = tokens.prompt;
                    call.completion_tokens = tokens.completion;
                    call.total_tokens = tokens.total;
                    call.cached_tokens = tokens.cached;
                    p.extend(tokens.problems.into_iter().map(|problem| Problem {
                        path: format!("tokens_used.{}", problem.path),
                        ..problem
                    }));
                }
                Object(Err(Found::Null)) => {}
                Object(Err(found)) => p.push(Problem {
                    path: name.to_owned(),
                    message: Issue::Wrong {
                        found,
                        expected: Expected::Object,
                    },
                }),
            },
            "request" => call.request = next_raw(map)?,
            "response" => call.response = next_raw(map)?,
            "error" => call.error = next_raw(map)?,
            _ => call.extra.push((name.to_owned(), map.next_value()?)),
        }
        Ok(())
    }
}

#[derive(Default)]
struct MetadataReader {
    metadata: Metadata,
    problems: Vec<Problem>,
}

impl ObjectVisitor for MetadataReader {
    const WHAT: &'static str = "metadata";
    fn field<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
        let (m, p) = (&mut self.metadata, &mut self.problems);
        let path = || format!("metadata.{name}");
        match name {
            "total_api_calls" => m.total_api_calls = next(map, p, &path())?,
            "success_calls" => m.success_calls = next(map, p, &path())?,
            "failed_calls" => m.failed_calls = next(map, p, &path())?,
            "total_cost_estimate" => m.total_cost_estimate = next(map, p, &path())?,
            "total_tokens_used" => m.total_tokens_used = next(map, p, &path())?,
            "total_prompt_tokens" => m.total_prompt_tokens = next(map, p, &path())?,
            "total_completion_tokens" => m.total_completion_tokens = next(map, p, &path())?,
            "images_processed" => m.images_processed = next(map, p, &path())?,
            _ => m.extra.push((name.to_owned(), map.next_value()?)),
        }
        Ok(())
    }
}

/// The list of calls; an entry that is not an object is a problem, not a call, and so is an
/// `api_calls` that is not a list (its kind is kept for the message).
struct Calls(Vec<Result<CallReader, Found>>, Option<Found>);

impl<'de> Deserialize<'de> for Calls {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Calls;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of API calls")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Calls, A::Error> {
                let mut calls = Vec::with_capacity(seq.size_hint().unwrap_or(4).min(1024));
                while let Some(Object(call)) = seq.next_element::<Object<CallReader>>()? {
                    calls.push(call);
                }
                Ok(Calls(calls, None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Calls, E> {
                Ok(Calls(Vec::new(), None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Calls, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Calls(Vec::new(), Some(Found::Object)))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Calls, E> {
                Ok(Calls(Vec::new(), Some(Found::Text(None))))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Calls, E> {
                Ok(Calls(Vec::new(), Some(Found::Bool(None))))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Calls, E> {
                Ok(Calls(Vec::new(), Some(Found::Number)))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Calls, E> {
                Ok(Calls(Vec::new(), Some(Found::Number)))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Calls, E> {
                Ok(Calls(Vec::new(), Some(Found::Number)))
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[derive(Default)]
struct SessionReader {
    session: Session,
    info_seen: bool,
}

impl ObjectVisitor for SessionReader {
    const WHAT: &'static str = "a session document (a JSON object)";
    fn field<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
        let session = &mut self.session;
        match name {
            "session_info" => match map.next_value::<Object<InfoReader>>()? {
                Object(Ok(reader)) => {
                    session.info = reader.info;
                    session.problems.extend(reader.problems);
                    self.info_seen = true;
                }
                Object(Err(found)) => session.problems.push(Problem {
                    path: "session_info".into(),
                    message: Issue::Wrong {
                        found,
                        expected: Expected::Object,
                    },
                }),
            },
            "api_calls" => {
                let Calls(calls, wrong) = map.next_value::<Calls>()?;
                if let Some(found) = wrong {
                    session.problems.push(Problem {
                        path: "api_calls".into(),
                        message: Issue::Wrong {
                            found,
                            expected: Expected::Calls,
                        },
                    });
                }
                for (index, call) in calls.into_iter().enumerate() {
                    match call {
                        Ok(reader) => {
                            session
                                .problems
                                .extend(reader.problems.into_iter().map(|p| Problem {
                                    path: format!("api_calls[{index}].{}", p.path),
                                    ..p
                                }));
                            session.calls.push(reader.call);
                        }
                        Err(found) => session.problems.push(Problem {
                            path: format!("api_calls[{index}]"),
                            message: Issue::Wrong {
                                found,
                                expected: Expected::Call,
                            },
                        }),
                    }
                }
            }
            "metadata" => match map.next_value::<Object<MetadataReader>>()? {
                Object(Ok(reader)) => {
                    session.metadata = Some(reader.metadata);
                    session.problems.extend(reader.problems);
                }
                Object(Err(Found::Null)) => {}
                Object(Err(found)) => session.problems.push(Problem {
                    path: "metadata".into(),
                    message: Issue::Wrong {
                        found,
                        expected: Expected::Object,
                    },
                }),
            },
            "images" => session.images = next_raw(map)?,
            "results" => session.results = next_raw(map)?,
            _ => session.extra.push((name.to_owned(), map.next_value()?)),
        }
        Ok(())
    }
}

/// The top level: an object with `session_info`, or the reason it is not a session.
struct Document(Result<Session, Invalid>);

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let Object(reader) = Object::<SessionReader>::deserialize(deserializer)?;
        Ok(Document(match reader {
            Ok(reader) if reader.info_seen => Ok(reader.session),
            // Only an `Object` problem is ever recorded at `session_info` itself.
            Ok(reader) => Err(match reader.session.problems.into_iter().next() {
                Some(Problem {
                    path,
                    message: Issue::Wrong { found, .. },
                }) if path == "session_info" => Invalid::BadSessionInfo { found },
                _ => Invalid::NoSessionInfo,
            }),
            Err(found) => Err(Invalid::NotAnObject { found }),
        }))
    }
}
