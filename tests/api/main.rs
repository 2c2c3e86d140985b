//! The server functions called over real HTTP against a real SQLite file: one test binary,
//! one fresh server and database per test (`TestApp::spawn`).

mod helpers;

mod auth;
mod benefits;
mod http_surface;
