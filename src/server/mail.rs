//! Every email the product sends is stored first (recipient, topic, subject, body, time) in the
//! same transaction as the change it reports, so an email is never lost or sent for a change
//! that did not happen. With `PB_SMTP_URL` set, the outbox worker delivers them through
//! `lettre` (STARTTLS, implicit TLS, AUTH).
//!
//! The outbox is shared by every server: an email is claimed with a lease (a conditional
//! update whose row count is checked), so one server sends it; a server killed mid-send leaves
//! a lease that expires and another server retries. Failures are retried with backoff and given
//! up after [`MAX_ATTEMPTS`] (or at once when the mail server refuses for good), so one bad
//! email never holds up the others. Each email carries a fixed Message-ID, so the rare resend
//! after a crash between "accepted" and "recorded" is recognisable as the same message.

use super::crypto::Sealer;
use super::db::Backend;
use super::{now, AppState};
use crate::domain::notifications::Topic;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::Mailbox;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::AnyConnection;
use std::time::Duration;

/// Tries before an email is marked failed.
pub const MAX_ATTEMPTS: i64 = 5;
/// How long a claimed email stays with the server that claimed it. `lease_until` holds the
/// expiry in microseconds-since-epoch-like units (seconds × 10⁶ plus a random part), so each
/// claim's value is its own and a server's final update can check it still holds the lease.
const LEASE_SECS: i64 = 120;

/// An email to record (and send, when a mail server is configured).
pub struct Outgoing<'a> {
    pub company_id: i64,
    pub to: &'a str,
    /// The user the email is addressed to, when it is one: they may read it on Notifications.
    pub user_id: Option<i64>,
    pub topic: Topic,
    pub subject: &'a str,
    /// What people may read. When the email carries a secret, this is the redacted text.
    pub body: &'a str,
}

/// Records an email without secrets.
pub async fn queue(conn: &mut AnyConnection, m: Outgoing<'_>) -> Result<(), sqlx::Error> {
    insert(conn, &m, None).await
}

/// Records an email whose deliverable text carries a secret (a one-time link): `m.body` is the
/// redacted copy people may read, `deliverable` is kept only sealed, for the mail transport.
pub async fn queue_with_secret(
    conn: &mut AnyConnection,
    sealer: &Sealer,
    m: Outgoing<'_>,
    deliverable: &str,
) -> Result<(), sqlx::Error> {
    let sealed = sealer.seal(deliverable, &bound_to(m.to));
    insert(conn, &m, Some(sealed)).await
}

fn bound_to(to: &str) -> String {
    format!("email_to:{to}")
}

async fn insert(
    conn: &mut AnyConnection,
    m: &Outgoing<'_>,
    sealed: Option<String>,
) -> Result<(), sqlx::Error> {
    let at = now();
    sqlx::query(
        "INSERT INTO emails (company_id, to_address, user_id, topic, subject, body, sealed_body, created_at, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(m.company_id)
    .bind(m.to)
    .bind(m.user_id)
    .bind(m.topic.code())
    .bind(m.subject)
    .bind(m.body)
    .bind(sealed)
    .bind(at)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Where emails go, from `PB_SMTP_URL`.
#[derive(Clone)]
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// One `.eml` file per email in a folder: for development, never for production.
    Files(AsyncFileTransport<Tokio1Executor>),
}

impl Transport {
    pub fn from_url(url: &str) -> Result<Transport, String> {
        if let Some(path) = url.strip_prefix("file://") {
            std::fs::create_dir_all(path).map_err(|e| format!("PB_SMTP_URL folder: {e}"))?;
            return Ok(Transport::Files(AsyncFileTransport::new(path)));
        }
        // Never echo the URL: it may hold a password.
        let smtp = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("PB_SMTP_URL is not a usable SMTP URL ({e})"))?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        Ok(Transport::Smtp(smtp))
    }

    async fn send(&self, message: Message) -> Result<(), SendError> {
        match self {
            Transport::Smtp(t) => t.send(message).await.map(|_| ()).map_err(|e| SendError {
                permanent: e.is_permanent(),
                reason: e.to_string(),
            }),
            Transport::Files(t) => t.send(message).await.map(|_| ()).map_err(|e| SendError {
                permanent: false,
                reason: e.to_string(),
            }),
        }
    }
}

struct SendError {
    /// The server refused for good (5xx): trying again will not help.
    permanent: bool,
    reason: String,
}

#[derive(sqlx::FromRow)]
struct Claimed {
    id: i64,
    /// The lease this server holds: its final update applies only while it still holds it.
    lease_until: i64,
    to_address: String,
    subject: String,
    body: String,
    sealed_body: Option<String>,
    attempts: i64,
}

/// Sends what is due, oldest first, each email claimed by exactly one server. Returns how many
/// were sent.
pub async fn deliver_pending(state: &AppState) -> Result<usize, sqlx::Error> {
    let Some(transport) = state.mailer.as_ref() else {
        return Ok(0);
    };
    let mut sent = 0;
    for _ in 0..20 {
        let Some(email) = claim_next(state).await? else {
            break;
        };
        if deliver(state, transport, email).await? {
            sent += 1;
        }
    }
    Ok(sent)
}

