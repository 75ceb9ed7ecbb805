//! What a reader sees, one folder per feature: the connection form, the overview, the
//! sessions table, one session, the cost check and the diagnostics page. Each keeps its logic
//! apart from the DOM in a `model` that is tested natively, and its views beside it. A feature
//! may use another's model, never its views.

pub mod connect;
pub mod costs;
pub mod diagnostics;
pub mod overview;
pub mod session;
pub mod sessions;
