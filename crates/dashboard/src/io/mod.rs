//! Everything that touches the browser's world: the network ([`http`]), the clock
//! ([`clock`], [`timer`]), `config.json` ([`config`]), IndexedDB ([`cache`]), local and
//! session storage ([`storage`]) and the page's own address ([`page`]). Nothing here
//! imports the state or a feature: it returns values, and the load controller (`crate::load`)
//! applies them.

pub mod cache;
pub mod clock;
pub mod config;
pub mod http;
pub mod page;
pub mod storage;
pub mod timer;
