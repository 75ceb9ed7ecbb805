//! Components that make up the page.

pub mod connect_form;
