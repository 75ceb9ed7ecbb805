//! Everything that touches the browser's world: the network ([`http`]), the clock
//! ([`clock`], [`timer`]), `config.json` ([`config`]) and IndexedDB ([`cache`]). Nothing here
//! imports the state or a feature: it returns values, and the load controller (`crate::load`)
//! applies them.

pub mod cache;
pub mod clock;
pub mod config;
pub mod http;
pub mod timer;
