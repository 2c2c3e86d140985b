//! Handing benefits to people. Each change that depends on what is already there (a free seat,
//! a benefit not yet assigned) reads and writes inside one `Db::write` transaction, which
//! serialises changes within the company (SQLite's write lock, or the company's row lock on
//! PostgreSQL): concurrent requests queue instead of interleaving, and the conditional updates
//! below are checked by their row counts.

use super::audit::{self, On};
use super::auth::Caller;
use super::benefits::{ensure_usable, expect_category, load_one};
use super::{authorized, invalid, jobs, lang, mail, now};
use crate::domain::audit::AuditAction;
use crate::domain::benefits::BenefitRow;
use crate::domain::bulk::{
    list_field, plan, preview, BulkLine, BulkMode, BulkOutcome, BulkPreview, BulkResult, Person,
};
use crate::domain::email::not_the_users_own;
use crate::domain::forms::TechnicalAssignForm;
use crate::domain::notifications::Topic;
use crate::domain::problem::{FieldProblem, Problems};
use crate::domain::{Action, Category};
use crate::error::AppError;
use crate::i18n::{t, tf, Key};
use sqlx::AnyConnection;
use std::collections::{HashMap, HashSet};

/// An active user of the caller's company, or a field error on the picker.
async fn company_user(
    conn: &mut AnyConnection,
    c: &Caller,
    user_id: i64,
) -> Result<(String, String), AppError> {
    sqlx::query_as("SELECT name, email FROM users WHERE id = $1 AND company_id = $2 AND active = 1")
        .bind(user_id)
        .bind(c.company_id)
        .fetch_optional(conn)
        .await?
        .ok_or_else(|| AppError::invalid("user", t(lang(), Key::ErrUserNotInCompany)))
}

/// An active user of the caller's company who holds no seat of `benefit_id` yet: who may be
/// given one (by an assign or a reassignment), with their name and email.
async fn seatless_user(
    tx: &mut AnyConnection,
    c: &Caller,
    benefit_id: i64,
    user_id: i64,
) -> Result<(String, String), AppError> {
    let (name, email) = company_user(&mut *tx, c, user_id).await?;
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
    Ok((name, email))
}

/// Takes `n` free seats of `row`, or none: refused when fewer are free. The database's own
/// check (`used <= quantity`) backs this up.
async fn take_seats(
    tx: &mut AnyConnection,
    c: &Caller,
    row: &BenefitRow,
    n: i64,
) -> Result<(), AppError> {
    let taken = sqlx::query(
        "UPDATE benefits SET used = used + $1 WHERE id = $2 AND company_id = $3 AND used + $1 <= quantity",
    )
    .bind(n)
    .bind(row.id)
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
    Ok(())
}

