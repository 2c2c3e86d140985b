//! Expiry reminders and the calendar feed.
//!
//! Every server's worker sweeps now and then (`PB_REMINDER_SWEEP_SECS`): a benefit that crossed
//! one of its company's thresholds gets a row in `expiry_reminders` and, in the same
//! transaction, one email to each active Global admin (on the Notifications page too). The row's
//! primary key makes the "once": a second server sweeping at the same moment inserts nothing,
//! so it sends nothing.
//!
//! The feed is an iCalendar file of the expiry dates a person may see (a Global or MPN partner
//! admin: the company's; anyone else: what they hold), at `/calendar/<secret>.ics`. Calendar
//! apps fetch it without a session, so the address is the credential: 32 random bytes, shown
//! once, stored only as a hash, revocable and renewable.

use super::audit::{self, Actor, On};
use super::crypto::token_hash;
use super::{authorized, invalid, lang, mail, now, random_hex, AppState};
use crate::domain::audit::AuditAction;
use crate::domain::notifications::Topic;
use crate::domain::reminders::{reminder_days_form, CalendarFeed, CalendarLink, ReminderDays};
use crate::domain::{format, Action, Category, Date};
use crate::error::AppError;
use crate::i18n::{tf, Key, Lang};

/// The company's thresholds, as the form shows them.
pub async fn get_days() -> Result<String, AppError> {
    let (c, state) = authorized(Action::ManageReminders).await?;
    let stored: String = sqlx::query_scalar("SELECT reminder_days FROM companies WHERE id = $1")
        .bind(c.company_id)
        .fetch_one(&state.db.pool)
        .await?;
    Ok(ReminderDays::from_stored(&stored).text())
}

/// Sets the company's thresholds. Thresholds already told stay told; a new one larger than the
/// days a benefit has left is not sent late (only the nearest crossed threshold ever is).
pub async fn set_days(text: String) -> Result<String, AppError> {
    let (c, state) = authorized(Action::ManageReminders).await?;
    let days = reminder_days_form(&text).map_err(|p| invalid(&p))?;
    let mut tx = state.db.begin_immediate().await?;
    sqlx::query("UPDATE companies SET reminder_days = $1 WHERE id = $2")
        .bind(days.stored())
        .bind(c.company_id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        &c,
        AuditAction::RemindersChanged,
        On::NOTHING,
        Some(&days.stored()),
    )
    .await?;
    tx.commit().await?;
    Ok(days.text())
}

#[derive(sqlx::FromRow)]
struct Candidate {
    id: i64,
    company_id: i64,
    name: String,
    category: String,
    expires_on: String,
    reminder_days: String,
    /// The smallest threshold already told for this benefit.
    told: Option<i64>,
}

/// Sends every reminder that is due now. Returns how many benefits were told about.
pub async fn sweep(state: &AppState) -> Result<usize, sqlx::Error> {
    let today = Date::from_unix(now());
    let horizon = today.add_days(i64::from(crate::domain::reminders::MAX_DAYS));
    // ISO dates compare as text on both databases.
    let candidates: Vec<Candidate> = sqlx::query_as(
        "SELECT b.id, b.company_id, b.name, b.category, b.expires_on, c.reminder_days,
                (SELECT MIN(r.threshold_days) FROM expiry_reminders r WHERE r.benefit_id = b.id) AS told
           FROM benefits b JOIN packages p ON p.id = b.package_id JOIN companies c ON c.id = b.company_id
          WHERE b.status <> 'cancelled' AND p.status <> 'cancelled'
            AND b.expires_on >= $1 AND b.expires_on <= $2
          ORDER BY b.expires_on, b.id",
    )
    .bind(today.to_string())
    .bind(horizon.to_string())
    .fetch_all(&state.db.pool)
    .await?;
    let mut told = 0;
    for b in candidates {
        let Some(ends) = Date::parse(&b.expires_on) else {
            continue;
        };
        let days_left = today.days_until(ends);
        let Some(threshold) = ReminderDays::from_stored(&b.reminder_days).due(days_left) else {
            continue;
        };
        if b.told.is_some_and(|t| t <= i64::from(threshold)) {
            continue;
        }
        if tell(state, &b, threshold, ends, days_left).await? {
            told += 1;
        }
    }
    Ok(told)
}

