//! The company's users as Account settings → Users and the user picker show them.

use crate::domain::Roles;
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
