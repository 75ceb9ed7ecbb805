//! The optional `config.json` beside index.html: deploy-time defaults for the form's
//! non-secret fields. The connect feature reads what it says; absent or unreadable, it is
//! simply not used.

use super::http;

/// The bytes of `config.json`, if the site has one.
pub async fn fetch() -> Option<Vec<u8>> {
    // Relative to the page, so a site deployed under a sub-path finds its own file.
    http::own_file("config.json").await
}
