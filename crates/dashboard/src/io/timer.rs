//! Waiting on the browser's clock, for the loader's retries, the cache's upkeep and the store's
//! work split across tasks.

use std::cell::Cell;

use wasm_bindgen::{JsCast, JsValue};
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

/// Milliseconds on the page's monotonic clock (`performance.now()`), for timing the reads;
/// 0 where there is none.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or(0.0, |performance| performance.now())
}

/// How long one task may work through the loader's answers before it lets the browser in:
/// wasm-bindgen runs every future woken at once in one task, and tens of bodies that
/// arrive together would otherwise be parsed in one task far longer than 50 ms.
const TASK_BUDGET_MS: f64 = 25.0;

thread_local! {
    /// When the task now running first asked [`yield_when_busy`]; cleared by a timer that
    /// runs once that task is over. A task the browser runs before that timer sees the old
    /// time and waits for a later task once, needlessly but harmlessly.
    static TASK_BEGAN: Cell<Option<f64>> = const { Cell::new(None) };
}

/// Lets the browser paint and answer input first when the task now running has worked for
/// [`TASK_BUDGET_MS`] already; else returns at once.
pub async fn yield_when_busy() {
    let now = now_ms();
    let began = TASK_BEGAN.with(|began| match began.get() {
        Some(at) => at,
        None => {
            began.set(Some(now));
            let clear = wasm_bindgen::closure::Closure::once_into_js(|| {
                TASK_BEGAN.with(|began| began.set(None));
            });
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                    clear.unchecked_ref(),
                    0,
                );
            }
            now
        }
    });
    if now - began > TASK_BUDGET_MS {
        sleep(0).await;
    }
}
