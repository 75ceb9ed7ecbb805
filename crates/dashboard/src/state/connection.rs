//! The connection settings as they are being typed, owned here rather than by the form: the
//! form edits them, the diagnostics page checks them, and the page connects with them, so no
//! view lends its fields to another. What the last attempt to connect said is kept beside
//! them, for the form to show whoever started it (the reader, or kept settings on a reload).

use leptos::prelude::*;

use crate::features::connect::model::{Connection, Settings, ValidationError};

/// One signal per field of the form; the form binds its inputs to them.
#[derive(Clone, Copy)]
pub struct Fields {
    pub endpoint: RwSignal<String>,
    pub bucket: RwSignal<String>,
    pub region: RwSignal<String>,
    pub prefix: RwSignal<String>,
    pub access_key_id: RwSignal<String>,
    pub secret_access_key: RwSignal<String>,
    pub session_token: RwSignal<String>,
    pub max_object_mb: RwSignal<String>,
    pub lanes: RwSignal<String>,
    pub remember: RwSignal<bool>,
}

/// What the last attempt to connect, or to forget, came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Connecting to `folder` (`s3://bucket/prefix`) at `endpoint`.
    Reading { folder: String, endpoint: String },
    /// The settings did not pass the checks; nothing was sent.
    Refused(ValidationError),
    /// The kept settings were removed.
    Forgotten,
}

/// The settings being typed and what became of the last attempt. `Copy`: signal handles.
#[derive(Clone, Copy)]
pub struct Draft {
    fields: Fields,
    /// The settings the fields started from, so that a later layer (config.json) moves only
    /// the fields the reader has not changed.
    start: StoredValue<Settings>,
    // Read and write halves kept apart, so that handing out a reader makes nothing new.
    outcome: (ReadSignal<Option<Outcome>>, WriteSignal<Option<Outcome>>),
    /// Whether this device keeps the settings, i.e. whether "Forget" has anything to do.
    remembered: (ReadSignal<bool>, WriteSignal<bool>),
    /// Whether the page connected with these settings since it opened.
    connected: StoredValue<bool>,
}

impl Draft {
    /// A draft starting from `start`; `remembered` says whether this device keeps settings.
    #[inline(never)]
    pub fn new(start: Settings, remembered: bool) -> Self {
        Self {
            fields: Fields {
                endpoint: RwSignal::new(start.endpoint.clone()),
                bucket: RwSignal::new(start.bucket.clone()),
                region: RwSignal::new(start.region.clone()),
                prefix: RwSignal::new(start.prefix.clone()),
                access_key_id: RwSignal::new(start.access_key_id.clone()),
                secret_access_key: RwSignal::new(start.secret_access_key.clone()),
                session_token: RwSignal::new(start.session_token.clone()),
                max_object_mb: RwSignal::new(start.max_object_mb.clone()),
                lanes: RwSignal::new(start.lanes.clone()),
                remember: RwSignal::new(start.remember),
            },
            start: StoredValue::new(start),
            outcome: signal(None),
            remembered: signal(remembered),
            connected: StoredValue::new(false),
        }
    }

    /// The fields, for the form to bind its inputs to.
    pub fn fields(&self) -> Fields {
        self.fields
    }

    /// The settings as typed now, untracked.
    pub fn settings(&self) -> Settings {
        let f = self.fields;
        Settings {
            endpoint: f.endpoint.get_untracked(),
            bucket: f.bucket.get_untracked(),
            region: f.region.get_untracked(),
            prefix: f.prefix.get_untracked(),
            access_key_id: f.access_key_id.get_untracked(),
            secret_access_key: f.secret_access_key.get_untracked(),
            session_token: f.session_token.get_untracked(),
            max_object_mb: f.max_object_mb.get_untracked(),
            lanes: f.lanes.get_untracked(),
            remember: f.remember.get_untracked(),
        }
    }

    /// What the last attempt came to.
    pub fn outcome(&self) -> ReadSignal<Option<Outcome>> {
        self.outcome.0
    }

    /// Whether this device keeps the settings.
    pub fn remembered(&self) -> ReadSignal<bool> {
        self.remembered.0
    }

    /// Records whether this device keeps the settings now.
    pub fn set_remembered(&self, remembered: bool) {
        self.remembered.1.set(remembered);
    }

    /// Whether the page connected with these settings since it opened.
    pub fn has_connected(&self) -> bool {
        self.connected.get_value()
    }

    /// Checks the settings as typed: the connection when they pass, and the outcome either way.
    pub fn check(&self) -> Option<(Settings, Connection)> {
        let settings = self.settings();
        match settings.validate() {
            Ok(connection) => {
                self.connected.set_value(true);
                self.outcome.1.set(Some(Outcome::Reading {
                    folder: connection.folder(),
                    endpoint: connection.endpoint.clone(),
                }));
                Some((settings, connection))
            }
            Err(problems) => {
                self.outcome.1.set(Some(Outcome::Refused(problems)));
                None
            }
        }
    }

    /// Moves the fields to `later`, a start with one more layer, except those the reader
    /// already changed: config.json arrives after the form is on screen.
    pub fn refill(&self, later: &Settings) {
        let before = self.start.get_value();
        let f = self.fields;
        for (field, old, new) in [
            (f.endpoint, &before.endpoint, &later.endpoint),
            (f.bucket, &before.bucket, &later.bucket),
            (f.region, &before.region, &later.region),
            (f.prefix, &before.prefix, &later.prefix),
            (f.access_key_id, &before.access_key_id, &later.access_key_id),
            (
                f.secret_access_key,
                &before.secret_access_key,
                &later.secret_access_key,
            ),
            (f.session_token, &before.session_token, &later.session_token),
            (f.max_object_mb, &before.max_object_mb, &later.max_object_mb),
            (f.lanes, &before.lanes, &later.lanes),
        ] {
            if field.with_untracked(|now| now == old) {
                field.set(new.clone());
            }
        }
    }

    /// Clears the secrets from the fields after the kept settings were removed.
    pub fn forgotten(&self) {
        self.fields.secret_access_key.set(String::new());
        self.fields.session_token.set(String::new());
        self.fields.remember.set(false);
        self.remembered.1.set(false);
        self.outcome.1.set(Some(Outcome::Forgotten));
    }
}
