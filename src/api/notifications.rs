//! The emails the product sent for the company.

pub use crate::domain::notifications::{EmailPage, EmailRow};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Newest first, 50 at a time: what the caller may read (`domain::notifications::may_read`).
#[server(endpoint = "list_emails", input = Json)]
pub async fn list_emails(offset: u32) -> Result<EmailPage, AppError> {
    crate::server::notifications::list(offset).await
}
