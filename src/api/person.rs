//! The person view: everything one person of the company holds.

pub use crate::domain::person::PersonView;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// What `user_id` holds. Admins may look at anyone of their company; anyone else at themselves.
#[server(endpoint = "get_person", input = Json)]
pub async fn get_person(user_id: i64) -> Result<PersonView, AppError> {
    crate::server::person::get(user_id).await
}
