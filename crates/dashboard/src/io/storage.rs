//! The browser's two key-value storages. Each is missing where storage is disabled (some
//! private modes) and a write can fail when it is full: the page then works without keeping
//! anything, so every call here gives up quietly.

use web_sys::Storage;

/// Which storage: how long what is kept there lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kept {
    /// localStorage: on this device until removed.
    OnDevice,
    /// sessionStorage: in this tab until it closes.
    InTab,
}

fn storage(kept: Kept) -> Option<Storage> {
    let window = web_sys::window()?;
    match kept {
        Kept::OnDevice => window.local_storage(),
        Kept::InTab => window.session_storage(),
    }
    .ok()
    .flatten()
}

/// The text kept under `key`, if any.
pub fn get(kept: Kept, key: &str) -> Option<String> {
    storage(kept)?.get_item(key).ok().flatten()
}

/// Keeps `value` under `key`; whether it was kept.
pub fn set(kept: Kept, key: &str, value: &str) -> bool {
    storage(kept).is_some_and(|s| s.set_item(key, value).is_ok())
}

/// Removes `key`.
pub fn remove(kept: Kept, key: &str) {
    if let Some(storage) = storage(kept) {
        let _ = storage.remove_item(key);
    }
}
