//! Handing benefits to people. Each change that depends on what is already there (a free seat,
//! a benefit not yet assigned, hours left) reads and writes inside one `BEGIN IMMEDIATE`
//! transaction, which takes SQLite's write lock up front: concurrent requests queue instead of
//! interleaving, and the conditional updates below are checked by their row counts.

use super::auth::{caller, Caller};
use super::benefits::{ensure_usable, load_one};
use super::{invalid, jobs, lang, mail, now, state};
use crate::api::assign::ServiceRequestRow;
use crate::api::benefits::BenefitRow;
use crate::domain::access::authorize;
use crate::domain::email::not_the_users_own;
use crate::domain::forms::{AdvisoryForm, TechnicalAssignForm};
use crate::domain::notification::Topic;
use crate::domain::problem::{FieldProblem, Problems};
use crate::domain::{Action, BenefitStatus, Category, Date, Unit};
use crate::error::AppError;
use crate::i18n::{t, tf, Key};
use sqlx::{AnyConnection, Row};

fn forbid(action: Action) -> AppError {
    AppError::Forbidden { action }
}

/// An active user of the caller's company, or a field error on the picker.
async fn company_user(
    conn: &mut AnyConnection,
    c: &Caller,
    user_id: i64,
) -> Result<(String, String), AppError> {
    sqlx::query("SELECT name, email FROM users WHERE id = $1 AND company_id = $2 AND active = 1")
        .bind(user_id)
        .bind(c.company_id)
        .fetch_optional(conn)
        .await?
        .map(|r| (r.get(0), r.get(1)))
        .ok_or_else(|| AppError::invalid("user", t(lang(), Key::ErrUserNotInCompany)))
}

async fn audit(
    conn: &mut AnyConnection,
    c: &Caller,
    action: &str,
    benefit_id: i64,
    detail: &str,
) -> Result<(), sqlx::Error> {
    super::audit::record(conn, c, action, Some(benefit_id), Some(detail)).await
}

fn expect_category(row: &BenefitRow, category: Category) -> Result<(), AppError> {
    if row.category == category {
        Ok(())
    } else {
        Err(AppError::conflict(tf(
            lang(),
            Key::ErrWrongCategory,
            &[("benefit", &row.name)],
        )))
    }
}

