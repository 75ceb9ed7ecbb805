//! The logscope dashboard: a Leptos client-side app, compiled to WebAssembly and bundled by
//! trunk into `dist/`, a folder of static files with no server of our own behind it.
//!
//! It reads LLM interaction logs straight from an S3-compatible bucket, signing every
//! request in the browser with SigV4 presigned URLs. Data flows one way, through layers:
//! - [`io`]: the browser's world (network, clock, IndexedDB, `config.json`), nothing else;
//! - [`load`]: the load controller, which signs with s3-presign, reads through [`io`], parses
//!   with session-log and applies what it gets to the state;
//! - [`state`]: the one owned state every view reads;
//! - [`features`]: what a reader sees, a folder per feature, each with a pure `model`;
//! - [`ui`]: generic widgets; [`i18n`]: every word, number and date in both languages;
//! - [`route`]: which view is open, kept in the URL fragment; [`app`]: the page around them.
//!
//! `docs/architecture.md` walks one load through them.

mod app;
mod features;
mod i18n;
mod io;
mod load;
mod route;
mod state;
mod ui;

fn main() {
    console_error_panic_hook::set_once();
    // The page is built in a task after the one that instantiated the wasm: together they
    // take longer than the 50 ms that keeps the browser answering. (Leptos's own spawner
    // starts with the mount, so the wait goes through wasm-bindgen's.)
    wasm_bindgen_futures::spawn_local(async {
        io::timer::sleep(0).await;
        leptos::mount::mount_to_body(app::App);
    });
}
