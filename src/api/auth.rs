//! Signing in and out, and who the current user is.

use crate::domain::{PartnerLevel, Roles};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// Somebody in the company, as shown to other users.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    pub email: String,
}

/// The signed-in user and their company.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub roles: Roles,
    pub company_name: String,
    pub partner_level: PartnerLevel,
    /// The company's Partner Center account email: alternate emails must differ from it, and
    /// the dialogs check that as you type.
    pub company_email: String,
    /// Who to ask when you may not do something yourself.
    pub global_admins: Vec<Person>,
}

/// A company the person signing in holds an account at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyChoice {
    pub company_id: i64,
    pub name: String,
}

/// What a correct password leads to: a session, or (when the same email and password open
/// accounts at several companies) the question which company to sign in to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignInOutcome {
    SignedIn(Me),
    ChooseCompany(Vec<CompanyChoice>),
}

/// `company_id` answers the question [`SignInOutcome::ChooseCompany`] asked; it selects among the
/// accounts the password opens, never beyond them.
#[server(endpoint = "sign_in", input = Json)]
pub async fn sign_in(
    email: String,
    password: String,
    #[server(default)] company_id: Option<i64>,
) -> Result<SignInOutcome, AppError> {
    crate::server::auth::sign_in(email, password, company_id).await
}

#[server(endpoint = "sign_out", input = Json)]
pub async fn sign_out() -> Result<(), AppError> {
    crate::server::auth::sign_out().await
}

/// Ends every session of the caller, on every device.
#[server(endpoint = "sign_out_everywhere", input = Json)]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    crate::server::auth::sign_out_everywhere().await
}

/// Changes the caller's password; every other session ends.
#[server(endpoint = "change_password", input = Json)]
pub async fn change_password(
    current_password: String,
    password: String,
    password_again: String,
) -> Result<(), AppError> {
    crate::server::auth::change_password(current_password, password, password_again).await
}

#[server(endpoint = "me", input = Json)]
pub async fn current_user() -> Result<Me, AppError> {
    crate::server::auth::me().await
}

/// Sets the password of a user an admin added, from the link in their invitation, and signs
/// them in. Like sign-in, it needs no session.
#[server(endpoint = "accept_invitation", input = Json)]
pub async fn accept_invitation(
    token: String,
    password: String,
    password_again: String,
) -> Result<Me, AppError> {
    crate::server::users::accept_invitation(token, password, password_again).await
}
