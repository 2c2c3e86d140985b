//! Service requests (advisory hours, cancellations, support incidents): one request's detail
//! and history, withdrawing it while it is open, and opening a support incident.

use crate::api::assign::ServiceRequestRow;
use crate::domain::forms::IncidentForm;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// One status a request went through.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestEvent {
    /// `open`, `in_progress`, `resolved`, `refunded`, `rejected` or `withdrawn`.
    pub status: String,
    pub note: Option<String>,
    /// Who moved it there; None for Partner Benefits' own staff.
    pub by: Option<String>,
    /// Unix seconds.
    pub at: i64,
}

/// Everything about one request: what was asked, why, and what happened since.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRequestDetail {
    pub request: ServiceRequestRow,
    pub description: String,
    pub phase: Option<String>,
    pub product: Option<String>,
    pub contact_phone: Option<String>,
    pub time_zone: Option<String>,
    pub history: Vec<RequestEvent>,
    /// Whether the caller may withdraw it now (open, and theirs or they are a Global admin).
    pub may_withdraw: bool,
}

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
