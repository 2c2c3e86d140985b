//! The audit record: who did what, to which benefit, when. Written in the same transaction as
//! the change it records, and never holding a secret value.

use super::auth::Caller;
use super::now;
use sqlx::AnyConnection;

pub async fn record(
    conn: &mut AnyConnection,
    c: &Caller,
    action: &str,
    benefit_id: Option<i64>,
    detail: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_events (company_id, user_id, action, benefit_id, detail, at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(c.company_id)
    .bind(c.user_id)
    .bind(action)
    .bind(benefit_id)
    .bind(detail)
    .bind(now())
    .execute(conn)
    .await?;
    Ok(())
}
