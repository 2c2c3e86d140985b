//! The Benefits page: listing a category, revealing keys, activating cloud subscriptions.

use super::auth::Person;
use crate::domain::{BenefitStatus, Category, CloudKind, Date, GtmType, Os, Unit};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// One downloadable file of a software product.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Download {
    /// BCP 47 tag, e.g. `ko-KR`.
    pub language: String,
    pub os: Os,
    pub file_name: String,
    pub size_bytes: u64,
    pub sha256: String,
    pub url: String,
}

/// A row of the Benefits page. Never carries keys or instructions: those are sent only by
/// [`get_keys`], so a list can be cached or logged without leaking secrets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenefitRow {
    pub id: i64,
    pub category: Category,
    pub cloud_kind: Option<CloudKind>,
    pub name: String,
    pub package_id: i64,
    pub package_name: String,
    pub quantity: i64,
    pub unit: Unit,
    pub used: i64,
    /// Effective status: `Expired` once past `expires_on`.
    pub status: BenefitStatus,
    pub expires_on: Date,
    /// How many product keys [`get_keys`] would reveal.
    pub key_count: i64,
    /// Where an active cloud subscription is managed.
    pub portal_url: Option<String>,
    pub activated_by: Option<Person>,
    /// Unix seconds.
    pub activated_at: Option<i64>,
    pub downloads: Vec<Download>,
    /// Who holds it: seat holders, the technical benefit's user, a cloud subscription's owner.
    pub assignees: Vec<Assignee>,
    /// Technical benefits, once active: what support asks for.
    pub access_id: Option<String>,
    pub contract_id: Option<String>,
    /// Go-to-market benefits: each type open to the company's partner level and its state.
    pub gtm: Vec<GtmState>,
    /// For rows with keys: days left to cancel its package for a refund, while that is still
    /// possible. Revealing keys then forfeits the refund, and the page warns first.
    pub refund_days_left: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignee {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    /// Unix seconds.
    pub assigned_at: i64,
    pub alternate_email: Option<String>,
    /// False when the holder was deactivated: their seat is still taken until someone removes it.
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GtmState {
    pub gtm_type: GtmType,
    /// `NotActivated`, `Pending`, `Active` or `Expired`.
    pub status: BenefitStatus,
    pub expires_on: Option<Date>,
}

impl BenefitRow {
    /// Seats, incidents or hours not yet used.
    pub fn remaining(&self) -> i64 {
        (self.quantity - self.used).max(0)
    }

    /// Whether this benefit is turned on by revealing keys (software, license-based cloud).
    pub fn has_keys(&self) -> bool {
        self.key_count > 0
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductKey {
    pub label: String,
    pub value: String,
}

/// The answer to Get keys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevealedKeys {
    pub benefit_id: i64,
    pub keys: Vec<ProductKey>,
    /// Special instructions to follow when activating.
    pub instructions: Option<String>,
    /// The benefit as it stands now (revealing activates it), so the row updates at once.
    pub row: BenefitRow,
}

#[server(endpoint = "list_benefits", input = Json)]
pub async fn list_benefits(category: Category) -> Result<Vec<BenefitRow>, AppError> {
    crate::server::benefits::list(category).await
}

/// Reveals a product's keys and records who did it, when. While its package can still be
/// refunded, revealing forfeits that: the caller must pass `confirm_forfeit: true` after
/// warning the person.
#[server(endpoint = "get_keys", input = Json)]
pub async fn get_keys(benefit_id: i64, confirm_forfeit: bool) -> Result<RevealedKeys, AppError> {
    crate::server::benefits::get_keys(benefit_id, confirm_forfeit).await
}

/// Activates a usage-based cloud subscription by assigning it to the caller.
#[server(endpoint = "activate_cloud", input = Json)]
pub async fn activate_cloud(benefit_id: i64) -> Result<BenefitRow, AppError> {
    crate::server::benefits::activate_cloud(benefit_id).await
}
