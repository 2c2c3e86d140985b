//! The Notifications page: every email the product stored for the company, newest first.

use super::auth::caller;
use super::state;
use crate::api::notifications::{EmailPage, EmailRow};
use crate::domain::access::authorize;
use crate::domain::Action;
use crate::error::AppError;
use sqlx::Row;

const PAGE: i64 = 50;

pub async fn list(offset: u32) -> Result<EmailPage, AppError> {
    let c = caller().await?;
    authorize(c.roles, Action::ViewNotifications)
        .map_err(|action| AppError::Forbidden { action })?;
    let rows = sqlx::query(
        "SELECT id, to_address, subject, body, created_at, sent_at FROM emails
          WHERE company_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
    )
    .bind(c.company_id)
    .bind(PAGE + 1)
    .bind(offset as i64)
    .fetch_all(&state()?.pool)
    .await?;
    let has_more = rows.len() as i64 > PAGE;
    Ok(EmailPage {
        emails: rows
            .iter()
            .take(PAGE as usize)
            .map(|r| EmailRow {
                id: r.get(0),
                to: r.get(1),
                subject: r.get(2),
                body: r.get(3),
                created_at: r.get(4),
                sent_at: r.get(5),
            })
            .collect(),
        has_more,
    })
}
