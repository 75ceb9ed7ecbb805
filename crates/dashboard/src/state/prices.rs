//! The price table in use: the built-in one, or it with the rows of a price file the user
//! uploaded on top. The file's text is kept in localStorage (`logscope.prices`: prices are
//! not secrets) and read again when the page opens, so the choice survives a reload and
//! applies to every load after it. A file that is not a price table is refused with where
//! and why, and changes nothing.

use std::sync::Arc;

use leptos::prelude::*;
use session_log::{JsonError, PriceError, PriceTable};

use super::Store;
use crate::io::storage::{self, Kept};

/// Where the user's price file is kept.
pub const STORAGE_KEY: &str = "logscope.prices";

/// The table list costs come from.
#[derive(Clone, Debug, PartialEq)]
pub struct Prices {
    /// The built-in table with the user's rows on top.
    pub table: Arc<PriceTable>,
    /// The user's rows, when a price file is in use.
    pub overrides: Option<PriceTable>,
    /// Counts changes of the table, so that rows rendered with an older one render again.
    pub version: u32,
}

/// Why a price file was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriceFileError {
    /// Where in the file, counted from 1, when the JSON itself is at fault.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub problem: PriceProblem,
    /// The file was the one kept from an earlier visit (the built-in table is in use).
    pub kept: bool,
}

/// What is wrong with a price file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PriceProblem {
    /// Not JSON, or not the shape of a price table: serde_json's error.
    Json(JsonError),
    /// A row without a model name.
    NoModel,
    /// A row whose prices are negative or not numbers: its model.
    BadPrice(String),
    /// The browser could not read the chosen file at all.
    Unreadable,
}

/// Reads a price file: `{"prices": [{"model", "input", "cached_input"?, "output", "source",
/// "as_of"}]}`, USD per million tokens, as [`PriceTable::from_json`] reads it.
pub fn read_price_file(text: &str) -> Result<PriceTable, PriceFileError> {
    let refused = |line, column, problem| PriceFileError {
        line,
        column,
        problem,
        kept: false,
    };
    PriceTable::from_json(text).map_err(|error| match error {
        // serde_json gives line 0 when it has no place to give.
        PriceError::Json {
            error,
            line,
            column,
        } => refused(
            (line > 0).then_some(line),
            (line > 0).then_some(column),
            PriceProblem::Json(error),
        ),
        PriceError::NoModel => refused(None, None, PriceProblem::NoModel),
        PriceError::BadPrice { model } => refused(None, None, PriceProblem::BadPrice(model)),
    })
}

impl Prices {
    /// The built-in table with `overrides` on top.
    fn with(overrides: Option<PriceTable>, version: u32) -> Self {
        let table = match &overrides {
            Some(rows) => PriceTable::builtin().with_overrides(rows.clone()),
            None => PriceTable::builtin(),
        };
        Self {
            table: Arc::new(table),
            overrides,
            version,
        }
    }

    /// The table kept on this device, and why it was refused when it no longer reads.
    pub fn kept() -> (Self, Option<PriceFileError>) {
        match storage::get(Kept::OnDevice, STORAGE_KEY) {
            None => (Self::with(None, 0), None),
            Some(text) => match read_price_file(&text) {
                Ok(rows) => (Self::with(Some(rows), 0), None),
                Err(error) => (
                    Self::with(None, 0),
                    Some(PriceFileError {
                        kept: true,
                        ..error
                    }),
                ),
            },
        }
    }
}

impl Store {
    /// Uses the price file `text` from now on, keeps it on this device and reprices
    /// everything; a file that is not a price table is refused and nothing changes.
    pub fn offer_price_file(&self, text: &str) {
        match read_price_file(text) {
            Ok(rows) => {
                // Storage full or disabled: the file applies until the page closes.
                storage::set(Kept::OnDevice, STORAGE_KEY, text);
                self.price_refusal.set(None);
                self.use_prices(Some(rows));
            }
            Err(error) => self.price_refusal.set(Some(error)),
        }
    }

    /// Refuses a price file the browser could not even read; nothing else changes.
    pub fn refuse_price_file(&self, error: PriceFileError) {
        self.price_refusal.set(Some(error));
    }

    /// Forgets the price file and goes back to the built-in table.
    pub fn reset_prices(&self) {
        storage::remove(Kept::OnDevice, STORAGE_KEY);
        self.price_refusal.set(None);
        self.use_prices(None);
    }

    fn use_prices(&self, overrides: Option<PriceTable>) {
        let version = self.prices.with_untracked(|p| p.version) + 1;
        let prices = Prices::with(overrides, version);
        let table = prices.table.clone();
        self.prices.set(prices);
        self.reprice(&table);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_price_file_adds_and_replaces_rows() {
        let rows = read_price_file(
            r#"{"prices": [{"model": "gpt-4o-2024-11-20", "input": 5, "output": 15,
                            "source": "our contract", "as_of": "2025-06-01"}]}"#,
        )
        .unwrap();
        let prices = Prices::with(Some(rows), 3);
        let cost = prices.table.cost("gpt-4o-2024-11-20", 100, 50, 0).unwrap();
        assert!((cost - 0.00125).abs() < 1e-12, "{cost}");
        assert!(
            prices.table.lookup("gpt-4.1").is_some(),
            "the other rows stay"
        );
        assert_eq!(prices.version, 3);
    }

    #[test]
    fn broken_json_is_refused_with_line_and_column() {
        let error = read_price_file("{\"prices\": [\n  {\"model\": \"x\",, }\n]}").unwrap_err();
        assert_eq!((error.line, error.column), (Some(2), Some(17)));
        assert_eq!(
            error.problem,
            PriceProblem::Json(JsonError::KeyMustBeAString),
            "{error:?}"
        );
        let missing = read_price_file(r#"{"prices": [{"model": "x", "input": 1}]}"#).unwrap_err();
        assert!(
            matches!(&missing.problem, PriceProblem::Json(JsonError::Other(m))
                if m.contains("missing field")),
            "{missing:?}"
        );
        assert_eq!(missing.line, Some(1));
    }

    #[test]
    fn rows_that_cannot_be_prices_are_named() {
        let row = |model: &str, input: &str| {
            format!(
                r#"{{"prices": [{{"model": "{model}", "input": {input}, "output": 1,
                                  "source": "s", "as_of": "2025-01-01"}}]}}"#
            )
        };
        assert_eq!(
            read_price_file(&row(" ", "1")).unwrap_err().problem,
            PriceProblem::NoModel
        );
        assert_eq!(
            read_price_file(&row("mine", "-1")).unwrap_err().problem,
            PriceProblem::BadPrice("mine".into())
        );
        assert!(read_price_file(&row("mine", "0.5")).is_ok());
    }
}
