//! The person view: every benefit one person of the company holds (Visual Studio seats,
//! technical benefits, cloud subscriptions they own) and whether they are the marketing
//! contact, with the seats' remove and reassign at hand. Made from the same rows the Benefits
//! page lists, so the two cannot disagree.

use super::benefits::{BenefitRow, Category};
use super::users::UserRow;
use super::{Action, Roles};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonView {
    pub user: UserRow,
    /// When they last signed in (Unix seconds); `None`: never.
    pub last_sign_in_at: Option<i64>,
    /// What they hold, by category (the Benefits page's tab order), then by name.
    pub holdings: Vec<BenefitRow>,
    /// The company's marketing contact is this person.
    pub marketing_contact: bool,
}

/// Who may see what `person_id` holds: an admin anyone of the company, anyone else themselves.
pub fn may_view(roles: Roles, caller_id: i64, person_id: i64) -> bool {
    caller_id == person_id || Action::ViewPeople.allowed(roles)
}

/// The rows `user_id` holds, in the order the person view lists them.
pub fn holdings_of(rows: Vec<BenefitRow>, user_id: i64) -> Vec<BenefitRow> {
    let mut held: Vec<BenefitRow> = rows
        .into_iter()
        .filter(|r| r.assignees.iter().any(|a| a.user_id == user_id))
        .collect();
    let tab = |c: Category| Category::ALL.iter().position(|x| *x == c);
    held.sort_by(|a, b| {
        tab(a.category)
            .cmp(&tab(b.category))
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
            .then(a.id.cmp(&b.id))
    });
    held
}

/// The address of a person's view.
pub fn href(user_id: i64) -> String {
    format!("/settings/users/{user_id}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::benefits::{Assignee, BenefitStatus, Unit};
    use crate::domain::Date;

    fn row(id: i64, category: Category, name: &str, holders: &[i64]) -> BenefitRow {
        BenefitRow {
            id,
            category,
            cloud_kind: None,
            name: name.to_string(),
            package_id: 1,
            package_name: "Gold".to_string(),
            quantity: 5,
            unit: Unit::Seats,
            used: holders.len() as i64,
            status: BenefitStatus::Active,
            expires_on: Date::parse("2027-06-30").unwrap(),
            key_count: 0,
            portal_url: None,
            activated_by: None,
            activated_at: None,
            download_count: 0,
            assignees: holders
                .iter()
                .map(|&user_id| Assignee {
                    user_id,
                    name: format!("User {user_id}"),
                    email: format!("u{user_id}@contoso.example"),
                    assigned_at: 0,
                    details: None,
                })
                .collect(),
            access_id: None,
            contract_id: None,
            gtm: vec![],
            refund_days_left: None,
            keys_revealed: false,
        }
    }

    #[test]
    fn a_person_holds_the_rows_naming_them_in_tab_order_then_by_name() {
        let rows = vec![
            row(1, Category::Technical, "Product support incidents", &[7]),
            row(
                2,
                Category::VisualStudio,
                "visual Studio Professional",
                &[7, 8],
            ),
            row(3, Category::VisualStudio, "Visual Studio Enterprise", &[8]),
            row(4, Category::Cloud, "Azure DevOps", &[7]),
            row(5, Category::VisualStudio, "Visual Studio Enterprise", &[7]),
        ];
        let ids: Vec<i64> = holdings_of(rows, 7).iter().map(|r| r.id).collect();
        assert_eq!(ids, [4, 5, 2, 1]);
    }

    #[test]
    fn an_admin_sees_anyone_and_anyone_else_themselves() {
        assert!(may_view(Roles::GLOBAL_ADMIN, 1, 2));
        assert!(may_view(Roles::MPN_PARTNER_ADMIN, 1, 2));
        assert!(!may_view(Roles::EMPLOYEE, 1, 2));
        assert!(may_view(Roles::EMPLOYEE, 2, 2));
    }
}
