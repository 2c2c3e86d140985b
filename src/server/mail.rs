//! Every email the product sends is stored first (recipient, subject, body, time) in the same
//! transaction as the change it reports, so an email is never lost or sent for a change that
//! did not happen. With `PB_SMTP_ADDR` set, the outbox worker also delivers them.

use super::{now, smtp, AppState};
use sqlx::{Row, SqliteConnection};

pub async fn queue(
    conn: &mut SqliteConnection,
    company_id: i64,
    to: &str,
    subject: &str,
    body: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO emails (company_id, to_address, subject, body, created_at) VALUES (?, ?, ?, ?, ?)")
        .bind(company_id)
        .bind(to)
        .bind(subject)
        .bind(body)
        .bind(now())
        .execute(conn)
        .await?;
    Ok(())
}

/// Sends what is waiting, oldest first. A failure is recorded on the email and retried on the
/// next pass; a success sets `sent_at`, so nothing is delivered twice by this process.
pub async fn deliver_pending(state: &AppState) -> Result<usize, sqlx::Error> {
    let Some(addr) = state.config.smtp_addr.as_deref() else {
        return Ok(0);
    };
    let pending = sqlx::query("SELECT id, to_address, subject, body FROM emails WHERE sent_at IS NULL ORDER BY id LIMIT 50")
        .fetch_all(&state.pool)
        .await?;
    let mut sent = 0;
    for row in pending {
        let id: i64 = row.get(0);
        let message = smtp::Message {
            from: state.config.smtp_from.clone(),
            to: row.get(1),
            subject: row.get(2),
            body: row.get(3),
        };
        match smtp::send(addr, &message).await {
            Ok(()) => {
                sqlx::query("UPDATE emails SET sent_at = ?, last_error = NULL WHERE id = ?")
                    .bind(now())
                    .bind(id)
                    .execute(&state.pool)
                    .await?;
                sent += 1;
            }
            Err(e) => {
                tracing::warn!(email_id = id, error = %e, "SMTP delivery failed; will retry");
                sqlx::query("UPDATE emails SET last_error = ? WHERE id = ?")
                    .bind(e.to_string())
                    .bind(id)
                    .execute(&state.pool)
                    .await?;
                break;
            }
        }
    }
    Ok(sent)
}
