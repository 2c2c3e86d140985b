//! Account settings → Users, and the user picker's search.

use crate::domain::forms::NewUserForm;
pub use crate::domain::list_view::{UserListView, UserSort, UserStatusFilter};
pub use crate::domain::users::{UserPage, UserRow, PAGE_SIZE};
use crate::domain::Roles;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Users of the caller's company as `view` asks (each word of its search starting a word of
/// the name or email; whom it shows; its order), `PAGE_SIZE` at a time from `offset`.
#[server(endpoint = "search_users", input = Json)]
pub async fn search_users(view: UserListView, offset: u32) -> Result<UserPage, AppError> {
    crate::server::users::search(view, offset).await
}

/// Adds a user and emails them an invitation to set their password. Global admins only.
#[server(endpoint = "add_user", input = Json)]
pub async fn add_user(form: NewUserForm) -> Result<UserRow, AppError> {
    crate::server::users::add(form).await
}

/// Sends a new invitation to a user who has not set a password yet; earlier links stop working.
#[server(endpoint = "resend_invitation", input = Json)]
pub async fn resend_invitation(user_id: i64) -> Result<UserRow, AppError> {
    crate::server::users::resend_invitation(user_id).await
}

#[server(endpoint = "set_roles", input = Json)]
pub async fn set_roles(user_id: i64, roles: Roles) -> Result<UserRow, AppError> {
    crate::server::users::set_roles(user_id, roles).await
}

/// Deactivates (signing them out everywhere) or reactivates a user.
#[server(endpoint = "set_active", input = Json)]
pub async fn set_active(user_id: i64, active: bool) -> Result<UserRow, AppError> {
    crate::server::users::set_active(user_id, active).await
}

/// Every user of the company as a CSV file. Admins only.
#[server(endpoint = "export_users", input = Json)]
pub async fn export_users(
    byte_order_mark: bool,
) -> Result<crate::domain::export::CsvFile, AppError> {
    crate::server::users::export(byte_order_mark).await
}