/// Hands a taken seat to a person: the assignment, their email, the audit entry.
async fn give_seat(
    tx: &mut AnyConnection,
    c: &Caller,
    row: &BenefitRow,
    user_id: i64,
    name: &str,
    email: &str,
) -> Result<(), AppError> {
    sqlx::query("INSERT INTO benefit_assignments (company_id, benefit_id, user_id, assigned_by, assigned_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(c.company_id)
        .bind(row.id)
        .bind(user_id)
        .bind(c.user_id)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    let l = lang();
    mail::queue(
        &mut *tx,
        mail::Outgoing {
            company_id: c.company_id,
            to: email,
            user_id: Some(user_id),
            topic: Topic::Seat,
            subject: &tf(l, Key::EmailSeatSubject, &[("benefit", &row.name)]),
            body: &tf(
                l,
                Key::EmailSeatBody,
                &[("name", name), ("benefit", &row.name)],
            ),
        },
    )
    .await?;
    audit::record(
        &mut *tx,
        c,
        AuditAction::SeatAssigned,
        On::benefit_of(row.id, user_id),
        Some(email),
    )
    .await?;
    Ok(())
}

pub async fn assign_seat(benefit_id: i64, user_id: i64) -> Result<BenefitRow, AppError> {
    let (c, state) = authorized(Action::AssignUsers).await?;
    let row = load_one(&state.db.pool, &c, benefit_id).await?;
    expect_category(&row, Category::VisualStudio)?;
    ensure_usable(&row)?;

    let mut tx = state.db.write(c.company_id).await?;
    let (name, email) = seatless_user(&mut tx, &c, benefit_id, user_id).await?;
    take_seats(&mut tx, &c, &row, 1).await?;
    give_seat(&mut tx, &c, &row, user_id, &name, &email).await?;
    tx.commit().await?;
    load_one(&state.db.pool, &c, benefit_id).await
}

/// Takes a seat back from its holder: the assignment, their email, the audit entry. The seat
/// count is the caller's business (a removal frees it, a reassignment hands it on).
async fn take_back_seat(
    tx: &mut AnyConnection,
    c: &Caller,
    row: &BenefitRow,
    user_id: i64,
) -> Result<(), AppError> {
    let removed = sqlx::query(
        "DELETE FROM benefit_assignments WHERE benefit_id = $1 AND user_id = $2 AND company_id = $3",
    )
    .bind(row.id)
    .bind(user_id)
    .bind(c.company_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if removed != 1 {
        return Err(AppError::NotFound);
    }
    // The holder learns it from us, not from a subscription that stopped working.
    let (name, email): (String, String) =
        sqlx::query_as("SELECT name, email FROM users WHERE id = $1 AND company_id = $2")
            .bind(user_id)
            .bind(c.company_id)
            .fetch_one(&mut *tx)
            .await?;
    let l = lang();
    mail::queue(
        &mut *tx,
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
    audit::record(
        &mut *tx,
        c,
        AuditAction::SeatRemoved,
        On::benefit_of(row.id, user_id),
        Some(&email),
    )
    .await?;
    Ok(())
}

pub async fn remove_seat(benefit_id: i64, user_id: i64) -> Result<BenefitRow, AppError> {
    let (c, state) = authorized(Action::AssignUsers).await?;
    let row = load_one(&state.db.pool, &c, benefit_id).await?;
    expect_category(&row, Category::VisualStudio)?;

    let mut tx = state.db.write(c.company_id).await?;
    take_back_seat(&mut tx, &c, &row, user_id).await?;
    sqlx::query("UPDATE benefits SET used = used - 1 WHERE id = $1 AND used > 0")
        .bind(benefit_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    load_one(&state.db.pool, &c, benefit_id).await
}

/// Hands `from`'s seat to `to` in one transaction: the seat is never free in between (no one
/// else's assign can take it) and never counted twice; `to` must be an active user of the
/// company who holds no seat of it yet. Both are told, and the trail has both halves.
pub async fn reassign_seat(
    benefit_id: i64,
    from_user_id: i64,
    to_user_id: i64,
) -> Result<BenefitRow, AppError> {
    let (c, state) = authorized(Action::AssignUsers).await?;
    let row = load_one(&state.db.pool, &c, benefit_id).await?;
    expect_category(&row, Category::VisualStudio)?;
    ensure_usable(&row)?;
    if from_user_id == to_user_id {
        return Err(AppError::invalid(
            "user",
            t(lang(), Key::ErrReassignToSamePerson),
        ));
    }

    let mut tx = state.db.write(c.company_id).await?;
    let (name, email) = seatless_user(&mut tx, &c, benefit_id, to_user_id).await?;
    take_back_seat(&mut tx, &c, &row, from_user_id).await?;
    give_seat(&mut tx, &c, &row, to_user_id, &name, &email).await?;
    tx.commit().await?;
    load_one(&state.db.pool, &c, benefit_id).await
}

/// Frees every seat of the subscription held by a deactivated user, in one transaction: the
/// seats of people who left, in one click. No email goes to them (they can no longer sign in);
/// each release is in the audit trail.
pub async fn release_deactivated_seats(benefit_id: i64) -> Result<BenefitRow, AppError> {
    let (c, state) = authorized(Action::AssignUsers).await?;
    let row = load_one(&state.db.pool, &c, benefit_id).await?;
    expect_category(&row, Category::VisualStudio)?;
    let mut tx = state.db.write(c.company_id).await?;
    // Read inside the transaction that serialises the company's changes: a user reactivated or
    // a seat removed meanwhile is seen as it is now.
    let gone: Vec<(i64, String)> = sqlx::query_as(
        "SELECT u.id, u.email FROM benefit_assignments a JOIN users u ON u.id = a.user_id
          WHERE a.benefit_id = $1 AND a.company_id = $2 AND u.active = 0",
    )
    .bind(benefit_id)
    .bind(c.company_id)
    .fetch_all(&mut *tx)
    .await?;
    for (user_id, email) in &gone {
        sqlx::query(
            "DELETE FROM benefit_assignments WHERE benefit_id = $1 AND user_id = $2 AND company_id = $3",
        )
        .bind(benefit_id)
        .bind(user_id)
        .bind(c.company_id)
        .execute(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            &c,
            AuditAction::SeatRemoved,
            On::benefit_of(benefit_id, *user_id),
            Some(email),
        )
        .await?;
    }
    sqlx::query("UPDATE benefits SET used = used - $1 WHERE id = $2 AND used >= $1")
        .bind(gone.len() as i64)
        .bind(benefit_id)
        .execute(&mut *tx)
        .await?;
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
    let (c, state) = authorized(Action::AssignUsers).await?;
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
        jobs::JobKind::ActivateTechnical,
        c.company_id,
        benefit_id,
        l,
    )
    .await?;
    audit::record(
        &mut tx,
        &c,
        AuditAction::TechnicalAssigned,
        On::benefit_of(benefit_id, user_id),
        Some(&email),
    )
    .await?;
    tx.commit().await?;
    load_one(&state.db.pool, &c, benefit_id).await
}

/// An assignment as the export reads it.
#[derive(sqlx::FromRow)]
struct Held {
    category: String,
    benefit: String,
    package: String,
    expires_on: String,
    name: String,
    email: String,
    alternate_email: Option<String>,
    active: i64,
    assigned_at: i64,
    assigned_by: Option<String>,
}

/// Every assignment of `category` (none: all), by category, benefit and holder, as CSV.
pub async fn export(
    category: Option<Category>,
    byte_order_mark: bool,
) -> Result<crate::domain::export::CsvFile, AppError> {
    use futures::TryStreamExt;
    let (c, state) = authorized(Action::ExportData).await?;
    let l = lang();
    let header = [
        t(l, Key::CsvCategory),
        t(l, Key::AuditBenefit),
        t(l, Key::CsvPackage),
        t(l, Key::CsvHolder),
        t(l, Key::CsvHolderEmail),
        t(l, Key::AlternateEmail),
        t(l, Key::ColStatus),
        t(l, Key::CsvAssignedUtc),
        t(l, Key::CsvAssignedBy),
        t(l, Key::CsvExpiresOn),
    ];
    let mut file =
        super::export::CsvWriter::new(&header, byte_order_mark).map_err(super::internal)?;
    // Read a row at a time into the file, at most the cap every export has.
    let mut rows = sqlx::query_as::<_, Held>(
        "SELECT b.category, b.name AS benefit, p.name AS package, b.expires_on,
                u.name, u.email, a.alternate_email, u.active, a.assigned_at, ab.name AS assigned_by
           FROM benefit_assignments a
           JOIN benefits b ON b.id = a.benefit_id
           JOIN packages p ON p.id = b.package_id
           JOIN users u ON u.id = a.user_id
           LEFT JOIN users ab ON ab.id = a.assigned_by
          WHERE a.company_id = $1 AND (CAST($2 AS TEXT) IS NULL OR b.category = $2)
          ORDER BY b.category, lower(b.name), b.id, lower(u.name), u.id LIMIT $3",
    )
    .bind(c.company_id)
    .bind(category.map(Category::code))
    .bind(i64::from(crate::domain::export::EXPORT_MAX_ROWS))
    .fetch(&state.db.pool);
    while let Some(r) = rows.try_next().await? {
        let category =
            super::db::stored(Category::from_code(&r.category), "category", &r.category)?;
        file.row([
            category.label(l).to_string(),
            r.benefit,
            r.package,
            r.name,
            r.email,
            r.alternate_email.unwrap_or_default(),
            t(
                l,
                if r.active != 0 {
                    Key::StatusActive
                } else {
                    Key::Deactivated
                },
            )
            .to_string(),
            super::export::utc_time(r.assigned_at),
            r.assigned_by.unwrap_or_default(),
            r.expires_on,
        ])
        .map_err(super::internal)?;
    }
    drop(rows);
    let stem = match category {
        Some(c) => format!("assignments-{}", c.slug()),
        None => "assignments".to_string(),
    };
    file.finish(&stem).map_err(super::internal)
}

// ---- Bulk assign: Visual Studio seats for a list of emails ----

/// The list, read as the dialog reads it: empty or too long is the field's problem.
fn lines_of(text: &str) -> Result<Vec<BulkLine>, AppError> {
    list_field(text).map_err(|problem| {
        invalid(&Problems(vec![FieldProblem {
            field: "list",
            problem,
        }]))
    })
}

/// What each line would do as the database stands, read on `conn` (inside the transaction
/// that applies it, or on its own for a preview), with the stored address of each person
/// found (what their email goes to).
async fn plan_on(
    conn: &mut AnyConnection,
    company_id: i64,
    benefit_id: i64,
    lines: Vec<BulkLine>,
) -> Result<(BulkPreview, HashMap<i64, String>), AppError> {
    let wanted: Vec<String> = lines
        .iter()
        .filter_map(|l| l.email.as_ref().ok().map(|e| e.normalized()))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let mut people: HashMap<String, Person> = HashMap::new();
    let mut emails: HashMap<i64, String> = HashMap::new();
    // In slices, so no statement carries more parameters than a database takes.
    for chunk in wanted.chunks(500) {
        let placeholders: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT id, name, email, active FROM users WHERE company_id = $1 AND lower(email) IN ({}) ORDER BY id",
            placeholders.join(", ")
        );
        let mut q = sqlx::query_as::<_, (i64, String, String, i64)>(&sql).bind(company_id);
        for e in chunk {
            q = q.bind(e);
        }
        for (user_id, name, email, active) in q.fetch_all(&mut *conn).await? {
            // One address at one company is one user (`users_company_email`).
            emails.insert(user_id, email.clone());
            people.entry(email.to_lowercase()).or_insert(Person {
                user_id,
                name,
                active: active != 0,
            });
        }
    }
    let holders: HashSet<i64> =
        sqlx::query_scalar("SELECT user_id FROM benefit_assignments WHERE benefit_id = $1")
            .bind(benefit_id)
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .collect();
    let (quantity, used): (i64, i64) =
        sqlx::query_as("SELECT quantity, used FROM benefits WHERE id = $1 AND company_id = $2")
            .bind(benefit_id)
            .bind(company_id)
            .fetch_one(&mut *conn)
            .await?;
    let free = quantity - used;
    let outcomes = plan(&lines, &people, &holders, free);
    Ok((preview(lines, outcomes, free), emails))
}

/// What assigning the list would do now, line by line; changes nothing.
pub async fn preview_bulk_assign(benefit_id: i64, list: String) -> Result<BulkPreview, AppError> {
    let (c, state) = authorized(Action::AssignUsers).await?;
    let row = load_one(&state.db.pool, &c, benefit_id).await?;
    expect_category(&row, Category::VisualStudio)?;
    ensure_usable(&row)?;
    let lines = lines_of(&list)?;
    let mut conn = state.db.pool.acquire().await?;
    Ok(plan_on(&mut conn, c.company_id, benefit_id, lines).await?.0)
}

/// Assigns the list's seats in one transaction, the one that serialises the company's
/// changes, with the plan made again inside it: a single assign that got in first is seen, so
/// seats are never over-assigned. `AllOrNothing` refuses (changing nothing) when any line
/// would not assign; `ValidOnly` assigns what can be.
pub async fn apply_bulk_assign(
    benefit_id: i64,
    list: String,
    mode: BulkMode,
) -> Result<BulkResult, AppError> {
    let (c, state) = authorized(Action::AssignUsers).await?;
    let row = load_one(&state.db.pool, &c, benefit_id).await?;
    expect_category(&row, Category::VisualStudio)?;
    ensure_usable(&row)?;
    let lines = lines_of(&list)?;
    let mut tx = state.db.write(c.company_id).await?;
    let (planned, emails) = plan_on(&mut tx, c.company_id, benefit_id, lines).await?;
    let assigning: Vec<(i64, String, String)> = planned
        .lines
        .iter()
        .filter_map(|l| match &l.outcome {
            BulkOutcome::WillAssign { user_id, name } => {
                Some((*user_id, name.clone(), emails.get(user_id)?.clone()))
            }
            _ => None,
        })
        .collect();
    let left_out = planned.lines.len() - assigning.len();
    if mode == BulkMode::AllOrNothing && left_out > 0 {
        return Err(AppError::conflict(tf(
            lang(),
            Key::BulkNotAll,
            &[("count", &left_out.to_string())],
        )));
    }
    if !assigning.is_empty() {
        take_seats(&mut tx, &c, &row, assigning.len() as i64).await?;
    }
    for (user_id, name, email) in &assigning {
        give_seat(&mut tx, &c, &row, *user_id, name, email).await?;
    }
    tx.commit().await?;
    Ok(BulkResult {
        row: load_one(&state.db.pool, &c, benefit_id).await?,
        assigned: assigning.len(),
        left_out,
    })
}
