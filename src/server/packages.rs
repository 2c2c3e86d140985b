//! Packages: the catalogue purchase (idempotent), the refund rule applied to every package,
//! cancellation requests, and the refund cascade an operator triggers when resolving one.

use super::audit::{self, Actor, On};
use super::requests::{file_request, load_request, valid_idempotency_key};
use super::{authorized, internal, lang, mail, now};
use crate::domain::audit::AuditAction;
use crate::domain::notifications::Topic;
use crate::domain::packages::CANCELLATION_REASON_MAX;
use crate::domain::packages::{CaseRef, PackageBenefit, PackageRow, PackageStatus};
use crate::domain::problem::optional_text;
use crate::domain::refund::{explain, Eligibility};
use crate::domain::requests::{RequestKind, RequestStatus, ServiceRequestRow};
use crate::domain::{catalogue, Action, Category, Date};
use crate::error::AppError;
use crate::i18n::{t, tf, Key, Lang};
use sqlx::AnyConnection;
use std::collections::HashMap;

#[derive(sqlx::FromRow)]
struct PackageRecord {
    id: i64,
    name: String,
    purchased_at: i64,
    purchased_by: String,
    price_cents: i64,
    currency: String,
    status: String,
    expires_on: String,
}

#[derive(sqlx::FromRow)]
struct GrantedRecord {
    id: i64,
    package_id: i64,
    name: String,
    category: String,
}

pub(super) async fn load_all(
    conn: &mut AnyConnection,
    company_id: i64,
) -> Result<Vec<PackageRow>, AppError> {
    let at = now();
    let today = Date::from_unix(at);
    let rules = super::refunds::eligibilities(conn, company_id, at).await?;
    let mut benefits: HashMap<i64, Vec<PackageBenefit>> = HashMap::new();
    for r in sqlx::query_as::<_, GrantedRecord>(
        "SELECT id, package_id, name, category FROM benefits WHERE company_id = $1 ORDER BY category, name",
    )
    .bind(company_id)
    .fetch_all(&mut *conn)
    .await?
    {
        let category = Category::from_code(&r.category)
            .ok_or_else(|| internal(format_args!("category {:?}", r.category)))?;
        benefits.entry(r.package_id).or_default().push(PackageBenefit {
            id: r.id,
            name: r.name,
            category,
        });
    }
    let mut open: HashMap<i64, CaseRef> = sqlx::query_as::<_, (i64, i64, String)>(
        "SELECT package_id, id, case_number FROM service_requests
          WHERE company_id = $1 AND kind = 'cancellation' AND status IN ('open', 'in_progress')",
    )
    .bind(company_id)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(package_id, id, number)| (package_id, CaseRef { id, number }))
    .collect();
    let rows: Vec<PackageRecord> = sqlx::query_as(
        "SELECT p.id, p.name, p.purchased_at, COALESCE(u.name, '') AS purchased_by, p.price_cents,
                p.currency, p.status, p.expires_on
           FROM packages p LEFT JOIN users u ON u.id = p.purchased_by
          WHERE p.company_id = $1 ORDER BY p.purchased_at DESC, p.id DESC",
    )
    .bind(company_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            let expires_on = Date::parse(&r.expires_on)
                .ok_or_else(|| internal(format_args!("date {:?}", r.expires_on)))?;
            let status = if r.status == "cancelled" {
                PackageStatus::Cancelled
            } else if open.contains_key(&r.id) {
                PackageStatus::CancellationRequested
            } else if today > expires_on {
                PackageStatus::Expired
            } else {
                PackageStatus::Active
            };
            Ok(PackageRow {
                id: r.id,
                name: r.name,
                purchased_at: r.purchased_at,
                purchased_by: r.purchased_by,
                price_cents: r.price_cents,
                currency: r.currency,
                status,
                expires_on,
                benefits: benefits.remove(&r.id).unwrap_or_default(),
                eligibility: rules
                    .get(&r.id)
                    .cloned()
                    .unwrap_or(Eligibility::WindowClosed { deadline: 0 }),
                cancellation: open.remove(&r.id),
            })
        })
        .collect()
}

async fn load_package(
    conn: &mut AnyConnection,
    company_id: i64,
    id: i64,
) -> Result<PackageRow, AppError> {
    load_all(conn, company_id)
        .await?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(AppError::NotFound)
}

pub async fn list() -> Result<Vec<PackageRow>, AppError> {
    let (c, state) = authorized(Action::ViewBenefits).await?;
    let mut conn = state.db.pool.acquire().await?;
    load_all(&mut conn, c.company_id).await
}

