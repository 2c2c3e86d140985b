//! Signing in and out, and who the current user is.

pub use crate::domain::auth::{CompanyChoice, Me, Person, SignInOutcome};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

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
