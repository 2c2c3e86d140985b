//! The browser UI. `components` know nothing about pages: they take props and callbacks.
//! `pages` compose them with the server functions.

pub mod app;
pub mod components;
pub mod dev;
pub mod dom;
pub mod form;
pub mod i18n;
pub mod lazy;
pub mod pages;
pub mod router;
pub mod routes;
pub mod session;
pub mod theme;
pub mod time;

pub use app::App;