/// A product key in the usual 5×5 format, from the OS random source.
fn product_key() -> String {
    const ALPHABET: &[u8] = b"BCDFGHJKMPQRTVWXY2346789";
    let mut raw = [0u8; 25];
    getrandom::getrandom(&mut raw).expect("the OS random source is available");
    raw.chunks(5)
        .map(|c| {
            c.iter()
                .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("-")
}

pub async fn purchase(code: String, idempotency_key: String) -> Result<PackageRow, AppError> {
    let (c, state) = authorized(Action::Purchase).await?;
    let key = valid_idempotency_key(&idempotency_key)?;
    let item = catalogue::find(&code)
        .ok_or_else(|| AppError::invalid("code", t(lang(), Key::ProblemUnknownChoice)))?;
    let mut tx = state.db.write(c.company_id).await?;
    let replay: Option<(i64, Option<String>)> = sqlx::query_as(
        "SELECT id, catalogue_code FROM packages WHERE company_id = $1 AND idempotency_key = $2",
    )
    .bind(c.company_id)
    .bind(key)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((first_id, first_code)) = replay {
        // A replay answers with the package the first request bought.
        if first_code.as_deref() != Some(item.code) {
            return Err(AppError::conflict(t(lang(), Key::ErrKeyReused)));
        }
        return load_package(&mut tx, c.company_id, first_id).await;
    }
    let at = now();
    let grants: Vec<Grant> = item.benefits.iter().map(catalogue_grant).collect();
    let package_id = provision(
        &mut tx,
        &state.sealer,
        Provision {
            company_id: c.company_id,
            name: item.name,
            purchased_at: at,
            purchased_by: c.user_id,
            price_cents: item.price_cents,
            currency: item.currency,
            catalogue_code: Some(item.code),
            idempotency_key: Some(key),
            benefits: &grants,
        },
    )
    .await?
    .package_id;
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
            topic: Topic::Account,
            subject: &tf(l, Key::EmailPurchaseSubject, &[("package", item.name)]),
            body: &tf(
                l,
                Key::EmailPurchaseBody,
                &[
                    ("package", item.name),
                    (
                        "expires",
                        &crate::domain::format::date(l, Date::from_unix(at).add_years(1)),
                    ),
                ],
            ),
        },
    )
    .await?;
    audit::record(
        &mut tx,
        &c,
        AuditAction::PackagePurchased,
        On::NOTHING,
        Some(item.code),
    )
    .await?;
    let row = load_package(&mut tx, c.company_id, package_id).await?;
    tx.commit().await?;
    Ok(row)
}

/// A package to store with the benefits it grants. One shape for a purchase and for the demo
/// data (seed.rs), so both write the same rows through the same code.
pub struct Provision<'a> {
    pub company_id: i64,
    pub name: &'a str,
    pub purchased_at: i64,
    pub purchased_by: i64,
    pub price_cents: i64,
    pub currency: &'a str,
    /// Set by a purchase (what was bought, and the request's key for replays); none for the
    /// demo's packages.
    pub catalogue_code: Option<&'a str>,
    pub idempotency_key: Option<&'a str>,
    pub benefits: &'a [Grant<'a>],
}

/// One benefit a package grants. It is stored Not activated with nothing used, as a purchase
/// leaves it: activating or assigning it is a later, separate step.
pub struct Grant<'a> {
    pub category: Category,
    pub cloud_kind: Option<crate::domain::CloudKind>,
    pub name: &'a str,
    pub quantity: i64,
    pub unit: crate::domain::Unit,
    pub instructions: Option<&'a str>,
    pub portal_url: Option<&'a str>,
    /// (label, key in clear): each key is sealed to its benefit as it is stored.
    pub keys: Vec<(&'a str, String)>,
    pub downloads: Vec<Download>,
}

/// One downloadable file of a benefit.
pub struct Download {
    pub language: String,
    pub os: crate::domain::Os,
    pub file_name: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub url: String,
}

/// What `provision` stored: the package, and its benefits in the order they were given.
pub struct Provisioned {
    pub package_id: i64,
    pub benefit_ids: Vec<i64>,
}

