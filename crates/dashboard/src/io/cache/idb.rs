//! IndexedDB's callbacks as futures: a request's `success`/`error`, a transaction's
//! `complete`/`abort`, and opening a database at a version. The browser's own promise
//! `resolve` and `reject` are the event handlers, so no Rust closure is kept per request;
//! the one closure is the upgrade step, run once when the version changes.

use js_sys::Promise;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction};

/// What went wrong, for the cache note: the DOMException's name and message when there is
/// one (`QuotaExceededError: ...`), else whatever JavaScript threw.
pub fn describe(error: &JsValue) -> String {
    if let Some(exception) = error.dyn_ref::<web_sys::DomException>() {
        return format!("{}: {}", exception.name(), exception.message());
    }
    if let Some(error) = error.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    error
        .as_string()
        .unwrap_or_else(|| "the browser's storage refused".to_owned())
}

/// The result of `request`, once it succeeded.
pub async fn answer(request: &IdbRequest) -> Result<JsValue, String> {
    let settled = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    match JsFuture::from(settled).await {
        Ok(_) => request.result().map_err(|e| describe(&e)),
        Err(_) => Err(request_error(request)),
    }
}

fn request_error(request: &IdbRequest) -> String {
    match request.error() {
        Ok(Some(exception)) => describe(&exception.into()),
        _ => "the browser's storage refused".to_owned(),
    }
}

/// Waits until `transaction` is written for good (or says why not).
pub async fn finished(transaction: &IdbTransaction) -> Result<(), String> {
    let settled = Promise::new(&mut |resolve, reject| {
        transaction.set_oncomplete(Some(&resolve));
        transaction.set_onerror(Some(&reject));
        transaction.set_onabort(Some(&reject));
    });
    JsFuture::from(settled).await.map(drop).map_err(|_| {
        transaction
            .error()
            .map(|exception| describe(&exception.into()))
            .unwrap_or_else(|| "the browser's storage gave up writing".to_owned())
    })
}

/// Opens database `name` at `version`, running `upgrade` on it first when it was older (or
/// absent). Another tab holding an older version open makes this wait until it lets go.
pub async fn open(
    name: &str,
    version: u32,
    upgrade: impl FnOnce(&IdbDatabase) + 'static,
) -> Result<IdbDatabase, String> {
    let factory = web_sys::window()
        .ok_or("no window")?
        .indexed_db()
        .map_err(|e| describe(&e))?
        .ok_or("this browser offers no IndexedDB here (a private window?)")?;
    let request: IdbOpenDbRequest = factory
        .open_with_u32(name, version)
        .map_err(|e| describe(&e))?;
    let opening = request.clone();
    let on_upgrade = Closure::once_into_js(move || {
        if let Ok(db) = opening.result() {
            upgrade(&db.unchecked_into());
        }
    });
    request.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    let settled = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
        request.set_onblocked(Some(&reject));
    });
    if let Err(event) = JsFuture::from(settled).await {
        let blocked = js_sys::Reflect::get(&event, &"type".into())
            .ok()
            .and_then(|t| t.as_string())
            .is_some_and(|t| t == "blocked");
        return Err(if blocked {
            "another tab keeps an older version of the cache open".to_owned()
        } else {
            request_error(&request)
        });
    }
    let db: IdbDatabase = request.result().map_err(|e| describe(&e))?.unchecked_into();
    // A newer deploy in another tab wants to upgrade: let it, this tab goes uncached.
    let closing = db.clone();
    let on_version_change = Closure::<dyn Fn()>::new(move || closing.close());
    db.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
    on_version_change.forget();
    Ok(db)
}
