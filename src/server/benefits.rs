//! The Benefits page's server side: one query per list (no per-row queries), reveals recorded in
//! the same transaction that reads the keys, activation by a conditional update.

use super::audit::{self, On};
use super::auth::Caller;
use super::{authorized, internal, lang, now};
use crate::domain::audit::AuditAction;
use crate::domain::auth::Person;
use crate::domain::benefits::{standing, Facts};
use crate::domain::benefits::{
    Assignee, BenefitRow, Download, GtmState, HolderDetails, ProductKey, RevealedKeys,
};
use crate::domain::{
    format, Action, BenefitStatus, Category, CloudKind, Date, GtmType, Os, PartnerLevel, Unit,
};
use crate::error::AppError;
use crate::i18n::{tf, Key};
use sqlx::AnyPool;
use std::collections::HashMap;

fn today() -> Date {
    Date::from_unix(now())
}

/// Which rows to load: every one of the company's, a whole category, or one benefit.
enum Filter {
    All,
    Category(Category),
    Id(i64),
}

const ROW_SELECT: &str = "
SELECT b.id, b.category, b.cloud_kind, b.name, b.package_id, p.name AS package_name,
       b.quantity, b.unit, b.used, b.status, b.expires_on, b.portal_url, b.activated_at,
       au.name AS activated_by_name, au.email AS activated_by_email, COALESCE(k.n, 0) AS key_count,
       b.access_id, b.contract_id,
       (SELECT COUNT(*) FROM downloads d WHERE d.benefit_id = b.id) AS download_count
  FROM benefits b
  JOIN packages p ON p.id = b.package_id
  LEFT JOIN users au ON au.id = b.activated_by
  LEFT JOIN (SELECT pk.benefit_id, COUNT(*) AS n
               FROM product_keys pk JOIN benefits kb ON kb.id = pk.benefit_id
              WHERE kb.company_id = $1 AND ($2 IS NULL OR kb.category = $2) AND ($3 IS NULL OR kb.id = $3)
              GROUP BY pk.benefit_id) k ON k.benefit_id = b.id
 WHERE b.company_id = $1 AND ($2 IS NULL OR b.category = $2) AND ($3 IS NULL OR b.id = $3)
 ORDER BY b.name, b.id";

const ASSIGNEE_SELECT: &str = "
SELECT a.benefit_id, u.id AS user_id, u.name, u.email, a.assigned_at, a.alternate_email, u.active,
       u.last_sign_in_at
  FROM benefit_assignments a JOIN benefits b ON b.id = a.benefit_id JOIN users u ON u.id = a.user_id
 WHERE b.company_id = $1 AND ($2 IS NULL OR b.category = $2) AND ($3 IS NULL OR b.id = $3)
 ORDER BY a.benefit_id, lower(u.name), u.id";

const GTM_SELECT: &str = "
SELECT g.benefit_id, g.type_code, g.status, g.expires_on
  FROM gtm_activations g JOIN benefits b ON b.id = g.benefit_id
 WHERE b.company_id = $1 AND ($2 IS NULL OR b.category = $2) AND ($3 IS NULL OR b.id = $3)";

/// One product's files, and only if the product is the caller's company's.
const DOWNLOAD_SELECT: &str = "
SELECT d.language, d.os, d.file_name, d.size_bytes, d.sha256, d.url
  FROM downloads d JOIN benefits b ON b.id = d.benefit_id
 WHERE b.id = $1 AND b.company_id = $2
 ORDER BY d.language, d.os, d.file_name";

use super::db::stored as decode;

/// A benefit as stored (`ROW_SELECT`); [`load_rows`] then applies the domain's one rule
/// (`benefit::standing`).
#[derive(sqlx::FromRow)]
struct BenefitRecord {
    id: i64,
    category: String,
    cloud_kind: Option<String>,
    name: String,
    package_id: i64,
    package_name: String,
    quantity: i64,
    unit: String,
    used: i64,
    status: String,
    expires_on: String,
    portal_url: Option<String>,
    activated_at: Option<i64>,
    activated_by_name: Option<String>,
    activated_by_email: Option<String>,
    key_count: i64,
    access_id: Option<String>,
    contract_id: Option<String>,
    download_count: i64,
}

