//! The audit record: who did what, to which benefit, when. The one way anything writes to
//! `audit_events`: in the same transaction as the change it records, never holding a secret
//! value, and never updating or deleting a row.

use super::now;
use crate::domain::audit::AuditAction;
use sqlx::AnyConnection;

/// Who acted: a signed-in person, or the product itself (the background worker, an operator
/// command) on a company's behalf.
#[derive(Clone, Copy, Debug)]
pub enum Actor {
    Person { company_id: i64, user_id: i64 },
    System { company_id: i64 },
}

/// Records `action`, now.
pub async fn record(
    conn: &mut AnyConnection,
    actor: impl Into<Actor>,
    action: AuditAction,
    benefit_id: Option<i64>,
    detail: Option<&str>,
) -> Result<(), sqlx::Error> {
    record_at(conn, actor, action, benefit_id, detail, now()).await
}

/// Records `action` as of `at` (the demo data's history happened days ago).
pub async fn record_at(
    conn: &mut AnyConnection,
    actor: impl Into<Actor>,
    action: AuditAction,
    benefit_id: Option<i64>,
    detail: Option<&str>,
    at: i64,
) -> Result<(), sqlx::Error> {
    let (company_id, user_id) = match actor.into() {
        Actor::Person {
            company_id,
            user_id,
        } => (company_id, Some(user_id)),
        Actor::System { company_id } => (company_id, None),
    };
    sqlx::query(
        "INSERT INTO audit_events (company_id, user_id, action, benefit_id, detail, at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(company_id)
    .bind(user_id)
    .bind(action.code())
    .bind(benefit_id)
    .bind(detail)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}
