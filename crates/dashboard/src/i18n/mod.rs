//! The one place where things become words: the reader's language and time zone
//! ([`locale`]), numbers, money and times ([`format`]), why an object or a request failed
//! ([`reasons`]), and what to do about a problem that stopped a load ([`explain`]).

pub mod checks;
pub mod clock;
pub mod explain;
pub mod format;
pub mod locale;
pub mod reasons;
