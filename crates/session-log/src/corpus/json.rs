//! JSON written byte for byte like Python's `json.dumps(value, ensure_ascii=False, indent=2)`,
//! the way the real writer saves sessions: keys in insertion order, two-space indent, `,` at
//! the end of a line and `": "` between key and value, non-ASCII text as is, and floats as
//! Python's `repr` prints them (`1e-05`, `150.0`). serde_json's pretty printer differs on
//! floats (`1e-5`) and, without its `preserve_order` feature, sorts object keys.

/// A JSON value whose objects keep their keys in the order they were added.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl Json {
    /// An object from `(key, value)` pairs, in order.
    pub(crate) fn obj<const N: usize>(fields: [(&str, Json); N]) -> Json {
        Json::Obj(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
    }

    /// Adds a field at the end of an object; does nothing to other values.
    pub(crate) fn push(&mut self, key: &str, value: Json) {
        if let Json::Obj(fields) = self {
            fields.push((key.to_owned(), value));
        }
    }

    /// Removes a field of an object.
    pub(crate) fn remove(&mut self, key: &str) {
        if let Json::Obj(fields) = self {
            fields.retain(|(k, _)| k != key);
        }
    }
}

impl From<&str> for Json {
    fn from(text: &str) -> Self {
        Json::Str(text.to_owned())
    }
}

impl From<String> for Json {
    fn from(text: String) -> Self {
        Json::Str(text)
    }
}

impl From<u64> for Json {
    fn from(n: u64) -> Self {
        Json::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<f64> for Json {
    fn from(x: f64) -> Self {
        Json::Float(x)
    }
}

impl From<bool> for Json {
    fn from(b: bool) -> Self {
        Json::Bool(b)
    }
}

impl<T: Into<Json>> From<Option<T>> for Json {
    fn from(value: Option<T>) -> Self {
        value.map_or(Json::Null, Into::into)
    }
}

/// `json.dumps(value, ensure_ascii=False, indent=2)`.
pub(crate) fn dumps(value: &Json) -> String {
    let mut out = String::new();
    write(value, 0, &mut out);
    out
}

fn write(value: &Json, level: usize, out: &mut String) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Int(n) => out.push_str(&n.to_string()),
        Json::Float(x) => out.push_str(&python_float(*x)),
        Json::Str(text) => write_string(text, out),
        Json::Arr(items) if items.is_empty() => out.push_str("[]"),
        Json::Obj(fields) if fields.is_empty() => out.push_str("{}"),
        Json::Arr(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                separator(i, level + 1, out);
                write(item, level + 1, out);
            }
            newline(level, out);
            out.push(']');
        }
        Json::Obj(fields) => {
            out.push('{');
            for (i, (key, item)) in fields.iter().enumerate() {
                separator(i, level + 1, out);
                write_string(key, out);
                out.push_str(": ");
                write(item, level + 1, out);
            }
            newline(level, out);
            out.push('}');
        }
    }
}

fn separator(index: usize, level: usize, out: &mut String) {
    if index > 0 {
        out.push(',');
    }
    newline(level, out);
}

fn newline(level: usize, out: &mut String) {
    out.push('\n');
    for _ in 0..level {
        out.push_str("  ");
    }
}

/// Python's `str(value)` of the same dict: what a writer saves when it forgets `json.dumps`.
/// Single-quoted, `None`, `True`: not JSON.
pub(crate) fn python_str(value: &Json) -> String {
    match value {
        Json::Null => "None".into(),
        Json::Bool(b) => if *b { "True" } else { "False" }.into(),
        Json::Int(n) => n.to_string(),
        Json::Float(x) => python_float(*x),
        Json::Str(text) => {
            // Python quotes with ' unless the text has a ' and no ".
            let quote = if text.contains('\'') && !text.contains('"') {
                '"'
            } else {
                '\''
            };
            let mut out = String::from(quote);
            for c in text.chars() {
                match c {
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    c if c == quote => {
                        out.push('\\');
                        out.push(c);
                    }
                    c => out.push(c),
                }
            }
            out.push(quote);
            out
        }
        Json::Arr(items) => {
            let items: Vec<String> = items.iter().map(python_str).collect();
            format!("[{}]", items.join(", "))
        }
        Json::Obj(fields) => {
            let fields: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{}: {}", python_str(&Json::Str(k.clone())), python_str(v)))
                .collect();
            format!("{{{}}}", fields.join(", "))
        }
    }
}

