#![recursion_limit = "256"]
//! Partner Benefits: one crate, two targets. The browser client (`csr`) and the server (`ssr`)
//! share the domain core, the error type and the server function signatures.

pub mod api;
pub mod domain;
pub mod error;
pub mod i18n;
#[cfg(feature = "ssr")]
pub mod server;
pub mod ui;

/// The password of every demo account. Demo only: the README says so, and demo data is
/// loaded only into an empty database.
pub const DEMO_PASSWORD: &str = "demo-pass-2026";
