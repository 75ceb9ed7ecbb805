//! Objects written to hurt a reader: markup and script in every field that is shown, lines
//! of megabytes, JSON nested 20,000 deep, an object of 40 MB, bytes that are not UTF-8, a
//! BOM, raw NUL, and numbers out of range, negative, fractional or written as text.
//!
//! Each comes with what a reader must make of it ([`Expect`]). None of them may run code,
//! crash the dashboard's tab or the CLI, or hide the sessions beside it: tests load them
//! between ordinary sessions and check both.

/// Markup that runs script if a page ever treats text as HTML: each piece counts itself in
/// `window.__pwned`, which a test reads.
pub const INJECTIONS: [&str; 5] = [
    "<img src=x onerror=\"window.__pwned=(window.__pwned||0)+1\">",
    "<script>window.__pwned=(window.__pwned||0)+1</script>",
    "\"><svg onload=\"window.__pwned=(window.__pwned||0)+1\">",
    "javascript:window.__pwned=(window.__pwned||0)+1",
    "{{7*7}} ${7*7} <style>*{display:none!important}</style>",
];

/// A folder name that is markup: a key may hold anything but `/`.
pub const INJECTED_DRAWING: &str = "<img src=x onerror=window.__pwned=1>";

/// What a reader must make of a hostile object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// A session, with `flagged` fields that need a second look.
    Session { flagged: usize },
    /// Not a session: refused with a reason.
    Invalid,
    /// Larger than the default size limit: not read at all.
    TooLarge,
}

/// One hostile object.
#[derive(Debug, Clone)]
pub struct Hostile {
    /// What it tries, for messages.
    pub name: &'static str,
    pub key: String,
    pub body: Vec<u8>,
    pub expect: Expect,
}

/// Every hostile object, under `openai_logs/`.
pub fn hostile() -> Vec<Hostile> {
    let injected = INJECTIONS.join(" ");
    let mut all = vec![
        Hostile {
            name: "markup in every shown field",
            key: key(
                INJECTED_DRAWING,
                "inject <b>x<b> \"q\" 'a' &amp;",
                1_750_000_001,
            ),
            body: session(&SessionParts {
                id: &injected,
                drawing: &injected,
                model: &injected,
                content: &injected,
                error: Some(&injected),
                tokens: "1000",
                ..SessionParts::default()
            }),
            expect: Expect::Session { flagged: 0 },
        },
        Hostile {
            name: "a 2 MB line and a 10,000-character model name",
            key: key("51", "long_line", 1_750_000_002),
            body: session(&SessionParts {
                model: &"m".repeat(10_000),
                content: &"x".repeat(2_000_000),
                ..SessionParts::default()
            }),
            expect: Expect::Session { flagged: 0 },
        },
        Hostile {
            name: "api_calls nested 20,000 deep",
            key: key("51", "deep_calls", 1_750_000_003),
            body: deep_in("\"api_calls\": ", 20_000),
            // Read without recursion: one call that is a list, flagged.
            expect: Expect::Session { flagged: 1 },
        },
        Hostile {
            name: "a response nested 20,000 deep",
            key: key("51", "deep_response", 1_750_000_004),
            body: session(&SessionParts {
                response: Some(&nested(20_000)),
                ..SessionParts::default()
            }),
            // Kept as raw JSON for the detail view, read without recursion.
            expect: Expect::Session { flagged: 0 },
        },
        Hostile {
            name: "a byte that is not UTF-8 inside a string",
            key: key("52", "not_utf8", 1_750_000_005),
            body: splice(session(&SessionParts::default()), "answer", b"ans\xffwer"),
            expect: Expect::Invalid,
        },
        Hostile {
            name: "a BOM before the document",
            key: key("52", "bom", 1_750_000_006),
            body: [
                b"\xef\xbb\xbf".as_slice(),
                &session(&SessionParts::default()),
            ]
            .concat(),
            expect: Expect::Session { flagged: 0 },
        },
        Hostile {
            name: "a raw NUL inside a string",
            key: key("52", "raw_nul", 1_750_000_007),
            body: splice(session(&SessionParts::default()), "answer", b"ans\0wer"),
            expect: Expect::Invalid,
        },
        Hostile {
            name: "an escaped NUL and other controls, which JSON allows",
            key: key("52", "escaped_nul", 1_750_000_008),
            body: session(&SessionParts {
                content: "a\u{0}b\u{1b}[31mred\u{7}",
                ..SessionParts::default()
            }),
            expect: Expect::Session { flagged: 0 },
        },
        Hostile {
            name: "token counts negative, fractional, as text and out of range",
            key: key("53", "bad_numbers", 1_750_000_009),
            body: session(&SessionParts {
                tokens: "-5",
                completion: "\"300\"",
                total: "-120",
                cost: "99999999999999999999999999999",
                duration: "\"soon\"",
                ..SessionParts::default()
            }),
            // Both negative counts, the count as text and the duration as text; the cost
            // is a finite number, only absurd.
            expect: Expect::Session { flagged: 4 },
        },
        Hostile {
            name: "a number beyond any float",
            key: key("53", "out_of_range", 1_750_000_012),
            body: session(&SessionParts {
                total: "1e400",
                ..SessionParts::default()
            }),
            // JSON parsers refuse it: the object is not read as a session, and says where.
            expect: Expect::Invalid,
        },
        Hostile {
            name: "a fractional token count",
            key: key("53", "fractional", 1_750_000_010),
            body: session(&SessionParts {
                tokens: "12.5",
                ..SessionParts::default()
            }),
            expect: Expect::Session { flagged: 1 },
        },
        Hostile {
            name: "token counts as large as a u64 holds, written as text",
            key: key("53", "u64_max", 1_750_000_013),
            body: session(&SessionParts {
                tokens: "\"18446744073709551615\"",
                failed_tokens: "\"18446744073709551615\"",
                ..SessionParts::default()
            }),
            // Both counts are read and flagged as text; their sums saturate.
            expect: Expect::Session { flagged: 2 },
        },
    ];
    all.push(Hostile {
        name: "an object of 40 MB",
        key: key("54", "forty_mb", 1_750_000_011),
        body: forty_mb(),
        expect: Expect::TooLarge,
    });
    all
}

