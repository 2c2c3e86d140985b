//! The audit trail: who did what to the company's benefits and people, for admins.

pub use crate::domain::audit::{
    AuditBenefit, AuditEntry, AuditFilterForm, AuditPage, AUDIT_PAGE_SIZE,
};
pub use crate::domain::export::CsvFile;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// A page of entries (`page` from 0, newest first) the filter matches. `offset_minutes`: the
/// reader's time zone (minutes east of UTC), so the dates are their days.
#[server(endpoint = "list_audit", input = Json)]
pub async fn list_audit(
    filter: AuditFilterForm,
    page: u32,
    offset_minutes: i32,
) -> Result<AuditPage, AppError> {
    crate::server::audit::list(filter, page, offset_minutes).await
}

/// The company's benefits, for the filter.
#[server(endpoint = "list_audit_benefits", input = Json)]
pub async fn list_audit_benefits() -> Result<Vec<AuditBenefit>, AppError> {
    crate::server::audit::benefits().await
}

/// The entries the filter matches as a CSV file (with a byte-order mark for spreadsheet apps
/// that need one to read UTF-8).
#[server(endpoint = "export_audit", input = Json)]
pub async fn export_audit(
    filter: AuditFilterForm,
    offset_minutes: i32,
    byte_order_mark: bool,
) -> Result<CsvFile, AppError> {
    crate::server::audit::export(filter, offset_minutes, byte_order_mark).await
}
