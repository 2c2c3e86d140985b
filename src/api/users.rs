//! Account settings → Users, and the user picker's search.

use crate::domain::forms::NewUserForm;
use crate::domain::Roles;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// How many users one page of search results holds.
pub const PAGE_SIZE: usize = 20;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub roles: Roles,
    pub active: bool,
    /// Added by an admin and has not set a password yet.
    pub invited: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserPage {
    pub users: Vec<UserRow>,
    pub has_more: bool,
}

/// Users of the caller's company whose name or email has a word starting with each word of
/// `query`, alphabetically, `PAGE_SIZE` at a time from `offset`.
#[server(endpoint = "search_users", input = Json)]
pub async fn search_users(
    query: String,
    offset: u32,
    include_inactive: bool,
) -> Result<UserPage, AppError> {
    crate::server::users::search(query, offset, include_inactive).await
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
