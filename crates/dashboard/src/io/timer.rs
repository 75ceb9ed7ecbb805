//! Waiting on the browser's clock, for the loader's retries, the cache's upkeep and the store's
//! work split across tasks.

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// Waits `ms` milliseconds; 0 waits for a later task, which lets the browser paint and
/// handle input in between (Leptos runs effects as microtasks, so they are done by then).
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let scheduled = web_sys::window().map(|window| {
            window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32)
        });
        if !matches!(scheduled, Some(Ok(_))) {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Waits until the browser has nothing else to do, or `at_most_ms` has passed: for work that
/// no one waits for, kept out of the page's start and its loads.
pub async fn idle(at_most_ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let options = web_sys::IdleRequestOptions::new();
        options.set_timeout(at_most_ms);
        let scheduled = web_sys::window()
            .map(|window| window.request_idle_callback_with_options(&resolve, &options));
        if !matches!(scheduled, Some(Ok(_))) {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Milliseconds on the page's monotonic clock (`performance.now()`), for timing the reads;
/// 0 where there is none.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or(0.0, |performance| performance.now())
}
