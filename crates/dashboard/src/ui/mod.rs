//! Generic widgets that know nothing of sessions or buckets: a labelled field, a choice, a
//! figure tile, a copy button, tables of JSON members, raw JSON, and rendering in a later task.
//! Features build their views from these; nothing here reads the state.

pub mod choice;
pub mod column_heads;
pub mod copy_button;
pub mod data_table;
pub mod field;
pub mod field_list;
pub mod json;
pub mod later;
pub mod raw_json;
pub mod tile;
pub mod window;

/// The id of the page's `<main>`, which the skip link moves focus to.
pub const MAIN_ID: &str = "main-content";
