//! Handing benefits to people: Visual Studio seats, technical benefits, advisory hours.

use super::benefits::BenefitRow;
use crate::domain::forms::TechnicalAssignForm;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Fills one seat of a Visual Studio subscription. Never over-assigns, even under concurrency.
#[server(endpoint = "assign_seat", input = Json)]
pub async fn assign_seat(benefit_id: i64, user_id: i64) -> Result<BenefitRow, AppError> {
    crate::server::assign::assign_seat(benefit_id, user_id).await
}

#[server(endpoint = "remove_seat", input = Json)]
pub async fn remove_seat(benefit_id: i64, user_id: i64) -> Result<BenefitRow, AppError> {
    crate::server::assign::remove_seat(benefit_id, user_id).await
}

/// Assigns a technical benefit: it becomes Pending and activates after a few days.
#[server(endpoint = "assign_technical", input = Json)]
pub async fn assign_technical(
    benefit_id: i64,
    form: TechnicalAssignForm,
) -> Result<BenefitRow, AppError> {
    crate::server::assign::assign_technical(benefit_id, form).await
}