/// Stores a package, its benefits, their sealed product keys and their downloads. The package
/// and its benefits last one year from the purchase. Runs inside the caller's transaction.
pub async fn provision(
    conn: &mut AnyConnection,
    sealer: &super::crypto::Sealer,
    p: Provision<'_>,
) -> Result<Provisioned, sqlx::Error> {
    let expires = Date::from_unix(p.purchased_at).add_years(1).to_string();
    let package_id: i64 = sqlx::query_scalar(
        "INSERT INTO packages (company_id, name, purchased_at, purchased_by, price_cents, currency, status, expires_on,
                               catalogue_code, idempotency_key)
         VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, $8, $9) RETURNING id",
    )
    .bind(p.company_id)
    .bind(p.name)
    .bind(p.purchased_at)
    .bind(p.purchased_by)
    .bind(p.price_cents)
    .bind(p.currency)
    .bind(&expires)
    .bind(p.catalogue_code)
    .bind(p.idempotency_key)
    .fetch_one(&mut *conn)
    .await?;
    let mut benefit_ids = Vec::with_capacity(p.benefits.len());
    for b in p.benefits {
        let benefit_id: i64 = sqlx::query_scalar(
            "INSERT INTO benefits (company_id, package_id, category, cloud_kind, name, quantity, unit, status, expires_on,
                                   instructions, portal_url)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'not_activated', $8, $9, $10) RETURNING id",
        )
        .bind(p.company_id)
        .bind(package_id)
        .bind(b.category.code())
        .bind(b.cloud_kind.map(|k| k.code()))
        .bind(b.name)
        .bind(b.quantity)
        .bind(b.unit.code())
        .bind(&expires)
        .bind(b.instructions)
        .bind(b.portal_url)
        .fetch_one(&mut *conn)
        .await?;
        for (label, key) in &b.keys {
            sqlx::query(
                "INSERT INTO product_keys (benefit_id, label, key_value) VALUES ($1, $2, $3)",
            )
            .bind(benefit_id)
            .bind(*label)
            .bind(sealer.seal(key, &super::db::product_key_binding(benefit_id)))
            .execute(&mut *conn)
            .await?;
        }
        insert_downloads(conn, benefit_id, &b.downloads).await?;
        benefit_ids.push(benefit_id);
    }
    Ok(Provisioned {
        package_id,
        benefit_ids,
    })
}

