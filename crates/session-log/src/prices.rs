//! OpenAI list prices, to recompute what each call cost and compare with the logged estimate.
//!
//! Prices are USD per million tokens. Every row says where it comes from and as of when;
//! the user can replace or add rows with JSON. Names match exactly first, then with a
//! snapshot date (`-2024-11-20`) removed; a model that matches neither is unknown and is
//! never priced by guess.

use crate::reason::JsonError;
use serde::{Deserialize, Serialize};

/// One model's prices, USD per million tokens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Price {
    /// The model name, or its base name without a snapshot date.
    pub model: String,
    /// Input tokens.
    pub input: f64,
    /// Input tokens served from the prompt cache, where OpenAI lists a price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cached_input: Option<f64>,
    /// Output tokens.
    pub output: f64,
    /// Where the figures come from.
    pub source: String,
    /// The date they were read there (YYYY-MM-DD).
    pub as_of: String,
}

/// A set of prices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriceTable {
    /// The rows; a later row for the same model wins.
    pub prices: Vec<Price>,
}

// Where each row's figures were read. OpenAI's pricing page is undated and changes in place, so
// a row cites the most specific dated statement of its figures that was found: OpenAI's own post
// where one states them, otherwise a dated public copy of the pricing page or model page.

/// OpenAI, "Prompt Caching in the API" (2024-10-01): the gpt-4o-2024-08-06 and
/// gpt-4o-mini-2024-07-18 prices with their new cached-input prices.
const OPENAI_PROMPT_CACHING: &str = "https://openai.com/index/api-prompt-caching/";
/// The pricing page's gpt-4o, gpt-4o-2024-08-06 and gpt-4o-2024-05-13 rows, quoted 2024-09-20.
const GPT_4O_SNAPSHOTS: &str = "https://github.com/promptfoo/promptfoo/pull/1728";
/// A copy of the pricing page taken on 2025-02-01 (gpt-4o, gpt-4o-2024-11-20, ...).
const PRICING_PAGE_2025_02_01: &str = "https://github.com/kharvd/gpt-cli/pull/108";
/// A table of developers.openai.com/api/docs/pricing for the gpt-4o and gpt-4.1 families.
/// The gpt-4.1 cached prices were already these on launch day, 2025-04-14
/// (https://github.com/cline/cline/pull/2887).
const GPT_4_1_FAMILY: &str = "https://github.com/2389-research/dippin-lang/issues/225";
/// The pricing page's o1-2024-12-17 row, quoted 2025-03-20.
const O1: &str = "https://github.com/HazyResearch/minions/issues/28";
/// The o3 price cut of 2025-06-10.
const O3_PRICE_CUT: &str = "https://github.com/langfuse/langfuse/pull/7223";
/// o3-mini's launch prices from the pricing page, 2025-01-31.
const O3_MINI: &str = "https://github.com/BerriAI/litellm/pull/8152";
/// o4-mini's launch prices, citing platform.openai.com/docs/models/o4-mini (2025-04-16 UTC).
const O4_MINI: &str = "https://github.com/RooCodeInc/Roo-Code/pull/2691.patch";
/// The GPT-5 family's launch prices, 2025-08-08.
const GPT_5_FAMILY: &str = "https://github.com/LiveBench/LiveBench/issues/269";

/// (model, input, cached input, output, source, as_of)
#[rustfmt::skip]
/// (model, input, cached input, output, source, as of)
type Row = (&'static str, f64, Option<f64>, f64, &'static str, &'static str);

const BUILTIN: &[Row] = &[
    // The first gpt-4o snapshot kept its launch price after the 2024-08-06 snapshot cut it, and
    // has no cached-input price: prompt caching came to "the latest versions of GPT-4o", and
    // OpenAI's caching guide (as copied in Portkey's docs) excludes gpt-4o-2024-05-13.
    (
        "gpt-4o-2024-05-13",
        5.00,
        None,
        15.00,
        GPT_4O_SNAPSHOTS,
        "2024-09-20",
    ),
    (
        "gpt-4o-2024-08-06",
        2.50,
        Some(1.25),
        10.00,
        OPENAI_PROMPT_CACHING,
        "2024-10-01",
    ),
    (
        "gpt-4o-2024-11-20",
        2.50,
        Some(1.25),
        10.00,
        PRICING_PAGE_2025_02_01,
        "2025-02-01",
    ),
    (
        "gpt-4o",
        2.50,
        Some(1.25),
        10.00,
        PRICING_PAGE_2025_02_01,
        "2025-02-01",
    ),
    // Listed as gpt-4o-mini-2024-07-18, the snapshot the alias names.
    (
        "gpt-4o-mini",
        0.15,
        Some(0.075),
        0.60,
        OPENAI_PROMPT_CACHING,
        "2024-10-01",
    ),
    (
        "gpt-4.1",
        2.00,
        Some(0.50),
        8.00,
        GPT_4_1_FAMILY,
        "2026-08-10",
    ),
    (
        "gpt-4.1-mini",
        0.40,
        Some(0.10),
        1.60,
        GPT_4_1_FAMILY,
        "2026-08-10",
    ),
    (
        "gpt-4.1-nano",
        0.10,
        Some(0.025),
        0.40,
        GPT_4_1_FAMILY,
        "2026-08-10",
    ),
    ("o1", 15.00, Some(7.50), 60.00, O1, "2025-03-20"),
    // Launched 2025-04-16 at $10 / $2.50 cached / $40; calls before 2025-06-10 cost that.
    ("o3", 2.00, Some(0.50), 8.00, O3_PRICE_CUT, "2025-06-10"),
    ("o3-mini", 1.10, Some(0.55), 4.40, O3_MINI, "2025-01-31"),
    ("o4-mini", 1.10, Some(0.275), 4.40, O4_MINI, "2025-04-16"),
    (
        "gpt-5",
        1.25,
        Some(0.125),
        10.00,
        GPT_5_FAMILY,
        "2025-08-08",
    ),
    (
        "gpt-5-mini",
        0.25,
        Some(0.025),
        2.00,
        GPT_5_FAMILY,
        "2025-08-08",
    ),
    (
        "gpt-5-nano",
        0.05,
        Some(0.005),
        0.40,
        GPT_5_FAMILY,
        "2025-08-08",
    ),
];

/// Why a user's price JSON was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PriceError {
    /// Not JSON, or not the shape of a price table (a missing field, a price that is text):
    /// serde_json's error, and where it is, counted from 1 (`line` 0 when serde_json gave
    /// no place).
    Json {
        error: JsonError,
        line: usize,
        column: usize,
    },
    /// A row without a model name.
    NoModel,
    /// A row whose prices are negative or not finite.
    BadPrice {
        /// The row's model name.
        model: String,
    },
}

