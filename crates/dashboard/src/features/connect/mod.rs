//! The connection: where the bucket is and which keys to use, checked ([`model`]), given
//! ahead of time by the query or `config.json` ([`prefill`]), kept between visits
//! ([`storage`]), and the form that edits them ([`form`]).

pub mod actions;
pub mod form;
pub mod model;
pub mod prefill;
pub mod storage;
