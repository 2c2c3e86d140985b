//! The durable background worker. Activations "take several days": requesting one schedules a
//! job row; the worker runs it when due. A job's effect and its `done_at` are written in one
//! transaction (see `run_due`), and the effect is a conditional update (`WHERE status =
//! 'pending'`), so a crash, a restart or two workers at once still activate exactly once.

use super::audit::{self, Actor, On};
use super::db::Backend;
use super::{mail, now, random_digits, AppState};
use crate::domain::audit::AuditAction;
use crate::domain::notifications::Topic;
use crate::domain::{format, Date};
use crate::i18n::{tf, Key, Lang};
use sqlx::AnyConnection;
use std::time::Duration;

pub const ACTIVATE_TECHNICAL: &str = "activate_technical";
pub const ACTIVATE_GTM: &str = "activate_gtm";

/// Schedules `kind` for `target_id` after the configured activation delay.
pub async fn schedule(
    conn: &mut AnyConnection,
    state: &AppState,
    kind: JobKind,
    company_id: i64,
    target_id: i64,
    lang: Lang,
) -> Result<(), sqlx::Error> {
    let at = now();
    sqlx::query("INSERT INTO jobs (kind, company_id, target_id, lang, run_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(kind.as_str())
        .bind(company_id)
        .bind(target_id)
        .bind(lang.tag())
        .bind(at + state.config.activation_delay_secs)
        .bind(at)
        .execute(conn)
        .await?;
    Ok(())
}

/// Runs forever: due jobs, then the email outbox, then a pause; now and then it sends the
/// expiry reminders that are due and forgets old sign-in counters.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let pause = Duration::from_millis(state.config.job_poll_ms);
        let mut last_sweep = 0;
        let reminders_every = state.config.reminder_sweep_secs;
        let mut last_reminders = 0;
        loop {
            if reminders_every > 0 && now() - last_reminders >= reminders_every {
                last_reminders = now();
                if let Err(e) = super::reminders::sweep(&state).await {
                    tracing::error!(error = %e, "sending expiry reminders failed; will retry");
                }
            }
            if now() - last_sweep >= 600 {
                last_sweep = now();
                if let Err(e) = super::throttle::forget_old(&state.db.pool, last_sweep).await {
                    tracing::error!(error = %e, "forgetting old sign-in counters failed");
                }
                let expired = last_sweep - super::users::INVITATION_DAYS * 86_400;
                if let Err(e) = mail::forget_expired_secrets(&state.db.pool, expired).await {
                    tracing::error!(error = %e, "wiping expired sealed links failed");
                }
            }
            if let Err(e) = run_due(&state).await {
                tracing::error!(error = %e, "background jobs failed; will retry");
            }
            if let Err(e) = mail::deliver_pending(&state).await {
                tracing::error!(error = %e, "email outbox failed; will retry");
            }
            tokio::time::sleep(pause).await;
        }
    })
}

/// What a job does; stored as its `kind` text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobKind {
    ActivateTechnical,
    ActivateGtm,
}

impl JobKind {
    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::ActivateTechnical => ACTIVATE_TECHNICAL,
            JobKind::ActivateGtm => ACTIVATE_GTM,
        }
    }

    pub fn parse(s: &str) -> Option<JobKind> {
        match s {
            ACTIVATE_TECHNICAL => Some(JobKind::ActivateTechnical),
            ACTIVATE_GTM => Some(JobKind::ActivateGtm),
            _ => None,
        }
    }
}

/// A claimed job, as stored.
#[derive(sqlx::FromRow)]
struct Job {
    id: i64,
    kind: String,
    company_id: i64,
    target_id: i64,
    lang: String,
}

