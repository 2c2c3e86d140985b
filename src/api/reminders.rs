//! Expiry reminders (Account settings, Global admins) and each person's calendar feed of expiry
//! dates (Your account).

pub use crate::domain::reminders::{CalendarFeed, CalendarLink};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The company's reminder thresholds as the form shows them ("60, 30, 7").
#[server(endpoint = "get_reminder_days", input = Json)]
pub async fn get_reminder_days() -> Result<String, AppError> {
    crate::server::reminders::get_days().await
}

/// Sets the thresholds from what was typed (checked by `reminder_days_form` on both sides).
#[server(endpoint = "set_reminder_days", input = Json)]
pub async fn set_reminder_days(days: String) -> Result<String, AppError> {
    crate::server::reminders::set_days(days).await
}

/// Whether the caller has a calendar feed (its address was shown once, when made).
#[server(endpoint = "get_calendar_feed", input = Json)]
pub async fn get_calendar_feed() -> Result<CalendarFeed, AppError> {
    crate::server::reminders::feed().await
}

/// A new feed address for the caller; the previous one stops working.
#[server(endpoint = "renew_calendar_feed", input = Json)]
pub async fn renew_calendar_feed() -> Result<CalendarLink, AppError> {
    crate::server::reminders::renew_feed().await
}

/// Ends the caller's feed.
#[server(endpoint = "revoke_calendar_feed", input = Json)]
pub async fn revoke_calendar_feed() -> Result<CalendarFeed, AppError> {
    crate::server::reminders::revoke_feed().await
}
