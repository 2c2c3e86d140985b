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

/// What an action was done to: a benefit, a person (a seat's new holder, a user whose roles
/// changed), both or neither. The audit page filters on both.
#[derive(Clone, Copy, Debug, Default)]
pub struct On {
    pub benefit: Option<i64>,
    pub user: Option<i64>,
}

impl On {
    pub const NOTHING: On = On {
        benefit: None,
        user: None,
    };

    pub fn benefit(id: i64) -> On {
        On {
            benefit: Some(id),
            user: None,
        }
    }

    pub fn user(id: i64) -> On {
        On {
            benefit: None,
            user: Some(id),
        }
    }

    /// A benefit handed to (or taken from) a person.
    pub fn benefit_of(benefit: i64, user: i64) -> On {
        On {
            benefit: Some(benefit),
            user: Some(user),
        }
    }
}

/// Records `action`, now.
pub async fn record(
    conn: &mut AnyConnection,
    actor: impl Into<Actor>,
    action: AuditAction,
    on: On,
    detail: Option<&str>,
) -> Result<(), sqlx::Error> {
    record_at(conn, actor, action, on, detail, now()).await
}

/// Records `action` as of `at` (the demo data's history happened days ago).
pub async fn record_at(
    conn: &mut AnyConnection,
    actor: impl Into<Actor>,
    action: AuditAction,
    on: On,
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
        "INSERT INTO audit_events (company_id, user_id, action, benefit_id, subject_user_id, detail, at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(company_id)
    .bind(user_id)
    .bind(action.code())
    .bind(on.benefit)
    .bind(on.user)
    .bind(detail)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

// ---- Reading the trail: the audit page and its CSV export ----

use super::authorized;
use super::db::stored as decode;
use super::export::utc_time;
use crate::domain::audit::{
    AuditBenefit, AuditEntry, AuditFilter, AuditFilterForm, AuditPage, AuditPerson,
    AUDIT_EXPORT_MAX, AUDIT_PAGE_SIZE,
};
use crate::domain::export::CsvFile;
use crate::domain::{Action, Category};
use crate::error::AppError;
use crate::i18n::{t, Key, Lang};

/// An entry as stored, with the names it points at.
#[derive(sqlx::FromRow)]
struct Stored {
    id: i64,
    at: i64,
    action: String,
    detail: Option<String>,
    actor_id: Option<i64>,
    actor_name: Option<String>,
    actor_email: Option<String>,
    benefit_id: Option<i64>,
    benefit_name: Option<String>,
    benefit_category: Option<String>,
    subject_id: Option<i64>,
    subject_name: Option<String>,
    subject_email: Option<String>,
    /// The package a request (named by its case number in `detail`) is about: a cancellation.
    request_package: Option<String>,
}

fn person(id: Option<i64>, name: Option<String>, email: Option<String>) -> Option<AuditPerson> {
    Some(AuditPerson {
        id: id?,
        name: name?,
        email: email?,
    })
}

impl Stored {
    fn into_entry(self) -> Result<AuditEntry, sqlx::Error> {
        let benefit = match (self.benefit_id, self.benefit_name, self.benefit_category) {
            (Some(id), Some(name), Some(category)) => Some(AuditBenefit {
                id,
                name,
                category: decode(Category::from_code(&category), "category", &category)?,
            }),
            _ => None,
        };
        let action = decode(
            crate::domain::audit::AuditAction::from_code(&self.action),
            "audit action",
            &self.action,
        )?;
        Ok(AuditEntry {
            id: self.id,
            at: self.at,
            actor: person(self.actor_id, self.actor_name, self.actor_email),
            action,
            benefit,
            subject: person(self.subject_id, self.subject_name, self.subject_email),
            // Codes reach a person as words, on the page and in the export alike.
            detail: self.detail.map(|d| {
                let d = action.readable_detail(d);
                match self.request_package {
                    Some(package) => format!("{package} · {d}"),
                    None => d,
                }
            }),
        })
    }
}

/// One query for the page and the export: the company's entries the filter matches, newest
/// first. The casts give PostgreSQL a type for a parameter that is only compared with NULL.
const MATCHING: &str = "
  FROM audit_events a
  LEFT JOIN users au ON au.id = a.user_id
  LEFT JOIN benefits b ON b.id = a.benefit_id
  LEFT JOIN users su ON su.id = a.subject_user_id
  LEFT JOIN service_requests sr ON sr.case_number = a.detail AND sr.company_id = a.company_id
  LEFT JOIN packages rp ON rp.id = sr.package_id
 WHERE a.company_id = $1
   AND (CAST($2 AS BIGINT) IS NULL OR a.user_id = $2 OR a.subject_user_id = $2)
   AND (CAST($3 AS BIGINT) IS NULL OR a.benefit_id = $3)
   AND (CAST($4 AS TEXT) IS NULL OR a.action = $4)
   AND (CAST($5 AS BIGINT) IS NULL OR a.at >= $5)
   AND (CAST($6 AS BIGINT) IS NULL OR a.at < $6)";

const COLUMNS: &str = "SELECT a.id, a.at, a.action, a.detail,
       a.user_id AS actor_id, au.name AS actor_name, au.email AS actor_email,
       a.benefit_id, b.name AS benefit_name, b.category AS benefit_category,
       a.subject_user_id AS subject_id, su.name AS subject_name, su.email AS subject_email,
       rp.name AS request_package";

/// Parses the filter (every problem at once, in the caller's language) and narrows it to the
/// caller's company: a person from elsewhere is not found.
async fn parse(
    form: &AuditFilterForm,
    company_id: i64,
    pool: &sqlx::AnyPool,
) -> Result<(AuditFilter, Option<AuditPerson>), AppError> {
    let filter = form.parse().map_err(|p| super::invalid(&p))?;
    let person = match filter.person {
        Some(id) => Some(
            sqlx::query_as::<_, (i64, String, String)>(
                "SELECT id, name, email FROM users WHERE id = $1 AND company_id = $2",
            )
            .bind(id)
            .bind(company_id)
            .fetch_optional(pool)
            .await?
            .map(|(id, name, email)| AuditPerson { id, name, email })
            .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    Ok((filter, person))
}

/// The entries matching `filter`, newest first, as `sql` (the columns, `MATCHING`, its order
/// and limits from `$7` on) with the filter's six parameters bound: the page and the export
/// ask the same question.
fn matching<'q>(
    sql: &'q str,
    company_id: i64,
    filter: &AuditFilter,
    offset_minutes: i32,
) -> sqlx::query::QueryAs<'q, sqlx::Any, Stored, sqlx::any::AnyArguments<'q>> {
    let (start, end) = filter.seconds(offset_minutes);
    sqlx::query_as(sql)
        .bind(company_id)
        .bind(filter.person)
        .bind(filter.benefit)
        .bind(filter.action.map(|a| a.code()))
        .bind(start)
        .bind(end)
}

async fn entries(
    pool: &sqlx::AnyPool,
    company_id: i64,
    filter: &AuditFilter,
    offset_minutes: i32,
    limit: u32,
    offset: u64,
) -> Result<Vec<AuditEntry>, AppError> {
    let sql = format!("{COLUMNS} {MATCHING} ORDER BY a.at DESC, a.id DESC LIMIT $7 OFFSET $8");
    let rows = matching(&sql, company_id, filter, offset_minutes)
        .bind(i64::from(limit))
        .bind(offset.min(i64::MAX as u64) as i64)
        .fetch_all(pool)
        .await?;
    Ok(rows
        .into_iter()
        .map(Stored::into_entry)
        .collect::<Result<_, _>>()?)
}

/// A page of the trail (`page` counts from 0), for admins.
pub async fn list(
    form: AuditFilterForm,
    page: u32,
    offset_minutes: i32,
) -> Result<AuditPage, AppError> {
    let (c, state) = authorized(Action::ViewAuditTrail).await?;
    let pool = &state.db.pool;
    let (filter, person) = parse(&form, c.company_id, pool).await?;
    let (start, end) = filter.seconds(offset_minutes);
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) {MATCHING}"))
        .bind(c.company_id)
        .bind(filter.person)
        .bind(filter.benefit)
        .bind(filter.action.map(|a| a.code()))
        .bind(start)
        .bind(end)
        .fetch_one(pool)
        .await?;
    let offset = u64::from(page) * u64::from(AUDIT_PAGE_SIZE);
    Ok(AuditPage {
        entries: entries(
            pool,
            c.company_id,
            &filter,
            offset_minutes,
            AUDIT_PAGE_SIZE,
            offset,
        )
        .await?,
        total: total.max(0) as u64,
        person,
    })
}

/// The company's benefits, by name: what the page's benefit filter offers.
pub async fn benefits() -> Result<Vec<AuditBenefit>, AppError> {
    let (c, state) = authorized(Action::ViewAuditTrail).await?;
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT b.id, b.name, b.category, p.name FROM benefits b JOIN packages p ON p.id = b.package_id
          WHERE b.company_id = $1 ORDER BY lower(b.name), lower(p.name), b.id",
    )
    .bind(c.company_id)
    .fetch_all(&state.db.pool)
    .await?;
    // Two of one name (from two packages) are told apart by their package.
    let names = crate::domain::benefits::distinct_names(
        rows.iter()
            .map(|(id, name, _, package)| (*id, name.as_str(), package.as_str())),
    );
    rows.into_iter()
        .map(|(id, name, category, _)| {
            Ok(AuditBenefit {
                id,
                name: names.get(&id).cloned().unwrap_or(name),
                category: decode(Category::from_code(&category), "category", &category)?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// The entries the filter matches (the newest [`AUDIT_EXPORT_MAX`]) as CSV, headed and worded
/// in the caller's language, times in UTC.
pub async fn export(
    form: AuditFilterForm,
    offset_minutes: i32,
    byte_order_mark: bool,
) -> Result<CsvFile, AppError> {
    use futures::TryStreamExt;
    let (c, state) = authorized(Action::ViewAuditTrail).await?;
    let pool = &state.db.pool;
    let (filter, _) = parse(&form, c.company_id, pool).await?;
    let lang = super::lang();
    let mut file = super::export::CsvWriter::new(&audit_header(lang), byte_order_mark)
        .map_err(super::internal)?;
    // Read a row at a time into the file, at most the cap every export has.
    let sql = format!("{COLUMNS} {MATCHING} ORDER BY a.at DESC, a.id DESC LIMIT $7");
    let mut rows = matching(&sql, c.company_id, &filter, offset_minutes)
        .bind(i64::from(AUDIT_EXPORT_MAX))
        .fetch(pool);
    while let Some(stored) = rows.try_next().await? {
        file.row(audit_row(&stored.into_entry()?, lang))
            .map_err(super::internal)?;
    }
    drop(rows);
    file.finish("audit-trail").map_err(super::internal)
}

/// The entries as CSV rows, headed and worded in `lang`, times in UTC.
#[cfg(test)]
fn audit_csv(
    rows: &[AuditEntry],
    lang: Lang,
    byte_order_mark: bool,
) -> Result<CsvFile, csv::Error> {
    let mut file = super::export::CsvWriter::new(&audit_header(lang), byte_order_mark)?;
    for e in rows {
        file.row(audit_row(e, lang))?;
    }
    file.finish("audit-trail")
}

/// The export's header row, in `lang`.
fn audit_header(lang: Lang) -> [&'static str; 9] {
    [
        t(lang, Key::CsvTimeUtc),
        t(lang, Key::AuditWho),
        t(lang, Key::CsvWhoEmail),
        t(lang, Key::AuditAction),
        t(lang, Key::CsvActionCode),
        t(lang, Key::AuditBenefit),
        t(lang, Key::AuditPerson),
        t(lang, Key::CsvPersonEmail),
        t(lang, Key::AuditDetail),
    ]
}

/// One entry as a row of the export.
fn audit_row(e: &AuditEntry, lang: Lang) -> [String; 9] {
    let (who, who_email) = match &e.actor {
        Some(p) => (p.name.as_str(), p.email.as_str()),
        None => (t(lang, Key::AuditSystem), ""),
    };
    [
        utc_time(e.at),
        who.to_string(),
        who_email.to_string(),
        t(lang, e.action.label()).to_string(),
        e.action.code().to_string(),
        e.benefit.as_ref().map_or(String::new(), |b| b.name.clone()),
        e.subject.as_ref().map_or(String::new(), |p| p.name.clone()),
        e.subject
            .as_ref()
            .map_or(String::new(), |p| p.email.clone()),
        e.detail.clone().unwrap_or_default(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::audit::AuditAction;

    #[test]
    fn an_entry_is_one_row_of_the_export() {
        let entry = AuditEntry {
            id: 1,
            at: 1_796_169_600,
            actor: None,
            action: AuditAction::SeatAssigned,
            benefit: Some(AuditBenefit {
                id: 3,
                name: "VS".into(),
                category: Category::VisualStudio,
            }),
            subject: Some(AuditPerson {
                id: 2,
                name: "-Evan".into(),
                email: "e@example.com".into(),
            }),
            detail: None,
        };
        let file = audit_csv(&[entry], Lang::En, false).unwrap();
        let mut r = csv::Reader::from_reader(file.content.as_bytes());
        assert_eq!(&r.headers().unwrap()[0], "Time (UTC)");
        let row = r.records().next().unwrap().unwrap();
        let cells: Vec<&str> = row.iter().collect();
        assert_eq!(
            cells,
            [
                "2026-12-02T00:00:00Z",
                "Partner Benefits (automatic)",
                "",
                "Seat assigned",
                "seat_assigned",
                "VS",
                "'-Evan",
                "e@example.com",
                ""
            ]
        );
    }
}
