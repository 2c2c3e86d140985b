//! Go-to-market benefits: the company's marketing contact.

use crate::domain::auth::Person;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarketingContact {
    pub user_id: i64,
    pub person: Person,
    /// How to reach them outside work: for admins and the contact themselves
    /// (`access::PersonalDetail`); `None` in the answer anyone else gets.
    pub details: Option<ContactDetails>,
    pub preferred_language: String,
    /// Unix seconds.
    pub updated_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactDetails {
    pub alternate_email: String,
    pub phone: String,
}

impl MarketingContact {
    /// The contact as `roles`/`caller_id` may see them (the permission table's rule).
    pub fn shaped_for(mut self, roles: super::Roles, caller_id: i64) -> MarketingContact {
        use super::access::{may_read_all, PersonalDetail};
        const CONTACT: [PersonalDetail; 2] =
            [PersonalDetail::AlternateEmail, PersonalDetail::Phone];
        if !may_read_all(roles, caller_id, &CONTACT, self.user_id) {
            self.details = None;
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Roles;

    #[test]
    fn colleagues_see_who_the_contact_is_but_not_how_to_reach_them_privately() {
        let contact = MarketingContact {
            user_id: 7,
            person: Person {
                name: "Choi Yu-na".into(),
                email: "yuna@contoso.example".into(),
            },
            details: Some(ContactDetails {
                alternate_email: "yuna@personal.example".into(),
                phone: "+82 2 1234 5678".into(),
            }),
            preferred_language: "ko".into(),
            updated_at: 0,
        };
        let employee = contact.clone().shaped_for(Roles::EMPLOYEE, 3);
        assert_eq!(employee.details, None);
        assert_eq!(employee.person, contact.person);
        assert_eq!(contact.clone().shaped_for(Roles::EMPLOYEE, 7), contact);
        assert_eq!(
            contact.clone().shaped_for(Roles::MPN_PARTNER_ADMIN, 3),
            contact
        );
    }
}
