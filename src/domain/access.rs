//! Roles and the permission table. The server calls [`authorize`] in every server function; the
//! client calls the same function only to grey out controls and explain why.

use crate::i18n::{t, tf, Key, Lang};
use serde::{Deserialize, Serialize};

/// The admin roles a user can hold. A user with neither is an ordinary employee.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roles {
    pub global_admin: bool,
    pub mpn_partner_admin: bool,
}

impl Roles {
    pub const EMPLOYEE: Roles = Roles {
        global_admin: false,
        mpn_partner_admin: false,
    };
    pub const GLOBAL_ADMIN: Roles = Roles {
        global_admin: true,
        mpn_partner_admin: false,
    };
    pub const MPN_PARTNER_ADMIN: Roles = Roles {
        global_admin: false,
        mpn_partner_admin: true,
    };

    /// A Global admin or an MPN partner admin.
    pub fn is_admin(self) -> bool {
        self.global_admin || self.mpn_partner_admin
    }

    /// Role names, for the header and the user list.
    pub fn label(self, lang: Lang) -> String {
        match (self.global_admin, self.mpn_partner_admin) {
            (true, true) => format!(
                "{}, {}",
                t(lang, Key::RoleGlobalAdmin),
                t(lang, Key::RoleMpnPartnerAdmin)
            ),
            (true, false) => t(lang, Key::RoleGlobalAdmin).to_string(),
            (false, true) => t(lang, Key::RoleMpnPartnerAdmin).to_string(),
            (false, false) => t(lang, Key::RoleEmployee).to_string(),
        }
    }
}

/// Everything a user can try to do. One row of the product's roles table each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    ViewBenefits,
    Purchase,
    GetKeys,
    AssignUsers,
    ManageGoToMarket,
    RequestAdvisoryHours,
    RequestCancellation,
    ManageUsers,
    /// The Notifications page. Everyone may open it; what each person reads there is decided by
    /// `domain::notifications::may_read` (all, go-to-market and own, or own).
    ViewNotifications,
    /// The audit trail: who did what to the company's benefits and people.
    ViewAuditTrail,
    /// Taking the company's data out as files: users, assignments, service requests.
    ExportData,
    /// When the company's Global admins are reminded that benefits end.
    ManageReminders,
    /// Everything another person of the company holds (the person view). Anyone may see their
    /// own: `domain::person::may_view`.
    ViewPeople,
    /// The company's directory (search by name or email, with roles and status): for those who
    /// pick people (seats, the marketing contact), not for every employee.
    SearchPeople,
}

/// Who may perform an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    Everyone,
    Admins,
    GlobalAdmins,
}

impl Action {
    pub const ALL: [Action; 14] = [
        Action::ViewBenefits,
        Action::Purchase,
        Action::GetKeys,
        Action::AssignUsers,
        Action::ManageGoToMarket,
        Action::RequestAdvisoryHours,
        Action::RequestCancellation,
        Action::ManageUsers,
        Action::ViewNotifications,
        Action::ViewAuditTrail,
        Action::ExportData,
        Action::ManageReminders,
        Action::ViewPeople,
        Action::SearchPeople,
    ];

    /// The permission table (PRODUCT.md, "Roles and what they may do").
    pub fn audience(self) -> Audience {
        match self {
            Action::ViewBenefits
            | Action::Purchase
            | Action::RequestAdvisoryHours
            | Action::ViewNotifications => Audience::Everyone,
            Action::GetKeys
            | Action::ManageGoToMarket
            | Action::RequestCancellation
            | Action::ViewAuditTrail
            | Action::ExportData
            | Action::ViewPeople
            | Action::SearchPeople => Audience::Admins,
            Action::AssignUsers | Action::ManageUsers | Action::ManageReminders => {
                Audience::GlobalAdmins
            }
        }
    }

    pub fn allowed(self, roles: Roles) -> bool {
        match self.audience() {
            Audience::Everyone => true,
            Audience::Admins => roles.is_admin(),
            Audience::GlobalAdmins => roles.global_admin,
        }
    }

    /// What the action is, completing "Only a Global admin can …".
    fn phrase(self) -> Key {
        match self {
            Action::ViewBenefits => Key::ActionViewBenefits,
            Action::Purchase => Key::ActionPurchase,
            Action::GetKeys => Key::ActionGetKeys,
            Action::AssignUsers => Key::ActionAssignUsers,
            Action::ManageGoToMarket => Key::ActionManageGoToMarket,
            Action::RequestAdvisoryHours => Key::ActionRequestAdvisoryHours,
            Action::RequestCancellation => Key::ActionRequestCancellation,
            Action::ManageUsers => Key::ActionManageUsers,
            Action::ViewNotifications => Key::ActionViewNotifications,
            Action::ViewAuditTrail => Key::ActionViewAuditTrail,
            Action::ExportData => Key::ActionExportData,
            Action::ManageReminders => Key::ActionManageReminders,
            Action::ViewPeople => Key::ActionViewPeople,
            Action::SearchPeople => Key::ActionSearchPeople,
        }
    }

    /// Why someone without the right role may not do this, in words a person understands.
    pub fn denial_reason(self, lang: Lang) -> String {
        let who = match self.audience() {
            Audience::Everyone => Key::DenyEveryone,
            Audience::Admins => Key::DenyAdmins,
            Audience::GlobalAdmins => Key::DenyGlobalAdmins,
        };
        tf(lang, who, &[("action", t(lang, self.phrase()))])
    }
}