/// What buying a catalogue benefit grants: a fresh random key for each label, and its files.
fn catalogue_grant(b: &'static catalogue::BenefitTemplate) -> Grant<'static> {
    Grant {
        category: b.category,
        cloud_kind: b.cloud_kind,
        name: b.name,
        quantity: b.quantity,
        unit: b.unit,
        instructions: b.instructions,
        portal_url: b.portal_url,
        keys: b.keys.iter().map(|label| (*label, product_key())).collect(),
        downloads: catalogue_downloads(b),
    }
}

/// A catalogue benefit's files: each of its operating systems in four languages. The catalogue
/// is a demo: its files are placeholders at `download.partnerbenefits.example` (nothing is
/// served there), with stand-in sizes and checksums that depend only on the file name.
fn catalogue_downloads(b: &catalogue::BenefitTemplate) -> Vec<Download> {
    let slug: String = b
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    let mut files = Vec::new();
    for language in ["en-US", "ko-KR", "ja-JP", "de-DE"] {
        for os in b.os {
            let ext = match os.code() {
                "macos" => "pkg",
                "linux" => "tar.gz",
                _ => "iso",
            };
            let file = format!(
                "{}_{slug}_{}.{ext}",
                language.to_ascii_lowercase(),
                os.code()
            );
            // A placeholder, as the demo's own files are: the same stand-in checksum for the
            // same file every time (it used to be random bytes shown as a SHA-256).
            let size =
                1_500_000_000 + (file.bytes().map(u64::from).sum::<u64>() * 7_919) % 3_500_000_000;
            files.push(Download {
                language: language.to_string(),
                os: *os,
                url: format!("https://download.partnerbenefits.example/{language}/{file}"),
                sha256: super::seed::placeholder_sha256(&file),
                file_name: file,
                size_bytes: size as i64,
            });
        }
    }
    files
}

async fn insert_downloads(
    conn: &mut AnyConnection,
    benefit_id: i64,
    downloads: &[Download],
) -> Result<(), sqlx::Error> {
    for d in downloads {
        sqlx::query("INSERT INTO downloads (benefit_id, language, os, file_name, size_bytes, sha256, url) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(benefit_id)
            .bind(&d.language)
            .bind(d.os.code())
            .bind(&d.file_name)
            .bind(d.size_bytes)
            .bind(&d.sha256)
            .bind(&d.url)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn request_cancellation(
    package_id: i64,
    reason: String,
) -> Result<ServiceRequestRow, AppError> {
    let (c, state) = authorized(Action::RequestCancellation).await?;
    let reason = optional_text(&reason, CANCELLATION_REASON_MAX)
        .map_err(|p| AppError::invalid("reason", p.message(lang())))?;
    let mut tx = state.db.write(c.company_id).await?;
    let package = load_package(&mut tx, c.company_id, package_id).await?;
    let l = lang();
    match package.status {
        PackageStatus::Cancelled => {
            return Err(AppError::conflict(tf(
                l,
                Key::ErrPackageCancelled,
                &[("package", &package.name)],
            )))
        }
        PackageStatus::CancellationRequested => {
            return Err(AppError::conflict(tf(
                l,
                Key::ErrCancellationOpen,
                &[(
                    "case",
                    package
                        .cancellation
                        .as_ref()
                        .map_or("", |c| c.number.as_str()),
                )],
            )))
        }
        _ => {}
    }
    // The same rule the page showed, decided again here at the moment of the request.
    if !package.eligibility.is_refundable() {
        return Err(AppError::conflict(explain(l, &package.eligibility)));
    }
    let title = tf(l, Key::CancelPackageTitle, &[("package", &package.name)]);
    let (id, number) = file_request(
        &mut tx,
        &c,
        RequestKind::Cancellation,
        &title,
        &reason,
        None,
        Some(package_id),
        None,
    )
    .await?;
    let email: String = sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
        .bind(c.user_id)
        .fetch_one(&mut *tx)
        .await?;
    mail::queue(
        &mut tx,
        mail::Outgoing {
            company_id: c.company_id,
            to: &email,
            user_id: Some(c.user_id),
            topic: Topic::Cancellation,
            subject: &tf(l, Key::EmailCancellationSubject, &[("case", &number)]),
            body: &tf(
                l,
                Key::EmailCancellationBody,
                &[("case", &number), ("package", &package.name)],
            ),
        },
    )
    .await?;
    audit::record(
        &mut tx,
        &c,
        AuditAction::CancellationRequested,
        On::NOTHING,
        Some(&number),
    )
    .await?;
    let row = load_request(&mut tx, c.company_id, id).await?;
    tx.commit().await?;
    Ok(row)
}

/// What an operator can set a request to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    InProgress,
    Resolved,
    Refunded,
    Rejected,
}

impl Outcome {
    /// The outcome an operator typed: a request status code (`RequestStatus` maps them).
    pub fn parse(s: &str) -> Option<Outcome> {
        [
            Outcome::InProgress,
            Outcome::Resolved,
            Outcome::Refunded,
            Outcome::Rejected,
        ]
        .into_iter()
        .find(|o| o.code() == s)
    }

    /// The status word people read (the same as the Service requests page shows).
    fn label(self) -> Key {
        match self {
            Outcome::InProgress => Key::RequestInProgress,
            Outcome::Resolved => Key::RequestResolved,
            Outcome::Refunded => Key::RequestRefunded,
            Outcome::Rejected => Key::RequestRejected,
        }
    }

    /// The status the request moves to.
    fn status(self) -> RequestStatus {
        match self {
            Outcome::InProgress => RequestStatus::InProgress,
            Outcome::Resolved => RequestStatus::Resolved,
            Outcome::Refunded => RequestStatus::Refunded,
            Outcome::Rejected => RequestStatus::Rejected,
        }
    }

    fn code(self) -> &'static str {
        self.status().code()
    }

    fn audit_action(self) -> AuditAction {
        match self {
            Outcome::InProgress => AuditAction::RequestInProgress,
            Outcome::Resolved => AuditAction::RequestResolved,
            Outcome::Refunded => AuditAction::RequestRefunded,
            Outcome::Rejected => AuditAction::RequestRejected,
        }
    }
}

/// Resolves a service request (the operator command `resolve-request`). Refunding a
/// cancellation cancels the package and every benefit it granted, releases their assignments
/// (seats, technical benefits, cloud owners) and stops pending activations: one transaction.
pub async fn resolve(
    db: &super::db::Db,
    case_number: &str,
    outcome: Outcome,
    note: &str,
) -> Result<String, String> {
    let company_id: i64 =
        sqlx::query_scalar("SELECT company_id FROM service_requests WHERE case_number = $1")
            .bind(case_number)
            .fetch_optional(&db.pool)
            .await
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("no service request with case number {case_number}"))?;
    let mut tx = db.write(company_id).await.map_err(|e| e.to_string())?;
    #[derive(sqlx::FromRow)]
    struct Filed {
        id: i64,
        kind: String,
        status: String,
        package_id: Option<i64>,
        email: String,
        title: String,
        filed_by: i64,
        lang: String,
    }
    let r: Filed = sqlx::query_as(
        "SELECT s.id, s.kind, s.status, s.package_id, u.email, s.title, s.filed_by, s.lang
           FROM service_requests s JOIN users u ON u.id = s.filed_by WHERE s.case_number = $1",
    )
    .bind(case_number)
    .fetch_optional(&mut *tx)
    .await
    .map_err(|e| e.to_string())?
    .ok_or_else(|| format!("no service request with case number {case_number}"))?;
    let kind =
        RequestKind::from_code(&r.kind).ok_or_else(|| format!("unknown kind {:?}", r.kind))?;
    let status = RequestStatus::from_code(&r.status)
        .ok_or_else(|| format!("unknown status {:?}", r.status))?;
    let (id, package_id, email, title) = (r.id, r.package_id, r.email, r.title);
    if !status.is_open() {
        return Err(format!("case {case_number} is already {}", status.code()));
    }
    if outcome == Outcome::Refunded && kind != RequestKind::Cancellation {
        return Err("only a cancellation can be refunded".into());
    }
    let at = now();
    sqlx::query(
        "UPDATE service_requests SET status = $1, resolution = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(outcome.code())
    .bind(note)
    .bind(at)
    .bind(id)
    .execute(&mut *tx)
    .await
    .map_err(|e| e.to_string())?;
    super::requests::request_event(
        &mut tx,
        id,
        outcome.status(),
        Some(note).filter(|n| !n.is_empty()),
        None,
        at,
    )
    .await
    .map_err(|e| e.to_string())?;
    if outcome == Outcome::Rejected {
        // Not done: whatever it held (hours, an incident) is the company's again.
        let (benefit_id, units): (Option<i64>, Option<i64>) =
            sqlx::query_as("SELECT benefit_id, hours FROM service_requests WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await
                .map_err(|e| e.to_string())?;
        super::requests::release_reserved(&mut tx, company_id, kind, benefit_id, units)
            .await
            .map_err(|e| e.to_string())?;
    }
    if outcome == Outcome::Refunded {
        let package_id = package_id.ok_or("a cancellation without a package")?;
        let steps = [
            "UPDATE packages SET status = 'cancelled', cancelled_at = $1 WHERE id = $2",
            "UPDATE benefits SET status = 'cancelled', used = 0 WHERE package_id = $2",
            "DELETE FROM benefit_assignments WHERE benefit_id IN (SELECT id FROM benefits WHERE package_id = $2)",
            "UPDATE gtm_activations SET status = 'cancelled' WHERE benefit_id IN (SELECT id FROM benefits WHERE package_id = $2)",
            "UPDATE jobs SET done_at = $1 WHERE done_at IS NULL AND (
                 (kind = 'activate_technical' AND target_id IN (SELECT id FROM benefits WHERE package_id = $2))
              OR (kind = 'activate_gtm' AND target_id IN (SELECT g.id FROM gtm_activations g JOIN benefits b ON b.id = g.benefit_id WHERE b.package_id = $2)))",
        ];
        for sql in steps {
            sqlx::query(sql)
                .bind(at)
                .bind(package_id)
                .execute(&mut *tx)
                .await
                .map_err(|e| e.to_string())?;
        }
    }
    // Worded in the language the request was filed in: the operator's shell has none.
    let filer: i64 = r.filed_by;
    let lang = Lang::from_tag(&r.lang).unwrap_or_default();
    let status = t(lang, outcome.label());
    mail::queue(
        &mut tx,
        mail::Outgoing {
            company_id,
            to: &email,
            user_id: Some(filer),
            topic: if kind == RequestKind::Cancellation {
                Topic::Cancellation
            } else {
                Topic::Advisory
            },
            subject: &tf(
                lang,
                Key::EmailResolvedSubject,
                &[("case", case_number), ("status", status)],
            ),
            body: &tf(
                lang,
                Key::EmailResolvedBody,
                &[
                    ("case", case_number),
                    ("title", &title),
                    ("status", status),
                    ("note", note),
                ],
            ),
        },
    )
    .await
    .map_err(|e| e.to_string())?;
    audit::record(
        &mut tx,
        Actor::System { company_id },
        outcome.audit_action(),
        On::NOTHING,
        Some(case_number),
    )
    .await
    .map_err(|e| e.to_string())?;
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok(format!("case {case_number} is now {}", outcome.code()))
}
