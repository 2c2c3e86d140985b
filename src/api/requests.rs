//! Service requests (advisory hours, cancellations, support incidents): one request's detail
//! and history, withdrawing it while it is open, and opening a support incident.

use crate::domain::forms::{AdvisoryForm, IncidentForm};
pub use crate::domain::requests::{RequestEvent, ServiceRequestDetail, ServiceRequestRow};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "get_service_request", input = Json)]
pub async fn get_service_request(id: i64) -> Result<ServiceRequestDetail, AppError> {
    crate::server::requests::get(id).await
}

/// Withdraws an open request; what it reserved (hours, an incident) is free again.
#[server(endpoint = "withdraw_service_request", input = Json)]
pub async fn withdraw_service_request(id: i64) -> Result<ServiceRequestDetail, AppError> {
    crate::server::requests::withdraw(id).await
}

/// Opens a product support incident against a technical benefit's remaining incidents.
#[server(endpoint = "request_support_incident", input = Json)]
pub async fn request_support_incident(
    benefit_id: i64,
    form: IncidentForm,
    idempotency_key: String,
) -> Result<ServiceRequestRow, AppError> {
    crate::server::requests::open_incident(benefit_id, form, idempotency_key).await
}

/// The company's service requests with `status` (none: all) as a CSV file. Admins only.
#[server(endpoint = "export_service_requests", input = Json)]
pub async fn export_service_requests(
    status: Option<String>,
    byte_order_mark: bool,
) -> Result<crate::domain::export::CsvFile, AppError> {
    crate::server::requests::export(status, byte_order_mark).await
}

/// The company's service requests, newest first; `status` filters (`open`, `refunded`, …).
#[server(endpoint = "list_service_requests", input = Json)]
pub async fn list_service_requests(
    status: Option<String>,
) -> Result<Vec<ServiceRequestRow>, AppError> {
    crate::server::requests::list(status).await
}

/// Requests advisory hours from a technical benefit. `idempotency_key` is made once per form:
/// a double click or a retry returns the first request instead of filing another.
#[server(endpoint = "request_advisory_hours", input = Json)]
pub async fn request_advisory_hours(
    benefit_id: i64,
    form: AdvisoryForm,
    idempotency_key: String,
) -> Result<ServiceRequestRow, AppError> {
    crate::server::requests::request_advisory_hours(benefit_id, form, idempotency_key).await
}
