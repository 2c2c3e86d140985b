//! The Notifications page: the emails the product recorded for the company, newest first, as
//! far as the caller may read them (`domain::notification`: a Global admin all, an MPN partner
//! admin go-to-market ones and their own, anyone else their own). Only the redacted copy is
//! ever read here: the sealed deliverable text is for the mail transport alone.

use super::authorized;
use crate::domain::notifications::{may_read, scope, Delivery, Scope, Topic};
use crate::domain::notifications::{EmailPage, EmailRow};
use crate::domain::Action;
use crate::error::AppError;

const PAGE: i64 = 50;

#[derive(sqlx::FromRow)]
struct Stored {
    id: i64,
    to_address: String,
    topic: String,
    subject: String,
    body: String,
    created_at: i64,
    sent_at: Option<i64>,
    failed_at: Option<i64>,
    withdrawn_at: Option<i64>,
    user_id: Option<i64>,
    attempts: i64,
}

pub async fn list(offset: u32) -> Result<EmailPage, AppError> {
    let (c, state) = authorized(Action::ViewNotifications).await?;
    let (all, go_to_market) = match scope(c.roles) {
        Scope::Company => (true, false),
        Scope::GoToMarketAndOwn => (false, true),
        Scope::Own => (false, false),
    };
    let rows: Vec<Stored> = sqlx::query_as(
        "SELECT id, to_address, topic, subject, body, created_at, sent_at, failed_at, withdrawn_at, user_id, attempts FROM emails
          WHERE company_id = $1 AND ($2 OR user_id = $3 OR ($4 AND topic = $5))
          ORDER BY created_at DESC, id DESC LIMIT $6 OFFSET $7",
    )
    .bind(c.company_id)
    .bind(all)
    .bind(c.user_id)
    .bind(go_to_market)
    .bind(Topic::GoToMarket.code())
    .bind(PAGE + 1)
    .bind(offset.min(1_000_000) as i64)
    .fetch_all(&state.db.pool)
    .await?;
    let has_more = rows.len() as i64 > PAGE;
    let transport = state.mailer.is_some();
    Ok(EmailPage {
        emails: rows
            .into_iter()
            .take(PAGE as usize)
            .map(|r| (Topic::from_code(&r.topic).unwrap_or(Topic::Account), r))
            // The query narrows by the same rule for paging; the rule itself has the last word.
            .filter(|(topic, r)| may_read(c.roles, *topic, r.user_id == Some(c.user_id)))
            .map(|(topic, r)| EmailRow {
                id: r.id,
                to: r.to_address,
                topic,
                subject: r.subject,
                body: r.body,
                created_at: r.created_at,
                sent_at: r.sent_at,
                delivery: match (r.sent_at, r.failed_at, r.withdrawn_at) {
                    (Some(_), _, _) => Delivery::Sent,
                    (None, _, Some(_)) => Delivery::Withdrawn,
                    (None, Some(_), None) => Delivery::Failed,
                    (None, None, None) if transport => Delivery::Queued,
                    (None, None, None) => Delivery::Recorded,
                },
                attempts: r.attempts,
            })
            .collect(),
        has_more,
    })
}