/// What a person's colleagues may not read about them. Anyone of the company sees who holds a
/// benefit (name and work email); these are for admins and the person themselves. Every
/// answer that carries one of them is shaped by [`may_read`] (the benefit rows' holders, the
/// marketing contact, a service request's details); the directory that lists roles and
/// status is for admins (`Action::SearchPeople`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PersonalDetail {
    /// An alternate (often personal) email given for a technical benefit or go-to-market.
    AlternateEmail,
    /// When they last signed in.
    LastSignIn,
    /// Whether their account is invited (no password yet) or deactivated.
    AccountStatus,
    /// A phone number to reach them (the marketing contact's, a service request's).
    Phone,
    /// What they wrote in a service request they filed.
    RequestText,
}

impl PersonalDetail {
    pub const ALL: [PersonalDetail; 5] = [
        PersonalDetail::AlternateEmail,
        PersonalDetail::LastSignIn,
        PersonalDetail::AccountStatus,
        PersonalDetail::Phone,
        PersonalDetail::RequestText,
    ];

    /// Who besides the person themselves may read it.
    pub fn audience(self) -> Audience {
        match self {
            PersonalDetail::AlternateEmail
            | PersonalDetail::LastSignIn
            | PersonalDetail::AccountStatus
            | PersonalDetail::Phone
            | PersonalDetail::RequestText => Audience::Admins,
        }
    }
}

/// Whether the caller (`roles`, `caller_id`) may read `detail` about the person `subject_id`:
/// always their own, someone else's as the table says.
pub fn may_read(roles: Roles, caller_id: i64, detail: PersonalDetail, subject_id: i64) -> bool {
    caller_id == subject_id
        || match detail.audience() {
            Audience::Everyone => true,
            Audience::Admins => roles.is_admin(),
            Audience::GlobalAdmins => roles.global_admin,
        }
}

/// Whether the caller may read every one of `details` about `subject_id` (an answer that
/// carries them together shows all or none).
pub fn may_read_all(
    roles: Roles,
    caller_id: i64,
    details: &[PersonalDetail],
    subject_id: i64,
) -> bool {
    details
        .iter()
        .all(|d| may_read(roles, caller_id, *d, subject_id))
}

/// Who may withdraw a service request while it is open: the person who filed it, or a Global
/// admin (who answers for the company's requests).
pub fn may_withdraw(roles: Roles, filed_it: bool) -> bool {
    filed_it || roles.global_admin
}

/// The check every server function makes. `Err` carries the action, so the error can explain.
pub fn authorize(roles: Roles, action: Action) -> Result<(), Action> {
    if action.allowed(roles) {
        Ok(())
    } else {
        Err(action)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_roles_table_holds() {
        let both = Roles {
            global_admin: true,
            mpn_partner_admin: true,
        };
        // (action, global admin, MPN partner admin, employee)
        let table = [
            (Action::ViewBenefits, true, true, true),
            (Action::Purchase, true, true, true),
            (Action::GetKeys, true, true, false),
            (Action::AssignUsers, true, false, false),
            (Action::ManageGoToMarket, true, true, false),
            (Action::RequestAdvisoryHours, true, true, true),
            (Action::RequestCancellation, true, true, false),
            (Action::ManageUsers, true, false, false),
            (Action::ViewNotifications, true, true, true),
            (Action::ViewAuditTrail, true, true, false),
            (Action::ExportData, true, true, false),
            (Action::ManageReminders, true, false, false),
            (Action::ViewPeople, true, true, false),
            (Action::SearchPeople, true, true, false),
        ];
        assert_eq!(table.len(), Action::ALL.len());
        for (action, ga, mpa, emp) in table {
            assert_eq!(
                action.allowed(Roles::GLOBAL_ADMIN),
                ga,
                "{action:?} global admin"
            );
            assert_eq!(
                action.allowed(Roles::MPN_PARTNER_ADMIN),
                mpa,
                "{action:?} MPN admin"
            );
            assert_eq!(action.allowed(Roles::EMPLOYEE), emp, "{action:?} employee");
            assert!(action.allowed(both), "{action:?} both roles");
        }
    }

    #[test]
    fn personal_details_are_for_admins_and_the_person_themselves() {
        for detail in PersonalDetail::ALL {
            assert!(may_read(Roles::GLOBAL_ADMIN, 1, detail, 2), "{detail:?}");
            assert!(
                may_read(Roles::MPN_PARTNER_ADMIN, 1, detail, 2),
                "{detail:?}"
            );
            assert!(!may_read(Roles::EMPLOYEE, 1, detail, 2), "{detail:?}");
            assert!(may_read(Roles::EMPLOYEE, 2, detail, 2), "{detail:?} own");
        }
    }

    #[test]
    fn an_employee_is_told_who_can_get_keys() {
        assert_eq!(
            authorize(Roles::EMPLOYEE, Action::GetKeys),
            Err(Action::GetKeys)
        );
        assert_eq!(
            Action::GetKeys.denial_reason(Lang::En),
            "Only a Global admin or an MPN partner admin can get product keys."
        );
        assert_eq!(
            Action::AssignUsers.denial_reason(Lang::En),
            "Only a Global admin can assign benefits."
        );
        assert!(Action::AssignUsers
            .denial_reason(Lang::Ko)
            .contains("전역 관리자"));
    }
}
