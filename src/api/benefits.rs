//! The Benefits page: listing a category, revealing keys, activating cloud subscriptions.

use super::auth::Person;
use crate::domain::{BenefitStatus, Category, CloudKind, Date, Os, Unit};
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
}

impl BenefitRow {
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
}

#[server(endpoint = "list_benefits", input = Json)]
pub async fn list_benefits(category: Category) -> Result<Vec<BenefitRow>, AppError> {
    crate::server::respond(crate::server::benefits::list(category)).await
}

/// Reveals a product's keys and records who did it, when.
#[server(endpoint = "get_keys", input = Json)]
pub async fn get_keys(benefit_id: i64) -> Result<RevealedKeys, AppError> {
    crate::server::respond(crate::server::benefits::get_keys(benefit_id)).await
}

/// Activates a usage-based cloud subscription by assigning it to the caller.
#[server(endpoint = "activate_cloud", input = Json)]
pub async fn activate_cloud(benefit_id: i64) -> Result<BenefitRow, AppError> {
    crate::server::respond(crate::server::benefits::activate_cloud(benefit_id)).await
}
