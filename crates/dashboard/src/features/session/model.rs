//! What the detail view of one session shows, apart from the DOM: the request messages with
//! images as placeholders, the response as text (pretty-printed when it is JSON), errors,
//! and lists of objects (`qto_data.components`, `images`) as tables. Everything here is
//! text; the view never interprets it as markup.
//!
//! JSON is laid out by [`crate::ui::json`], in the writer's order and digit for digit.

use serde_json::Value;
use session_log::{Invalid, KeyKind, PriceTable, Session, SessionKey, SessionSummary};

use crate::ui::json::{fields, member, pretty, table, Table};

/// A session read on its own: the whole document, and its summary priced by the price table.
#[derive(Debug)]
pub struct Opened {
    pub session: Session,
    pub summary: SessionSummary,
}

/// An object that is not a session: why, and the start of its text to look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotSession {
    pub reason: Invalid,
    pub preview: String,
}

/// How much of a broken object is shown.
const PREVIEW_BYTES: usize = 64 * 1024;

/// Parses the bytes of the object `key` (its whole key, or a share link's path).
pub fn open(key: &str, bytes: &[u8], prices: &PriceTable) -> Result<Opened, NotSession> {
    match session_log::parse_session(bytes) {
        Ok(session) => Ok(Opened {
            summary: session_log::summarize(session_key(key), &session, prices),
            session,
        }),
        Err(invalid) => Err(NotSession {
            reason: invalid,
            preview: String::from_utf8_lossy(&bytes[..bytes.len().min(PREVIEW_BYTES)]).into_owned(),
        }),
    }
}

/// What a key says, with or without the connection's prefix: the drawing is the folder
/// the object sits in either way.
pub fn session_key(key: &str) -> SessionKey {
    match session_log::parse_key("", key) {
        KeyKind::Session(parsed) => parsed,
        KeyKind::Folder | KeyKind::Own => SessionKey {
            key: key.to_owned(),
            drawing: String::new(),
            session_id: key.to_owned(),
            started: None,
            hash: None,
            session_type: None,
            task_id: None,
        },
    }
}

/// One part of a request message.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// Text, as sent.
    Text(String),
    /// An image the writer reduced to a placeholder.
    Image {
        /// `high`, `low` or `auto`, when recorded.
        detail: Option<String>,
        /// `base64` or `url`, when recorded.
        url_type: Option<String>,
        /// The estimated size, when recorded.
        size_kb: Option<f64>,
    },
    /// Anything else, as JSON text.
    Other(String),
}

/// One request message.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// `system`, `user`, `assistant`, ...
    pub role: String,
    /// Its content.
    pub parts: Vec<Part>,
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The request's messages (`request.messages`), each part typed.
pub fn messages(request: &str) -> Vec<Message> {
    let Ok(request) = serde_json::from_str::<Value>(request) else {
        return Vec::new();
    };
    let Some(list) = request.get("messages").and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .map(|message| Message {
            role: message
                .get("role")
                .map(text_of)
                .unwrap_or_else(|| "unknown".into()),
            parts: match message.get("content") {
                Some(Value::Array(parts)) => parts.iter().map(part).collect(),
                Some(Value::Null) | None => Vec::new(),
                Some(content) => vec![Part::Text(text_of(content))],
            },
        })
        .collect()
}

fn part(value: &Value) -> Part {
    // The writer puts the placeholder's fields either beside `type` or inside `image_url`,
    // where OpenAI's own format has `detail`.
    let inner = value.get("image_url").filter(|v| v.is_object());
    let field = |name: &str| {
        value
            .get(name)
            .or_else(|| inner.and_then(|i| i.get(name)))
            .filter(|v| !v.is_null())
    };
    let is_image = field("estimated_size_kb").is_some()
        || field("url_type").is_some()
        || value.get("type").and_then(Value::as_str) == Some("image_url");
    if is_image {
        return Part::Image {
            detail: field("detail").map(text_of),
            url_type: field("url_type").map(text_of),
            size_kb: field("estimated_size_kb").and_then(Value::as_f64),
        };
    }
    match value.get("text") {
        Some(text) => Part::Text(text_of(text)),
        None => match value {
            Value::String(s) => Part::Text(s.clone()),
            other => Part::Other(pretty(&other.to_string())),
        },
    }
}

/// The response's `content` as text, pretty-printed when it is JSON; the whole response
/// when it has no `content`.
pub fn response_text(response: &str) -> String {
    match member(response, "content") {
        Some(content) => match serde_json::from_str::<String>(content.get()) {
            Ok(text) => pretty(&text),
            Err(_) => pretty(content.get()),
        },
        None => match serde_json::from_str::<String>(response) {
            Ok(text) => text,
            Err(_) => pretty(response),
        },
    }
}

