//! The Overview: what needs a decision soon (admins: the company's; anyone else: their own).

pub use crate::domain::overview::{Item, Overview, PendingItem, RefundableItem};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "get_overview", input = Json)]
pub async fn get_overview() -> Result<Overview, AppError> {
    crate::server::overview::get().await
}