pub async fn assign_seat(benefit_id: i64, user_id: i64) -> Result<BenefitRow, AppError> {
    let c = caller().await?;
    authorize(c.roles, Action::AssignUsers).map_err(forbid)?;
    let state = state()?;
    let row = load_one(&state.db.pool, &c, benefit_id).await?;
    expect_category(&row, Category::VisualStudio)?;
    ensure_usable(&row)?;

    let mut tx = state.db.write(c.company_id).await?;
    let (name, email) = company_user(&mut tx, &c, user_id).await?;
    let holds = sqlx::query_scalar::<_, i64>(
        "SELECT 1 FROM benefit_assignments WHERE benefit_id = $1 AND user_id = $2",
    )
    .bind(benefit_id)
    .bind(user_id)
    .fetch_optional(&mut *tx)
    .await?
    .is_some();
    if holds {
        return Err(AppError::conflict(tf(
            lang(),
            Key::ErrAlreadyHoldsSeat,
            &[("name", &name)],
        )));
    }
    // Take a seat only if one is free; zero rows changed means none was.
    let taken = sqlx::query(
        "UPDATE benefits SET used = used + 1 WHERE id = $1 AND company_id = $2 AND used < quantity",
    )
    .bind(benefit_id)
    .bind(c.company_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if taken != 1 {
        return Err(AppError::conflict(tf(
            lang(),
            Key::ErrNoFreeSeat,
            &[("seats", &row.quantity.to_string())],
        )));
    }
    sqlx::query("INSERT INTO benefit_assignments (company_id, benefit_id, user_id, assigned_by, assigned_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(c.company_id)
        .bind(benefit_id)
        .bind(user_id)
        .bind(c.user_id)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    let l = lang();
    mail::queue(
        &mut tx,
        mail::Outgoing {
            company_id: c.company_id,
            to: &email,
            user_id: Some(user_id),
            topic: Topic::Seat,
            subject: &tf(l, Key::EmailSeatSubject, &[("benefit", &row.name)]),
            body: &tf(
                l,
                Key::EmailSeatBody,
                &[("name", &name), ("benefit", &row.name)],
            ),
        },
    )
    .await?;
    audit(&mut tx, &c, "seat_assigned", benefit_id, &email).await?;
    tx.commit().await?;
    load_one(&state.db.pool, &c, benefit_id).await
}

pub async fn remove_seat(benefit_id: i64, user_id: i64) -> Result<BenefitRow, AppError> {
    let c = caller().await?;
    authorize(c.roles, Action::AssignUsers).map_err(forbid)?;
    let state = state()?;
    let row = load_one(&state.db.pool, &c, benefit_id).await?;
    expect_category(&row, Category::VisualStudio)?;

    let mut tx = state.db.write(c.company_id).await?;
    let removed = sqlx::query(
        "DELETE FROM benefit_assignments WHERE benefit_id = $1 AND user_id = $2 AND company_id = $3",
    )
    .bind(benefit_id)
    .bind(user_id)
    .bind(c.company_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if removed != 1 {
        return Err(AppError::NotFound);
    }
    sqlx::query("UPDATE benefits SET used = used - 1 WHERE id = $1 AND used > 0")
        .bind(benefit_id)
        .execute(&mut *tx)
        .await?;
    // The holder learns it from us, not from a subscription that stopped working.
    let (name, email): (String, String) =
        sqlx::query_as("SELECT name, email FROM users WHERE id = $1 AND company_id = $2")
            .bind(user_id)
            .bind(c.company_id)
            .fetch_one(&mut *tx)
            .await?;
    let l = lang();
    mail::queue(
        &mut tx,
        mail::Outgoing {
            company_id: c.company_id,
            to: &email,
            user_id: Some(user_id),
            topic: Topic::Seat,
            subject: &tf(l, Key::EmailSeatRemovedSubject, &[("benefit", &row.name)]),
            body: &tf(
                l,
                Key::EmailSeatRemovedBody,
                &[("name", &name), ("benefit", &row.name)],
            ),
        },
    )
    .await?;
    audit(&mut tx, &c, "seat_removed", benefit_id, &email).await?;
    tx.commit().await?;
    load_one(&state.db.pool, &c, benefit_id).await
}

async fn company_email(conn: &mut AnyConnection, company_id: i64) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT account_email FROM companies WHERE id = $1")
        .bind(company_id)
        .fetch_one(conn)
        .await
}

pub async fn assign_technical(
    benefit_id: i64,
    form: TechnicalAssignForm,
) -> Result<BenefitRow, AppError> {
    let c = caller().await?;
    authorize(c.roles, Action::AssignUsers).map_err(forbid)?;
    let state = state()?;
    let row = load_one(&state.db.pool, &c, benefit_id).await?;
    expect_category(&row, Category::Technical)?;
    ensure_usable(&row)?;

    let mut tx = state.db.write(c.company_id).await?;
    // The same check the dialog made as you typed, on what actually arrived.
    let (user_id, alternate) = form
        .parse(&company_email(&mut tx, c.company_id).await?)
        .map_err(|p| invalid(&p))?;
    let (name, email) = company_user(&mut tx, &c, user_id).await?;
    not_the_users_own(&alternate, &email).map_err(|p| {
        invalid(&Problems(vec![FieldProblem {
            field: "alternate_email",
            problem: p,
        }]))
    })?;
    let requested = sqlx::query("UPDATE benefits SET status = 'pending' WHERE id = $1 AND company_id = $2 AND status = 'not_activated'")
        .bind(benefit_id)
        .bind(c.company_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if requested != 1 {
        return Err(AppError::conflict(tf(
            lang(),
            Key::ErrAlreadyAssigned,
            &[("benefit", &row.name)],
        )));
    }
    sqlx::query(
        "INSERT INTO benefit_assignments (company_id, benefit_id, user_id, assigned_by, assigned_at, alternate_email)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(c.company_id)
    .bind(benefit_id)
    .bind(user_id)
    .bind(c.user_id)
    .bind(now())
    .bind(alternate.as_str())
    .execute(&mut *tx)
    .await?;
    // Instructions go to the alternate address and to the user's own account.
    let l = lang();
    let subject = tf(l, Key::EmailTechnicalSubject, &[("benefit", &row.name)]);
    let body = tf(
        l,
        Key::EmailTechnicalBody,
        &[("name", &name), ("benefit", &row.name)],
    );
    for to in [alternate.as_str(), email.as_str()] {
        let m = mail::Outgoing {
            company_id: c.company_id,
            to,
            user_id: Some(user_id),
            topic: Topic::Technical,
            subject: &subject,
            body: &body,
        };
        mail::queue(&mut tx, m).await?;
    }
    jobs::schedule(
        &mut tx,
        &state,
        jobs::ACTIVATE_TECHNICAL,
        c.company_id,
        benefit_id,
        l,
    )
    .await?;
    audit(&mut tx, &c, "technical_assigned", benefit_id, &email).await?;
    tx.commit().await?;
    load_one(&state.db.pool, &c, benefit_id).await
}

/// Columns for `service_request_row`; the query joins `users u` (who filed it). The last
/// three say what it is about (a package or a benefit) and how it was resolved.
pub const SERVICE_REQUEST_COLUMNS: &str = "s.id, s.case_number, s.kind, s.status, s.title, u.name, s.created_at, s.updated_at, s.hours,
       (SELECT name FROM packages WHERE id = s.package_id), (SELECT name FROM benefits WHERE id = s.benefit_id), s.resolution";

pub fn service_request_row(r: &sqlx::any::AnyRow) -> ServiceRequestRow {
    ServiceRequestRow {
        id: r.get(0),
        case_number: r.get(1),
        kind: r.get(2),
        status: r.get(3),
        title: r.get(4),
        filed_by: r.get(5),
        created_at: r.get(6),
        updated_at: r.get(7),
        hours: r.get(8),
        about: r.get::<Option<String>, _>(9).or_else(|| r.get(10)),
        resolution: r.get(11),
    }
}

/// A service request's case number: the UTC date it was filed and its sequence number, e.g.
/// `2611250000042`. Unique because the id is.
pub fn case_number(created_at: i64, id: i64) -> String {
    let (y, m, d) = Date::from_unix(created_at).ymd();
    format!("{:02}{m:02}{d:02}{id:07}", y % 100)
}

/// Inserts a service request (case number assigned from its id) and returns its id.
#[allow(clippy::too_many_arguments)]
pub async fn file_request(
    conn: &mut AnyConnection,
    c: &Caller,
    kind: &str,
    title: &str,
    description: &str,
    benefit_id: Option<i64>,
    package_id: Option<i64>,
    idempotency_key: Option<&str>,
) -> Result<(i64, String), sqlx::Error> {
    let at = now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO service_requests (company_id, case_number, kind, status, title, description, benefit_id, package_id,
                                       filed_by, created_at, updated_at, idempotency_key, lang)
         VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(c.company_id)
    // A unique stand-in until the case number, made from the id, replaces it below.
    .bind(format!("pending-{}", super::random_hex(8)))
    .bind(kind)
    .bind(title)
    .bind(description)
    .bind(benefit_id)
    .bind(package_id)
    .bind(c.user_id)
    .bind(at)
    .bind(at)
    .bind(idempotency_key)
    .bind(lang().tag())
    .fetch_one(&mut *conn)
    .await?;
    let number = case_number(at, id);
    sqlx::query("UPDATE service_requests SET case_number = $1 WHERE id = $2")
        .bind(&number)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    request_event(&mut *conn, id, "open", None, Some(c.user_id), at).await?;
    Ok((id, number))
}

pub async fn load_request(
    conn: &mut AnyConnection,
    company_id: i64,
    id: i64,
) -> Result<ServiceRequestRow, AppError> {
    sqlx::query(&format!(
        "SELECT {SERVICE_REQUEST_COLUMNS} FROM service_requests s JOIN users u ON u.id = s.filed_by WHERE s.id = $1 AND s.company_id = $2"
    ))
    .bind(id)
    .bind(company_id)
    .fetch_optional(conn)
    .await?
    .map(|r| service_request_row(&r))
    .ok_or(AppError::NotFound)
}

/// A client-made key that makes a create request safe to retry (8 to 64 letters, digits, dashes).
pub fn valid_idempotency_key(key: &str) -> Result<&str, AppError> {
    let key = key.trim();
    if (8..=64).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        Ok(key)
    } else {
        Err(AppError::invalid(
            "idempotency_key",
            t(lang(), Key::ErrRequestUnreadable),
        ))
    }
}

pub async fn request_advisory_hours(
    benefit_id: i64,
    form: AdvisoryForm,
    idempotency_key: String,
) -> Result<ServiceRequestRow, AppError> {
    let c = caller().await?;
    authorize(c.roles, Action::RequestAdvisoryHours).map_err(forbid)?;
    let key = valid_idempotency_key(&idempotency_key)?;
    let state = state()?;
    let row = load_one(&state.db.pool, &c, benefit_id).await?;
    expect_category(&row, Category::Technical)?;
    ensure_usable(&row)?;
    if row.unit != Unit::Hours {
        return Err(AppError::conflict(tf(
            lang(),
            Key::ErrNotHours,
            &[("benefit", &row.name)],
        )));
    }

    let mut tx = state.db.write(c.company_id).await?;
    // A replay of the same submission answers with the request it already filed.
    if let Some(filed) = replayed(&mut tx, c.company_id, key).await? {
        return Ok(filed);
    }
    if row.status != BenefitStatus::Active {
        return Err(AppError::conflict(tf(
            lang(),
            Key::ErrActivateFirst,
            &[("benefit", &row.name)],
        )));
    }
    let remaining: i64 = sqlx::query_scalar("SELECT quantity - used FROM benefits WHERE id = $1")
        .bind(benefit_id)
        .fetch_one(&mut *tx)
        .await?;
    let request = form.parse(remaining).map_err(|p| invalid(&p))?;
    if !reserve(&mut tx, c.company_id, benefit_id, request.hours).await? {
        return Err(AppError::conflict(tf(
            lang(),
            Key::ErrHoursGone,
            &[("benefit", &row.name)],
        )));
    }
    let (id, number) = file_request(
        &mut tx,
        &c,
        "advisory_hours",
        &request.title,
        &request.description,
        Some(benefit_id),
        None,
        Some(key),
    )
    .await?;
    sqlx::query("UPDATE service_requests SET phase = $1, product = $2, hours = $3, contact_phone = $4, time_zone = $5 WHERE id = $6")
        .bind(request.phase.code())
        .bind(&request.product)
        .bind(request.hours)
        .bind(request.contact_phone.as_str())
        .bind(&request.time_zone)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let email: String = sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
        .bind(c.user_id)
        .fetch_one(&mut *tx)
        .await?;
    let l = lang();
    mail::queue(
        &mut tx,
        mail::Outgoing {
            company_id: c.company_id,
            to: &email,
            user_id: Some(c.user_id),
            topic: Topic::Advisory,
            subject: &tf(l, Key::EmailAdvisorySubject, &[("case", &number)]),
            body: &tf(
                l,
                Key::EmailAdvisoryBody,
                &[
                    ("case", &number),
                    ("title", &request.title),
                    ("hours", &request.hours.to_string()),
                ],
            ),
        },
    )
    .await?;
    audit(&mut tx, &c, "advisory_requested", benefit_id, &number).await?;
    let filed = load_request(&mut tx, c.company_id, id).await?;
    tx.commit().await?;
    Ok(filed)
}

/// One step in a service request's history (filed, in progress, resolved, withdrawn…).
pub async fn request_event(
    conn: &mut AnyConnection,
    request_id: i64,
    status: &str,
    note: Option<&str>,
    by_user: Option<i64>,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO service_request_events (request_id, status, note, by_user, at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(request_id)
    .bind(status)
    .bind(note)
    .bind(by_user)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// A retried submission (the same idempotency key) gets the request it already filed.
pub async fn replayed(
    conn: &mut AnyConnection,
    company_id: i64,
    key: &str,
) -> Result<Option<ServiceRequestRow>, AppError> {
    let id: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM service_requests WHERE company_id = $1 AND idempotency_key = $2",
    )
    .bind(company_id)
    .bind(key)
    .fetch_optional(&mut *conn)
    .await?;
    match id {
        Some(id) => load_request(conn, company_id, id).await.map(Some),
        None => Ok(None),
    }
}

/// Takes `units` of a benefit (hours, an incident) for a request: one conditional update whose
/// row count says whether that many were left, so two requests at once cannot overdraw it.
pub async fn reserve(
    conn: &mut AnyConnection,
    company_id: i64,
    benefit_id: i64,
    units: i64,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE benefits SET used = used + $1 WHERE id = $2 AND company_id = $3 AND used + $4 <= quantity",
    )
    .bind(units)
    .bind(benefit_id)
    .bind(company_id)
    .bind(units)
    .execute(conn)
    .await?
    .rows_affected()
        == 1)
}

#[cfg(test)]
mod tests {
    use super::case_number;

    #[test]
    fn case_numbers_carry_the_date_and_sequence() {
        assert_eq!(case_number(1_795_600_213, 42), "2611250000042");
    }
}
