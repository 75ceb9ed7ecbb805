//! Components that make up the page, one per file. Views read the store and settings; they
//! never sign, fetch or read the clock. All log content is shown as text, never as markup.

pub mod by_drawing;
pub mod by_model;
pub mod connect_form;
pub mod error;
pub mod field;
pub mod load_status;
pub mod object_issues;
pub mod overview;
pub mod tile;
