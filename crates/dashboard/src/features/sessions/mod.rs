//! The sessions table (`#/sessions`): which rows a filter keeps and in which order
//! ([`model`]), the table with its filters, sort headers, check badges and exports.

pub mod check_flags;
pub mod columns;
pub mod export_menu;
pub mod filters;
pub mod model;
pub mod row;
pub mod sort_header;
pub mod table;
