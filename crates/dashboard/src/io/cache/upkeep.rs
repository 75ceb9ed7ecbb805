//! What the cache does apart from loads: the detail view's body (from the cache, or kept
//! when read again), "Clear cache", and a new body budget.

use js_sys::{Array, Uint8Array};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::IdbTransactionMode;

use super::ledger::Ledger;
use super::{delete, facts, idb, keep_body, now_ms, put, usage, Cache};
use super::{BODIES, BUDGET_KEY, MB, SUMMARIES, USAGE};

impl Cache {
    /// The body of the entry `entry`, if it is kept and still has `validator`.
    pub async fn body(&self, entry: &str, validator: &str) -> Option<Vec<u8>> {
        if self.is_off() {
            return None;
        }
        let (tx, stores) = self
            .stores(&[BODIES, USAGE], IdbTransactionMode::Readwrite)
            .ok()?;
        let row = idb::answer(&stores[0].get(&entry.into()).ok()?)
            .await
            .ok()?;
        let row = row.dyn_into::<Array>().ok()?;
        if row.get(0).as_string()? != validator {
            return None;
        }
        let body = row.get(1).dyn_into::<Uint8Array>().ok()?.to_vec();
        let now = now_ms();
        if let Some(size) = self.ledger.borrow_mut().touch(entry, now) {
            let _ = put(&stores[1], &usage(entry, now, size), entry);
        }
        let _ = idb::finished(&tx).await;
        Some(body)
    }

    /// Keeps a body read again for the detail view, evicting older ones if need be.
    pub async fn keep_opened(&self, entry: &str, validator: &str, body: &[u8]) {
        if self.is_off() {
            return;
        }
        let now = now_ms();
        let admitted = self.ledger.borrow_mut().admit(
            entry.to_owned(),
            body.len() as u64,
            now,
            self.budget(),
            now,
        );
        let Some(evicted) = admitted else { return };
        let written = async {
            let (tx, stores) =
                self.stores(&[SUMMARIES, BODIES, USAGE], IdbTransactionMode::Readwrite)?;
            for old in &evicted {
                delete(&stores[1], old)?;
                delete(&stores[2], old)?;
            }
            keep_body(&stores, entry, validator, body, now)?;
            idb::finished(&tx).await
        };
        match written.await {
            Ok(()) => self.count().await,
            Err(reason) => self.fail(reason),
        }
    }

    /// Forgets everything kept, for every bucket.
    pub async fn clear(&self) {
        self.pending.borrow_mut().clear();
        let cleared = async {
            let (tx, stores) =
                self.stores(&[SUMMARIES, BODIES, USAGE], IdbTransactionMode::Readwrite)?;
            for store in &stores {
                store.clear().map_err(|e| idb::describe(&e))?;
            }
            idb::finished(&tx).await
        };
        match cleared.await {
            Ok(()) => {
                *self.ledger.borrow_mut() = Ledger::default();
                self.count().await;
            }
            Err(reason) => self.fail(reason),
        }
    }

    /// Sets the body budget to `mb` and evicts what no longer fits.
    pub async fn set_budget(&self, mb: u64) {
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = storage.set_item(BUDGET_KEY, &mb.to_string());
        }
        facts().update(|f| f.budget_mb = mb);
        let evicted = self.ledger.borrow_mut().shrink(mb * MB);
        if evicted.is_empty() || self.is_off() {
            return;
        }
        let deleted = async {
            let (tx, stores) = self.stores(&[BODIES, USAGE], IdbTransactionMode::Readwrite)?;
            for old in &evicted {
                delete(&stores[0], old)?;
                delete(&stores[1], old)?;
            }
            idb::finished(&tx).await
        };
        match deleted.await {
            Ok(()) => self.count().await,
            Err(reason) => self.fail(reason),
        }
    }
}
