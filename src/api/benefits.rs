//! The Benefits page: listing a category, revealing keys, activating cloud subscriptions.

pub use crate::domain::benefits::{
    Assignee, BenefitRow, Download, GtmState, HolderDetails, ProductKey, RevealedKeys,
};
use crate::domain::Category;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "list_benefits", input = Json)]
pub async fn list_benefits(category: Category) -> Result<Vec<BenefitRow>, AppError> {
    crate::server::benefits::list(category).await
}

/// One software product's files (language, OS, link, size, SHA-256), for its language and OS
/// pickers. Not part of [`list_benefits`], whose rows carry only `download_count`: the page
/// asks when a person opens a product's downloads, and keeps the answer for the session.
#[server(endpoint = "list_downloads", input = Json)]
pub async fn list_downloads(benefit_id: i64) -> Result<Vec<Download>, AppError> {
    crate::server::benefits::list_downloads(benefit_id).await
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
