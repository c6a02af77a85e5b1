//! Where the console sends requests and with which credentials.
//!
//! Credentials stay in memory. Only when the user ticks "remember for this tab" are they copied to
//! sessionStorage (gone when the tab closes); nothing is ever written to localStorage, a URL or a log.

mod settings;
mod storage;

pub use settings::{ConnectionSettings, EndpointChoice};
pub use storage::{forget, load_remembered, remember};