/// Python escapes only `"`, `\` and the C0 controls when `ensure_ascii=False`.
fn write_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Python's `repr(float)`: the shortest digits that read back to the same number (Rust's
/// `{:e}` finds the same ones), in positional notation while the decimal exponent is
/// from -4 to 15, else as `d.ddde±XX`.
pub(crate) fn python_float(x: f64) -> String {
    if !x.is_finite() {
        // Python writes these, though they are not JSON; the generator never makes them.
        return if x.is_nan() {
            "NaN".into()
        } else if x > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0.0" } else { "0.0" }.into();
    }
    let scientific = format!("{:e}", x.abs());
    let (mantissa, exponent) = scientific
        .split_once('e')
        .expect("{:e} always has an exponent");
    let exponent: i32 = exponent.parse().expect("{:e} writes a whole exponent");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let sign = if x < 0.0 { "-" } else { "" };
    // The value is 0.DIGITS × 10^point.
    let point = exponent + 1;
    if !(-3..=16).contains(&point) {
        let (first, rest) = digits.split_at(1);
        let fraction = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let exp_sign = if exponent < 0 { '-' } else { '+' };
        return format!("{sign}{first}{fraction}e{exp_sign}{:02}", exponent.abs());
    }
    if point <= 0 {
        let zeros = "0".repeat(point.unsigned_abs() as usize);
        return format!("{sign}0.{zeros}{digits}");
    }
    let point = point as usize;
    if point >= digits.len() {
        let zeros = "0".repeat(point - digits.len());
        format!("{sign}{digits}{zeros}.0")
    } else {
        format!("{sign}{}.{}", &digits[..point], &digits[point..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each right-hand side is what CPython 3 prints for `repr` of the left-hand side.
    #[test]
    fn floats_read_like_python_repr() {
        let cases = [
            (0.00125, "0.00125"),
            (1e-05, "1e-05"),
            (1.5e-07, "1.5e-07"),
            (1e16, "1e+16"),
            (123456789012345680.0, "1.2345678901234568e+17"),
            (1e15, "1000000000000000.0"),
            (0.1 + 0.2, "0.30000000000000004"),
            (-2.5, "-2.5"),
            (0.0001, "0.0001"),
            (100.0, "100.0"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
            (245.37, "245.37"),
            (0.001039, "0.001039"),
            (12345.678, "12345.678"),
        ];
        for (x, python) in cases {
            assert_eq!(python_float(x), python, "{x:e}");
        }
    }

    /// The expected text is what CPython printed for
    /// `json.dumps({'a':[],'b':{},'c':[1,2.0,None,True,'图纸 "x"\n\t\x01\x7f\u2028'],
    /// 'd':{'e':-0.5}}, ensure_ascii=False, indent=2)`.
    #[test]
    fn documents_read_like_python_json_dumps() {
        let value = Json::obj([
            ("a", Json::Arr(vec![])),
            ("b", Json::Obj(vec![])),
            (
                "c",
                Json::Arr(vec![
                    Json::Int(1),
                    Json::Float(2.0),
                    Json::Null,
                    Json::Bool(true),
                    "图纸 \"x\"\n\t\u{1}\u{7f}\u{2028}".into(),
                ]),
            ),
            ("d", Json::obj([("e", Json::Float(-0.5))])),
        ]);
        let python = "{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    1,\n    2.0,\n    null,\n    \
                      true,\n    \"图纸 \\\"x\\\"\\n\\t\\u0001\u{7f}\u{2028}\"\n  ],\n  \"d\": {\n    \
                      \"e\": -0.5\n  }\n}";
        assert_eq!(dumps(&value), python);
    }

    /// CPython: `str({'a': [None, True, 1.5], 'b': "it's\n图", 'c': 'say "it\'s"'})`.
    #[test]
    fn python_str_is_not_json() {
        let value = Json::obj([
            (
                "a",
                Json::Arr(vec![Json::Null, Json::Bool(true), Json::Float(1.5)]),
            ),
            ("b", "it's\n图".into()),
            ("c", "say \"it's\"".into()),
        ]);
        assert_eq!(
            python_str(&value),
            r#"{'a': [None, True, 1.5], 'b': "it's\n图", 'c': 'say "it\'s"'}"#
        );
    }
}
