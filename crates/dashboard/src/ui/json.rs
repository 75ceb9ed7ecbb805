//! JSON shown as text for reading, never as markup: laid out in the writer's key order with
//! numbers digit for digit, on one line for a table cell, an object's members as name and
//! value, and a list of objects as a table with a column for every member.
//!
//! JSON is re-laid-out as text rather than through `serde_json::Value`: without serde_json's
//! `preserve_order` a `Value` sorts keys alphabetically and turns big integers into floats,
//! and a log viewer must show what the writer wrote, in its order, digit for digit.

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

/// JSON text re-indented for reading, keys in the writer's order and numbers as written;
/// text that is not a JSON object or array comes back as it was.
pub fn pretty(text: &str) -> String {
    let trimmed = text.trim();
    if is_container(trimmed) {
        layout(trimmed, true)
    } else {
        text.to_owned()
    }
}

/// JSON text on one line (`{"a": 1, "b": [2, 3]}`), for table cells; other text as it was.
pub fn compact(text: &str) -> String {
    let trimmed = text.trim();
    if is_container(trimmed) {
        layout(trimmed, false)
    } else {
        text.to_owned()
    }
}

fn is_container(text: &str) -> bool {
    (text.starts_with('{') || text.starts_with('['))
        && serde_json::from_str::<&RawValue>(text).is_ok()
}

/// Levels past this one are laid out at its indent: JSON nested 20,000 deep (40 KB) would
/// otherwise become 800 MB of spaces.
const DEEPEST_INDENT: usize = 32;

/// Lays out valid JSON: whitespace outside strings is dropped and put back, two spaces per
/// level (up to [`DEEPEST_INDENT`]) when `indented`, else on one line with a space after `:`
/// and `,`.
fn layout(json: &str, indented: bool) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 4);
    let mut depth = 0usize;
    let newline = |out: &mut String, depth: usize| {
        if indented {
            out.push('\n');
            for _ in 0..depth.min(DEEPEST_INDENT) {
                out.push_str("  ");
            }
        }
    };
    let mut chars = json.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                out.push('"');
                while let Some(c) = chars.next() {
                    out.push(c);
                    match c {
                        '\\' => out.extend(chars.next()),
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '{' | '[' => {
                out.push(c);
                while chars.next_if(|c| c.is_ascii_whitespace()).is_some() {}
                if let Some(close) = chars.next_if(|&next| next == '}' || next == ']') {
                    out.push(close);
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(',');
                if indented {
                    newline(&mut out, depth);
                } else {
                    out.push(' ');
                }
            }
            ':' => out.push_str(": "),
            c if c.is_ascii_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

/// A JSON object's members in the writer's order, values left unparsed.
struct Members<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for Members<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> Visitor<'de> for Entries {
            type Value = Members<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut members = Vec::new();
                while let Some(entry) = map.next_entry::<String, &'de RawValue>()? {
                    members.push(entry);
                }
                Ok(Members(members))
            }
        }
        deserializer.deserialize_map(Entries)
    }
}

pub fn members(json: &str) -> Option<Vec<(String, &RawValue)>> {
    serde_json::from_str::<Members>(json).ok().map(|m| m.0)
}

pub fn member<'a>(json: &'a str, name: &str) -> Option<&'a RawValue> {
    members(json)?
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v)
}

/// A JSON value as a table cell: a string without its quotes, `null` as nothing, anything
/// else on one line.
pub fn cell(json: &str) -> String {
    match json.trim() {
        "null" => String::new(),
        text if text.starts_with('"') => serde_json::from_str(text).unwrap_or_else(|_| text.into()),
        text => compact(text),
    }
}

/// The members of a JSON object as (name, cell text), in the writer's order; nothing when
/// it is not an object.
pub fn fields(object: &str) -> Vec<(String, String)> {
    members(object)
        .unwrap_or_default()
        .into_iter()
        .map(|(name, value)| (name, cell(value.get())))
        .collect()
}

/// A table: column names, then rows of cells, all text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    /// Column names, in first-seen order.
    pub columns: Vec<String>,
    /// One row per object.
    pub rows: Vec<Vec<String>>,
}

/// A JSON list of objects as a table with a column for every member any of them has;
/// `None` when it holds no object. Other elements are left out.
pub fn table(list: &str) -> Option<Table> {
    let elements: Vec<&RawValue> = serde_json::from_str(list).ok()?;
    let objects: Vec<Vec<(String, &RawValue)>> =
        elements.iter().filter_map(|e| members(e.get())).collect();
    if objects.is_empty() {
        return None;
    }
    let mut columns: Vec<String> = Vec::new();
    for object in &objects {
        for (name, _) in object {
            if !columns.contains(name) {
                columns.push(name.clone());
            }
        }
    }
    let rows = objects
        .iter()
        .map(|object| {
            columns
                .iter()
                .map(|c| {
                    object
                        .iter()
                        .find(|(n, _)| n == c)
                        .map(|(_, v)| cell(v.get()))
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect();
    Some(Table { columns, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_json_is_laid_out_in_about_its_own_size() {
        let deep = "[".repeat(20_000) + &"]".repeat(20_000);
        let laid_out = pretty(&deep);
        assert!(laid_out.len() < 3_000_000, "{} bytes", laid_out.len());
        assert_eq!(
            laid_out.chars().filter(|c| !c.is_whitespace()).count(),
            40_000
        );
    }

    #[test]
    fn pretty_json_keeps_the_writers_order_and_digits() {
        let written = r#"{"zeta": 1, "alpha": [12345678901234567890123, 1.10, {}, []],
            "text": "a \"quoted\" {brace}, [x]: y", "nested": {"b": null}}"#;
        assert_eq!(
            pretty(written),
            "{\n  \"zeta\": 1,\n  \"alpha\": [\n    12345678901234567890123,\n    1.10,\n    \
             {},\n    []\n  ],\n  \"text\": \"a \\\"quoted\\\" {brace}, [x]: y\",\n  \
             \"nested\": {\n    \"b\": null\n  }\n}"
        );
        assert_eq!(
            compact(written),
            "{\"zeta\": 1, \"alpha\": [12345678901234567890123, 1.10, {}, []], \
             \"text\": \"a \\\"quoted\\\" {brace}, [x]: y\", \"nested\": {\"b\": null}}"
        );
        assert_eq!(pretty("[1, 2"), "[1, 2", "not JSON: as it was");
        assert_eq!(pretty(" plain "), " plain ");
    }

    #[test]
    fn object_lists_keep_the_writers_column_order() {
        let images = r#"[{"index": 0, "original_path": "/tmp/a b.png", "encoded_size_bytes": 10},
                         {"index": 1, "extra": {"k": [1, 2]}, "original_path": null}]"#;
        let table = table(images).unwrap();
        assert_eq!(
            table.columns,
            ["index", "original_path", "encoded_size_bytes", "extra"]
        );
        assert_eq!(table.rows[1], ["1", "", "", "{\"k\": [1, 2]}"]);
        assert_eq!(
            fields(r#"{"success": false, "error_info": {"message": "x"}}"#),
            [
                ("success".into(), "false".into()),
                ("error_info".into(), "{\"message\": \"x\"}".into())
            ]
        );
        assert!(fields("[1]").is_empty());
    }
}
