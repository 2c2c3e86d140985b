//! Go-to-market benefits: the company's marketing contact and activating a benefit type.

use super::benefits::BenefitRow;
use crate::domain::forms::ContactForm;
pub use crate::domain::marketing::MarketingContact;
use crate::domain::GtmType;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The company's marketing contact, if one was assigned.
#[server(endpoint = "get_marketing_contact", input = Json)]
pub async fn get_marketing_contact() -> Result<Option<MarketingContact>, AppError> {
    crate::server::marketing::get_contact().await
}

/// Adds, updates or changes the marketing contact. Global admins and MPN partner admins.
#[server(endpoint = "set_marketing_contact", input = Json)]
pub async fn set_marketing_contact(form: ContactForm) -> Result<MarketingContact, AppError> {
    crate::server::marketing::set_contact(form).await
}

/// Activates a go-to-market benefit in one of the types open to the company's level.
#[server(endpoint = "activate_gtm", input = Json)]
pub async fn activate_gtm(benefit_id: i64, gtm_type: GtmType) -> Result<BenefitRow, AppError> {
    crate::server::marketing::activate(benefit_id, gtm_type).await
}
