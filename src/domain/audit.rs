//! The audit trail: what can happen to a company's benefits, people and purchases (one code
//! per action, mapped here and nowhere else; the server stores the code), the filter an admin
//! narrows it with (parsed by the same code in the page, from the address bar, and on the
//! server).
//!
//! Its words (the actions' names) are shown by the audit page and the server's export only, so
//! build.rs compiles them with the rest of the app's texts, not into every first load:
//! i18n: its texts are shown only with the rest (ui::lazy::more).

use super::date::{Date, SECONDS_PER_DAY};
use super::format::query_escape;
use super::problem::{Problem, Problems};
use crate::i18n::Key;
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
    RemindersChanged,
    ExpiryReminderSent,
    CalendarFeedCreated,
    CalendarFeedRevoked,
}

impl AuditAction {
    /// A stored detail as a person reads it: a code becomes its name (a package bought from the
    /// catalogue, a go-to-market type); anything else (an email, a case number) as recorded.
    pub fn readable_detail(self, detail: String) -> String {
        let named = match self {
            AuditAction::PackagePurchased => {
                super::catalogue::find(&detail).map(|p| p.name.to_string())
            }
            AuditAction::GtmRequested | AuditAction::GtmActivated => {
                super::level::GtmType::from_code(&detail).map(|t| t.label().to_string())
            }
            _ => None,
        };
        named.unwrap_or(detail)
    }

    pub const ALL: [AuditAction; 28] = [
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
        AuditAction::RemindersChanged,
        AuditAction::ExpiryReminderSent,
        AuditAction::CalendarFeedCreated,
        AuditAction::CalendarFeedRevoked,
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
            AuditAction::RemindersChanged => "reminders_changed",
            AuditAction::ExpiryReminderSent => "expiry_reminder_sent",
            AuditAction::CalendarFeedCreated => "calendar_feed_created",
            AuditAction::CalendarFeedRevoked => "calendar_feed_revoked",
        }
    }

    pub fn from_code(code: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.code() == code)
    }

    /// What the page and the export call it.
    pub fn label(self) -> Key {
        match self {
            AuditAction::SeatAssigned => Key::AuditSeatAssigned,
            AuditAction::SeatRemoved => Key::AuditSeatRemoved,
            AuditAction::TechnicalAssigned => Key::AuditTechnicalAssigned,
            AuditAction::TechnicalActivated => Key::AuditTechnicalActivated,
            AuditAction::KeysRevealed => Key::AuditKeysRevealed,
            AuditAction::CloudActivated => Key::AuditCloudActivated,
            AuditAction::GtmRequested => Key::AuditGtmRequested,
            AuditAction::GtmActivated => Key::AuditGtmActivated,
            AuditAction::MarketingContactSet => Key::AuditMarketingContactSet,
            AuditAction::PackagePurchased => Key::AuditPackagePurchased,
            AuditAction::CancellationRequested => Key::AuditCancellationRequested,
            AuditAction::AdvisoryRequested => Key::AuditAdvisoryRequested,
            AuditAction::IncidentOpened => Key::AuditIncidentOpened,
            AuditAction::RequestWithdrawn => Key::AuditRequestWithdrawn,
            AuditAction::RequestInProgress => Key::AuditRequestInProgress,
            AuditAction::RequestResolved => Key::AuditRequestResolved,
            AuditAction::RequestRefunded => Key::AuditRequestRefunded,
            AuditAction::RequestRejected => Key::AuditRequestRejected,
            AuditAction::UserAdded => Key::AuditUserAdded,
            AuditAction::InvitationResent => Key::AuditInvitationResent,
            AuditAction::RolesChanged => Key::AuditRolesChanged,
            AuditAction::UserDeactivated => Key::AuditUserDeactivated,
            AuditAction::UserReactivated => Key::AuditUserReactivated,
            AuditAction::PasswordChanged => Key::AuditPasswordChanged,
            AuditAction::RemindersChanged => Key::AuditRemindersChanged,
            AuditAction::ExpiryReminderSent => Key::AuditExpiryReminderSent,
            AuditAction::CalendarFeedCreated => Key::AuditCalendarFeedCreated,
            AuditAction::CalendarFeedRevoked => Key::AuditCalendarFeedRevoked,
        }
    }
}

