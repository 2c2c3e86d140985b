//! Service requests (advisory hours, cancellations, support incidents): filing them, listing
//! them, one request's detail and history, withdrawing one, and giving back what a request
//! held when it closes unused.

use super::audit::{self, On};
use super::auth::Caller;
use super::benefits::{ensure_usable, expect_category, load_one};
use super::{authorized, invalid, lang, mail, now};
use crate::domain::access::may_withdraw;
use crate::domain::audit::AuditAction;
use crate::domain::forms::{AdvisoryForm, IncidentForm};
use crate::domain::notifications::Topic;
use crate::domain::requests::{
    RequestEvent, RequestKind, RequestStatus, ServiceRequestDetail, ServiceRequestRow,
};
use crate::domain::{Action, BenefitStatus, Category, Date, Unit};
use crate::error::AppError;
use crate::i18n::{t, tf, Key};
use sqlx::AnyConnection;

use super::db::stored;

#[derive(sqlx::FromRow)]
struct Extra {
    description: String,
    phase: Option<String>,
    product: Option<String>,
    contact_phone: Option<String>,
    time_zone: Option<String>,
    filed_by: i64,
    kind: String,
    status: String,
    benefit_id: Option<i64>,
    hours: Option<i64>,
    case_number: String,
}

impl Extra {
    fn kind(&self) -> Result<RequestKind, sqlx::Error> {
        stored(
            RequestKind::from_code(&self.kind),
            "request kind",
            &self.kind,
        )
    }

    fn status(&self) -> Result<RequestStatus, sqlx::Error> {
        stored(
            RequestStatus::from_code(&self.status),
            "request status",
            &self.status,
        )
    }
}

async fn load_extra(conn: &mut AnyConnection, company_id: i64, id: i64) -> Result<Extra, AppError> {
    sqlx::query_as(
        "SELECT description, phase, product, COALESCE(contact_phone_display, contact_phone) AS contact_phone, time_zone, filed_by, kind, status, benefit_id, hours, case_number
           FROM service_requests WHERE id = $1 AND company_id = $2",
    )
    .bind(id)
    .bind(company_id)
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)
}

#[derive(sqlx::FromRow)]
struct EventRecord {
    status: String,
    note: Option<String>,
    by_name: Option<String>,
    at: i64,
}

