//! The audit trail's vocabulary: what can happen to a company's benefits, people and
//! purchases. One code per action, mapped here and nowhere else; the server stores the code.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditAction {
    SeatAssigned,
    SeatRemoved,
    TechnicalAssigned,
    TechnicalActivated,
    KeysRevealed,
    CloudActivated,
    GtmRequested,
    GtmActivated,
    MarketingContactSet,
    PackagePurchased,
    CancellationRequested,
    AdvisoryRequested,
    IncidentOpened,
    RequestWithdrawn,
    RequestInProgress,
    RequestResolved,
    RequestRefunded,
    RequestRejected,
    UserAdded,
    InvitationResent,
    RolesChanged,
    UserDeactivated,
    UserReactivated,
    PasswordChanged,
}

impl AuditAction {
    pub const ALL: [AuditAction; 24] = [
        AuditAction::SeatAssigned,
        AuditAction::SeatRemoved,
        AuditAction::TechnicalAssigned,
        AuditAction::TechnicalActivated,
        AuditAction::KeysRevealed,
        AuditAction::CloudActivated,
        AuditAction::GtmRequested,
        AuditAction::GtmActivated,
        AuditAction::MarketingContactSet,
        AuditAction::PackagePurchased,
        AuditAction::CancellationRequested,
        AuditAction::AdvisoryRequested,
        AuditAction::IncidentOpened,
        AuditAction::RequestWithdrawn,
        AuditAction::RequestInProgress,
        AuditAction::RequestResolved,
        AuditAction::RequestRefunded,
        AuditAction::RequestRejected,
        AuditAction::UserAdded,
        AuditAction::InvitationResent,
        AuditAction::RolesChanged,
        AuditAction::UserDeactivated,
        AuditAction::UserReactivated,
        AuditAction::PasswordChanged,
    ];

    /// The stored code (kept as the rows written before this enum existed spell them).
    pub fn code(self) -> &'static str {
        match self {
            AuditAction::SeatAssigned => "seat_assigned",
            AuditAction::SeatRemoved => "seat_removed",
            AuditAction::TechnicalAssigned => "technical_assigned",
            AuditAction::TechnicalActivated => "technical_activated",
            AuditAction::KeysRevealed => "keys_revealed",
            AuditAction::CloudActivated => "cloud_activated",
            AuditAction::GtmRequested => "gtm_requested",
            AuditAction::GtmActivated => "gtm_activated",
            AuditAction::MarketingContactSet => "marketing_contact_set",
            AuditAction::PackagePurchased => "package_purchased",
            AuditAction::CancellationRequested => "cancellation_requested",
            AuditAction::AdvisoryRequested => "advisory_requested",
            AuditAction::IncidentOpened => "incident_opened",
            AuditAction::RequestWithdrawn => "request_withdrawn",
            AuditAction::RequestInProgress => "request_in_progress",
            AuditAction::RequestResolved => "request_resolved",
            AuditAction::RequestRefunded => "request_refunded",
            AuditAction::RequestRejected => "request_rejected",
            AuditAction::UserAdded => "user_added",
            AuditAction::InvitationResent => "invitation_resent",
            AuditAction::RolesChanged => "roles_changed",
            AuditAction::UserDeactivated => "user_deactivated",
            AuditAction::UserReactivated => "user_reactivated",
            AuditAction::PasswordChanged => "password_changed",
        }
    }

    pub fn from_code(code: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_its_own_code_and_reads_back() {
        let mut codes = std::collections::HashSet::new();
        for a in AuditAction::ALL {
            assert!(codes.insert(a.code()), "{a:?} shares its code");
            assert_eq!(AuditAction::from_code(a.code()), Some(a));
        }
        assert_eq!(AuditAction::from_code("nope"), None);
    }
}