impl BenefitRecord {
    fn into_row(self) -> Result<BenefitRow, AppError> {
        let r = self;
        Ok(BenefitRow {
            id: r.id,
            category: decode(Category::from_code(&r.category), "category", &r.category)?,
            cloud_kind: match r.cloud_kind {
                Some(k) => Some(decode(CloudKind::from_code(&k), "cloud kind", &k)?),
                None => None,
            },
            name: r.name,
            package_id: r.package_id,
            package_name: r.package_name,
            quantity: r.quantity,
            unit: decode(Unit::from_code(&r.unit), "unit", &r.unit)?,
            used: r.used,
            status: decode(BenefitStatus::from_code(&r.status), "status", &r.status)?,
            expires_on: decode(Date::parse(&r.expires_on), "date", &r.expires_on)?,
            key_count: r.key_count,
            portal_url: r.portal_url,
            activated_by: r
                .activated_by_name
                .zip(r.activated_by_email)
                .map(|(name, email)| Person { name, email }),
            activated_at: r.activated_at,
            download_count: r.download_count,
            assignees: Vec::new(),
            access_id: r.access_id,
            contract_id: r.contract_id,
            gtm: Vec::new(),
            refund_days_left: None,
            keys_revealed: false,
        })
    }
}

#[derive(sqlx::FromRow)]
struct DownloadRecord {
    language: String,
    os: String,
    file_name: String,
    size_bytes: i64,
    sha256: String,
    url: String,
}

impl DownloadRecord {
    fn into_download(self) -> Result<Download, AppError> {
        Ok(Download {
            os: decode(Os::from_code(&self.os), "OS", &self.os)?,
            language: self.language,
            file_name: self.file_name,
            size_bytes: self.size_bytes.max(0) as u64,
            sha256: self.sha256,
            url: self.url,
        })
    }
}

