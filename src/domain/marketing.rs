//! Go-to-market benefits: the company's marketing contact.

use crate::domain::auth::Person;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarketingContact {
    pub user_id: i64,
    pub person: Person,
    pub alternate_email: String,
    pub phone: String,
    pub preferred_language: String,
    /// Unix seconds.
    pub updated_at: i64,
}