/// Entries per page of the audit trail.
pub const AUDIT_PAGE_SIZE: u32 = 50;

/// The most rows one CSV export holds (newest first); the filter narrows a longer trail.
pub const AUDIT_EXPORT_MAX: u32 = super::export::EXPORT_MAX_ROWS;

/// The audit trail's filter as the page's form and the address bar hold it: text, as typed.
/// Empty means "any".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilterForm {
    /// A user of the company: entries they did, or that were done to them.
    pub person: Option<i64>,
    pub benefit: Option<i64>,
    /// An [`AuditAction::code`].
    pub action: String,
    /// `YYYY-MM-DD`, the reader's day.
    pub from: String,
    pub to: String,
}

/// A parsed filter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub person: Option<i64>,
    pub benefit: Option<i64>,
    pub action: Option<AuditAction>,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

/// The furthest a time zone is from UTC, in minutes (UTC+14:00).
const MAX_OFFSET_MINUTES: i32 = 14 * 60;

impl AuditFilterForm {
    /// Every problem at once: a date that is not one, an end before the start, an unknown
    /// action.
    pub fn parse(&self) -> Result<AuditFilter, Problems> {
        let mut problems = Problems::default();
        let date = |s: &str| -> Result<Option<Date>, Problem> {
            let s = s.trim();
            if s.is_empty() {
                Ok(None)
            } else {
                Date::parse(s).map(Some).ok_or(Problem::NotADate)
            }
        };
        let from = problems.check("from", date(&self.from));
        let to = problems.check("to", date(&self.to));
        if let (Some(Some(from)), Some(Some(to))) = (from, to) {
            if to < from {
                problems.check::<()>("to", Err(Problem::DateRangeReversed));
            }
        }
        let action = problems.check(
            "action",
            match self.action.trim() {
                "" => Ok(None),
                code => AuditAction::from_code(code)
                    .map(Some)
                    .ok_or(Problem::UnknownChoice),
            },
        );
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(AuditFilter {
            person: self.person,
            benefit: self.benefit,
            action: action.flatten(),
            from: from.flatten(),
            to: to.flatten(),
        })
    }

    /// Reads the form back from an address's query (`?person=3&action=seat_assigned&…`),
    /// `get` giving each parameter. A person or benefit that is not a number is dropped:
    /// nobody types those, they come from links.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> AuditFilterForm {
        let id = |name: &str| get(name).and_then(|v| v.trim().parse::<i64>().ok());
        AuditFilterForm {
            person: id("person"),
            benefit: id("benefit"),
            action: get("action").unwrap_or_default(),
            from: get("from").unwrap_or_default(),
            to: get("to").unwrap_or_default(),
        }
    }

    /// The query (without `?`) that [`AuditFilterForm::from_query`] reads back, with the
    /// 1-based page when it is not the first; empty fields are left out.
    pub fn to_query(&self, page: u32) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(p) = self.person {
            pairs.push(("person", p.to_string()));
        }
        if let Some(b) = self.benefit {
            pairs.push(("benefit", b.to_string()));
        }
        for (name, value) in [
            ("action", &self.action),
            ("from", &self.from),
            ("to", &self.to),
        ] {
            if !value.trim().is_empty() {
                pairs.push((name, value.trim().to_string()));
            }
        }
        if page > 1 {
            pairs.push(("page", page.to_string()));
        }
        pairs
            .into_iter()
            .map(|(n, v)| format!("{n}={}", query_escape(&v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

impl AuditFilter {
    /// The half-open range of Unix seconds `[start, end)` the dates cover, from the start of
    /// `from` to the end of `to` as a reader `offset_minutes` east of UTC counts days.
    pub fn seconds(&self, offset_minutes: i32) -> (Option<i64>, Option<i64>) {
        let offset = offset_minutes.clamp(-MAX_OFFSET_MINUTES, MAX_OFFSET_MINUTES) as i64 * 60;
        let midnight = |d: Date| Date::from_unix(0).days_until(d) * SECONDS_PER_DAY - offset;
        (
            self.from.map(midnight),
            self.to.map(|d| midnight(d.add_days(1))),
        )
    }
}

/// A person an entry names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPerson {
    pub id: i64,
    pub name: String,
    pub email: String,
}

/// A benefit an entry names, with its page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditBenefit {
    pub id: i64,
    pub name: String,
    pub category: super::Category,
}

/// One thing that happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    /// Unix seconds.
    pub at: i64,
    /// Who did it; `None` when the product itself did (an activation that came through).
    pub actor: Option<AuditPerson>,
    pub action: AuditAction,
    pub benefit: Option<AuditBenefit>,
    /// The person it was done to (the seat holder, the user whose roles changed).
    pub subject: Option<AuditPerson>,
    /// What else identifies it: an email, a case number, a package code, never a secret.
    pub detail: Option<String>,
}