impl From<serde_json::Error> for PriceError {
    fn from(error: serde_json::Error) -> Self {
        Self::Json {
            error: JsonError::from(&error),
            line: error.line(),
            column: error.column(),
        }
    }
}

impl std::fmt::Display for PriceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("price table: ")?;
        match self {
            // As serde_json says it.
            Self::Json { error, line: 0, .. } => write!(f, "{error}"),
            Self::Json {
                error,
                line,
                column,
            } => write!(f, "{error} at line {line} column {column}"),
            Self::NoModel => f.write_str("a row has no model name"),
            Self::BadPrice { model } => {
                write!(f, "{model}: prices must be numbers of zero or more")
            }
        }
    }
}

impl std::error::Error for PriceError {}

impl PriceTable {
    /// The built-in table.
    pub fn builtin() -> Self {
        Self {
            prices: BUILTIN
                .iter()
                .map(
                    |&(model, input, cached_input, output, source, as_of)| Price {
                        model: model.to_owned(),
                        input,
                        cached_input,
                        output,
                        source: source.to_owned(),
                        as_of: as_of.to_owned(),
                    },
                )
                .collect(),
        }
    }

    /// Reads a table from JSON: `{"prices": [{"model", "input", "cached_input"?, "output",
    /// "source", "as_of"}]}`. Prices must be finite and not negative.
    pub fn from_json(text: &str) -> Result<Self, PriceError> {
        let table: Self = serde_json::from_str(text)?;
        for price in &table.prices {
            let figures = [Some(price.input), price.cached_input, Some(price.output)];
            if price.model.trim().is_empty() {
                return Err(PriceError::NoModel);
            }
            if figures
                .into_iter()
                .flatten()
                .any(|p| !p.is_finite() || p < 0.0)
            {
                return Err(PriceError::BadPrice {
                    model: price.model.clone(),
                });
            }
        }
        Ok(table)
    }

    /// This table with `overrides` on top: their rows replace rows of the same model.
    pub fn with_overrides(mut self, overrides: PriceTable) -> Self {
        self.prices.extend(overrides.prices);
        self
    }

    /// The price of `model`: an exact name first, then the name without a snapshot date.
    pub fn lookup(&self, model: &str) -> Option<&Price> {
        let exact = |name: &str| self.prices.iter().rev().find(|p| p.model == name);
        exact(model).or_else(|| exact(strip_snapshot_date(model)?))
    }

    /// The list cost of one call, in USD; `None` for a model the table does not know.
    pub fn cost(&self, model: &str, prompt: u64, completion: u64, cached: u64) -> Option<f64> {
        let price = self.lookup(model)?;
        let cached = cached.min(prompt);
        let fresh = (prompt - cached) as f64 * price.input;
        let cached = cached as f64 * price.cached_input.unwrap_or(price.input);
        Some((fresh + cached + completion as f64 * price.output) / 1_000_000.0)
    }
}

