//! Notifications: the emails the product sent, as people may read them. The roles table
//! ("Notifications") is this module: a Global admin reads every email of the company, an MPN
//! partner admin those about go-to-market benefits and their own, anyone else their own. A
//! secret an email carried (an invitation link) is never in what anyone reads: the stored copy
//! shows it redacted, and only the mail transport gets the deliverable text.

use super::Roles;
use serde::{Deserialize, Serialize};

/// What an email is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Topic {
    /// An invitation to set a password (carries a one-time link: redacted when stored).
    Invitation,
    /// A Visual Studio seat given or taken.
    Seat,
    /// Technical benefit instructions and activation.
    Technical,
    /// The marketing contact and go-to-market activations.
    GoToMarket,
    /// Advisory hours requests.
    Advisory,
    /// Cancellations and refunds of packages.
    Cancellation,
    /// Anything else about the person's account.
    Account,
    /// A benefit of the company ends soon (to Global admins).
    Expiry,
}

impl Topic {
    pub const ALL: [Topic; 8] = [
        Topic::Invitation,
        Topic::Seat,
        Topic::Technical,
        Topic::GoToMarket,
        Topic::Advisory,
        Topic::Cancellation,
        Topic::Account,
        Topic::Expiry,
    ];

    /// The stored form (the `emails.topic` column).
    pub fn code(self) -> &'static str {
        match self {
            Topic::Invitation => "invitation",
            Topic::Seat => "seat",
            Topic::Technical => "technical",
            Topic::GoToMarket => "go_to_market",
            Topic::Advisory => "advisory",
            Topic::Cancellation => "cancellation",
            Topic::Account => "account",
            Topic::Expiry => "expiry",
        }
    }

    pub fn from_code(code: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.code() == code)
    }
}

/// Which stored emails a person may list: the same rule as [`may_read`], in the form a query
/// needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every email of the company.
    Company,
    /// Go-to-market emails, and those addressed to the person.
    GoToMarketAndOwn,
    /// Those addressed to the person.
    Own,
}

pub fn scope(roles: Roles) -> Scope {
    if roles.global_admin {
        Scope::Company
    } else if roles.mpn_partner_admin {
        Scope::GoToMarketAndOwn
    } else {
        Scope::Own
    }
}

/// May someone with `roles` read an email about `topic`, addressed to them or not?
pub fn may_read(roles: Roles, topic: Topic, addressed_to_them: bool) -> bool {
    match scope(roles) {
        Scope::Company => true,
        Scope::GoToMarketAndOwn => addressed_to_them || topic == Topic::GoToMarket,
        Scope::Own => addressed_to_them,
    }
}

/// Where an email stands in the outbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Delivery {
    /// No mail server is configured: the email is recorded here only.
    Recorded,
    /// Waiting for the mail server (or for its next try after a failure).
    Queued,
    /// A mail server accepted it.
    Sent,
    /// The mail server refused it, or every try failed: it will not be sent.
    Failed,
    /// Replaced by a newer email (a resent invitation) before it went out.
    Withdrawn,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailRow {
    pub id: i64,
    pub to: String,
    pub topic: Topic,
    pub subject: String,
    pub body: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Delivered through SMTP (None when only stored).
    pub sent_at: Option<i64>,
    pub delivery: Delivery,
    /// How many times the mail server was tried.
    pub attempts: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailPage {
    pub emails: Vec<EmailRow>,
    pub has_more: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notifications_row_of_the_roles_table_holds() {
        for topic in Topic::ALL {
            assert!(may_read(Roles::GLOBAL_ADMIN, topic, false), "{topic:?}");
            assert!(may_read(Roles::EMPLOYEE, topic, true), "{topic:?}");
            assert!(!may_read(Roles::EMPLOYEE, topic, false), "{topic:?}");
            assert!(may_read(Roles::MPN_PARTNER_ADMIN, topic, true), "{topic:?}");
            assert_eq!(
                may_read(Roles::MPN_PARTNER_ADMIN, topic, false),
                topic == Topic::GoToMarket,
                "{topic:?}"
            );
        }
        // Nobody but a Global admin reads another person's invitation.
        assert!(!may_read(
            Roles::MPN_PARTNER_ADMIN,
            Topic::Invitation,
            false
        ));
    }

    #[test]
    fn topics_round_trip_through_their_stored_form() {
        for topic in Topic::ALL {
            assert_eq!(Topic::from_code(topic.code()), Some(topic));
        }
        assert_eq!(Topic::from_code("nonsense"), None);
    }
}
