//! The facts the refund rule (`domain::refund`) decides on, read from the store: when each
//! package was bought, and every key reveal or software activation that forfeits its refund.
//! Packages and the Benefits page both ask; this module asks no other.

use super::now;
use crate::domain::refund::{eligibility, Eligibility, Forfeit, ForfeitKind};
use sqlx::AnyConnection;
use std::collections::HashMap;

#[derive(sqlx::FromRow)]
struct ForfeitRecord {
    package_id: i64,
    kind: String,
    benefit: String,
    by_name: String,
    at: i64,
}

/// The refund rule's answer for every package of a company: two queries in all.
pub async fn eligibilities(
    conn: &mut AnyConnection,
    company_id: i64,
    at: i64,
) -> Result<HashMap<i64, Eligibility>, sqlx::Error> {
    let packages: Vec<(i64, i64)> =
        sqlx::query_as("SELECT id, purchased_at FROM packages WHERE company_id = $1")
            .bind(company_id)
            .fetch_all(&mut *conn)
            .await?;
    let mut forfeits: HashMap<i64, Vec<Forfeit>> = HashMap::new();
    for r in sqlx::query_as::<_, ForfeitRecord>(
        "SELECT b.package_id, 'keys' AS kind, b.name AS benefit, u.name AS by_name, r.revealed_at AS at
           FROM key_reveals r JOIN benefits b ON b.id = r.benefit_id JOIN users u ON u.id = r.user_id
          WHERE r.company_id = $1
         UNION ALL
         SELECT b.package_id, 'activated', b.name, COALESCE(u.name, ''), b.activated_at
           FROM benefits b LEFT JOIN users u ON u.id = b.activated_by
          WHERE b.company_id = $1 AND b.category = 'software' AND b.activated_at IS NOT NULL",
    )
    .bind(company_id)
    .fetch_all(&mut *conn)
    .await?
    {
        forfeits.entry(r.package_id).or_default().push(Forfeit {
            kind: if r.kind == "keys" {
                ForfeitKind::KeysRevealed
            } else {
                ForfeitKind::SoftwareActivated
            },
            benefit: r.benefit,
            by: r.by_name,
            at: r.at,
        });
    }
    Ok(packages
        .into_iter()
        .map(|(id, purchased_at)| {
            let facts = forfeits.get(&id).map(Vec::as_slice).unwrap_or(&[]);
            (id, eligibility(purchased_at, at, facts))
        })
        .collect())
}

/// Days left to cancel for a refund, for each package of the company that still can be.
pub async fn refund_days_left(
    conn: &mut AnyConnection,
    company_id: i64,
) -> Result<HashMap<i64, i64>, sqlx::Error> {
    // A cancelled package's benefits are Cancelled themselves; the caller skips them.
    Ok(eligibilities(conn, company_id, now())
        .await?
        .into_iter()
        .filter_map(|(id, e)| match e {
            Eligibility::Refundable { days_left, .. } => Some((id, days_left)),
            _ => None,
        })
        .collect())
}
