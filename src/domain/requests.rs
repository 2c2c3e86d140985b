//! Service requests: advisory hours, cancellations and support incidents, as filed and as they
//! move from open to resolved.
//!
//! Its words (kinds, statuses, a cancellation's title) are shown by the Service requests pages
//! and the server's export only, so build.rs compiles them with the rest of the app's texts:
//! i18n: its texts are shown only with the rest (ui::lazy::more).

use crate::i18n::{t, tf, Key, Lang};
use serde::{Deserialize, Serialize};

/// Where a request stands. Stored and sent as its snake_case code (`in_progress`); this is the
/// one place codes are mapped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Open,
    InProgress,
    Resolved,
    Refunded,
    Rejected,
    Withdrawn,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 6] = [
        RequestStatus::Open,
        RequestStatus::InProgress,
        RequestStatus::Resolved,
        RequestStatus::Refunded,
        RequestStatus::Rejected,
        RequestStatus::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RequestStatus::Open => "open",
            RequestStatus::InProgress => "in_progress",
            RequestStatus::Resolved => "resolved",
            RequestStatus::Refunded => "refunded",
            RequestStatus::Rejected => "rejected",
            RequestStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<RequestStatus> {
        RequestStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// What the page and the export call it.
    pub fn label(self, lang: Lang) -> &'static str {
        t(
            lang,
            match self {
                RequestStatus::Open => Key::RequestOpen,
                RequestStatus::InProgress => Key::RequestInProgress,
                RequestStatus::Resolved => Key::RequestResolved,
                RequestStatus::Refunded => Key::RequestRefunded,
                RequestStatus::Withdrawn => Key::RequestWithdrawn,
                RequestStatus::Rejected => Key::RequestRejected,
            },
        )
    }

    /// Still being worked on: it can be withdrawn, and it still holds what it reserved.
    pub fn is_open(self) -> bool {
        matches!(self, RequestStatus::Open | RequestStatus::InProgress)
    }
}

/// What a request asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    AdvisoryHours,
    Cancellation,
    SupportIncident,
}

impl RequestKind {
    pub const ALL: [RequestKind; 3] = [
        RequestKind::AdvisoryHours,
        RequestKind::Cancellation,
        RequestKind::SupportIncident,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RequestKind::AdvisoryHours => "advisory_hours",
            RequestKind::Cancellation => "cancellation",
            RequestKind::SupportIncident => "support_incident",
        }
    }

    pub fn from_code(code: &str) -> Option<RequestKind> {
        RequestKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// What the page and the export call it.
    pub fn label(self, lang: Lang) -> &'static str {
        t(
            lang,
            match self {
                RequestKind::Cancellation => Key::KindCancellation,
                RequestKind::SupportIncident => Key::KindIncident,
                RequestKind::AdvisoryHours => Key::KindAdvisory,
            },
        )
    }

    /// Whether filing it reserves some of a benefit (hours, an incident) until it is withdrawn
    /// or rejected.
    pub fn reserves(self) -> bool {
        matches!(
            self,
            RequestKind::AdvisoryHours | RequestKind::SupportIncident
        )
    }
}

/// A filed service request, as listed and as returned when it is created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRequestRow {
    pub id: i64,
    pub case_number: String,
    pub kind: RequestKind,
    pub status: RequestStatus,
    pub title: String,
    pub filed_by: String,
    /// Unix seconds.
    pub created_at: i64,
    pub updated_at: i64,
    pub hours: Option<i64>,
    /// The package or benefit it is about.
    pub about: Option<String>,
    /// How it was resolved (refunds, rejections).
    pub resolution: Option<String>,
}

impl ServiceRequestRow {
    /// Its title in the reader's language: a cancellation's was made by the system from the
    /// package ("Cancel Microsoft Action Pack for a refund") and is made again for whoever reads
    /// it, on the page and in the export; a title a person typed is theirs, as typed.
    pub fn title_in(&self, lang: Lang) -> String {
        match (self.kind, &self.about) {
            (RequestKind::Cancellation, Some(package)) => {
                tf(lang, Key::CancelPackageTitle, &[("package", package)])
            }
            _ => self.title.clone(),
        }
    }
}

/// One status a request went through.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestEvent {
    pub status: RequestStatus,
    pub note: Option<String>,
    /// Who moved it there; None for Partner Benefits' own staff.
    pub by: Option<String>,
    /// Unix seconds.
    pub at: i64,
}

/// Everything about one request: what was asked, why, and what happened since.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRequestDetail {
    pub request: ServiceRequestRow,
    pub description: String,
    pub phase: Option<String>,
    pub product: Option<String>,
    pub contact_phone: Option<String>,
    pub time_zone: Option<String>,
    pub history: Vec<RequestEvent>,
    /// Whether the caller may withdraw it now (open, and theirs or they are a Global admin).
    pub may_withdraw: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cancellation_is_titled_in_the_readers_language_a_typed_title_as_typed() {
        let row = |kind, typed: &str| ServiceRequestRow {
            id: 1,
            case_number: "2612080000001".into(),
            kind,
            status: RequestStatus::Open,
            title: typed.into(),
            filed_by: "Grace Admin".into(),
            created_at: 0,
            updated_at: 0,
            hours: None,
            about: Some("Microsoft Action Pack".into()),
            resolution: None,
        };
        let filed = row(
            RequestKind::Cancellation,
            "Cancel Microsoft Action Pack for a refund",
        );
        assert_eq!(
            filed.title_in(Lang::En),
            "Cancel Microsoft Action Pack for a refund"
        );
        let korean = filed.title_in(Lang::Ko);
        assert!(
            korean.contains("Microsoft Action Pack") && !korean.contains("Cancel"),
            "{korean}"
        );
        let typed = row(RequestKind::SupportIncident, "Cluster fails over");
        assert_eq!(typed.title_in(Lang::Ko), "Cluster fails over");
    }

    #[test]
    fn codes_read_back_and_are_what_the_wire_and_the_database_carry() {
        for s in RequestStatus::ALL {
            assert_eq!(RequestStatus::from_code(s.code()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.code())
            );
        }
        for k in RequestKind::ALL {
            assert_eq!(RequestKind::from_code(k.code()), Some(k));
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.code())
            );
        }
        assert_eq!(RequestStatus::from_code("OPEN"), None);
    }
}
