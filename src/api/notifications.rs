//! The emails the product sent for the company.

use crate::domain::notification::{Delivery, Topic};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailRow {
    pub id: i64,
    pub to: String,
    pub topic: Topic,
    pub subject: String,
    pub body: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Delivered through SMTP (None when only stored).
    pub sent_at: Option<i64>,
    pub delivery: Delivery,
    /// How many times the mail server was tried.
    pub attempts: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailPage {
    pub emails: Vec<EmailRow>,
    pub has_more: bool,
}

/// Newest first, 50 at a time: what the caller may read (`domain::notification::may_read`).
#[server(endpoint = "list_emails", input = Json)]
pub async fn list_emails(offset: u32) -> Result<EmailPage, AppError> {
    crate::server::notifications::list(offset).await
}
