//! What the connect feature does apart from its form: the settings the page opens with
//! (defaults, config.json, kept settings, the page's query, in that order), connecting with
//! the settings as typed, and forgetting kept settings. The form and the page around it both
//! act through these, on the [`Draft`] in the state.

use leptos::prelude::{Callable, Callback, GetUntracked};

use crate::features::connect::model::{Connection, Settings};
use crate::features::connect::prefill::{self, Prefill};
use crate::features::connect::storage;
use crate::state::connection::Draft;

/// Where the page starts: its draft, and whether to connect at once.
pub struct Opening {
    pub draft: Draft,
    /// Kept settings that would connect: the reader connected with them before, in this tab
    /// or on this device, so a reload or a deep link opened in the same tab comes back
    /// connected.
    pub reconnect: bool,
    /// What the later config.json layers over.
    stored: Option<Settings>,
    query: Prefill,
}

impl Opening {
    /// The draft from the defaults, the settings kept in this browser and the page's query.
    #[inline(never)]
    pub fn read() -> Self {
        let query = prefill::page_query();
        let stored = storage::load();
        let start = prefill::initial(&Prefill::default(), stored.clone(), &query);
        let reconnect = stored.is_some() && start.validate().is_ok();
        Self {
            draft: Draft::new(start, storage::remembered()),
            reconnect,
            stored,
            query,
        }
    }

    /// Connects through `on_connect` when the opening is due to: at once with kept settings
    /// that would connect, and when config.json, read meanwhile, says `"connect": true`.
    pub async fn connect_when_due(self, on_connect: Callback<Connection>) {
        if self.reconnect {
            connect_through(self.draft, on_connect);
        }
        let bytes = crate::io::config::fetch().await;
        let config = bytes.and_then(|b| Prefill::from_config_json(&b).ok());
        if config.is_some_and(|config| self.configured(&config)) {
            connect_through(self.draft, on_connect);
        }
    }

    /// Lays config.json's settings under the kept ones and the query; whether it asks to
    /// connect now (`"connect": true`) and the page has not connected yet.
    fn configured(&self, config: &Prefill) -> bool {
        self.draft
            .refill(&prefill::initial(config, self.stored.clone(), &self.query));
        config.connect && !self.draft.has_connected()
    }
}

/// The settings as typed, checked and kept where "remember" says: the connection to load
/// from, or `None` when they were refused (the draft's outcome says why).
#[inline(never)]
pub fn connect(draft: Draft) -> Option<Connection> {
    let (settings, connection) = draft.check()?;
    storage::save(&settings);
    draft.set_remembered(settings.remember);
    Some(connection)
}

/// Connects with the draft through `on_connect`, if its settings pass.
#[inline(never)]
fn connect_through(draft: Draft, on_connect: Callback<Connection>) {
    if let Some(connection) = connect(draft) {
        on_connect.run(connection);
    }
}

/// Takes kept settings off this device at once when "remember" is turned off: that is what a
/// person unticking it on a shared computer expects, not to wait for the next connect.
pub fn remember_changed(draft: Draft) {
    if !draft.fields().remember.get_untracked() && draft.remembered().get_untracked() {
        storage::forget();
        draft.set_remembered(false);
    }
}

/// Removes the kept settings from both storages, and the secrets from the form.
pub fn forget(draft: Draft) {
    storage::forget();
    draft.forgotten();
}
