//! The page's own address, as the browser gives it.

/// The page URL's query string, `?` included; empty when it has none.
pub fn query() -> String {
    web_sys::window()
        .and_then(|window| window.location().search().ok())
        .unwrap_or_default()
}
