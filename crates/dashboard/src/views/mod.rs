//! Components that make up the page, one per file. Views read the store, the route and
//! settings; they never sign, fetch or read the clock themselves, but ask the loader (to
//! open one session, or make a share link). All log content is shown as text, never as
//! markup, and no `href` or `src` is ever built from it.

pub mod by_drawing;
pub mod by_model;
pub mod cache_controls;
pub mod call_card;
pub mod charts;
pub mod check_flags;
pub mod choice;
pub mod column_heads;
pub mod connect_form;
pub mod copy_button;
pub mod cost_check;
pub mod cost_checks;
pub mod cost_findings;
pub mod cost_models;
pub mod cost_price_file;
pub mod cost_sessions;
pub mod data_table;
pub mod diagnostics;
pub mod diagnostics_step;
pub mod error;
pub mod export_menu;
pub mod extra_fields;
pub mod field;
pub mod field_list;
pub mod images_card;
pub mod later;
pub mod load_status;
pub mod locale_controls;
pub mod object_issues;
pub mod overview;
pub mod price_table;
pub mod raw_json;
pub mod request_messages;
pub mod results_card;
pub mod session_body;
pub mod session_detail;
pub mod session_facts;
pub mod session_filters;
pub mod session_row;
pub mod sessions_table;
pub mod share_control;
pub mod shared_session;
pub mod sort_header;
pub mod tabs;
pub mod tile;
