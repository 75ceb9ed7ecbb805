//! The optional `config.json` beside index.html: deploy-time defaults for the form's
//! non-secret fields. Absent, unreadable or malformed, it is simply not used.

use super::http;
use crate::settings::prefill::Prefill;

/// The prefill config.json gives, if there is one.
pub async fn fetch() -> Option<Prefill> {
    // Relative to the page, so a site deployed under a sub-path finds its own file.
    let bytes = http::own_file("config.json").await?;
    Prefill::from_config_json(&bytes).ok()
}