/// Takes the oldest due email for this server with a lease: one statement that picks a row
/// still due, unsent and not leased by anyone, and leases it. On PostgreSQL the pick is
/// `FOR UPDATE SKIP LOCKED`, so servers claiming at once take different emails instead of
/// waiting on the same one; on SQLite the statement runs under the database's write lock. The
/// lease value is unique to this claim, and a server that dies holding one lets the email go
/// when it runs out (`LEASE_SECS`).
async fn claim_next(state: &AppState) -> Result<Option<Claimed>, sqlx::Error> {
    let at = now();
    // Unique per claim (two servers in the same second must not hold the same lease value).
    let lease = (at + LEASE_SECS) * 1_000_000 + (rand_u32() % 1_000_000) as i64;
    let skip_locked = match state.db.backend {
        Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    sqlx::query_as(&format!(
        "UPDATE emails SET lease_until = $1, attempts = attempts + 1
          WHERE id = (SELECT id FROM emails
                       WHERE sent_at IS NULL AND failed_at IS NULL AND withdrawn_at IS NULL
                         AND next_attempt_at <= $2 AND (lease_until IS NULL OR lease_until < $3)
                       ORDER BY next_attempt_at, id LIMIT 1 {skip_locked})
        RETURNING id, lease_until, to_address, subject, body, sealed_body, attempts"
    ))
    .bind(lease)
    .bind(at)
    .bind(at * 1_000_000)
    .fetch_optional(&state.db.pool)
    .await
}

fn rand_u32() -> u32 {
    let mut b = [0u8; 4];
    getrandom::getrandom(&mut b).expect("the OS random source is available");
    u32::from_le_bytes(b)
}

async fn deliver(
    state: &AppState,
    transport: &Transport,
    email: Claimed,
) -> Result<bool, sqlx::Error> {
    // A sealed body that does not open means the wrong data key is configured: retry (the
    // operator can fix the key) and never wipe it for that reason.
    let text = match &email.sealed_body {
        None => Ok(email.body.clone()),
        Some(sealed) => state
            .sealer
            .open(sealed, &bound_to(&email.to_address))
            .map_err(|e| SendError {
                permanent: false,
                reason: e.to_string(),
            }),
    };
    let key_problem = text.is_err();
    let result = match text.and_then(|text| build(state, &email, text)) {
        Ok(message) => transport.send(message).await,
        Err(e) => Err(e),
    };
    let at = now();
    match result {
        Ok(()) => {
            // Recorded even if the lease ran out meanwhile: it was sent, whoever holds it.
            sqlx::query(
                "UPDATE emails SET sent_at = $1, lease_until = NULL, sealed_body = NULL, last_error = NULL WHERE id = $2 AND sent_at IS NULL",
            )
            .bind(at)
            .bind(email.id)
            .execute(&state.db.pool)
            .await?;
            Ok(true)
        }
        Err(e) if e.permanent || email.attempts >= MAX_ATTEMPTS => {
            tracing::warn!(email_id = email.id, attempts = email.attempts, error = %e.reason, "email given up");
            // Given up: the secret it carried has no further use (unless the data key was the
            // problem: then the sealed copy waits for the right key).
            sqlx::query(
                "UPDATE emails SET failed_at = $1, lease_until = NULL, last_error = $2,
                        sealed_body = CASE WHEN $3 THEN sealed_body ELSE NULL END
                  WHERE id = $4 AND lease_until = $5",
            )
            .bind(at)
            .bind(&e.reason)
            .bind(key_problem)
            .bind(email.id)
            .bind(email.lease_until)
            .execute(&state.db.pool)
            .await?;
            Ok(false)
        }
        Err(e) => {
            let wait = state.config.email_retry_secs << (email.attempts - 1).clamp(0, 10);
            tracing::warn!(email_id = email.id, attempts = email.attempts, retry_in_secs = wait, error = %e.reason, "email not sent; will retry");
            sqlx::query(
                "UPDATE emails SET next_attempt_at = $1, lease_until = NULL, last_error = $2 WHERE id = $3 AND lease_until = $4",
            )
            .bind(at + wait)
            .bind(&e.reason)
            .bind(email.id)
            .bind(email.lease_until)
            .execute(&state.db.pool)
            .await?;
            Ok(false)
        }
    }
}

fn build(state: &AppState, email: &Claimed, text: String) -> Result<Message, SendError> {
    let bad = |what: &str| SendError {
        permanent: true,
        reason: format!("unusable {what} address"),
    };
    let from: Mailbox = state.config.smtp_from.parse().map_err(|_| bad("sender"))?;
    let to: Mailbox = email.to_address.parse().map_err(|_| bad("recipient"))?;
    let domain = state
        .config
        .smtp_from
        .rsplit_once('@')
        .map(|(_, d)| d.to_string())
        .unwrap_or_else(|| "partnerbenefits.example".into());
    Message::builder()
        .from(from)
        .to(to)
        .subject(email.subject.clone())
        .message_id(Some(format!("<email-{}@{domain}>", email.id)))
        .header(ContentType::TEXT_PLAIN)
        // Base64 carries any UTF-8 (Korean included) through any relay unchanged.
        .header(ContentTransferEncoding::Base64)
        .body(text)
        .map_err(|e| SendError {
            permanent: true,
            reason: e.to_string(),
        })
}

/// Earlier invitations of `user_id` that are still waiting are withdrawn (a newer one replaces
/// them): never delivered, their sealed link wiped.
pub async fn withdraw_invitations(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE emails SET withdrawn_at = $1, sealed_body = NULL
          WHERE user_id = $2 AND topic = $3 AND sent_at IS NULL AND failed_at IS NULL AND withdrawn_at IS NULL",
    )
    .bind(now())
    .bind(user_id)
    .bind(Topic::Invitation.code())
    .execute(conn)
    .await?;
    Ok(())
}

/// Sealed links nobody can use any more (the invitation expired unsent, e.g. with no mail
/// server configured) are wiped; the readable copy stays.
pub async fn forget_expired_secrets(
    pool: &sqlx::AnyPool,
    older_than: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE emails SET sealed_body = NULL WHERE sealed_body IS NOT NULL AND topic = $1 AND created_at < $2",
    )
    .bind(Topic::Invitation.code())
    .bind(older_than)
    .execute(pool)
    .await?
    .rows_affected())
}
