//! The browser's `fetch`, reduced to what the loader needs: a plain GET of a presigned URL
//! (no custom headers, so no CORS preflight) that yields status, body and `Date`.
//!
//! A rejected fetch (a `TypeError`) does not say whether the storage was unreachable or
//! answered without CORS headers for this page. [`answers`] finds out with a `no-cors`
//! request, which resolves with an unreadable response whenever the server answers at all.

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, RequestCache, RequestInit, RequestMode, Response};

/// A request that has not answered by then is given up (and may be retried).
const TIMEOUT_MS: u32 = 60_000;
/// The reachability check only needs the first byte of an answer.
const PROBE_TIMEOUT_MS: u32 = 10_000;

/// An answer, whatever its status.
pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
    /// The `Date` header, when the server's CORS rules let the page read it.
    pub date: Option<String>,
}

/// Why there is no answer.
pub enum Refused {
    /// The browser refused or failed the request; the text is its message.
    Blocked(String),
    /// The answer's head came, but its body stopped part way.
    Cut(String),
    TimedOut,
}

/// GETs `url`, past the browser's HTTP cache: a presigned URL is signed anew for every
/// request, so the cache could never answer one, and writing each body into it made
/// Chromium itself 15 to 20% slower (`make bench`'s page floor, 2,000 objects: 4.9 s against
/// 3.9 s). Bodies worth keeping go to the dashboard's own cache.
pub async fn get(url: &str) -> Result<Reply, Refused> {
    let init = RequestInit::new();
    init.set_cache(RequestCache::NoStore);
    init.set_signal(Some(&AbortSignal::timeout_with_u32(TIMEOUT_MS)));
    let response = send(url, &init).await?;
    let date = response.headers().get("date").ok().flatten();
    let status = response.status();
    let cut = |error| match refused(error) {
        Refused::Blocked(reason) => Refused::Cut(reason),
        other => other,
    };
    let buffer = response.array_buffer().map_err(cut)?;
    let buffer = JsFuture::from(buffer).await.map_err(cut)?;
    Ok(Reply {
        status,
        body: Uint8Array::new(&buffer).to_vec(),
        date,
    })
}

/// Whether the server at `url` answers at all, readable or not.
pub async fn answers(url: &str) -> bool {
    let init = RequestInit::new();
    init.set_mode(RequestMode::NoCors);
    init.set_signal(Some(&AbortSignal::timeout_with_u32(PROBE_TIMEOUT_MS)));
    send(url, &init).await.is_ok()
}

/// The `Date` header of this page's own host: same-origin, so always readable.
pub async fn own_host_date() -> Option<String> {
    let init = RequestInit::new();
    init.set_method("HEAD");
    init.set_cache(RequestCache::NoStore);
    init.set_signal(Some(&AbortSignal::timeout_with_u32(PROBE_TIMEOUT_MS)));
    let response = send("./", &init).await.ok()?;
    response.headers().get("date").ok().flatten()
}

/// The bytes of a file beside index.html, if it is there.
pub async fn own_file(path: &str) -> Option<Vec<u8>> {
    let init = RequestInit::new();
    init.set_cache(RequestCache::NoCache);
    init.set_signal(Some(&AbortSignal::timeout_with_u32(PROBE_TIMEOUT_MS)));
    let response = send(path, &init).await.ok()?;
    if !response.ok() {
        return None;
    }
    let buffer = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
    Some(Uint8Array::new(&buffer).to_vec())
}

async fn send(url: &str, init: &RequestInit) -> Result<Response, Refused> {
    let window = web_sys::window().ok_or_else(|| Refused::Blocked("no window".to_owned()))?;
    let response = JsFuture::from(window.fetch_with_str_and_init(url, init))
        .await
        .map_err(refused)?;
    response
        .dyn_into::<Response>()
        .map_err(|_| Refused::Blocked("fetch gave no response".to_owned()))
}

/// A rejection as a value: the timeout signal rejects with a `TimeoutError`, everything
/// else (network, CORS, mixed content) is a `TypeError` whose message is all we get.
fn refused(error: JsValue) -> Refused {
    let field = |name: &str| {
        Reflect::get(&error, &JsValue::from_str(name))
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    match field("name").as_str() {
        "TimeoutError" | "AbortError" => Refused::TimedOut,
        _ => {
            let message = field("message");
            Refused::Blocked(if message.is_empty() {
                "the request failed".to_owned()
            } else {
                message
            })
        }
    }
}