/// Records the reminder and queues its emails in one transaction; `false` when another sweep
/// got there first. The company's write lock orders sweeps of one company, and the insert also
/// refuses when a nearer threshold was told meanwhile (a server that read the benefit just
/// before midnight must not send "30 days" after another sent "7 days").
async fn tell(
    state: &AppState,
    b: &Candidate,
    threshold: u16,
    ends: Date,
    days_left: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = state.db.write(b.company_id).await?;
    let inserted = sqlx::query(
        "INSERT INTO expiry_reminders (benefit_id, threshold_days, sent_at)
         SELECT $1, $2, $3 WHERE NOT EXISTS
                (SELECT 1 FROM expiry_reminders WHERE benefit_id = $1 AND threshold_days <= $2)
         ON CONFLICT (benefit_id, threshold_days) DO NOTHING",
    )
    .bind(b.id)
    .bind(i64::from(threshold))
    .bind(now())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Ok(false);
    }
    let admins: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, email FROM users WHERE company_id = $1 AND is_global_admin = 1 AND active = 1 ORDER BY id",
    )
    .bind(b.company_id)
    .fetch_all(&mut *tx)
    .await?;
    let link = format!(
        "{}/benefits/{}?open={}",
        state.config.public_url,
        Category::from_code(&b.category).map_or("software", |c| c.slug()),
        b.id
    );
    // People have no stored language: the email says it in both the product speaks.
    let text = |lang: Lang, key: Key| {
        tf(
            lang,
            key,
            &[
                ("benefit", &b.name),
                ("days", &days_left.to_string()),
                ("date", &format::date(lang, ends)),
                ("link", &link),
            ],
        )
    };
    let subject_key = match days_left {
        0 => Key::EmailExpirySubjectToday,
        1 => Key::EmailExpirySubjectTomorrow,
        _ => Key::EmailExpirySubject,
    };
    let subject = format!(
        "{} / {}",
        text(Lang::En, subject_key),
        text(Lang::Ko, subject_key)
    );
    let body = format!(
        "{}\n\n{}",
        text(Lang::En, Key::EmailExpiryBody),
        text(Lang::Ko, Key::EmailExpiryBody)
    );
    for (user_id, email) in &admins {
        let m = mail::Outgoing {
            company_id: b.company_id,
            to: email,
            user_id: Some(*user_id),
            topic: Topic::Expiry,
            subject: &subject,
            body: &body,
        };
        mail::queue(&mut tx, m).await?;
    }
    audit::record(
        &mut tx,
        Actor::System {
            company_id: b.company_id,
        },
        AuditAction::ExpiryReminderSent,
        On::benefit(b.id),
        Some(&threshold.to_string()),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Whether the caller has a feed (never its address: that was shown once).
pub async fn feed() -> Result<CalendarFeed, AppError> {
    let (c, state) = authorized(Action::ViewBenefits).await?;
    let created_at: Option<i64> =
        sqlx::query_scalar("SELECT created_at FROM calendar_feeds WHERE user_id = $1")
            .bind(c.user_id)
            .fetch_optional(&state.db.pool)
            .await?;
    Ok(CalendarFeed { created_at })
}

/// Makes the caller a new feed address; an older one stops working at once.
pub async fn renew_feed() -> Result<CalendarLink, AppError> {
    let (c, state) = authorized(Action::ViewBenefits).await?;
    let token = random_hex(32);
    let at = now();
    let mut tx = state.db.begin_immediate().await?;
    sqlx::query("DELETE FROM calendar_feeds WHERE user_id = $1")
        .bind(c.user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO calendar_feeds (user_id, token_hash, lang, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(c.user_id)
    .bind(token_hash(&token))
    .bind(lang().tag())
    .bind(at)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        &c,
        AuditAction::CalendarFeedCreated,
        On::user(c.user_id),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(CalendarLink {
        url: format!("{}/calendar/{token}.ics", state.config.public_url),
        created_at: at,
    })
}

/// Ends the caller's feed: its address answers 404 from now on.
pub async fn revoke_feed() -> Result<CalendarFeed, AppError> {
    let (c, state) = authorized(Action::ViewBenefits).await?;
    let mut tx = state.db.begin_immediate().await?;
    let gone = sqlx::query("DELETE FROM calendar_feeds WHERE user_id = $1")
        .bind(c.user_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if gone > 0 {
        audit::record(
            &mut tx,
            &c,
            AuditAction::CalendarFeedRevoked,
            On::user(c.user_id),
            None,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(CalendarFeed { created_at: None })
}

#[derive(sqlx::FromRow)]
struct FeedOwner {
    user_id: i64,
    company_id: i64,
    is_global_admin: i64,
    is_mpn_partner_admin: i64,
    lang: String,
}

#[derive(sqlx::FromRow)]
struct Ending {
    id: i64,
    name: String,
    category: String,
    package_name: String,
    expires_on: String,
}

/// The feed behind `token` as iCalendar text, or `None` when no active person's feed has that
/// secret (revoked, renewed, never made, or its owner deactivated).
pub async fn calendar(state: &AppState, token: &str) -> Result<Option<String>, sqlx::Error> {
    let owner: Option<FeedOwner> = sqlx::query_as(
        "SELECT u.id AS user_id, u.company_id, u.is_global_admin, u.is_mpn_partner_admin, f.lang
           FROM calendar_feeds f JOIN users u ON u.id = f.user_id
          WHERE f.token_hash = $1 AND u.active = 1",
    )
    .bind(token_hash(token))
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(owner) = owner else {
        return Ok(None);
    };
    let admin = owner.is_global_admin == 1 || owner.is_mpn_partner_admin == 1;
    // A year back (what just ended) and everything ahead.
    let since = Date::from_unix(now()).add_days(-365);
    let endings: Vec<Ending> = sqlx::query_as(
        "SELECT b.id, b.name, b.category, p.name AS package_name, b.expires_on
           FROM benefits b JOIN packages p ON p.id = b.package_id
          WHERE b.company_id = $1 AND b.status <> 'cancelled' AND p.status <> 'cancelled'
            AND b.expires_on >= $2
            AND ($3 OR EXISTS (SELECT 1 FROM benefit_assignments a WHERE a.benefit_id = b.id AND a.user_id = $4))
          ORDER BY b.expires_on, b.id",
    )
    .bind(owner.company_id)
    .bind(since.to_string())
    .bind(admin)
    .bind(owner.user_id)
    .fetch_all(&state.db.pool)
    .await?;
    let lang = Lang::from_tag(&owner.lang).unwrap_or_default();
    Ok(Some(ics(state, lang, &endings)))
}

/// RFC 5545 text, written by the `icalendar` crate (folding, escaping, CRLF).
fn ics(state: &AppState, lang: Lang, endings: &[Ending]) -> String {
    use icalendar::{Calendar, Component, Event, EventLike};
    let host = state
        .config
        .public_url
        .split_once("://")
        .map_or("partner-benefits", |(_, h)| h)
        .trim_end_matches('/');
    let mut calendar = Calendar::new();
    calendar.name(&tf(lang, Key::CalendarName, &[]));
    for e in endings {
        let Some(date) = Date::parse(&e.expires_on) else {
            continue;
        };
        let (y, m, d) = date.ymd();
        let Some(day) = chrono::NaiveDate::from_ymd_opt(y as i32, m, d) else {
            continue;
        };
        let link = format!(
            "{}/benefits/{}?open={}",
            state.config.public_url,
            Category::from_code(&e.category).map_or("software", |c| c.slug()),
            e.id
        );
        let event = Event::new()
            // Stable per benefit: a renewed or refetched feed updates the same event.
            .uid(&format!("benefit-{}-expiry@{host}", e.id))
            .summary(&tf(
                lang,
                Key::CalendarEventSummary,
                &[("benefit", &e.name)],
            ))
            .description(&tf(
                lang,
                Key::CalendarEventDescription,
                &[
                    ("benefit", &e.name),
                    ("package", &e.package_name),
                    ("link", &link),
                ],
            ))
            .url(&link)
            // An all-day event on the last day: RFC 5545's DTEND is exclusive, so it ends at
            // the start of the next day (equal to DTSTART it lasted no time, and some
            // calendar apps dropped it).
            .starts(day)
            .ends(day.succ_opt().unwrap_or(day))
            .done();
        calendar.push(event);
    }
    calendar.done().to_string()
}
