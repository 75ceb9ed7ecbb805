//! The cache of objects already read, in this browser's IndexedDB: logs are written once,
//! so a second visit need only read what is new. For every object read it keeps the summary
//! (or why it is not a session), filed by endpoint, bucket and key, with the object's
//! validator ([`ledger::validator`]): an entry is used only while the listing still gives
//! the same one, and an object that changed is read again and its entry replaced (so stale
//! entries do not pile up, as they would with the validator in the entry's name). The body
//! of a session opened in the detail view is kept too, up to a budget the user sets, least
//! recently used first out. Bodies read by a load are not: writing each one (a put for the
//! body, one for its usage) took an eighth of the page's time in a cold load, and a session
//! opened later costs one GET.
//!
//! The database carries [`SCHEMA`]: a deploy that changes what an entry holds raises it, and
//! the browser then drops every old entry instead of this code misreading them. Storage that
//! fails (no IndexedDB in a private window, a full disk) never stops a load: the cache turns
//! itself off and [`facts`] says why, for the page to show.

mod idb;
pub mod ledger;
mod upkeep;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Uint8Array};
use leptos::prelude::*;
use session_log::{Loaded, SessionKey};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{IdbDatabase, IdbKeyRange, IdbObjectStore, IdbTransaction, IdbTransactionMode};

use ledger::{Ledger, Scope};
pub use session_log::pack::decode;

/// What an entry holds: the packed summaries' format. A new one drops every old entry.
pub const SCHEMA: u32 = session_log::pack::VERSION;
const DATABASE: &str = "logscope-cache";
/// Entry → `[object key, validator, summary bytes]`.
const SUMMARIES: &str = "summaries";
/// Entry → `[validator, body bytes]`.
const BODIES: &str = "bodies";
/// Entry → `[entry, last used (ms), body bytes]`: what eviction reads, never the bodies.
const USAGE: &str = "usage";
/// Summaries written at once: one transaction each, not one per object.
const BATCH: usize = 100;
/// The body budget until the user sets one.
pub const DEFAULT_BUDGET_MB: u64 = 64;
const BUDGET_KEY: &str = "logscope.cache-budget-mb";
pub const MB: u64 = 1024 * 1024;

/// What the page says about the cache.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    /// `None` while opening or in use; why not, once it is off.
    pub off: Option<String>,
    pub open: bool,
    /// Objects with a summary kept.
    pub sessions: u64,
    /// Bytes of bodies kept.
    pub body_bytes: u64,
    pub budget_mb: u64,
}

thread_local! {
    static FACTS: ArcRwSignal<Facts> = ArcRwSignal::new(Facts {
        budget_mb: stored_budget(),
        ..Facts::default()
    });
    /// Set once opening is over: the cache, or `None` when it is off.
    static OPENED: RefCell<Option<Option<Rc<Cache>>>> = const { RefCell::new(None) };
    static OPENING: Cell<bool> = const { Cell::new(false) };
}

/// The cache's state, for views; it lives as long as the page.
pub fn facts() -> ArcRwSignal<Facts> {
    FACTS.with(Clone::clone)
}

/// The cache, opened on first use; `None` when this browser cannot keep one.
pub async fn get() -> Option<Rc<Cache>> {
    loop {
        if let Some(opened) = OPENED.with(|o| o.borrow().clone()) {
            return opened;
        }
        if !OPENING.replace(true) {
            let opened = open().await;
            OPENED.with(|o| *o.borrow_mut() = Some(opened.clone()));
            return opened;
        }
        // Another caller is opening it, which takes milliseconds.
        crate::io::timer::sleep(10).await;
    }
}

fn stored_budget() -> u64 {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(BUDGET_KEY).ok().flatten())
        .and_then(|mb| mb.parse().ok())
        .unwrap_or(DEFAULT_BUDGET_MB)
}

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

async fn open() -> Option<Rc<Cache>> {
    match Cache::open().await {
        Ok(cache) => {
            let cache = Rc::new(cache);
            cache.count().await;
            Some(cache)
        }
        Err(reason) => {
            facts().update(|f| f.off = Some(reason));
            None
        }
    }
}

/// A summary read from the bucket, waiting to be written.
struct Pending {
    entry: String,
    key: String,
    validator: String,
    summary: Vec<u8>,
}

/// The open database, with the ledger of the bodies in it.
pub struct Cache {
    db: IdbDatabase,
    ledger: RefCell<Ledger>,
    pending: RefCell<Vec<Pending>>,
}

impl Cache {
    async fn open() -> Result<Self, String> {
        let db = idb::open(DATABASE, SCHEMA, |db| {
            // Entries of any other schema are dropped, whatever stores held them.
            let names = db.object_store_names();
            let old: Vec<String> = (0..names.length()).filter_map(|i| names.item(i)).collect();
            for name in old
                .iter()
                .chain([SUMMARIES, BODIES, USAGE].map(String::from).iter())
            {
                let _ = db.delete_object_store(name);
            }
            for name in [SUMMARIES, BODIES, USAGE] {
                let _ = db.create_object_store(name);
            }
        })
        .await?;
        let cache = Self {
            db,
            ledger: RefCell::default(),
            pending: RefCell::default(),
        };
        let (tx, usage) = cache.stores(&[USAGE], IdbTransactionMode::Readonly)?;
        let rows = idb::answer(&usage[0].get_all().map_err(|e| idb::describe(&e))?).await?;
        drop(tx);
        let mut ledger = cache.ledger.borrow_mut();
        for row in Array::from(&rows).iter() {
            let row = Array::from(&row);
            if let Some(entry) = row.get(0).as_string() {
                let number = |i| row.get(i).as_f64().unwrap_or(0.0) as u64;
                ledger.insert(entry, number(1), number(2));
            }
        }
        drop(ledger);
        Ok(cache)
    }

