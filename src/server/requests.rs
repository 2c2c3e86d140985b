//! Service requests beyond filing them: the detail with its history, withdrawal while open,
//! and support incidents (like advisory hours, against the incidents that remain).

use super::assign::{
    file_request, load_request, replayed, request_event, reserve, valid_idempotency_key,
};
use super::auth::caller;
use super::benefits::{ensure_usable, load_one};
use super::{invalid, lang, now, state};
use crate::api::assign::ServiceRequestRow;
use crate::api::requests::{RequestEvent, ServiceRequestDetail};
use crate::domain::access::{authorize, may_withdraw};
use crate::domain::forms::IncidentForm;
use crate::domain::{Action, BenefitStatus, Category, Unit};
use crate::error::AppError;
use crate::i18n::{t, tf, Key};
use sqlx::AnyConnection;

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
}

async fn load_extra(conn: &mut AnyConnection, company_id: i64, id: i64) -> Result<Extra, AppError> {
    sqlx::query_as(
        "SELECT description, phase, product, contact_phone, time_zone, filed_by, kind, status, benefit_id, hours
           FROM service_requests WHERE id = $1 AND company_id = $2",
    )
    .bind(id)
    .bind(company_id)
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)
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
    let may_read_all = c.roles.is_admin() || extra.filed_by == c.user_id;
    let history: Vec<(String, Option<String>, Option<String>, i64)> = sqlx::query_as(
        "SELECT e.status, e.note, u.name, e.at FROM service_request_events e
           LEFT JOIN users u ON u.id = e.by_user
          WHERE e.request_id = $1 ORDER BY e.at, e.id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let open = matches!(extra.status.as_str(), "open" | "in_progress");
    Ok(ServiceRequestDetail {
        request,
        description: if may_read_all {
            extra.description
        } else {
            String::new()
        },
        phase: extra.phase,
        product: extra.product,
        contact_phone: extra.contact_phone.filter(|_| may_read_all),
        time_zone: extra.time_zone,
        history: history
            .into_iter()
            .map(|(status, note, by, at)| RequestEvent {
                status,
                note,
                by,
                at,
            })
            .collect(),
        may_withdraw: open && may_withdraw(c.roles, extra.filed_by == c.user_id),
    })
}

pub async fn get(id: i64) -> Result<ServiceRequestDetail, AppError> {
    let c = caller().await?;
    authorize(c.roles, Action::ViewBenefits).map_err(|action| AppError::Forbidden { action })?;
    let mut conn = state()?.db.pool.acquire().await?;
    detail(&mut conn, &c, id).await
}

pub async fn withdraw(id: i64) -> Result<ServiceRequestDetail, AppError> {
    let c = caller().await?;
    let state = state()?;
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
        &extra.kind,
        extra.benefit_id,
        extra.hours,
    )
    .await?;
    request_event(&mut tx, id, "withdrawn", None, Some(c.user_id), at).await?;
    super::audit::record(&mut tx, &c, "request_withdrawn", extra.benefit_id, None).await?;
    let answer = detail(&mut tx, &c, id).await?;
    tx.commit().await?;
    Ok(answer)
}

pub async fn open_incident(
    benefit_id: i64,
    form: IncidentForm,
    idempotency_key: String,
) -> Result<ServiceRequestRow, AppError> {
    let c = caller().await?;
    // The same right as asking for advisory hours: anyone in the company.
    authorize(c.roles, Action::RequestAdvisoryHours)
        .map_err(|action| AppError::Forbidden { action })?;
    let key = valid_idempotency_key(&idempotency_key)?;
    let incident = form.parse().map_err(|p| invalid(&p))?;
    let state = state()?;
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
    let (id, _number) = file_request(
        &mut tx,
        &c,
        "support_incident",
        &incident.title,
        &incident.description,
        Some(benefit_id),
        None,
        Some(key),
    )
    .await?;
    sqlx::query(
        "UPDATE service_requests SET product = $1, contact_phone = $2, hours = 1 WHERE id = $3",
    )
    .bind(&incident.product)
    .bind(incident.contact_phone.as_str())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    super::audit::record(&mut tx, &c, "incident_opened", Some(benefit_id), None).await?;
    let filed = load_request(&mut tx, c.company_id, id).await?;
    tx.commit().await?;
    Ok(filed)
}

/// A request that closes without being used (withdrawn, rejected) gives back what it held: its
/// advisory hours, or its incident. One rule for every way a request can close unused.
pub async fn release_reserved(
    conn: &mut AnyConnection,
    company_id: i64,
    kind: &str,
    benefit_id: Option<i64>,
    units: Option<i64>,
) -> Result<(), sqlx::Error> {
    if let (Some(benefit), Some(units), "advisory_hours" | "support_incident") =
        (benefit_id, units, kind)
    {
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