#[derive(sqlx::FromRow)]
struct AssigneeRecord {
    benefit_id: i64,
    user_id: i64,
    name: String,
    email: String,
    assigned_at: i64,
    alternate_email: Option<String>,
    active: i64,
    last_sign_in_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct GtmRecord {
    benefit_id: i64,
    type_code: String,
    status: String,
    expires_on: Option<String>,
}

const REVEALED_SELECT: &str = "
SELECT DISTINCT kr.benefit_id
  FROM key_reveals kr JOIN benefits b ON b.id = kr.benefit_id
 WHERE b.company_id = $1 AND ($2 IS NULL OR b.category = $2) AND ($3 IS NULL OR b.id = $3)";

/// The rows as `viewer` may see them: statuses and counts by the domain's one rule, and the
/// support identifiers (Access ID, Contract ID) only for admins and the person they belong to.
async fn load_rows(
    pool: &AnyPool,
    viewer: &Caller,
    filter: Filter,
) -> Result<Vec<BenefitRow>, AppError> {
    let company_id = viewer.company_id;
    let (category, id) = match filter {
        Filter::All => (None, None),
        Filter::Category(c) => (Some(c.code()), None),
        Filter::Id(id) => (None, Some(id)),
    };
    let today = today();
    let mut rows = sqlx::query_as::<_, BenefitRecord>(ROW_SELECT)
        .bind(company_id)
        .bind(category)
        .bind(id)
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(BenefitRecord::into_row)
        .collect::<Result<Vec<_>, _>>()?;

    // Who holds what, for every row in one query.
    let mut holders: HashMap<i64, Vec<Assignee>> = HashMap::new();
    for r in sqlx::query_as::<_, AssigneeRecord>(ASSIGNEE_SELECT)
        .bind(company_id)
        .bind(category)
        .bind(id)
        .fetch_all(pool)
        .await?
    {
        // Colleagues see who holds what; the holder's own details only as the permission
        // table allows (admins, and the holder).
        let holder = Assignee {
            user_id: r.user_id,
            name: r.name,
            email: r.email,
            assigned_at: r.assigned_at,
            details: Some(HolderDetails {
                alternate_email: r.alternate_email,
                active: r.active != 0,
                last_sign_in_at: r.last_sign_in_at,
            }),
        };
        holders
            .entry(r.benefit_id)
            .or_default()
            .push(holder.shaped_for(viewer.roles, viewer.user_id));
    }
    for row in &mut rows {
        row.assignees = holders.remove(&row.id).unwrap_or_default();
    }

    // Go-to-market rows list every type open to the company's level, with its state.
    if rows.iter().any(|r| r.category == Category::GoToMarket) {
        let level: String = sqlx::query_scalar("SELECT partner_level FROM companies WHERE id = $1")
            .bind(company_id)
            .fetch_one(pool)
            .await?;
        let level = decode(PartnerLevel::from_code(&level), "partner level", &level)?;
        let mut states: HashMap<(i64, String), (String, Option<String>)> = HashMap::new();
        for r in sqlx::query_as::<_, GtmRecord>(GTM_SELECT)
            .bind(company_id)
            .bind(category)
            .bind(id)
            .fetch_all(pool)
            .await?
        {
            states.insert((r.benefit_id, r.type_code), (r.status, r.expires_on));
        }
        for row in rows
            .iter_mut()
            .filter(|r| r.category == Category::GoToMarket)
        {
            row.gtm = level
                .gtm_types()
                .iter()
                .map(|t| {
                    gtm_state(
                        *t,
                        states.get(&(row.id, t.code().to_string())),
                        row.status,
                        today,
                    )
                })
                .collect();
        }
    }

    let revealed: std::collections::HashSet<i64> = sqlx::query_scalar(REVEALED_SELECT)
        .bind(company_id)
        .bind(category)
        .bind(id)
        .fetch_all(pool)
        .await?
        .into_iter()
        .collect();
    let admin = viewer.roles.is_admin();
    for row in &mut rows {
        let gtm: Vec<BenefitStatus> = row.gtm.iter().map(|g| g.status).collect();
        let standing = standing(
            &Facts {
                category: row.category,
                cloud_kind: row.cloud_kind,
                stored: row.status,
                expires_on: row.expires_on,
                quantity: row.quantity,
                used: row.used,
                holders: row.assignees.len() as i64,
                keys: row.key_count,
                keys_revealed: revealed.contains(&row.id),
                gtm: &gtm,
            },
            today,
        );
        row.status = standing.status;
        row.used = standing.used;
        row.keys_revealed = revealed.contains(&row.id);
        if !admin && !row.assignees.iter().any(|a| a.user_id == viewer.user_id) {
            // Support identifiers are for the person who uses them, and admins.
            row.access_id = None;
            row.contract_id = None;
        }
    }
    // After the rule: an expired or cancelled row offers no refund. Only rows with keys can forfeit a refund (Get keys warns first); lists without any,
    // and the single rows the assign paths reload, skip the refund queries altogether.
    if rows.iter().any(|r| r.has_keys() && r.status.usable()) {
        let refundable =
            super::refunds::refund_days_left(&mut *pool.acquire().await?, company_id).await?;
        for row in rows
            .iter_mut()
            .filter(|r| r.has_keys() && r.status.usable())
        {
            row.refund_days_left = refundable.get(&row.package_id).copied();
        }
    }

    Ok(rows)
}

fn gtm_state(
    t: GtmType,
    stored: Option<&(String, Option<String>)>,
    benefit: BenefitStatus,
    today: Date,
) -> GtmState {
    let expires_on = stored.and_then(|(_, e)| e.as_deref()).and_then(Date::parse);
    let status = match stored.map(|(s, _)| s.as_str()) {
        _ if benefit == BenefitStatus::Cancelled => BenefitStatus::Cancelled,
        Some("active") => match expires_on {
            Some(e) if today > e => BenefitStatus::Expired,
            _ => BenefitStatus::Active,
        },
        Some("pending") => BenefitStatus::Pending,
        Some("cancelled") => BenefitStatus::Cancelled,
        _ => BenefitStatus::NotActivated,
    };
    GtmState {
        gtm_type: t,
        status,
        expires_on,
    }
}

/// One benefit of the caller's company; another company's id is simply not found.
/// Refuses a benefit of another category than the function serves (a seat function called
/// with a technical benefit's id, say).
pub fn expect_category(row: &BenefitRow, category: Category) -> Result<(), AppError> {
    if row.category == category {
        Ok(())
    } else {
        Err(AppError::conflict(crate::i18n::tf(
            lang(),
            crate::i18n::Key::ErrWrongCategory,
            &[("benefit", &row.name)],
        )))
    }
}

pub async fn load_one(pool: &AnyPool, c: &Caller, id: i64) -> Result<BenefitRow, AppError> {
    load_rows(pool, c, Filter::Id(id))
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

/// Every benefit of the caller's company, as the Benefits page shows each (the Overview).
pub async fn load_all(pool: &AnyPool, c: &Caller) -> Result<Vec<BenefitRow>, AppError> {
    load_rows(pool, c, Filter::All).await
}

pub fn ensure_usable(row: &BenefitRow) -> Result<(), AppError> {
    let l = lang();
    match row.status {
        BenefitStatus::Expired => Err(AppError::conflict(tf(
            l,
            Key::ErrExpired,
            &[
                ("benefit", &row.name),
                ("date", &format::date(l, row.expires_on)),
            ],
        ))),
        BenefitStatus::Cancelled => Err(AppError::conflict(tf(
            l,
            Key::ErrCancelled,
            &[("benefit", &row.name)],
        ))),
        _ => Ok(()),
    }
}

pub async fn list(category: Category) -> Result<Vec<BenefitRow>, AppError> {
    let (c, state) = authorized(Action::ViewBenefits).await?;
    load_rows(&state.db.pool, &c, Filter::Category(category)).await
}

/// One product's files for its language and OS pickers, asked for when a person opens them
/// (the list carries only their count). Whoever may view the benefit may see its files.
pub async fn list_downloads(benefit_id: i64) -> Result<Vec<Download>, AppError> {
    let (c, state) = authorized(Action::ViewBenefits).await?;
    let pool = &state.db.pool;
    // The company is in the query: another company's product has no files here.
    let files = sqlx::query_as::<_, DownloadRecord>(DOWNLOAD_SELECT)
        .bind(benefit_id)
        .bind(c.company_id)
        .fetch_all(pool)
        .await?;
    // No files: a product without downloads, or not the caller's (or no such id). Only then is
    // the benefit looked up, so the usual answer is one query; another company's id and a
    // missing one answer the same NotFound.
    if files.is_empty() {
        sqlx::query_scalar::<_, i64>("SELECT id FROM benefits WHERE id = $1 AND company_id = $2")
            .bind(benefit_id)
            .bind(c.company_id)
            .fetch_optional(pool)
            .await?
            .ok_or(AppError::NotFound)?;
    }
    files
        .into_iter()
        .map(DownloadRecord::into_download)
        .collect()
}

pub async fn get_keys(benefit_id: i64, confirm_forfeit: bool) -> Result<RevealedKeys, AppError> {
    let (c, state) = authorized(Action::GetKeys).await?;
    let row = load_one(&state.db.pool, &c, benefit_id).await?;
    if !row.has_keys() {
        return Err(AppError::conflict(tf(
            lang(),
            Key::ErrNoKeys,
            &[("benefit", &row.name)],
        )));
    }
    ensure_usable(&row)?;
    if let (Some(days), false) = (row.refund_days_left, confirm_forfeit) {
        // The page warns first; a call that skipped the warning is refused, not obeyed.
        return Err(AppError::conflict(tf(
            lang(),
            Key::ErrConfirmForfeit,
            &[("days", &days.to_string())],
        )));
    }

    // Read the keys and record the reveal together: no keys leave without a record.
    let at = now();
    let mut tx = state.db.pool.begin().await?;
    if matches!(row.category, Category::Software | Category::Cloud) {
        // Getting a product's keys is how a software benefit, or a license-based cloud
        // subscription, is activated.
        sqlx::query(
            "UPDATE benefits SET status = 'active', activated_by = $1, activated_at = $2 WHERE id = $3 AND status = 'not_activated'",
        )
        .bind(c.user_id)
        .bind(at)
        .bind(benefit_id)
        .execute(&mut *tx)
        .await?;
    }
    let keys = sqlx::query_as::<_, (String, String)>(
        "SELECT label, key_value FROM product_keys WHERE benefit_id = $1 ORDER BY id",
    )
    .bind(benefit_id)
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|(label, sealed)| {
        state
            .sealer
            .open(&sealed, &super::db::product_key_binding(benefit_id))
            .map(|value| ProductKey { label, value })
            // A key no configured data key opens: the operator must restore the key.
            .map_err(internal)
    })
    .collect::<Result<_, _>>()?;
    let instructions: Option<String> =
        sqlx::query_scalar("SELECT instructions FROM benefits WHERE id = $1")
            .bind(benefit_id)
            .fetch_one(&mut *tx)
            .await?;
    sqlx::query("INSERT INTO key_reveals (company_id, benefit_id, user_id, revealed_at) VALUES ($1, $2, $3, $4)")
        .bind(c.company_id)
        .bind(benefit_id)
        .bind(c.user_id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        &c,
        AuditAction::KeysRevealed,
        On::benefit(benefit_id),
        None,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(user_id = c.user_id, benefit_id, "product keys revealed");
    Ok(RevealedKeys {
        benefit_id,
        keys,
        instructions,
        row: load_one(&state.db.pool, &c, benefit_id).await?,
    })
}

pub async fn activate_cloud(benefit_id: i64) -> Result<BenefitRow, AppError> {
    let (c, state) = authorized(Action::AssignUsers).await?;
    let row = load_one(&state.db.pool, &c, benefit_id).await?;
    if row.cloud_kind != Some(CloudKind::Usage) {
        return Err(AppError::conflict(tf(
            lang(),
            Key::ErrNotUsageCloud,
            &[("benefit", &row.name)],
        )));
    }
    ensure_usable(&row)?;

    let at = now();
    let mut tx = state.db.pool.begin().await?;
    // The status check and the write are one statement, so two admins clicking at once
    // activate it once: the second sees zero rows changed.
    let changed = sqlx::query(
        "UPDATE benefits SET status = 'active', activated_by = $1, activated_at = $2
          WHERE id = $3 AND company_id = $4 AND status = 'not_activated'",
    )
    .bind(c.user_id)
    .bind(at)
    .bind(benefit_id)
    .bind(c.company_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed != 1 {
        let by = row.activated_by.map(|p| p.name).unwrap_or_default();
        return Err(AppError::conflict(tf(
            lang(),
            Key::ErrAlreadyActivated,
            &[("benefit", &row.name), ("name", &by)],
        )));
    }
    sqlx::query(
        "INSERT INTO benefit_assignments (company_id, benefit_id, user_id, assigned_by, assigned_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(c.company_id)
    .bind(benefit_id)
    .bind(c.user_id)
    .bind(c.user_id)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        &c,
        AuditAction::CloudActivated,
        On::benefit(benefit_id),
        None,
    )
    .await?;
    tx.commit().await?;
    load_one(&state.db.pool, &c, benefit_id).await
}
