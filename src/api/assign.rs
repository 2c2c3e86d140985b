//! Handing benefits to people: Visual Studio seats, technical benefits, advisory hours.

use super::benefits::BenefitRow;
use crate::domain::forms::{AdvisoryForm, TechnicalAssignForm};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

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

/// A filed service request, as listed and as returned when it is created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRequestRow {
    pub id: i64,
    pub case_number: String,
    /// `advisory_hours` or `cancellation`.
    pub kind: String,
    /// `open`, `in_progress`, `resolved`, `refunded` or `rejected`.
    pub status: String,
    pub title: String,
    pub filed_by: String,
    /// Unix seconds.
    pub created_at: i64,
    pub updated_at: i64,
    pub hours: Option<i64>,
    /// The package or benefit it is about.
    pub about: Option<String>,
    /// How it was resolved (refunds, rejections).
    pub resolution: Option<String>,
}

/// Requests advisory hours from a technical benefit. `idempotency_key` is made once per form:
/// a double click or a retry returns the first request instead of filing another.
#[server(endpoint = "request_advisory_hours", input = Json)]
pub async fn request_advisory_hours(
    benefit_id: i64,
    form: AdvisoryForm,
    idempotency_key: String,
) -> Result<ServiceRequestRow, AppError> {
    crate::server::assign::request_advisory_hours(benefit_id, form, idempotency_key).await
}
