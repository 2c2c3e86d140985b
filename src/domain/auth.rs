//! Who is signed in: the person, their company and roles, and what a sign-in leads to.

use crate::domain::{PartnerLevel, Roles};
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