/// A session's key in the folder of `drawing`.
fn key(drawing: &str, session: &str, unix: i64) -> String {
    format!("openai_logs/{drawing}/openai_interaction_hostile_{session}_{unix}.json_0000beef.txt")
}

struct SessionParts<'a> {
    id: &'a str,
    drawing: &'a str,
    model: &'a str,
    content: &'a str,
    error: Option<&'a str>,
    /// JSON text of `prompt_tokens`.
    tokens: &'a str,
    completion: &'a str,
    total: &'a str,
    cost: &'a str,
    duration: &'a str,
    /// JSON text of the whole `response`, instead of one made of `content`.
    response: Option<&'a str>,
    /// JSON text of the failed second call's `prompt_tokens`.
    failed_tokens: &'a str,
}

impl Default for SessionParts<'_> {
    fn default() -> Self {
        Self {
            id: "hostile_T1_1750000000",
            drawing: "51",
            model: "gpt-4o-mini",
            content: "answer",
            error: None,
            tokens: "100",
            completion: "20",
            total: "120",
            cost: "0.0001",
            duration: "1.5",
            response: None,
            failed_tokens: "0",
        }
    }
}

fn text(value: &str) -> String {
    serde_json::Value::from(value).to_string()
}

fn session(parts: &SessionParts<'_>) -> Vec<u8> {
    let response = match parts.response {
        Some(raw) => raw.to_owned(),
        None => format!("{{\"content\": {}}}", text(parts.content)),
    };
    let error = parts
        .error
        .map(|e| format!(", \"error\": {{\"type\": {0}, \"message\": {0}}}", text(e)))
        .unwrap_or_default();
    format!(
        r#"{{
  "session_info": {{"session_id": {id}, "task_id": {id}, "drawing_id": {drawing},
    "session_type": {id}, "start_time": "2025-06-01T10:00:00", "end_time": "2025-06-01T10:00:05",
    "status": {id}, "total_duration_seconds": 5.0}},
  "api_calls": [
    {{"call_id": {id}, "model": {model}, "status": "success", "duration_seconds": {duration},
      "tokens_used": {{"prompt_tokens": {tokens}, "completion_tokens": {completion}, "total_tokens": {total}}},
      "cost_estimate": {cost}, "response": {response}}},
    {{"call_id": "call_2", "model": {model}, "status": "failed", "duration_seconds": 0.5,
      "tokens_used": {{"prompt_tokens": {failed_tokens}}}{error}}}
  ]
}}"#,
        id = text(parts.id),
        drawing = text(parts.drawing),
        model = text(parts.model),
        duration = parts.duration,
        tokens = parts.tokens,
        completion = parts.completion,
        total = parts.total,
        cost = parts.cost,
        failed_tokens = parts.failed_tokens,
    )
    .into_bytes()
}

/// `[[[…]]]`, `depth` deep.
fn nested(depth: usize) -> String {
    "[".repeat(depth) + &"]".repeat(depth)
}

/// A session whose `member` holds [`nested`] arrays.
fn deep_in(member: &str, depth: usize) -> Vec<u8> {
    format!(
        "{{\"session_info\": {{\"session_id\": \"deep_T1_1750000000\"}}, {member}{}}}",
        nested(depth)
    )
    .into_bytes()
}

/// `body` with the first `find` replaced by `with`, bytes and all.
fn splice(body: Vec<u8>, find: &str, with: &[u8]) -> Vec<u8> {
    let at = body
        .windows(find.len())
        .position(|w| w == find.as_bytes())
        .expect("the text to replace is in the body");
    [&body[..at], with, &body[at + find.len()..]].concat()
}

/// A well-formed session whose response is 40 MB of text.
fn forty_mb() -> Vec<u8> {
    let mut body = session(&SessionParts {
        content: "PAD",
        ..SessionParts::default()
    });
    let filler = vec![b'z'; 40_000_000 - body.len() + 3];
    body = splice(body, "PAD", &filler);
    debug_assert_eq!(body.len(), 40_000_000);
    body
}
