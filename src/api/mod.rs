//! The server functions, grouped by feature (the data they exchange lives in `crate::domain`,
//! re-exported here for the pages). Each function is a thin shell: its body runs only on the
//! server, where it calls the matching `crate::server` module; in the browser the macro turns
//! it into an HTTP call to `/api/<endpoint>`.

pub mod assign;
pub mod audit;
pub mod auth;
pub mod benefits;
pub mod marketing;
pub mod notifications;
pub mod overview;
pub mod packages;
pub mod person;
pub mod reminders;
pub mod requests;
pub mod users;
