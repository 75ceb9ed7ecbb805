//! The cost check (`#/costs`): logged cost against list price per model, per session and in
//! total, the mismatches in words, the price table in use and the user's own price file.

pub mod checks;
pub mod findings;
pub mod models;
pub mod page;
pub mod price_file;
pub mod price_table;
pub mod sessions;
