//! The browser's `fetch`, reduced to what the loader needs: a plain GET of a presigned URL
//! (no custom headers, so no CORS preflight) that yields status, body and `Date`.
//!
//! Requests are sent and answers read with gloo-net, which Leptos's server_fn already puts
//! in the dependency tree. Its `RequestBuilder` is used only for this page's own files: it
//! rebuilds every URL and appends a `&` to any query (gloo-net 0.6), which would change what
//! a presigned URL signs. So presigned URLs, the `no-cors` probe's among them, are built as a
//! `web_sys::Request` by hand, the one thing done without gloo-net, and it sends them.
//!
//! A rejected fetch (a `TypeError`) does not say whether the storage was unreachable or
//! answered without CORS headers for this page. [`answers`] finds out with a `no-cors`
//! request, which resolves with an unreadable response whenever the server answers at all.

use gloo_net::http::{Method, Request, Response};
use wasm_bindgen::JsCast;
use web_sys::{AbortSignal, RequestCache, RequestInit, RequestMode};

/// A request that has not answered by then is given up (and may be retried).
pub const TIMEOUT_MS: u32 = 60_000;
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
    /// The browser refused or failed the request; the text is its message, if it gave one.
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
    let response = send(presigned(url, &init)?).await?;
    let date = response.headers().get("date");
    let status = response.status();
    let body = response
        .binary()
        .await
        .map_err(|error| match refused(error) {
            Refused::Blocked(reason) => Refused::Cut(reason),
            other => other,
        })?;
    Ok(Reply { status, body, date })
}

/// Whether the server at `url` answers at all, readable or not.
pub async fn answers(url: &str) -> bool {
    let init = RequestInit::new();
    init.set_mode(RequestMode::NoCors);
    init.set_signal(Some(&AbortSignal::timeout_with_u32(PROBE_TIMEOUT_MS)));
    match presigned(url, &init) {
        Ok(request) => send(request).await.is_ok(),
        Err(_) => false,
    }
}

/// The `Date` header of this page's own host: same-origin, so always readable.
pub async fn own_host_date() -> Option<String> {
    let request = Request::get("./")
        .method(Method::HEAD)
        .cache(RequestCache::NoStore)
        .abort_signal(Some(&AbortSignal::timeout_with_u32(PROBE_TIMEOUT_MS)))
        .build()
        .ok()?;
    send(request).await.ok()?.headers().get("date")
}

/// The bytes of a file beside index.html, if it is there.
pub async fn own_file(path: &str) -> Option<Vec<u8>> {
    let request = Request::get(path)
        .cache(RequestCache::NoCache)
        .abort_signal(Some(&AbortSignal::timeout_with_u32(PROBE_TIMEOUT_MS)))
        .build()
        .ok()?;
    let response = send(request).await.ok()?;
    if !response.ok() {
        return None;
    }
    response.binary().await.ok()
}

/// A request for `url` exactly as it is written.
fn presigned(url: &str, init: &RequestInit) -> Result<Request, Refused> {
    web_sys::Request::new_with_str_and_init(url, init)
        .map(Request::from)
        .map_err(|error| match error.dyn_into::<js_sys::Error>() {
            Ok(error) => refused(gloo_net::Error::JsError(error.into())),
            Err(_) => Refused::Blocked(String::new()),
        })
}

async fn send(request: Request) -> Result<Response, Refused> {
    request.send().await.map_err(refused)
}

/// A rejection as a value: the timeout signal rejects with a `TimeoutError`, everything
/// else (network, CORS, mixed content) is a `TypeError` whose message is all we get.
fn refused(error: gloo_net::Error) -> Refused {
    let (name, message) = match error {
        gloo_net::Error::JsError(error) => (error.name, error.message),
        other => (String::new(), other.to_string()),
    };
    match name.as_str() {
        "TimeoutError" | "AbortError" => Refused::TimedOut,
        _ => Refused::Blocked(message),
    }
}