async fn detail(
    conn: &mut AnyConnection,
    c: &super::auth::Caller,
    id: i64,
) -> Result<ServiceRequestDetail, AppError> {
    let request = load_request(&mut *conn, c.company_id, id).await?;
    let extra = load_extra(&mut *conn, c.company_id, id).await?;
    // What was asked and how to reach the person are theirs and the admins': a co-worker sees
    // that the request exists and where it stands, not its contents.
    use crate::domain::access::{may_read, PersonalDetail};
    let may_read_text = may_read(
        c.roles,
        c.user_id,
        PersonalDetail::RequestText,
        extra.filed_by,
    );
    let may_read_phone = may_read(c.roles, c.user_id, PersonalDetail::Phone, extra.filed_by);
    let history: Vec<EventRecord> = sqlx::query_as(
        "SELECT e.status, e.note, u.name AS by_name, e.at FROM service_request_events e
           LEFT JOIN users u ON u.id = e.by_user
          WHERE e.request_id = $1 ORDER BY e.at, e.id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let open = extra.status()?.is_open();
    Ok(ServiceRequestDetail {
        request,
        description: if may_read_text {
            extra.description
        } else {
            String::new()
        },
        phase: extra.phase,
        product: extra.product,
        contact_phone: extra.contact_phone.filter(|_| may_read_phone),
        time_zone: extra.time_zone,
        history: history
            .into_iter()
            .map(|e| {
                Ok(RequestEvent {
                    status: stored(
                        RequestStatus::from_code(&e.status),
                        "request status",
                        &e.status,
                    )?,
                    note: e.note,
                    by: e.by_name,
                    at: e.at,
                })
            })
            .collect::<Result<_, sqlx::Error>>()?,
        may_withdraw: open && may_withdraw(c.roles, extra.filed_by == c.user_id),
    })
}

pub async fn get(id: i64) -> Result<ServiceRequestDetail, AppError> {
    let (c, state) = authorized(Action::ViewBenefits).await?;
    let mut conn = state.db.pool.acquire().await?;
    detail(&mut conn, &c, id).await
}

pub async fn withdraw(id: i64) -> Result<ServiceRequestDetail, AppError> {
    // Anyone signed in may ask; whether it is theirs to withdraw is checked below.
    let (c, state) = authorized(Action::ViewBenefits).await?;
    let mut tx = state.db.write(c.company_id).await?;
    let extra = load_extra(&mut tx, c.company_id, id).await?;
    if !may_withdraw(c.roles, extra.filed_by == c.user_id) {
        return Err(AppError::conflict(t(lang(), Key::ErrWithdrawNotYours)));
    }
    let at = now();
    let changed = sqlx::query(
        "UPDATE service_requests SET status = 'withdrawn', updated_at = $1
          WHERE id = $2 AND company_id = $3 AND status IN ('open', 'in_progress')",
    )
    .bind(at)
    .bind(id)
    .bind(c.company_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed != 1 {
        return Err(AppError::conflict(t(lang(), Key::ErrRequestClosed)));
    }
    release_reserved(
        &mut tx,
        c.company_id,
        extra.kind()?,
        extra.benefit_id,
        extra.hours,
    )
    .await?;
    request_event(
        &mut tx,
        id,
        RequestStatus::Withdrawn,
        None,
        Some(c.user_id),
        at,
    )
    .await?;
    audit::record(
        &mut tx,
        &c,
        AuditAction::RequestWithdrawn,
        On {
            benefit: extra.benefit_id,
            user: None,
        },
        // The case, and through it the package of a cancellation (the trail names both).
        Some(&extra.case_number),
    )
    .await?;
    let answer = detail(&mut tx, &c, id).await?;
    tx.commit().await?;
    Ok(answer)
}

pub async fn open_incident(
    benefit_id: i64,
    form: IncidentForm,
    idempotency_key: String,
) -> Result<ServiceRequestRow, AppError> {
    // The same right as asking for advisory hours: anyone in the company.
    let (c, state) = authorized(Action::RequestAdvisoryHours).await?;
    let key = valid_idempotency_key(&idempotency_key)?;
    let incident = form.parse().map_err(|p| invalid(&p))?;
    let row = load_one(&state.db.pool, &c, benefit_id).await?;
    if row.category != Category::Technical || row.unit != Unit::Incidents {
        return Err(AppError::conflict(tf(
            lang(),
            Key::ErrNotIncidents,
            &[("benefit", &row.name)],
        )));
    }
    ensure_usable(&row)?;
    let mut tx = state.db.write(c.company_id).await?;
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
    // One incident, taken like a seat: a conditional update whose row count says whether one
    // was left.
    if !reserve(&mut tx, c.company_id, benefit_id, 1).await? {
        return Err(AppError::conflict(tf(
            lang(),
            Key::ErrNoIncidentsLeft,
            &[("benefit", &row.name)],
        )));
    }
    let (id, number) = file_request(
        &mut tx,
        &c,
        RequestKind::SupportIncident,
        &incident.title,
        &incident.description,
        Some(benefit_id),
        None,
        Some(key),
    )
    .await?;
    sqlx::query(
        "UPDATE service_requests SET product = $1, contact_phone = $2, contact_phone_display = $3, hours = 1 WHERE id = $4",
    )
    .bind(&incident.product)
    .bind(incident.contact_phone.as_str())
    // Shown as typed (it parsed, so it is nothing but a phone number), as the marketing
    // contact's is.
    .bind(form.contact_phone.trim())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        &c,
        AuditAction::IncidentOpened,
        On::benefit(benefit_id),
        Some(&number),
    )
    .await?;
    let filed = load_request(&mut tx, c.company_id, id).await?;
    tx.commit().await?;
    Ok(filed)
}

/// A request that closes without being used (withdrawn, rejected) gives back what it held: its
/// advisory hours, or its incident. One rule for every way a request can close unused.
pub async fn release_reserved(
    conn: &mut AnyConnection,
    company_id: i64,
    kind: RequestKind,
    benefit_id: Option<i64>,
    units: Option<i64>,
) -> Result<(), sqlx::Error> {
    if let (Some(benefit), Some(units), true) = (benefit_id, units, kind.reserves()) {
        sqlx::query(
            "UPDATE benefits SET used = CASE WHEN used > $1 THEN used - $1 ELSE 0 END WHERE id = $2 AND company_id = $3",
        )
        .bind(units)
        .bind(benefit)
        .bind(company_id)
        .execute(conn)
        .await?;
    }
    Ok(())
}

/// Columns for [`RequestRecord`]; the query joins `users u` (who filed it). `about` says what
/// it is about (a package or a benefit).
pub const SERVICE_REQUEST_COLUMNS: &str =
    "s.id, s.case_number, s.kind, s.status, s.title, u.name AS filed_by,
       s.created_at, s.updated_at, s.hours,
       COALESCE((SELECT name FROM packages WHERE id = s.package_id),
                (SELECT name FROM benefits WHERE id = s.benefit_id)) AS about,
       s.resolution";

/// A service request as stored.
#[derive(sqlx::FromRow)]
pub struct RequestRecord {
    id: i64,
    case_number: String,
    kind: String,
    status: String,
    title: String,
    filed_by: String,
    created_at: i64,
    updated_at: i64,
    hours: Option<i64>,
    about: Option<String>,
    resolution: Option<String>,
}

impl TryFrom<RequestRecord> for ServiceRequestRow {
    type Error = sqlx::Error;

    fn try_from(r: RequestRecord) -> Result<ServiceRequestRow, sqlx::Error> {
        Ok(ServiceRequestRow {
            id: r.id,
            kind: stored(RequestKind::from_code(&r.kind), "request kind", &r.kind)?,
            status: stored(
                RequestStatus::from_code(&r.status),
                "request status",
                &r.status,
            )?,
            case_number: r.case_number,
            title: r.title,
            filed_by: r.filed_by,
            created_at: r.created_at,
            updated_at: r.updated_at,
            hours: r.hours,
            about: r.about,
            resolution: r.resolution,
        })
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
    kind: RequestKind,
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
    .bind(kind.code())
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
    request_event(
        &mut *conn,
        id,
        RequestStatus::Open,
        None,
        Some(c.user_id),
        at,
    )
    .await?;
    Ok((id, number))
}

pub async fn load_request(
    conn: &mut AnyConnection,
    company_id: i64,
    id: i64,
) -> Result<ServiceRequestRow, AppError> {
    let record = sqlx::query_as::<_, RequestRecord>(&format!(
        "SELECT {SERVICE_REQUEST_COLUMNS} FROM service_requests s JOIN users u ON u.id = s.filed_by WHERE s.id = $1 AND s.company_id = $2"
    ))
    .bind(id)
    .bind(company_id)
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(ServiceRequestRow::try_from(record)?)
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
    let (c, state) = authorized(Action::RequestAdvisoryHours).await?;
    let key = valid_idempotency_key(&idempotency_key)?;
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
        RequestKind::AdvisoryHours,
        &request.title,
        &request.description,
        Some(benefit_id),
        None,
        Some(key),
    )
    .await?;
    sqlx::query("UPDATE service_requests SET phase = $1, product = $2, hours = $3, contact_phone = $4, contact_phone_display = $5, time_zone = $6 WHERE id = $7")
        .bind(request.phase.code())
        .bind(&request.product)
        .bind(request.hours)
        .bind(request.contact_phone.as_str())
        .bind(form.contact_phone.trim())
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
    audit::record(
        &mut tx,
        &c,
        AuditAction::AdvisoryRequested,
        On::benefit(benefit_id),
        Some(&number),
    )
    .await?;
    let filed = load_request(&mut tx, c.company_id, id).await?;
    tx.commit().await?;
    Ok(filed)
}

/// One step in a service request's history (filed, in progress, resolved, withdrawn…).
pub async fn request_event(
    conn: &mut AnyConnection,
    request_id: i64,
    status: RequestStatus,
    note: Option<&str>,
    by_user: Option<i64>,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO service_request_events (request_id, status, note, by_user, at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(request_id)
    .bind(status.code())
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

/// The company's service requests, newest first, optionally of one status.
pub async fn list(status: Option<String>) -> Result<Vec<ServiceRequestRow>, AppError> {
    let (c, state) = authorized(Action::ViewBenefits).await?;
    rows(&state, c.company_id, status, 500).await
}

/// The company's requests with `status` (a code; none: all), newest first, at most `limit`.
/// The status a list asks for (none: all), refused when it is not one we know.
fn status_filter(status: Option<String>) -> Result<Option<RequestStatus>, AppError> {
    match status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(code) => Ok(Some(RequestStatus::from_code(code).ok_or_else(|| {
            AppError::invalid("status", t(lang(), Key::ProblemUnknownChoice))
        })?)),
    }
}

/// The company's requests with a status (none: all), newest first.
fn rows_sql() -> String {
    format!(
        "SELECT {SERVICE_REQUEST_COLUMNS} FROM service_requests s JOIN users u ON u.id = s.filed_by
           WHERE s.company_id = $1 AND ($2 IS NULL OR s.status = $2)
          ORDER BY s.created_at DESC, s.id DESC LIMIT $3"
    )
}

async fn rows(
    state: &super::AppState,
    company_id: i64,
    status: Option<String>,
    limit: i64,
) -> Result<Vec<ServiceRequestRow>, AppError> {
    let status = status_filter(status)?;
    let rows = sqlx::query_as::<_, RequestRecord>(&rows_sql())
        .bind(company_id)
        .bind(status.map(RequestStatus::code))
        .bind(limit)
        .fetch_all(&state.db.pool)
        .await?;
    Ok(rows
        .into_iter()
        .map(ServiceRequestRow::try_from)
        .collect::<Result<_, _>>()?)
}

/// The company's requests with `status` (none: all) as CSV, newest first (admins).
pub async fn export(
    status: Option<String>,
    byte_order_mark: bool,
) -> Result<crate::domain::export::CsvFile, AppError> {
    use futures::TryStreamExt;
    let (c, state) = authorized(Action::ExportData).await?;
    let status = status_filter(status)?;
    let l = lang();
    let header = [
        t(l, Key::CaseNumber),
        t(l, Key::RequestType),
        t(l, Key::RequestTitle),
        t(l, Key::ColStatus),
        t(l, Key::FiledBy),
        t(l, Key::CsvCreatedUtc),
        t(l, Key::CsvUpdatedUtc),
        t(l, Key::CsvAbout),
        t(l, Key::CsvHours),
        t(l, Key::CsvResolution),
    ];
    let mut file =
        super::export::CsvWriter::new(&header, byte_order_mark).map_err(super::internal)?;
    // Read a row at a time into the file, at most the cap every export has.
    let sql = rows_sql();
    let mut list = sqlx::query_as::<_, RequestRecord>(&sql)
        .bind(c.company_id)
        .bind(status.map(RequestStatus::code))
        .bind(i64::from(crate::domain::export::EXPORT_MAX_ROWS))
        .fetch(&state.db.pool);
    while let Some(record) = list.try_next().await? {
        let r = ServiceRequestRow::try_from(record)?;
        file.row([
            r.case_number.clone(),
            r.kind.label(l).to_string(),
            // The reader's words for a title the system made, as on the page.
            r.title_in(l),
            r.status.label(l).to_string(),
            r.filed_by.clone(),
            super::export::utc_time(r.created_at),
            super::export::utc_time(r.updated_at),
            r.about.clone().unwrap_or_default(),
            r.hours.map(|h| h.to_string()).unwrap_or_default(),
            r.resolution.clone().unwrap_or_default(),
        ])
        .map_err(super::internal)?;
    }
    drop(list);
    file.finish("service-requests").map_err(super::internal)
}

#[cfg(test)]
mod tests {
    use super::case_number;

    #[test]
    fn case_numbers_carry_the_date_and_sequence() {
        assert_eq!(case_number(1_795_600_213, 42), "2611250000042");
    }
}
