//! "Why can't I see my logs?" (`#/diagnostics`): the connection checked step by step with
//! the `doctor` crate's checks and words.

pub mod page;
pub mod step;
