//! The logscope dashboard: a Leptos client-side app, compiled to WebAssembly and bundled by
//! trunk into `dist/`, a folder of static files with no server of our own behind it.
//!
//! It reads LLM interaction logs straight from an S3-compatible bucket, signing every
//! request in the browser with SigV4 presigned URLs. Data flows one way:
//! [`settings`] (the form, storage, URL query, config.json) → [`loader`] (signing with
//! s3-presign, fetching, parsing with session-log) → [`store`] (signals) → [`views`].
//! Which view shows is the [`route`], kept in the URL fragment by [`nav`]; the views' logic
//! apart from the DOM lives in [`table`], [`detail`] and [`share`], tested natively.

mod app;
mod cache;
mod detail;
mod explain;
mod format;
mod loader;
mod locale;
mod nav;
mod problem;
mod reasons;
mod route;
mod rows;
mod settings;
mod share;
mod store;
mod table;
mod timer;
mod views;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}

// The wasm build of the unit tests runs in headless Chromium (see the crate's
// webdriver.json); natively they are ordinary `#[test]`s.
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