/// An error record (`{type, message}`) as one line.
pub fn error_text(error: &str) -> String {
    match serde_json::from_str::<Value>(error) {
        Ok(Value::Object(map)) => {
            let kind = map.get("type").map(text_of);
            let message = map.get("message").map(text_of);
            match (kind, message) {
                (Some(kind), Some(message)) => format!("{kind}: {message}"),
                (None, Some(message)) => message,
                (Some(kind), None) => kind,
                (None, None) => pretty(error),
            }
        }
        Ok(Value::String(text)) => text,
        _ => pretty(error),
    }
}

/// `results.qto_data.components` as a table, when it is a list of objects.
pub fn qto_table(results: &str) -> Option<Table> {
    let qto = member(results, "qto_data")?;
    table(member(qto.get(), "components")?.get())
}

/// `results.qto_data` without its components, as (name, cell text): the take-off's other
/// figures.
pub fn qto_fields(results: &str) -> Vec<(String, String)> {
    let Some(qto) = member(results, "qto_data") else {
        return Vec::new();
    };
    let mut fields = fields(qto.get());
    fields.retain(|(name, _)| name != "components");
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_keep_text_and_turn_images_into_placeholders() {
        let request = r#"{"messages": [
            {"role": "system", "content": "你是工程量计算助手"},
            {"role": "user", "content": [
                {"type": "text", "text": "<script>alert(1)</script>"},
                {"detail": "high", "url_type": "base64", "estimated_size_kb": 512.5},
                {"type": "image_url", "image_url": {"detail": "low", "url_type": "url", "estimated_size_kb": 3}}
            ]}
        ], "max_tokens": 4096}"#;
        let messages = messages(request);
        assert_eq!(messages.len(), 2);
        assert_eq!(messages[0].parts, [Part::Text("你是工程量计算助手".into())]);
        assert_eq!(
            messages[1].parts[0],
            Part::Text("<script>alert(1)</script>".into())
        );
        assert_eq!(
            messages[1].parts[1],
            Part::Image {
                detail: Some("high".into()),
                url_type: Some("base64".into()),
                size_kb: Some(512.5)
            }
        );
        assert_eq!(
            messages[1].parts[2],
            Part::Image {
                detail: Some("low".into()),
                url_type: Some("url".into()),
                size_kb: Some(3.0)
            },
            "the placeholder's fields may sit inside image_url"
        );
        assert!(super::messages("not json").is_empty());
        assert!(super::messages(r#"{"messages": 3}"#).is_empty());
    }

    #[test]
    fn responses_are_pretty_when_json_and_verbatim_otherwise() {
        assert_eq!(
            response_text(r#"{"content": "{\"test\": \"response\"}", "content_length": 20}"#),
            "{\n  \"test\": \"response\"\n}"
        );
        assert_eq!(
            response_text(r#"{"content": "<img src=x onerror=alert(1)>"}"#),
            "<img src=x onerror=alert(1)>"
        );
        assert_eq!(
            response_text(r#"{"content": "42"}"#),
            "42",
            "a bare number stays as written"
        );
        assert_eq!(response_text("{broken"), "{broken");
    }

    #[test]
    fn errors_read_as_one_line() {
        assert_eq!(
            error_text(r#"{"type": "Timeout", "message": "Request timed out"}"#),
            "Timeout: Request timed out"
        );
        assert_eq!(error_text(r#""boom""#), "boom");
    }

    #[test]
    fn qto_components_become_rows_with_every_column() {
        let results = r#"{"success": true, "qto_data": {"total": 16.5, "components": [
                {"name": "墙", "quantity": 12.5, "unit": "m3"},
                {"name": "柱", "quantity": 4, "unit": "m3", "floor": "2F"},
                "not an object"
            ]}}"#;
        let table = qto_table(results).unwrap();
        assert_eq!(table.columns, ["name", "quantity", "unit", "floor"]);
        assert_eq!(table.rows[0], ["墙", "12.5", "m3", ""]);
        assert_eq!(table.rows[1], ["柱", "4", "m3", "2F"]);
        assert_eq!(qto_fields(results), [("total".into(), "16.5".into())]);
        assert_eq!(qto_table(r#"{"qto_data": {"components": []}}"#), None);
        assert_eq!(qto_table("null"), None);
    }

    #[test]
    fn an_object_opens_as_a_priced_session_or_says_why_not() {
        let key = "openai_logs/12/openai_interaction_qto_T1_1750572866.json_0b9cd106.txt";
        let body = br#"{"session_info": {"status": "completed"},
            "api_calls": [{"model": "gpt-4o-2024-11-20", "cost_estimate": 0.00125,
                "tokens_used": {"prompt_tokens": 100, "completion_tokens": 50}}]}"#;
        let opened = open(key, body, &PriceTable::builtin()).unwrap();
        assert_eq!(
            opened.summary.drawing, "12",
            "from the folder, whatever the prefix"
        );
        assert_eq!(opened.session.calls.len(), 1);
        assert!(
            opened.summary.calls[0].cost_differs(),
            "priced at the old rate"
        );
        let broken = open(key, b"{\"session_info\": ", &PriceTable::builtin()).unwrap_err();
        assert_eq!(broken.reason, Invalid::Truncated { at: 16 });
        assert_eq!(broken.preview, "{\"session_info\": ");
    }
}
