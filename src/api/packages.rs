//! Membership packages: buying them, whether they can still be refunded, cancelling them; and
//! the company's service requests.

use super::assign::ServiceRequestRow;
use crate::domain::refund::Eligibility;
use crate::domain::{Category, Date};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PackageStatus {
    Active,
    Expired,
    CancellationRequested,
    Cancelled,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageBenefit {
    pub id: i64,
    pub name: String,
    pub category: Category,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageRow {
    pub id: i64,
    pub name: String,
    /// Unix seconds.
    pub purchased_at: i64,
    pub purchased_by: String,
    pub price_cents: i64,
    pub currency: String,
    pub status: PackageStatus,
    pub expires_on: Date,
    pub benefits: Vec<PackageBenefit>,
    /// The refund rule's answer (domain::refund::eligibility), computed by the server.
    pub eligibility: Eligibility,
    /// The open cancellation request's case number, if one was filed.
    pub cancellation_case: Option<String>,
}

#[server(endpoint = "list_packages", input = Json)]
pub async fn list_packages() -> Result<Vec<PackageRow>, AppError> {
    crate::server::packages::list().await
}

/// Buys a package from the catalogue. `idempotency_key` is made once per purchase dialog: a
/// double click or a retried request creates one package, not two.
#[server(endpoint = "purchase_package", input = Json)]
pub async fn purchase_package(
    code: String,
    idempotency_key: String,
) -> Result<PackageRow, AppError> {
    crate::server::packages::purchase(code, idempotency_key).await
}

/// Files a cancellation service request for a package that is still refundable.
/// The longest reason a cancellation request may give.
pub const CANCELLATION_REASON_MAX: usize = 2000;

#[server(endpoint = "request_cancellation", input = Json)]
pub async fn request_cancellation(
    package_id: i64,
    reason: String,
) -> Result<ServiceRequestRow, AppError> {
    crate::server::packages::request_cancellation(package_id, reason).await
}

/// The company's service requests, newest first; `status` filters (`open`, `refunded`, …).
#[server(endpoint = "list_service_requests", input = Json)]
pub async fn list_service_requests(
    status: Option<String>,
) -> Result<Vec<ServiceRequestRow>, AppError> {
    crate::server::packages::list_requests(status).await
}
