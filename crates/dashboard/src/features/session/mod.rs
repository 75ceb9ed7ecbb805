//! One session (`#/session/KEY`, and `#/shared?url=…` from a share link): what its detail
//! shows apart from the DOM ([`model`]), share links ([`share`]), and the cards that show it.

pub mod body;
pub mod call_card;
pub mod detail;
pub mod extra_fields;
pub mod facts;
pub mod images_card;
pub mod model;
pub mod request_messages;
pub mod results_card;
pub mod share;
pub mod share_control;
pub mod shared;