/// `gpt-4o-mini-2024-07-18` → `gpt-4o-mini`.
fn strip_snapshot_date(model: &str) -> Option<&str> {
    let (base, date) = model.split_at_checked(model.len().checked_sub(11)?)?;
    let date = date.strip_prefix('-')?;
    let shape = date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    shape.then_some(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_model_is_priced_at_its_list_price() {
        let table = PriceTable::builtin();
        // The sample: 100 prompt and 50 completion tokens of gpt-4o-2024-11-20.
        let cost = table.cost("gpt-4o-2024-11-20", 100, 50, 0).unwrap();
        assert!((cost - 0.00075).abs() < 1e-12, "{cost}");
        // The writer's 0.00125 is the 2024-05-13 snapshot's price.
        let old = table.cost("gpt-4o-2024-05-13", 100, 50, 0).unwrap();
        assert!((old - 0.00125).abs() < 1e-12, "{old}");
    }

    #[test]
    fn names_match_exactly_then_without_snapshot_date() {
        let table = PriceTable::builtin();
        assert_eq!(
            table.lookup("gpt-4o-mini-2024-07-18").unwrap().model,
            "gpt-4o-mini"
        );
        assert_eq!(table.lookup("gpt-4.1-2025-04-14").unwrap().model, "gpt-4.1");
        assert_eq!(table.lookup("o3-mini").unwrap().model, "o3-mini");
        assert_eq!(
            table.lookup("gpt-5-nano-2025-08-07").unwrap().model,
            "gpt-5-nano"
        );
        assert!(table.lookup("gpt-4o-2024-05-13").unwrap().input == 5.0);
        for unknown in [
            "gpt-4",
            "gpt-4o-mini-x",
            "claude-3",
            "",
            "gpt-4o-20241120",
            "gpt-4.5-preview",
        ] {
            assert!(
                table.lookup(unknown).is_none(),
                "{unknown} must stay unknown"
            );
            assert!(table.cost(unknown, 1, 1, 0).is_none());
        }
    }

    #[test]
    fn cached_input_is_priced_separately() {
        let table = PriceTable::builtin();
        let cost = table.cost("gpt-4.1", 1_000_000, 0, 400_000).unwrap();
        assert!((cost - (0.6 * 2.0 + 0.4 * 0.5)).abs() < 1e-9, "{cost}");
        let capped = table.cost("gpt-4.1", 10, 0, 50).unwrap();
        assert!(
            (capped - 10.0 * 0.5 / 1e6).abs() < 1e-15,
            "cached never exceeds prompt"
        );
    }

    #[test]
    fn every_builtin_row_has_source_and_date() {
        for price in PriceTable::builtin().prices {
            assert!(price.source.starts_with("https://"), "{}", price.model);
            assert_eq!(price.as_of.len(), 10, "{}", price.model);
        }
    }

    #[test]
    fn user_json_overrides_and_is_checked() {
        let custom = PriceTable::from_json(
            r#"{"prices":[{"model":"gpt-4o-2024-11-20","input":5,"output":15,"source":"ours","as_of":"2025-06-01"},
                          {"model":"my-finetune","input":1,"cached_input":0.5,"output":2,"source":"ours","as_of":"2025-06-01"}]}"#,
        )
        .unwrap();
        let table = PriceTable::builtin().with_overrides(custom);
        assert!((table.cost("gpt-4o-2024-11-20", 100, 50, 0).unwrap() - 0.00125).abs() < 1e-12);
        assert!(table.lookup("my-finetune").is_some());
        assert!(table.lookup("gpt-4o-mini").is_some(), "other rows stay");
        for bad in [
            "not json",
            r#"{"prices":[{"model":"x","input":-1,"output":1,"source":"s","as_of":"d"}]}"#,
            r#"{"prices":[{"model":" ","input":1,"output":1,"source":"s","as_of":"d"}]}"#,
            r#"{"prices":[{"model":"x","output":1,"source":"s","as_of":"d"}]}"#,
        ] {
            assert!(PriceTable::from_json(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn refusals_say_why_in_the_words_they_always_had() {
        let refusal = |text: &str| PriceTable::from_json(text).unwrap_err();
        let row = |model: &str, input: &str| {
            format!(
                r#"{{"prices":[{{"model":"{model}","input":{input},"output":1,"source":"s","as_of":"d"}}]}}"#
            )
        };
        let bad = refusal(&row("x", "-1"));
        assert_eq!(bad, PriceError::BadPrice { model: "x".into() });
        assert_eq!(
            bad.to_string(),
            "price table: x: prices must be numbers of zero or more"
        );
        let nameless = refusal(&row(" ", "1"));
        assert_eq!(nameless, PriceError::NoModel);
        assert_eq!(nameless.to_string(), "price table: a row has no model name");
        let not_json = refusal("{\n  'prices': []}");
        assert_eq!(
            not_json,
            PriceError::Json {
                error: JsonError::KeyMustBeAString,
                line: 2,
                column: 3
            }
        );
        assert_eq!(
            not_json.to_string(),
            "price table: key must be a string at line 2 column 3"
        );
        let shape = refusal(r#"{"prices":[{"model":"x"}]}"#);
        let serde_words = serde_json::from_str::<PriceTable>(r#"{"prices":[{"model":"x"}]}"#)
            .unwrap_err()
            .to_string();
        assert_eq!(shape.to_string(), format!("price table: {serde_words}"));
        assert!(
            matches!(&shape, PriceError::Json { error: JsonError::Other(words), line: 1, .. }
                if words == "missing field `input`"),
            "{shape:?}"
        );
    }
}
