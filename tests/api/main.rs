//! The server functions called over real HTTP against a real SQLite file: one test binary,
//! one fresh server and database per test (`TestApp::spawn`).

mod helpers;

mod assign;
mod audit;
mod auth;
mod backup;
mod benefits;
mod http_surface;
mod jobs;
mod marketing;
mod overview;
mod packages;
mod permissions;
mod person;
mod reminders;
mod requests;
mod review;
mod security;
mod smtp;
mod standing;
mod upgrade;
mod users;