/// One page of the trail, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// How many entries the filter matches in all.
    pub total: u64,
    /// The filter's person, named (so a link with `?person=` shows who it is).
    pub person: Option<AuditPerson>,
}

#[cfg(test)]
mod tests {
    #[test]
    fn stored_codes_are_read_as_names() {
        assert_eq!(
            AuditAction::GtmRequested.readable_detail("gold_core".into()),
            "Gold Core"
        );
        assert_eq!(
            AuditAction::PackagePurchased.readable_detail("action_pack".into()),
            crate::domain::catalogue::find("action_pack").unwrap().name
        );
        assert_ne!(
            AuditAction::PackagePurchased.readable_detail("action_pack".into()),
            "action_pack"
        );
        // Not a code: as recorded.
        assert_eq!(
            AuditAction::SeatAssigned.readable_detail("kim@contoso.example".into()),
            "kim@contoso.example"
        );
    }

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

    fn form(from: &str, to: &str, action: &str) -> AuditFilterForm {
        AuditFilterForm {
            action: action.into(),
            from: from.into(),
            to: to.into(),
            ..Default::default()
        }
    }

    #[test]
    fn every_problem_of_the_filter_is_reported_at_once() {
        let problems = form("2026-13-01", "yesterday", "nope").parse().unwrap_err();
        let fields: Vec<_> = problems
            .0
            .iter()
            .map(|p| (p.field, p.problem.clone()))
            .collect();
        assert_eq!(
            fields,
            [
                ("from", Problem::NotADate),
                ("to", Problem::NotADate),
                ("action", Problem::UnknownChoice)
            ]
        );
        let reversed = form("2026-12-02", "2026-12-01", "").parse().unwrap_err();
        assert_eq!(reversed.get("to"), Some(&Problem::DateRangeReversed));
        assert!(form("2026-12-01", "2026-12-01", "seat_assigned")
            .parse()
            .is_ok());
        assert_eq!(form(" ", "", "").parse().unwrap(), AuditFilter::default());
    }

    #[test]
    fn a_day_is_the_readers_day() {
        let f = form("2026-12-02", "2026-12-02", "").parse().unwrap();
        let utc_midnight = 1_796_169_600; // 2026-12-02T00:00:00Z
        assert_eq!(
            f.seconds(0),
            (Some(utc_midnight), Some(utc_midnight + 86_400))
        );
        // Seoul, UTC+9: the day starts nine hours earlier in UTC.
        assert_eq!(
            f.seconds(540),
            (
                Some(utc_midnight - 32_400),
                Some(utc_midnight + 86_400 - 32_400)
            )
        );
        assert_eq!(AuditFilter::default().seconds(540), (None, None));
    }

    #[test]
    fn the_address_bar_holds_the_filter() {
        let f = AuditFilterForm {
            person: Some(12),
            benefit: None,
            action: "seat_assigned".into(),
            from: "2026-11-01".into(),
            to: String::new(),
        };
        let q = f.to_query(3);
        assert_eq!(q, "person=12&action=seat_assigned&from=2026-11-01&page=3");
        let pairs: Vec<(String, String)> = q
            .split('&')
            .filter_map(|p| p.split_once('='))
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let back = AuditFilterForm::from_query(|n| {
            pairs.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone())
        });
        assert_eq!(back, f);
        assert_eq!(AuditFilterForm::default().to_query(1), "");
        assert_eq!(query_escape("a b&c=d"), "a%20b%26c%3Dd");
    }
}