/// Runs every job that is due. Returns how many this call completed.
///
/// Each job is claimed inside its own transaction, which also writes its effect and `done_at`:
/// exactly once, whoever else is working. On PostgreSQL the claim is `FOR UPDATE SKIP LOCKED`,
/// so servers working at once each take a different job instead of queueing on the same one;
/// the row lock is the lease, and it ends with the transaction: at once if the server dies
/// (its connection drops), after `idle_in_transaction_session_timeout` if it hangs. On SQLite
/// `BEGIN IMMEDIATE` makes the claim exclusive.
pub async fn run_due(state: &AppState) -> Result<usize, sqlx::Error> {
    let claim = match state.db.backend {
        Backend::Postgres => {
            "SELECT id, kind, company_id, target_id, lang FROM jobs
              WHERE done_at IS NULL AND run_at <= $1 ORDER BY run_at, id LIMIT 1
                FOR UPDATE SKIP LOCKED"
        }
        Backend::Sqlite => {
            "SELECT id, kind, company_id, target_id, lang FROM jobs
              WHERE done_at IS NULL AND run_at <= $1 ORDER BY run_at, id LIMIT 1"
        }
    };
    let mut done = 0;
    while done < 100 {
        let mut tx = state.db.begin_immediate().await?;
        let at = now();
        let Some(job) = sqlx::query_as::<_, Job>(claim)
            .bind(at)
            .fetch_optional(&mut *tx)
            .await?
        else {
            break;
        };
        let claimed = sqlx::query("UPDATE jobs SET done_at = $1 WHERE id = $2 AND done_at IS NULL")
            .bind(at)
            .bind(job.id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if claimed != 1 {
            continue;
        }
        if state.config.job_hold_ms > 0 {
            // Drills and tests: a window in which the server holds a claimed job, to be
            // killed in.
            tokio::time::sleep(Duration::from_millis(state.config.job_hold_ms)).await;
        }
        let lang = Lang::from_tag(&job.lang).unwrap_or_default();
        match JobKind::parse(&job.kind) {
            Some(JobKind::ActivateTechnical) => {
                activate_technical(&mut tx, job.company_id, job.target_id, lang, at).await?
            }
            Some(JobKind::ActivateGtm) => {
                activate_gtm(&mut tx, job.company_id, job.target_id, lang, at).await?
            }
            None => tracing::error!(
                job_id = job.id,
                kind = job.kind,
                "unknown job kind; marked done"
            ),
        }
        tx.commit().await?;
        done += 1;
    }
    Ok(done)
}

async fn activate_technical(
    conn: &mut AnyConnection,
    company_id: i64,
    benefit_id: i64,
    lang: Lang,
    at: i64,
) -> Result<(), sqlx::Error> {
    let access_id = format!("PA-{}", random_digits(8));
    let contract_id = random_digits(10);
    let changed = sqlx::query(
        "UPDATE benefits SET status = 'active', access_id = $1, contract_id = $2, activated_at = $3
          WHERE id = $4 AND company_id = $5 AND status = 'pending'",
    )
    .bind(&access_id)
    .bind(&contract_id)
    .bind(at)
    .bind(benefit_id)
    .bind(company_id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if changed == 0 {
        // Cancelled or otherwise changed meanwhile: nothing to activate.
        return Ok(());
    }
    #[derive(sqlx::FromRow)]
    struct Holder {
        benefit: String,
        email: String,
        alternate_email: Option<String>,
        user_id: i64,
    }
    let holder: Option<Holder> = sqlx::query_as(
        "SELECT b.name AS benefit, u.email, a.alternate_email, a.user_id FROM benefits b
           JOIN benefit_assignments a ON a.benefit_id = b.id
           JOIN users u ON u.id = a.user_id
          WHERE b.id = $1 ORDER BY a.id DESC LIMIT 1",
    )
    .bind(benefit_id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(holder) = holder {
        let name = holder.benefit;
        let subject = tf(
            lang,
            Key::EmailTechnicalActiveSubject,
            &[("benefit", &name)],
        );
        let body = tf(
            lang,
            Key::EmailTechnicalActiveBody,
            &[
                ("benefit", &name),
                ("access_id", &access_id),
                ("contract_id", &contract_id),
            ],
        );
        for to in std::iter::once(holder.email).chain(holder.alternate_email) {
            let m = mail::Outgoing {
                company_id,
                to: &to,
                user_id: Some(holder.user_id),
                topic: Topic::Technical,
                subject: &subject,
                body: &body,
            };
            mail::queue(conn, m).await?;
        }
    }
    audit::record(
        conn,
        Actor::System { company_id },
        AuditAction::TechnicalActivated,
        On::benefit(benefit_id),
        None,
    )
    .await?;
    Ok(())
}

async fn activate_gtm(
    conn: &mut AnyConnection,
    company_id: i64,
    activation_id: i64,
    lang: Lang,
    at: i64,
) -> Result<(), sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Requested {
        benefit_id: i64,
        type_code: String,
        name: String,
        expires_on: String,
    }
    let Some(row) = sqlx::query_as::<_, Requested>(
        "SELECT g.benefit_id, g.type_code, b.name, b.expires_on FROM gtm_activations g
           JOIN benefits b ON b.id = g.benefit_id
          WHERE g.id = $1 AND g.company_id = $2 AND g.status = 'pending'",
    )
    .bind(activation_id)
    .bind(company_id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(());
    };
    let (benefit_id, type_code, name) = (row.benefit_id, row.type_code, row.name);
    // Usable for a year from activation, but never beyond the benefit itself.
    let benefit_end = Date::parse(&row.expires_on).unwrap_or_else(|| Date::from_unix(at));
    let expires = Date::from_unix(at).add_years(1).min(benefit_end);
    sqlx::query("UPDATE gtm_activations SET status = 'active', activated_at = $1, expires_on = $2 WHERE id = $3 AND status = 'pending'")
        .bind(at)
        .bind(expires.to_string())
        .bind(activation_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE benefits SET status = 'active', activated_at = COALESCE(activated_at, $1)
          WHERE id = $2 AND status IN ('not_activated', 'pending')",
    )
    .bind(at)
    .bind(benefit_id)
    .execute(&mut *conn)
    .await?;
    let contact: Option<(String, i64)> = sqlx::query_as(
        "SELECT alternate_email, user_id FROM marketing_contacts WHERE company_id = $1",
    )
    .bind(company_id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some((to, contact_user)) = contact {
        let label = crate::domain::GtmType::from_code(&type_code)
            .map(|t| t.label())
            .unwrap_or("");
        let subject = tf(
            lang,
            Key::EmailGtmActiveSubject,
            &[("benefit", &name), ("type", label)],
        );
        let body = tf(
            lang,
            Key::EmailGtmActiveBody,
            &[
                ("benefit", &name),
                ("type", label),
                ("expires", &format::date(lang, expires)),
            ],
        );
        let m = mail::Outgoing {
            company_id,
            to: &to,
            user_id: Some(contact_user),
            topic: Topic::GoToMarket,
            subject: &subject,
            body: &body,
        };
        mail::queue(conn, m).await?;
    }
    audit::record(
        conn,
        Actor::System { company_id },
        AuditAction::GtmActivated,
        On::benefit(benefit_id),
        Some(&type_code),
    )
    .await?;
    Ok(())
}
