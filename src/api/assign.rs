//! Handing benefits to people: Visual Studio seats, technical benefits, advisory hours.

use super::benefits::BenefitRow;
use crate::domain::forms::TechnicalAssignForm;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// What assigning seats of a Visual Studio subscription to each line of `list` (emails, one per
/// line or CSV, up to 1,000) would do now; changes nothing.
#[server(endpoint = "preview_bulk_assign", input = Json)]
pub async fn preview_bulk_assign(
    benefit_id: i64,
    list: String,
) -> Result<crate::domain::bulk::BulkPreview, AppError> {
    crate::server::assign::preview_bulk_assign(benefit_id, list).await
}

/// Assigns the list's seats in one transaction: all or nothing, or only the lines that can be.
#[server(endpoint = "apply_bulk_assign", input = Json)]
pub async fn apply_bulk_assign(
    benefit_id: i64,
    list: String,
    mode: crate::domain::bulk::BulkMode,
) -> Result<crate::domain::bulk::BulkResult, AppError> {
    crate::server::assign::apply_bulk_assign(benefit_id, list, mode).await
}

/// Frees every seat of a Visual Studio subscription held by a deactivated user.
#[server(endpoint = "release_deactivated_seats", input = Json)]
pub async fn release_deactivated_seats(benefit_id: i64) -> Result<BenefitRow, AppError> {
    crate::server::assign::release_deactivated_seats(benefit_id).await
}

/// Who holds what: every assignment of `category` (none: of every category) as a CSV file.
/// Admins only.
#[server(endpoint = "export_assignments", input = Json)]
pub async fn export_assignments(
    category: Option<crate::domain::Category>,
    byte_order_mark: bool,
) -> Result<crate::domain::export::CsvFile, AppError> {
    crate::server::assign::export(category, byte_order_mark).await
}

/// Fills one seat of a Visual Studio subscription. Never over-assigns, even under concurrency.
#[server(endpoint = "assign_seat", input = Json)]
pub async fn assign_seat(benefit_id: i64, user_id: i64) -> Result<BenefitRow, AppError> {
    crate::server::assign::assign_seat(benefit_id, user_id).await
}

#[server(endpoint = "remove_seat", input = Json)]
pub async fn remove_seat(benefit_id: i64, user_id: i64) -> Result<BenefitRow, AppError> {
    crate::server::assign::remove_seat(benefit_id, user_id).await
}

/// Hands one person's seat to another in one step: the seat is never free in between.
#[server(endpoint = "reassign_seat", input = Json)]
pub async fn reassign_seat(
    benefit_id: i64,
    from_user_id: i64,
    to_user_id: i64,
) -> Result<BenefitRow, AppError> {
    crate::server::assign::reassign_seat(benefit_id, from_user_id, to_user_id).await
}

/// Assigns a technical benefit: it becomes Pending and activates after a few days.
#[server(endpoint = "assign_technical", input = Json)]
pub async fn assign_technical(
    benefit_id: i64,
    form: TechnicalAssignForm,
) -> Result<BenefitRow, AppError> {
    crate::server::assign::assign_technical(benefit_id, form).await
}