    fn stores(
        &self,
        names: &[&str],
        mode: IdbTransactionMode,
    ) -> Result<(IdbTransaction, Vec<IdbObjectStore>), String> {
        let list: Array = names.iter().map(|n| JsValue::from_str(n)).collect();
        let tx = self
            .db
            .transaction_with_str_sequence_and_mode(&list, mode)
            .map_err(|e| idb::describe(&e))?;
        let stores = names
            .iter()
            .map(|n| tx.object_store(n).map_err(|e| idb::describe(&e)))
            .collect::<Result<_, _>>()?;
        Ok((tx, stores))
    }

    /// Turns the cache off for the rest of this page, saying why.
    fn fail(&self, reason: String) {
        self.pending.borrow_mut().clear();
        facts().update(|f| {
            f.off.get_or_insert(reason);
        });
    }

    fn is_off(&self) -> bool {
        facts().with_untracked(|f| f.off.is_some())
    }

    fn budget(&self) -> u64 {
        facts().with_untracked(|f| f.budget_mb) * MB
    }

    /// Recounts what is kept, for the page.
    async fn count(&self) {
        let counted = async {
            let (_tx, stores) = self.stores(&[SUMMARIES], IdbTransactionMode::Readonly)?;
            idb::answer(&stores[0].count().map_err(|e| idb::describe(&e))?).await
        };
        let sessions = counted.await.ok().and_then(|n| n.as_f64()).unwrap_or(0.0) as u64;
        let body_bytes = self.ledger.borrow().bytes();
        facts().update(|f| {
            f.open = true;
            f.sessions = sessions;
            f.body_bytes = body_bytes;
        });
    }

    /// The kept summaries of the objects `keys` of `scope`: key → (validator, bytes to
    /// [`decode`]). Empty when nothing is kept, or the storage fails.
    pub async fn lookup(&self, scope: &Scope, keys: &[&str]) -> Vec<(String, String, Vec<u8>)> {
        let Some((low, high)) = scope.span(keys.iter().copied()) else {
            return Vec::new();
        };
        if self.is_off() {
            return Vec::new();
        }
        let found = async {
            let (_tx, stores) = self.stores(&[SUMMARIES], IdbTransactionMode::Readonly)?;
            let range =
                IdbKeyRange::bound(&low.into(), &high.into()).map_err(|e| idb::describe(&e))?;
            let request = stores[0].get_all_with_key(&range);
            idb::answer(&request.map_err(|e| idb::describe(&e))?).await
        };
        match found.await {
            Ok(rows) => Array::from(&rows)
                .iter()
                .filter_map(|row| {
                    let row = Array::from(&row);
                    let bytes = row.get(2).dyn_into::<Uint8Array>().ok()?.to_vec();
                    Some((row.get(0).as_string()?, row.get(1).as_string()?, bytes))
                })
                .collect(),
            Err(reason) => {
                self.fail(reason);
                Vec::new()
            }
        }
    }

    /// Keeps what was read of `key`, written with the next batch.
    pub fn keep(
        self: &Rc<Self>,
        scope: &Scope,
        key: &SessionKey,
        validator: String,
        read: &Loaded,
    ) {
        if self.is_off() {
            return;
        }
        let full = {
            let mut pending = self.pending.borrow_mut();
            pending.push(Pending {
                entry: scope.file(&key.key),
                key: key.key.clone(),
                validator,
                summary: session_log::pack::encode(read),
            });
            pending.len() >= BATCH
        };
        if full {
            let cache = self.clone();
            leptos::task::spawn_local(async move { cache.flush().await });
        }
    }

    /// Writes what is waiting; done when it is on disk.
    pub async fn flush(&self) {
        let batch = self.pending.take();
        if batch.is_empty() || self.is_off() {
            return;
        }
        let written = async {
            let (tx, stores) = self.stores(&[SUMMARIES], IdbTransactionMode::Readwrite)?;
            for item in batch {
                let summary = Uint8Array::from(item.summary.as_slice());
                let row = Array::of3(&item.key.into(), &item.validator.into(), &summary);
                put(&stores[0], &row, &item.entry)?;
            }
            idb::finished(&tx).await
        };
        if let Err(reason) = written.await {
            self.fail(reason);
        }
    }

    /// Writes what is waiting and recounts: the end of a load.
    pub async fn settle(&self) {
        self.flush().await;
        self.count().await;
    }
}

fn usage(entry: &str, used: u64, size: u64) -> JsValue {
    Array::of3(&entry.into(), &(used as f64).into(), &(size as f64).into()).into()
}

/// Puts a body and its usage row; `stores` are summaries, bodies, usage.
fn keep_body(
    stores: &[IdbObjectStore],
    entry: &str,
    validator: &str,
    body: &[u8],
    now: u64,
) -> Result<(), String> {
    let row = Array::of2(&validator.into(), &Uint8Array::from(body));
    put(&stores[1], &row, entry)?;
    put(&stores[2], &usage(entry, now, body.len() as u64), entry)
}

fn put(store: &IdbObjectStore, value: &JsValue, entry: &str) -> Result<(), String> {
    store
        .put_with_key(value, &entry.into())
        .map(drop)
        .map_err(|e| idb::describe(&e))
}

fn delete(store: &IdbObjectStore, entry: &str) -> Result<(), String> {
    store
        .delete(&entry.into())
        .map(drop)
        .map_err(|e| idb::describe(&e))
}
