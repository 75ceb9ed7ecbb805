//! What `stats` prints: the report from session-log as text or JSON on stdout, and the
//! stderr line for a prefix that holds nothing.

use crate::UsageError;
use session_log::Report;

pub fn render(report: &Report, json: bool) -> Result<String, UsageError> {
    if json {
        serde_json::to_string_pretty(report)
            .map_err(|e| UsageError(format!("cannot write the report as JSON: {e}")))
    } else {
        Ok(report.to_text().trim_end().to_owned())
    }
}

/// At most this many top-level prefixes are named.
const SHOWN: usize = 12;

/// `no objects under openai_logs/ in bucket logs; top-level prefixes here: a/, b/`.
pub fn empty_hint(prefix: &str, place: &str, top: &[String]) -> String {
    let under = if prefix.is_empty() {
        format!("no objects in {place}")
    } else {
        format!("no objects under {prefix} in {place}")
    };
    if top.is_empty() {
        return format!("{under}; it has no top-level prefixes");
    }
    let mut named = top
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if top.len() > SHOWN {
        named.push_str(&format!(" and {} more", top.len() - SHOWN));
    }
    format!("{under}; top-level prefixes here: {named}")
}

#[cfg(test)]
mod tests {
    use super::empty_hint;

    #[test]
    fn the_hint_names_what_is_there() {
        let top = ["ai_interactions/".to_owned(), "other/".to_owned()];
        assert_eq!(
            empty_hint("openai_logs/", "bucket logs", &top),
            "no objects under openai_logs/ in bucket logs; top-level prefixes here: \
             ai_interactions/, other/"
        );
        assert!(empty_hint("x/", "bucket logs", &[]).ends_with("no top-level prefixes"));
        let many: Vec<String> = (0..20).map(|i| format!("p{i}/")).collect();
        assert!(empty_hint("x/", "b", &many).ends_with("p11/ and 8 more"));
    }
}
