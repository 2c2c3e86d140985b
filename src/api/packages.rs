//! Membership packages: buying them, whether they can still be refunded, cancelling them; and
//! the company's service requests.

pub use crate::domain::packages::{
    CaseRef, PackageBenefit, PackageRow, PackageStatus, CANCELLATION_REASON_MAX,
};
use crate::domain::requests::ServiceRequestRow;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

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

#[server(endpoint = "request_cancellation", input = Json)]
pub async fn request_cancellation(
    package_id: i64,
    reason: String,
) -> Result<ServiceRequestRow, AppError> {
    crate::server::packages::request_cancellation(package_id, reason).await
}
